"""The vocabulary of field tables: what a field may hold, checked from the YAML node.

Each field type converts a node into a JSON-able value (text, bool, integer seconds, ISO
strings for timestamps and dates, lists, dicts) or reports why it cannot, and describes
itself for the JSON Schema and the field reference. Timestamps and dates are read from
the source text, quoted or not, never from what YAML 1.1 makes of them.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache
from typing import Any, ClassVar
from urllib.parse import urlsplit

from omcreport import colour, limits
from omcreport.characters import value_refusal
from omcreport.validate.context import FileContext, did_you_mean
from omcreport.vocabulary import NAME, NAME_PATTERN, NAME_WORDS, TOKEN, TOKEN_PATTERN, TOKEN_WORDS
from omcreport.yamlio import YamlNode, YamlScalar, describe, yaml11_type_name

JsonSchema = dict[str, Any]


class Invalid:
    """The result of a value that was reported: left out of the converted record."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID = Invalid()

TIMESTAMP_PATTERN = r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})"
DATE_PATTERN = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
DURATION_PATTERN = r"P(?!$)(?!(0+D)?(T(0+H)?(0+M)?(0+S)?)?$)([0-9]+D)?(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+S)?)?"
DECIMAL_PATTERN = r"-?[0-9]+(\.[0-9]+)?"

_TIMESTAMP = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]+))?)?(Z|[+-][0-9]{2}:[0-9]{2})?",
    re.ASCII,
)
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
_DURATION = re.compile(r"P(?:([0-9]+)D)?(?:T(?=[0-9])(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+)S)?)?", re.ASCII)
_DECIMAL = re.compile(DECIMAL_PATTERN, re.ASCII)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

TIMESTAMP_FORM = "YYYY-MM-DDTHH:MM[:SS] with Z or ±HH:MM, e.g. 2026-03-10T09:12:00+01:00"


def pattern_schema(pattern: str, message: str) -> JsonSchema:
    """A string matching `pattern`; `message` (plain words, never the expression) is what
    editors show when it does not (the YAML extension reads `patternErrorMessage`)."""
    return {"type": "string", "pattern": pattern, "patternErrorMessage": message}


def shown(text: str) -> str:
    """A value quoted for a message, cut short so a 20,000-character text stays readable."""
    return repr(text if len(text) <= 60 else text[:57] + "...")


def scalar_or_report(node: YamlNode, key: str, ctx: FileContext, expected: str) -> YamlScalar | None:
    if isinstance(node, YamlScalar):
        return node
    ctx.report(node, "OMC203", f"{key} must be {expected}, not {describe(node)}")
    return None


def text_or_report(node: YamlNode, key: str, ctx: FileContext, expected: str, secret: bool = False) -> str | None:
    """The text of a scalar meant as a string; a plain scalar YAML 1.1 reads otherwise asks for quotes."""
    scalar = scalar_or_report(node, key, ctx, expected)
    if scalar is None:
        return None
    kind = scalar.yaml11_type
    if kind != "str":
        what = "" if secret else f" {scalar.text}"
        fix = "write it in quotes" if secret else f'write it in quotes: "{scalar.text}"'
        ctx.report(scalar, "OMC204", f"{key}:{what} is read as {yaml11_type_name(kind)}; {fix}")
        return None
    return scalar.text


class FieldType(ABC):
    """One kind of value. `convert` returns the JSON-able value or INVALID after reporting."""

    doc: ClassVar[str] = ""

    @abstractmethod
    def convert(self, node: YamlNode, key: str, path: str, ctx: FileContext) -> object:
        """The value of `node` (at dotted `path`, under `key`), or INVALID after reporting why not."""

    @abstractmethod
    def json_schema(self) -> JsonSchema:
        """The JSON Schema of this value."""

    def describe(self) -> str:
        return self.doc


