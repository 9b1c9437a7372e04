"""Nothing internal reaches the public site, and hostile Markdown is neutralised.

Every internal field of FORMAT.md "Public and internal" carries a unique marker; the
built site (every file's bytes and every file name) must contain none of them.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from omcreport.catalogue import built_in_catalogue
from omcreport.model import (
    Catalogue,
    Contact,
    Content,
    Customer,
    Event,
    Journey,
    Localized,
    Money,
    Notice,
    Observation,
    PublicInfo,
    ReportsConfig,
    Site,
    Visit,
)
from omcreport.site import write_site

AS_OF = datetime.fromisoformat("2026-04-10T12:00:00+00:00")
TOKEN = "LeakTestTokenAAAAAAAAAA"
MARKERS = {
    "title": "QZXtitle",
    "segment": "QZXsegment",
    "customer_email": "qzxcustomer@example.invalid",
    "followed_by": "QZXfollowed",
    "value": "987654321.77",
    "currency": "QZX",
    "owner": "QZXowner",
    "people": "QZXpeople",
    "notes": "QZXnotes",
    "private_event": "QZXprivevent",
    "nonpublic_stage_note": "QZXhiddenstagenote",
    "nonpublic_stage_event": "QZXhiddenstageevent",
    "nonpublic_stage_name": "QZXstagename",
    "public_stage_name": "QZXfulfilname",
    "observation_title": "QZXobstitle",
    "observation_body": "QZXobsbody",
    "observation_recommendation": "QZXobsrec",
    "observation_tag": "QZXobstag",
    "observation_owner": "QZXobsowner",
    "observation_id": "QZXOBS-1",
    "department": "QZXdepartment",
    "reports_author": "QZXauthor",
    "private_order": "QZXPRIVATE-9",
    "private_customer": "QZXprivatecustomer",
    "private_public_note": "QZXprivatenote",
    "private_order_title": "QZXprivtitle",
}
# Internal moments, written with unusual minutes so that any rendering of them shows.
HIDDEN_VISIT_START = datetime.fromisoformat("2026-04-02T04:37:41+00:00")
HIDDEN_DUE = datetime.fromisoformat("2026-04-02T07:43:19+00:00")
DERIVED_CLOSED = datetime.fromisoformat("2026-04-03T13:59:23+00:00")
MOMENT_MARKERS = ("04:37", "05:37", "06:37", "37:41", "07:43", "08:43", "43:19", "13:59", "14:59", "59:23")


def catalogue() -> Catalogue:
    stages = []
    for stage in built_in_catalogue().stages:
        if stage.key == "planning":
            stage = dataclasses.replace(stage, name=MARKERS["nonpublic_stage_name"])
        if stage.key == "fulfillment":
            stage = dataclasses.replace(stage, name=MARKERS["public_stage_name"])
        stages.append(stage)
    return Catalogue(stages=tuple(stages))


def visit(stage: str, started: str, ended: str | None, **extra: object) -> Visit:
    return Visit(
        stage=stage,
        started=datetime.fromisoformat(started),
        ended=datetime.fromisoformat(ended) if ended else None,
        owner=MARKERS["owner"],
        customer_in_view="none",
        people=(MARKERS["people"],),
        notes=MARKERS["notes"],
        **extra,  # type: ignore[arg-type]
    )


def leaky_content() -> Content:
    private_event = Event(at=datetime.fromisoformat("2026-04-01T10:00:00+00:00"), note=MARKERS["private_event"])
    public_journey = Journey(
        order="SO-PUB",
        title=MARKERS["title"],
        customer=Customer(display_name="Public Customer", segment=MARKERS["segment"], email=MARKERS["customer_email"]),
        visits=(
            visit(
                "entry",
                "2026-04-01T09:00:00+00:00",
                "2026-04-01T11:00:00+00:00",
                public_note="Received.",
                events=(private_event,),
            ),
            visit(
                "planning",
                HIDDEN_VISIT_START.isoformat(),
                DERIVED_CLOSED.isoformat(),
                due=HIDDEN_DUE,
                public_note=MARKERS["nonpublic_stage_note"],
                events=(
                    Event(
                        at=datetime.fromisoformat("2026-04-02T09:00:00+00:00"),
                        note=MARKERS["nonpublic_stage_event"],
                        public=True,
                    ),
                ),
            ),
        ),
        locale="en",
        timezone="Europe/London",
        followed_by=MARKERS["followed_by"],
        value=Money(amount=Decimal(MARKERS["value"]), currency=MARKERS["currency"]),
        public=PublicInfo(token=TOKEN, expected=date(2026, 4, 20)),
    )
    open_journey = Journey(
        order="SO-OPEN",
        title=MARKERS["title"],
        customer=Customer(display_name="Open Customer", segment=MARKERS["segment"], email=MARKERS["customer_email"]),
        visits=(
            visit("fulfillment", "2026-04-05T09:00:00+00:00", None, due=datetime(2027, 1, 1, tzinfo=AS_OF.tzinfo)),
        ),
        locale="de-DE",
        timezone="Europe/Berlin",
        public=PublicInfo(token="OpenLeakTestTokenBBBBBB"),
    )
    private_journey = Journey(
        order=MARKERS["private_order"],
        title=MARKERS["private_order_title"],
        customer=Customer(display_name=MARKERS["private_customer"]),
        visits=(visit("entry", "2026-04-03T09:00:00+00:00", None, public_note=MARKERS["private_public_note"]),),
        locale="en",
        timezone="UTC",
    )
    observation = Observation(
        id=MARKERS["observation_id"],
        title=MARKERS["observation_title"],
        stage="fulfillment",
        observed=date(2026, 4, 5),
        source="ride-along",
        severity="high",
        body=MARKERS["observation_body"],
        status="open",
        orders=("SO-PUB",),
        tags=(MARKERS["observation_tag"],),
        recommendation=MARKERS["observation_recommendation"],
        owner=MARKERS["observation_owner"],
    )
    site = Site(
        name="Leak Test Shop",
        base_url="https://track.example.com/",
        locale="en",
        timezone="UTC",
        contact=Contact(email="help@example.com"),
        departments=(MARKERS["department"],),
        reports=ReportsConfig(paper="A4", author=MARKERS["reports_author"]),
    )
    return Content(
        site=site,
        catalogue=catalogue(),
        journeys=tuple(sorted((public_journey, open_journey, private_journey), key=lambda j: j.order)),
        observations=(observation,),
    )


@pytest.fixture(scope="module")
def leak_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("leak")
    write_site(leaky_content(), AS_OF, out)
    return out


def test_the_site_is_built_with_pages_for_public_orders(leak_site: Path) -> None:
    assert (leak_site / f"track/{TOKEN}/index.html").is_file()
    assert "Public Customer" in (leak_site / f"track/{TOKEN}/index.html").read_text()


@pytest.mark.parametrize("field", sorted(MARKERS))
def test_no_file_or_file_name_contains_an_internal_marker(leak_site: Path, field: str) -> None:
    marker = MARKERS[field].encode()
    for path in leak_site.rglob("*"):
        assert marker.lower() not in str(path.relative_to(leak_site)).encode().lower(), path
        if path.is_file():
            assert marker not in path.read_bytes(), f"{field} leaked into {path.relative_to(leak_site)}"


def test_no_internal_moment_is_shown(leak_site: Path) -> None:
    for path in leak_site.rglob("*"):
        if path.is_file() and path.suffix != ".css":
            text = path.read_text()
            for moment in MOMENT_MARKERS:
                assert moment not in text, f"{moment} in {path.relative_to(leak_site)}"


def test_derived_closed_of_a_completed_order_is_not_shown(leak_site: Path) -> None:
    status = json.loads((leak_site / f"track/{TOKEN}/status.json").read_text())
    assert (status["status"], status["closed"]) == ("completed", None)


HOSTILE = (
    "<script>alert('md-script')</script> "
    "<img src=x onerror=\"alert('md-onerror')\"> "
    "[click](javascript:alert('md-js')) "
    "[data](data:text/html,<script>alert('md-data')</script>) "
    '<iframe src="https://evil.example/"></iframe> '
    '<meta http-equiv="refresh" content="0;url=https://evil.example/"> '
    '<a href="https://ok.example/" onclick="alert(\'md-click\')">raw link</a> '
    "<style>body{display:none}</style> <b onmouseover=\"alert('md-hover')\">bold</b>"
)
HOSTILE_PLAIN = "<script>alert('plain-script')</script>\"><img src=x onerror=alert('plain-img')>"


def hostile_content() -> Content:
    base = leaky_content()
    stages = tuple(
        dataclasses.replace(
            s, customer_description=Localized(plain=HOSTILE), customer_label=Localized(plain=HOSTILE_PLAIN)
        )
        if s.key == "entry"
        else s
        for s in base.catalogue.stages
    )
    journey = Journey(
        order="SO-HOSTILE",
        title="t",
        customer=Customer(display_name=HOSTILE_PLAIN),
        visits=(
            Visit(
                stage="entry",
                started=datetime.fromisoformat("2026-04-05T09:00:00+00:00"),
                owner="o",
                customer_in_view="low",
                public_note=HOSTILE,
                events=(Event(at=datetime.fromisoformat("2026-04-05T10:00:00+00:00"), note=HOSTILE, public=True),),
            ),
        ),
        locale="en",
        timezone="UTC",
        public=PublicInfo(token=HOSTILE_TOKEN, health="problem", health_note=HOSTILE, expected=date(2026, 5, 1)),
    )
    notice = Notice(
        id="hostile",
        title=Localized.of(HOSTILE_PLAIN),
        stages=("entry",),
        impact="major",
        started=datetime.fromisoformat("2026-04-04T09:00:00+00:00"),
        body=Localized.of(HOSTILE),
    )
    site = dataclasses.replace(base.site, name=HOSTILE_PLAIN)
    return Content(
        site=site, catalogue=Catalogue(stages=stages), journeys=(journey,), notices=(notice,), observations=()
    )


HOSTILE_TOKEN = "HostileMarkdownTokenCCC"


def build_hostile_site(out: Path) -> Path:
    write_site(hostile_content(), AS_OF, out)
    return out


class TagCollector(HTMLParser):
    """Every element and attribute a browser would build from the page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {name: value or "" for name, value in attrs}))


