"""The pipeline end to end: suite -> runner -> evidence -> judge -> reporters."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from audits.browser import launch
from audits.judge import judge_run
from audits.model import JourneyEvidence, RunResult
from audits.reporters import DEFAULT, write_reports
from audits.rundir import RunDir, load_evidence
from audits.runner import now_iso, run_journey
from audits.scenario import Suite, suite_for_url

if TYPE_CHECKING:
    from playwright.sync_api import Browser

Progress = Callable[[str, JourneyEvidence | None], None]


def _meta(suite: Suite) -> dict[str, object]:
    return {
        "suite": suite.name,
        "source": suite.source,
        "started_at": now_iso(),
        "sites": [{"id": s.id, "name": s.name, "start_url": s.start_url} for s in suite.sites],
        "assertions": suite.assertions,
    }


def plan(suite: Suite) -> list[tuple[str, str, str]]:
    """Every (site, journey, persona) the suite will run, in order."""
    return [
        (site.id, journey.id, persona.id)
        for journey in suite.journeys
        for site in suite.sites_for(journey)
        for persona in suite.personas_for(journey)
    ]


@contextmanager
def _browser(shared: Browser | None) -> Iterator[Browser]:
    if shared is not None:
        with nullcontext(shared) as browser:
            yield browser
    else:
        with launch() as browser:
            yield browser


def run_suite(suite: Suite, out: str | Path, progress: Progress | None = None,
              reporters: tuple[str, ...] = DEFAULT, browser: Browser | None = None) -> RunResult:
    """Run every journey for every site and persona, saving each as it ends; then report."""
    run = RunDir(out, _meta(suite))
    with _browser(browser) as browser:
        for journey in suite.journeys:
            for site in suite.sites_for(journey):
                for persona in suite.personas_for(journey):
                    if progress:
                        progress(f"{site.id} {journey.id} [{persona.id}]", None)
                    evidence = run_journey(browser, run, site, journey, persona, suite.options)
                    write_reports(judge_run(run.meta, run.journeys), run.root, ("json",))
                    if progress:
                        progress(f"{site.id} {journey.id} [{persona.id}]", evidence)
    return report(out, reporters)


def audit(url: str, out: str | Path, goals: list[str], personas: list[str] | None = None,
          progress: Progress | None = None, browser: Browser | None = None) -> RunResult:
    """Goal-seeking journeys on one site, no suite file needed."""
    return run_suite(suite_for_url(url, goals, personas), out, progress, browser=browser)


def report(out: str | Path, reporters: tuple[str, ...] = DEFAULT) -> RunResult:
    """Judge saved evidence again and render every report; needs no browser."""
    meta, journeys = load_evidence(out)
    result = judge_run(meta, journeys)
    write_reports(result, Path(out), reporters)
    return result
