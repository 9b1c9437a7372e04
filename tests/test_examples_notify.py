"""The notification half of examples/github/publish.yml, run for real: two builds give a
changes.json, notify/messages.py turns it into one e-mail per changed order in the page's
language, and the nightly import and commit steps run as written against a git remote."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, path_with_omcreport, run_omcreport
from tests.test_examples_github import git, load_workflow, steps

NOTIFY = ROOT / "examples" / "github" / "notify"
AS_OF = "2026-11-25T12:00:00Z"


def _build(project: Path) -> None:
    built = run_omcreport(project, "build", "--only", "site", "--as-of", AS_OF)
    assert built.returncode == 0, built.stderr


def _messages(project: Path) -> list[dict[str, str]]:
    done = subprocess.run(
        [sys.executable, str(NOTIFY / "messages.py"), "reports/changes.json", str(NOTIFY)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    line = done.stdout.strip()
    assert line.startswith("messages=") and "\n" not in line  # one GITHUB_OUTPUT line
    messages: list[dict[str, str]] = json.loads(line.removeprefix("messages="))
    return messages


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_one_message_per_changed_order_in_the_page_language(project: Path) -> None:
    journeys = project / "content" / "journeys"
    _edit(journeys / "SO-1002.yaml", "  segment: smb\n", "  segment: smb\n  email: einkauf@beta.example\n")
    _build(project)
    assert _messages(project) == []  # the first build: nothing compared, nobody mailed

    _edit(journeys / "SO-1002.yaml", "  expected: 2026-11-27\n", "  expected: 2026-11-30\n")
    _build(project)
    messages = _messages(project)
    assert len(messages) == 1
    message = messages[0]
    assert message["to"] == "einkauf@beta.example"
    assert message["subject"] == "Ihre Bestellung SO-1002: Neuigkeiten"  # de-DE page, de.yaml
    assert "Guten Tag Beta Brauerei," in message["body"]
    assert "- Neuer voraussichtlicher Liefertermin: 2026-11-30." in message["body"]
    assert "https://track.minipumps.example/track/ScwJ24sYBTNRxAw7kVU0og/" in message["body"]


def test_an_order_without_email_gets_no_message(project: Path) -> None:
    journey = project / "content" / "journeys" / "SO-1002.yaml"
    _build(project)
    _edit(journey, "  expected: 2026-11-27\n", "  expected: 2026-11-30\n")
    _build(project)
    changes = json.loads((project / "reports" / "changes.json").read_text(encoding="utf-8"))
    assert [order["order"] for order in changes["orders"]] == ["SO-1002"]
    assert _messages(project) == []


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_nightly_import_and_commit_steps_run_as_written(tmp_path: Path) -> None:
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True, timeout=60)
    repo = tmp_path / "repo"
    (repo / "content" / "journeys").mkdir(parents=True)
    (repo / "content" / "site.yaml").write_text("name: Order Management\nbase_url: https://track.example.com/\n")
    (repo / "import").mkdir()
    shutil.copy(ROOT / "examples" / "ocel-order-management" / "mapping.yaml", repo / "import" / "mapping.yaml")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "content")
    git(repo, "remote", "add", "origin", str(origin))
    git(repo, "push", "-q", "-u", "origin", "main")

    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()
    shutil.copy(ROOT / "tests" / "data" / "order-management.json.gz", runner_temp / "orders.jsonocel")
    workflow = load_workflow("publish.yml")
    by_name = {step.get("name"): step for step in steps(workflow, "build")}
    env = {
        **os.environ,
        **{k: str(v) for k, v in workflow["env"].items()},
        "RUNNER_TEMP": str(runner_temp),
        "PATH": path_with_omcreport(tmp_path / "bin"),
    }

    def run(name: str) -> str:
        done = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", by_name[name]["run"]],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    run("Import the orders")
    run("Commit what the import changed")
    pushed = git(origin, "log", "--format=%s", "main")
    assert pushed.splitlines()[0].startswith("import: orders as exported on ")
    files = git(origin, "ls-tree", "-r", "--name-only", "main", "content/journeys")
    assert len([name for name in files.splitlines() if name.endswith(".yaml")]) >= 1900

    run("Import the orders")
    assert "The import changed no journey." in run("Commit what the import changed")
    assert len(git(origin, "log", "--format=%s", "main").splitlines()) == 2