def dangerous_markup(html: str) -> list[str]:
    collector = TagCollector()
    collector.feed(html)
    problems = []
    for tag, attrs in collector.found:
        if tag == "script" and attrs != {"type": "application/ld+json"}:
            problems.append(f"script {attrs}")
        if tag in {"iframe", "img", "style", "object", "embed", "form", "base"}:
            problems.append(tag)
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            problems.append("meta refresh")
        problems.extend(f"{tag} {name}" for name in attrs if name.startswith("on"))
        for name in ("href", "src", "action"):
            if attrs.get(name, "").strip().lower().startswith(("javascript:", "data:")):
                problems.append(f"{tag} {name}={attrs[name]}")
    return problems


def test_hostile_markdown_is_neutralised_in_every_file(tmp_path: Path) -> None:
    site = build_hostile_site(tmp_path)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 4
    for path in pages:
        assert dangerous_markup(path.read_text()) == [], path.relative_to(site)
    page = (site / f"track/{HOSTILE_TOKEN}/index.html").read_text()
    assert "&lt;script&gt;alert(" in page  # shown as text, not run
    assert "&lt;b onmouseover=" in page  # raw HTML is off: visible text, no element


def test_the_checker_itself_sees_dangerous_markup() -> None:
    assert dangerous_markup('<p><img src=x onerror="alert(1)"><a href=" javascript:x">y</a></p>') == [
        "img",
        "img onerror",
        "a href= javascript:x",
    ]


