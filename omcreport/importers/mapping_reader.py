"""Typed access to the nodes of a mapping file, recording a Problem (OMC910) instead of raising."""

from __future__ import annotations

import difflib

from omcreport.errors import Problem
from omcreport.importers.failure import error
from omcreport.yamlio import YamlMap, YamlNode, YamlScalar, YamlSeq, describe, yaml11_type_name

MAPPING_CODE = "OMC910"


class MappingReader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def fail(self, node: YamlNode | YamlScalar, message: str) -> None:
        self.problems.append(error(self.path, node.line, node.col, MAPPING_CODE, message))

    def keys(self, node: YamlMap, allowed: tuple[str, ...], required: tuple[str, ...], where: str) -> None:
        for key, _ in node.pairs:
            if key.text not in allowed:
                close = difflib.get_close_matches(key.text, allowed, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(allowed)}"
                self.fail(key, f"unknown key {key.text!r} in {where}{hint}")
        for name in required:
            if node.get(name) is None:
                self.fail(node.pairs[0][0] if node.pairs else node, f"{where} needs the key {name!r}")

    def mapping(self, node: YamlNode | None, where: str) -> YamlMap | None:
        if node is None:
            return None
        if not isinstance(node, YamlMap):
            self.fail(node, f"{where} must be a mapping, not {describe(node)}")
            return None
        return node

    def text(self, node: YamlNode | None, where: str) -> str | None:
        if node is None:
            return None
        if not isinstance(node, YamlScalar):
            self.fail(node, f"{where} must be a text, not {describe(node)}")
            return None
        kind = node.yaml11_type
        if kind != "str":
            self.fail(node, f"{where}: {node.text!r} is read as {yaml11_type_name(kind)}; write it in quotes")
            return None
        if not node.text.strip():
            self.fail(node, f"{where} must not be empty")
            return None
        return node.text

    def choice(self, node: YamlNode | None, where: str, choices: tuple[str, ...]) -> str | None:
        value = self.text(node, where)
        if value is not None and value not in choices:
            assert node is not None
            close = difflib.get_close_matches(value, choices, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            self.fail(node, f"{where} must be one of {', '.join(choices)}, not {value!r}{hint}")
            return None
        return value

    def boolean(self, node: YamlNode | None, where: str) -> bool | None:
        if node is None:
            return None
        if isinstance(node, YamlScalar) and node.style == "plain" and node.text in ("true", "false"):
            return node.text == "true"
        self.fail(node, f"{where} must be true or false (unquoted)")
        return None

    def texts(self, node: YamlNode | None, where: str) -> list[tuple[str, YamlScalar]]:
        if node is None:
            return []
        if not isinstance(node, YamlSeq):
            self.fail(node, f"{where} must be a list of texts, not {describe(node)}")
            return []
        found: list[tuple[str, YamlScalar]] = []
        for item in node.items:
            value = self.text(item, f"an entry of {where}")
            if value is not None and isinstance(item, YamlScalar):
                found.append((value, item))
        return found
