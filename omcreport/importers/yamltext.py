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
_MOMENT_KEYS = frozenset({"closed", "placed", "promised", "started", "ended", "due", "at", "expected", "next_update"})
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_RESOLVER = Resolver()


class _Moment(str):
    """A timestamp or date text, written plain."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Lists indented under their key, as FORMAT.md's examples are.
        super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_moment(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    return dumper.represent_scalar(_TIMESTAMP_TAG, str(text))


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(_Moment, _represent_moment)


def _is_plain_moment(text: str) -> bool:
    return bool(_RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _TIMESTAMP_TAG)


def _ordered(value: Any, order: tuple[str, ...], nested: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    keys = [key for key in order if key in value] + [key for key in value if key not in order]
    result: dict[str, Any] = {}
    for key in keys:
        item = value[key]
        if isinstance(item, str) and key in _MOMENT_KEYS and _is_plain_moment(item):
            item = _Moment(item)
        elif isinstance(item, dict):
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
    text: str = yaml.dump(
        _ordered(data, _TOP, _NESTED),
        Dumper=_Dumper,
        default_flow_style=False,
        sort_keys=False,
        allow_unicode=True,
        width=1 << 30,
        indent=2,
    )
    return text


def plain_data(node: YamlNode) -> Any:
    """A parsed node as plain data: unquoted true/false become booleans, all else texts."""
    if isinstance(node, YamlMap):
        return {key.text: plain_data(value) for key, value in node.pairs}
    if isinstance(node, YamlSeq):
        return [plain_data(item) for item in node.items]
    return _scalar(node)


def _scalar(node: YamlScalar) -> Any:
    if node.style == "plain":
        if node.text in ("true", "false"):
            return node.text == "true"
        if node.yaml11_type == "null":
            return None
    return node.text


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
