"""Markdown from content: raw HTML never survives; links only where the policy allows."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from omcreport.richtext import public_html, report_html


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.found


HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<iframe src='https://evil.example'></iframe>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "<style>body{background:url(https://evil.example/x)}</style>",
    '<a href="https://ok.example" onclick="alert(1)">x</a>',
    '<object data="file:///etc/passwd"></object>',
    "<svg onload=alert(1)>",
]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("render", [public_html, report_html])
def test_raw_html_is_shown_as_text_never_as_markup(text: str, render) -> None:  # type: ignore[no-untyped-def]
    found = elements(str(render(text)))
    assert {tag for tag, _ in found} <= {"p", "a"}
    assert all(not name.startswith("on") for _, attrs in found for name in attrs)


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,<b>x</b>", "JaVaScRiPt:alert(1)", "vbscript:x", "file:///etc/passwd"]
)
def test_dangerous_link_schemes_lose_their_href(url: str) -> None:
    for render in (public_html, report_html):
        html = str(render(f"[click]({url})"))
        assert "href" not in html, html
        assert "click" in html


def test_public_keeps_http_https_mailto_links() -> None:
    html = str(public_html("[a](https://a.example) [b](http://b.example) [c](mailto:c@example.com)", inline=True))
    assert 'href="https://a.example"' in html
    assert 'href="http://b.example"' in html
    assert 'href="mailto:c@example.com"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_reports_keep_only_https_links() -> None:
    html = str(report_html("[a](https://a.example) [b](http://b.example) [c](mailto:c@example.com)"))
    assert 'href="https://a.example"' in html
    assert html.count("href=") == 1


def test_images_never_survive() -> None:
    for render in (public_html, report_html):
        html = str(render("![chart](https://evil.example/track.png)"))
        assert "<img" not in html and "evil.example" not in html


def test_inline_keeps_emphasis_and_drops_the_paragraph() -> None:
    assert str(public_html("We *will* ship **today**.", inline=True)) == "We <em>will</em> ship <strong>today</strong>."


def test_block_keeps_lists() -> None:
    html = str(public_html("Steps:\n\n- one\n- two"))
    assert "<ul>" in html and "<li>one</li>" in html


def test_a_reference_definition_does_not_carry_to_the_next_text() -> None:
    # The converter is reused between texts; its state must not be.
    assert 'href="https://one.example/"' in str(public_html("[x][r]\n\n[r]: https://one.example/"))
    assert "href" not in str(public_html("[x][r]"))
    assert "href" not in str(report_html("[x][r]"))
