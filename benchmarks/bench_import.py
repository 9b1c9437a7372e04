"""`omcreport import ocel` of the whole shared OCEL 2.0 log (2,000 orders, 21,008 events),
then `omcreport check` and `omcreport build --only site` on the journeys it wrote, and a
second import of the same log (nothing to write: every file unchanged); the same log as
OCEL 2.0 SQLite; a synthetic log of 100,000 orders (benchmarks/ocel_synthetic.py) as JSON
and as SQLite; and a night: a full build, the same build with nothing changed, an import
of the log updated for 2 % of its orders, and the build after it.

Each figure is the command's own wall time and peak resident memory (benchmarks/peak.py).
The logs are written by child processes, never by this one (see `_in_child`).
OMC_BENCH_IMPORT_ORDERS sets the synthetic log's size for a quick trial.

The log is the copy shipped in tests/data/order-management.json.gz (gzip read directly).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.ocel_synthetic import CSV_MAPPING
from benchmarks.run import REPO_ROOT, Measurement, Report, measure_command

LOG = REPO_ROOT / "tests" / "data" / "order-management.json.gz"
MAPPING = REPO_ROOT / "examples" / "ocel-order-management" / "mapping.yaml"
SITE_YAML = """\
name: Order Management Demo
base_url: https://track.example.com/
timezone: Europe/Berlin
departments: [Sales, Warehouse, Logistics, Finance]
"""
# The log ends 2024-06-04T18:12:07Z; the build's as-of may not precede it.
AS_OF = "2024-06-05T00:00:00Z"
SYNTHETIC_ORDERS = int(os.environ.get("OMC_BENCH_IMPORT_ORDERS", "100000"))
NIGHTLY_SHARE = 0.02  # of the orders a night's export touches
_UPDATED = re.compile(r"(\d+) new, (\d+) updated, (\d+) merged")


def _omcreport(*args: str, cwd: Path) -> Measurement:
    # This interpreter's omcreport, with a cache of the run's own (XDG_CACHE_HOME = cwd/cache).
    env = {**os.environ, "XDG_CACHE_HOME": str(cwd / "cache")}
    result = measure_command([sys.executable, "-m", "omcreport", *args], cwd=cwd, env=env)
    if result.returncode != 0:
        tail = (result.stdout + result.stderr)[-2000:]
        raise RuntimeError(f"omcreport {args[0]} exited {result.returncode}:\n{tail}")
    return result


def _renamed(item: dict[str, Any], suffix: str) -> dict[str, Any]:
    copy = dict(item, id=item["id"] + suffix)
    copy["relationships"] = [
        dict(relation, objectId=relation["objectId"] + suffix) for relation in item.get("relationships", [])
    ]
    return copy


def write_doubled_log(path: Path) -> None:
    """The log plus a renamed copy of itself: twice the objects and events, for memory growth."""
    log = json.loads(gzip.decompress(LOG.read_bytes()))
    for key in ("objects", "events"):
        log[key] = log[key] + [_renamed(item, "-2") for item in log[key]]
    path.write_bytes(gzip.compress(json.dumps(log).encode("utf-8"), mtime=0))


def write_touched_log(path: Path) -> int:
    """The log with a `payment reminder` added to every 50th order (2 %) after its last event
    (and before the log's end, which stays the same): what a night's export changes."""
    log = json.loads(gzip.decompress(LOG.read_bytes()))
    owner = {obj["id"]: obj["id"] for obj in log["objects"] if obj["type"] == "orders"}
    for obj in log["objects"]:
        if obj["type"] == "orders":
            owner.update(
                {rel["objectId"]: obj["id"] for rel in obj.get("relationships", []) if rel["qualifier"] == "comprises"}
            )
    last: dict[str, datetime] = {}
    for event in log["events"]:
        moment = datetime.fromisoformat(event["time"])
        for order in {owner[rel["objectId"]] for rel in event["relationships"] if rel["objectId"] in owner}:
            last[order] = max(last.get(order, moment), moment)
    end = max(last.values())
    orders = sorted(last)
    touched = [order for order in orders[:: round(1 / NIGHTLY_SHARE)] if last[order] + timedelta(hours=1) < end]
    for order in touched:
        at = (last[order] + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
        relation = {"objectId": order, "qualifier": "order"}
        log["events"].append({"id": f"bench-reminder-{order}", "type": "payment reminder", "time": at,
                              "attributes": [], "relationships": [relation]})  # fmt: skip
    path.write_bytes(gzip.compress(json.dumps(log).encode("utf-8"), mtime=0))
    return len(touched)


def _in_child(code: str, *args: str) -> str:
    """Run `code` in a fresh interpreter: a forked child's peak memory counts the parent's
    pages, so the benchmark process itself must never hold a big log. Returns its stdout."""
    result = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=REPO_ROOT, check=True, capture_output=True, text=True
    )
    return result.stdout


def _doubled_log(path: Path) -> Path:
    code = "import sys; from pathlib import Path; from benchmarks.bench_import import write_doubled_log; "
    _in_child(code + "write_doubled_log(Path(sys.argv[1]))", str(path))
    return path


def _sqlite_of_shared_log(path: Path) -> Path:
    code = (
        "import sys, gzip, json; from pathlib import Path; sys.path.insert(0, 'tests'); "
        "from test_import_support import write_ocel_sqlite; "
        "write_ocel_sqlite(json.loads(gzip.decompress(Path(sys.argv[1]).read_bytes())), Path(sys.argv[2]))"
    )
    _in_child(code, str(LOG), str(path))
    return path


def _counts(measurement: Measurement) -> tuple[int, int]:
    """(new, updated) from the import's summary line."""
    found = _UPDATED.search(measurement.stderr)
    if found is None:
        raise RuntimeError(f"no summary line in the import's output:\n{measurement.stderr[-2000:]}")
    return int(found.group(1)), int(found.group(2))


def _imported(
    report: Report, name: str, log: Path, out: Path, cwd: Path, kind: str = "ocel", mapping: Path = MAPPING
) -> Measurement:
    measured = _omcreport("import", kind, str(log), "--mapping", str(mapping), "--out", str(out), cwd=cwd)
    new, _ = _counts(measured)
    log_mb = round(log.stat().st_size / 1_048_576, 1)
    report(name, measured.seconds, measured.peak_mb, journeys=new, log_mb=log_mb, cpu_s=round(measured.cpu_seconds, 1))
    return measured


def _build(content: Path, root: Path) -> Measurement:
    site, reports = str(root / "site-full"), str(root / "reports-full")
    args = ("build", str(content), "--site-dir", site, "--reports-dir", reports, "--as-of", AS_OF)
    return _omcreport(*args, cwd=root)


def _night(report: Report, root: Path, content: Path, journeys: Path) -> None:
    """A nightly run: the build as it stands, unchanged, then import the night's export and build."""
    _build(content, root)  # the previous night's output and cache
    unchanged = _build(content, root)
    report("build, nothing changed (2,000 journeys)", unchanged.seconds, unchanged.peak_mb,
           cpu_s=round(unchanged.cpu_seconds, 1))  # fmt: skip
    touched_log = root / "touched.json.gz"
    code = "import sys; from pathlib import Path; from benchmarks.bench_import import write_touched_log; "
    touched = int(_in_child(code + "print(write_touched_log(Path(sys.argv[1])))", str(touched_log)))
    args = ("import", "ocel", str(touched_log), "--mapping", str(MAPPING), "--out", str(journeys))
    night = _omcreport(*args, cwd=root)
    new, updated = _counts(night)
    if (new, updated) != (0, touched):
        raise RuntimeError(f"the nightly import touched {touched} orders but wrote {new} new and {updated} updated")
    report(f"nightly import, {updated} orders changed (2 %)", night.seconds, night.peak_mb, updated=updated,
           cpu_s=round(night.cpu_seconds, 1))  # fmt: skip
    after = _build(content, root)
    ratio = round(after.seconds / unchanged.seconds, 2)
    report("build after the nightly import", after.seconds, after.peak_mb, vs_nothing_changed=ratio,
           cpu_s=round(after.cpu_seconds, 1))  # fmt: skip


def _synthetic(report: Report, root: Path) -> None:
    logs = [root / f"synthetic.{suffix}" for suffix in ("json", "sqlite", "parquet")]
    _in_child("import sys; from benchmarks.ocel_synthetic import main; main(sys.argv[1:])",
              str(SYNTHETIC_ORDERS), *map(str, logs))  # fmt: skip
    orders = f"{SYNTHETIC_ORDERS:,}"
    for log, form in zip(logs[:2], ("JSON", "SQLite"), strict=True):
        _imported(report, f"import ocel {form}, synthetic ({orders} orders)", log, root / f"synthetic-{form}", root)
    mapping = root / "synthetic-table.yaml"
    mapping.write_text(MAPPING.read_text(encoding="utf-8") + CSV_MAPPING, encoding="utf-8")
    name = f"import parquet, synthetic ({orders} orders)"
    _imported(report, name, logs[2], root / "synthetic-parquet", root, "parquet", mapping)
    for log in logs:
        log.unlink()


def run(report: Report) -> None:
    if not LOG.is_file():
        raise RuntimeError(f"the shared OCEL log is missing: {LOG}")
    with tempfile.TemporaryDirectory(prefix="omc-bench-import-") as scratch:
        root = Path(scratch)
        content = root / "content"
        content.mkdir()
        (content / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
        journeys = content / "journeys"
        args = ("import", "ocel", str(LOG), "--mapping", str(MAPPING), "--out", str(journeys))
        first = _omcreport(*args, cwd=root)
        written = sum(1 for _ in journeys.glob("*.yaml"))
        size_mb = sum(path.stat().st_size for path in journeys.iterdir()) / 1_048_576
        folder_mb = round(size_mb, 1)
        report("import ocel (2,000 orders)", first.seconds, first.peak_mb, journeys=written, folder_mb=folder_mb,
               cpu_s=round(first.cpu_seconds, 1))  # fmt: skip
        again = _omcreport(*args, cwd=root)
        report("re-import, nothing changed", again.seconds, again.peak_mb, journeys=written,
               cpu_s=round(again.cpu_seconds, 1))  # fmt: skip
        checked = _omcreport("check", str(content), cwd=root)
        report("check the imported journeys", checked.seconds, checked.peak_mb, journeys=written)
        built = _omcreport(
            "build", str(content), "--only", "site", "--site-dir", str(root / "site"), "--as-of", AS_OF, cwd=root
        )
        pages = sum(1 for _ in (root / "site").rglob("*.html"))
        report("build --only site", built.seconds, built.peak_mb, journeys=written, pages=pages)
        findings = _omcreport(
            "build", str(content), "--only", "reports", "--journey-pdfs", "none",
            "--reports-dir", str(root / "reports"), "--as-of", AS_OF, cwd=root,
        )  # fmt: skip
        report("build --only reports (findings)", findings.seconds, findings.peak_mb, journeys=written)
        _night(report, root, content, journeys)

        sqlite_log = _sqlite_of_shared_log(root / "order-management.sqlite")
        _imported(report, "import ocel SQLite (2,000 orders)", sqlite_log, root / "from-sqlite", root)

        doubled = _doubled_log(root / "doubled.json.gz")
        _imported(report, "import ocel, log doubled (4,000 orders)", doubled, root / "twice" / "journeys", root)
        _synthetic(report, root)
