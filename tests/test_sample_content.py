"""The sample content folder shows every phenomenon the reports and the site present.

The sample in `content/` is what `make build` renders and what a reader of the README
sees first, so it must keep its promises: enough orders, every stage, revisits,
overlaps, open, waiting, delayed, cancelled and late orders, two locales and two
timezones, observations from every source, a notice still ongoing, and `omcreport
check` clean. The tiny fixture in `tests/fixtures/mini` must stay valid too.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from datetime import UTC, date, datetime
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from omcreport.analyze import findings, findings_json, stage_health
from omcreport.catalogue import STAGE_KEYS, built_in_catalogue
from omcreport.load import load_content
from omcreport.model import Content

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
MINI = REPO / "tests" / "fixtures" / "mini"
AS_OF = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
TOKEN = re.compile(r"[A-Za-z0-9_-]{22,64}")
PUBLIC_STAGES = tuple(stage.key for stage in built_in_catalogue().stages if stage.public)

YamlDoc = dict[str, Any]


@cache
def _documents(folder: Path, kind: str) -> tuple[tuple[Path, YamlDoc], ...]:
    return tuple(
        (path, yaml.safe_load(path.read_text(encoding="utf-8"))) for path in sorted(folder.glob(f"{kind}/*.yaml"))
    )


def journeys(folder: Path = CONTENT) -> list[YamlDoc]:
    return [doc for _, doc in _documents(folder, "journeys")]


def observations(folder: Path = CONTENT) -> list[YamlDoc]:
    return [doc for _, doc in _documents(folder, "observations")]


def notices(folder: Path = CONTENT) -> list[YamlDoc]:
    return [doc for _, doc in _documents(folder, "notices")]


def site(folder: Path = CONTENT) -> YamlDoc:
    loaded: YamlDoc = yaml.safe_load((folder / "site.yaml").read_text(encoding="utf-8"))
    return loaded


def status_of(journey: YamlDoc) -> str:
    if "status" in journey:
        return str(journey["status"])
    return "open" if any("ended" not in visit for visit in journey["stages"]) else "completed"


def is_late(journey: YamlDoc) -> bool:
    """Completed with its last fulfillment visit ended after `promised` (ANALYTICS.md)."""
    fulfillment = [visit for visit in journey["stages"] if visit["stage"] == "fulfillment"]
    if "promised" not in journey or not fulfillment or "ended" not in fulfillment[-1]:
        return False
    return bool(fulfillment[-1]["ended"].date() > journey["promised"])


def is_on_time(journey: YamlDoc) -> bool:
    fulfillment = [visit for visit in journey["stages"] if visit["stage"] == "fulfillment"]
    if "promised" not in journey or not fulfillment or "ended" not in fulfillment[-1]:
        return False
    return bool(fulfillment[-1]["ended"].date() <= journey["promised"])


def validated(folder: Path) -> Content:
    loaded = load_content(folder)
    assert loaded.content is not None, loaded.problems
    return loaded.content


def run_check(folder: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "omcreport", "check", str(folder.relative_to(REPO)), *options],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# --- omcreport check, as an editor runs it -----------------------------------------


def test_check_passes_on_the_sample_with_no_warnings_even_when_strict() -> None:
    result = run_check(CONTENT, "--strict")
    counts = {"journeys": len(journeys()), "observations": len(observations()), "notices": len(notices())}
    read = f"site.yaml, stages.yaml, {', '.join(f'{count} {kind}' for kind, count in counts.items())}"
    summary = f"checked {2 + sum(counts.values())} files ({read}): no problems found"
    assert (result.returncode, result.stdout.strip(), result.stderr) == (0, summary, "")


def test_check_passes_on_the_mini_fixture_warning_only_about_its_readme() -> None:
    # The README with the hand-computed figures lives beside the content files on
    # purpose; FORMAT.md makes any extra file a warning, and nothing else may warn.
    result = run_check(MINI, "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert [(p["path"], p["severity"], p["code"]) for p in json.loads(result.stdout)] == [
        ("tests/fixtures/mini/README.md", "warning", "OMC401")
    ]


# --- journeys ------------------------------------------------------------------------


def test_at_least_twelve_journeys_each_named_after_its_order() -> None:
    documents = _documents(CONTENT, "journeys")
    assert len(documents) >= 12
    for path, journey in documents:
        assert path.stem == journey["order"]


def test_journeys_visit_all_ten_stages_and_the_core_stages_often() -> None:
    visits_per_stage = Counter(stage for journey in journeys() for stage in {v["stage"] for v in journey["stages"]})
    assert set(visits_per_stage) == set(STAGE_KEYS)
    for key in ("entry", "prioritization", "scheduling", "fulfillment", "billing"):
        assert visits_per_stage[key] >= 3, key


def test_a_journey_revisits_a_stage_after_stepping_back() -> None:
    order_of = {key: index for index, key in enumerate(STAGE_KEYS)}
    revisiting = []
    for journey in journeys():
        stages = [visit["stage"] for visit in journey["stages"]]
        back_steps = [b for a, b in pairwise(stages) if order_of[b] < order_of[a]]
        if len(stages) != len(set(stages)) and back_steps:
            revisiting.append(journey["order"])
    assert revisiting


def test_a_visit_starts_before_the_previous_one_ended() -> None:
    overlapping = [
        journey["order"]
        for journey in journeys()
        for before, after in pairwise(journey["stages"])
        if "ended" in before and after["started"] < before["ended"]
    ]
    assert overlapping


def test_handoffs_cross_departments() -> None:
    departments = set(site()["departments"])
    owners = {visit["owner"] for journey in journeys() for visit in journey["stages"]}
    assert owners <= departments
    assert len(owners) >= 6


def test_open_waiting_cancelled_delayed_late_and_on_time_orders_are_present() -> None:
    by_kind: dict[str, list[str]] = {}
    for journey in journeys():
        has_open_visit = any("ended" not in visit for visit in journey["stages"])
        public = journey.get("public", {})
        kinds = {
            "open visit": has_open_visit,
            "waiting": journey.get("status") == "open" and not has_open_visit,
            "cancelled": status_of(journey) == "cancelled",
            "delayed": public.get("health") == "delayed"
            and public["expected"] > journey["promised"]
            and bool(public.get("health_note")),
            "completed late": status_of(journey) == "completed" and is_late(journey),
            "completed on time": status_of(journey) == "completed" and is_on_time(journey),
        }
        for kind, present in kinds.items():
            if present:
                by_kind.setdefault(kind, []).append(journey["order"])
    assert set(by_kind) == {"open visit", "waiting", "cancelled", "delayed", "completed late", "completed on time"}
    assert len(by_kind["completed on time"]) >= 3


def test_public_pages_use_two_locales_two_timezones_and_unique_tokens() -> None:
    site_doc = site()
    public = [journey["public"] for journey in journeys() if "public" in journey]
    assert 0 < len(public) < len(journeys())
    locales = {page.get("locale", site_doc["locale"]) for page in public}
    timezones = {page.get("timezone", site_doc["timezone"]) for page in public}
    assert {"en-GB", "de-DE"} <= locales
    assert {"Europe/London", "Europe/Berlin"} <= timezones
    tokens = [page["token"] for page in public]
    assert all(TOKEN.fullmatch(token) for token in tokens)
    assert len({token.lower() for token in tokens}) == len(tokens)


def test_some_orders_are_followed_by_executives() -> None:
    followed = [journey["followed_by"] for journey in journeys() if "followed_by" in journey]
    assert 3 <= len(followed) <= 4
    assert {"COO", "CFO"} <= set(followed)


def test_segments_and_currencies_vary() -> None:
    segments = {journey["customer"].get("segment") for journey in journeys()}
    currencies = {journey["value"]["currency"] for journey in journeys() if "value" in journey}
    assert {"key-account", "distributor", "smb"} <= segments
    assert {"GBP", "EUR"} <= currencies


def test_dues_are_kept_and_missed() -> None:
    outcomes = {
        visit["ended"] <= visit["due"]
        for journey in journeys()
        for visit in journey["stages"]
        if "due" in visit and "ended" in visit
    }
    assert outcomes == {True, False}


def test_nothing_happens_after_the_sample_as_of() -> None:
    moments: list[tuple[str, datetime]] = []
    for journey in journeys():
        for key in ("placed", "closed"):
            if key in journey:
                moments.append((f"{journey['order']} {key}", journey[key]))
        for visit in journey["stages"]:
            for key in ("started", "ended"):
                if key in visit:
                    moments.append((f"{journey['order']} {visit['stage']} {key}", visit[key]))
            moments.extend((f"{journey['order']} event", event["at"]) for event in visit.get("events", []))
    for notice in notices():
        moments.extend((f"{notice['id']} {key}", notice[key]) for key in ("started", "resolved") if key in notice)
    assert moments
    late = [label for label, moment in moments if moment > AS_OF]
    assert late == []
    assert all(observation["observed"] <= AS_OF.date() for observation in observations())


def test_orders_span_august_to_november() -> None:
    placed = sorted(journey["placed"].date() for journey in journeys() if "placed" in journey)
    assert placed[0] < date(2026, 9, 1)
    assert date(2026, 11, 1) <= placed[-1] <= date(2026, 11, 20)


# --- observations and notices ----------------------------------------------------------


def test_observations_cover_every_source_severity_and_status() -> None:
    found = observations()
    assert len(found) >= 15
    assert {o["source"] for o in found} == {"csr-interview", "ride-along", "customer-feedback", "data-review", "other"}
    assert {o["severity"] for o in found} == {"low", "medium", "high", "critical"}
    assert {o["status"] for o in found} == {"open", "in-progress", "resolved", "wont-fix"}
    assert all(o.get("tags") and o.get("recommendation") for o in found)


def test_observations_name_real_orders_and_departments() -> None:
    orders = {journey["order"] for journey in journeys()}
    departments = set(site()["departments"])
    named = [order for observation in observations() for order in observation.get("orders", [])]
    assert named
    assert set(named) <= orders
    assert {o["owner"] for o in observations() if "owner" in o} <= departments
    assert {o["stage"] for o in observations()} >= {"entry", "prioritization", "fulfillment", "billing", "returns"}


def test_two_notices_one_ongoing_on_a_public_stage_and_one_resolved() -> None:
    found = notices()
    assert len(found) == 2
    ongoing = [notice for notice in found if "resolved" not in notice]
    resolved = [notice for notice in found if "resolved" in notice]
    assert len(ongoing) == 1 and len(resolved) == 1
    assert set(ongoing[0]["stages"]) <= set(PUBLIC_STAGES)
    assert resolved[0]["resolved"] > resolved[0]["started"]


# --- site.yaml and stages.yaml ---------------------------------------------------------


def test_site_describes_a_company_with_departments_and_reports() -> None:
    site_doc = site()
    assert site_doc["base_url"].startswith("https://track.") and site_doc["base_url"].endswith(".example/")
    assert (site_doc["locale"], site_doc["timezone"]) == ("en-GB", "Europe/London")
    # One contact block per language: German customers are served from Dortmund.
    assert set(site_doc["contact"]) == {"en", "de"}
    for block in site_doc["contact"].values():
        assert {"email", "phone", "url"} <= set(block)
    assert site_doc["contact"]["de"]["phone"].startswith("+49")
    assert len(site_doc["departments"]) >= 8
    assert site_doc["reports"] == {"paper": "A4", "author": "Office of the COO"}


def test_stages_yaml_overrides_a_label_a_target_and_describes_public_stages() -> None:
    stages = yaml.safe_load((CONTENT / "stages.yaml").read_text(encoding="utf-8"))
    labels = [entry["customer_label"] for entry in stages.values() if "customer_label" in entry]
    assert any(isinstance(label, dict) and {"en", "de"} <= set(label) for label in labels)
    targets = {key: entry["target"] for key, entry in stages.items() if "target" in entry}
    assert targets
    for key in PUBLIC_STAGES:
        assert {"en", "de"} <= set(stages[key]["customer_description"]), key


class _TimestampsAsText(yaml.SafeLoader):
    """Reads timestamps as the strings an editor's JSON Schema check sees."""


