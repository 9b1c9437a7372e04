"""Every public page in headless Chromium: axe-core (WCAG 2.2 AA) in light and dark mode,
no console errors, no request leaving the site, keyboard alone, page weight, layout from
320 px, screenshots (saved to /tmp/shots/), and hostile Markdown that runs nothing."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from golden.sample import AS_OF, sample_content
from test_site_leak import HOSTILE_TOKEN, hostile_content

from omcreport.site import write_site

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SHOTS = Path("/tmp/shots")
REPO = Path(__file__).resolve().parent.parent
SAMPLE_AS_OF = "2026-11-25T12:00:00Z"  # the Makefile's AS_OF for `make build`
PAGE_BUDGET = 50 * 1024

PAGES = [
    "index.html",
    "track/index.html",
    "notices/2026-04-leeds-delays/index.html",
    "notices/2026-03-invoice-run/index.html",
    "track/3q2-7wVwTnC1mZ8dR0a9Zg/index.html",
    "track/Xk4_mPq9RsT2uVw8YzA1bC/index.html",
    "track/cAnCeLlEd0000000000000/index.html",
    "track/WaItInG_betweenDepts_01/index.html",
]

if not Path(CHROMIUM).exists():  # pragma: no cover - the machine has it; say so clearly if not
    pytest.fail(f"{CHROMIUM} is needed for the browser tests", pytrace=False)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


@dataclass
class Server:
    root: Path
    url: str
    httpd: http.server.ThreadingHTTPServer


def serve(root: Path) -> Server:
    handler = functools.partial(QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return Server(root=root, url=f"http://127.0.0.1:{httpd.server_address[1]}/", httpd=httpd)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("browser-site")
    write_site(sample_content(), AS_OF, root)
    server = serve(root)
    yield server
    server.httpd.shutdown()


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("hostile-site")
    write_site(hostile_content(), AS_OF, root)
    server = serve(root)
    yield server
    server.httpd.shutdown()


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The repository's sample content built by the real command line, as `make build` does."""
    work = tmp_path_factory.mktemp("sample-build")
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
    result = subprocess.run(
        [sys.executable, "-m", "omcreport", "build", str(REPO / "content"), "--as-of", SAMPLE_AS_OF, "--only", "site"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    server = serve(work / "site")
    yield server
    server.httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@dataclass
class Watch:
    """What a page did besides rendering: console errors, dialogs, requests elsewhere."""

    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    responses: list[object] = field(default_factory=list)


def open_page(browser: object, server: Server, path: str, *, scheme: str = "light", width: int = 1280, **ctx: object):  # type: ignore[no-untyped-def]
    context = browser.new_context(  # type: ignore[attr-defined]
        color_scheme=scheme, viewport={"width": width, "height": 900}, **ctx
    )
    page = context.new_page()
    watch = Watch()

    def route(route) -> None:  # type: ignore[no-untyped-def]
        if route.request.url.startswith(server.url):
            route.continue_()
        else:
            watch.outside.append(route.request.url)
            route.abort()

    def on_response(response) -> None:  # type: ignore[no-untyped-def]
        if response.url.startswith(server.url):
            watch.responses.append(response)

    def on_dialog(dialog) -> None:  # type: ignore[no-untyped-def]
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    page.route("**/*", route)
    page.on("console", lambda message: message.type == "error" and watch.console_errors.append(message.text))
    page.on("pageerror", lambda error: watch.console_errors.append(str(error)))
    page.on("dialog", on_dialog)
    page.on("response", on_response)
    page.goto(server.url + path, wait_until="load")
    return context, page, watch


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_axe_violations_console_errors_or_outside_requests(
    browser: object, site: Server, path: str, scheme: str
) -> None:
    context, page, watch = open_page(browser, site, path, scheme=scheme)
    try:
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        assert results.violations_count == 0, results.generate_report()
        assert watch.console_errors == []
        assert watch.outside == []
        assert page.evaluate("document.querySelectorAll('script:not([type=\"application/ld+json\"])').length") == 0
    finally:
        context.close()


@pytest.mark.parametrize("path", PAGES)
def test_keyboard_alone_reaches_every_link_with_a_visible_focus(browser: object, site: Server, path: str) -> None:
    context, page, _ = open_page(browser, site, path)
    try:
        # Numbered, so that a link written twice (the contact at the top and at the foot) counts twice.
        links = page.evaluate(
            "Array.from(document.querySelectorAll('a[href]')).map((a, i) => { a.dataset.n = i; return a.outerHTML; })"
        )
        reached: list[str] = []
        for _ in range(len(links) + 2):
            page.keyboard.press("Tab")
            focused = page.evaluate(
                """() => {
                    const el = document.activeElement;
                    const style = getComputedStyle(el);
                    return {html: el.outerHTML, outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
                            visible: el.getBoundingClientRect().top >= 0};
                }"""
            )
            if focused["html"] in links and focused["html"] not in reached:
                reached.append(focused["html"])
                assert focused["outline"] != "none" and focused["width"] >= 2, focused
                assert focused["visible"], focused
        assert sorted(reached) == sorted(links)
    finally:
        context.close()


@pytest.mark.parametrize("path", [p for p in PAGES if p.startswith("track/") and p != "track/index.html"])
def test_tracking_page_with_everything_it_loads_weighs_at_most_50_kb(browser: object, site: Server, path: str) -> None:
    context, page, watch = open_page(browser, site, path)
    try:
        page.wait_for_load_state("networkidle")
        loaded = {response.url: len(response.body()) for response in watch.responses}  # type: ignore[attr-defined]
        assert len(loaded) >= 2  # the page and its stylesheet at least
        assert sum(loaded.values()) <= PAGE_BUDGET, loaded
    finally:
        context.close()


@pytest.mark.parametrize("path", PAGES)
def test_layout_fits_320_px_and_screenshots_at_375_and_1280(browser: object, site: Server, path: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    name = path.replace("/index.html", "").replace("/", "-").replace(".html", "") or "index"
    context, page, _ = open_page(browser, site, path, width=320)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        context.close()
    for width, scheme in ((375, "light"), (1280, "light"), (375, "dark")):
        context, page, _ = open_page(browser, site, path, width=width, scheme=scheme)
        try:
            shot = SHOTS / f"{name}-{width}-{scheme}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 1000
        finally:
            context.close()


def test_pages_work_without_javascript(browser: object, site: Server) -> None:
    context, page, _ = open_page(browser, site, PAGES[4], java_script_enabled=False)
    try:
        assert page.locator("h1").inner_text() == "Late: we promised Wednesday, 8 April 2026"
        assert page.locator(".order-ref").inner_text() == "Order SO-1042 · Acme Mills"
        assert page.locator("[aria-current=step] .step-label").inner_text() == "Being prepared"
    finally:
        context.close()


def test_print_media_hides_the_feed_links(browser: object, site: Server) -> None:
    context, page, _ = open_page(browser, site, PAGES[4])
    try:
        page.emulate_media(media="print")
        assert page.locator(".links").is_hidden()
        assert page.locator(".banner").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["index.html", f"track/{HOSTILE_TOKEN}/index.html", "notices/hostile/index.html"])
def test_hostile_markdown_runs_nothing_in_the_browser(browser: object, hostile_site: Server, path: str) -> None:
    context, page, watch = open_page(browser, hostile_site, path)
    try:
        for link in page.locator("a").all():
            href = link.get_attribute("href") or ""
            assert not href.strip().lower().startswith(("javascript:", "data:")), href
        page.locator("body").hover()
        page.mouse.move(10, 10)
        page.wait_for_timeout(200)
        assert watch.dialogs == []
        assert watch.console_errors == []
        assert watch.outside == []
        assert page.evaluate("document.querySelectorAll('iframe, img, object, embed').length") == 0
        assert page.url == hostile_site.url + path  # no meta refresh moved us away
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_of_the_built_sample_passes_axe_with_no_errors_or_outside_requests(
    browser: object, sample_site: Server, scheme: str
) -> None:
    paths = sorted(p.relative_to(sample_site.root).as_posix() for p in sample_site.root.rglob("*.html"))
    assert len(paths) >= 10
    failures: dict[str, object] = {}
    for path in paths:
        context, page, watch = open_page(browser, sample_site, path, scheme=scheme)
        try:
            results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
            if results.violations_count or watch.console_errors or watch.outside:
                failures[path] = (results.generate_report(), watch.console_errors, watch.outside)
            if scheme == "light" and path.startswith("track/") and path != "track/index.html":
                page.wait_for_load_state("networkidle")
                weight = sum(len(r.body()) for r in watch.responses)  # type: ignore[attr-defined]
                if weight > PAGE_BUDGET:
                    failures[path] = f"{weight} bytes"
        finally:
            context.close()
    assert failures == {}
