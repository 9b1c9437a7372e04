"""Every value `check` accepts, `build` can compute with: values at each bound of
omcreport.limits pass both, values past it are refused by `check` (OMC222) at the
value's position, and nothing ever prints a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from omcreport import limits

AS_OF = "9998-12-30T00:00:00Z"
JOURNEY = Path("content/journeys/SO-1001.yaml")


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "omcreport", *args],
        cwd=project,
        env={"XDG_CACHE_HOME": str(project / ".cache"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def edit(project: Path, old: str, new: str, path: Path = JOURNEY) -> None:
    file = project / path
    text = file.read_text()
    assert old in text
    file.write_text(text.replace(old, new, 1))


EVENTS = "    events:\n      - at: 2026-11-05T10:00:00Z\n        note: Despatched today.\n        public: true\n"


def many_events(count: int) -> str:
    lines = ["    events:"]
    for minute in range(count):
        lines += [f"      - at: 2026-11-03T{12 + minute // 60:02d}:{minute % 60:02d}:00Z", "        note: Scanned."]
    return "\n".join(lines) + "\n"


AT_THE_BOUND = [
    ("amount of 30 digits", 'amount: "1200.00"', 'amount: "' + "9" * 28 + '.00"'),
    ("target of 100 years", None, "P36525D"),
    ("500 events", EVENTS, many_events(limits.MAX_EVENTS_PER_VISIT)),
    (
        "a note of 200 links",
        "public_note: We have your order.",
        'public_note: "' + "[a](https://x.example/) " * limits.MAX_MARKDOWN_BRACKETS + '"',
    ),
    (
        "a note nested 20 levels",
        "public_note: We have your order.",
        'public_note: "' + "[" * limits.MAX_MARKDOWN_NESTING + "x" + "]" * limits.MAX_MARKDOWN_NESTING + '"',
    ),
]

PAST_THE_BOUND = [
    ("year 9999", "placed: 2026-11-02T09:00:00Z", "placed: 9999-01-01T00:00:00Z", 8, 9),
    ("year 1", "placed: 2026-11-02T09:00:00Z", "placed: 0001-06-01T00:00:00Z", 8, 9),
    ("year 9999 in UTC", "placed: 2026-11-02T09:00:00Z", "placed: 9998-12-31T23:30:00-01:00", 8, 9),
    ("a date in year 9999", "promised: 2026-11-06", "promised: 9999-01-02", 9, 11),
    ("amount of 31 digits", 'amount: "1200.00"', 'amount: "' + "9" * 29 + '.00"', 10, 17),
    ("amount of 400 digits", 'amount: "1200.00"', 'amount: "' + "1" * 400 + '"', 10, 17),
    # the kind of 20,000-character note that took most of a minute to render
    ("a note of 10,000 brackets", "public_note: We have your order.", 'public_note: "' + "[" * 10_000 + '"', 20, 18),
    (
        "a note nested 21 levels",
        "public_note: We have your order.",
        'public_note: "' + "[" * 21 + "x" + "]" * 21 + '"',
        20,
        18,
    ),
]


@pytest.mark.parametrize(("name", "old", "new"), AT_THE_BOUND, ids=[case[0] for case in AT_THE_BOUND])
def test_a_value_at_the_bound_passes_check_and_builds(project: Path, name: str, old: str | None, new: str) -> None:
    if old is None:
        (project / "content" / "stages.yaml").write_text(f"fulfillment:\n  target: {new}\n")
    else:
        edit(project, old, new)
    checked = run(project, "check", "content")
    assert checked.returncode == 0, checked.stdout
    built = run(project, "build", "--journey-pdfs", "all", "--as-of", AS_OF)
    assert built.returncode == 0, built.stderr
    assert (project / "reports" / "findings.pdf").is_file()


@pytest.mark.parametrize(
    ("name", "old", "new", "line", "col"), PAST_THE_BOUND, ids=[case[0] for case in PAST_THE_BOUND]
)
def test_a_value_past_the_bound_is_refused_at_its_position(
    project: Path, name: str, old: str, new: str, line: int, col: int
) -> None:
    edit(project, old, new)
    checked = run(project, "check", "content")
    assert checked.returncode == 1
    errors = [text for text in checked.stdout.splitlines() if ": error[" in text]
    assert errors and errors[0].startswith(f"{JOURNEY}:{line}:{col}: error[OMC222]: "), checked.stdout


def test_a_target_over_100_years_is_refused(project: Path) -> None:
    (project / "content" / "stages.yaml").write_text("fulfillment:\n  target: P36526D\n")
    checked = run(project, "check", "content")
    assert "content/stages.yaml:2:11: error[OMC222]: target: 'P36526D' is longer than 100 years" in checked.stdout


def test_too_many_events_in_a_visit_are_refused(project: Path) -> None:
    edit(project, EVENTS, many_events(limits.MAX_EVENTS_PER_VISIT + 1))
    checked = run(project, "check", "content")
    assert checked.returncode == 1
    assert f"error[OMC222]: events has {limits.MAX_EVENTS_PER_VISIT + 1} items; at most 500" in checked.stdout


def test_markdown_nesting_counts_quotes_list_indents_and_brackets() -> None:
    assert limits.markdown_refusal("> " * 20 + "x") is None
    assert "nests 21 levels deep" in (limits.markdown_refusal("> " * 21 + "x") or "")
    assert "nests 21 levels deep" in (limits.markdown_refusal(" " * 42 + "- x") or "")
    assert limits.markdown_refusal("See [our terms](https://x.example/) and [help](https://y.example/).") is None


def test_more_than_1000_events_in_a_journey_are_refused_at_the_visit_that_passes_the_bound(project: Path) -> None:
    path = project / JOURNEY
    text = path.read_text()
    visit = (
        "  - stage: postsales\n    started: 2026-11-20T09:00:00Z\n    owner: Field Service\n    customer_in_view: low\n"
    )
    assert "stages:\n" in text
    extra = "".join(visit.replace("09:00", f"{9 + n:02d}:00") + many_events(300) for n in range(4))
    path.write_text(text + extra)
    checked = run(project, "check", "content")
    assert checked.returncode == 1
    assert "error[OMC222]: the journey has more than 1,000 events by this visit" in checked.stdout
