"""load_content: the model it builds, and the parse cache that must never change a verdict."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from omcreport import load
from omcreport.load import load_content
from omcreport.model import Localized
from omcreport.validate.facts import cross_file_facts

SITE = """\
name: Northwind Pumps
base_url: https://track.example.com/
locale: en-GB
timezone: Europe/London
departments: [Customer Service, Warehouse, Finance]
"""

STAGES = """\
entry:
  customer_label: {en: We have your order, de: Ihre Bestellung liegt uns vor}
  target: PT2H
billing:
  public: false
postsales:
  target: null
"""


def journey(order: str, *, public: str = "", extra: str = "") -> str:
    return f"""\
order: {order}
title: Pump
customer: {{display_name: Acme Mills, segment: key-account}}
placed: 2026-03-10T09:12:00+01:00
promised: 2026-04-02
value: {{amount: "12400.50", currency: EUR}}
{public}{extra}stages:
  - stage: entry
    started: 2026-03-10T09:12:00+01:00
    ended: 2026-03-10T11:40:00+01:00
    owner: Customer Service
    customer_in_view: high
    people: [CSR Dana]
    events:
      - {{at: 2026-03-10T09:30:00+01:00, note: Credit check passed, public: true}}
  - stage: fulfillment
    started: 2026-03-11T08:00:00Z
    owner: Warehouse
    customer_in_view: medium
