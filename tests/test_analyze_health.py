"""Customer updates and the public overview's stage health, hand-computed."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from fractions import Fraction

from analyze_builders import CATALOGUE, content, event, journey, notice, t, visit

from omcreport.analyze import (
    UpdateNote,
    customer_update_notes,
    customer_updates,
    last_customer_update,
    stage_health,
    visit_informs_customer,
)
from omcreport.model import Catalogue

NOW = t("03-31 12:00")  # the 30-day window opens at 03-01 12:00
DAY = 86_400


def test_visit_informs_customer_needs_a_public_stage_and_a_public_note_or_event() -> None:
    assert visit_informs_customer(visit("entry", "03-10 09:00", note="Got it"), CATALOGUE)
    assert visit_informs_customer(visit("entry", "03-10 09:00", events=(event("03-10 09:30", public=True),)), CATALOGUE)
    assert not visit_informs_customer(visit("entry", "03-10 09:00", events=(event("03-10 09:30"),)), CATALOGUE)
    assert not visit_informs_customer(visit("planning", "03-10 09:00", note="internal stage"), CATALOGUE)


def test_customer_updates_are_public_notes_and_public_events_of_public_stages_in_time_order() -> None:
    j = journey(
        "SO-1",
        visit("planning", "03-01 08:00", "03-01 09:00", note="not public: planning is internal"),
        visit("entry", "03-02 08:00", "03-02 12:00", note="received", events=(event("03-02 10:00", public=True),)),
        visit(
            "fulfillment",
            "03-02 11:00",
            "03-05 09:00",
            events=(event("03-03 09:00"), event("03-04 09:00", public=True)),
        ),
        visit("billing", "03-06 08:00", "03-06 09:00"),
    )
    assert customer_updates(j, CATALOGUE) == [t("03-02 08:00"), t("03-02 10:00"), t("03-04 09:00")]
    assert last_customer_update(j, CATALOGUE) == t("03-04 09:00")
    assert customer_update_notes(j, CATALOGUE) == [
        UpdateNote(t("03-02 08:00"), "entry", "received"),
        UpdateNote(t("03-02 10:00"), "entry", "checkpoint"),
        UpdateNote(t("03-04 09:00"), "fulfillment", "checkpoint"),
    ]
    quiet = journey("SO-2", visit("entry", "03-02 08:00", "03-02 09:00"))
    assert customer_updates(quiet, CATALOGUE) == []
    assert last_customer_update(quiet, CATALOGUE) is None


def _fulfilled(order: str, days: Fraction, ended: str = "03-30 00:00") -> object:
    end = t(ended)
    started = end - timedelta(seconds=float(days * DAY))
    return journey(order, visit("fulfillment", started.isoformat(), end.isoformat()))


def test_stage_health_bands_against_the_target() -> None:
    # fulfillment target 5 d. Times 1, 2, 7.5, 8, 9 d: median 7.5 d = 1.5 x target -> slower.
    slower = content(*[_fulfilled(f"SO-{i}", Fraction(d)) for i, d in enumerate([1, 2, Fraction(15, 2), 8, 9])])
    health = stage_health(slower, NOW)["fulfillment"]
    assert (health.state, health.n, health.median_seconds, health.target_seconds) == (
        "slower",
        5,
        Fraction(15, 2) * DAY,
        5 * DAY,
    )
    # Times 1, 2, 5, 8, 9 d: median 5 d = target -> normal.
    normal = content(*[_fulfilled(f"SO-{i}", Fraction(d)) for i, d in enumerate([1, 2, 5, 8, 9])])
    assert stage_health(normal, NOW)["fulfillment"].state == "normal"
    # Median 7.5 d + 1 s -> more than 1.5 x -> delayed.
    days = [1, 2, Fraction(15, 2) + Fraction(1, DAY), 8, 9]
    delayed = content(*[_fulfilled(f"SO-{i}", Fraction(d)) for i, d in enumerate(days)])
    assert stage_health(delayed, NOW)["fulfillment"].state == "delayed"
    assert stage_health(delayed, NOW)["fulfillment"].median_seconds == Fraction(15, 2) * DAY + 1


def test_stage_health_counts_the_latest_visit_per_journey_within_30_days() -> None:
    journeys = [
        # Two visits in the window: only the latest (2 h) counts, not the first (100 h).
        journey("A", visit("entry", "03-10 00:00", "03-14 04:00"), visit("entry", "03-20 00:00", "03-20 02:00")),
        # Ended exactly at the window's start (03-01 12:00): in.
        journey("B", visit("entry", "03-01 09:00", "03-01 12:00")),
        # Ended one second before the window: out.
        journey("C", visit("entry", "02-28 09:00", "2026-03-01T11:59:59+00:00")),
        # Open since 03-31 08:00: now - started = 4 h.
        journey("D", visit("entry", "03-31 08:00")),
        journey("E", visit("entry", "03-30 00:00", "03-30 01:00")),  # 1 h
        # Ended in another offset: 2026-03-25T10:00+02:00 is 08:00Z; 5 h.
        journey("F", visit("entry", "2026-03-25T03:00:00+00:00", "2026-03-25T10:00:00+02:00")),
    ]
    health = stage_health(content(*journeys), NOW)["entry"]
    # Counted: A 2 h, B 3 h, D 4 h, E 1 h, F 5 h -> n 5, sorted 1 2 3 4 5 h, median 3 h;
    # target 4 h -> normal.
    assert (health.n, health.median_seconds, health.state) == (5, 3 * 3600, "normal")
    # Without F: 4 visits -> not enough data, no median shown.
    fewer = stage_health(content(*journeys[:5]), NOW)["entry"]
    assert (fewer.n, fewer.median_seconds, fewer.state) == (4, None, "not-enough-data")


def test_stage_health_no_target_shows_the_median_alone() -> None:
    # postsales has no target. Times 1..5 h: median 3 h.
    journeys = [journey(f"P{h}", visit("postsales", "03-30 00:00", f"03-30 0{h}:00")) for h in range(1, 6)]
    health = stage_health(content(*journeys), NOW)["postsales"]
    assert (health.state, health.median_seconds, health.target_seconds) == ("no-target", 3 * 3600, None)


def test_stage_health_lists_public_stages_only_in_catalogue_order() -> None:
    billing_private = Catalogue(
        stages=tuple(dataclasses.replace(s, public=False) if s.key == "billing" else s for s in CATALOGUE.stages)
    )
    health = stage_health(content(catalogue=billing_private), NOW)
    assert list(health) == ["pricing", "entry", "prioritization", "scheduling", "fulfillment", "returns", "postsales"]
    assert all(h.state == "not-enough-data" and h.n == 0 for h in health.values())


def test_an_ongoing_major_notice_disrupts_whatever_the_count() -> None:
    normal = [_fulfilled(f"SO-{i}", Fraction(1)) for i in range(5)]  # median 1 d: normal
    notices = (
        notice("leeds", ("fulfillment", "billing"), started="03-30 00:00"),
        notice("minor-one", ("scheduling",), impact="minor"),
        notice("over", ("entry",), resolved="03-20 00:00"),
        notice("later", ("pricing",), started="04-02 00:00"),  # not yet started at now
    )
    health = stage_health(content(*normal, notices=notices), NOW)
    assert (health["fulfillment"].state, health["fulfillment"].median_seconds) == ("disrupted", DAY)
    assert health["fulfillment"].notices == ("leeds",)
    assert health["billing"].state == "disrupted"  # over "not enough data"
    assert health["scheduling"].state == "not-enough-data"
    assert health["entry"].state == "not-enough-data"
    assert health["pricing"].state == "not-enough-data"
