"""The example GitHub workflows: valid workflow files that do what docs/publishing.md says.

They are checked against SchemaStore's workflow schema (vendored in tests/data), their
shell steps are run for real against a small git repository, and the `--format github`
lines that the check step prints are checked to be the workflow commands GitHub reads.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "github"
SCHEMA = json.loads((ROOT / "tests" / "data" / "github-workflow.schema.json").read_text(encoding="utf-8"))
WORKFLOW_COMMAND = re.compile(
    r"::(?P<severity>error|warning) file=(?P<file>[^,:]+),line=(?P<line>\d+),col=(?P<col>\d+),"
    r"title=(?P<title>OMC\d+)::(?P<message>.+)"
)


class WorkflowLoader(yaml.SafeLoader):
    """YAML as GitHub reads it (1.2 booleans): `on:` stays the string "on"."""


WorkflowLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
WorkflowLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_workflow(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.load((EXAMPLES / name).read_text(encoding="utf-8"), Loader=WorkflowLoader)
    return data


def steps(workflow: dict[str, Any], job: str) -> list[dict[str, Any]]:
    job_steps: list[dict[str, Any]] = workflow["jobs"][job]["steps"]
    return job_steps


def step_using(workflow: dict[str, Any], job: str, action: str) -> dict[str, Any]:
    found = [step for step in steps(workflow, job) if str(step.get("uses", "")).startswith(action + "@")]
    assert len(found) == 1, f"{job} should use {action} once"
    return found[0]


@pytest.mark.parametrize("name", ["pull-request.yml", "publish.yml"])
def test_example_is_a_valid_github_workflow(name: str) -> None:
    jsonschema.Draft7Validator(SCHEMA).validate(load_workflow(name))


def test_the_schema_check_is_not_vacuous() -> None:
    broken = load_workflow("publish.yml")
    del broken["jobs"]["build"]["runs-on"]
    broken["jobs"]["deploy"]["permissions"]["pages"] = "publish"
    errors = list(jsonschema.Draft7Validator(SCHEMA).iter_errors(broken))
    assert errors
    yaml_1_1 = yaml.safe_load((EXAMPLES / "publish.yml").read_text(encoding="utf-8"))
    assert True in yaml_1_1  # why WorkflowLoader exists: YAML 1.1 reads `on:` as a boolean
    assert list(jsonschema.Draft7Validator(SCHEMA).iter_errors(yaml_1_1))


def test_pull_request_workflow_checks_with_annotations_and_summarises_figures() -> None:
    workflow = load_workflow("pull-request.yml")
    assert "pull_request" in workflow["on"]
    runs = [str(step.get("run", "")) for step in steps(workflow, "check")]
    assert any(re.search(r"omcreport check \S+ --as-of now --format github", run) for run in runs)
    figures = next(run for run in runs if "omcreport stats" in run)
    assert figures.count("omcreport stats") == 2
    assert "GITHUB_STEP_SUMMARY" in figures
    assert step_using(workflow, "check", "actions/checkout")["with"]["fetch-depth"] == 0


def test_publish_workflow_puts_the_site_on_pages_and_keeps_reports_private() -> None:
    workflow = load_workflow("publish.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert "schedule" in workflow["on"]
    runs = [str(step.get("run", "")) for step in steps(workflow, "build")]
    assert any("omcreport build" in run and "--site-dir site" in run and "--reports-dir reports" in run for run in runs)
    assert step_using(workflow, "build", "actions/upload-pages-artifact")["with"]["path"] == "site"
    assert step_using(workflow, "build", "actions/upload-artifact")["with"]["path"] == "reports"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert workflow["permissions"] == {"contents": "read"}


def test_publish_runs_the_nightly_pipeline_in_order_and_notifies_after_deploying() -> None:
    workflow = load_workflow("publish.yml")
    names = [step.get("name") for step in steps(workflow, "build")]
    pipeline = [
        "Export the orders",
        "Import the orders",
        "Commit what the import changed",
        "Check content as of now",
        "Restore the site published last time",
        "Build the site and the reports",
        "Keep this site for the next run's comparison",
        "Upload the public site for GitHub Pages",
        "Write one message per changed order",
    ]
    assert [name for name in names if name in pipeline] == pipeline
    for name in pipeline[:3]:
        step = next(s for s in steps(workflow, "build") if s.get("name") == name)
        assert "github.event_name == 'schedule'" in step["if"]  # only the nightly run imports
    assert "--as-of now" in next(s for s in steps(workflow, "build") if s.get("name") == pipeline[3])["run"]
    restore = step_using(workflow, "build", "actions/cache/restore")
    save = step_using(workflow, "build", "actions/cache/save")
    assert restore["with"]["path"] == save["with"]["path"] == "site"
    notify = workflow["jobs"]["notify"]
    assert notify["needs"] == ["build", "deploy"]
    assert notify["steps"][0]["uses"].startswith("dawidd6/action-send-mail@")
    assert "fromJSON(needs.build.outputs.messages)" in notify["strategy"]["matrix"]["message"]
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "write"}


@pytest.mark.parametrize("name", ["pull-request.yml", "publish.yml"])
def test_workflows_install_a_pinned_tag_from_git(name: str) -> None:
    workflow = load_workflow(name)
    job = next(iter(workflow["jobs"]))
    install = next(step for step in steps(workflow, job) if step.get("name") == "Install omcreport")
    assert "omcreport @ git+https://github.com/${OMCREPORT_REPOSITORY}@${OMCREPORT_VERSION}" in install["run"]
    version = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)
    assert version is not None
    assert workflow["env"]["OMCREPORT_VERSION"] == f"v{version[1]}"  # the release this checkout is


def test_install_step_without_the_repository_variable_says_what_to_set(tmp_path: Path) -> None:
    install = next(s for s in steps(load_workflow("publish.yml"), "build") if s.get("name") == "Install omcreport")
    env = {**os.environ, "OMCREPORT_REPOSITORY": "", "OMCREPORT_VERSION": "v0.1.0"}
    done = subprocess.run(
        ["bash", "-e", "-c", install["run"]], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert "::error::set the repository variable OMCREPORT_REPOSITORY" in done.stdout


def test_check_github_format_lines_are_workflow_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    (content / "journeys").mkdir(parents=True)
    (content / "site.yaml").write_text("name: Northwind Pumps\nbase_url: https://track.example.com/\n")
    (content / "journeys" / "SO-1.yaml").write_text(
        "order: SO-1\n"
        "title: Pump\n"
        "customer: {display_name: Acme}\n"
        "stages:\n"
        "  - stage: entry\n"
        "    started: 2026-03-10T09:12:00+01:00\n"
        "    owner: Customer Service\n"
        "    customer_in_view: no\n"
    )
    summary = tmp_path / "summary.md"
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_ACTIONS": "true"}
    result = subprocess.run(
        [sys.executable, "-m", "omcreport", "check", "content", "--format", "github"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert lines, result.stdout
    matches = [WORKFLOW_COMMAND.fullmatch(line) for line in lines]
    assert all(matches), lines
    first = matches[0]
    assert first is not None
    assert (first["severity"], first["file"], first["line"], first["col"]) == (
        "error",
        "content/journeys/SO-1.yaml",
        "8",
        "23",
    )
    assert "did you mean 'none'" in first["message"].lower()
    assert summary.is_file()
    assert "content/journeys/SO-1.yaml" in summary.read_text(encoding="utf-8")


def shell_steps(workflow: dict[str, Any], job: str, names: list[str]) -> list[str]:
    by_name = {step.get("name"): step for step in steps(workflow, job)}
    return [by_name[name]["run"] for name in names]


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout.strip()


SITE = "name: Northwind Pumps\nbase_url: https://track.example.com/\n"
JOURNEY = (
    "order: {order}\n"
    "title: Pump\n"
    "customer: {{display_name: Acme}}\n"
    "stages:\n"
    "  - stage: entry\n"
    "    started: 2026-03-10T09:00:00Z\n"
    "    ended: 2026-03-10T{hour}:00:00Z\n"
    "    owner: Customer Service\n"
    "    customer_in_view: high\n"
    "  - stage: fulfillment\n"
    "    started: 2026-03-11T09:00:00Z\n"
    "    ended: 2026-03-12T09:00:00Z\n"
    "    owner: Warehouse\n"
    "    customer_in_view: low\n"
)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pull_request_figures_step_runs_and_writes_a_diff_into_the_summary(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "content" / "journeys").mkdir(parents=True)
    (repo / "content" / "site.yaml").write_text(SITE)
    (repo / "content" / "journeys" / "SO-1.yaml").write_text(JOURNEY.format(order="SO-1", hour="11"))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    base_sha = git(repo, "rev-parse", "HEAD")
    (repo / "content" / "journeys" / "SO-2.yaml").write_text(JOURNEY.format(order="SO-2", hour="15"))
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "head")

    workflow = load_workflow("pull-request.yml")
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()
    summary = tmp_path / "summary.md"
    env = {
        **os.environ,
        **{key: str(value) for key, value in workflow["env"].items()},
        "BASE_SHA": base_sha,
        "RUNNER_TEMP": str(runner_temp),
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    for script in shell_steps(workflow, "check", ["Check content", "Summarise what changed in the figures"]):
        done = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", script],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    text = summary.read_text(encoding="utf-8")
    assert "## Figures: base branch → this pull request" in text
    assert "```diff" in text
    changed = [
        line for line in text.splitlines() if line.startswith(("-", "+")) and not line.startswith(("---", "+++"))
    ]
    assert any(line.startswith("-") and re.search(r"\bjourneys\b.*\b1\b", line, re.IGNORECASE) for line in changed)
    assert any(line.startswith("+") and re.search(r"\bjourneys\b.*\b2\b", line, re.IGNORECASE) for line in changed)
    assert not (runner_temp / "base").exists()
