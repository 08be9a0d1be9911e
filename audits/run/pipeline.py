"""The pipeline end to end: plan -> executor -> judge each journey as it ends -> the run's reports."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audits.ci.gate import finish, keep_baseline, keep_history
from audits.journeys.site_model import clear as clear_site_models
from audits.judge import assemble, judge_journey
from audits.model import JourneyEvidence, JourneyResult, RunResult
from audits.reporters import DEFAULT, write_reports
from audits.run.executors import EXECUTORS
from audits.run.journey import now_iso
from audits.run.plan import WorkItem, plan
from audits.run.recipe import keep_recipe
from audits.run.rejudge import judged
from audits.run.rundir import RunDir
from audits.scenario import Suite, suite_for_sites
from audits.secrets import register_suite

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from audits.store import Store

# Told a journey's label when it starts (None) and its judged result when it ends. A progress
# with a `planned(labels)` method is told every journey's label first (done/total, time left).
Progress = Callable[[str, JourneyResult | None], None]


def _meta(suite: Suite) -> dict[str, object]:
    return {
        "suite": suite.name,
        "source": suite.source,
        "started_at": now_iso(),
        "sites": [{"id": s.id, "name": s.name, "start_url": s.start_url} for s in suite.sites],
        "assertions": suite.assertions.raw(),
    }


class Journal:
    """Hears the executor: judges each journey once when it ends, and tells the progress line."""

    def __init__(self, progress: Progress | None, runs: int) -> None:
        self.progress = progress
        self.runs = runs
        self.judged: dict[str, JourneyResult] = {}

    def _label(self, item: WorkItem) -> str:
        repeat = f" run {item.repeat + 1}/{self.runs}" if self.runs > 1 else ""
        return f"{item.site} {item.journey} [{item.persona}]{repeat}"

    def planned(self, items: Sequence[WorkItem]) -> None:
        planned = getattr(self.progress, "planned", None)
        if callable(planned):
            planned([self._label(item) for item in items])

    def started(self, item: WorkItem) -> None:
        if self.progress:
            self.progress(self._label(item), None)

    def ended(self, item: WorkItem, evidence: JourneyEvidence) -> None:
        self.judged[item.key] = judge_journey(evidence)
        if self.progress:
            self.progress(self._label(item), self.judged[item.key])

    def results(self, items: Sequence[WorkItem]) -> list[JourneyResult]:
        """The judged journeys in plan order, whatever order they ended in."""
        return [self.judged[item.key] for item in items if item.key in self.judged]


def run_suite(suite: Suite, out: str | Path, progress: Progress | None = None,
              reporters: tuple[str, ...] = DEFAULT, browser: Browser | None = None, *, runs: int = 1,
              baseline: str | Path | None = None, store: Store | None = None, ref: str = "",
              executor: str = "serial", executor_options: dict[str, Any] | None = None,
              resume: bool = False) -> RunResult:
    """Run every journey for every site and persona (`runs` times), saving each as it ends; then report.

    With a `baseline` result.json the report lists what changed; with a `store` the run is kept
    in the history and the report shows the trend (docs/ci.md). `executor_options` go to the
    executor's factory (e.g. `workers` for `parallel`, `broker` for `celery`). A folder holding part
    of a run of the same plan is finished, keeping its journeys; with `resume` a whole one is only
    re-reported.
    """
    register_suite(suite)  # masked in every file, report and line of this run
    items = plan(suite, runs)
    run = RunDir(out)
    kept = run.resumable(items, resume=resume)
    # Pages read before this start are not shared: a journey run again rewrites the screenshots they name.
    clear_site_models(run.root)
    started = {"started_at": min(j.started_at for j in kept.values())} if kept else {}  # resumed: began then
    meta = run.write_manifest({**_meta(suite), "runs": runs, **started}, items)
    keep_recipe(suite, run.root)
    if baseline is not None:
        keep_baseline(baseline, run.root)
    journal = Journal(progress, runs)
    journal.planned(items)
    for item in items:
        if item.key in kept:
            journal.ended(item, kept[item.key])
    missing = [item for item in items if item.key not in kept]
    EXECUTORS.get(executor)(browser, **(executor_options or {})).run(suite, missing, run.root, journal)
    result = finish(assemble(meta, journal.results(items)), meta, run.root)
    if store is not None:
        store.save(result, str(run.root), ref)
        result.history = store.trend(result.site.id or result.site.name)
        keep_history(result.history, run.root)
    write_reports(result, run.root, reporters)
    return result


def audit(url: str | Sequence[str | tuple[str, str]], out: str | Path, goals: list[str],
          personas: list[str] | None = None, progress: Progress | None = None, browser: Browser | None = None,
          options: dict[str, Any] | None = None, **ci: Any) -> RunResult:
    """Goal-seeking journeys on one site or many (URLs, or (name, URL) pairs), no suite file needed.

    `options`: the suite's (allow_private, submit, trace...); `ci`: runs, baseline, store, ref,
    executor, executor_options, resume.
    """
    sites: list[str | tuple[str, str]] = [url] if isinstance(url, str) else list(url)
    return run_suite(suite_for_sites(sites, goals, personas, **(options or {})), out, progress, browser=browser, **ci)


def evaluate(out: str | Path, workers: int = 1) -> RunResult:
    """Judge a run directory's saved evidence (in `workers` processes when there is much of it),
    then apply the CI gate (repeats, assertions, diff)."""
    meta, results = judged(out, workers)
    return finish(assemble(meta, results), meta, out)


def report(out: str | Path, reporters: tuple[str, ...] = DEFAULT, workers: int = 1) -> RunResult:
    """Judge saved evidence again and render every report; needs no browser."""
    result = evaluate(out, workers)
    write_reports(result, Path(out), reporters)
    return result