YAML_SITE = """\
name: Leak Shop
base_url: https://track.example.com/
locale: en-GB
timezone: Europe/London
contact:
  email: help@example.com
departments:
  - Zqyowner Dept
reports:
  paper: A4
  author: Zqyauthor
"""
YAML_STAGES = """\
planning:
  name: Zqystageplanning
fulfillment:
  name: Zqystagefulfil
billing:
  public: false
"""
YAML_PUBLIC = """\
order: SO-LEAK
title: Zqytitle
customer:
  display_name: Leak Customer
  segment: zqysegment
followed_by: Zqyfollowed
placed: 2026-04-01T09:00:00Z
promised: 2026-04-20
value: {amount: "98765.43", currency: EUR}
public:
  token: YamlLeakTokenAAAAAAAAAAA
stages:
  - stage: entry
    started: 2026-04-01T09:00:00Z
    ended: 2026-04-01T11:00:00Z
    owner: Zqyowner Dept
    people: [Zqypeople]
    customer_in_view: high
    public_note: We have your order.
    notes: Zqynotes
    events:
      - at: 2026-04-01T10:00:00Z
        note: Zqyprivevent
  - stage: planning
    started: 2026-04-02T04:37:41Z
    ended: 2026-04-02T06:00:00Z
    due: 2026-04-02T07:43:19Z
    owner: Zqyowner Dept
    customer_in_view: low
    public_note: Zqyhiddenstagenote
  - stage: billing
    started: 2026-04-03T09:00:00Z
    owner: Zqyowner Dept
    customer_in_view: low
    public_note: Zqyprivatebillingnote
"""
YAML_PRIVATE = """\
order: ZQYPRIVATE-1
title: Zqyprivtitle
customer:
  display_name: Zqyprivatecustomer
stages:
  - stage: entry
    started: 2026-04-03T09:00:00Z
    owner: Zqyowner Dept
    customer_in_view: low
    public_note: Zqyprivatenote
"""
YAML_OBSERVATION = """\
id: ZQYOBS-1
title: Zqyobstitle
stage: entry
orders: [SO-LEAK]
observed: 2026-04-05
source: ride-along
severity: high
tags: [zqytag]
body: Zqyobsbody
recommendation: Zqyobsrec
owner: Zqyowner Dept
status: open
"""


