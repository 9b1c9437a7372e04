"""Where the customer fades (ANALYTICS.md v2), each figure worked out by hand on small
journeys: silence stage, late-notice lag, handoff total wait and the stage map."""

from __future__ import annotations

from analyze_builders import CATALOGUE, journey, t, visit

from omcreport.analyze import findings, findings_json, journey_figures
from omcreport.analyze.fades import journey_edges, late_notice_lags, silence_stage
from omcreport.model import Content, Event, Site

NOW = t("03-20 00:00")
HOUR = 3600
DAY = 86400


def content(*journeys: object) -> Content:
    return Content(site=Site(name="S", base_url="https://s.example/"), catalogue=CATALOGUE, journeys=journeys)  # type: ignore[arg-type]


def update(at: str) -> tuple[Event, ...]:
    return (Event(at=t(at), note="word", public=True),)


def test_silence_stage_is_the_stage_covering_most_of_the_longest_silence() -> None:
    # Updates at 03-01 09:00 (entry note) and 03-06 09:00 (fulfillment event): the longest
    # gap is 03-06 09:00 to now (03-20 00:00, the journey is open), covered by fulfillment
    # from 03-06 09:00 to now, so fulfillment; the earlier gap 03-01..03-06 is shorter.
    one = journey(
        "A-1",
        visit("entry", "03-01 09:00", "03-01 12:00", note="hi"),
        visit("prioritization", "03-01 12:00", "03-05 12:00"),
        visit("fulfillment", "03-05 12:00", events=update("03-06 09:00")),
    )
    figures = journey_figures(one, CATALOGUE, NOW)
    assert (figures.silence.start, figures.silence.end) == (t("03-06 09:00"), NOW)
    assert silence_stage(figures, CATALOGUE) == "fulfillment"


def test_ties_go_to_the_earlier_stage_and_an_uncovered_silence_has_no_stage() -> None:
    # No customer update: the silence is the whole span 03-01 00:00..03-05 00:00. Entry and
    # scheduling each cover 1 day of it; entry is earlier in the catalogue.
    tie = journey(
        "B-1",
        visit("entry", "03-01 00:00", "03-02 00:00"),
        visit("scheduling", "03-04 00:00", "03-05 00:00"),
    )
    assert silence_stage(journey_figures(tie, CATALOGUE, NOW), CATALOGUE) == "entry"
    # The only update is at 03-02 10:00: of the two gaps (34 h before it, 7 d 15 h after
    # it), the later is longer, and only billing's hour covers any of it.
    gap = journey(
        "B-2",
        visit("entry", "03-01 00:00", "03-02 10:00", events=update("03-02 10:00")),
        visit("billing", "03-10 00:00", "03-10 01:00"),
        status="completed",
        closed="03-10 01:00",
    )
    figures = journey_figures(gap, CATALOGUE, NOW)
    assert (figures.silence.start, figures.silence.end) == (t("03-02 10:00"), t("03-10 01:00"))
    assert silence_stage(figures, CATALOGUE) == "billing"


def test_a_silence_between_visits_only_has_no_stage() -> None:
    gap = journey(
        "C-1",
        visit("entry", "03-01 00:00", "03-01 01:00", note="hi"),
        visit("billing", "03-10 00:00", "03-10 01:00", note="invoice"),
        status="completed",
        closed="03-10 01:00",
    )
    figures = journey_figures(gap, CATALOGUE, NOW)
    assert (figures.silence.start, figures.silence.end) == (t("03-01 00:00"), t("03-10 00:00"))
    assert silence_stage(figures, CATALOGUE) == "entry"  # entry's first hour lies inside it
    # With the first word at the end of entry, the silence lies wholly between the visits.
    gap_after_note = journey(
        "C-2",
        visit("entry", "03-01 00:00", "03-01 01:00", events=update("03-01 01:00")),
        visit("billing", "03-10 00:00", "03-10 01:00", events=update("03-10 00:00")),
        status="completed",
        closed="03-10 01:00",
    )
    figures = journey_figures(gap_after_note, CATALOGUE, NOW)
    assert (figures.silence.start, figures.silence.end) == (t("03-01 01:00"), t("03-10 00:00"))
    assert silence_stage(figures, CATALOGUE) is None


