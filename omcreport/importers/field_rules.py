"""The journey field table's value rules, applied to what the mapping writes into a journey.

A constant in the mapping is checked where it is written, with the code content gets
(`currency: XYZ` is OMC213 at the mapping's line:col): the mapping's field table gives it
the journey field's type (`journey_field`). A value the log gives is checked
per case and refused as OMC912, naming the case, where the mapping reads it and the
field's own message. Either way nothing is written.
"""

from __future__ import annotations

from omcreport.errors import Problem
from omcreport.importers.failure import error
from omcreport.importers.sources import Source
from omcreport.validate.context import FileContext
from omcreport.validate.fields import INVALID, Boolean, Count, FieldType
from omcreport.validate.journey import TABLE
from omcreport.validate.structure import ListOf, Mapping
from omcreport.yamlio import Style, YamlScalar

LOG_VALUE_CODE = "OMC912"  # declared in omcreport.validate.rules


def journey_field(path: str) -> FieldType:
    """The field type at a dotted journey path (`public.shipments.carrier`)."""
    kind: FieldType = TABLE
    for part in path.split("."):
        while isinstance(kind, ListOf):
            kind = kind.item
        assert isinstance(kind, Mapping), path
        kind = next(entry.type for entry in kind.fields if entry.name == part)
    return kind


def checked_value(
    text: str, path: str, source: Source, mapping_path: str, case_id: str, problems: list[Problem]
) -> object:
    """`text` as the journey field at `path` holds it, or INVALID after adding an OMC912 problem."""
    kind = journey_field(path)
    style: Style = "plain" if isinstance(kind, Count | Boolean) else "double"
    ctx = FileContext(mapping_path)
    converted = kind.convert(YamlScalar(text, style, source.line, source.col), path.rsplit(".", 1)[-1], path, ctx)
    if converted is INVALID or ctx.problems:
        reason = ctx.problems[0].message if ctx.problems else "refused"
        message = f"case {case_id!r}: {source.where} ({source.describe()}) gives a value {path} may not hold: {reason}"
        problems.append(error(mapping_path, source.line, source.col, LOG_VALUE_CODE, message))
        return INVALID
    return converted
