"""The files of the built site, read as a customer's tools read them: feed readers,
calendars, JSON consumers, crawlers and static hosts."""

from __future__ import annotations

import csv
import dataclasses
import json
import subprocess
import sys
from datetime import datetime
from importlib import resources
from pathlib import Path

import feedparser
import icalendar
import jsonschema
import pytest
from golden.sample import AS_OF, sample_content

from omcreport.errors import OmcError
from omcreport.model import PublicInfo
from omcreport.site import write_links_csv, write_site

REPO = Path(__file__).resolve().parent.parent
DELAYED = "3q2-7wVwTnC1mZ8dR0a9Zg"
GERMAN = "Xk4_mPq9RsT2uVw8YzA1bC"
CANCELLED = "cAnCeLlEd0000000000000"
WAITING = "WaItInG_betweenDepts_01"


def build(out: Path, **options: object) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    write_site(sample_content(), AS_OF, out, **options)  # type: ignore[arg-type]
    return out


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("site"))


def schema(name: str) -> dict[str, object]:
    return json.loads((resources.files("omcreport") / "schemas" / name).read_text())


def test_every_page_and_file_is_written_and_private_orders_have_none(site: Path) -> None:
    names = set(tree(site))
    for token in (DELAYED, GERMAN, CANCELLED, WAITING):
        assert {f"track/{token}/index.html", f"track/{token}/status.json", f"track/{token}/feed.xml"} <= names
    assert {"index.html", "status.json", "feed.xml", "track/index.html", "assets/site.css"} <= names
    assert {"notices/2026-04-leeds-delays/index.html", "notices/2026-03-invoice-run/index.html"} <= names
    assert (
        len([n for n in names if n.endswith("/index.html") and n.startswith("track/") and n != "track/index.html"]) == 4
    )


def test_ics_only_with_a_delivery_date_and_linked_only_then(site: Path) -> None:
    assert not (site / f"track/{WAITING}/order.ics").exists()
    assert "order.ics" not in (site / f"track/{WAITING}/index.html").read_text()
    assert 'href="order.ics"' in (site / f"track/{DELAYED}/index.html").read_text()


def test_order_calendar_parses_with_one_event_on_expected_and_dtstamp_its_last_revision(site: Path) -> None:
    calendar = icalendar.Calendar.from_ical((site / f"track/{DELAYED}/order.ics").read_bytes())
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert len(events) == 1
    event = events[0]
    assert str(event["DTSTART"].dt) == "2026-04-14"
    document = json.loads((site / f"track/{DELAYED}/status.json").read_text())
    assert event["DTSTAMP"].dt == datetime.fromisoformat(document["last_updated"])
    assert event["DTSTAMP"].dt < AS_OF
    assert event["STATUS"] == "CONFIRMED"
    assert DELAYED not in str(event["UID"])


def test_cancelled_order_offers_no_calendar_and_no_promise(site: Path) -> None:
    folder = site / f"track/{CANCELLED}"
    assert not (folder / "order.ics").exists()
    page = (folder / "index.html").read_text()
    assert "order.ics" not in page and "Promised delivery" not in page
    document = json.loads((folder / "status.json").read_text())
    assert (document["links"]["calendar"], document["promise_open"], document["health"]) == (None, False, "cancelled")


def test_open_order_calendar_counts_customer_updates_as_its_sequence(site: Path) -> None:
    calendar = icalendar.Calendar.from_ical((site / f"track/{DELAYED}/order.ics").read_bytes())
    event = next(c for c in calendar.walk() if c.name == "VEVENT")
    document = json.loads((site / f"track/{DELAYED}/status.json").read_text())
    assert str(event["DTSTART"].dt) == document["expected"]
    assert int(event["SEQUENCE"]) == len(document["updates"]) > 0


def test_order_feed_has_one_entry_per_customer_update_with_stable_ids(site: Path, tmp_path: Path) -> None:
    feed = feedparser.parse((site / f"track/{DELAYED}/feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert [e.id for e in feed.entries] == [
        f"tag:track.example.com,2026-04-09:track/{DELAYED}/late",  # promised 04-08: late from the 9th
        f"tag:track.example.com,2026-04-06:track/{DELAYED}/2026-04-06T10:00:00+01:00",
        f"tag:track.example.com,2026-04-03:track/{DELAYED}/2026-04-03T08:00:00+01:00",
        f"tag:track.example.com,2026-04-01:track/{DELAYED}/2026-04-01T09:12:00+01:00",
    ]
    assert "Credit check passed" not in (site / f"track/{DELAYED}/feed.xml").read_text()
    assert feed.entries[2].summary == "Your pump is being <strong>packed</strong> in Leeds."
    again = build(tmp_path / "again")
    assert (again / f"track/{DELAYED}/feed.xml").read_bytes() == (site / f"track/{DELAYED}/feed.xml").read_bytes()


def test_site_feed_lists_notices_newest_first(site: Path) -> None:
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert [e.title for e in feed.entries] == ["Shipping delays from our Leeds warehouse", "Invoices sent late"]
    assert feed.entries[0].link == "https://track.example.com/notices/2026-04-leeds-delays/"


def test_status_json_validates_against_the_published_schemas(site: Path) -> None:
    order_schema = schema("status-v2.schema.json")
    for token in (DELAYED, GERMAN, CANCELLED, WAITING):
        document = json.loads((site / f"track/{token}/status.json").read_text())
        jsonschema.validate(document, order_schema, format_checker=jsonschema.FormatChecker())
    jsonschema.validate(json.loads((site / "status.json").read_text()), schema("site-status-v1.schema.json"))


def test_schema_rejects_a_document_with_an_unknown_field(site: Path) -> None:
    document = json.loads((site / f"track/{DELAYED}/status.json").read_text())
    document["owner"] = "Warehouse"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema("status-v2.schema.json"))


