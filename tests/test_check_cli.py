"""omcreport check from the user's side: exit codes, the three output forms, the job
summary, and that it neither loads the PDF engine nor reads the clock."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from omcreport.cli import cli
from omcreport.diagnostics import github_line
from omcreport.errors import Problem

REPOSITORY = Path(__file__).resolve().parents[1]

SITE = "name: Northwind Pumps\nbase_url: https://track.example.com/\ndepartments: [Sales]\n"
JOURNEY = """\
order: SO-1
title: Pump
customer: {display_name: Acme}
stages:
  - stage: fulfillment
    started: 2026-03-10T09:12:00+01:00
    ended: 2026-03-11T09:12:00+01:00
    owner: Sales
    customer_in_view: high
"""


# check's last line for site.yaml and the journeys `make` writes starts with this.
READ_ONE = "checked 2 files (site.yaml, 1 journey)"


def make(root: Path, journeys: dict[str, str]) -> Path:
    (root / "content" / "journeys").mkdir(parents=True)
    (root / "content" / "site.yaml").write_text(SITE, encoding="utf-8")
    for name, text in journeys.items():
        (root / "content" / "journeys" / name).write_text(text, encoding="utf-8")
    return root / "content"


def run(root: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    with contextlib.chdir(root):
        result = CliRunner().invoke(cli, ["check", *args], env={"XDG_CACHE_HOME": str(root / "cache"), **(env or {})})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout


def test_content_dir_defaults_to_content(tmp_path: Path) -> None:
    make(tmp_path, {"SO-1.yaml": JOURNEY})
    assert run(tmp_path) == (0, f"{READ_ONE}: no problems found\n")


def test_exit_1_on_errors_with_sorted_lines_and_a_count(tmp_path: Path) -> None:
    make(
        tmp_path,
        {
            "SO-1.yaml": JOURNEY.replace("title: Pump", "title: 2026"),
            "SO-2.yaml": JOURNEY.replace("SO-1", "SO-2").replace("owner: Sales", "owner: sales"),
        },
    )
    status, output = run(tmp_path, "content")
    assert status == 1
    assert output.splitlines() == [
        'content/journeys/SO-1.yaml:2:8: error[OMC204]: title: 2026 is read as a number; write it in quotes: "2026"',
        "content/journeys/SO-2.yaml:8:12: error[OMC310]: owner 'sales' is not one of site.yaml's departments "
        "(did you mean 'Sales'?)",
        "checked 3 files (site.yaml, 2 journeys): 2 errors, 0 warnings in 2 files",
    ]


def test_warnings_exit_0_and_1_with_strict(tmp_path: Path) -> None:
    make(tmp_path, {"so-one.yaml": JOURNEY})
    expected = (
        "content/journeys/so-one.yaml:1:8: warning[OMC402]: the file name 'so-one' differs from its order 'SO-1'; "
        f"name the file SO-1.yaml\n{READ_ONE}: 0 errors, 1 warning in 1 file\n"
    )
    assert run(tmp_path, "content") == (0, expected)
    assert run(tmp_path, "content", "--strict") == (1, expected)


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    make(tmp_path, {"SO-1.yaml": JOURNEY})
    assert run(tmp_path, "--format", "xml")[0] == 2
    assert run(tmp_path, "--no-such-option")[0] == 2
    assert run(tmp_path, "content", "extra")[0] == 2


def test_json_lists_problems_in_text_order(tmp_path: Path) -> None:
    make(tmp_path, {"SO-1.yaml": JOURNEY.replace("title: Pump", "title: 2026"), "x.yml": "x"})
    status, output = run(tmp_path, "--format", "json")
    assert status == 1
    assert json.loads(output) == [
        {
            "path": "content/journeys/SO-1.yaml",
            "line": 2,
            "col": 8,
            "severity": "error",
            "code": "OMC204",
            "message": 'title: 2026 is read as a number; write it in quotes: "2026"',
        },
        {
            "path": "content/journeys/x.yml",
            "line": 1,
            "col": 1,
            "severity": "warning",
            "code": "OMC401",
            "message": "unexpected file 'x.yml'; only .yaml files are read",
        },
    ]


def test_json_of_clean_content_is_an_empty_list(tmp_path: Path) -> None:
    make(tmp_path, {"SO-1.yaml": JOURNEY})
    assert run(tmp_path, "--format", "json") == (0, "[]\n")


def test_only_the_text_form_says_how_many_files_were_read(tmp_path: Path) -> None:
    make(tmp_path, {"SO-1.yaml": JOURNEY.replace("title: Pump", "title: 2026")})
    outputs = {form: run(tmp_path, "--format", form)[1] for form in ("text", "json", "github")}
    assert outputs["text"].endswith(f"{READ_ONE}: 1 error, 0 warnings in 1 file\n")
    assert len(json.loads(outputs["json"])) == 1
    assert "checked" not in outputs["github"]
    assert "checked" not in outputs["json"]


def test_github_workflow_commands_escape_data_and_properties(tmp_path: Path) -> None:
    make(tmp_path, {"a,b:c.yaml": JOURNEY.replace("title: Pump", 'title: Pump\n"100%\\r\\nx": 1')})
    status, output = run(tmp_path, "--format", "github")
    assert status == 1
    assert output.splitlines() == [
        "::warning file=content/journeys/a%2Cb%3Ac.yaml,line=1,col=8,title=OMC402::the file name 'a,b:c' differs "
        "from its order 'SO-1'; name the file SO-1.yaml",
        "::error file=content/journeys/a%2Cb%3Ac.yaml,line=3,col=1,title=OMC103::carriage return U+000D is not "
        "allowed in a value (written as a YAML escape)",
        "::error file=content/journeys/a%2Cb%3Ac.yaml,line=3,col=1,title=OMC202::unknown key '100%25\\r\\nx'",
        "2 errors, 1 warning",
    ]


def test_github_escapes_percent_cr_and_lf_in_messages() -> None:
    problem = Problem("a:b,c.yaml", 3, 4, "error", "OMC105", "50% done\r\nnext: line")
    assert github_line(problem) == "::error file=a%3Ab%2Cc.yaml,line=3,col=4,title=OMC105::50%25 done%0D%0Anext: line"


def test_github_format_appends_the_full_list_to_the_job_summary(tmp_path: Path) -> None:
    journeys = {f"SO-{n}.yaml": JOURNEY.replace("SO-1", f"SO-{n}").replace("Pump", "12") for n in range(1, 13)}
    make(tmp_path, journeys)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    status, output = run(tmp_path, "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert status == 1
    assert len(output.splitlines()) == 13
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n### omcreport check: 12 errors, 0 warnings\n")
    rows = [line for line in text.splitlines() if line.startswith("| ` content/")]
    assert len(rows) == 12
    assert rows[0] == (
        "| ` content/journeys/SO-1.yaml ` | 2 | 8 | error | OMC204 "
        '| ` title: 12 is read as a number; write it in quotes: "12" ` |'
    )


def test_the_summary_table_shows_content_as_inert_code(tmp_path: Path) -> None:
    planted = 'title: Pump\n"<b>|`x` ![p](https://e.example/p.png)": 1'
    make(tmp_path, {"SO-1.yaml": JOURNEY.replace("title: Pump", planted)})
    summary = tmp_path / "summary.md"
    run(tmp_path, "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    row = next(line for line in summary.read_text(encoding="utf-8").splitlines() if "OMC202" in line)
    assert row == (
        "| ` content/journeys/SO-1.yaml ` | 3 | 1 | error | OMC202 "
        "| `` unknown key '<b>\\|`x` ![p](https://e.example/p.png)' `` |"
    )


def test_text_format_never_writes_the_job_summary(tmp_path: Path) -> None:
    make(tmp_path, {"SO-1.yaml": JOURNEY.replace("Pump", "12")})
    summary = tmp_path / "summary.md"
    run(tmp_path, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert not summary.exists()


GUARD = """
import datetime, sys, time

