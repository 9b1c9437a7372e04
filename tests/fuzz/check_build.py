"""`make fuzz`: mutate the sample content at random for a while, and for every mutation
run what `check` and `build` run: load and validate; when the content loads, write the
public site, every figure, the findings report's view and HTML, and each journey's.
Problems are the expected answer; an exception escaping as anything but a content error
is a bug, printed with its seed so it can be replayed.

    python3 -m tests.fuzz.check_build [SECONDS] [--seed N]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

from omcreport.analyze import findings, findings_json
from omcreport.asof import parse_as_of
from omcreport.errors import OmcError
from omcreport.load import load_content
from omcreport.reports.findings_view import findings_document
from omcreport.reports.journey_view import journey_document
from omcreport.reports.templating import render_html
from omcreport.reports.theme import theme_dir
from omcreport.site import write_site

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "content"
AS_OF = parse_as_of("2026-11-25T12:00:00Z")

# Values at and past every bound, and the traps of YAML 1.1, put in place of a value.
HOSTILE_VALUES = [
    "9998-12-30T23:59:59Z", "9998-12-31T23:59:59-14:00", "0002-01-02T00:00:00+14:00", "0001-01-01T00:00:00Z",
    "2026-02-30T00:00:00Z", "2026-11-25", "9998-12-31", "P36525D", "P36526D", "PT0S", '"' + "9" * 28 + '.00"',
    '"' + "9" * 31 + '"', '"-1"', "-1", "0", "0012", "1e999", ".nan", "yes", "no", "~", "null", "[]", "{}", "''",
    '"' + "[" * 200 + '"', '"' + "[" * 201 + '"', '"' + "> " * 21 + 'x"', '"\\u202e"', '"\\0"', '"&#8238;"',
    '"&#0;"', '"x" * 3', '"' + "x" * 5000 + '"', "*anchor", "&anchor x", "!!python/object:os.system x",
    '"javascript:alert(1)"', '"mailto:a@b.c"', '"https://u:p@evil.example/"', "cancelled", "completed", "open",
]  # fmt: skip


def _files(content: Path) -> list[Path]:
    return sorted(path for path in content.rglob("*.yaml") if path.is_file())


def mutate(content: Path, rng: random.Random) -> str:
    """One random change to one file; returns what it did."""
    path = rng.choice(_files(content))
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if not lines:
        return f"{path.name}: empty"
    index = rng.randrange(len(lines))
    choice = rng.randrange(7)
    if choice <= 2 and ":" in lines[index]:
        key, _, _ = lines[index].partition(":")
        lines[index] = f"{key}: {rng.choice(HOSTILE_VALUES)}\n"
        done = f"{path.name}:{index + 1} value"
    elif choice == 3:
        del lines[index]
        done = f"{path.name}:{index + 1} deleted"
    elif choice == 4:
        lines.insert(index, lines[rng.randrange(len(lines))])
        done = f"{path.name}:{index + 1} duplicated"
    elif choice == 5:
        other = rng.randrange(len(lines))
        lines[index], lines[other] = lines[other], lines[index]
        done = f"{path.name}:{index + 1} swapped with {other + 1}"
    else:
        lines[index] = " " * rng.choice([0, 1, 2, 4, 6]) + lines[index].lstrip()
        done = f"{path.name}:{index + 1} indented"
    path.write_text("".join(lines), encoding="utf-8")
    return done


def exercise(content: Path, out: Path) -> bool:
    """Everything check and build do short of the PDF engine; True when the content loaded clean."""
    loaded = load_content(content)
    if loaded.content is None:
        return False
    try:
        write_site(loaded.content, AS_OF, out / "site", jobs=1)
    except OmcError:
        return True
    figures = findings(loaded.content, AS_OF)
    findings_json(figures)
    folder = theme_dir()
    meta, context = findings_document(loaded.content, figures, AS_OF)
    render_html(folder, "findings.html", meta, context)
    per_journey = {f.order: f for f in figures.per_journey}
    for journey in loaded.content.journeys:
        journey_meta, journey_context = journey_document(journey, per_journey[journey.order], loaded.content, AS_OF)
        render_html(folder, "journey.html", journey_meta, {"j": journey_context})
    return True


def run(seconds: float, seed: int, *, quiet: bool = False) -> tuple[int, int, list[str]]:
    """(cases, cases that loaded clean, failures) within `seconds` from `seed`."""
    deadline = time.monotonic() + seconds
    cases = clean = 0
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="omcreport-fuzz-") as scratch:
        while time.monotonic() < deadline:
            case_seed = seed + cases
            rng = random.Random(case_seed)
            work = Path(scratch) / str(cases)
            shutil.copytree(SAMPLE, work / "content")
            changes = [mutate(work / "content", rng) for _ in range(rng.randint(1, 3))]
            try:
                clean += exercise(work / "content", work)
            except Exception:
                failures.append(f"seed {case_seed} ({'; '.join(changes)}):\n{traceback.format_exc()}")
            shutil.rmtree(work)
            cases += 1
            if not quiet and cases % 100 == 0:
                print(f"{cases} cases, {clean} clean, {len(failures)} tracebacks", file=sys.stderr)
    return cases, clean, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seconds", nargs="?", type=float, default=600.0)
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args()
    cases, clean, failures = run(options.seconds, options.seed)
    for failure in failures[:20]:
        print(failure)
    built = f"{clean} loaded clean and were built"
    print(f"fuzz: {cases} cases in {options.seconds:.0f} s ({built}), {len(failures)} tracebacks")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
