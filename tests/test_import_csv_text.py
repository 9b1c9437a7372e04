"""CSV logs as spreadsheets and ERPs save them: any line end, a byte order mark, UTF-16;
and what a cell may not carry into a journey, refused at its line."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import pytest
from test_import_support import CSV_LOG, CSV_MAPPING, CSV_SITE, assert_check_passes, content_folder, omcreport, snapshot

LINES = CSV_LOG.read_text(encoding="utf-8").splitlines()
BAD_TIME = "SO-1001,Order confirmed,not-a-time,Dana,Customer Service,Acme Mills"
BAD_LINE = 4


def _with_bad_row() -> list[str]:
    return [*LINES[: BAD_LINE - 1], BAD_TIME, *LINES[BAD_LINE - 1 :]]


def _lf(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def _crlf(lines: list[str]) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _cr(lines: list[str]) -> bytes:
    return ("\r".join(lines) + "\r").encode("utf-8")


def _mixed(lines: list[str]) -> bytes:
    ends = ["\n", "\r\n", "\r"]
    return "".join(line + ends[index % 3] for index, line in enumerate(lines)).encode("utf-8")


def _bom_crlf(lines: list[str]) -> bytes:
    return codecs.BOM_UTF8 + _crlf(lines)


def _utf16_le(lines: list[str]) -> bytes:
    return codecs.BOM_UTF16_LE + ("\r\n".join(lines) + "\r\n").encode("utf-16-le")


def _utf16_be(lines: list[str]) -> bytes:
    return codecs.BOM_UTF16_BE + ("\n".join(lines) + "\n").encode("utf-16-be")


FORMS: dict[str, Callable[[list[str]], bytes]] = {
    "crlf": _crlf,
    "cr": _cr,
    "mixed": _mixed,
    "bom-crlf": _bom_crlf,
    "utf16-le": _utf16_le,
    "utf16-be": _utf16_be,
}


def _import(tmp_path: Path, data: bytes, mapping: Path = CSV_MAPPING) -> tuple[Path, str, int]:
    content = content_folder(tmp_path, CSV_SITE)
    log = tmp_path / "log.csv"
    log.write_bytes(data)
    result = omcreport("import", "csv", log.name, "--mapping", mapping, "--out", "content/journeys", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    return content, result.stdout + result.stderr, result.returncode


@pytest.mark.parametrize("form", FORMS)
def test_every_line_end_and_encoding_gives_the_same_journeys(tmp_path: Path, form: str) -> None:
    plain, _, status = _import(tmp_path / "lf", _lf(LINES))
    assert status == 0
    content, output, status = _import(tmp_path / form, FORMS[form](LINES))
    assert status == 0, output
    assert "imported 4 of 4 cases (24 events)" in output
    assert snapshot(content / "journeys") == snapshot(plain / "journeys")
    assert_check_passes(content)


@pytest.mark.parametrize("form", ["lf", *FORMS])
def test_a_bad_row_is_reported_at_its_line_whatever_the_line_ends(tmp_path: Path, form: str) -> None:
    data = _lf(_with_bad_row()) if form == "lf" else FORMS[form](_with_bad_row())
    content, output, status = _import(tmp_path, data)
    assert status == 1
    assert f"log.csv:{BAD_LINE}:1: error[OMC903]: timestamp 'not-a-time' is not ISO 8601" in output
    assert not (content / "journeys").exists()


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\x0c"])
def test_a_line_joined_by_a_character_some_tools_show_as_a_line_end_says_so(tmp_path: Path, separator: str) -> None:
    text = "\n".join(LINES[:2]) + separator + "\n".join(LINES[2:]) + "\n"
    _, output, status = _import(tmp_path, text.encode("utf-8"))
    assert status == 1
    assert (
        f"log.csv:2:1: error[OMC902]: 11 fields where the header has 6 (the line holds U+{ord(separator):04X}, "
        "which some tools show as a line end; CSV lines end with LF or CRLF)"
    ) in output


def test_utf16_that_is_not_is_refused(tmp_path: Path) -> None:
    _, output, status = _import(tmp_path, codecs.BOM_UTF16_LE + b"c\x00a\x00s")  # an odd byte count
    assert status == 1
    assert "log.csv:1:1: error[OMC901]: the log starts as UTF-16 (its byte order mark) but is not UTF-16" in output


NOTES_MAPPING = """\
timezone: UTC
csv: {case: case_id, activity: activity, timestamp: timestamp, customer: customer}
stages:
  fulfillment: {owner: Warehouse, customer_in_view: medium}
activities:
  Picked: {stage: fulfillment}
"""


@pytest.mark.parametrize(
    ("column", "value", "named"),
    [
        ("customer", "Acme\u202eMills", "bidirectional control character U+202E is not allowed"),
        ("customer", '"Acme\r\nMills"', "carriage return U+000D is not allowed in a value"),
        ("activity", "Pick\x00ed", "control character U+0000 is not allowed"),
    ],
)
def test_a_mapped_cell_with_a_forbidden_character_is_refused_at_its_line(
    tmp_path: Path, column: str, value: str, named: str
) -> None:
    cells = {"case_id": "SO-1", "activity": "Picked", "timestamp": "2026-01-01T09:00:00Z", "customer": "Acme"}
    cells[column] = value
    rows = ["case_id,activity,timestamp,customer,comment", "SO-1,Picked,2026-01-01T08:00:00Z,Acme,ok"]
    rows.append(",".join([*cells.values(), "fine"]))
    (tmp_path / "mapping.yaml").write_text(NOTES_MAPPING, encoding="utf-8")
    content, output, status = _import(tmp_path, _lf(rows), tmp_path / "mapping.yaml")
    assert status == 1
    assert f"log.csv:3:1: error[OMC908]: column {column!r}: {named} (in the log); fix the log or its export" in output
    assert not (content / "journeys").exists()


def test_a_forbidden_character_in_a_column_the_mapping_does_not_read_is_left_alone(tmp_path: Path) -> None:
    rows = ["case_id,activity,timestamp,customer,comment", "SO-1,Picked,2026-01-01T08:00:00Z,Acme,page\x0cbreak"]
    (tmp_path / "mapping.yaml").write_text(NOTES_MAPPING, encoding="utf-8")
    content, output, status = _import(tmp_path, _lf(rows), tmp_path / "mapping.yaml")
    assert status == 0, output
    assert "\x0c" not in (content / "journeys" / "SO-1.yaml").read_text(encoding="utf-8")
