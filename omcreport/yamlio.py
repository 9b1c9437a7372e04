"""A strict YAML loader that keeps positions and refuses what content must not contain.

Content files are untrusted: they come from pull requests. This module reads one file
into a small tree of typed nodes, each carrying its 1-based line and column (columns in
characters), and reports everything FORMAT.md forbids as a `Problem` with a rule code.
It never raises on bad input and never constructs Python objects from tags.

Public API (the importer validates its mapping file with it too):

- `read_yaml_file(path, display_path) -> YamlFile`: read a regular file (a symbolic
  link, FIFO or device is refused, never followed or opened) and parse it.
- `read_regular_file(path, display_path, *, listed_as_regular=False) -> bytes | Problem`:
  the reading step alone (the loader hashes the bytes for its cache before parsing);
  `listed_as_regular` when an `os.scandir` listing already showed a regular file.
- `parse_yaml(data, display_path) -> YamlFile`: the parsing step alone.
- `YamlFile.root` is a `YamlMap` or None (None when the file could not be read as one
  mapping); `YamlFile.problems` lists every problem found, in file order.
- Nodes: `YamlMap.pairs` is a tuple of `(YamlScalar key, YamlNode value)` in source
  order (`YamlMap.get(key)` finds a value); `YamlSeq.items` a tuple of nodes;
  `YamlScalar.text` the scalar's text (escapes applied), `.style` one of `plain`,
  `single`, `double`, `literal`, `folded`, `.quoted` for anything but plain, and
  `.yaml11_type` what YAML 1.1 makes of a plain scalar (`str`, `int`, `float`, `bool`,
  `null`, `timestamp`, ...; always `str` when quoted) so that a validator can ask for
  quotes around `title: 2026`, `locale: no`, `order: 0012` or `note: 9:30`.
  Every node has `line` and `col`. `describe(node)` names a node's kind for messages
  ("a mapping"), `yaml11_type_name("int")` a YAML 1.1 type ("a number");
  `YAML11_NULLS` are the five spellings of null.
- `YAML_RULES`: the OMC1xx codes this module reports, with one line each.
- `RuleCap`: the cap of MAX_REPORTS_PER_RULE problems of one rule per file, which the
  validators apply too.

Refused, each at the position FORMAT.md names: a file that is not a regular file, over
1 MiB (at 1:1), bytes that are not UTF-8 (at the byte), control characters other than
tab, CR and LF and the bidirectional controls (anywhere, comments included), YAML syntax
errors, more than one document, anchors, aliases, merge keys, explicit tags, duplicate
keys (at the second, naming the first), non-string keys, nesting deeper than 10 levels
(counted on parser events as they arrive, before anything deeper is built: libyaml's
recursive composer crashes on deeply nested brackets, so this module builds the tree
itself, iteratively), texts over 20,000 characters, and a file that is not one mapping.
Also refused: U+2028, U+2029 and a CR without LF, line ends to libyaml but not to git or
editors (a key could hide in what a reviewer sees as a comment). At most 50 problems of
one rule are listed per file, then one line says more were not shown.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.reader import ReaderError
from yaml.resolver import Resolver

from omcreport import characters
from omcreport.errors import Problem

MAX_FILE_BYTES = 1024 * 1024
MAX_TEXT_CHARS = 20_000
MAX_DEPTH = 10
MAX_CHARACTER_REPORTS = 20
# A hostile file can hold 100,000 aliases; past this many of one rule, one line says so.
MAX_REPORTS_PER_RULE = 50

# Rule codes of the lexical and YAML level; omcreport.validate.rules adds the rest.
YAML_RULES: dict[str, str] = {
    "OMC100": "A content path that is not a regular file (symbolic link, FIFO, device) or cannot be read.",
    "OMC101": "A file over 1 MiB.",
    "OMC102": "Bytes that are not UTF-8.",
    "OMC103": (
        "A control character (C0 or C1) other than tab, CR and LF, a CR without LF, or a noncharacter; in the "
        'file\'s bytes, or in a value once parsed (a YAML escape such as `"\\0"` or `"\\r"`, an HTML '
        "character reference in Markdown such as `&#13;`)."
    ),
    "OMC104": (
        "A bidirectional control (U+202A-U+202E, U+2066-U+2069) or a Unicode line or paragraph separator; in the "
        'file\'s bytes, or in a value once parsed (`"\\u202e"`, `&#x202E;`).'
    ),
    "OMC105": "A YAML syntax error.",
    "OMC106": "More than one YAML document in a file.",
    "OMC107": "An anchor, alias or merge key (`&a`, `*a`, `<<`).",
    "OMC108": "An explicit tag (`!!python/...`, `!foo`).",
    "OMC109": "A duplicate key in one mapping.",
    "OMC110": "A key that is not a string.",
    "OMC111": "Nesting deeper than 10 levels.",
    "OMC112": "A text over 20,000 characters.",
    "OMC113": "A file that is not one mapping (empty, a list or a bare text).",
}

Style = Literal["plain", "single", "double", "literal", "folded"]
_STYLES: dict[str | None, Style] = {
    None: "plain",
    "": "plain",
    "'": "single",
    '"': "double",
    "|": "literal",
    ">": "folded",
}

_RESOLVER = Resolver()
_StrictBase: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StrictLoader(_StrictBase):  # type: ignore[misc]
    """SafeLoader (libyaml's when available) used only as an event source: this module
    composes nodes itself, so no constructor or recursive composer ever runs."""


@dataclass(frozen=True, slots=True)
class YamlScalar:
    text: str
    style: Style
    line: int
    col: int

    @property
    def quoted(self) -> bool:
        return self.style != "plain"

    @property
    def yaml11_type(self) -> str:
        """What YAML 1.1 reads this scalar as: `str` unless a plain scalar resolves otherwise."""
        if self.style != "plain":
            return "str"
        return _plain_type(self.text)


@dataclass(frozen=True, slots=True)
class YamlSeq:
    items: tuple[YamlNode, ...]
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class YamlMap:
    pairs: tuple[tuple[YamlScalar, YamlNode], ...]
    line: int
    col: int

    def get(self, key: str) -> YamlNode | None:
        for name, value in self.pairs:
            if name.text == key:
                return value
        return None

    def keys(self) -> tuple[str, ...]:
        return tuple(name.text for name, _ in self.pairs)


YamlNode = YamlScalar | YamlSeq | YamlMap


@lru_cache(maxsize=8192)
def _plain_type(text: str) -> str:
    # Keys and enum words repeat across thousands of files: resolve each text once.
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag.rsplit(":", 1)[-1]


YAML11_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def describe(node: YamlNode) -> str:
    """A node's kind as an editor would say it, for messages."""
    if isinstance(node, YamlMap):
        return "a mapping"
    if isinstance(node, YamlSeq):
        return "a list"
    return "a text"


@dataclass(frozen=True)
class YamlFile:
    root: YamlMap | None
    problems: tuple[Problem, ...]


def read_yaml_file(path: Path, display_path: str) -> YamlFile:
    data = read_regular_file(path, display_path)
    if isinstance(data, Problem):
        return YamlFile(None, (data,))
    return parse_yaml(data, display_path)


def read_regular_file(path: Path | str, display_path: str, *, listed_as_regular: bool = False) -> bytes | Problem:
    """The bytes of a regular file of at most 1 MiB; anything else is a Problem at 1:1.

    `listed_as_regular`: the caller's directory listing (os.scandir, no link followed)
    already says this is a regular file, so the lstat is skipped; the open still refuses
    links and the fstat still checks the kind, so a file swapped meanwhile is caught.
    """
    if not listed_as_regular:
        try:
            info = os.lstat(path)
        except OSError as error:
            return _problem(display_path, 1, 1, "OMC100", f"cannot read the file: {error.strerror}")
        kind = _non_regular_kind(info.st_mode)
        if kind:
            return _problem(display_path, 1, 1, "OMC100", f"{kind}, not a regular file; only regular files are read")
        if info.st_size > MAX_FILE_BYTES:
            return _too_large(display_path)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        return _problem(display_path, 1, 1, "OMC100", f"cannot read the file: {error.strerror}")
    try:
        opened = os.fstat(descriptor)
        kind = _non_regular_kind(opened.st_mode)
        if kind:
            return _problem(display_path, 1, 1, "OMC100", f"{kind}, not a regular file; only regular files are read")
        if opened.st_size > MAX_FILE_BYTES:
            return _too_large(display_path)
        chunks: list[bytes] = []
        remaining = MAX_FILE_BYTES + 1
        while remaining > 0:
            chunk = os.read(descriptor, remaining)
            if not chunk:
                break
            chunks.append(chunk)
            # A short read of a regular file is its end: one read per file, not two.
            if len(chunk) < remaining:
                break
            remaining -= len(chunk)
    except OSError as error:
        return _problem(display_path, 1, 1, "OMC100", f"cannot read the file: {error.strerror}")
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > MAX_FILE_BYTES:
        return _too_large(display_path)
    return data


def parse_yaml(data: bytes, display_path: str) -> YamlFile:
    """Parse one content file's bytes into a YamlMap, reporting every refusal."""
    if len(data) > MAX_FILE_BYTES:
        return YamlFile(None, (_too_large(display_path),))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return YamlFile(None, (_bad_utf8(data, error, display_path),))
    lexical = _forbidden_characters(text, display_path)
    if lexical:
        return YamlFile(None, tuple(lexical))
    composer = _Composer(display_path)
    root = composer.compose(data)
    return YamlFile(root, tuple(composer.problems))


def _non_regular_kind(mode: int) -> str:
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def _problem(path: str, line: int, col: int, code: str, message: str) -> Problem:
    return Problem(path, line, col, "error", code, message)


def _too_large(path: str) -> Problem:
    return _problem(path, 1, 1, "OMC101", f"the file is over 1 MiB ({MAX_FILE_BYTES:,} bytes); split it or shorten it")


def _bad_utf8(data: bytes, error: UnicodeDecodeError, path: str) -> Problem:
    offset = error.start
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    prefix = data[line_start:offset].decode("utf-8")
    if line == 1 and prefix.startswith("\ufeff"):
        prefix = prefix[1:]
    byte = data[offset]
    return _problem(path, line, len(prefix) + 1, "OMC102", f"byte 0x{byte:02X} is not UTF-8; save the file as UTF-8")


def _forbidden_characters(text: str, path: str) -> list[Problem]:
    if characters.IN_FILE.search(text) is None:
        return []
    if text.startswith("\ufeff"):
        text = text[1:]
    problems: list[Problem] = []
    for match in characters.IN_FILE.finditer(text):
        if len(problems) == MAX_CHARACTER_REPORTS:
            break
        index = match.start()
        line = text.count("\n", 0, index) + 1
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        char = match.group()
        if char == "\r":
            problems.append(
                _problem(path, line, col, "OMC103", "a CR without LF; save the file with LF or CRLF line ends")
            )
        else:
            problems.append(_problem(path, line, col, *characters.describe(char)))
    return problems


class _DropKey:
    """Placeholder for a refused key: its value is read and dropped."""


_DROP = _DropKey()


class _OpenMap:
    __slots__ = ("col", "line", "pairs", "pending", "seen")

    def __init__(self, line: int, col: int) -> None:
        self.line = line
        self.col = col
        self.pairs: list[tuple[YamlScalar, YamlNode]] = []
        self.pending: YamlScalar | _DropKey | None = None
        self.seen: dict[str, YamlScalar] = {}


class _OpenSeq:
    __slots__ = ("col", "items", "line")

    def __init__(self, line: int, col: int) -> None:
        self.line = line
        self.col = col
        self.items: list[YamlNode] = []


class RuleCap:
    """At most MAX_REPORTS_PER_RULE problems of one rule are listed per file, then one note."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, str], int] = {}

    def shown(self, path: str, code: str) -> bool:
        """Whether the next problem of `code` in `path` will be listed: spare its hint if not."""
        return self.counts.get((path, code), 0) < MAX_REPORTS_PER_RULE

    def admit(self, path: str, code: str, message: str) -> str | None:
        """What to list for the next problem of `code` in `path`: `message`, the note, or nothing."""
        count = self.counts[path, code] = self.counts.get((path, code), 0) + 1
        if count <= MAX_REPORTS_PER_RULE:
            return message
        if count == MAX_REPORTS_PER_RULE + 1:
            return f"more {code} problems in this file not shown"
        return None


class _Composer:
    """Builds YamlNodes from parser events with an explicit stack (never recursion)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.cap = RuleCap()

    def error(self, line: int, col: int, code: str, message: str) -> None:
        listed = self.cap.admit(self.path, code, message)
        if listed is not None:
            self.problems.append(_problem(self.path, line, col, code, listed))

    def compose(self, data: bytes) -> YamlMap | None:
        loader = StrictLoader(data)
        try:
            return self._compose_events(loader)
        except yaml.MarkedYAMLError as error:
            too_deep = _LIBYAML_DEPTH_LIMIT in (error.problem or "") and _too_deep_position(data)
            if too_deep:
                self.error(*too_deep, "OMC111", f"nesting deeper than {MAX_DEPTH} levels")
                return None
            mark = error.problem_mark or error.context_mark
            line, col = _inside_file(data, mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            problem = error.problem or error.context or "not valid YAML"
            if _character_at(data, line, col) == "\t":
                problem += " (a tab; YAML is indented with spaces)"
            self.error(line, col, "OMC105", f"YAML syntax error: {problem}")
        except ReaderError as error:
            line, col = _offset_position(data, error.position)
            self.error(line, col, "OMC105", f"YAML syntax error: {error.reason}")
        finally:
            loader.dispose()
        return None

    def _compose_events(self, loader: StrictLoader) -> YamlMap | None:
        stack: list[_OpenMap | _OpenSeq] = []
        root: YamlNode | None = None
        documents = 0
        get_event = loader.get_event
        while True:
            event = get_event()
            kind = type(event)
            if kind is ScalarEvent:
                line, col = event.start_mark.line + 1, event.start_mark.column + 1
                if event.anchor is not None or event.tag is not None:
                    self._refuse_anchor_and_tag(event, line, col)
                if len(event.value) > MAX_TEXT_CHARS:
                    self.error(line, col, "OMC112", f"text of {len(event.value):,} characters; at most 20,000")
                    root = self._add(stack, None, root)
                    continue
                if event.style == '"':
                    # Escapes can make characters the file's bytes do not show. The value
                    # stays in place (the error alone keeps the file out of any build), so
                    # no "missing key" follows from it.
                    refused = characters.value_refusal(event.value, how="written as a YAML escape")
                    if refused is not None:
                        self.error(line, col, *refused)
                scalar = YamlScalar(event.value, _STYLES.get(event.style, "plain"), line, col)
                root = self._add(stack, scalar, root)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                line, col = event.start_mark.line + 1, event.start_mark.column + 1
                if len(stack) >= MAX_DEPTH:
                    self.error(line, col, "OMC111", f"nesting deeper than {MAX_DEPTH} levels")
                    return None
                if event.anchor is not None or event.tag is not None:
                    self._refuse_anchor_and_tag(event, line, col)
                stack.append(_OpenMap(line, col) if kind is MappingStartEvent else _OpenSeq(line, col))
            elif kind is MappingEndEvent:
                opened = stack.pop()
                assert isinstance(opened, _OpenMap)
                root = self._add(stack, YamlMap(tuple(opened.pairs), opened.line, opened.col), root)
            elif kind is SequenceEndEvent:
                opened = stack.pop()
                assert isinstance(opened, _OpenSeq)
                root = self._add(stack, YamlSeq(tuple(opened.items), opened.line, opened.col), root)
            elif kind is AliasEvent:
                line, col = event.start_mark.line + 1, event.start_mark.column + 1
                self.error(line, col, "OMC107", "aliases (*name) are not allowed; write the value out")
                root = self._add(stack, None, root)
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    self.error(mark.line + 1, mark.column + 1, "OMC106", "more than one YAML document in the file")
                    return None
            elif kind is StreamEndEvent:
                break
        if isinstance(root, YamlScalar) and root.style == "plain" and not root.text:
            root = None
        if root is None:
            if documents == 0 or not self.problems:
                self.error(1, 1, "OMC113", "the file holds no mapping; a content file is one mapping of keys")
            return None
        if not isinstance(root, YamlMap):
            self.error(root.line, root.col, "OMC113", f"a content file is one mapping of keys, not {describe(root)}")
            return None
        return root

    def _refuse_anchor_and_tag(self, event: yaml.NodeEvent, line: int, col: int) -> None:
        if event.anchor is not None:
            self.error(line, col, "OMC107", "anchors (&name) are not allowed; write the value out")
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = tag.replace("tag:yaml.org,2002:", "!!", 1)
            self.error(line, col, "OMC108", f"explicit tags are not allowed ({shown}); remove it")

    def _add(self, stack: list[_OpenMap | _OpenSeq], node: YamlNode | None, root: YamlNode | None) -> YamlNode | None:
        """Attach a finished node (None: refused) to the open collection; returns the root."""
        if not stack:
            return node
        top = stack[-1]
        if isinstance(top, _OpenSeq):
            if node is not None:
                top.items.append(node)
            return root
        if top.pending is None:
            top.pending = self._accept_key(top, node)
            return root
        key = top.pending
        top.pending = None
        if node is not None and isinstance(key, YamlScalar):
            top.pairs.append((key, node))
        return root

    def _accept_key(self, mapping: _OpenMap, node: YamlNode | None) -> YamlScalar | _DropKey:
        if node is None:
            return _DROP
        if not isinstance(node, YamlScalar):
            self.error(node.line, node.col, "OMC110", f"a key must be a text, not {describe(node)}")
            return _DROP
        if node.style == "plain" and node.text == "<<":
            self.error(node.line, node.col, "OMC107", "merge keys (<<) are not allowed; write the keys out")
            return _DROP
        kind = node.yaml11_type
        if kind != "str":
            self.error(
                node.line,
                node.col,
                "OMC110",
                f"key {node.text!r} is read as {yaml11_type_name(kind)}; write it in quotes",
            )
            return _DROP
        first = mapping.seen.get(node.text)
        if first is not None:
            self.error(
                node.line, node.col, "OMC109", f"duplicate key {node.text!r} (first at {self.path}:{first.line})"
            )
            return _DROP
        mapping.seen[node.text] = node
        return node


_TYPE_NAMES: dict[str, str] = {
    "bool": "a boolean",
    "int": "a number",
    "float": "a number",
    "null": "null (no value)",
    "timestamp": "a date",
    "value": "a special value",
}


# Newer libyaml builds (PyPI's PyYAML 6.0.4 wheels) refuse deep nesting themselves while
# scanning ahead for simple keys, before an event of the 11th level reaches the composer.
_LIBYAML_DEPTH_LIMIT = "exceeded maximum nesting depth"


def _too_deep_position(data: bytes) -> tuple[int, int] | None:
    """Where nesting first passes MAX_DEPTH, found with the pure-Python parser.

    It has no nesting limit of its own and yields events one at a time without
    recursion, so the answer is the same whichever libyaml build is installed."""
    depth = 0
    try:
        for event in yaml.parse(data, Loader=yaml.SafeLoader):
            if isinstance(event, MappingStartEvent | SequenceStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    return _inside_file(data, mark.line + 1, mark.column + 1) if mark else _inside_file(data, 1, 1)
            elif isinstance(event, MappingEndEvent | SequenceEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None


def yaml11_type_name(kind: str) -> str:
    """`int` -> `a number`: how messages name what YAML 1.1 made of a plain scalar."""
    return _TYPE_NAMES.get(kind, kind)


def _offset_position(data: bytes, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(data)))
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    col = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, col


def _inside_file(data: bytes, line: int, col: int) -> tuple[int, int]:
    """libyaml marks the end of a file without a final newline on a line after it: pull
    such a position back to the end of the last line, where an editor can show it."""
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    if not lines:
        return 1, 1
    if line <= len(lines):
        return line, col
    last = lines[-1].decode("utf-8", errors="replace").removesuffix("\r")
    if last.startswith("\ufeff") and len(lines) == 1:
        last = last[1:]
    return len(lines), len(last) + 1


def _character_at(data: bytes, line: int, col: int) -> str:
    lines = data.split(b"\n", line)
    if len(lines) < line:
        return ""
    text = lines[line - 1].decode("utf-8", errors="replace")
    return text[col - 1] if 0 < col <= len(text) else ""
