"""docs/cli.md is the commands' own --help text, and every command's help has an example."""

from __future__ import annotations

import difflib
import re

import pytest
from docs_cli_regenerate import CLI_MD, command_paths, help_text, render_cli_reference

DOCS = CLI_MD.parent


def test_cli_reference_matches_the_help_of_every_command() -> None:
    expected = render_cli_reference()
    actual = CLI_MD.read_text(encoding="utf-8") if CLI_MD.exists() else ""
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                actual.splitlines(keepends=True), expected.splitlines(keepends=True), "docs/cli.md", "--help", n=1
            )
        )
        pytest.fail(f"docs/cli.md is out of date; run `python -m tests.docs_cli_regenerate`:\n{diff}")


def test_reference_covers_every_command_and_subcommand() -> None:
    text = CLI_MD.read_text(encoding="utf-8")
    paths = command_paths()
    assert ("new", "journey") in paths
    for path in paths:
        assert f"`{' '.join(('omcreport', *path))}`" in text


@pytest.mark.parametrize("path", command_paths(), ids=lambda path: " ".join(path) or "omcreport")
def test_every_help_has_an_example(path: tuple[str, ...]) -> None:
    text = help_text(path)
    assert "Example" in text
    example = text.split("Example", 1)[1]
    assert "omcreport" in example


MY_DOCS = ["index.md", "getting-started.md", "cli.md", "publishing.md", "security.md", "editors.md"]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _anchors(markdown: str) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    anchors = set()
    for heading in re.findall(r"^#+ (.+)$", markdown, re.MULTILINE):
        anchors.add(re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-"))
    return anchors


@pytest.mark.parametrize("name", MY_DOCS)
def test_relative_links_in_the_docs_resolve(name: str) -> None:
    page = DOCS / name
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):
            continue
        path_text, _, anchor = target.partition("#")
        path = (page.parent / path_text).resolve() if path_text else page
        assert path.exists(), f"{name}: broken link {target}"
        if anchor:
            assert anchor in _anchors(path.read_text(encoding="utf-8")), f"{name}: no heading for {target}"
