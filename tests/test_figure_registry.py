"""The figure registry (omcreport/analyze/figures.py) is the one list of findings.json's keys:
json_out writes exactly its paths, the dataclasses behind them have no field it does not
know, and the published schema, generated from it, describes a real findings.json with no
key left over."""

from __future__ import annotations

import json
from dataclasses import fields
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from omcreport.analyze import (
    Breakdown,
    Findings,
    HandoffFigures,
    JourneyFigures,
    ObservationWeight,
    PathFigures,
    RankedWeight,
    StageFigures,
    ValueAtRisk,
    findings,
    findings_json,
)
from omcreport.analyze.fades import LateNotice, SilenceStage, StageEdge
from omcreport.analyze.figures import FIGURES, Unit, children, figure
from omcreport.analyze.findings_schema import findings_schema
from omcreport.analyze.periods import parse_period
from omcreport.load import load_content
from omcreport.model import Content
from omcreport.reports.writer import build_reports

REPOSITORY = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-25T12:00:00+00:00"
STOPS_HERE = {unit for unit in Unit if not unit.is_container}


def written_paths(document: object, path: str = "") -> set[str]:
    """Every registry-style path a findings.json document holds: the registry says which
    keys are containers to walk into; any key it does not know is returned as found."""
    assert isinstance(document, dict)
    found: set[str] = set()
    for key, value in document.items():
        here = f"{path}.{key}" if path else key
        found.add(here)
        try:
            unit = figure(here).unit
        except KeyError:
            continue  # unknown: the test reports it
        if unit is Unit.PER_STAGE:
            for each in value.values():
                found |= written_paths(each, f"{here}.*")
        elif unit is Unit.LIST:
            for item in value:
                found |= written_paths(item, f"{here}[]")
        elif unit is Unit.RECORD:
            found |= written_paths(value, here)
        elif unit is Unit.FINDINGS:
            again = {k: v for k, v in value.items() if f"{here}.{k}" not in {f.path for f in children(here)}}
            found |= written_paths(again)  # the same figures as the top level
            found |= {f"{here}.{k}" for k in value if k not in again}
    return found


@pytest.fixture(scope="module")
def sample() -> Content:
    loaded = load_content(REPOSITORY / "content")
    assert loaded.content is not None
    return loaded.content


@pytest.fixture(scope="module")
def documents(sample: Content, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """The sample's findings.json, and its findings.json for a period (with `period`)."""
    from datetime import datetime

    as_of = datetime.fromisoformat(AS_OF)
    whole = findings_json(findings(sample, as_of))
    out = tmp_path_factory.mktemp("period")
    build_reports(sample, as_of, out, journey_pdfs="none", period=parse_period("2026-10"))
    return [whole, json.loads((out / "findings.json").read_text(encoding="utf-8"))]


def test_every_key_json_out_writes_is_a_registry_path_and_every_path_is_written(
    documents: list[dict[str, Any]],
) -> None:
    written = set().union(*(written_paths(document) for document in documents))
    registered = {entry.path for entry in FIGURES}
    assert sorted(written - registered) == [], "findings.json writes a key the registry lacks"
    assert sorted(registered - written) == [], "a registry path findings.json never writes (for the sample)"


# Dataclass fields findings.json does not write under a key of their own.
NOT_WRITTEN = {
    (StageFigures, "stage"),  # the key of `stages`
    (Breakdown, "name"),  # written as `segment` or `month`
    (RankedWeight, "name"),  # written as `stage` or `tag`
    (LateNotice, "stage"),  # the key of `late_notice`
}
LISTED_AT = {
    Findings: "",
    StageFigures: "stages.*",
    HandoffFigures: "handoffs[]",
    PathFigures: "paths[]",
    ObservationWeight: "observations[]",
    RankedWeight: "observations_by_stage[]",
    JourneyFigures: "per_journey[]",
    Breakdown: "segments[]",
    ValueAtRisk: "value_at_risk[]",
    SilenceStage: "silence_stages[]",
    LateNotice: "late_notice.*",
    StageEdge: "stage_map[]",
}


@pytest.mark.parametrize("figures", list(LISTED_AT), ids=lambda kind: kind.__name__)
def test_a_field_added_to_a_figures_dataclass_needs_a_registry_entry(figures: type) -> None:
    at = LISTED_AT[figures]
    read = {entry.attribute.split(".")[0] for entry in children(at)}
    missing = [
        field.name for field in fields(figures) if field.name not in read and (figures, field.name) not in NOT_WRITTEN
    ]
    assert missing == [], f"declare these fields of {figures.__name__} in omcreport/analyze/figures.py"


def test_every_figure_has_a_label_a_definition_and_a_known_parent() -> None:
    containers = {entry.path: entry.unit for entry in FIGURES if entry.unit.is_container}
    for entry in FIGURES:
        assert entry.label.strip() and entry.definition.strip().endswith((".", ")")), entry.path
        parent = entry.parent
        if parent:
            base = parent.removesuffix(".*").removesuffix("[]")
            assert base in containers, f"{entry.path}: {base} is not a container"


def _validator() -> jsonschema.Draft202012Validator:
    text = resources.files("omcreport").joinpath("schemas/findings-v1.schema.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_the_published_schema_is_the_generated_one() -> None:
    text = resources.files("omcreport").joinpath("schemas/findings-v1.schema.json").read_text(encoding="utf-8")
    assert json.loads(text) == findings_schema(), "stale: run python -m omcreport.validate.reference"


def test_the_sample_findings_validate_with_no_key_undescribed(documents: list[dict[str, Any]]) -> None:
    validator = _validator()
    for document in documents:
        validator.validate(document)
    for broken in (
        {**documents[0], "undescribed": 1},
        {**documents[0], "stages": {**documents[0]["stages"], "entry": {**documents[0]["stages"]["entry"], "x": 1}}},
        {**documents[0], "per_journey": [{**documents[0]["per_journey"][0], "x": 1}]},
        {**documents[1], "period": {**documents[1]["period"], "x": 1}},
        {
            **documents[1],
            "period": {**documents[1]["period"], "previous": {**documents[1]["period"]["previous"], "x": 1}},
        },
    ):
        with pytest.raises(jsonschema.ValidationError):
            validator.validate(broken)


def test_each_key_is_described_by_its_definition() -> None:
    schema = findings_schema()
    assert schema["$defs"]["figures"]["properties"]["lead_time"]["description"] == figure("lead_time").definition
    stage = schema["$defs"]["stages_of_a_stage"]["properties"]
    assert stage["breach_rate"]["description"] == figure("stages.*.breach_rate").definition