class CheckedText(FieldType):
    """A string (never what YAML 1.1 makes of a plain scalar) that one check accepts as is."""

    code: ClassVar[str]
    expected: ClassVar[str]
    secret: ClassVar[bool] = False

    def convert(self, node: YamlNode, key: str, path: str, ctx: FileContext) -> object:
        text = text_or_report(node, key, ctx, self.expected, secret=self.secret)
        if text is None:
            return INVALID
        if self.is_markup():
            refused = value_refusal(text, markup=True)
            if refused is not None:
                ctx.report(node, refused[0], f"{key}: {refused[1]}")
                return INVALID
            costly = limits.markdown_refusal(text)
            if costly is not None:
                ctx.report(node, LIMIT_CODE, f"{key} {costly}")
                return INVALID
        message = self.refusal(key, text)
        if message:
            ctx.report(node, self.code, message)
            return INVALID
        return text

    @abstractmethod
    def refusal(self, key: str, text: str) -> str:
        """The whole message reported under `code` when `text` is refused, else ''."""

    def is_markup(self) -> bool:
        """Whether the text is Markdown, whose character references become characters."""
        return False


@dataclass(frozen=True)
class Text(CheckedText):
    """A non-empty string; `markdown` says how it is rendered (for the reference only)."""

    code: ClassVar[str] = "OMC220"
    expected: ClassVar[str] = "a text"
    markdown: str | None = None  # None | "inline" | "block"

    def refusal(self, key: str, text: str) -> str:
        return "" if text.strip() else f"{key} is empty"

    def is_markup(self) -> bool:
        return self.markdown is not None

    def json_schema(self) -> JsonSchema:
        return {"minLength": 1, **pattern_schema(r"\S", "Write some text: it must not be empty or only spaces.")}

    def describe(self) -> str:
        if self.markdown == "inline":
            return "text (inline Markdown)"
        if self.markdown == "block":
            return "text (Markdown)"
        return "text"


@dataclass(frozen=True)
class Name(CheckedText):
    """An ASCII name matched whole: `order` and `id`."""

    code: ClassVar[str] = "OMC214"
    expected: ClassVar[str] = "a text"

    def refusal(self, key: str, text: str) -> str:
        if NAME.fullmatch(text) is not None:
            return ""
        return f"{key} {shown(text)} must be {NAME_WORDS}"

    def json_schema(self) -> JsonSchema:
        return pattern_schema(f"^{NAME_PATTERN}$", f"A name: {NAME_WORDS}, e.g. SO-1042.")

    def describe(self) -> str:
        return f"name: `^{NAME_PATTERN}$`"


@dataclass(frozen=True)
class Token(CheckedText):
    """A public page's secret address part; messages never print it."""

    code: ClassVar[str] = "OMC215"
    expected: ClassVar[str] = "a text"
    secret: ClassVar[bool] = True

    def refusal(self, key: str, text: str) -> str:
        if TOKEN.fullmatch(text) is not None:
            return ""
        return f"{key} must be {TOKEN_WORDS}"

    def json_schema(self) -> JsonSchema:
        return pattern_schema(f"^{TOKEN_PATTERN}$", f"A token: {TOKEN_WORDS}; omcreport new token prints a fresh one.")

    def describe(self) -> str:
        return "token: 22-64 characters of `[A-Za-z0-9_-]`"


@dataclass(frozen=True)
class Choice(FieldType):
    """One word of a fixed list."""

    values: tuple[str, ...]
    code: str = "OMC206"
    noun: str = "value"

    def convert(self, node: YamlNode, key: str, path: str, ctx: FileContext) -> object:
        if isinstance(node, YamlScalar) and node.yaml11_type != "str" and node.text not in self.values:
            # Quoting alone would only lead to the next error: name the choices at once.
            ctx.report(
                node,
                "OMC204",
                f"{key}: {node.text} is read as {yaml11_type_name(node.yaml11_type)}; "
                f"write one of {', '.join(self.values)}{did_you_mean(node.text, self.values)}",
            )
            return INVALID
        text = text_or_report(node, key, ctx, f"one of {', '.join(self.values)}")
        if text is None:
            return INVALID
        if text not in self.values:
            ctx.report(
                node,
                self.code,
                f"{key}: unknown {self.noun} {shown(text)}{did_you_mean(text, self.values)}; "
                f"expected one of {', '.join(self.values)}",
            )
            return INVALID
        return text

    def json_schema(self) -> JsonSchema:
        return {"type": "string", "enum": list(self.values)}

    def describe(self) -> str:
        return "one of " + " | ".join(f"`{value}`" for value in self.values)


