"""The one character rule (FORMAT.md): no C0 or C1 control but tab and line ends, no
bidirectional control, no Unicode line or paragraph separator, no noncharacter.

It holds for the bytes of a file (`yamlio`), and again for each value as parsed: a YAML
escape (`"\\r"`, `"\\0"`, `"\\u202e"`), an HTML character reference in Markdown
(`&#x202E;`) or a field of an imported log can produce what the file's bytes do not
show. `value_refusal` is that second check, with the same rule codes."""

from __future__ import annotations

import html
import re

CONTROL_CODE = "OMC103"
INVISIBLE_CODE = "OMC104"

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# U+2028 and U+2029 end a line for libyaml but not for editors or diffs: a key could hide
# inside what reviewers see as a comment, and every later line number would shift.
SEPARATOR = re.compile("[\u2028\u2029]")
# In a file's bytes a CR ends a line with its LF; a CR without LF ends a line for libyaml
# but not for git or editors, like U+2028.
IN_FILE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\u202a-\u202e\u2066-\u2069\u2028\u2029]|\r(?!\n)")
# A parsed value has no line ends but LF (YAML folds CRLF to LF), so any CR in it came
# from an escape: it would start a new line in order.ics or a CSV cell.
IN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\u202a-\u202e\u2066-\u2069\u2028\u2029]")


# Where describe()'s message turns from what the character is to why it is refused.
_REASON = re.compile(r" \(|;")


def describe(char: str) -> tuple[str, str]:
    """(rule code, message) for one forbidden character."""
    if SEPARATOR.fullmatch(char):
        return (
            INVISIBLE_CODE,
            f"Unicode line separator U+{ord(char):04X} is not allowed (editors do not show it as a line end)",
        )
    if BIDI.fullmatch(char):
        return (
            INVISIBLE_CODE,
            f"bidirectional control character U+{ord(char):04X} is not allowed (it can disguise text)",
        )
    if char == "\r":
        return CONTROL_CODE, "carriage return U+000D is not allowed in a value; it would start a new line"
    return CONTROL_CODE, f"control character U+{ord(char):04X} is not allowed; only tab, CR and LF are"


# A numeric reference as a browser reads it: `&#27;`, `&#x1b`, the `;` optional. (Python's
# html.unescape drops some control characters that a browser keeps.)
_NUMERIC_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def _referenced(text: str) -> str:
    """The characters `text`'s character references stand for, named ones included."""
    numbers = (
        int(hex_digits, 16) if hex_digits else int(digits) for hex_digits, digits in _NUMERIC_REFERENCE.findall(text)
    )
    return "".join(chr(number) for number in numbers if number <= 0x10FFFF) + html.unescape(text)


def value_refusal(text: str, *, markup: bool = False, how: str = "written") -> tuple[str, str] | None:
    """(rule code, message) when a parsed value holds a forbidden character, else None.

    With `markup`, HTML character references are decoded first (Markdown passes them on
    to the page, where they become the characters they name)."""
    found = IN_VALUE.search(text)
    if found is None and markup and "&" in text:
        found = IN_VALUE.search(_referenced(text))
        how = "written as an HTML character reference"
    if found is None:
        return None
    code, message = describe(found.group())
    return code, f"{_REASON.split(message)[0]} ({how})"
