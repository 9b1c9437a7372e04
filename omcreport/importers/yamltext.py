"""Journey data to YAML text and back, deterministically.

`dump_journey` writes keys in FORMAT.md's order (keys it does not know, kept from a
hand edit, follow in their own order), lists indented under their key, timestamps
plain, every other text quoted exactly when YAML 1.1 would read it as something else
(`'2026'`, `'no'`, `'9:30'`), and multi-line texts as literal blocks. The same data always
gives the same bytes. `journey_data_of` reads a parsed file back into the same plain
shape (texts, booleans, lists, dicts), and `has_comments` tells whether rewriting a file
from its data would lose comments.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

import yaml
from yaml.resolver import Resolver

from omcreport.yamlio import YamlMap, YamlNode, YamlScalar, YamlSeq

_TOP = (
    "order",
    "title",
    "customer",
    "followed_by",
    "status",
    "closed",
    "placed",
    "promised",
    "value",
    "public",
    "stages",
)
_NESTED: dict[str, tuple[str, ...]] = {
    "customer": ("display_name", "segment"),
    "value": ("amount", "currency"),
    "public": ("token", "locale", "timezone", "health", "expected", "health_note", "next_update"),
}
_VISIT = ("stage", "started", "ended", "due", "owner", "people", "customer_in_view", "public_note", "events", "notes")
_EVENT = ("at", "note", "public")
_MOMENT_KEYS = frozenset(
    {"closed", "placed", "promised", "started", "ended", "due", "at", "expected", "next_update", "shipped", "delivered"}
)
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_RESOLVER = Resolver()


_STR_TAG = "tag:yaml.org,2002:str"
# Characters written as escapes: C0 and C1 controls, the bidirectional controls and the
# Unicode line separators, which a content file may not hold raw.
_ESCAPE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")
# A conservative set of texts safe to write plain; anything else is double-quoted.
_PLAIN = re.compile(r"[\w(][\w ()/@+&%=?.,;:#'\"-]*", re.UNICODE)
_INDENT = "  "


@lru_cache(maxsize=4096)
def _resolves_as(text: str) -> str:
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag


def _plain_ok(text: str) -> bool:
    return (
        _PLAIN.fullmatch(text) is not None
        and not text.endswith((" ", ":"))
        and ": " not in text
        and " #" not in text
        and _resolves_as(text) == _STR_TAG
    )


def _quoted(text: str) -> str:
    body = json.dumps(text, ensure_ascii=False)
    return _ESCAPE.sub(lambda match: f"\\u{ord(match.group()):04x}", body)


def _literal_ok(text: str) -> bool:
    if "\r" in text or _ESCAPE.search(text) or text[:1] in (" ", "\n", "\t"):
        return False
    body = text[:-1] if text.endswith("\n") else text
    return not body.endswith("\n") and all(line == line.rstrip() for line in body.split("\n"))


def _scalar(key: str | None, value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if key in _MOMENT_KEYS and _resolves_as(text) == _TIMESTAMP_TAG:
        return text
    if _plain_ok(text):
        return text
    return _quoted(text)


def _emit_value(key: str, value: Any, indent: str, lines: list[str], head: str) -> None:
    """`head` is what starts the line: the indent, or the indent and `- ` of a list item."""
    label = _scalar(None, key)
    if isinstance(value, dict):
        if not value:
            lines.append(f"{head}{label}: {{}}")
            return
        lines.append(f"{head}{label}:")
        _emit_map(value, indent + _INDENT, lines, indent + _INDENT)
    elif isinstance(value, list):
        if not value:
            lines.append(f"{head}{label}: []")
            return
        lines.append(f"{head}{label}:")
        _emit_list(value, indent + _INDENT, lines)
    elif isinstance(value, str) and "\n" in value and _literal_ok(value):
        lines.append(f"{head}{label}: |{'' if value.endswith(chr(10)) else '-'}")
        for line in value.rstrip("\n").split("\n"):
            lines.append(f"{indent}{_INDENT}{line}" if line else "")
    else:
        lines.append(f"{head}{label}: {_scalar(key, value)}")


def _emit_map(mapping: dict[str, Any], indent: str, lines: list[str], head: str) -> None:
    for index, (key, value) in enumerate(mapping.items()):
        _emit_value(key, value, indent, lines, head if index == 0 else indent)


def _emit_list(items: list[Any], indent: str, lines: list[str]) -> None:
    for item in items:
        head = f"{indent}- "
        if isinstance(item, dict) and item:
            _emit_map(item, indent + _INDENT, lines, head)
        elif isinstance(item, list) and item:
            lines.append(f"{indent}-")
            _emit_list(item, indent + _INDENT, lines)
        elif isinstance(item, dict | list):
            lines.append(f"{head}{'{}' if isinstance(item, dict) else '[]'}")
        else:
            lines.append(f"{head}{_scalar(None, item)}")


def _ordered(value: dict[str, Any], order: tuple[str, ...], nested: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    keys = [key for key in order if key in value] + [key for key in value if key not in order]
    result: dict[str, Any] = {}
    for key in keys:
        item = value[key]
        if isinstance(item, dict):
            item = _ordered(item, nested.get(key, ()), {})
        elif isinstance(item, list):
            item = _ordered_list(key, item)
        result[key] = item
    return result


def _ordered_list(key: str, items: list[Any]) -> list[Any]:
    if key == "stages":
        return [_ordered(item, _VISIT, {}) if isinstance(item, dict) else item for item in items]
    if key == "events":
        return [_ordered(item, _EVENT, {}) if isinstance(item, dict) else item for item in items]
    return list(items)


def dump_journey(data: dict[str, Any]) -> str:
    """The YAML text of a journey: the same data always gives the same text."""
    lines: list[str] = []
    _emit_map(_ordered(data, _TOP, _NESTED), "", lines, "")
    return "\n".join(lines) + "\n"


def plain_data(node: YamlNode) -> Any:
    """A parsed node as plain data: unquoted true/false become booleans, unquoted whole
    numbers (an item's `quantity`, written so by `dump_journey`) integers, all else texts."""
    if isinstance(node, YamlMap):
        return {key.text: plain_data(value) for key, value in node.pairs}
    if isinstance(node, YamlSeq):
        return [plain_data(item) for item in node.items]
    return _read_scalar(node)


def _read_scalar(node: YamlScalar) -> Any:
    if node.style == "plain":
        if node.text in ("true", "false"):
            return node.text == "true"
        if node.yaml11_type == "null":
            return None
        if _WHOLE_NUMBER.fullmatch(node.text):
            return int(node.text)
    return node.text


_WHOLE_NUMBER = re.compile("0|[1-9][0-9]{0,17}")


def has_comments(text: str) -> bool:
    """Whether the YAML text holds a comment (a `#` outside every scalar)."""
    if "#" not in text:
        return False
    spans: list[tuple[int, int]] = []
    for token in yaml.scan(text, Loader=yaml.SafeLoader):
        if isinstance(token, yaml.ScalarToken):
            spans.append((token.start_mark.index, token.end_mark.index))
    position = text.find("#")
    span_index = 0
    while position != -1:
        while span_index < len(spans) and spans[span_index][1] <= position:
            span_index += 1
        if span_index == len(spans) or position < spans[span_index][0]:
            return True
        position = text.find("#", position + 1)
    return False