def test_order_status_json_says_what_the_page_says(site: Path) -> None:
    document = json.loads((site / f"track/{DELAYED}/status.json").read_text())
    assert document["schema"] == "omcreport/status/v2"
    assert document["health"] == "delayed"
    assert document["expected"] == "2026-04-14"
    assert (document["late"], document["delivered"], document["headline"]["kind"]) == (True, False, "late")
    assert document["order_status"] == "https://schema.org/OrderProcessing"
    assert (document["current_stage"], document["next_stage"]) == ("fulfillment", "billing")
    assert document["last_updated"] == "2026-04-06T10:00:00+01:00"
    assert [n["id"] for n in document["notices"]] == ["2026-04-leeds-delays"]


def test_json_ld_carries_the_order_status(site: Path) -> None:
    page = (site / f"track/{CANCELLED}/index.html").read_text()
    block = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    data = json.loads(block)
    assert (data["@type"], data["orderNumber"], data["orderStatus"]) == (
        "Order",
        "SO-1060",
        "https://schema.org/OrderCancelled",
    )


def test_only_tracking_pages_carry_noindex_and_every_page_no_referrer_and_csp(site: Path) -> None:
    for name, data in tree(site).items():
        if not name.endswith(".html"):
            continue
        text = data.decode()
        assert '<meta name="referrer" content="no-referrer">' in text, name
        assert 'http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;' in text, name
        assert ("noindex" in text) == name.startswith("track/"), name
        assert "<script src" not in text and "_preview" not in text, name


def test_track_index_lists_nothing_and_overview_names_no_order_or_token(site: Path) -> None:
    listing = (site / "track/index.html").read_text()
    overview = (site / "index.html").read_text() + (site / "status.json").read_text() + (site / "feed.xml").read_text()
    for token in (DELAYED, GERMAN, CANCELLED, WAITING):
        assert token not in listing
        assert token not in overview
    for order in ("SO-1042", "SO-1057", "SO-1060", "SO-1071", "Acme Mills"):
        assert order not in listing and order not in overview


def test_page_in_german_locale_uses_german_strings_and_dates(site: Path) -> None:
    page = (site / f"track/{GERMAN}/index.html").read_text()
    assert '<html lang="de-DE">' in page
    assert "<h1>Geliefert am " in page  # a completed, delivered order: the headline, no banner
    assert "Versandt" in page and "Geliefert</span>" in page and "Zugestellt." in page
    assert "20.03.2026, 10:00" in page  # 09:00+01:00 shown in Europe/Berlin (CET)
    assert "On track" not in page and "Progress" not in page


def test_preview_adds_the_reload_script_and_relaxes_csp_only_then(tmp_path: Path) -> None:
    preview = build(tmp_path / "preview", preview=True)
    for name, data in tree(preview).items():
        if name.endswith(".html"):
            text = data.decode()
            assert '<script src="/_preview/reload.js" defer></script>' in text, name
            assert "script-src &#39;self&#39;" in text, name


def test_same_content_and_as_of_give_identical_bytes_with_one_or_two_jobs_and_a_cache(tmp_path: Path) -> None:
    first = tree(build(tmp_path / "one"))
    # Two worker processes, in a fresh interpreter (no test-runner threads that would keep it to one).
    script = (
        "import sys; from pathlib import Path; sys.path.insert(0, 'tests');"
        "from golden.sample import AS_OF, sample_content; from omcreport.site import write_site;"
        "out = Path(sys.argv[1]); out.mkdir(); write_site(sample_content(), AS_OF, out, jobs=2)"
    )
    subprocess.run([sys.executable, "-c", script, str(tmp_path / "two")], cwd=REPO, check=True, timeout=300)
    assert tree(tmp_path / "two") == first
    cache = tmp_path / "cache"
    assert tree(build(tmp_path / "cold", cache_dir=cache)) == first
    assert tree(build(tmp_path / "warm", cache_dir=cache, jobs=2)) == first


