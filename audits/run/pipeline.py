"""The pipeline end to end: suite -> runner -> evidence -> judge -> reporters."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audits.ci.gate import finish, keep_baseline, keep_history
from audits.gather.browser import launch
from audits.judge import judge_run
from audits.model import JourneyEvidence, RunResult
from audits.reporters import DEFAULT, write_reports
from audits.run.journey import now_iso, run_journey
from audits.run.rundir import RunDir, load_evidence
from audits.scenario import Suite, suite_for_url

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from audits.store import Store

Progress = Callable[[str, JourneyEvidence | None], None]


def _meta(suite: Suite) -> dict[str, object]:
    return {
        "suite": suite.name,
        "source": suite.source,
        "started_at": now_iso(),
        "sites": [{"id": s.id, "name": s.name, "start_url": s.start_url} for s in suite.sites],
        "assertions": suite.assertions.raw(),
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
              reporters: tuple[str, ...] = DEFAULT, browser: Browser | None = None, *, runs: int = 1,
              baseline: str | Path | None = None, store: Store | None = None, ref: str = "") -> RunResult:
    """Run every journey for every site and persona (`runs` times), saving each as it ends; then report.

    With a `baseline` result.json the report lists what changed; with a `store` the run is kept
    in the history and the report shows the trend (docs/ci.md).
    """
    run = RunDir(out, {**_meta(suite), "runs": runs})
    if baseline is not None:
        keep_baseline(baseline, run.root)
    with _browser(browser) as browser:
        for repeat in range(runs):
            run.repeat = repeat
            for journey in suite.journeys:
                for site in suite.sites_for(journey):
                    for persona in suite.personas_for(journey):
                        label = f"{site.id} {journey.id} [{persona.id}]" + (
                            f" run {repeat + 1}/{runs}" if runs > 1 else "")
                        if progress:
                            progress(label, None)
                        evidence = run_journey(browser, run, site, journey, persona, suite.options)
                        write_reports(judge_run(run.meta, run.journeys), run.root, ("json",))
                        if progress:
                            progress(label, evidence)
    result = evaluate(out)
    if store is not None:
        store.save(result, str(run.root), ref)
        result.history = store.trend(result.site.id or result.site.name)
        keep_history(result.history, run.root)
    write_reports(result, run.root, reporters)
    return result


def audit(url: str, out: str | Path, goals: list[str], personas: list[str] | None = None,
          progress: Progress | None = None, browser: Browser | None = None, **ci: Any) -> RunResult:
    """Goal-seeking journeys on one site, no suite file needed (`ci`: runs, baseline, store, ref)."""
    return run_suite(suite_for_url(url, goals, personas), out, progress, browser=browser, **ci)


def evaluate(out: str | Path) -> RunResult:
    """Judge a run directory's saved evidence, then apply the CI gate (repeats, assertions, diff)."""
    meta, journeys = load_evidence(out)
    return finish(judge_run(meta, journeys), meta, out)


def report(out: str | Path, reporters: tuple[str, ...] = DEFAULT) -> RunResult:
    """Judge saved evidence again and render every report; needs no browser."""
    result = evaluate(out)
    write_reports(result, Path(out), reporters)
    return result
