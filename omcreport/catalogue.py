"""The built-in stage catalogue of the Order Management Cycle (FORMAT.md), with the
customer's wording of each public stage in every shipped interface language (en, de, fr)."""

from __future__ import annotations

from omcreport.model import Catalogue, Localized, Stage

DAY = 86_400
HOUR = 3_600

# One wording per shipped language, in this order.
LANGUAGES: tuple[str, ...] = ("en", "de", "fr")
Wording = tuple[str, str, str]

# key, name, customer label or None, public by default, default target (s)
_BUILT_IN: tuple[tuple[str, str, Wording | None, bool, int | None], ...] = (
    ("planning", "Order planning", None, False, None),
    ("generation", "Order generation", None, False, None),
    (
        "pricing",
        "Cost estimation and pricing",
        ("Quote in preparation", "Angebot in Vorbereitung", "Devis en préparation"),
        True,
        3 * DAY,
    ),
    ("entry", "Order entry", ("Order received", "Bestellung eingegangen", "Commande reçue"), True, 4 * HOUR),
    (
        "prioritization",
        "Order selection and prioritization",
        ("Order confirmed", "Bestellung bestätigt", "Commande confirmée"),
        True,
        DAY,
    ),
    ("scheduling", "Scheduling", ("Scheduled", "Eingeplant", "Planifiée"), True, 2 * DAY),
    (
        "fulfillment",
        "Fulfillment",
        ("Preparation and dispatch", "Fertigung und Versand", "Préparation et expédition"),
        True,
        5 * DAY,
    ),
    ("billing", "Billing", ("Invoiced", "In Rechnung gestellt", "Facturée"), True, 2 * DAY),
    (
        "returns",
        "Returns and claims",
        (
            "Return or claim in progress",
            "Rücksendung oder Reklamation in Bearbeitung",
            "Retour ou réclamation en cours",
        ),
        True,
        7 * DAY,
    ),
    (
        "postsales",
        "Postsales service",
        ("Installation and support", "Installation und Support", "Installation et assistance"),
        True,
        None,
    ),
)

STAGE_KEYS: tuple[str, ...] = tuple(row[0] for row in _BUILT_IN)

# What a progress step says in each state (STEP_STATES): a step reads right whether it is
# done, under way or still to come ("Quote prepared", "Preparing your quote", "Quote").
_STATE_WORDINGS: dict[str, dict[str, Wording]] = {
    "pricing": {
        "done": ("Quote prepared", "Angebot erstellt", "Devis établi"),
        "current": ("Preparing your quote", "Wir erstellen Ihr Angebot", "Nous préparons votre devis"),
        "upcoming": ("Quote", "Angebot", "Devis"),
    },
    "entry": {
        "done": ("Order received", "Bestellung eingegangen", "Commande reçue"),
        "current": ("Checking your order", "Wir prüfen Ihre Bestellung", "Nous vérifions votre commande"),
        "upcoming": ("Order received", "Bestellungseingang", "Réception de la commande"),
    },
    "prioritization": {
        "done": ("Order confirmed", "Bestellung bestätigt", "Commande confirmée"),
        "current": ("Confirming your order", "Wir bestätigen Ihre Bestellung", "Nous confirmons votre commande"),
        "upcoming": ("Confirmation", "Bestätigung", "Confirmation"),
    },
    "scheduling": {
        "done": ("Scheduled", "Eingeplant", "Planifiée"),
        "current": ("Scheduling your order", "Wir planen Ihre Bestellung ein", "Nous planifions votre commande"),
        "upcoming": ("Scheduling", "Einplanung", "Planification"),
    },
    "fulfillment": {
        "done": ("Shipped", "Versandt", "Expédiée"),
        "current": ("Being prepared", "Wird vorbereitet", "En préparation"),
        "upcoming": ("Preparation and dispatch", "Fertigung und Versand", "Préparation et expédition"),
    },
    "billing": {
        "done": ("Invoiced", "In Rechnung gestellt", "Facturée"),
        "current": ("Preparing your invoice", "Wir erstellen Ihre Rechnung", "Nous préparons votre facture"),
        "upcoming": ("Invoice", "Rechnung", "Facture"),
    },
    "returns": {
        "done": ("Return or claim settled", "Rücksendung oder Reklamation erledigt", "Retour ou réclamation réglé"),
        "current": (
            "Return or claim in progress",
            "Rücksendung oder Reklamation in Bearbeitung",
            "Retour ou réclamation en cours",
        ),
        "upcoming": ("Return or claim", "Rücksendung oder Reklamation", "Retour ou réclamation"),
    },
    "postsales": {
        "done": (
            "Installation and support given",
            "Installation und Support erbracht",
            "Installation et assistance faites",
        ),
        "current": ("Installation and support", "Installation und Support", "Installation et assistance"),
        "upcoming": ("Installation and support", "Installation und Support", "Installation et assistance"),
    },
}


def localized(wording: Wording) -> Localized:
    return Localized(by_locale=tuple(sorted(zip(LANGUAGES, wording, strict=True))))


# Fulfillment once a shipment has left: "on its way" rather than "being prepared".
IN_TRANSIT = localized(("On its way", "Unterwegs", "En route"))

# The Delivered step of the progress bar (not a stage: the end of the last fulfillment).
DELIVERED_STEP = {
    "done": localized(("Delivered", "Geliefert", "Livrée")),
    "upcoming": localized(("Delivery", "Zustellung", "Livraison")),
}


def built_in_catalogue() -> Catalogue:
    stages = []
    for index, (key, name, label, public, target) in enumerate(_BUILT_IN, start=1):
        stages.append(
            Stage(
                key=key,
                index=index,
                name=name,
                customer_label=localized(label) if label is not None else None,
                customer_description=None,
                public=public,
                target=target,
                state_labels=tuple(
                    (state, localized(wording)) for state, wording in _STATE_WORDINGS.get(key, {}).items()
                ),
            )
        )
    return Catalogue(stages=tuple(stages))
