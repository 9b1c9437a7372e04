"""The public site for 10,000 generated journeys: from scratch, with nothing changed and
with one journey changed, with 1 and 2 jobs; and Hugo on as many plain pages.

Each figure is one child process measured on its own (wall time and peak resident
memory from `os.wait4`). The child loads the content (parse cache warm, so loading is
not what is measured, though it counts in the peak memory), then times `write_site` alone and
prints that time. The command line's own total for `omcreport build --only site` is
reported beside it. OMC_BENCH_JOURNEYS overrides the journey count for a quick trial.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from benchmarks.generate import generate
from benchmarks.run import Measurement, Report, measure_command

JOURNEYS = int(os.environ.get("OMC_BENCH_JOURNEYS", "10000"))
AS_OF = "2027-01-01T00:00:00+00:00"


def child(content: Path, out: Path, jobs: int, cache: Path, parse_cache: Path) -> None:
    """Run in a subprocess: load, then time write_site alone."""
    from omcreport.load import load_content
    from omcreport.site import write_site

    loaded = load_content(content, cache_dir=parse_cache)
    if loaded.content is None:
        raise SystemExit("generated content does not load:\n" + "\n".join(p.as_text() for p in loaded.problems[:20]))
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    started, cpu_started = time.perf_counter(), _cpu_seconds()
    write_site(loaded.content, datetime.fromisoformat(AS_OF), out, jobs=jobs, cache_dir=cache)
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu_started
    pages = sum(1 for _ in (out / "track").glob("*/index.html"))
    print(json.dumps({"site_seconds": seconds, "site_cpu_seconds": cpu, "pages": pages}))


def _cpu_seconds() -> float:
    """CPU time of this process and its finished workers: steadier than wall time on a busy machine."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def site_build(scratch: Path, jobs: int, cache: Path) -> tuple[Measurement, dict[str, float]]:
    argv = [
        sys.executable,
        "-m",
        "benchmarks.bench_site",
        str(scratch / "content"),
        str(scratch / "out"),
        str(jobs),
        str(cache),
        str(scratch / "parse-cache"),
    ]
    result = measure_command(argv, cwd=Path(__file__).resolve().parent.parent)
    if result.returncode != 0:
        raise RuntimeError(f"site build failed:\n{(result.stdout + result.stderr)[-2000:]}")
    return result, json.loads(result.stdout.strip().splitlines()[-1])


def change_one_journey(content: Path, round_number: int) -> None:
    """Rename the customer of the first public journey: its page, JSON and feed change."""
    for path in sorted((content / "journeys").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if "\npublic:" in text and "  display_name: " in text:
            head, rest = text.split("  display_name: ", 1)
            _, tail = rest.split("\n", 1)
            path.write_text(f'{head}  display_name: "Changed customer {round_number}"\n{tail}', encoding="utf-8")
            return
    raise RuntimeError("no public journey to change")


def cli_build(scratch: Path, jobs: int, cache_home: Path) -> Measurement:
    command = shutil.which("omcreport") or "omcreport"
    argv = [command, "build", str(scratch / "content"), "--only", "site", "--as-of", AS_OF, "--jobs", str(jobs)]
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    result = measure_command(argv, cwd=scratch, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"omcreport build failed:\n{(result.stdout + result.stderr)[-2000:]}")
    return result


def hugo(scratch: Path, pages: int) -> Measurement | None:
    binary = shutil.which("hugo")
    if binary is None:
        return None
    site = scratch / "hugo"
    (site / "content" / "track").mkdir(parents=True)
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "https://example.com/"\ntitle = "bench"\n', encoding="utf-8")
    layout = "<!doctype html><title>{{ .Title }}</title><h1>{{ .Title }}</h1>{{ .Content }}\n"
    (site / "layouts" / "_default" / "single.html").write_text(layout, encoding="utf-8")
    (site / "layouts" / "_default" / "list.html").write_text(layout, encoding="utf-8")
    for number in range(pages):
        body = f'---\ntitle: "Order {number}"\n---\nA plain page with **some** text for order {number}.\n'
        (site / "content" / "track" / f"order-{number}.md").write_text(body, encoding="utf-8")
    result = measure_command([binary, "--quiet", "--source", str(site), "--destination", str(scratch / "hugo-out")])
    return result if result.returncode == 0 else None


def run(report: Report) -> None:
    with tempfile.TemporaryDirectory(prefix="omc-bench-site-") as name:
        scratch = Path(name)
        generate(scratch / "content", JOURNEYS, seed=0)
        for jobs in (1, 2):
            cache = scratch / f"site-cache-{jobs}"
            for label in ("scratch", "unchanged", "one-changed"):
                if label == "one-changed":
                    change_one_journey(scratch / "content", jobs)
                measured, own = site_build(scratch, jobs, cache)
                report(
                    f"{label}-jobs{jobs}",
                    own["site_seconds"],
                    measured.peak_mb,
                    journeys=JOURNEYS,
                    pages=int(own["pages"]),
                    site_cpu_s=round(own["site_cpu_seconds"], 2),
                    child_wall_s=round(measured.seconds, 2),
                )
        cache_home = scratch / "xdg"
        for label in ("cli-scratch", "cli-unchanged"):
            measured = cli_build(scratch, 2, cache_home)
            report(f"{label}-jobs2", measured.seconds, measured.peak_mb, journeys=JOURNEYS, includes="load+site")
        pages = sum(1 for _ in (scratch / "out" / "track").glob("*/index.html"))
        measured_hugo = hugo(scratch, pages)
        if measured_hugo is not None:
            report("hugo-plain-pages", measured_hugo.seconds, measured_hugo.peak_mb, pages=pages)


if __name__ == "__main__":
    child(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4]), Path(sys.argv[5]))