@dataclass(frozen=True)
class Boolean(FieldType):
    doc: ClassVar[str] = "`true` or `false` (unquoted)"

    def convert(self, node: YamlNode, key: str, path: str, ctx: FileContext) -> object:
        scalar = scalar_or_report(node, key, ctx, "true or false")
        if scalar is None:
            return INVALID
        if scalar.style == "plain" and scalar.text in ("true", "false"):
            return scalar.text == "true"
        if scalar.text in ("true", "false"):
            ctx.report(scalar, "OMC207", f"{key}: write {scalar.text} without quotes")
        else:
            ctx.report(scalar, "OMC207", f"{key} must be true or false, not {shown(scalar.text)}")
        return INVALID

    def json_schema(self) -> JsonSchema:
        return {"type": "boolean"}


@dataclass(frozen=True)
class Count(FieldType):
    """A whole number from 1 to limits.MAX_QUANTITY, written as digits."""

    doc: ClassVar[str] = f"whole number from 1 to {limits.MAX_QUANTITY:,}"

    def convert(self, node: YamlNode, key: str, path: str, ctx: FileContext) -> object:
        scalar = scalar_or_report(node, key, ctx, "a whole number")
        if scalar is None:
            return INVALID
        if scalar.style == "plain" and _DIGITS.fullmatch(scalar.text) and 1 <= int(scalar.text) <= limits.MAX_QUANTITY:
            return int(scalar.text)
        bounds = f"from 1 to {limits.MAX_QUANTITY:,}"
        ctx.report(scalar, "OMC223", f"{key} must be a whole number {bounds}, not {shown(scalar.text)}")
        return INVALID

    def json_schema(self) -> JsonSchema:
        return {"type": "integer", "minimum": 1, "maximum": limits.MAX_QUANTITY}


_DIGITS = re.compile(r"[0-9]{1,7}")


@dataclass(frozen=True)
class Accent(CheckedText):
    """A `#rrggbb` colour that links and focus rings can use on the theme's light background."""

    doc: ClassVar[str] = f"colour `#rrggbb` with a contrast of at least {colour.MIN_CONTRAST}:1 on the light theme"
    code: ClassVar[str] = "OMC224"
    expected: ClassVar[str] = 'a colour such as "#1f4e79"'

    def refusal(self, key: str, text: str) -> str:
        if colour.HEX_COLOUR.fullmatch(text) is None:
            return f'{key}: {shown(text)} is not a colour of the form #rrggbb, e.g. "#1f4e79"'
        ratio, background = colour.worst_contrast(text, colour.LIGHT_BACKGROUNDS)
        if ratio < colour.MIN_CONTRAST:
            where = "the white page" if background == colour.LIGHT_BACKGROUND else f"the page's {background} boxes"
            return (
                f"{key}: {text} has a contrast of {ratio:.2f}:1 on {where}; links need at least "
                f"{colour.MIN_CONTRAST}:1, so choose a darker shade"
            )
        return ""

    def json_schema(self) -> JsonSchema:
        return pattern_schema("^#[0-9a-fA-F]{6}$", 'A colour of the form #rrggbb, e.g. "#1f4e79".')


@dataclass(frozen=True)
class ContentPath(CheckedText):
    """A relative path inside the content folder, written with `/`."""

    doc: ClassVar[str] = "path inside the content folder, e.g. `assets/logo.png`"
    code: ClassVar[str] = "OMC225"
    expected: ClassVar[str] = "a path such as assets/logo.png"

    def refusal(self, key: str, text: str) -> str:
        parts = text.split("/")
        if text.startswith("/") or "\\" in text or ":" in text or any(part in ("", ".", "..") for part in parts):
            return f"{key}: {shown(text)} must be a path inside the content folder, such as assets/logo.png"
        return ""

    def json_schema(self) -> JsonSchema:
        return pattern_schema(
            "^(?!/)(?!.*(^|/)\\.{1,2}(/|$))[^\\\\:]+$",
            "A path inside the content folder written with /, such as assets/logo.png (no leading /, no .. parts).",
        )


