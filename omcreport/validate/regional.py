"""Locale tags (BCP 47, known to Babel's CLDR data) and IANA timezone names."""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from functools import cache
from typing import ClassVar

from omcreport.validate.context import FileContext, did_you_mean
from omcreport.validate.fields import INVALID, FieldType, JsonSchema, shown, text_or_report
from omcreport.yamlio import YamlNode

LOCALE_PATTERN = r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*"
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
class LocaleTag(FieldType):
    doc: ClassVar[str] = "BCP 47 locale tag (`en`, `en-GB`, `de-DE`)"

    def convert(self, node: YamlNode, key: str, path: str, ctx: FileContext) -> object:
        text = text_or_report(node, key, ctx, "a locale tag")
        if text is None:
            return INVALID
        problem = locale_problem(text)
        if problem:
            ctx.report(node, "OMC216", f"{key}: {shown(text)} {problem}")
            return INVALID
        return text

    def json_schema(self) -> JsonSchema:
        return {"type": "string", "pattern": f"^{LOCALE_PATTERN}$"}


@dataclass(frozen=True)
class TimezoneName(FieldType):
    doc: ClassVar[str] = "IANA timezone name (`Europe/London`, `UTC`)"

    def convert(self, node: YamlNode, key: str, path: str, ctx: FileContext) -> object:
        text = text_or_report(node, key, ctx, "a timezone name")
        if text is None:
            return INVALID
        if _TIMEZONE.fullmatch(text) is None or text not in known_timezones():
            hint = did_you_mean(text, known_timezones()) if len(text) <= 64 else ""
            ctx.report(node, "OMC217", f"{key}: {shown(text)} is not an IANA timezone such as Europe/London{hint}")
            return INVALID
        return text

    def json_schema(self) -> JsonSchema:
        return {"type": "string", "pattern": "^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$"}
