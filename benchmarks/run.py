"""The benchmark harness that `make bench` runs (never in CI).

    python3 benchmarks/run.py [NAME ...]     # NAME filters modules: `check` runs bench_check.py

Discovers `benchmarks/bench_*.py`; each exposes `run(report)` and calls
`report(name, seconds, peak_mb, **extra)` once per figure, and raises RuntimeError when
the CLI fails (the harness reports it, runs the rest and exits 1). Benchmarks run the real CLI
in subprocesses through `measure_command`, which returns that one child's wall time and
peak resident memory (from `os.wait4`, so each run is measured on its own rather than
the running maximum of all children). Prints a table and writes benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
RESULTS_PATH = BENCH_DIR / "results.json"
FIXED_COLUMNS = frozenset({"module", "name", "seconds", "peak_mb"})


class Report(Protocol):
    def __call__(self, name: str, seconds: float, peak_mb: float, **extra: object) -> None: ...


@dataclass(frozen=True)
class Measurement:
    """One subprocess run: exit status, wall time, CPU time, peak resident memory and its output.

    CPU time (user + system) is the steadier figure on a shared machine, where wall time
    also counts waiting for a core.
    """

    returncode: int
    seconds: float
    cpu_seconds: float
    peak_mb: float
    stdout: str
    stderr: str


def measure_command(
    argv: Sequence[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> Measurement:
    """Run argv to completion; time it and read its peak RSS from the kernel's own accounting.

    The command is started from benchmarks/peak.py, a small fresh interpreter, so that its
    peak does not include this process's memory (see that module's docstring)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as scratch:
        result_path = Path(scratch) / "peak.json"
        launcher = [sys.executable, str(Path(__file__).with_name("peak.py")), str(result_path), *argv]
        child_env = dict(env) if env is not None else None
        started = time.perf_counter()
        subprocess.run(launcher, cwd=cwd, env=child_env, stdout=out, stderr=err, check=True)
        seconds = time.perf_counter() - started
        figures = json.loads(result_path.read_text())
        out.seek(0)
        err.seek(0)
        return Measurement(
            returncode=figures["returncode"],
            seconds=seconds,
            cpu_seconds=figures["cpu_seconds"],
            peak_mb=figures["peak_kb"] / 1024,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


@dataclass
class Recorder:
    """Collects figures for one module; `__call__` is the `report` a benchmark receives."""

    module: str
    rows: list[dict[str, object]] = field(default_factory=list)

    def __call__(self, name: str, seconds: float, peak_mb: float, **extra: object) -> None:
        row: dict[str, object] = {
            "module": self.module,
            "name": name,
            "seconds": round(seconds, 3),
            "peak_mb": round(peak_mb, 1),
        }
        row.update(sorted(extra.items()))
        self.rows.append(row)
        print(f"  {name}: {seconds:.3f} s, {peak_mb:.1f} MB", flush=True)


def discover(names: Sequence[str]) -> list[str]:
    """Module names of benchmarks/bench_*.py, sorted; filtered by the names given."""
    modules = sorted(path.stem for path in BENCH_DIR.glob("bench_*.py"))
    if names:
        wanted = {f"bench_{name.removeprefix('bench_')}" for name in names}
        unknown = sorted(wanted - set(modules))
        if unknown:
            raise SystemExit(f"no such benchmark: {', '.join(unknown)} (have: {', '.join(modules)})")
        modules = [module for module in modules if module in wanted]
    return modules


def format_table(rows: Sequence[Mapping[str, object]]) -> str:
    headers = ("benchmark", "seconds", "peak MB", "details")
    body = [
        (
            f"{row['module']}.{row['name']}",
            f"{row['seconds']:.3f}",
            f"{row['peak_mb']:.1f}",
            ", ".join(f"{key}={value}" for key, value in row.items() if key not in FIXED_COLUMNS),
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in (headers, *body)) for i in range(len(headers))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in (headers, *body)
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def run_all(
    modules: Sequence[str], load: Callable[[str], object] = importlib.import_module
) -> tuple[list[dict[str, object]], list[str]]:
    """Run each module; one whose CLI run fails (RuntimeError) is reported and the rest go on."""
    rows: list[dict[str, object]] = []
    failures: list[str] = []
    for module_name in modules:
        print(f"{module_name}:", flush=True)
        module = load(f"benchmarks.{module_name}")
        recorder = Recorder(module_name.removeprefix("bench_"))
        try:
            module.run(recorder)  # type: ignore[attr-defined]
        except RuntimeError as error:
            print(f"  FAILED: {error}", flush=True)
            failures.append(module_name)
        rows.extend(recorder.rows)
    return rows, failures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the omcreport benchmarks (benchmarks/bench_*.py).")
    parser.add_argument("names", nargs="*", help="only these benchmarks (e.g. check site)")
    args = parser.parse_args(argv)
    # Run as a script, the benchmarks package is importable only from the repository root.
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    rows, failures = run_all(discover(args.names))
    print()
    print(format_table(rows))
    results = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "system": platform.system()},
        "results": rows,
        "failed": failures,
    }
    RESULTS_PATH.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"\nwrote {RESULTS_PATH.relative_to(REPO_ROOT)}")
    if failures:
        print(f"failed: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
