"""Locale tags (BCP 47, known to Babel's CLDR data) and IANA timezone names."""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from functools import cache
from typing import ClassVar

from omcreport.validate.context import did_you_mean
from omcreport.validate.fields import CheckedText, JsonSchema, pattern_schema, shown

LOCALE_PATTERN = r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*"
LOCALE_WORDS = "A BCP 47 locale tag: a language, then a region if needed, e.g. en, en-GB or de-DE."
_LOCALE = re.compile(LOCALE_PATTERN, re.ASCII)
_TIMEZONE = re.compile(r"[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+){0,3}", re.ASCII)
# Names the tz database carries that are not places: refused so every build means the same.
_NOT_PLACES = frozenset({"localtime", "Factory", "posixrules"})


@cache
def locale_is_known(tag: str) -> bool:
    from babel import Locale, UnknownLocaleError

    if _LOCALE.fullmatch(tag) is None:
        return False
    try:
        parsed = Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError):
        return False
    return str(parsed.language) == tag.split("-")[0].lower()


@cache
def known_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones()) - _NOT_PLACES


def locale_problem(tag: str) -> str:
    if locale_is_known(tag):
        return ""
    if "_" in tag and locale_is_known(tag.replace("_", "-")):
        return f"is not a BCP 47 tag (did you mean {tag.replace('_', '-')!r}?)"
    return "is not a known BCP 47 locale such as en, en-GB or de-DE"


@dataclass(frozen=True)
class LocaleTag(CheckedText):
    doc: ClassVar[str] = "BCP 47 locale tag (`en`, `en-GB`, `de-DE`)"
    code: ClassVar[str] = "OMC216"
    expected: ClassVar[str] = "a locale tag"

    def refusal(self, key: str, text: str) -> str:
        problem = locale_problem(text)
        return f"{key}: {shown(text)} {problem}" if problem else ""

    def json_schema(self) -> JsonSchema:
        return pattern_schema(f"^{LOCALE_PATTERN}$", LOCALE_WORDS)


@dataclass(frozen=True)
class TimezoneName(CheckedText):
    doc: ClassVar[str] = "IANA timezone name (`Europe/London`, `UTC`)"
    code: ClassVar[str] = "OMC217"
    expected: ClassVar[str] = "a timezone name"

    def refusal(self, key: str, text: str) -> str:
        if _TIMEZONE.fullmatch(text) is not None and text in known_timezones():
            return ""
        hint = did_you_mean(text, known_timezones()) if len(text) <= 64 else ""
        return f"{key}: {shown(text)} is not an IANA timezone such as Europe/London{hint}"

    def json_schema(self) -> JsonSchema:
        return pattern_schema(
            "^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$", "An IANA timezone name, e.g. Europe/London or UTC."
        )
