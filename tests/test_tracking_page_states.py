"""The sample's tracking pages in headless Chromium, one per page state (FORMAT.md "What a
customer's page shows"): the headline is the `h1`; headline, progress bar and contact sit
in the first 700 px of a 375 px phone; no page calls a late order on track; delivered and
cancelled pages make no promise and offer no calendar. And status.json, the page, the feed
and findings.json say the same thing about every sample order."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import feedparser
import pytest
from axe_playwright_python.sync_playwright import Axe
from test_site_browser import CHROMIUM, SAMPLE_AS_OF, WCAG_TAGS, serve

from omcreport.site.i18n import Formatter

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
FIRST_SCREEN = 700  # px at 375 px wide
ON_TRACK_WORDS = ("On track", "Im Plan")
NO_PDFS = ("--journey-pdfs", "none")


@dataclass(frozen=True)
class Built:
    site: Path
    reports: Path
    tokens: dict[str, str]  # order -> token
    on_time: dict[str, bool | None]  # order -> findings.json's verdict


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    work = tmp_path_factory.mktemp("states")
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
    result = subprocess.run(
        [sys.executable, "-m", "omcreport", "build", str(REPO / "content"), "--as-of", SAMPLE_AS_OF, *NO_PDFS],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader((work / "reports/links.csv").read_text().splitlines()))
    tokens = {row["order"]: row["url"].rstrip("/").rsplit("/", 1)[1] for row in rows}
    findings = json.loads((work / "reports/findings.json").read_text())
    on_time = {row["order"]: row["on_time"] for row in findings["per_journey"]}
    return Built(work / "site", work / "reports", tokens, on_time)


@pytest.fixture(scope="module")
def chromium(built: Built) -> Iterator[tuple[object, object]]:
    """Chromium, and the built sample site served over HTTP."""
    from playwright.sync_api import sync_playwright

    server = serve(built.site)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        yield browser, server
        browser.close()
    server.httpd.shutdown()


@pytest.fixture(scope="module")
def phone(chromium: tuple[object, object]) -> Iterator[tuple[object, object]]:
    """A 375 px phone without JavaScript: the page must not need it."""
    browser, server = chromium
    context = browser.new_context(viewport={"width": 375, "height": 800}, java_script_enabled=False)  # type: ignore[attr-defined]
    yield context, server
    context.close()


# One order per page state, with the headline and progress the customer must see.
STATES = {
    "open on time": (
        "CV-10459",
        "Arriving by Friday, 27 November 2026",
        [
            ("Quote prepared", "done"),
            ("We have your order", "done"),
            ("Order confirmed", "done"),
            ("Scheduled", "done"),
            ("On its way", "current"),  # a shipment has left
            ("Delivery", "upcoming"),
            ("Invoice", "upcoming"),
        ],
    ),
    "open late, written on-track": (
        "CV-10468",
        "Late: we promised Friday, 20 November 2026",
        [
            ("We have your order", "done"),
            ("Confirming your order", "current"),
            ("Scheduling", "upcoming"),
            ("Preparation and dispatch", "upcoming"),
            ("Delivery", "upcoming"),
            ("Invoice", "upcoming"),
        ],
    ),
    "open late, new estimate (de)": (
        "CV-10463",
        "Verspätet: zugesagt war Freitag, 27. November 2026",
        [
            ("Ihre Bestellung liegt uns vor", "done"),
            ("Bestellung bestätigt", "done"),
            ("Wir planen Ihre Bestellung ein", "current"),
            ("Fertigung und Versand", "upcoming"),
            ("Zustellung", "upcoming"),
            ("Rechnung", "upcoming"),
        ],
    ),
    "delivered on time": (
        "CV-10388",
        "Delivered on Tuesday, 11 August 2026",
        [
            ("We have your order", "done"),
            ("Order confirmed", "done"),
            ("Shipped", "done"),
            ("Delivered", "done"),
            ("Invoiced", "done"),
        ],
    ),
    "delivered late": (
        "CV-10440",
        "Delivered on Friday, 16 October 2026",
        [
            ("We have your order", "done"),
            ("Order confirmed", "done"),
            ("Shipped", "done"),
            ("Delivered", "done"),
            ("Invoiced", "done"),
        ],
    ),
    "cancelled": (
        "CV-10417",
        "Cancelled on Monday, 14 September 2026",
        [("We have your order", "done"), ("Order confirmed", "done")],
    ),
    "returns after delivery, action needed": (
        "CV-10477",
        "Return or claim in progress",
        [
            ("We have your order", "done"),
            ("Order confirmed", "done"),
            ("Scheduled", "done"),
            ("Shipped", "done"),
            ("Delivered", "done"),
            ("Invoiced", "done"),
            ("Installation and support given", "done"),
            ("Return or claim in progress", "current"),
        ],
    ),
    "quote stage": (
        "CV-10482",
        "Preparing your quote",
        [
            ("Preparing your quote", "current"),
            ("Your order", "upcoming"),
            ("Confirmation", "upcoming"),
            ("Scheduling", "upcoming"),
            ("Preparation and dispatch", "upcoming"),
            ("Delivery", "upcoming"),
            ("Invoice", "upcoming"),
        ],
    ),
}


def open_order(phone: tuple[object, object], built: Built, order: str):  # type: ignore[no-untyped-def]
    context, server = phone
    page = context.new_page()  # type: ignore[attr-defined]
    page.goto(f"{server.url}track/{built.tokens[order]}/index.html")  # type: ignore[attr-defined]
    return page


@pytest.mark.parametrize("state", list(STATES))
def test_each_state_answers_where_when_and_whom_in_the_first_screen(
    phone: tuple[object, object], built: Built, state: str
) -> None:
    order, headline, steps = STATES[state]
    page = open_order(phone, built, order)
    try:
        assert page.locator("h1").inner_text() == headline
        shown = [
            (item.locator(".step-label").inner_text(), item.get_attribute("class").split()[1].removeprefix("step-"))
            for item in page.locator(".progress li").all()
        ]
        assert shown == steps
        for selector in ("h1", ".progress", ".ask a[href^='mailto:']"):
            box = page.locator(selector).first.bounding_box()
            assert box is not None and box["y"] + box["height"] <= FIRST_SCREEN, (selector, box)
        mail = page.locator(".ask a[href^='mailto:']").get_attribute("href")
        assert mail.endswith("?subject=" + ("Bestellung%20" if order == "CV-10463" else "Order%20") + order)
        # The customer's name and the order number sit under the headline, never above.
        ref = page.locator(".order-ref").bounding_box()
        assert ref["y"] > page.locator("h1").bounding_box()["y"]
    finally:
        page.close()


@pytest.mark.parametrize("width", [320, 375, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_state_has_no_axe_violations(
    chromium: tuple[object, object], built: Built, width: int, scheme: str
) -> None:
    browser, server = chromium
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)  # type: ignore[attr-defined]
    try:
        for order, _, _ in STATES.values():
            page = context.new_page()
            page.goto(f"{server.url}track/{built.tokens[order]}/index.html")  # type: ignore[attr-defined]
            results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
            assert results.violations_count == 0, (order, results.generate_report())
            assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), (order, width)
            page.close()
    finally:
        context.close()


def test_no_page_calls_a_late_order_on_track(phone: tuple[object, object], built: Built) -> None:
    late = [order for order in built.tokens if built.on_time[order] is False]
    assert len(late) >= 3  # the sample has late orders open and delivered
    for order in late:
        page = open_order(phone, built, order)
        try:
            text = page.locator("main").inner_text()
            assert not any(word in text for word in ON_TRACK_WORDS), (order, text)
        finally:
            page.close()


@pytest.mark.parametrize("order", ["CV-10388", "CV-10440", "CV-10417", "CV-10402", "CV-10477"])
def test_delivered_and_cancelled_pages_make_no_promise_and_offer_no_calendar(
    phone: tuple[object, object], built: Built, order: str
) -> None:
    page = open_order(phone, built, order)
    try:
        assert page.locator("a[href='order.ics']").count() == 0
        text = page.locator("main").inner_text()
        assert "Promised delivery" not in text and "Zugesagte Lieferung" not in text
        assert not (built.site / f"track/{built.tokens[order]}/order.ics").exists()
    finally:
        page.close()


def test_status_page_feed_and_findings_agree_for_every_sample_order(built: Built) -> None:
    assert len(built.tokens) >= 10
    for order, token in built.tokens.items():
        folder = built.site / f"track/{token}"
        status = json.loads((folder / "status.json").read_text())
        page = (folder / "index.html").read_text()
        verdict = built.on_time[order]
        # late: findings.json's on-time verdict, or an open estimate after the promise
        estimate_late = bool(
            status["status"] == "open" and status["expected"] and status["expected"] > (status["promised"] or "9")
        )
        assert status["late"] == (verdict is False or estimate_late), order
        assert status["delivered"] == (status["delivered_on"] is not None), order
        if status["delivered"]:
            assert status["headline"]["kind"] in ("delivered", "after-delivery"), order
            assert status["headline"]["date"] == status["delivered_on"], order
            day = Formatter(status["locale"], status["timezone"]).weekday_date(
                date.fromisoformat(status["delivered_on"])
            )
            assert day in page, order
        current = [step["step"] for step in status["progress"] if step["state"] == "current"]
        assert current == ([status["current_stage"]] if status["current_stage"] else []), order
        assert 'aria-current="step"' in page if current else 'aria-current="step"' not in page, order
        if status["late"] and status["health"] is not None:
            assert status["health"] != "on-track", order
        feed = feedparser.parse((folder / "feed.xml").read_bytes())
        assert not feed.bozo, (order, feed.bozo_exception)
        # The feed: every customer update and every shipment's departure and delivery, newest first.
        shipment_moments = [s["shipped"] for s in status["shipments"]] + [
            s["delivered"] for s in status["shipments"] if s["delivered"]
        ]
        late_entries = 1 if status["late_since"] else 0  # the day the promise was missed
        assert len(feed.entries) == len(status["updates"]) + len(shipment_moments) + late_entries, order
        updates = [entry for entry in feed.entries if "/shipment-" not in entry.id and not entry.id.endswith("/late")]
        for entry, update in zip(updates, status["updates"], strict=True):  # both newest first
            assert entry.id.endswith(update["at"]) or f"{update['at']}#" in entry.id, (order, entry.id)
        stamps = [entry.updated_parsed for entry in feed.entries]
        assert stamps == sorted(stamps, reverse=True), order


def test_each_state_page_weighs_at_most_50_kb_with_its_stylesheets_and_logo(built: Built) -> None:
    for order, _, _ in STATES.values():
        page = built.site / f"track/{built.tokens[order]}/index.html"
        html = page.read_text()
        loaded = re.findall(r'<(?:link rel="stylesheet" href|img src)="([^"]+)"', html)
        assert any("logo-" in path for path in loaded), order  # the sample has a brand logo
        total = len(html.encode()) + sum((page.parent / path).resolve().stat().st_size for path in loaded)
        assert total <= 50 * 1024, (order, total)


def test_the_day_a_promise_was_missed_is_a_feed_entry(built: Built) -> None:
    folder = built.site / f"track/{built.tokens['CV-10468']}"
    status = json.loads((folder / "status.json").read_text())
    assert status["late_since"] == "2026-11-21T00:00:00+00:00"  # the day after 20 November, UK time
    feed = feedparser.parse((folder / "feed.xml").read_bytes())
    late = [entry for entry in feed.entries if entry.id.endswith("/late")]
    assert [entry.title for entry in late] == ["Late: we promised Friday, 20 November 2026"]
    assert feed.entries[0] is late[0]  # the newest thing the customer was told