LIMIT_CODE = "OMC222"
# Marks a parse_timestamp message as a limit (LIMIT_CODE), not a malformed timestamp.
OUT_OF_RANGE = "\x00limit:"


def parse_timestamp(text: str) -> datetime | str:
    """The timezone-aware time of `text`, or why it is not one (a message fragment)."""
    match = _TIMESTAMP.fullmatch(text)
    if match is None:
        return f"is not a timestamp; expected {TIMESTAMP_FORM}"
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    if offset is None:
        return "has no UTC offset; add Z or one such as +01:00"
    if offset == "Z":
        zone = UTC
    else:
        hours, minutes = int(offset[1:3]), int(offset[4:6])
        if hours > 23 or minutes > 59:
            return f"has an impossible UTC offset; expected {TIMESTAMP_FORM}"
        sign = -1 if offset[0] == "-" else 1
        zone = timezone(sign * timedelta(hours=hours, minutes=minutes))
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), micro, tzinfo=zone)
    except ValueError as error:
        return f"is not a valid time ({error}); expected {TIMESTAMP_FORM}"
    if not (limits.year_in_range(moment) and limits.year_in_range(moment.astimezone(UTC))):
        return f"{OUT_OF_RANGE}is outside the calendar omcreport works in ({limits.years_words()})"
    return moment


@dataclass(frozen=True)
class Timestamp(FieldType):
    doc: ClassVar[str] = "timestamp `YYYY-MM-DDTHH:MM[:SS[.f]]` with `Z` or `±HH:MM`"

    def convert(self, node: YamlNode, key: str, path: str, ctx: FileContext) -> object:
        scalar = scalar_or_report(node, key, ctx, "a timestamp")
        if scalar is None:
            return INVALID
        parsed = parse_timestamp(scalar.text)
        if isinstance(parsed, str):
            if parsed.startswith(OUT_OF_RANGE):
                code, parsed = LIMIT_CODE, parsed.removeprefix(OUT_OF_RANGE)
            else:
                code = "OMC209" if parsed.startswith("has no UTC offset") else "OMC208"
            ctx.report(scalar, code, f"{key}: {shown(scalar.text)} {parsed}")
            return INVALID
        return parsed.isoformat()

    def json_schema(self) -> JsonSchema:
        return pattern_schema(
            f"^{TIMESTAMP_PATTERN}$",
            "A time with its UTC offset: date T hours:minutes, then Z or an offset, e.g. 2026-03-10T09:12+01:00.",
        )


@dataclass(frozen=True)
class Date(FieldType):
    doc: ClassVar[str] = "date `YYYY-MM-DD`"

    def convert(self, node: YamlNode, key: str, path: str, ctx: FileContext) -> object:
        scalar = scalar_or_report(node, key, ctx, "a date")
        if scalar is None:
            return INVALID
        match = _DATE.fullmatch(scalar.text)
        problem = "is not a date; expected YYYY-MM-DD, e.g. 2026-04-02"
        code = "OMC210"
        if match is not None:
            try:
                day = date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError as error:
                problem = f"is not a valid date ({error}); expected YYYY-MM-DD"
            else:
                if limits.year_in_range(day):
                    return day.isoformat()
                code, problem = LIMIT_CODE, f"is outside the calendar omcreport works in ({limits.years_words()})"
        ctx.report(scalar, code, f"{key}: {shown(scalar.text)} {problem}")
        return INVALID

    def json_schema(self) -> JsonSchema:
        return pattern_schema(f"^{DATE_PATTERN}$", "A date: year-month-day, e.g. 2026-04-02.")


