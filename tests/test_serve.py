"""`omcreport serve` for real: a subprocess, headless Chromium, and edits to the YAML.

The page reloads after an edit; a broken edit shows the problems over the page while
the last good build stays served; `/_preview/` lists the reports; the temporary build
folder is gone after the server stops.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parent / "data" / "preview-content"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AS_OF_EPOCH = "1775822400"  # 2026-04-10T12:00:00Z
STARTUP_SECONDS = 180
CHANGE_MS = 90_000
TOKEN = "Pv7mQ2xT9kLr4NcW8sYh3J"


class ServeProcess:
    """`omcreport serve` in a subprocess, its stderr collected line by line."""

    def __init__(self, content_dir: Path, cwd: Path, port: int = 0) -> None:
        env = {
            **os.environ,
            "SOURCE_DATE_EPOCH": AS_OF_EPOCH,
            "XDG_CACHE_HOME": str(cwd / "cache"),
            "PYTHONUNBUFFERED": "1",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "omcreport", "serve", str(content_dir), "--port", str(port)],
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def wait_for_line(self, pattern: str, timeout: float = STARTUP_SECONDS, start: int = 0) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines[start:]:
                match = re.search(pattern, line)
                if match:
                    return match
            if self.process.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.1)
        raise AssertionError(f"no line matching {pattern!r}; stderr so far:\n" + "\n".join(self.lines))

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                # A report build under way finishes first (WeasyPrint cannot be cut short).
                self.process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        self._reader.join(timeout=10)
        return self.process.returncode


def get(url: str) -> tuple[int, str, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace"), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace"), dict(error.headers)


def state(base: str) -> dict[str, Any]:
    status, body, _ = get(base + "_preview/state")
    assert status == 200
    result: dict[str, Any] = json.loads(body)
    return result


def wait_until(condition: Any, timeout: float = 120, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(DATA, target)
    # Promised after the as-of, so the order is not late: a late order would (rightly) keep
    # a build warning, OMC408, in the overlay that these tests expect to close.
    replace_in(target / "journeys" / "SO-1.yaml", "promised: 2026-04-02", "promised: 2026-04-14")
    return target


@pytest.fixture
def serve(content: Path, tmp_path: Path) -> Iterator[tuple[ServeProcess, str]]:
    server = ServeProcess(content, tmp_path)
    try:
        match = server.wait_for_line(r"serving (http://127\.0\.0\.1:\d+/)")
        yield server, match.group(1)
    finally:
        server.stop()


@pytest.fixture
def browser_page() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            page.console_errors = errors
            yield page
        finally:
            browser.close()


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_edit_reloads_the_page_and_a_broken_edit_shows_the_overlay_over_the_last_good_build(
    serve: tuple[ServeProcess, str], content: Path, browser_page: Any
) -> None:
    server, base = serve
    page = browser_page
    page.goto(base + f"track/{TOKEN}/")
    page.get_by_text("Acme Mills").first.wait_for(timeout=CHANGE_MS)
    assert page.locator('script[src="/_preview/reload.js"]').count() == 1
    first_generation = state(base)["generation"]
    assert first_generation >= 1

    # An edit: the open page reloads by itself and shows the new text.
    replace_in(content / "journeys" / "SO-1.yaml", "Your pump is being assembled.", "Your pump is on the test bench.")
    page.get_by_text("Your pump is on the test bench.").wait_for(timeout=CHANGE_MS)
    assert state(base)["generation"] > first_generation

    # A broken edit: the problem shows over the page, which still shows the last good build.
    mark = len(server.lines)
    replace_in(content / "journeys" / "SO-1.yaml", "customer_in_view: medium", "customer_in_view: sometimes")
    overlay = page.locator("#omcreport-preview-problems")
    overlay.wait_for(state="visible", timeout=CHANGE_MS)
    # A locator, not wait_for_function: polling a string predicate needs eval, which the CSP forbids.
    page.locator("#omcreport-preview-problems", has_text="SO-1.yaml:20:23").wait_for(timeout=CHANGE_MS)
    assert "showing the last good build" in overlay.inner_text()
    assert "sometimes" in overlay.inner_text()
    assert page.get_by_text("Your pump is on the test bench.").is_visible()
    server.wait_for_line(r"SO-1\.yaml:20:23: error\[", start=mark, timeout=CHANGE_MS / 1000)
    status, body, _ = get(base + f"track/{TOKEN}/")
    assert status == 200
    assert "Your pump is on the test bench." in body
    assert state(base)["problems"][0]["line"] == 20

    # Fixed again: the overlay goes away and the page follows the content.
    replace_in(content / "journeys" / "SO-1.yaml", "customer_in_view: sometimes", "customer_in_view: low")
    replace_in(content / "journeys" / "SO-1.yaml", "on the test bench.", "packed for despatch.")
    page.get_by_text("Your pump is packed for despatch.").wait_for(timeout=CHANGE_MS)
    overlay.wait_for(state="detached", timeout=CHANGE_MS)
    assert page.console_errors == []


def test_site_name_change_reaches_the_overview(
    serve: tuple[ServeProcess, str], content: Path, browser_page: Any
) -> None:
    _, base = serve
    page = browser_page
    page.goto(base)
    page.get_by_text("Preview Pumps").first.wait_for(timeout=CHANGE_MS)
    replace_in(content / "site.yaml", "name: Preview Pumps", "name: Renamed Pumps Ltd")
    page.get_by_text("Renamed Pumps Ltd").first.wait_for(timeout=CHANGE_MS)
    assert "Renamed Pumps Ltd" in page.title() or page.get_by_text("Renamed Pumps Ltd").count() >= 1


def test_preview_index_lists_tracking_pages_and_reports(serve: tuple[ServeProcess, str], browser_page: Any) -> None:
    _, base = serve
    wait_until(lambda: state(base)["reports_generation"] >= 1, timeout=300, what="the first reports build")
    page = browser_page
    page.goto(base + "_preview/")
    links = {link.inner_text(): link.get_attribute("href") for link in page.locator("a").all()}
    assert links["Tracking page of SO-1 (Acme Mills)"] == f"/track/{TOKEN}/"
    assert links["findings.pdf"] == "/_preview/reports/findings.pdf"
    assert links["findings.json"] == "/_preview/reports/findings.json"
    assert links["links.csv"] == "/_preview/reports/links.csv"
    assert links["journeys.csv"] == "/_preview/reports/journeys.csv"
    assert links["journeys/SO-1.pdf"] == "/_preview/reports/journeys/SO-1.pdf"
    assert "journeys/SO-2.pdf" not in links  # only followed journeys get a PDF by default
    status, body, headers = get(base + "_preview/reports/findings.json")
    assert status == 200
    assert json.loads(body)["journeys"] == 2
    with urllib.request.urlopen(base + "_preview/reports/findings.pdf", timeout=30) as response:
        assert response.read(5) == b"%PDF-"
    assert headers["Cache-Control"] == "no-store"
    # The reports are reachable only under /_preview/, never beside the site.
    assert get(base + "findings.pdf")[0] == 404
    assert get(base + "_preview/reports/../../etc/passwd")[0] == 404


def test_stopping_removes_the_temporary_build(content: Path, tmp_path: Path) -> None:
    server = ServeProcess(content, tmp_path)
    try:
        folder = Path(server.wait_for_line(r"into (\S+omcreport-preview-\S+)$").group(1))
        server.wait_for_line(r"serving http://")
        assert (folder / "site" / "index.html").is_file()
    finally:
        returncode = server.stop()
    assert returncode == 0
    assert not folder.exists()


def test_broken_content_at_start_serves_a_waiting_page_with_the_problems(
    content: Path, tmp_path: Path, browser_page: Any
) -> None:
    replace_in(content / "site.yaml", "base_url: https://track.preview.example/", "base_url: track.preview.example")
    server = ServeProcess(content, tmp_path)
    try:
        base = server.wait_for_line(r"serving (http://127\.0\.0\.1:\d+/)").group(1)
        page = browser_page
        page.goto(base)
        overlay = page.locator("#omcreport-preview-problems")
        overlay.wait_for(state="visible", timeout=CHANGE_MS)
        assert "site.yaml:2:" in overlay.inner_text()
        replace_in(content / "site.yaml", "base_url: track.preview.example", "base_url: https://track.preview.example/")
        page.get_by_text("Preview Pumps").first.wait_for(timeout=CHANGE_MS)
    finally:
        server.stop()


def test_port_in_use_is_a_clean_error(tmp_path: Path, content: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "omcreport", "serve", str(content), "--port", str(port)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert f"cannot serve on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_only_loopback_host_names_are_answered(serve: tuple[ServeProcess, str]) -> None:
    """A page that rebinds its own domain to 127.0.0.1 must not read the preview (DNS rebinding)."""
    import http.client

    _, base = serve
    port = int(base.rstrip("/").rsplit(":", 1)[1])
    answers = {}
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"attacker.example:{port}", "attacker.example"):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/_preview/reports/links.csv", headers={"Host": host})
        response = connection.getresponse()
        body = response.read()
        answers[host] = response.status
        if response.status != 200:
            assert TOKEN.encode() not in body
        connection.close()
    assert answers == {
        f"127.0.0.1:{port}": 200,
        f"localhost:{port}": 200,
        f"attacker.example:{port}": 421,
        "attacker.example": 421,
    }


@pytest.mark.parametrize("alias", ["127.1", "localhost", "::ffff:127.0.0.1", "::1", "127.0.0.2"])
def test_every_loopback_form_keeps_the_host_check(content: Path, alias: str) -> None:
    """Bound to any spelling of loopback, a rebinding page's Host is still refused."""
    import http.client
    import threading

    from omcreport.preview.server import make_server
    from omcreport.preview.session import PreviewSession

    session = PreviewSession(content)
    server = make_server(alias, 0, session)
    address, port = str(server.server_address[0]), int(server.server_address[1])
    worker = threading.Thread(target=server.serve_forever, daemon=True)
    worker.start()
    try:
        answers = {}
        for host in ("attacker.example", f"localhost:{port}"):
            connection = http.client.HTTPConnection(address, port, timeout=30)
            connection.request("GET", "/_preview/", headers={"Host": host})
            answers[host] = connection.getresponse().status
            connection.close()
    finally:
        server.shutdown()
        session.close()
        server.server_close()
    assert answers["attacker.example"] == 421
    assert answers[f"localhost:{port}"] != 421
