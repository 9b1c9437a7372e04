"""Every example a reader can copy runs as written: the Example of `omcreport --help` and
of each subcommand's, and each `omcreport` command in the shell blocks of README.md and
docs/*.md. Each runs in a folder of its own under tmp_path, holding what the example
names, as a reader would have it:

- a copy of the sample content as `content/` (the repository's own content folder);
- for `import`: the repository's examples/ and the logs at the names the examples use
  (the OCEL "Order Management" log as order-management.json.gz and log.json.gz, its
  mapping as mapping.yaml, the CSV log as orders.csv), and no content folder: the
  sample's departments are its own, and an import starts a content folder;
- for `new site`: nothing (it starts a content folder).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from doc_commands import Example, doc_examples, help_examples, omcreport_on_path

from tests.conftest import ROOT, run_omcreport

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

# The examples that cannot run here, and why. Anything else that fails is a doc to fix.
NOT_RUN: dict[str, str] = {
    "omcreport serve": "serves until Ctrl-C; tests/test_serve.py runs it",
    "omcreport import ocel LOG": "a synopsis (LOG, MAPPING.yaml, [--out DIR] are placeholders)",
    "omcreport import csv  LOG": "a synopsis (LOG, MAPPING.yaml, [--out DIR] are placeholders)",
}
# Run in order from an empty folder, each outcome asserted, by tests/test_getting_started.py.
WALK_THROUGH = ROOT / "docs" / "getting-started.md"

OCEL_LOG = ROOT / "tests" / "data" / "order-management.json.gz"


def _examples() -> list[Example]:
    found = help_examples()
    for page in PAGES:
        if page != WALK_THROUGH:
            found += doc_examples(page)
    unique: dict[str, Example] = {}  # a group's help repeats its subcommands' examples
    for example in found:
        if not any(example.script.startswith(key) for key in NOT_RUN):
            unique.setdefault(example.script, example)
    return list(unique.values())


EXAMPLES = _examples()


def _prepare(folder: Path, example: Example) -> None:
    words = example.words
    if words[:1] == ["import"]:
        shutil.copytree(ROOT / "examples", folder / "examples")
        shutil.copyfile(OCEL_LOG, folder / "order-management.json.gz")
        shutil.copyfile(OCEL_LOG, folder / "log.json.gz")
        shutil.copyfile(ROOT / "examples" / "ocel-order-management" / "mapping.yaml", folder / "mapping.yaml")
        shutil.copyfile(ROOT / "examples" / "csv" / "orders.csv", folder / "orders.csv")
    elif words[:2] != ["new", "site"]:
        shutil.copytree(ROOT / "content", folder / "content")


def _run(folder: Path, example: Example) -> subprocess.CompletedProcess[str]:
    if not example.needs_shell:
        return run_omcreport(folder, *example.words)
    return subprocess.run(
        ["bash", "-e", "-c", example.script],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **omcreport_on_path(folder.parent)},
    )


def test_the_examples_are_found() -> None:
    """The collection itself: a broken extractor would pass every test below by finding nothing."""
    places = {example.where.split(":")[0] for example in EXAMPLES}
    assert {"omcreport --help", "omcreport build --help", "README.md", "docs/publishing.md"} <= places
    scripts = [example.script for example in EXAMPLES]
    assert "omcreport build content --as-of 2026-11-25T12:00:00Z" in scripts
    assert any(script.startswith("mkdir -p content/.schemas\nfor kind in") for script in scripts)
    # A continuation line is part of its command.
    assert any(script.endswith("--out content/journeys --limit 50") for script in scripts)


def test_every_excluded_example_exists() -> None:
    """An entry of NOT_RUN names an example still in the help or the docs."""
    everything = help_examples() + [example for page in PAGES for example in doc_examples(page)]
    for key in NOT_RUN:
        assert any(example.script.startswith(key) for example in everything), key


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: f"{example.where}: {example.script[:60]}")
def test_example_runs_as_written(example: Example, tmp_path: Path) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    _prepare(folder, example)
    ran = _run(folder, example)
    assert ran.returncode == 0, f"{example.where}: {example.script}\nstdout:\n{ran.stdout}\nstderr:\n{ran.stderr}"
    assert "Traceback" not in ran.stderr
