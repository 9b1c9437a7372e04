"""Interface languages of the site: gettext catalogues and Babel formatting per locale.

The catalogues are kept as `.po` sources in `omcreport/locale/<lang>/LC_MESSAGES/` and
compiled in memory with Babel when first used. Compiling at build time (rather than
committing `.mo` files) means a catalogue can never be stale against its source, and
Babel's compiler output is a pure function of the `.po` text, so builds stay
deterministic.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from datetime import date, time
from functools import cache, lru_cache
from importlib import resources
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, get_timezone_location
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from markupsafe import Markup, escape

DOMAIN = "omcreport"
FALLBACK = "en"


@cache
def shipped_languages() -> tuple[str, ...]:
    root = resources.files("omcreport") / "locale"
    return tuple(sorted(entry.name for entry in root.iterdir() if (entry / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()))


def catalogue_language(locale: str) -> str:
    """The shipped catalogue for a BCP 47 tag: full tag, then language, then English."""
    tag = locale.replace("-", "_")
    for candidate in (tag, tag.split("_")[0].lower()):
        if candidate in shipped_languages():
            return candidate
    return FALLBACK


@cache
def po_source(language: str) -> bytes:
    return (resources.files("omcreport") / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po").read_bytes()


@cache
def translations(language: str) -> gettext.GNUTranslations:
    catalog = read_po(io.BytesIO(po_source(language)), locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@cache
def babel_locale(locale: str) -> Locale:
    try:
        return Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(FALLBACK)


def html_lang(locale: str) -> str:
    return str(babel_locale(locale)).replace("_", "-")


@lru_cache(maxsize=65536)
def _day(day: date, length: str, locale: Locale) -> str:
    return format_date(day, length, locale=locale)


@lru_cache(maxsize=256)
def _zone_words(zone: str, locale: Locale) -> str:
    if zone in ("UTC", "Etc/UTC", "Etc/GMT", "GMT"):
        return "UTC"  # CLDR has no region for it ("Unknown Region (UTC) Time")
    return get_timezone_location(ZoneInfo(zone), locale=locale)


@lru_cache(maxsize=16384)
def _clock(hour: int, minute: int, locale: Locale) -> str:
    # The short time pattern shows hours and minutes only (no seconds, no zone), so the
    # text depends on nothing else: a small table per locale instead of a Babel call per moment.
    return format_time(time(hour, minute), "short", locale=locale)


class Formatter:
    """Dates and times in one page's locale and timezone."""

    def __init__(self, locale: str, timezone: str) -> None:
        self.locale = babel_locale(locale)
        self.zone = ZoneInfo(timezone)
        self.joined = str(self.locale.datetime_formats.get("medium", "{1} {0}"))

    def datetime(self, moment: dt.datetime) -> str:
        """Medium date and short time (no seconds), joined the locale's way."""
        local = moment.astimezone(self.zone)
        day = _day(local.date(), "medium", self.locale)
        return self.joined.replace("{1}", day).replace("{0}", _clock(local.hour, local.minute, self.locale))

    def date(self, day: dt.date) -> str:
        return _day(day, "long", self.locale)

    @property
    def zone_words(self) -> str:
        """The timezone as a customer reads it ("United Kingdom Time"), not its IANA name."""
        return _zone_words(self.zone.key, self.locale)

    def weekday_date(self, day: dt.date) -> str:
        """The day with its weekday ("Friday, 20 November 2026"): how a headline names a date."""
        return _day(day, "full", self.locale)

    def iso(self, moment: dt.datetime) -> str:
        return moment.astimezone(self.zone).isoformat()

    def time_tag(self, moment: dt.datetime) -> Markup:
        """`<time datetime="ISO">text</time>` in one call: pages show many moments."""
        return Markup(f'<time datetime="{self.iso(moment)}">{escape(self.datetime(moment))}</time>')