class ClockRead(AssertionError):
    pass

def refuse(*args, **kwargs):
    raise ClockRead("check read the clock")

for name in ("time", "time_ns", "localtime", "ctime", "asctime"):
    original = getattr(time, name)
    setattr(time, name, refuse if name in ("time", "time_ns") else
            (lambda original: lambda *a: refuse() if not a else original(*a))(original))

class GuardedDatetime(datetime.datetime):
    now = classmethod(refuse)
    utcnow = classmethod(refuse)
    today = classmethod(refuse)

class GuardedDate(datetime.date):
    today = classmethod(refuse)

datetime.datetime = GuardedDatetime
datetime.date = GuardedDate

from omcreport.cli import cli
try:
    cli(["check", *sys.argv[1:]], prog_name="omcreport")
except SystemExit as exit:
    code = exit.code
heavy = sorted(name for name in sys.modules if name.split(".")[0] in ("weasyprint", "pydyf", "fontTools", "tinycss2"))
print("HEAVY", heavy)
sys.exit(code)
"""


def test_check_neither_imports_the_pdf_engine_nor_reads_the_clock(tmp_path: Path) -> None:
    make(tmp_path, {"SO-1.yaml": JOURNEY, "SO-2.yaml": JOURNEY.replace("SO-1", "SO-2").replace("Pump", "2026")})
    for target, expected_status in ((str(REPOSITORY / "content"), 0), ("content", 1)):
        result = subprocess.run(
            [sys.executable, "-c", GUARD, target, "--format", "json"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env={"XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
            timeout=120,
        )
        assert "ClockRead" not in result.stderr, result.stderr
        assert result.returncode == expected_status, result.stderr
        assert result.stdout.rstrip().endswith("HEAVY []")
