"""Property tests: random mutations of a valid content folder never make the loader raise.

Every mutated folder (bytes flipped, hostile characters inserted, lines deleted, duplicated
or swapped, keys renamed, values swapped, indentation changed, files truncated, copied,
moved or deleted, any YAML value put anywhere) must come back from `load_content` as
reported problems (or as valid content), never as an exception. The problems must be
well-formed one-line diagnostics at real positions in the files they name; the parse cache
must not change the result; `check`'s text, json and github forms must agree. The
benchmark generator must give a valid folder for every seed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omcreport.cli import cli
from omcreport.errors import Problem
from omcreport.load import LoadResult, load_content

# Modest for CI on 2 cores; OMC_FUZZ_EXAMPLES=5000 for a deeper run by hand.
EXAMPLES = int(os.environ.get("OMC_FUZZ_EXAMPLES", "150"))

SITE = """\
name: Fuzz Pumps
base_url: https://track.example.com/
locale: en-GB
timezone: Europe/London
contact:
  email: orders@example.com
  phone: "+44 20 7946 0000"
departments:
  - Customer Service
  - Warehouse
  - Finance
reports:
  paper: A4
"""
STAGES = """\
entry:
  customer_label: {en: We have your order, de: Wir haben Ihre Bestellung}
  target: PT2H
billing:
  public: false
"""
COMPLETED_JOURNEY = """\
order: SO-1042
title: Replacement pump for Acme Mills
customer:
  display_name: Acme Mills
  segment: key-account
followed_by: COO
status: completed
closed: 2026-03-20T16:00:00+01:00
placed: 2026-03-10T09:12:00+01:00
promised: 2026-04-02
value: {amount: "12400.00", currency: EUR}
public:
  token: 3q2-7wVwTnC1mZ8dR0a9Zg
  locale: de-DE
  timezone: Europe/Berlin
  health: on-track
  expected: 2026-03-30
  health_note: Your pump is *on its way*.
stages:
  - stage: entry
    started: 2026-03-10T09:12:00+01:00
    ended: 2026-03-10T11:40:00+01:00
    due: 2026-03-10T13:12:00+01:00
    owner: Customer Service
    people: [CSR Dana, Credit desk]
    customer_in_view: high
    public_note: We have your order.
    events:
      - at: 2026-03-10T09:30:00+01:00
        note: Credit check passed
        public: false
  - stage: fulfillment
    started: 2026-03-11T08:00:00+01:00
    ended: 2026-03-13T17:00:00+01:00
    owner: Warehouse
    customer_in_view: medium
  - stage: prioritization
    started: 2026-03-14T09:00:00+01:00
    ended: 2026-03-14T12:00:00+01:00
    owner: Customer Service
    customer_in_view: low
  - stage: fulfillment
    started: 2026-03-14T11:00:00+01:00
    ended: 2026-03-18T15:00:00+01:00
    owner: Warehouse
    customer_in_view: high
    notes: |
      Second shipment after the wrong impeller went out.
  - stage: billing
    started: 2026-03-19T09:00:00+01:00
    ended: 2026-03-20T10:00:00+01:00
    owner: Finance
    customer_in_view: none
"""
OPEN_JOURNEY = """\
order: SO-1057
title: Booster set for Brightwater Utilities
customer:
  display_name: Brightwater Utilities
placed: 2026-03-12T10:00:00Z
stages:
  - stage: entry
    started: 2026-03-12T10:00:00Z
    ended: 2026-03-12T12:00:00Z
    owner: Customer Service
    customer_in_view: medium
  - stage: scheduling
    started: 2026-03-13T09:00:00Z
    owner: Warehouse
    customer_in_view: low
"""
OBSERVATION = """\
id: OBS-014
title: Invoices list internal part numbers
stage: billing
orders: [SO-1042, SO-1057]
observed: 2026-04-05
source: csr-interview
severity: high
tags: [invoice-clarity]
body: |
  Customers call because the invoice lists our part numbers.
recommendation: |
  Print the customer's own part number.
