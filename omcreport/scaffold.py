"""Starting files for editors: `omcreport new`.

Each function writes one valid, commented YAML file into a content folder and returns
its path. The first line points editors at the JSON Schema in the content folder's
`.schemas/`, written (or refreshed) with every new file, so VS Code's YAML extension
completes and checks fields as people type. A file is never overwritten.
"""

from __future__ import annotations

import os
import secrets
from datetime import datetime, timedelta
from pathlib import Path

import yaml

from omcreport.catalogue import STAGE_KEYS
from omcreport.errors import OmcError
from omcreport.importers.layout import journeys_in_folder
from omcreport.validate.kinds import KINDS
from omcreport.validate.reference import schema_text
from omcreport.vocabulary import NAME_PATTERN, is_name

# 24 random bytes: 192 bits, 32 characters of [A-Za-z0-9_-]. Tokens are unique ignoring
# case, which costs about one bit per character, so 16 bytes would leave under 128.
TOKEN_BYTES = 24

DEFAULT_OWNER = "Customer Service"
NOTICE_DEFAULT_STAGE = "fulfillment"


class ScaffoldExists(OmcError):
    """The file to write is already there (or differs only in case)."""


def is_valid_name(text: str) -> bool:
    return is_name(text)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def yaml_string(text: str) -> str:
    """`text` as a YAML scalar that every YAML 1.1 reader takes as that same string.

    `0012`, `1e3`, `no` or `2026-04-01` written plain would turn into numbers, booleans or
    dates, which FORMAT.md rejects; those get double quotes (names never hold `"` or `\\`).
    """
    try:
        read_back = yaml.safe_load(f"x: {text}")
    except yaml.YAMLError:
        read_back = None
    if isinstance(read_back, dict) and read_back.get("x") == text and "#" not in text:
        return text
    return '"' + text + '"'


def timestamp(moment: datetime) -> str:
    """A FORMAT.md timestamp: minutes and a UTC offset."""
    return moment.replace(second=0, microsecond=0).isoformat(timespec="minutes")


