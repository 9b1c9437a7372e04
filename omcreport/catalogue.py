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
    ("fulfillment", "Fulfillment", ("Preparation and dispatch", "Fertigung und Versand"), True, 5 * DAY),
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

# What a progress step says in each state (STEP_STATES), English and German: a step reads
# right whether it is done, under way or still to come ("Quote prepared", "Preparing your
# quote", "Quote").
_STATE_WORDINGS: dict[str, dict[str, tuple[str, str]]] = {
    "pricing": {
        "done": ("Quote prepared", "Angebot erstellt"),
        "current": ("Preparing your quote", "Wir erstellen Ihr Angebot"),
        "upcoming": ("Quote", "Angebot"),
    },
    "entry": {
        "done": ("Order received", "Bestellung eingegangen"),
        "current": ("Checking your order", "Wir prüfen Ihre Bestellung"),
        "upcoming": ("Order received", "Bestellungseingang"),
    },
    "prioritization": {
        "done": ("Order confirmed", "Bestellung bestätigt"),
        "current": ("Confirming your order", "Wir bestätigen Ihre Bestellung"),
        "upcoming": ("Confirmation", "Bestätigung"),
    },
    "scheduling": {
        "done": ("Scheduled", "Eingeplant"),
        "current": ("Scheduling your order", "Wir planen Ihre Bestellung ein"),
        "upcoming": ("Scheduling", "Einplanung"),
    },
    "fulfillment": {
        "done": ("Shipped", "Versandt"),
        "current": ("Being prepared", "Wird vorbereitet"),
        "upcoming": ("Preparation and dispatch", "Fertigung und Versand"),
    },
    "billing": {
        "done": ("Invoiced", "In Rechnung gestellt"),
        "current": ("Preparing your invoice", "Wir erstellen Ihre Rechnung"),
        "upcoming": ("Invoice", "Rechnung"),
    },
    "returns": {
        "done": ("Return or claim settled", "Rücksendung oder Reklamation erledigt"),
        "current": ("Return or claim in progress", "Rücksendung oder Reklamation in Bearbeitung"),
        "upcoming": ("Return or claim", "Rücksendung oder Reklamation"),
    },
    "postsales": {
        "done": ("Installation and support given", "Installation und Support erbracht"),
        "current": ("Installation and support", "Installation und Support"),
        "upcoming": ("Installation and support", "Installation und Support"),
    },
}

# Fulfillment once a shipment has left: "on its way" rather than "being prepared".
IN_TRANSIT = Localized(by_locale=(("de", "Unterwegs"), ("en", "On its way")))

# The Delivered step of the progress bar (not a stage: the end of the last fulfillment).
DELIVERED_STEP = {
    "done": Localized(by_locale=(("de", "Geliefert"), ("en", "Delivered"))),
    "upcoming": Localized(by_locale=(("de", "Zustellung"), ("en", "Delivery"))),
}


def _localized(pair: tuple[str, str]) -> Localized:
    return Localized(by_locale=(("de", pair[1]), ("en", pair[0])))


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
                state_labels=tuple((state, _localized(pair)) for state, pair in _STATE_WORDINGS.get(key, {}).items()),
            )
        )
    return Catalogue(stages=tuple(stages))
