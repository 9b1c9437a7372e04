"""`omcreport import ocel` of the whole shared OCEL 2.0 log (2,000 orders, 21,008 events),
then `omcreport check` and `omcreport build --only site` on the journeys it wrote, and a
second import of the same log (nothing to write: every file unchanged).

The log is the copy shipped in tests/data/order-management.json.gz (gzip read directly).
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

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


def _omcreport(*args: str, cwd: Path) -> Measurement:
    command = shutil.which("omcreport") or "omcreport"
    result = measure_command([command, *args], cwd=cwd)
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


def _doubled_log(path: Path) -> Path:
    # In a child process: a forked child's peak memory counts the parent's pages, so the
    # benchmark process itself must never hold the big log.
    code = "import sys; from pathlib import Path; from benchmarks.bench_import import write_doubled_log; "
    code += "write_doubled_log(Path(sys.argv[1]))"
    subprocess.run([sys.executable, "-c", code, str(path)], cwd=REPO_ROOT, check=True)
    return path


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
        report("import ocel (2,000 orders)", first.seconds, first.peak_mb, journeys=written, folder_mb=folder_mb)
        again = _omcreport(*args, cwd=root)
        report("re-import, nothing changed", again.seconds, again.peak_mb, journeys=written)
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

        doubled = _doubled_log(root / "doubled.json.gz")
        twice = root / "twice" / "journeys"
        double = _omcreport("import", "ocel", str(doubled), "--mapping", str(MAPPING), "--out", str(twice), cwd=root)
        written_twice = sum(1 for _ in twice.glob("*.yaml"))
        report("import ocel, log doubled (4,000 orders)", double.seconds, double.peak_mb, journeys=written_twice)