def duration_seconds(text: str) -> int | None:
    match = _DURATION.fullmatch(text)
    if match is None or text == "P":
        return None
    days, hours, minutes, seconds = (int(group or 0) for group in match.groups())
    return days * 86_400 + hours * 3_600 + minutes * 60 + seconds


def _uses_calendar_units(text: str) -> bool:
    if not text.startswith("P"):
        return False
    date_part = text[1:].split("T", 1)[0]
    return any(unit in date_part for unit in "YWM")


@dataclass(frozen=True)
class Duration(FieldType):
    doc: ClassVar[str] = (
        "ISO 8601 duration longer than zero with D, H, M, S only (`PT4H`, `P2D`, `P1DT12H`; a day is 86,400 s)"
    )

    def convert(self, node: YamlNode, key: str, path: str, ctx: FileContext) -> object:
        text = text_or_report(node, key, ctx, "a duration such as P2D")
        if text is None:
            return INVALID
        seconds = duration_seconds(text)
        if seconds is not None and seconds > limits.MAX_DURATION_SECONDS:
            ctx.report(
                node, LIMIT_CODE, f"{key}: {shown(text)} is longer than 100 years (P36525D), the longest allowed"
            )
            return INVALID
        # A target of zero would make every visit a breach and every ratio to it undefined.
        if seconds is not None and seconds > 0:
            return seconds
        if seconds is not None:
            problem = "is zero; a target must be longer than that (or null for none)"
        elif _uses_calendar_units(text):
            problem = "uses weeks, months or years; write days instead (P14D, not P2W)"
        else:
            problem = "is not an ISO 8601 duration; expected e.g. PT4H, P2D or P1DT12H"
        ctx.report(node, "OMC211", f"{key}: {shown(text)} {problem}")
        return INVALID

    def json_schema(self) -> JsonSchema:
        return pattern_schema(
            f"^{DURATION_PATTERN}$",
            "An ISO 8601 duration longer than zero in days, hours, minutes and seconds, e.g. PT4H, P2D or P1DT12H "
            "(write weeks as days: P14D).",
        )


@dataclass(frozen=True)
class DecimalText(FieldType):
    doc: ClassVar[str] = 'decimal number in quotes (`"12400.00"`)'

    def convert(self, node: YamlNode, key: str, path: str, ctx: FileContext) -> object:
        scalar = scalar_or_report(node, key, ctx, "a decimal number in quotes")
        if scalar is None:
            return INVALID
        if scalar.style == "plain" and scalar.yaml11_type in ("int", "float"):
            ctx.report(scalar, "OMC212", f'{key}: write the number in quotes so no digit is lost: "{scalar.text}"')
            return INVALID
        if _DECIMAL.fullmatch(scalar.text) is None:
            ctx.report(scalar, "OMC212", f'{key}: {shown(scalar.text)} is not a decimal number such as "12400.00"')
            return INVALID
        digits = len(scalar.text.lstrip("-").replace(".", "").lstrip("0"))
        if digits > limits.MAX_AMOUNT_DIGITS:
            ctx.report(scalar, LIMIT_CODE, f"{key} has {digits} significant digits; at most {limits.MAX_AMOUNT_DIGITS}")
            return INVALID
        return scalar.text

    def json_schema(self) -> JsonSchema:
        return pattern_schema(f"^{DECIMAL_PATTERN}$", 'A decimal number in quotes, e.g. "12400.00".')


@dataclass(frozen=True)
class Currency(CheckedText):
    doc: ClassVar[str] = "ISO 4217 currency code (`EUR`, `GBP`)"
    code: ClassVar[str] = "OMC213"
    expected: ClassVar[str] = "a currency code"

    def refusal(self, key: str, text: str) -> str:
        if text in _currencies():
            return ""
        hint = f" (did you mean {text.upper()!r}?)" if text.upper() in _currencies() else ""
        return f"{key}: {shown(text)} is not an ISO 4217 currency code{hint}"

    def json_schema(self) -> JsonSchema:
        return pattern_schema("^[A-Z]{3}$", "An ISO 4217 currency code: three capital letters, e.g. EUR or GBP.")