owner: Finance
status: open
"""
NOTICE = """\
id: 2026-04-leeds-delays
title: Shipping delays from our Leeds warehouse
stages: [fulfillment]
impact: minor
started: 2026-04-03T08:00:00+01:00
resolved: 2026-04-06T17:00:00+01:00
body: |
  A conveyor fault slowed dispatch.
"""
VALID_FILES: dict[str, bytes] = {
    "site.yaml": SITE.encode(),
    "stages.yaml": STAGES.encode(),
    "journeys/SO-1042.yaml": COMPLETED_JOURNEY.encode(),
    "journeys/SO-1057.yaml": OPEN_JOURNEY.encode(),
    "observations/OBS-014.yaml": OBSERVATION.encode(),
    "notices/2026-04-leeds-delays.yaml": NOTICE.encode(),
}
FILE_NAMES = sorted(VALID_FILES)

KNOWN_KEYS = sorted(
    set(re.findall(rb"^[ -]*([a-z_]+):", b"\n".join(VALID_FILES.values()), flags=re.MULTILINE))
    | {b"order", b"id", b"stage", b"stages", b"token", b"<<", b"? x", b"tittle", b"ordr", b"Order"}
)
# Characters that stress the loader: controls, bidi, line and paragraph separators, BOM,
# look-alikes, and YAML's own punctuation.
HOSTILE_TEXT = [
    *(chr(code) for code in range(0x00, 0x20)),
    *(chr(code) for code in range(0x7F, 0xA0)),
    *(chr(code) for code in (0x202A, 0x202E, 0x2066, 0x2069, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0x0430, 0x0435)),
    "\t",
    "\r\n",
    "'",
    '"',
    ":",
    ": ",
    "- ",
    "#",
    "&a ",
    "*a",
    "!!python/name:os.system ",
    "!foo ",
    "{",
    "}",
    "[",
    "]",
    "|",
    ">",
    "%",
    "@",
    "`",
    "---\n",
    "...\n",
    "<<: ",
    "~",
    "0012",
    "9:30",
    "no",
    ".inf",
    "null",
    "2026-13-45T25:61:00+99:99",
    "P1W",
    "../",
    "\\",
    "\U0001f600",
]

EDIT_KINDS = (
    "flip-byte",
    "insert-text",
    "delete-line",
    "duplicate-line",
    "swap-lines",
    "rename-key",
    "swap-values",
    "indent",
    "truncate",
    "delete-span",
)
KEY_LINE = re.compile(rb"^([ -]*)([a-z_]+):", flags=re.MULTILINE)
KEY_VALUE_LINE = re.compile(rb"^[ -]*[a-z_]+: \S")


def position(length: int, fraction: float) -> int:
    """An index into a sequence of `length` items, chosen by a fraction in [0, 1]."""
    return min(length - 1, int(fraction * length)) if length else 0


@dataclass(frozen=True)
class Edit:
    """One edit an editor (or an attacker) could make to a file; its repr shows in a falsifying example."""

    kind: str
    where: float  # where in the file, as a fraction of its bytes or lines
    other: float  # a second place (swaps) or a length (deletions)
    text: bytes = b""  # inserted text, a new key or an indentation

    def __call__(self, data: bytes) -> bytes:
        if self.kind == "flip-byte":
            if not data:
                return data
            i = position(len(data), self.where)
            return data[:i] + bytes([data[i] ^ (1 << int(self.other * 7.99))]) + data[i + 1 :]
        if self.kind == "insert-text":
            i = position(len(data) + 1, self.where)
            return data[:i] + self.text + data[i:]
        if self.kind == "truncate":
            return data[: position(len(data) + 1, self.where)]
        if self.kind == "delete-span":
            i = position(len(data), self.where)
            return data[:i] + data[i + int(self.other * 40) :]
        if self.kind == "rename-key":
            keys = list(KEY_LINE.finditer(data))
            if not keys:
                return data
            chosen = keys[position(len(keys), self.where)]
            return data[: chosen.start(2)] + self.text + data[chosen.end(2) :]
        lines = data.split(b"\n")
        i, j = position(len(lines), self.where), position(len(lines), self.other)
        if self.kind == "swap-values":
            pairs = [n for n, line in enumerate(lines) if KEY_VALUE_LINE.match(line)]
            if len(pairs) < 2:
                return data
            a, b = pairs[position(len(pairs), self.where)], pairs[position(len(pairs), self.other)]
            key_a, _, value_a = lines[a].partition(b": ")
            key_b, _, value_b = lines[b].partition(b": ")
            lines[a], lines[b] = key_a + b": " + value_b, key_b + b": " + value_a
        elif self.kind == "indent":
            if self.text:
                lines[i] = self.text + lines[i]
            else:
                lines[i] = lines[i][min(2, len(lines[i]) - len(lines[i].lstrip(b" "))) :]
        elif self.kind == "delete-line":
            del lines[i]
        elif self.kind == "duplicate-line":
            lines.insert(i, lines[i])
        else:
            lines[i], lines[j] = lines[j], lines[i]
        return b"\n".join(lines)


fractions = st.floats(min_value=0, max_value=1, allow_nan=False)
inserted_text = (st.sampled_from(HOSTILE_TEXT) | st.text(max_size=8)).map(
    lambda text: text.encode("utf-8", "surrogatepass")
)
any_edit = st.one_of(
    st.builds(Edit, st.sampled_from(EDIT_KINDS), fractions, fractions),
    st.builds(Edit, st.just("insert-text"), fractions, fractions, inserted_text),
    st.builds(Edit, st.just("rename-key"), fractions, fractions, st.sampled_from(KNOWN_KEYS)),
    st.builds(Edit, st.just("indent"), fractions, fractions, st.sampled_from([b" ", b"  ", b"\t", b"- ", b""])),
)


@contextmanager
def content_folder(files: dict[str, bytes]) -> Iterator[Path]:
    scratch = Path(tempfile.mkdtemp(prefix="omc-fuzz-"))
    try:
        content = scratch / "content"
        for folder in ("journeys", "observations", "notices"):
            (content / folder).mkdir(parents=True)
        for name, data in files.items():
            (content / name).parent.mkdir(parents=True, exist_ok=True)
            (content / name).write_bytes(data)
        yield content
    finally:
        shutil.rmtree(scratch)


FORBIDDEN_IN_MESSAGES = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def assert_well_formed(result: LoadResult, content: Path, files: dict[str, bytes]) -> None:
    """Problems are sorted, positioned inside the files they name, and printable on one line."""
    problems = list(result.problems)
    assert all(isinstance(problem, Problem) for problem in problems)
    assert problems == sorted(problems, key=lambda p: (p.path, p.line, p.col))
    has_errors = any(problem.severity == "error" for problem in problems)
    assert (result.content is None) == has_errors, [p.as_text() for p in problems]
    for problem in problems:
        assert problem.severity in ("error", "warning")
        assert re.fullmatch(r"OMC\d{3}", problem.code), problem
        assert problem.message, problem
        # One diagnostic per line, and no control or bidi character reaches the terminal.
        assert not FORBIDDEN_IN_MESSAGES.search(problem.message), problem
        assert problem.line >= 1 and problem.col >= 1, problem
        where = Path(problem.path).resolve()
        assert where == content.resolve() or content.resolve() in where.parents, problem
        relative = where.relative_to(content.resolve()).as_posix() if where != content.resolve() else ""
        if relative in files:
            line_count = files[relative].count(b"\n") + 1
            assert problem.line <= line_count, (problem, line_count)


def mutate(data: bytes, changes: list[Edit]) -> bytes:
    for edit in changes:
        data = edit(data)
    return data


def test_the_unmutated_folder_is_valid() -> None:
    with content_folder(VALID_FILES) as content:
        result = load_content(content)
    assert [problem.as_text() for problem in result.problems] == []
    assert result.content is not None
    assert [journey.order for journey in result.content.journeys] == ["SO-1042", "SO-1057"]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(target=st.sampled_from(FILE_NAMES), edits=st.lists(any_edit, min_size=1, max_size=4))
def test_mutated_files_give_problems_never_exceptions(target: str, edits: list[Edit]) -> None:
    files = dict(VALID_FILES)
    files[target] = mutate(files[target], edits)
    with content_folder(files) as content:
        result = load_content(content)
        assert_well_formed(result, content, files)


# Names a copied or renamed file may take: same order in another case, stray extensions,
# hidden files, subfolders (never searched), a second site.yaml-like file.
NEW_NAMES = (
    "journeys/so-1042.yaml",
    "journeys/SO-1043.yaml",
    "journeys/X.YAML",
    "journeys/.hidden.yaml",
    "journeys/2026/SO-1044.yaml",
    "journeys.yaml",
    "observations/OBS-015.yaml",
    "observations/obs-014.yaml",
    "notices/2026-04-leeds-delays-2.yaml",
    "notices/README.md",
    "site.yml",
    "stray.txt",
)


@dataclass(frozen=True)
class FolderEdit:
    """Copy, move or delete a whole file: cross-file rules (duplicates, references) get exercised."""

    kind: str  # copy | move | delete
    source: str
    target: str

    def __call__(self, files: dict[str, bytes]) -> None:
        if self.source not in files:
            return
        if self.kind in ("copy", "move"):
            files[self.target] = files[self.source]
        if self.kind in ("move", "delete"):
            del files[self.source]


folder_edits = st.builds(
    FolderEdit, st.sampled_from(["copy", "move", "delete"]), st.sampled_from(FILE_NAMES), st.sampled_from(NEW_NAMES)
)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    moves=st.lists(folder_edits, max_size=3),
    edits=st.lists(st.tuples(st.sampled_from([*FILE_NAMES, *NEW_NAMES]), any_edit), min_size=1, max_size=4),
)
def test_edits_across_several_files_give_problems_never_exceptions(
    moves: list[FolderEdit], edits: list[tuple[str, Edit]]
) -> None:
    files = dict(VALID_FILES)
    for move in moves:
        move(files)
    for name, edit in edits:
        if name in files:
            files[name] = edit(files[name])
    with content_folder(files) as content:
        result = load_content(content)
        assert_well_formed(result, content, files)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(target=st.sampled_from(FILE_NAMES), data=st.binary(max_size=2000))
def test_arbitrary_bytes_as_a_content_file_give_problems(target: str, data: bytes) -> None:
    files = dict(VALID_FILES)
    files[target] = data
    with content_folder(files) as content:
        result = load_content(content)
        assert_well_formed(result, content, files)


# Any YAML value, to put where the format expects something else.
yaml_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**6), max_value=10**6)
    | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=8,
)


def value_paths(node: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    paths: list[tuple[object, ...]] = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            paths += value_paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            paths += value_paths(value, (*prefix, i))
    return paths


def replace_at(node: object, path: tuple[object, ...], value: object) -> None:
    for step in path[:-1]:
        node = node[step]  # type: ignore[index]
    node[path[-1]] = value  # type: ignore[index]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(target=st.sampled_from(FILE_NAMES), where=st.floats(min_value=0, max_value=1), value=yaml_values)
def test_any_value_in_any_place_gives_problems(target: str, where: float, value: object) -> None:
    """Structural mutation: one value anywhere in a file becomes any YAML value."""
    tree = yaml.load(VALID_FILES[target], Loader=yaml.BaseLoader)  # every scalar stays the text written
    paths = value_paths(tree)
    replace_at(tree, paths[min(len(paths) - 1, int(where * len(paths)))], value)
    files = dict(VALID_FILES)
    files[target] = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False).encode()
    with content_folder(files) as content:
        result = load_content(content)
        assert_well_formed(result, content, files)


@settings(max_examples=EXAMPLES // 2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(target=st.sampled_from(FILE_NAMES), edits=st.lists(any_edit, min_size=1, max_size=3))
def test_the_parse_cache_never_changes_the_result(target: str, edits: list[Edit]) -> None:
    files = dict(VALID_FILES)
    files[target] = mutate(files[target], edits)
    with content_folder(files) as content:
        cache = content.parent / "cache"
        cache.mkdir()
        uncached = load_content(content)
        cold = load_content(content, cache_dir=cache)
        warm = load_content(content, cache_dir=cache)
    assert cold.problems == uncached.problems
    assert warm.problems == uncached.problems
    assert cold.content == uncached.content
    assert warm.content == uncached.content


def load_generator() -> ModuleType:
    """benchmarks/generate.py, imported by path: the benchmarks folder is not an installed package."""
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "generate.py"
    spec = importlib.util.spec_from_file_location("omc_benchmark_generate", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


GENERATOR = load_generator()


def generated_files(journeys: int, seed: int) -> dict[str, bytes]:
    with tempfile.TemporaryDirectory(prefix="omc-generated-") as scratch:
        GENERATOR.generate(Path(scratch), journeys, seed)
        return {path.relative_to(scratch).as_posix(): path.read_bytes() for path in Path(scratch).rglob("*.yaml")}


def test_the_benchmark_generator_is_deterministic() -> None:
    assert generated_files(40, seed=7) == generated_files(40, seed=7)
    assert generated_files(40, seed=7) != generated_files(40, seed=8)


@settings(max_examples=max(40, EXAMPLES // 4), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32), where=fractions, edits=st.lists(any_edit, max_size=3))
def test_generated_folders_are_valid_and_their_mutations_are_reported(
    seed: int, where: float, edits: list[Edit]
) -> None:
    """Every seed gives a folder that passes with no problem at all; edits of it only ever give problems."""
    files = generated_files(12, seed)
    with content_folder(files) as content:
        result = load_content(content)
    assert [problem.as_text() for problem in result.problems] == []
    assert result.content is not None and len(result.content.journeys) == 12
    names = sorted(files)
    target = names[position(len(names), where)]
    files[target] = mutate(files[target], edits)
    with content_folder(files) as content:
        assert_well_formed(load_content(content), content, files)


def run_cli_check(content: Path, output_format: str) -> tuple[int, str]:
    runner = CliRunner()
    result = runner.invoke(
        cli,
        ["check", str(content), "--format", output_format],
        env={"XDG_CACHE_HOME": str(content.parent / "cache"), "GITHUB_STEP_SUMMARY": ""},
        catch_exceptions=False,
    )
    return result.exit_code, result.stdout


@settings(max_examples=EXAMPLES // 3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(target=st.sampled_from(FILE_NAMES), edits=st.lists(any_edit, min_size=1, max_size=3))
def test_the_three_output_forms_of_check_agree(target: str, edits: list[Edit]) -> None:
    """text, json and github list the same problems, one per line, with the right exit status."""
    files = dict(VALID_FILES)
    files[target] = mutate(files[target], edits)
    with content_folder(files) as content:
        json_status, json_output = run_cli_check(content, "json")
        text_status, text_output = run_cli_check(content, "text")
        github_status, github_output = run_cli_check(content, "github")
    listed = json.loads(json_output)
    errors = sum(1 for item in listed if item["severity"] == "error")
    assert json_status == text_status == github_status == (1 if errors else 0)

    text = text_output.splitlines()
    expected = [f"{i['path']}:{i['line']}:{i['col']}: {i['severity']}[{i['code']}]: {i['message']}" for i in listed]
    assert text[:-1] == expected
    warnings = len(listed) - errors
    in_files = len({item["path"] for item in listed})
    assert text[-1].startswith("checked ")
    assert text[-1].endswith(
        ": no problems found"
        if not listed
        else f": {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
        f"in {in_files} file{'s' * (in_files != 1)}"
    )
    commands = github_output.splitlines()[:-1]
    assert len(commands) == len(listed)
    for command, item in zip(commands, listed, strict=True):
        assert command.startswith(f"::{item['severity']} file="), command
        assert f",line={item['line']},col={item['col']},title={item['code']}::" in command, command