def test_late_notice_lag_runs_from_the_broken_due_to_the_next_word_or_is_open() -> None:
    late = journey(
        "D-1",
        # due 03-02 12:00, ended 03-03 00:00: not kept; next word 03-04 00:00 -> 36 h
        visit("entry", "03-01 00:00", "03-03 00:00", due="03-02 12:00", events=update("03-01 06:00")),
        visit("prioritization", "03-03 00:00", "03-05 00:00", events=update("03-04 00:00")),
        # open, due 03-10 00:00 passed, no word since: open lag to now (03-20 00:00) = 10 d
        visit("scheduling", "03-05 00:00", due="03-10 00:00"),
    )
    figures = journey_figures(late, CATALOGUE, NOW)
    assert late_notice_lags(figures) == [("entry", 36 * HOUR, False), ("scheduling", 10 * DAY, True)]
    data = findings_json(findings(content(late), NOW))
    assert data["late_notice"]["entry"] == {"n": 1, "median": 36 * HOUR, "p90": 36 * HOUR, "open": 0}
    assert data["late_notice"]["scheduling"] == {"n": 1, "median": 10 * DAY, "p90": 10 * DAY, "open": 1}
    assert data["late_notice"]["billing"] == {"n": 0, "median": None, "p90": None, "open": 0}
    assert len(data["late_notice"]) == 10


def test_stage_map_counts_directly_follows_edges_with_their_waits() -> None:
    # path entry > fulfillment > prioritization > fulfillment (a back-step), owners change
    # between runs: waits are the handoff waits; entry and entry (two visits) are one run.
    one = journey(
        "E-1",
        visit("entry", "03-01 00:00", "03-01 02:00", owner="Sales"),
        visit("entry", "03-01 02:00", "03-01 03:00", owner="Sales"),
        visit("fulfillment", "03-01 05:00", "03-02 00:00", owner="Warehouse"),  # wait 2 h
        visit("prioritization", "03-02 00:00", "03-02 01:00", owner="Warehouse"),  # same owner: 0
        visit("fulfillment", "03-02 04:00", "03-03 00:00", owner="Logistics"),  # wait 3 h
        status="completed",
        closed="03-03 00:00",
    )
    two = journey(
        "E-2",
        visit("entry", "03-01 00:00", "03-01 01:00", owner="Sales"),
        visit("fulfillment", "03-01 05:00", "03-02 00:00", owner="Warehouse"),  # wait 4 h
        status="completed",
        closed="03-02 00:00",
    )
    assert journey_edges(journey_figures(one, CATALOGUE, NOW)) == [
        ("start", "entry", 0),
        ("entry", "fulfillment", 2 * HOUR),
        ("fulfillment", "prioritization", 0),
        ("prioritization", "fulfillment", 3 * HOUR),
        ("fulfillment", "end", 0),
    ]
    data = findings_json(findings(content(one, two), NOW))
    assert data["stage_map"] == [
        {"from": "start", "to": "entry", "count": 2, "wait_median": 0},
        {"from": "entry", "to": "fulfillment", "count": 2, "wait_median": 3 * HOUR},
        {"from": "fulfillment", "to": "end", "count": 2, "wait_median": 0},
        {"from": "prioritization", "to": "fulfillment", "count": 1, "wait_median": 3 * HOUR},
        {"from": "fulfillment", "to": "prioritization", "count": 1, "wait_median": 0},
    ]
    sales_to_warehouse = next(h for h in data["handoffs"] if (h["from"], h["to"]) == ("Sales", "Warehouse"))
    assert (sales_to_warehouse["count"], sales_to_warehouse["total_wait"]) == (2, 6 * HOUR)


def test_silence_stages_across_journeys_in_catalogue_order_with_none_last() -> None:
    fulfillment_quiet = journey(
        "F-1",
        visit("entry", "03-01 00:00", "03-01 01:00", note="hi"),
        visit("fulfillment", "03-01 01:00", "03-05 01:00"),
        status="completed",
        closed="03-05 01:00",
    )
    unattended = journey(
        "F-2",
        visit("entry", "03-01 00:00", "03-01 01:00", events=update("03-01 01:00")),
        visit("billing", "03-03 01:00", "03-03 02:00", events=update("03-03 01:00")),
        status="completed",
        closed="03-03 02:00",
    )
    data = findings_json(findings(content(unattended, fulfillment_quiet), NOW))
    assert data["silence_stages"] == [
        # the note at 03-01 00:00, then nothing until closed 03-05 01:00: 4 d 1 h, mostly fulfillment
        {"stage": "fulfillment", "journeys": 1, "median": 4 * DAY + HOUR},
        {"stage": None, "journeys": 1, "median": 2 * DAY},
    ]
