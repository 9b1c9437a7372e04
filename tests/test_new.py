"""`omcreport new`: starting files that pass `omcreport check`, never overwrite, refuse bad names."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner, Result
from test_schema_cmd import as_json

from omcreport.cli import cli
from omcreport.yamlio import read_yaml_file

TOKEN = re.compile(r"[A-Za-z0-9_-]{22,64}")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    assert run("new", "site").exit_code == 0
    return tmp_path


def check_passes() -> None:
    result = run("check", "content")
    assert result.exit_code == 0, result.output
    assert "error[" not in result.output
    assert "warning[" not in result.output


def test_every_kind_of_starting_file_passes_check(workdir: Path) -> None:
    written = [
        run("new", "journey", "SO-1042", "--public"),
        run("new", "journey", "SO-1043"),
        run("new", "observation", "OBS-014", "--stage", "billing"),
        run("new", "notice", "2026-04-leeds-delays"),
    ]
    assert [result.exit_code for result in written] == [0, 0, 0, 0]
    assert [result.output.strip() for result in written] == [
        "content/journeys/SO-1042.yaml",
        "content/journeys/SO-1043.yaml",
        "content/observations/OBS-014.yaml",
        "content/notices/2026-04-leeds-delays.yaml",
    ]
    check_passes()


SCHEMA_LINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")


@pytest.mark.parametrize(
    "args",
    [["site"], ["journey", "SO-1", "--public"], ["observation", "OBS-1", "--stage", "entry"], ["notice", "N-1"]],
)
def test_first_line_points_the_editor_at_a_schema_that_is_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """Wherever the content folder lives, the `$schema` path resolves from the file to the
    schema `omcreport schema` prints, and the starting file is valid against it."""
    monkeypatch.chdir(tmp_path)
    content = Path("elsewhere", "deep", "orders")
    if args[0] != "site":
        assert run("new", "site", "--content-dir", str(content)).exit_code == 0
    result = run("new", *args, "--content-dir", str(content))
    assert result.exit_code == 0, result.output
    written = Path(result.stdout.strip())
    text = written.read_text(encoding="utf-8")
    line = SCHEMA_LINE.match(text)
    assert line is not None, text.splitlines()[0]
    referenced = (written.parent / line.group(1)).resolve()
    assert referenced.is_relative_to(content.resolve())
    schema = json.loads(referenced.read_text(encoding="utf-8"))
    kind = referenced.name.removesuffix(".schema.json")
    assert args[0] == kind
    assert schema == json.loads(run("schema", kind).stdout)
    parsed = read_yaml_file(written, str(written)).root
    assert parsed is not None
    jsonschema.validate(as_json(parsed), schema)
    assert run("check", str(content)).exit_code == 0


def test_every_kind_gets_its_schema_and_a_stale_one_is_refreshed(workdir: Path) -> None:
    schemas = Path("content/.schemas")
    kinds = ["journey", "notice", "observation", "site", "stages"]
    assert sorted(path.name for path in schemas.iterdir()) == [f"{kind}.schema.json" for kind in kinds]
    (schemas / "journey.schema.json").write_text("{}", encoding="utf-8")
    assert run("new", "notice", "N-1").exit_code == 0
    assert json.loads((schemas / "journey.schema.json").read_text()) == json.loads(run("schema", "journey").stdout)
    check_passes()


def test_uncommented_example_times_and_dates_pass_check(workdir: Path) -> None:
    """The commented `ended`, `due`, `promised` and `expected` lie after the generated times."""
    assert run("new", "journey", "SO-1", "--public").exit_code == 0
    path = Path("content/journeys/SO-1.yaml")
    keys = ("ended", "due", "promised", "expected")
    uncommented = re.sub(rf"^(\s*)# ((?:{'|'.join(keys)}): )", r"\1\2", path.read_text(), flags=re.MULTILINE)
    path.write_text(uncommented, encoding="utf-8")
    data = yaml.safe_load(uncommented)
    visit = data["stages"][0]
    assert {key for key in keys if key in visit or key in data or key in data["public"]} == set(keys)
    assert visit["started"] < visit["due"] < visit["ended"]
    result = run("check", "content")
    assert result.exit_code == 0, result.output
    # An ended first visit and no next one reads as a completed order: a warning, not an error.
    assert "error[" not in result.output


def test_public_journey_gets_a_fresh_long_random_token(workdir: Path) -> None:
    assert run("new", "journey", "SO-1", "--public").exit_code == 0
    assert run("new", "journey", "SO-2", "--public").exit_code == 0
    tokens = [yaml.safe_load(Path(f"content/journeys/SO-{n}.yaml").read_text())["public"]["token"] for n in (1, 2)]
    for token in tokens:
        assert TOKEN.fullmatch(token)
        # 128 bits at least even ignoring case (tokens are unique ignoring case): 6 bits per
        # character of the alphabet, about 5 once case is folded.
        assert len(token) * 5 >= 128
    assert tokens[0] != tokens[1]
    check_passes()


def test_internal_journey_has_no_public_block(workdir: Path) -> None:
    assert run("new", "journey", "SO-1").exit_code == 0
    data = yaml.safe_load(Path("content/journeys/SO-1.yaml").read_text())
    assert "public" not in data
    assert data["order"] == "SO-1"


def test_refuses_to_overwrite_and_leaves_the_file_alone(workdir: Path) -> None:
    assert run("new", "journey", "SO-1").exit_code == 0
    target = Path("content/journeys/SO-1.yaml")
    target.write_text(target.read_text() + "# edited by hand\n")
    before = target.read_text()
    again = run("new", "journey", "SO-1", "--public")
    assert again.exit_code == 1
    assert "content/journeys/SO-1.yaml already exists" in again.output
    assert target.read_text() == before
    differing_in_case = run("new", "journey", "so-1")
    assert differing_in_case.exit_code == 1
    assert "already exists" in differing_in_case.output
    assert not Path("content/journeys/so-1.yaml").exists()


@pytest.mark.parametrize("bad", ["bad id", "-leading-dash", "x" * 65, "Ärger", "a/b", "../escape", ""])
def test_bad_names_are_usage_errors(workdir: Path, bad: str) -> None:
    for args in (["journey", bad], ["observation", bad, "--stage", "billing"], ["notice", bad]):
        result = run("new", *args)
        assert result.exit_code == 2, (args, result.output)
        assert "Error: " in result.output
    assert sorted(str(p) for p in Path("content").rglob("*.yaml")) == ["content/site.yaml"]


def test_unknown_stage_is_a_usage_error(workdir: Path) -> None:
    result = run("new", "observation", "OBS-1", "--stage", "shipping")
    assert result.exit_code == 2
    assert "'shipping' is not one of" in result.output


def test_names_that_yaml_would_misread_are_quoted(workdir: Path) -> None:
    for name in ("0012", "1e3", "no", "2026-04-01"):
        assert run("new", "journey", name).exit_code == 0
        data = yaml.safe_load(Path(f"content/journeys/{name}.yaml").read_text())
        assert data["order"] == name
    check_passes()


def test_owner_is_one_of_the_listed_departments(workdir: Path) -> None:
    site = Path("content/site.yaml")
    site.write_text(site.read_text().replace("# departments: [", "departments: [Dispatch, "))
    assert run("new", "journey", "SO-1").exit_code == 0
    data = yaml.safe_load(Path("content/journeys/SO-1.yaml").read_text())
    assert data["stages"][0]["owner"] == "Dispatch"
    check_passes()


def test_other_content_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("new", "site", "--content-dir", "orders").exit_code == 0
    result = run("new", "notice", "N-1", "--stage", "billing", "--content-dir", "orders")
    assert result.output.strip() == "orders/notices/N-1.yaml"
    assert yaml.safe_load(Path("orders/notices/N-1.yaml").read_text())["stages"] == ["billing"]
    assert run("check", "orders").exit_code == 0


def test_token_prints_a_fresh_token_each_time() -> None:
    first, second = run("new", "token").output.strip(), run("new", "token").output.strip()
    assert TOKEN.fullmatch(first)
    assert TOKEN.fullmatch(second)
    assert first != second


@pytest.mark.parametrize("sub", ["journey", "observation", "notice", "site", "token"])
def test_help_has_an_example(sub: str) -> None:
    result = run("new", sub, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"omcreport new {sub}" in result.output


def test_getting_started_flow_builds_a_tracking_page(workdir: Path) -> None:
    """docs/getting-started.md, steps 2 to 5: new files, check, build; the page exists."""
    assert run("new", "journey", "SO-1042", "--public").exit_code == 0
    assert run("new", "observation", "OBS-001", "--stage", "billing").exit_code == 0
    assert run("new", "notice", "2026-04-leeds-delays").exit_code == 0
    check_passes()
    token = yaml.safe_load(Path("content/journeys/SO-1042.yaml").read_text())["public"]["token"]
    built = subprocess.run(
        [sys.executable, "-m", "omcreport", "build", "--only", "site"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    page = Path("site/track") / token / "index.html"
    assert page.is_file()
    html = page.read_text(encoding="utf-8")
    assert "Customer name" in html
    assert "We have your order and are checking the details." in html
    assert "/_preview/" not in html


def test_a_folder_without_site_yaml_gets_a_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["new", "journey", "SO-1"])
    assert result.exit_code == 0
    assert result.stdout.strip() == "content/journeys/SO-1.yaml"
    assert "has no site.yaml yet; `omcreport new site` writes one" in result.stderr


class EditorYamlLoader(yaml.SafeLoader):
    """YAML as the editor's language server reads it: times and dates stay strings."""


EditorYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def test_starting_files_satisfy_the_schemas_the_editor_uses(workdir: Path) -> None:
    assert run("new", "journey", "SO-1", "--public").exit_code == 0
    assert run("new", "observation", "OBS-1", "--stage", "pricing").exit_code == 0
    assert run("new", "notice", "N-1").exit_code == 0
    files = {
        "site": "content/site.yaml",
        "journey": "content/journeys/SO-1.yaml",
        "observation": "content/observations/OBS-1.yaml",
        "notice": "content/notices/N-1.yaml",
    }
    for kind, path in files.items():
        printed = run("schema", kind)
        assert printed.exit_code == 0
        schema = json.loads(printed.stdout)
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=EditorYamlLoader)
        errors = [error.message for error in jsonschema.Draft202012Validator(schema).iter_errors(data)]
        assert errors == [], (kind, errors)
    broken = yaml.load(Path(files["journey"]).read_text(encoding="utf-8"), Loader=EditorYamlLoader)
    broken["stages"][0]["customer_in_view"] = "sometimes"
    assert list(jsonschema.Draft202012Validator(json.loads(run("schema", "journey").stdout)).iter_errors(broken))