def test_cache_entry_changes_when_the_page_changes(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build(tmp_path / "a", cache_dir=cache)
    entries = set(cache.glob("pages/*/*"))
    assert entries
    content = sample_content()
    changed = tuple(
        dataclasses.replace(j, customer=dataclasses.replace(j.customer, display_name="Renamed Mills"))
        if j.order == "SO-1042"
        else j
        for j in content.journeys
    )
    out = tmp_path / "b"
    out.mkdir()
    write_site(dataclasses.replace(content, journeys=changed), AS_OF, out, cache_dir=cache)
    assert len(set(cache.glob("pages/*/*")) - entries) == 1  # one page's entry, one file
    assert "Renamed Mills" in (out / f"track/{DELAYED}/index.html").read_text()


def test_a_token_that_is_not_a_valid_name_is_refused_without_writing_outside(tmp_path: Path) -> None:
    content = sample_content()
    bad = tuple(
        dataclasses.replace(j, public=PublicInfo(token="../../../../tmp/escaped-by-a-token"))
        if j.order == "SO-1042"
        else j
        for j in content.journeys
    )
    out = tmp_path / "site"
    out.mkdir()
    with pytest.raises(OmcError) as raised:
        write_site(dataclasses.replace(content, journeys=bad), AS_OF, out)
    assert "escaped" not in str(raised.value)
    assert not (tmp_path.parent / "escaped-by-a-token").exists()
    assert all(tmp_path in p.parents for p in out.rglob("*"))


def test_links_csv_lists_public_orders_with_their_page_urls(tmp_path: Path) -> None:
    path = tmp_path / "links.csv"
    write_links_csv(sample_content(), path)
    rows = list(csv.reader(path.open(encoding="utf-8")))
    assert rows[0] == ["order", "customer", "url"]
    assert rows[1] == ["SO-1042", "Acme Mills", f"https://track.example.com/track/{DELAYED}/"]
    assert [r[0] for r in rows[1:]] == ["SO-1042", "SO-1057", "SO-1060", "SO-1071"]


def test_links_csv_defuses_spreadsheet_formulas(tmp_path: Path) -> None:
    content = sample_content()
    journeys = tuple(
        dataclasses.replace(j, customer=dataclasses.replace(j.customer, display_name="=HYPERLINK(1)"))
        for j in content.journeys
    )
    path = tmp_path / "links.csv"
    write_links_csv(dataclasses.replace(content, journeys=journeys), path)
    assert "'=HYPERLINK(1)" in path.read_text()


@pytest.mark.parametrize(
    "name",
    ["Acme;=cmd|' /C calc'!A0", "Acme, +1 Ltd", "Acme\t@SUM(1)", "Acme | -2+3", "Acme ;  =1", "-Acme", "@Acme"],
)
def test_links_csv_defuses_a_formula_wherever_a_spreadsheet_may_split_the_cell(tmp_path: Path, name: str) -> None:
    content = sample_content()
    journeys = tuple(
        dataclasses.replace(j, customer=dataclasses.replace(j.customer, display_name=name)) for j in content.journeys
    )
    path = tmp_path / "links.csv"
    write_links_csv(dataclasses.replace(content, journeys=journeys), path)
    rows = list(csv.reader(path.open(encoding="utf-8")))
    assert {row[1] for row in rows[1:]} == {"'" + name}
    # Every cell is quoted, so a comma in a name never shifts the columns either.
    assert all(line.startswith('"') for line in path.read_text().splitlines())


def test_links_csv_leaves_ordinary_names_alone(tmp_path: Path) -> None:
    content = sample_content()
    journeys = tuple(
        dataclasses.replace(j, customer=dataclasses.replace(j.customer, display_name="Müller & Söhne GmbH - Werk 2"))
        for j in content.journeys
    )
    path = tmp_path / "links.csv"
    write_links_csv(dataclasses.replace(content, journeys=journeys), path)
    assert {row[1] for row in list(csv.reader(path.open(encoding="utf-8")))[1:]} == {"Müller & Söhne GmbH - Werk 2"}


def test_cache_key_changes_with_the_theme_and_preview(monkeypatch: pytest.MonkeyPatch) -> None:
    from omcreport.site import render, writer
    from omcreport.site.projection import project_order

    content = sample_content()
    journey = next(j for j in content.journeys if j.order == "SO-1042")
    projection = project_order(journey, content, AS_OF)
    before = writer.page_key(projection, preview=False)
    assert writer.page_key(projection, preview=True) != before

    render.render_fingerprint.cache_clear()
    real_files = render.theme_files()
    changed_css = [(name, entry) for name, entry in real_files if name != "assets/site.css"]
    monkeypatch.setattr(render, "theme_files", lambda: changed_css)
    try:
        assert writer.page_key(projection, preview=False) != before
    finally:
        render.render_fingerprint.cache_clear()
    monkeypatch.undo()
    assert writer.page_key(projection, preview=False) == before
