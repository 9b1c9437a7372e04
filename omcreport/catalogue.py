"""The built-in stage catalogue of the Order Management Cycle (FORMAT.md)."""

from __future__ import annotations

from omcreport.model import Catalogue, Localized, Stage

DAY = 86_400
HOUR = 3_600

# key, name, customer label (en, de) or None, public by default, default target (s)
_BUILT_IN: tuple[tuple[str, str, tuple[str, str] | None, bool, int | None], ...] = (
    ("planning", "Order planning", None, False, None),
    ("generation", "Order generation", None, False, None),
    ("pricing", "Cost estimation and pricing", ("Quote in preparation", "Angebot in Vorbereitung"), True, 3 * DAY),
    ("entry", "Order entry", ("Order received", "Bestellung eingegangen"), True, 4 * HOUR),
    ("prioritization", "Order selection and prioritization", ("Order confirmed", "Bestellung bestätigt"), True, DAY),
    ("scheduling", "Scheduling", ("Scheduled", "Eingeplant"), True, 2 * DAY),
    ("fulfillment", "Fulfillment", ("On its way", "Unterwegs"), True, 5 * DAY),
    ("billing", "Billing", ("Invoiced", "In Rechnung gestellt"), True, 2 * DAY),
    (
        "returns",
        "Returns and claims",
        ("Return or claim in progress", "Rücksendung oder Reklamation in Bearbeitung"),
        True,
        7 * DAY,
    ),
    ("postsales", "Postsales service", ("Installation and support", "Installation und Support"), True, None),
)

STAGE_KEYS: tuple[str, ...] = tuple(row[0] for row in _BUILT_IN)


def built_in_catalogue() -> Catalogue:
    stages = []
    for index, (key, name, labels, public, target) in enumerate(_BUILT_IN, start=1):
        label = None
        if labels is not None:
            label = Localized(by_locale=(("de", labels[1]), ("en", labels[0])))
        stages.append(
            Stage(
                key=key,
                index=index,
                name=name,
                customer_label=label,
                customer_description=None,
                public=public,
                target=target,
            )
        )
    return Catalogue(stages=tuple(stages))
