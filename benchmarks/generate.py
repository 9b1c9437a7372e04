"""Generate a realistic, valid content folder of N order journeys, deterministically.

    python3 benchmarks/generate.py OUT_DIR --journeys 10000 [--seed 0]

The same (journeys, seed) always writes byte-identical files: every choice comes from one
seeded `random.Random`, never from the clock. The folder passes `omcreport check` with no
warnings: journeys follow varied stage paths with revisits, overlapping visits, handoffs,
open, waiting, delayed and cancelled orders, public pages with unique tokens; plus
observations naming real orders and public notices, one ongoing.

Other benchmarks import `generate(out_dir, journeys, seed)`.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

DEPARTMENTS: tuple[str, ...] = (
    "Credit Control",
    "Customer Service",
    "Estimating",
    "Field Service",
    "Finance",
    "Logistics",
    "Planning",
    "Returns Desk",
    "Sales",
    "Warehouse",
)

# Which departments plausibly hold the order at each stage: handoffs come from these.
STAGE_OWNERS: dict[str, tuple[str, ...]] = {
    "planning": ("Sales", "Planning"),
    "generation": ("Sales",),
    "pricing": ("Estimating", "Sales"),
    "entry": ("Customer Service", "Sales"),
    "prioritization": ("Planning", "Credit Control", "Customer Service"),
    "scheduling": ("Planning", "Warehouse"),
    "fulfillment": ("Warehouse", "Logistics"),
    "billing": ("Finance",),
    "returns": ("Returns Desk", "Customer Service"),
    "postsales": ("Field Service",),
}

# Typical visit length per stage, in hours: (shortest, longest).
STAGE_HOURS: dict[str, tuple[float, float]] = {
    "planning": (24, 240),
    "generation": (8, 120),
    "pricing": (6, 120),
    "entry": (0.5, 6),
    "prioritization": (2, 48),
    "scheduling": (4, 72),
    "fulfillment": (24, 192),
    "billing": (1, 72),
    "returns": (48, 288),
    "postsales": (24, 480),
}

PUBLIC_STAGES: tuple[str, ...] = (
    "pricing",
    "entry",
    "prioritization",
    "scheduling",
    "fulfillment",
    "billing",
    "returns",
    "postsales",
)

STRAIGHT = ("entry", "prioritization", "scheduling", "fulfillment", "billing")
PATHS: tuple[tuple[float, tuple[str, ...]], ...] = (
    (0.34, STRAIGHT),
    (0.16, ("pricing", *STRAIGHT)),
    (0.08, ("planning", "generation", "pricing", *STRAIGHT)),
    (0.14, ("entry", "prioritization", "scheduling", "fulfillment", "prioritization", "fulfillment", "billing")),
    (0.06, ("entry", "prioritization", "fulfillment", "scheduling", "fulfillment", "billing")),
    (0.10, (*STRAIGHT, "returns", "billing")),
    (0.07, (*STRAIGHT, "postsales")),
    (0.05, ("entry", "pricing", "entry", "prioritization", "scheduling", "fulfillment", "billing", "postsales")),
)

CUSTOMERS: tuple[str, ...] = (
    "Acme Mills",
    "Brightwater Utilities",
    "Calder Valley Dairy",
    "Dunmore Breweries",
    "Elmstead Paper Co",
    "Fenwick Foods",
    "Glenrock Chemicals",
    "Harbourside Marina",
    "Ironbridge Foundry",
    "Juniper Hotels",
    "Kestrel Farms",
    "Lindqvist Stahlbau GmbH",
    "Müller Getränke AG",
    "Northgate Hospital Trust",
    "Oakham Water Board",
    "Pennine Textiles",
    "Queensway Car Wash",
    "Rheinland Kältetechnik",
    "Saltmarsh Fisheries",
    "Thornbury Brewing",
)
SEGMENTS: tuple[str, ...] = ("key-account", "distributor", "municipal", "small-business")
PRODUCTS: tuple[str, ...] = (
    "Replacement pump",
    "Booster set",
    "Dosing pump and controller",
    "Submersible drainage pump",
    "Spare impeller kit",
    "Heat exchanger loop pump",
    "Fire sprinkler pump skid",
    "Mechanical seal set",
)
FOLLOWERS: tuple[str, ...] = ("COO", "Head of Customer Service", "Finance Director", "Operations Analyst")
PEOPLE: tuple[str, ...] = (
    "CSR Dana",
    "Credit desk",
    "Planner Ravi",
    "Estimator Jo",
    "Picker Sam",
    "Driver Lee",
    "Billing clerk Ann",
    "Field engineer Tom",
)
STAGE_NOTES: dict[str, tuple[str, ...]] = {
    "planning": ("Forecast reviewed with the account manager.", "Framework agreement renewed."),
    "generation": ("Enquiry came in through the web form.", "Customer called after the trade show."),
    "pricing": ("Quote needed a non-standard motor; waited for the supplier price.", "Standard price list applied."),
    "entry": ("Order came in by fax; re-keyed twice.", "EDI order accepted without changes."),
    "prioritization": ("Credit check held the order for a day.", "Confirmed against stock on hand."),
    "scheduling": ("Slotted into Thursday's production run.", "Waiting for a free test bench."),
    "fulfillment": ("Picked, tested and shipped by pallet carrier.", "Part shipment; the rest follows."),
    "billing": ("Invoice sent by e-mail.", "Invoice corrected: wrong part numbers."),
    "returns": ("Seal leaked on commissioning; replacement sent.", "Wrong voltage delivered; collected."),
    "postsales": ("Commissioning visit booked.", "Annual service contract started."),
}
PUBLIC_NOTES: dict[str, str] = {
    "pricing": "We are preparing your quote.",
    "entry": "We have your order and have checked the details.",
    "prioritization": "Your order is confirmed.",
    "scheduling": "Your order is booked into our workshop.",
    "fulfillment": "Your order has left our warehouse.",
    "billing": "Your invoice is on its way by e-mail.",
    "returns": "We have received your claim and are looking into it.",
    "postsales": "An engineer will contact you to book the installation.",
}
HEALTH_NOTES: dict[str, str] = {
    "delayed": "A part is late from our supplier; we will update you by *Friday*.",
    "action-needed": "Please confirm the delivery address with our [service team](https://example.com/help).",
    "problem": "The first unit failed its pressure test; we are building a new one.",
    "on-hold": "Your order is paused at your request.",
}
OBSERVATION_TITLES: dict[str, tuple[str, ...]] = {
    "planning": ("Forecasts are kept in personal spreadsheets",),
    "generation": ("Web enquiries wait two days for a first answer",),
    "pricing": ("Quotes for non-standard motors take a week", "Estimators re-key customer drawings"),
    "entry": ("Fax orders are keyed twice", "Customer reference missing on order entry"),
    "prioritization": ("Credit holds are not told to the customer", "Orders are confirmed before stock is checked"),
    "scheduling": ("Test bench is the hidden bottleneck",),
    "fulfillment": ("Part shipments are not announced", "Carrier booking happens after picking"),
    "billing": ("Invoices list internal part numbers", "Credit notes take three weeks"),
    "returns": ("Claims are logged in three places",),
    "postsales": ("Commissioning visits are booked by phone only",),
}
SOURCES: tuple[str, ...] = ("csr-interview", "ride-along", "customer-feedback", "data-review", "other")
SEVERITIES: tuple[str, ...] = ("low", "medium", "high", "critical")
OBSERVATION_STATUSES: tuple[str, ...] = ("open", "in-progress", "resolved", "wont-fix")
TAGS: tuple[str, ...] = ("invoice-clarity", "handoff", "rekeying", "silence", "credit", "capacity", "carrier")
TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
LONDON_WINTER = timezone(timedelta(0))
BERLIN_WINTER = timezone(timedelta(hours=1))


def q(text: str) -> str:
    """A YAML double-quoted scalar: JSON strings are valid YAML, so nothing is re-typed."""
    return json.dumps(text, ensure_ascii=False)


def ts(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def block(text: str, indent: int) -> str:
    pad = " " * indent
    return "|\n" + "".join(f"{pad}{line}\n" if line else "\n" for line in text.splitlines())


@dataclass
class Visit:
    stage: str
    started: datetime
    ended: datetime | None
    owner: str
    due: datetime | None = None
    events: list[tuple[datetime, str, bool]] = field(default_factory=list)


def pick_path(rng: random.Random) -> tuple[str, ...]:
    weights = [weight for weight, _ in PATHS]
    return rng.choices([path for _, path in PATHS], weights=weights)[0]


def plan_visits(rng: random.Random, path: Sequence[str], placed: datetime, offset: timezone) -> list[Visit]:
    """Visits in start order; some overlap the previous one, gaps stay under 30 days."""
    visits: list[Visit] = []
    cursor = placed
    previous_start = placed
    for stage in path:
        low, high = STAGE_HOURS[stage]
        hours = rng.uniform(low, high)
        if visits and rng.random() < 0.12:
            # Overlap: starts while the previous visit is still going (picking before confirmation).
            previous = visits[-1]
            assert previous.ended is not None
            start = previous.started + (previous.ended - previous.started) * rng.uniform(0.2, 0.8)
        else:
            start = cursor + timedelta(minutes=rng.randint(5, 60 * 36))
        start = max(start, previous_start + timedelta(minutes=1)).replace(second=0, microsecond=0)
        end = (start + timedelta(hours=hours)).replace(second=0, microsecond=0) + timedelta(minutes=1)
        visit = Visit(
            stage=stage,
            started=start.astimezone(offset),
            ended=end.astimezone(offset),
            owner=rng.choice(STAGE_OWNERS[stage]),
        )
        if rng.random() < 0.4:
            target_hours = (low + high) / 2
            visit.due = (start + timedelta(hours=target_hours)).replace(second=0, microsecond=0).astimezone(offset)
        visits.append(visit)
        previous_start = start
        cursor = max(cursor, end)
    return visits


def add_events(rng: random.Random, visit: Visit, open_until: datetime) -> None:
    end = visit.ended if visit.ended is not None else open_until
    span = (end - visit.started).total_seconds()
    count = rng.choice((0, 0, 0, 1, 1, 2, 3))
    moments = sorted(rng.uniform(0, span) for _ in range(count))
    for seconds in moments:
        at = (visit.started + timedelta(seconds=int(seconds))).replace(microsecond=0)
        note = rng.choice(STAGE_NOTES[visit.stage])
        public = visit.stage in PUBLIC_STAGES and rng.random() < 0.3
        visit.events.append((at, note, public))


def token_for(rng: random.Random, used: set[str]) -> str:
    while True:
        token = "".join(rng.choice(TOKEN_ALPHABET) for _ in range(rng.randint(22, 32)))
        if token.lower() not in used:
            used.add(token.lower())
            return token


def journey_yaml(rng: random.Random, number: int, used_tokens: set[str]) -> tuple[str, str]:
    order = f"{rng.choice(('SO', 'SO', 'SO', 'WEB', 'EDI'))}-{number:06d}"
    berlin = rng.random() < 0.3
    offset = BERLIN_WINTER if berlin else LONDON_WINTER
    placed = (START + timedelta(days=rng.uniform(0, 150))).replace(second=0, microsecond=0).astimezone(offset)
    path = pick_path(rng)

    outcome = rng.choices(("completed", "open", "waiting", "cancelled"), weights=(60, 22, 8, 10))[0]
    # An unfinished order has only walked part of its path so far.
    taken = list(path) if outcome == "completed" else list(path[: rng.randint(1, max(1, len(path) - 1))])
    visits = plan_visits(rng, taken, placed, offset)
    if outcome == "open":
        visits[-1].ended = None
    last_moment = max((v.ended or v.started) for v in visits)
    for visit in visits:
        add_events(rng, visit, open_until=last_moment + timedelta(hours=1))
    moments = [placed] + [v.started for v in visits] + [v.ended for v in visits if v.ended is not None]
    moments += [at for v in visits for at, _, _ in v.events]
    latest = max(moments)

    promised: date | None = (placed + timedelta(days=rng.randint(14, 35))).date()
    if rng.random() < 0.3:
        promised = None
    fulfilled = any(v.stage == "fulfillment" and v.ended is not None for v in visits)
    customer = rng.choice(CUSTOMERS)
    lines = [f"order: {order}", f"title: {q(rng.choice(PRODUCTS) + ' for ' + customer)}"]
    lines.append("customer:")
    lines.append(f"  display_name: {q(customer)}")
    if rng.random() < 0.8:
        lines.append(f"  segment: {rng.choice(SEGMENTS)}")
    if rng.random() < 0.05:
        lines.append(f"followed_by: {q(rng.choice(FOLLOWERS))}")
    if outcome in ("cancelled", "waiting") or (outcome == "completed" and not fulfilled):
        lines.append(f"status: {'open' if outcome == 'waiting' else outcome}")
    elif rng.random() < 0.5:
        lines.append(f"status: {'open' if outcome == 'open' else 'completed'}")
    if outcome in ("completed", "cancelled") and rng.random() < 0.4:
        lines.append(f"closed: {ts(latest + timedelta(hours=rng.randint(1, 48)))}")
    lines.append(f"placed: {ts(placed)}")
    if promised is not None:
        lines.append(f"promised: {promised.isoformat()}")
    if rng.random() < 0.6:
        amount = rng.randint(8_000, 2_500_000) / 100
        lines.append(f'value: {{amount: "{amount:.2f}", currency: {rng.choice(("EUR", "GBP"))}}}')
    if rng.random() < 0.6:
        lines.extend(public_block(rng, outcome, promised, offset, latest, used_tokens, berlin))
    lines.append("stages:")
    for visit in visits:
        lines.extend(visit_block(rng, visit))
    return order, "\n".join(lines) + "\n"


def public_block(
    rng: random.Random,
    outcome: str,
    promised: date | None,
    offset: timezone,
    latest: datetime,
    used_tokens: set[str],
    berlin: bool,
) -> list[str]:
    lines = ["public:", f"  token: {q(token_for(rng, used_tokens))}"]
    if berlin:
        lines += ["  locale: de-DE", "  timezone: Europe/Berlin"]
    if outcome == "cancelled":
        health = "cancelled" if rng.random() < 0.5 else None
    elif outcome in ("open", "waiting"):
        health = rng.choices(("on-track", "delayed", "action-needed", "problem", "on-hold", None), (3, 3, 1, 1, 1, 4))[
            0
        ]
    else:
        health = None
    if health is not None:
        lines.append(f"  health: {health}")
    if promised is not None and outcome in ("open", "waiting"):
        if health in ("delayed", "problem"):
            lines.append(f"  expected: {(promised + timedelta(days=rng.randint(2, 10))).isoformat()}")
        elif health in (None, "on-track") and rng.random() < 0.5:
            lines.append(f"  expected: {(promised - timedelta(days=rng.randint(0, 3))).isoformat()}")
    if health in HEALTH_NOTES:
        lines.append(f"  health_note: {q(HEALTH_NOTES[health])}")
    if outcome in ("open", "waiting") and rng.random() < 0.5:
        lines.append(f"  next_update: {ts((latest + timedelta(days=rng.randint(1, 4))).astimezone(offset))}")
    return lines


def visit_block(rng: random.Random, visit: Visit) -> list[str]:
    lines = [f"  - stage: {visit.stage}", f"    started: {ts(visit.started)}"]
    if visit.ended is not None:
        lines.append(f"    ended: {ts(visit.ended)}")
    if visit.due is not None:
        lines.append(f"    due: {ts(visit.due)}")
    lines.append(f"    owner: {q(visit.owner)}")
    if rng.random() < 0.3:
        people = rng.sample(PEOPLE, rng.randint(1, 3))
        lines.append(f"    people: [{', '.join(q(p) for p in people)}]")
    lines.append(f"    customer_in_view: {rng.choice(('none', 'low', 'medium', 'high', 'high'))}")
    if visit.stage in PUBLIC_NOTES and rng.random() < 0.5:
        lines.append(f"    public_note: {q(PUBLIC_NOTES[visit.stage])}")
    if visit.events:
        lines.append("    events:")
        for at, note, public in visit.events:
            lines.append(f"      - at: {ts(at)}")
            lines.append(f"        note: {q(note)}")
            if public:
                lines.append("        public: true")
    if rng.random() < 0.25:
        lines.append("    notes: " + block(rng.choice(STAGE_NOTES[visit.stage]), 6).rstrip("\n"))
    return lines


def observation_yaml(rng: random.Random, number: int, orders: Sequence[str]) -> tuple[str, str]:
    obs_id = f"OBS-{number:05d}"
    stage = rng.choice(tuple(OBSERVATION_TITLES))
    named = rng.sample(list(orders), min(len(orders), rng.choice((0, 1, 1, 2, 3))))
    observed = START.date() + timedelta(days=rng.randint(10, 170))
    lines = [
        f"id: {obs_id}",
        f"title: {q(rng.choice(OBSERVATION_TITLES[stage]))}",
        f"stage: {stage}",
        f"orders: [{', '.join(named)}]",
        f"observed: {observed.isoformat()}",
        f"source: {rng.choice(SOURCES)}",
        f"severity: {rng.choice(SEVERITIES)}",
    ]
    if rng.random() < 0.7:
        lines.append(f"tags: [{', '.join(sorted(rng.sample(TAGS, rng.randint(1, 2))))}]")
    body = (
        f"We followed the order through {stage} and saw the same thing on several orders.\n\n"
        f"- {rng.choice(STAGE_NOTES[stage])}\n- The customer was not told."
    )
    lines.append("body: " + block(body, 2).rstrip("\n"))
    if rng.random() < 0.6:
        lines.append("recommendation: " + block("Give the next department what it needs in one handoff.", 2).rstrip())
    if rng.random() < 0.8:
        lines.append(f"owner: {q(rng.choice(STAGE_OWNERS[stage]))}")
    lines.append(f"status: {rng.choice(OBSERVATION_STATUSES)}")
    return obs_id, "\n".join(lines) + "\n"


def notice_yaml(rng: random.Random, number: int, ongoing: bool) -> tuple[str, str]:
    started = (START + timedelta(days=rng.randint(0, 160), hours=rng.randint(0, 9))).astimezone(LONDON_WINTER)
    notice_id = f"{started.strftime('%Y-%m')}-notice-{number:03d}"
    stages = sorted(rng.sample(PUBLIC_STAGES[1:7], rng.randint(1, 2)), key=PUBLIC_STAGES.index)
    lines = [
        f"id: {notice_id}",
        f"title: {q(rng.choice(('Shipping delays from our Leeds warehouse', 'Invoicing system maintenance')))}",
        f"stages: [{', '.join(stages)}]",
        f"impact: {rng.choice(('minor', 'minor', 'major'))}",
        f"started: {ts(started)}",
    ]
    if not ongoing:
        lines.append(f"resolved: {ts(started + timedelta(hours=rng.randint(4, 120)))}")
    lines.append("body: " + block("A conveyor fault slowed dispatch.\nWe are catching up and will post here.", 2))
    return notice_id, "\n".join(lines).rstrip("\n") + "\n"


SITE_YAML = """\
name: Northwind Pumps
base_url: https://track.example.com/
locale: en-GB
timezone: Europe/London
contact:
  email: orders@example.com
  phone: "+44 20 7946 0000"
  url: https://example.com/help