_TimestampsAsText.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@pytest.mark.parametrize("folder", [CONTENT, MINI], ids=["content", "mini"])
def test_every_file_validates_against_the_schema_its_first_line_names(folder: Path) -> None:
    paths = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*/*.yaml"))
    assert len(paths) >= 7
    for path in paths:
        text = path.read_text(encoding="utf-8")
        first_line = text.splitlines()[0]
        assert first_line.startswith("# yaml-language-server: $schema="), path
        schema_path = (path.parent / first_line.split("$schema=", 1)[1]).resolve()
        assert schema_path.parent == REPO / "schemas", path
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        document = yaml.load(text, Loader=_TimestampsAsText)
        errors = [error.message for error in Draft202012Validator(schema).iter_errors(document)]
        assert errors == [], path


# --- the mini fixture --------------------------------------------------------------------


def test_mini_fixture_has_three_journeys_two_observations_and_one_notice() -> None:
    assert [j["order"] for j in journeys(MINI)] == ["SO-1001", "SO-1002", "SO-1003"]
    assert [o["id"] for o in observations(MINI)] == ["MOBS-1", "MOBS-2"]
    assert [n["id"] for n in notices(MINI)] == ["mini-carrier-delays"]
    assert [status_of(j) for j in journeys(MINI)] == ["completed", "open", "cancelled"]


def test_mini_fixture_figures_match_its_readme() -> None:
    """The hand-computed figures of tests/fixtures/mini/README.md, recomputed by the tool."""
    figures = findings_json(findings(validated(MINI), AS_OF))

    per_journey = {
        row["order"]: (row["status"], row["span"], row["unattended"], row["lead_time"], row["silence"], row["on_time"])
        for row in figures["per_journey"]
    }
    assert per_journey == {
        "SO-1001": ("completed", 363_600, 90_000, 270_000, 262_800, True),
        "SO-1002": ("open", 788_400, 64_800, None, 615_600, False),
        "SO-1003": ("cancelled", 183_600, 7_200, None, 183_600, None),
    }

    def summary(key: str) -> tuple[int, float | None, float | None, float | None]:
        found = figures[key]
        return found["n"], found["median"], found["p90"], found["max"]

    assert summary("journey_span") == (3, 363_600, 703_440, 788_400)
    assert summary("unattended") == (3, 64_800, 84_960, 90_000)
    assert summary("lead_time") == (1, 270_000, 270_000, 270_000)
    assert summary("silence") == (3, 262_800, 545_040, 615_600)
    assert figures["on_time"] == {"n": 2, "rate": 0.5}
    assert figures["due_kept"] == {"n": 2, "rate": 0.5}
    assert figures["bottleneck"] == "prioritization"
    assert figures["stages"]["fulfillment"]["time"] == {"n": 2, "median": 351_000, "p90": 493_560, "max": 529_200}
    assert [(h["from"], h["to"], h["count"], h["wait_median"]) for h in figures["handoffs"]] == [
        ("Customer Service", "Credit Control", 3, 0),
        ("Credit Control", "Warehouse", 2, 1_800),
        ("Warehouse", "Finance", 1, 86_400),
    ]
    assert [(o["id"], o["weight"]) for o in figures["observations"]] == [("MOBS-1", 8), ("MOBS-2", 1)]
    assert figures["value_at_risk"] == [{"currency": "EUR", "count": 1, "amount": "5000.00"}]


def test_sample_bottleneck_is_order_selection_as_the_tour_says() -> None:
    content = validated(CONTENT)
    assert findings(content, AS_OF).bottleneck == "prioritization"
    health = stage_health(content, AS_OF)
    assert (health["prioritization"].state, health["prioritization"].n) == ("delayed", 7)
    assert (health["entry"].state, health["fulfillment"].state) == ("normal", "normal")
    assert health["scheduling"].state == "disrupted"