@cache
def _currencies() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(code for code in list_currencies() if re.fullmatch("[A-Z]{3}", code))


@dataclass(frozen=True)
class Url(CheckedText):
    """An absolute URL with one of `schemes`; `base` also requires the trailing slash and no query."""

    code: ClassVar[str] = "OMC218"
    expected: ClassVar[str] = "a URL"
    base: bool = False
    schemes: tuple[str, ...] = ("http", "https")

    def refusal(self, key: str, text: str) -> str:
        problem = url_problem(text, self.base, self.schemes)
        return f"{key}: {shown(text)} {problem}" if problem else ""

    def json_schema(self) -> JsonSchema:
        web = "https" if "http" not in self.schemes else "https?"
        pattern = f"^{web}://[^/?#@\\s]+/([^?#\\s]*/)?$" if self.base else f"^{web}://[^/?#@\\s]+([/?#]\\S*)?$"
        if "mailto" in self.schemes:
            pattern = f"({pattern})|(^mailto:[^@\\s]+@[^@\\s]+\\.[^@\\s?]+(\\?\\S*)?$)"
        return pattern_schema(pattern, self._expected_words())

    def _expected_words(self) -> str:
        if self.base:
            return "An absolute http(s) address ending in / with no query or fragment, e.g. https://track.example.com/."
        if "http" in self.schemes:
            return "An absolute http(s) address, e.g. https://example.com/help (no spaces, no user@ before the host)."
        words = " or ".join(f"an {_SCHEME_WORDS[scheme]} such as {_SCHEME_EXAMPLES[scheme]}" for scheme in self.schemes)
        return f"{words[0].upper()}{words[1:]}."

    def describe(self) -> str:
        if self.base:
            return "absolute http(s) URL ending in `/`"
        if "http" in self.schemes:
            return "absolute http(s) URL"
        return " or ".join(_SCHEME_WORDS[scheme] for scheme in self.schemes)


_SCHEME_WORDS = {"https": "absolute https: URL", "mailto": "mailto: address"}
_SCHEME_EXAMPLES = {"https": "https://example.com/help", "mailto": "mailto:help@example.com"}


def url_problem(text: str, base: bool, schemes: tuple[str, ...] = ("http", "https")) -> str:
    wanted = "http(s)" if "http" in schemes else " or ".join(f"{scheme}:" for scheme in schemes)
    if any(char.isspace() for char in text) or not text.isascii():
        return f"must be an absolute {wanted} URL without spaces (percent-encode other characters)"
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return "is not a valid URL"
    if parts.scheme == "mailto" and "mailto" in schemes:
        valid = _EMAIL.fullmatch(parts.path) is not None
        return "" if valid else "must be mailto: followed by an address, e.g. mailto:help@example.com"
    if parts.scheme not in schemes or parts.scheme == "mailto" or not parts.hostname:
        example = "https://track.example.com/" + ("" if "mailto" not in schemes else " or mailto:help@example.com")
        return f"must be an absolute {wanted} URL such as {example}"
    if "@" in parts.netloc:
        # Published, a user name or password is a leaked secret, and `https://bank.example@evil/`
        # shows readers one host while it sends them to another.
        return "must not carry a user name or password before the host (user@host)"
    if base and (parts.query or parts.fragment or not text.endswith("/")):
        return "must end in '/' and have no query or fragment, e.g. https://track.example.com/"
    return ""


@dataclass(frozen=True)
class Email(CheckedText):
    doc: ClassVar[str] = "email address"
    code: ClassVar[str] = "OMC219"
    expected: ClassVar[str] = "an email address"

    def refusal(self, key: str, text: str) -> str:
        if _EMAIL.fullmatch(text) is not None:
            return ""
        return f"{key}: {shown(text)} is not an email address such as orders@example.com"

    def json_schema(self) -> JsonSchema:
        return pattern_schema("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", "An email address, e.g. orders@example.com.")
