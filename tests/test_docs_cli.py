"""docs/cli.md is the commands' own --help text, and every command's help has an example."""

from __future__ import annotations

import difflib

import pytest
from docs_cli_regenerate import CLI_MD, command_paths, help_text, render_cli_reference


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