"""


OBSERVATION = """\
id: OBS-1
title: Invoices list internal part numbers
stage: billing
orders: [so-9, SO-10]
observed: 2026-04-05
source: csr-interview
severity: high
body: Customers call.
status: open
"""

NOTICE = """\
id: leeds
title: Delays
stages: [fulfillment]
impact: major
started: 2026-04-03T08:00:00+01:00
body: A conveyor fault.
"""


def write(root: Path, files: dict[str, str]) -> Path:
    content = root / "content"
    for relative, text in files.items():
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return content


def sample(root: Path) -> Path:
    return write(
        root,
        {
            "site.yaml": SITE,
            "stages.yaml": STAGES,
            "journeys/SO-9.yaml": journey("SO-9", public="public:\n  token: 3q2-7wVwTnC1mZ8dR0a9Zg\n  locale: de-DE\n"),
            "journeys/SO-10.yaml": journey("SO-10"),
            "journeys/B-1.yaml": journey("B-1", extra="status: open\n"),
            "observations/OBS-1.yaml": OBSERVATION,
            "notices/leeds.yaml": NOTICE,
        },
    )


def test_the_model_is_built_as_the_contract_says(tmp_path: Path) -> None:
    with contextlib.chdir(tmp_path):
        loaded = load_content(sample(tmp_path))
    assert loaded.problems == ()
    content = loaded.content
    assert content is not None
    assert [j.order for j in content.journeys] == ["B-1", "SO-10", "SO-9"]  # code point order
    first = content.journeys[2]
    assert (first.locale, first.timezone) == ("de-DE", "Europe/London")
    assert (content.journeys[1].locale, content.journeys[1].public) == ("en-GB", None)
    assert first.public is not None and first.public.health == "on-track"
    assert first.placed == datetime(2026, 3, 10, 9, 12, tzinfo=timezone(timedelta(hours=1)))
    assert first.promised == date(2026, 4, 2)
    assert first.value is not None and first.value.amount == Decimal("12400.50")
    assert first.visits[1].started == datetime(2026, 3, 11, 8, 0, tzinfo=UTC)
    assert first.visits[0].events[0].public is True
    assert first.visits[0].people == ("CSR Dana",)
    assert first.status == "open" and first.open_visit is first.visits[1]
    assert first.source is not None and (first.source.path, first.source.line) == ("content/journeys/SO-9.yaml", 1)
    assert content.observations[0].orders == ("SO-9", "SO-10")  # the journeys' own spelling
    assert content.notices[0].ongoing
    catalogue = content.catalogue
    labels = {"en": "We have your order", "de": "Ihre Bestellung liegt uns vor"}
    assert catalogue["entry"].customer_label == Localized.of(labels)
    assert catalogue["entry"].target == 7_200
    assert catalogue["billing"].public is False
    assert catalogue["postsales"].target is None
    assert catalogue["fulfillment"].target == 5 * 86_400
    assert content.site.departments == ("Customer Service", "Warehouse", "Finance")


def test_no_content_when_there_is_an_error(tmp_path: Path) -> None:
    content = sample(tmp_path)
    (content / "journeys" / "SO-10.yaml").write_text(journey("SO-10").replace("Pump", "2026"), encoding="utf-8")
    with contextlib.chdir(tmp_path):
        loaded = load_content(content)
    assert loaded.content is None
    assert [p.code for p in loaded.errors] == ["OMC204"]


def test_warnings_alone_still_give_content(tmp_path: Path) -> None:
    content = sample(tmp_path)
    (content / "notes.txt").write_text("x", encoding="utf-8")
    with contextlib.chdir(tmp_path):
        loaded = load_content(content)
    assert loaded.content is not None
    assert [p.code for p in loaded.warnings] == ["OMC401"]


def broken(root: Path) -> Path:
    content = sample(root)
    (content / "journeys" / "SO-10.yaml").write_text(
        journey("so-9").replace("owner: Warehouse", "owner: Warehose").replace("title: Pump", "title: 2026"),
        encoding="utf-8",
    )
    (content / "journeys" / "X.yaml").write_bytes(b"order: X\ntitle: \xff\n")
    return content


def test_the_cache_never_changes_a_verdict(tmp_path: Path) -> None:
    for name, make in (("valid", sample), ("broken", broken)):
        root = tmp_path / name
        content = make(root)
        cache = tmp_path / f"cache-{name}"
        with contextlib.chdir(root):
            without = load_content(content)
            cold = load_content(content, cache_dir=cache)
            warm = load_content(content, cache_dir=cache)
            warm_check = load_content(content, cache_dir=cache, build_model=False)
        files = len(list(content.glob("*/*.yaml")))
        assert (cold.cached_files, warm.cached_files, warm_check.cached_files) == (0, files, files)
        assert without.problems == cold.problems == warm.problems == warm_check.problems
        assert without.content == cold.content == warm.content
        assert warm_check.content is None


def test_the_rules_across_files_read_only_what_the_cache_keeps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Cold, the rules get the same facts a warm check gets from the parse cache, so a rule
    # reading anything else fails on every run instead of only when the cache is cold.
    seen: list[object] = []
    real = load.check_across

    def spy(*files: object) -> object:
        seen.extend(files)
        return real(*files)  # type: ignore[arg-type]

    monkeypatch.setattr(load, "check_across", spy)
    content = sample(tmp_path)
    with contextlib.chdir(tmp_path):
        load_content(content)
    journeys = seen[2]
    assert isinstance(journeys, list) and journeys
    for checked in journeys:
        assert checked.record == cross_file_facts("journey", checked.record)
        assert "title" not in checked.record and "order" in checked.record


def test_check_caches_no_records_and_the_next_build_reads_them_again(tmp_path: Path) -> None:
    content = sample(tmp_path)
    cache = tmp_path / "cache"
    with contextlib.chdir(tmp_path):
        load_content(content, cache_dir=cache, build_model=False)
        assert not list(cache.glob("*.records.json"))
        after_check = load_content(content, cache_dir=cache)
        warm = load_content(content, cache_dir=cache)
        warm_check = load_content(content, cache_dir=cache, build_model=False)
        fresh = load_content(content)
    assert (after_check.cached_files, warm.cached_files, warm_check.cached_files) == (0, 5, 5)
    assert after_check.content == warm.content == fresh.content is not None


def test_rules_reading_site_yaml_run_again_over_cached_files(tmp_path: Path) -> None:
    content = sample(tmp_path)
    cache = tmp_path / "cache"
    with contextlib.chdir(tmp_path):
        assert load_content(content, cache_dir=cache).problems == ()
        (content / "site.yaml").write_text(SITE.replace("Warehouse, ", ""), encoding="utf-8")
        stages = STAGES.replace("billing:\n  public: false", "fulfillment:\n  public: false")
        (content / "stages.yaml").write_text(stages, encoding="utf-8")
        again = load_content(content, cache_dir=cache)
    assert again.cached_files == 5
    assert [(p.path, p.line, p.code) for p in again.problems] == [
        ("content/journeys/B-1.yaml", 19, "OMC310"),
        ("content/journeys/SO-10.yaml", 18, "OMC310"),
        ("content/journeys/SO-9.yaml", 21, "OMC310"),
        ("content/notices/leeds.yaml", 3, "OMC316"),
    ]


def test_cross_file_rules_run_again_when_another_file_changes(tmp_path: Path) -> None:
    content = sample(tmp_path)
    cache = tmp_path / "cache"
    with contextlib.chdir(tmp_path):
        load_content(content, cache_dir=cache)
        (content / "journeys" / "SO-10.yaml").unlink()
        again = load_content(content, cache_dir=cache)
    assert [(p.path, p.code, p.message) for p in again.problems] == [
        ("content/observations/OBS-1.yaml", "OMC314", "order 'SO-10' matches no journey's order (did you mean 'SO-9'?)")
    ]


def test_a_corrupt_or_foreign_cache_is_ignored(tmp_path: Path) -> None:
    content = sample(tmp_path)
    cache = tmp_path / "cache"
    with contextlib.chdir(tmp_path):
        reference = load_content(content)
        load_content(content, cache_dir=cache)
        for cache_file in cache.glob("*.json"):
            cache_file.write_text("{not json", encoding="utf-8")
        assert load_content(content, cache_dir=cache) == reference
        for cache_file in cache.glob("*.json"):
            cache_file.write_text(json.dumps({"fingerprint": "other", "entries": {"x": 1}}), encoding="utf-8")
        assert load_content(content, cache_dir=cache) == reference


def test_the_cache_is_json_text_outside_the_content_folder(tmp_path: Path) -> None:
    content = sample(tmp_path)
    with contextlib.chdir(tmp_path):
        load_content(content, cache_dir=content / ".cache")
        assert not (content / ".cache").exists()
        load_content(content, cache_dir=tmp_path / "cache")
    facts, records = sorted((tmp_path / "cache").iterdir())
    assert (facts.suffix, records.suffix) == (".json", ".records")
    assert isinstance(json.loads(facts.read_text(encoding="utf-8")), dict)
    # The records file: a JSON header line, then a JSON key, a tab and a JSON record per line.
    header, *lines = records.read_text(encoding="utf-8").rstrip("\n").split("\n")
    assert isinstance(json.loads(header), dict)
    assert lines
    for line in lines:
        key, record = line.split("\t")
        assert isinstance(json.loads(key), str) and isinstance(json.loads(record), dict)


def test_a_moved_file_reports_its_new_path(tmp_path: Path) -> None:
    content = broken(tmp_path)
    cache = tmp_path / "cache"
    with contextlib.chdir(tmp_path):
        load_content(content, cache_dir=cache)
        (content / "journeys" / "X.yaml").rename(content / "journeys" / "Y.yaml")
        again = load_content(content, cache_dir=cache)
    assert "content/journeys/Y.yaml" in {p.path for p in again.problems}
    assert "content/journeys/X.yaml" not in {p.path for p in again.problems}


def _swap_leaves(value: object) -> object:
    if isinstance(value, dict):
        return {key: _swap_leaves(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_swap_leaves(item) for item in value]
    if isinstance(value, str):
        return 7
    if isinstance(value, int):
        return "7"
    return value


def _rewrite_records(records_file: Path, change: Callable[[str], str]) -> None:
    """Apply `change` to each record's JSON text in a parse cache's records file."""
    header, *lines = records_file.read_text(encoding="utf-8").rstrip("\n").split("\n")
    assert lines, "the build wrote no records"
    changed = []
    for line in lines:
        key, tab, text = line.partition("\t")
        assert tab, line
        changed.append(f"{key}\t{change(text)}")
    records_file.write_text("\n".join([header, *changed]) + "\n", encoding="utf-8")


def test_a_cache_with_damaged_entries_counts_as_missing(tmp_path: Path) -> None:
    content = broken(tmp_path)
    cache = tmp_path / "cache"
    with contextlib.chdir(tmp_path):
        reference = load_content(content)
        load_content(content, cache_dir=cache)
        facts_file = next(cache.glob("*.json"))
        stored = json.loads(facts_file.read_text(encoding="utf-8"))
        stored["entries"] = {key: _swap_leaves(entry) for key, entry in stored["entries"].items()}
        facts_file.write_text(json.dumps(stored), encoding="utf-8")
        _rewrite_records(next(cache.glob("*.records")), lambda text: json.dumps(_swap_leaves(json.loads(text))))
        damaged = load_content(content, cache_dir=cache)
        check_only = load_content(content, cache_dir=cache, build_model=False)
    assert damaged.cached_files == 0
    assert damaged.problems == check_only.problems == reference.problems


def test_a_record_that_does_not_match_its_hash_is_not_used(tmp_path: Path) -> None:
    content = sample(tmp_path)
    cache = tmp_path / "cache"
    with contextlib.chdir(tmp_path):
        reference = load_content(content)
        load_content(content, cache_dir=cache)
        _rewrite_records(next(cache.glob("*.records")), lambda text: text.replace("Pump", "Pomp"))
        again = load_content(content, cache_dir=cache)
    assert again.content == reference.content
    assert again.cached_files == 2  # the observation and the notice; the three altered journeys were read again


def test_an_unreadable_folder_is_a_problem_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root reads a mode-000 folder anyway, so the refusal is simulated where the loader lists it.
    content = sample(tmp_path)
    real_scandir = os.scandir

    def scandir(path: object) -> object:
        if Path(str(path)).name == "observations":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    with contextlib.chdir(tmp_path):
        loaded = load_content(content)
    assert loaded.content is None
    assert [p.as_text() for p in loaded.errors] == [
        "content/observations:1:1: error[OMC100]: cannot read the folder: Permission denied",
    ]


@pytest.mark.parametrize("escaped", ["\\L", "\\P", "\\r", "\\t", "\\n", "\\x85", "\\u00e9\\u4e2d"])
def test_line_breaks_of_every_kind_in_a_record_survive_the_cache(tmp_path: Path, escaped: str) -> None:
    """The records file is one record per line: no character a text may hold ends one early,
    whether the rules let the text through (tab, newline) or refuse it (U+2028, CR, NEL)."""
    content = sample(tmp_path)
    path = content / "journeys" / "SO-10.yaml"
    written = path.read_text(encoding="utf-8").replace("title: Pump", f'title: "Pump{escaped}set"')
    path.write_text(written, encoding="utf-8")
    with contextlib.chdir(tmp_path):
        reference = load_content(content)
        load_content(content, cache_dir=tmp_path / "cache")
        again = load_content(content, cache_dir=tmp_path / "cache")
    assert again.cached_files == 5  # every file but site.yaml and stages.yaml, which always run
    assert (again.content, again.problems) == (reference.content, reference.problems)
