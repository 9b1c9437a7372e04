"""The per-file step: bytes of one content file in, its checked record and problems out.

This step reads nothing but the file itself, so its result can be cached by the file's
hash. The record is JSON-able (texts, booleans, integer seconds, ISO strings for
timestamps and dates); a value that was reported is left out (in lists: None, so that
indexes keep matching positions).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from omcreport.errors import Problem
from omcreport.validate.context import FileContext, Position
from omcreport.validate.facts import cross_file_facts
from omcreport.validate.journey import check_journey
from omcreport.validate.journey import keeps_position as journey_keeps
from omcreport.validate.notice import check_notice
from omcreport.validate.notice import keeps_position as notice_keeps
from omcreport.validate.observation import check_observation
from omcreport.validate.observation import keeps_position as observation_keeps
from omcreport.validate.site import check_site
from omcreport.validate.stages import check_stages
from omcreport.yamlio import YamlMap, parse_yaml


@dataclass
class CheckedFile:
    kind: str  # site | stages | journey | observation | notice
    path: str  # as shown in problems: relative to the current directory
    stem: str  # the file name without `.yaml`
    record: dict[str, Any] | None  # None: not read as a mapping at all
    at: dict[str, Position] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def record_json(record: dict[str, Any] | None) -> str:
    """A record as the parse cache and the loader keep it: compact JSON text."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class KeptFile:
    """A checked file as a folder's load keeps it until the model is built.

    `facts.record` holds only the facts the cross-file rules read; the whole record
    waits as JSON text (None for a cached file when no model will be built) and is
    decoded once, when its model is built. Holding 50,000 records decoded at once was most of a build's peak
    memory."""

    facts: CheckedFile
    whole: str | None

    @classmethod
    def of(cls, checked: CheckedFile) -> KeptFile:
        facts = dataclasses.replace(checked, record=cross_file_facts(checked.kind, checked.record))
        return cls(facts, record_json(checked.record))

    def checked(self) -> CheckedFile:
        """The file with its whole record decoded (the facts when none was kept)."""
        if self.whole is None:
            return self.facts
        return dataclasses.replace(self.facts, record=json.loads(self.whole))


Checker = Callable[[YamlMap, FileContext], dict[str, Any]]

_CHECKERS: dict[str, tuple[Checker, Callable[[str], bool] | None]] = {
    "site": (check_site, None),
    "stages": (check_stages, None),
    "journey": (check_journey, journey_keeps),
    "observation": (check_observation, observation_keeps),
    "notice": (check_notice, notice_keeps),
}


def check_file_bytes(kind: str, data: bytes, path: str, stem: str) -> CheckedFile:
    parsed = parse_yaml(data, path)
    if parsed.root is None:
        return CheckedFile(kind, path, stem, None, {}, list(parsed.problems))
    checker, keeps = _CHECKERS[kind]
    ctx = FileContext(path)
    ctx.problems.extend(parsed.problems)
    record = checker(parsed.root, ctx)
    at = ctx.at if keeps is None else {where: pos for where, pos in ctx.at.items() if keeps(where)}
    return CheckedFile(kind, path, stem, record, at, ctx.problems)
