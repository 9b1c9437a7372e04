"""One preview session: a temporary output folder, the builds into it, and their state.

Builds go through `omcreport.build.build`, which writes aside and swaps in whole, so the
folder always holds the last good build: a broken edit leaves it as it was. The site is
built at once on every change, by the watcher; the reports (WeasyPrint: seconds to
minutes) are built by a thread of their own, after the site, so that neither the first
page nor the errors of the next edit ever wait for them. The site builds write their
links.csv and changes.json into a folder of their own, so that a site build and a
reports build never wait for each other's output lock.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import click

from omcreport.build import BuildOptions, build
from omcreport.errors import ContentError, OmcError, Problem


@dataclass
class PreviewState:
    generation: int = 0  # good site builds so far
    reports_generation: int = 0  # good report builds so far
    building: bool = False
    problems: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "generation": self.generation,
            "reports_generation": self.reports_generation,
            "building": self.building,
            "problems": list(self.problems),
        }


def message_problem(message: str) -> dict[str, Any]:
    """An error that is not tied to a file position (as-of check, output folders...)."""
    return {"path": "", "line": 0, "col": 0, "severity": "error", "code": "", "message": message}


class PreviewSession:
    def __init__(self, content_dir: Path) -> None:
        self.content_dir = content_dir
        self.root = Path(tempfile.mkdtemp(prefix="omcreport-preview-"))
        self.site_dir = self.root / "site"
        self.reports_dir = self.root / "reports"
        # The site builds' links.csv: the tracking pages as the site now shows them.
        self.site_links_dir = self.root / "site-links"
        self._state = PreviewState()
        self._state_lock = threading.Lock()
        self._site_lock = threading.Lock()
        self._site_building = False
        self._reports_wanted = threading.Event()
        self._closing = threading.Event()
        self._reports_thread = threading.Thread(target=self._build_reports_when_asked, name="preview-reports")
        self._reports_thread.start()

    def state(self) -> dict[str, Any]:
        with self._state_lock:
            return self._state.as_json()

    def rebuild(self) -> None:
        """Build the site now, and ask for the reports after it; problems go to the
        terminal and the state."""
        if self.build_site():
            self.request_reports()

    def build_site(self) -> bool:
        """Whether the site built; on failure the state shows the problems."""
        with self._site_lock:
            with self._state_lock:
                self._site_building = True
                self._state.building = True
            built, problems = self._build_part("site")
            with self._state_lock:
                self._site_building = False
                self._state.problems = problems
                self._state.building = built or self._reports_wanted.is_set()
            return built

    def request_reports(self) -> None:
        """Build the reports in the background: once more after the one under way, if any
        (requests made meanwhile are one build of the newest content)."""
        with self._state_lock:
            self._state.building = True
        self._reports_wanted.set()

    def _build_reports_when_asked(self) -> None:
        while True:
            self._reports_wanted.wait()
            if self._closing.is_set():
                return
            self._reports_wanted.clear()
            try:
                built, problems = self._build_part("reports")
            except OSError as error:  # a full disk: this build is lost, the preview goes on
                built, problems = False, [message_problem(f"{error.filename or ''}: {error.strerror or error}")]
                click.echo(f"omcreport serve: error: {problems[0]['message']}; {self._still_serving()}", err=True)
            with self._state_lock:
                if not built:
                    self._state.problems = problems
                self._state.building = self._site_building or self._reports_wanted.is_set()

    def _build_part(self, only: Literal["site", "reports"]) -> tuple[bool, list[dict[str, Any]]]:
        """Whether this part built, and the problems to show (a good build's warnings)."""
        options = BuildOptions(
            content_dir=self.content_dir,
            site_dir=self.site_dir,
            reports_dir=self.site_links_dir if only == "site" else self.reports_dir,
            only=only,
            preview=True,
        )
        try:
            result = build(options)
        except ContentError as error:
            self._echo_problems(error.problems)
            click.echo(f"omcreport serve: {error.format_message()}; {self._still_serving()}", err=True)
            return False, [problem.as_json() for problem in error.problems]
        except OmcError as error:
            click.echo(f"omcreport serve: error: {error.format_message()}; {self._still_serving()}", err=True)
            return False, [message_problem(error.format_message())]
        warnings = [problem.as_json() for problem in result.warnings]
        with self._state_lock:
            if only == "site":
                # The new generation and its problems change together: a page reloading
                # for this build must not show the errors of the previous one.
                self._state.generation += 1
                self._state.problems = warnings
            else:
                self._state.reports_generation += 1
        if only == "site":
            self._echo_problems(list(result.warnings))
            click.echo(f"omcreport serve: {result.summary()}", err=True)
        else:
            click.echo("omcreport serve: reports rebuilt", err=True)
        return True, warnings

    def _still_serving(self) -> str:
        with self._state_lock:
            built = self._state.generation > 0
        return "still serving the last good build" if built else "no good build to serve yet"

    def _set(self, **changes: Any) -> None:
        with self._state_lock:
            for name, value in changes.items():
                setattr(self._state, name, value)

    @staticmethod
    def _echo_problems(problems: list[Problem]) -> None:
        for problem in problems:
            click.echo(problem.as_text(), err=True)

    def close(self) -> None:
        """Stop the reports thread (a build under way finishes: WeasyPrint cannot be cut
        short), then remove the temporary folder."""
        self._closing.set()
        self._reports_wanted.set()
        self._reports_thread.join()
        shutil.rmtree(self.root, ignore_errors=True)
