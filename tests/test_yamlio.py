"""The strict loader on its own: positions, node API and every refusal as a diagnostic line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from omcreport.yamlio import YamlMap, YamlScalar, YamlSeq, parse_yaml, read_yaml_file


def lines(data: bytes) -> list[str]:
    return [problem.as_text() for problem in parse_yaml(data, "f.yaml").problems]


def test_nodes_keep_line_column_style_and_yaml11_type() -> None:
    parsed = parse_yaml("title: 2026\nnote: 'é 9:30'\nlist:\n  - ab\n  - {k: v}\nn:\n".encode(), "f.yaml")
    assert parsed.problems == ()
    root = parsed.root
    assert isinstance(root, YamlMap)
    assert root.keys() == ("title", "note", "list", "n")
    title = root.get("title")
    assert isinstance(title, YamlScalar)
    assert (title.text, title.style, title.quoted, title.yaml11_type, title.line, title.col) == (
        "2026",
        "plain",
        False,
        "int",
        1,
        8,
    )
    note = root.get("note")
    assert isinstance(note, YamlScalar)
    assert (note.text, note.style, note.yaml11_type) == ("é 9:30", "single", "str")
    items = root.get("list")
    assert isinstance(items, YamlSeq)
    assert [(item.line, item.col) for item in items.items] == [(4, 5), (5, 5)]
    empty = root.get("n")
    assert isinstance(empty, YamlScalar)
    assert empty.yaml11_type == "null"


@pytest.mark.parametrize(
    ("text", "kind"),
    [("no", "bool"), ("0012", "int"), ("9:30", "int"), ("1.5", "float"), ("~", "null"), ("2026-04-01", "timestamp")],
)
def test_yaml11_surprises_are_visible(text: str, kind: str) -> None:
    root = parse_yaml(f"v: {text}\n".encode(), "f.yaml").root
    assert root is not None
    value = root.get("v")
    assert isinstance(value, YamlScalar)
    assert value.yaml11_type == kind


def test_columns_count_characters_not_bytes() -> None:
    assert lines("a: ééé\nb: éé: x\n".encode()) == [
        "f.yaml:2:6: error[OMC105]: YAML syntax error: mapping values are not allowed in this context"
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"a: 1\nb: 2\na: 3\n", ["f.yaml:3:1: error[OMC109]: duplicate key 'a' (first at f.yaml:1)"]),
        (b"1: x\n", ["f.yaml:1:1: error[OMC110]: key '1' is read as a number; write it in quotes"]),
        (b"no: x\n", ["f.yaml:1:1: error[OMC110]: key 'no' is read as a boolean; write it in quotes"]),
        (b"? [a]\n: x\n", ["f.yaml:1:3: error[OMC110]: a key must be a text, not a list"]),
        (b"a: &x 1\n", ["f.yaml:1:4: error[OMC107]: anchors (&name) are not allowed; write the value out"]),
        (b"a: 1\nb: *x\n", ["f.yaml:2:4: error[OMC107]: aliases (*name) are not allowed; write the value out"]),
        (b"<<: {a: 1}\n", ["f.yaml:1:1: error[OMC107]: merge keys (<<) are not allowed; write the keys out"]),
        (
            b"a: !!python/object/apply:os.system [ls]\n",
            ["f.yaml:1:4: error[OMC108]: explicit tags are not allowed (!!python/object/apply:os.system); remove it"],
        ),
        (b"a: !foo x\n", ["f.yaml:1:4: error[OMC108]: explicit tags are not allowed (!foo); remove it"]),
        (b"a: 1\n---\nb: 2\n", ["f.yaml:2:1: error[OMC106]: more than one YAML document in the file"]),
        (b"a: \xc3\xa9\xff\n", ["f.yaml:1:5: error[OMC102]: byte 0xFF is not UTF-8; save the file as UTF-8"]),
        (
            b"a: x\n# y\x00\n",
            ["f.yaml:2:4: error[OMC103]: control character U+0000 is not allowed; only tab, CR and LF are"],
        ),
        (
            b"a: x\xc2\x85\n",
            ["f.yaml:1:5: error[OMC103]: control character U+0085 is not allowed; only tab, CR and LF are"],
        ),
        (
            "# admin \u202e\na: x\n".encode(),
            ["f.yaml:1:9: error[OMC104]: bidirectional control character U+202E is not allowed (it can disguise text)"],
        ),
        (
            b"# reviewed\rtitle: 2026\n",
            ["f.yaml:1:11: error[OMC103]: a CR without LF; save the file with LF or CRLF line ends"],
        ),
        (
            "# reviewed\u2028title: 2026\n".encode(),
            [
                "f.yaml:1:11: error[OMC104]: Unicode line separator U+2028 is not allowed"
                " (editors do not show it as a line end)"
            ],
        ),
        (
            b"a:\n\tb: 1\n",
            [
                "f.yaml:2:1: error[OMC105]: YAML syntax error: found character that cannot start any token"
                " (a tab; YAML is indented with spaces)"
            ],
        ),
        (
            b"# only a comment\n",
            ["f.yaml:1:1: error[OMC113]: the file holds no mapping; a content file is one mapping of keys"],
        ),
        (b"- a\n", ["f.yaml:1:1: error[OMC113]: a content file is one mapping of keys, not a list"]),
        (b"a: " + b"x" * 20_001 + b"\n", ["f.yaml:1:4: error[OMC112]: text of 20,001 characters; at most 20,000"]),
        (b"a: " + b"[" * 10 + b"]" * 10 + b"\n", ["f.yaml:1:13: error[OMC111]: nesting deeper than 10 levels"]),
    ],
)
def test_each_refusal_is_one_diagnostic_line(data: bytes, expected: list[str]) -> None:
    assert lines(data) == expected


def test_ten_levels_are_allowed() -> None:
    assert lines(b"a: " + b"[" * 9 + b"]" * 9 + b"\n") == []


def test_deeply_nested_brackets_do_not_crash_the_parser() -> None:
    assert lines(b"a: " + b"[" * 200_000) == ["f.yaml:1:13: error[OMC111]: nesting deeper than 10 levels"]


def test_crlf_and_bom_are_accepted() -> None:
    parsed = parse_yaml(b"\xef\xbb\xbfa: 1\r\nb: x\r\n", "f.yaml")
    assert parsed.problems == ()
    assert parsed.root is not None
    value = parsed.root.get("b")
    assert isinstance(value, YamlScalar)
    assert (value.text, value.line, value.col) == ("x", 2, 4)


def test_oversized_file_is_refused_at_1_1(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: x\n" + b"# padding\n" * 110_000)
    parsed = read_yaml_file(path, "big.yaml")
    assert [p.as_text() for p in parsed.problems] == [
        "big.yaml:1:1: error[OMC101]: the file is over 1 MiB (1,048,576 bytes); split it or shorten it"
    ]


def test_symlink_is_refused_and_not_followed(tmp_path: Path) -> None:
    target = tmp_path / "real.yaml"
    target.write_text("a: 1\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    parsed = read_yaml_file(link, "link.yaml")
    assert parsed.root is None
    assert [p.as_text() for p in parsed.problems] == [
        "link.yaml:1:1: error[OMC100]: a symbolic link, not a regular file; only regular files are read"
    ]


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    parsed = read_yaml_file(fifo, "pipe.yaml")
    assert [p.as_text() for p in parsed.problems] == [
        "pipe.yaml:1:1: error[OMC100]: a FIFO, not a regular file; only regular files are read"
    ]


def test_every_problem_of_a_file_is_reported() -> None:
    assert lines(b"a: &x 1\nb: !t 2\na: 3\n") == [
        "f.yaml:1:4: error[OMC107]: anchors (&name) are not allowed; write the value out",
        "f.yaml:2:4: error[OMC108]: explicit tags are not allowed (!t); remove it",
        "f.yaml:3:1: error[OMC109]: duplicate key 'a' (first at f.yaml:1)",
    ]


def test_an_error_at_the_end_of_a_file_without_final_newline_stays_on_its_last_line() -> None:
    assert lines(b"order: SO-1\ntitle: abc\nkey") == [
        "f.yaml:3:4: error[OMC105]: YAML syntax error: could not find expected ':'"
    ]


def test_a_flood_of_one_rule_is_cut_short_with_a_note() -> None:
    found = lines(b"a: [" + b"*x, " * 1000 + b"]\n")
    assert len(found) == 51
    assert found[49] == "f.yaml:1:201: error[OMC107]: aliases (*name) are not allowed; write the value out"
    assert found[50] == "f.yaml:1:205: error[OMC107]: more OMC107 problems in this file not shown"