departments:
{departments}
reports:
  paper: A4
  author: Office of the COO
"""

STAGES_YAML = """\
entry:
  customer_label: {en: We have your order, de: Wir haben Ihre Bestellung}
  target: PT2H
billing:
  target: P3D
"""


def generate(out_dir: Path, journeys: int, seed: int = 0) -> None:
    """Write site.yaml, stages.yaml and `journeys` journeys (plus observations, notices) into out_dir.

    out_dir must be missing or empty: files left from an earlier, larger run would make the
    folder neither deterministic nor valid (observations naming orders that are gone).
    """
    if out_dir.exists() and any(out_dir.iterdir()):
        raise FileExistsError(f"{out_dir} is not empty; generate into a new or empty folder")
    rng = random.Random(seed)
    for folder in ("journeys", "observations", "notices"):
        (out_dir / folder).mkdir(parents=True, exist_ok=True)
    departments = "\n".join(f"  - {name}" for name in DEPARTMENTS)
    (out_dir / "site.yaml").write_text(SITE_YAML.format(departments=departments), encoding="utf-8")
    (out_dir / "stages.yaml").write_text(STAGES_YAML, encoding="utf-8")

    used_tokens: set[str] = set()
    orders: list[str] = []
    for number in range(1, journeys + 1):
        order, text = journey_yaml(rng, number, used_tokens)
        orders.append(order)
        (out_dir / "journeys" / f"{order}.yaml").write_text(text, encoding="utf-8")
    for number in range(1, max(1, journeys // 20) + 1):
        obs_id, text = observation_yaml(rng, number, orders)
        (out_dir / "observations" / f"{obs_id}.yaml").write_text(text, encoding="utf-8")
    notice_count = 2 + journeys // 2000
    for number in range(1, notice_count + 1):
        notice_id, text = notice_yaml(rng, number, ongoing=number == notice_count)
        (out_dir / "notices" / f"{notice_id}.yaml").write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="folder to write the content into (created if missing)")
    parser.add_argument("--journeys", type=int, default=10_000, help="number of journeys (default 10000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    if args.journeys < 1:
        parser.error("--journeys must be at least 1")
    try:
        generate(args.out_dir, args.journeys, args.seed)
    except FileExistsError as error:
        parser.error(str(error))


if __name__ == "__main__":
    main()