def test_no_marker_from_yaml_reaches_the_site_built_by_the_command_line(tmp_path: Path) -> None:
    content = tmp_path / "content"
    for folder in ("journeys", "observations"):
        (content / folder).mkdir(parents=True)
    (content / "site.yaml").write_text(YAML_SITE)
    (content / "stages.yaml").write_text(YAML_STAGES)
    (content / "journeys" / "SO-LEAK.yaml").write_text(YAML_PUBLIC)
    (content / "journeys" / "ZQYPRIVATE-1.yaml").write_text(YAML_PRIVATE)
    (content / "observations" / "ZQYOBS-1.yaml").write_text(YAML_OBSERVATION)
    result = subprocess.run(
        [sys.executable, "-m", "omcreport", "build", str(content), "--as-of", "2026-04-10T12:00:00Z", "--only", "site"],
        cwd=tmp_path,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    page = (site / "track/YamlLeakTokenAAAAAAAAAAA/index.html").read_text()
    assert "Leak Customer" in page and "We have your order." in page
    for path in site.rglob("*"):
        name = str(path.relative_to(site)).lower()
        assert "zqy" not in name and "98765" not in name, name
        if path.is_file():
            data = path.read_bytes().lower()
            assert b"zqy" not in data, path.relative_to(site)
            assert b"98765" not in data, path.relative_to(site)
            if path.suffix != ".css":
                for moment in (b"04:37", b"05:37", b"37:41", b"07:43", b"08:43", b"43:19"):
                    assert moment not in data, (moment, path.relative_to(site))
