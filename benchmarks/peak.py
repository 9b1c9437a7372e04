"""Run a command from this small process and record its CPU time and peak memory.

Python starts children with vfork: until exec the child shares its parent's memory,
and Linux keeps that high-water mark across exec. Measured straight from a large
parent (the harness after generating 10,000 journeys), a command's peak RSS would
include the parent's. Started from this fresh interpreter instead, it includes only
a few megabytes of it.

Usage: python benchmarks/peak.py RESULT_JSON COMMAND [ARG ...]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def main() -> int:
    result_path, *argv = sys.argv[1:]
    process = subprocess.Popen(argv)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    Path(result_path).write_text(
        json.dumps(
            {
                "returncode": process.returncode,
                "cpu_seconds": usage.ru_utime + usage.ru_stime,
                "peak_kb": usage.ru_maxrss,  # Linux reports kilobytes
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
