"""The public site for 10,000 generated journeys, measured as a user runs it (the whole
`omcreport build --only site` command), side by side with Hugo and MkDocs building one
plain Markdown page per tracking page with the same text.

Scenarios, each the median of OMC_BENCH_REPEATS (default 3) runs interleaved with the
anchors' runs so that a busy moment of the machine hits every tool alike:
- from scratch (no site, an empty cache), with `--jobs 1` and `--jobs 2`, and Hugo and
  MkDocs (a one-page nav) from scratch;
- a rebuild with nothing changed (same content, same as-of);
- one journey changed; 2 % of the journeys changed (a nightly import's share);
- the as-of one hour later, crossing no promise (tracking pages are kept as they are).

Then each goal of the performance issue as a ratio with its anchor. Hugo comes from
Debian's package (installed with apt-get when absent and allowed), MkDocs from pip in a
throwaway venv; an anchor that cannot be installed is reported as missing, not guessed.
OMC_BENCH_JOURNEYS overrides the journey count for a quick trial.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from benchmarks.generate import generate
from benchmarks.run import Measurement, Report, measure_command

JOURNEYS = int(os.environ.get("OMC_BENCH_JOURNEYS", "10000"))
REPEATS = int(os.environ.get("OMC_BENCH_REPEATS", "3"))
AS_OF = "2027-01-01T00:00:00+00:00"
LATER = "2027-01-01T01:00:00+00:00"

# (figure, anchor, at most / at least, bound): the goals, each a ratio of medians.
GOALS = (
    ("scratch-jobs2", "hugo", "at most", 2.0),
    ("mkdocs", "scratch-jobs2", "at least", 3.0),
    ("scratch-jobs2", "scratch-jobs1", "at most", 0.6),
    ("unchanged", "hugo", "at most", 0.25),
    ("one-changed", "hugo", "at most", 0.5),
)


def _omcreport(scratch: Path, jobs: int, as_of: str = AS_OF) -> list[str]:
    content = scratch / "content"
    return [
        sys.executable,
        "-m",
        "omcreport",
        "build",
        str(content),
        "--only",
        "site",
        "--as-of",
        as_of,
        "--jobs",
        str(jobs),
    ]


def _run(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> Measurement:
    result = measure_command(argv, cwd=cwd, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed:\n{(result.stdout + result.stderr)[-2000:]}")
    return result


def page_texts(content: Path) -> list[tuple[str, str]]:
    """(title, Markdown body) per public journey: the text its tracking page shows."""
    pages = []
    for path in sorted((content / "journeys").glob("*.yaml")):
        journey = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        if "public" not in journey:
            continue
        lines = [f"Order {journey['order']} for {journey['customer']['display_name']}.", ""]
        for visit in journey.get("stages", []):
            if visit.get("public_note"):
                lines.append(f"- {visit['stage']}: {visit['public_note']}")
            for event in visit.get("events", []):
                if event.get("public"):
                    lines.append(f"- {event['at']}: {event['note']}")
        pages.append((f"Order {journey['order']}", "\n".join(lines) + "\n"))
    return pages


def hugo_binary() -> str | None:
    found = shutil.which("hugo")
    if found is None and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], capture_output=True, check=False, timeout=600)
        found = shutil.which("hugo")
    return found


def mkdocs_binary(scratch: Path) -> str | None:
    venv = scratch / "mkdocs-venv"
    made = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, check=False, timeout=300)
    if made.returncode != 0:
        return None
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "mkdocs==1.6.*"]
    if subprocess.run(pip, capture_output=True, check=False, timeout=600).returncode != 0:
        return None
    return str(venv / "bin" / "mkdocs")


def hugo_site(scratch: Path, pages: list[tuple[str, str]]) -> Path:
    site = scratch / "hugo"
    (site / "content" / "track").mkdir(parents=True)
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "https://example.com/"\ntitle = "bench"\n', encoding="utf-8")
    layout = "<!doctype html><title>{{ .Title }}</title><h1>{{ .Title }}</h1>{{ .Content }}\n"
    for name in ("single.html", "list.html"):
        (site / "layouts" / "_default" / name).write_text(layout, encoding="utf-8")
    for number, (title, body) in enumerate(pages):
        page = f'---\ntitle: "{title}"\n---\n{body}'
        (site / "content" / "track" / f"order-{number}.md").write_text(page, encoding="utf-8")
    return site


def mkdocs_site(scratch: Path, pages: list[tuple[str, str]]) -> Path:
    site = scratch / "mkdocs"
    (site / "docs" / "track").mkdir(parents=True)
    (site / "mkdocs.yml").write_text("site_name: bench\nnav:\n  - index.md\n", encoding="utf-8")
    (site / "docs" / "index.md").write_text("# bench\n", encoding="utf-8")
    for number, (title, body) in enumerate(pages):
        (site / "docs" / "track" / f"order-{number}.md").write_text(f"# {title}\n\n{body}", encoding="utf-8")
    return site


def change_journeys(content: Path, count: int, round_number: int) -> None:
    """Rename the customer of the first `count` public journeys: each page, JSON and feed change."""
    changed = 0
    for path in sorted((content / "journeys").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if "\npublic:" in text and "  display_name: " in text:
            head, rest = text.split("  display_name: ", 1)
            _, tail = rest.split("\n", 1)
            path.write_text(f'{head}  display_name: "Changed {round_number}-{changed}"\n{tail}', encoding="utf-8")
            changed += 1
            if changed == count:
                return
    raise RuntimeError(f"only {changed} public journeys to change")


def run(report: Report) -> None:
    with tempfile.TemporaryDirectory(prefix="omc-bench-site-") as name:
        scratch = Path(name)
        generate(scratch / "content", JOURNEYS, seed=0)
        pages = page_texts(scratch / "content")
        hugo = hugo_binary()
        mkdocs = mkdocs_binary(scratch)
        hugo_dir = hugo_site(scratch, pages)
        mkdocs_dir = mkdocs_site(scratch, pages)
        runs: dict[str, list[Measurement]] = {}

        def measure(label: str, measured: Measurement) -> None:
            runs.setdefault(label, []).append(measured)

        def fresh(jobs: int) -> Measurement:
            shutil.rmtree(scratch / "site", ignore_errors=True)
            shutil.rmtree(scratch / "reports", ignore_errors=True)
            shutil.rmtree(scratch / f"xdg-{jobs}", ignore_errors=True)
            return _run(
                _omcreport(scratch, jobs), scratch, {**os.environ, "XDG_CACHE_HOME": str(scratch / f"xdg-{jobs}")}
            )

        warm = {**os.environ, "XDG_CACHE_HOME": str(scratch / "xdg-2")}
        for round_number in range(REPEATS):
            measure("scratch-jobs1", fresh(1))
            if hugo is not None:
                out = scratch / "hugo-out"
                shutil.rmtree(out, ignore_errors=True)
                measure("hugo", _run([hugo, "--quiet", "--source", str(hugo_dir), "--destination", str(out)], scratch))
            if mkdocs is not None:
                measure("mkdocs", _run([mkdocs, "build", "-q", "-f", str(mkdocs_dir / "mkdocs.yml")], scratch))
            measure("scratch-jobs2", fresh(2))
            _run(_omcreport(scratch, 2), scratch, warm)  # its change feed now empty: the next is a no-op
            measure("unchanged", _run(_omcreport(scratch, 2), scratch, warm))
            change_journeys(scratch / "content", 1, round_number)
            measure("one-changed", _run(_omcreport(scratch, 2), scratch, warm))
            change_journeys(scratch / "content", max(1, JOURNEYS // 50), round_number + 100)
            measure("two-percent-changed", _run(_omcreport(scratch, 2), scratch, warm))
            measure("as-of-moved", _run(_omcreport(scratch, 2, LATER), scratch, warm))

        medians: dict[str, float] = {}
        for label, measured in runs.items():
            medians[label] = statistics.median(m.seconds for m in measured)
            report(
                label,
                medians[label],
                max(m.peak_mb for m in measured),
                runs=len(measured),
                cpu_s=round(statistics.median(m.cpu_seconds for m in measured), 2),
                journeys=JOURNEYS,
                pages=len(pages),
            )
        for figure, anchor, sense, bound in GOALS:
            if figure not in medians or anchor not in medians:
                report(f"goal {figure}/{anchor}", 0.0, 0.0, verdict="anchor missing")
                continue
            ratio = medians[figure] / medians[anchor]
            met = ratio <= bound if sense == "at most" else ratio >= bound
            report(
                f"goal {figure}/{anchor}",
                0.0,
                0.0,
                ratio=round(ratio, 2),
                goal=f"{sense} {bound}",
                verdict="met" if met else "missed",
            )
