"""The contents list of a report is its own chapter headings, and links to chapters read
their headings' words: nothing to keep in step by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from omcreport.reports.contents import PLACEHOLDER, MissingHeading, with_contents

DOCUMENT = f"""<nav><h2>Contents</h2><ol>{PLACEHOLDER}</ol></nav>
<section class="chapter" id="one"><h2>First <em>chapter</em></h2>
<h3 id="detail" data-contents>A listed section</h3><h3 id="quiet">Not listed</h3>
<p>See <a href="#two" data-heading></a>.</p></section>
<section class="chapter flow" id="two"><h2>Second chapter</h2></section>"""


def test_chapters_and_marked_sections_become_the_contents_in_order() -> None:
    html = with_contents(DOCUMENT)
    assert (
        '<li><a href="#one">First chapter</a></li>\n<li class="sub"><a href="#detail">A listed section</a></li>\n'
        '<li><a href="#two">Second chapter</a></li>'
    ) in html
    assert "Not listed</a>" not in html
    assert 'See <a href="#two">Second chapter</a>.' in html


def test_a_link_to_a_heading_the_document_lacks_is_refused() -> None:
    with pytest.raises(MissingHeading, match="#gone"):
        with_contents(DOCUMENT.replace('href="#two" data-heading', 'href="#gone" data-heading'))


def test_the_findings_contents_page_lists_every_chapter_bookmark(sample_reports: Path) -> None:
    reader = PdfReader(sample_reports / "findings.pdf")
    chapters = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    contents = reader.pages[1].extract_text()
    assert len(chapters) >= 10
    positions = [contents.find(title) for title in chapters]
    assert -1 not in positions, [title for title, at in zip(chapters, positions, strict=True) if at == -1]
    assert positions == sorted(positions)
