"""What one file's validation accumulates: its problems and the positions of its values."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from omcreport.errors import Problem
from omcreport.validate.rules import make_problem
from omcreport.yamlio import RuleCap, YamlNode

# (line, col); a list when it comes back from the JSON parse cache.
Position = tuple[int, int] | list[int]


class FileContext:
    """Problems of one file, and where each checked value was written (by dotted path,
    `stages.0.owner`), so that later rules can point at it."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.at: dict[str, Position] = {}
        self.cap = RuleCap()

    def report(self, where: YamlNode | Position, code: str, message: str) -> None:
        line, col = where if isinstance(where, tuple | list) else (where.line, where.col)
        listed = self.cap.admit(self.path, code, message)
        if listed is not None:
            self.problems.append(make_problem(self.path, line, col, code, listed))

    def shown(self, code: str) -> bool:
        """Whether the next problem of `code` will be listed: spare its hint if not."""
        return self.cap.shown(self.path, code)

    def report_repeats(self, items: list[str | None], path: str, noun: str, code: str, *, fold: bool) -> None:
        """Report each item of the list at `path` written before (ignoring case with `fold`)."""
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            if item is None:
                continue
            position = self.at[f"{path}.{index}"]
            key = item.lower() if fold else item
            if key in seen:
                self.report(position, code, f"{noun} {item!r} is listed twice (first at line {seen[key]})")
            else:
                seen[key] = position[0]


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for the closest candidate, or nothing."""
    options = sorted(set(candidates))
    lowered = {option.lower(): option for option in options}
    if word.lower() in lowered:
        return f" (did you mean {lowered[word.lower()]!r}?)"
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
