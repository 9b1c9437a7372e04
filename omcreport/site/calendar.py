"""order.ics (RFC 5545): one all-day event on the delivery date of an order."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from omcreport.vocabulary import TRACK_FOLDER


def _escape(text: str) -> str:
    for raw, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\r\n", "\\n"), ("\n", "\\n")):
        text = text.replace(raw, escaped)
    return text


LINE_OCTETS = 75


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded (RFC 5545 3.1), never inside a character;
    a continuation line's leading space counts among its 75."""
    if len(line.encode("utf-8")) <= LINE_OCTETS:
        return line
    parts: list[str] = []
    current = ""
    for char in line:
        if len((current + char).encode("utf-8")) > LINE_OCTETS:
            parts.append(current)
            current = " " + char
        else:
            current += char
    parts.append(current)
    return "\r\n".join(parts)


def delivery_calendar(
    *, token: str, base_url: str, day: date, summary: str, description: str, url: str, revised: datetime, sequence: int
) -> bytes:
    # SEQUENCE counts the customer updates and DTSTAMP is the last revision of what the
    # page shows (RFC 5545: when the information was last revised): a date moved with a
    # new update reads as a revision to calendar clients, and a rebuild of the same
    # content, at any as-of, changes nothing.
    # The uid must be stable but must not carry the token into the customer's calendar.
    host = urlsplit(base_url).hostname or "localhost"
    uid = hashlib.sha256((base_url + TRACK_FOLDER.format(token=token)).encode()).hexdigest()[:32] + "@" + host
    stamp = revised.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//omcreport//status site//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"SEQUENCE:{sequence}",
        f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{(day + timedelta(days=1)).strftime('%Y%m%d')}",
        f"SUMMARY:{_escape(summary)}",
        f"DESCRIPTION:{_escape(description)}",
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
        "STATUS:CONFIRMED",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode("utf-8")