def first_department(content_dir: Path) -> str:
    """An owner that site.yaml accepts: its first department, when it lists any.

    Only a hint for the starting file; `omcreport check` is what validates site.yaml.
    """
    site_file = content_dir / "site.yaml"
    try:
        site = yaml.safe_load(site_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return DEFAULT_OWNER
    departments = site.get("departments") if isinstance(site, dict) else None
    if isinstance(departments, list) and departments and isinstance(departments[0], str):
        owner: str = departments[0]
        return owner
    return DEFAULT_OWNER


COMMENT_COLUMN = 40


def _commented(code: str, comment: str) -> str:
    return f"{code.ljust(COMMENT_COLUMN - 1)} {comment}"


# Inside the content folder, so the `$schema` line resolves wherever the folder lives and
# matches the installed omcreport; `check` never reads dot folders.
SCHEMA_FOLDER = ".schemas"


def schema_path(content_dir: Path, kind: str) -> Path:
    return content_dir / SCHEMA_FOLDER / f"{kind}.schema.json"


def schema_line(target: Path, content_dir: Path, kind: str) -> str:
    relative = os.path.relpath(schema_path(content_dir, kind), target.parent).replace(os.sep, "/")
    if not relative.startswith("../"):
        relative = "./" + relative
    return f"# yaml-language-server: $schema={relative}\n"


def write_schemas(content_dir: Path) -> None:
    """The JSON Schema of every kind into the content folder's .schemas/, where missing or stale."""
    for kind in KINDS:
        path = schema_path(content_dir, kind)
        data = schema_text(kind).encode("utf-8")
        try:
            if path.is_file() and path.read_bytes() == data:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        except OSError as error:
            raise OmcError(f"cannot write {path}: {error.strerror or error}") from None


def write_new(target: Path, text: str, content_dir: Path) -> Path:
    """Create `target` with `text`, then bring the schemas it points at up to date; refuse
    when it, or a name differing only in case, exists."""
    folder = target.parent
    if folder.is_dir():
        wanted = target.name.casefold()
        for existing in sorted(folder.iterdir()):
            if existing.name.casefold() == wanted:
                raise ScaffoldExists(f"{existing} already exists; not overwriting it")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldExists(f"{target} already exists; not overwriting it") from None
    except OSError as error:
        raise OmcError(f"cannot write {target}: {error.strerror or error}") from None
    write_schemas(content_dir)
    return target


# The commented example times and dates lie this far after `started`, so that
# uncommenting them as written passes check.
EXAMPLE_DUE_AFTER = timedelta(days=1)
EXAMPLE_ENDED_AFTER = timedelta(days=1, hours=4)
EXAMPLE_PROMISED_AFTER = timedelta(days=14)


def journey_text(order: str, *, now: datetime, owner: str, token: str | None) -> str:
    """A journey's starting text; with a `token`, it has a public page."""
    started = timestamp(now)
    promised = (now + EXAMPLE_PROMISED_AFTER).date().isoformat()
    lines = [
        "# A journey: one order, followed through the Order Management Cycle as it happens.",
        "# Add a visit under `stages` each time the order moves to another stage or department.",
        "# Fields marked internal stay in the reports; they never reach the public site.",
        _commented(f"order: {yaml_string(order)}", "# unique; the file name matches it"),
        _commented(f"title: New order {order}", "# internal: a short description"),
        "customer:",
        _commented("  display_name: Customer name", "# shown on this order's own page only"),
        _commented("  # segment: key-account", "# internal: groups orders in the reports"),
        _commented("# followed_by: COO", "# internal: who stapled themselves to it (gets a PDF)"),
        _commented("# status: open", "# open | completed | cancelled; see FORMAT.md"),
        _commented(f"placed: {started}", "# when the customer placed the order"),
        _commented(f"# promised: {promised}", "# the delivery date promised to the customer"),
        _commented('# value: {amount: "0.00", currency: EUR}', "# internal; a quoted decimal"),
    ]
    if token is not None:
        lines += [
            _commented("public:", "# remove this block and the order has no public page"),
            _commented(f'  token: "{token}"', "# secret: the page address; new random one if a link leaks"),
            _commented("  health: on-track", "# on-track | delayed | action-needed | problem | on-hold"),
            _commented(f"  # expected: {promised}", "# the current delivery estimate"),
            "  # health_note: A part is late; we will update you by Friday.",
            _commented(f"  # next_update: {started}", "# when we will tell the customer more"),
        ]
    lines += [
        _commented("stages:", "# the visits, in the order they started"),
        _commented("  - stage: entry", "# planning, generation, pricing, entry, prioritization,"),
        _commented("", "#   scheduling, fulfillment, billing, returns, postsales"),
        _commented(f"    started: {started}", "# with a UTC offset"),
        _commented(f"    # ended: {timestamp(now + EXAMPLE_ENDED_AFTER)}", "# absent while the order is at this stage"),
        _commented(f"    # due: {timestamp(now + EXAMPLE_DUE_AFTER)}", "# when this visit was promised done"),
        _commented(f"    owner: {yaml_string(owner)}", "# internal: the department holding the order"),
        _commented("    customer_in_view: medium", "# none | low | medium | high"),
        _commented("    public_note: We have your order and are checking the details.", "# public"),
        _commented("    # events:", "# checkpoints within the visit, in time order"),
        f"    #   - at: {started}",
        "    #     note: Credit check passed",
        "    #     public: false",
        _commented("    # notes: |", "# internal Markdown"),
        "    #   What you saw and who you talked to.",
    ]
    return "\n".join(lines) + "\n"


def observation_text(identifier: str, *, stage: str, now: datetime, owner: str) -> str:
    lines = [
        "# An observation: one finding from a stage. Everything here is internal.",
        _commented(f"id: {yaml_string(identifier)}", "# unique; the file name matches it"),
        _commented(f"title: Observation {identifier}", "# what you saw, in one line"),
        f"stage: {stage}",
        _commented("orders: []", "# the journeys it concerns, e.g. [SO-1042, SO-1057]"),
        f"observed: {now.date().isoformat()}",
        _commented("source: other", "# csr-interview | ride-along | customer-feedback |"),
        _commented("", "#   data-review | other"),
        _commented("severity: medium", "# low | medium | high | critical"),
        "# tags: [invoice-clarity]",
        _commented("body: |", "# Markdown"),
        "  What happened, where, and what it cost the customer.",
        "# recommendation: |",
        "#   What to change.",
        f"# owner: {owner}",
        _commented("status: open", "# open | in-progress | resolved | wont-fix"),
    ]
    return "\n".join(lines) + "\n"


def notice_text(identifier: str, *, stage: str, now: datetime) -> str:
    lines = [
        "# A service notice: public. It shows on the overview, in the feed and on the tracking",
        "# pages of orders currently at one of its stages.",
        _commented(f"id: {yaml_string(identifier)}", "# unique; the file name matches it"),
        f"title: Service notice {identifier}",
        _commented(f"stages: [{stage}]", "# public stages it affects"),
        _commented("impact: minor", "# minor | major (major marks the stage disrupted)"),
        f"started: {timestamp(now)}",
        _commented(f"# resolved: {timestamp(now)}", "# absent while it is ongoing"),
        _commented("body: |", "# public Markdown"),
        "  What customers will notice, and what we are doing about it.",
    ]
    return "\n".join(lines) + "\n"


def site_text() -> str:
    lines = [
        "# The organisation and how its public status site looks. Only this file is required.",
        _commented("name: Your company", "# required"),
        _commented("base_url: https://track.example.com/", "# required; where the site is published; ends in /"),
        _commented("locale: en", "# e.g. en-GB, de-DE"),
        _commented("timezone: UTC", "# e.g. Europe/London"),
        _commented("contact:", "# shown on every public page"),
        "  email: orders@example.com",
        '  # phone: "+44 20 7946 0000"',
        "  # url: https://example.com/help",
        _commented("# departments: [Customer Service, Finance, Warehouse]", "# when listed, every owner must be one"),
        "# reports:",
        _commented("#   paper: A4", "# A4 | Letter"),
        "#   author: Office of the COO",
    ]
    return "\n".join(lines) + "\n"


def _check_name(text: str, what: str) -> None:
    if not is_valid_name(text):
        # Checked by the command first (exit 2); this guards direct callers.
        raise ValueError(f"{what} {text!r} does not match {NAME_PATTERN}")


def new_journey(content_dir: Path, order: str, *, public: bool, now: datetime) -> Path:
    _check_name(order, "order")
    target = content_dir / "journeys" / f"{order}.yaml"
    moved = journeys_in_folder(target.parent).get(target.name.lower())  # journeys/2026/11/ counts too
    if moved is not None:
        raise ScaffoldExists(f"{target.parent / moved} already exists; not overwriting it")
    text = journey_text(order, now=now, owner=first_department(content_dir), token=new_token() if public else None)
    return write_new(target, schema_line(target, content_dir, "journey") + text, content_dir)


def new_observation(content_dir: Path, identifier: str, *, stage: str, now: datetime) -> Path:
    _check_name(identifier, "id")
    if stage not in STAGE_KEYS:
        raise ValueError(f"unknown stage {stage!r}")
    target = content_dir / "observations" / f"{identifier}.yaml"
    text = observation_text(identifier, stage=stage, now=now, owner=first_department(content_dir))
    return write_new(target, schema_line(target, content_dir, "observation") + text, content_dir)


def new_notice(content_dir: Path, identifier: str, *, now: datetime, stage: str = NOTICE_DEFAULT_STAGE) -> Path:
    _check_name(identifier, "id")
    if stage not in STAGE_KEYS:
        raise ValueError(f"unknown stage {stage!r}")
    target = content_dir / "notices" / f"{identifier}.yaml"
    return write_new(
        target, schema_line(target, content_dir, "notice") + notice_text(identifier, stage=stage, now=now), content_dir
    )


def new_site(content_dir: Path) -> Path:
    target = content_dir / "site.yaml"
    return write_new(target, schema_line(target, content_dir, "site") + site_text(), content_dir)
