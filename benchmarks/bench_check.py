"""`omcreport check` on 10,000 generated journeys: a cold run, a warm run over unchanged files,
and a warm run after one journey was edited (what a pre-commit hook sees).

The parse cache lives in a temporary XDG_CACHE_HOME (never inside the content folder), so
the first run starts cold and the second finds every file cached. OMC_BENCH_JOURNEYS
overrides the journey count for a quick trial.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from benchmarks.generate import generate
from benchmarks.run import Measurement, Report, measure_command

JOURNEYS = int(os.environ.get("OMC_BENCH_JOURNEYS", "10000"))


def check(content: Path, cache_home: Path) -> Measurement:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    command = shutil.which("omcreport") or "omcreport"
    result = measure_command([command, "check", str(content)], env=env)
    if result.returncode != 0:
        tail = (result.stdout + result.stderr)[-2000:]
        raise RuntimeError(f"omcreport check exited {result.returncode} on generated content:\n{tail}")
    return result


def run(report: Report) -> None:
    with tempfile.TemporaryDirectory(prefix="omc-bench-check-") as scratch:
        content = Path(scratch) / "content"
        cache_home = Path(scratch) / "cache"
        generate(content, JOURNEYS, seed=0)
        files = sum(1 for _ in content.rglob("*.yaml"))
        cold = check(content, cache_home)
        report("cold", cold.seconds, cold.peak_mb, cpu_s=round(cold.cpu_seconds, 2), journeys=JOURNEYS, files=files)
        warm = check(content, cache_home)
        report("warm", warm.seconds, warm.peak_mb, cpu_s=round(warm.cpu_seconds, 2), journeys=JOURNEYS, files=files)
        if warm.stdout != cold.stdout:
            raise RuntimeError("warm (cached) check printed something other than the cold one")
        # The pre-commit case: one journey edited since the last run.
        edited = min((content / "journeys").iterdir())
        text = edited.read_text(encoding="utf-8")
        edited.write_text(text.replace('title: "', 'title: "Revised: ', 1), encoding="utf-8")
        one_changed = check(content, cache_home)
        report(
            "warm_one_changed",
            one_changed.seconds,
            one_changed.peak_mb,
            cpu_s=round(one_changed.cpu_seconds, 2),
            journeys=JOURNEYS,
            files=files,
        )
