"""Every hostile site ends with a verdict and a named reason within its budget, in one suite run that finishes,
with the browser's memory bounded (the sites: tests/sites/hostile.py; the table: benchmarks/hostile_table.py)."""

from __future__ import annotations

import contextlib
import os
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from audits.gather.browser import ARGS_ENV, chromium_args, find_browser
from audits.gather.faults import CLOSE_TRIED
from audits.model import JourneyEvidence, JourneyResult, RunResult
from audits.run.pipeline import run_suite
from audits.run.rundir import load_evidence
from audits.scenario import parse_suite
from audits.vocab import REASONS
from tests.sites.hostile import FAULTS, UNRESOLVED_RULE, XSS, BrowserMemory, Clock, Fault, serve, suite_yaml

BUDGET = 30
# Past the budget: the watchdog's grace (a quarter of the budget), a new browser, and judging the journey.
MARGIN = 15
# Resident memory of every Chromium process at once, sampled through the run.
BROWSER_MB = 2500


@dataclass
class Run:
    result: RunResult
    evidence: dict[str, JourneyEvidence]
    seconds: dict[str, float]
    peak_mb: float
    out: Path

    def journey(self, fault: Fault) -> JourneyResult:
        return next(j for j in self.result.journeys if j.site == fault.id)


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory, _chromium: list[Browser]) -> Iterator[Run]:
    """One suite over every fault, in a Chromium of its own told never to resolve the unresolvable host
    (launched through the session's Playwright: one thread runs one sync Playwright at a time)."""
    out = tmp_path_factory.mktemp("hostile") / "run"
    before = os.environ.get(ARGS_ENV)
    os.environ[ARGS_ENV] = f"{before or ''} {shlex.quote(UNRESOLVED_RULE)}".strip()
    try:
        browser = _chromium[0].browser_type.launch(executable_path=find_browser(), headless=True,
                                                   args=chromium_args())
        with serve() as hostile, BrowserMemory() as memory:
            clock = Clock()
            suite = parse_suite(suite_yaml(hostile, FAULTS, BUDGET), "hostile.yaml")
            result = run_suite(suite, out, browser=browser, progress=clock, executor="serial")
        with contextlib.suppress(Exception):  # stopped by a journey's watchdog: nothing left to close
            browser.close()
        _, journeys = load_evidence(out)
        yield Run(result, {e.site: e for e in journeys}, clock.seconds, memory.peak_mb, out)
    finally:
        if before is None:
            os.environ.pop(ARGS_ENV, None)
        else:
            os.environ[ARGS_ENV] = before


def test_the_run_finishes_with_every_journey_and_its_reports(hostile_run: Run) -> None:
    assert [j.site for j in hostile_run.result.journeys] == [f.id for f in FAULTS]
    for name in ("result.json", "report.html"):
        assert (hostile_run.out / name).is_file(), name
    # Site text is escaped in the report: the payloads are there as text, never as markup.
    assert XSS not in (hostile_run.out / "report.html").read_text(encoding="utf-8")


def test_the_browser_memory_stays_bounded(hostile_run: Run) -> None:
    assert 0 < hostile_run.peak_mb < BROWSER_MB, f"{hostile_run.peak_mb:.0f} MB"


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f.id)
def test_each_fault_ends_in_its_named_verdict_within_budget(hostile_run: Run, fault: Fault) -> None:
    journey = hostile_run.journey(fault)
    said = f"{fault.id}: {journey.outcome}/{journey.reason} {journey.reason_detail}"
    assert (journey.outcome, journey.reason) == (fault.outcome, fault.reason), said
    assert journey.reason is None or journey.reason in REASONS, said
    assert journey.outcome == "reached" or journey.reason_detail, said
    assert hostile_run.seconds[fault.id] <= BUDGET + MARGIN, (said, hostile_run.seconds[fault.id])
    for step in hostile_run.evidence[fault.id].steps:
        # Never a successful step on an error page.
        error_page = step.facts.error_page if step.facts else ""
        assert not (step.ok and (error_page or (step.status or 0) >= 400)), (fault.id, step.index, step.error)


def test_what_the_journeys_noticed_on_the_way(hostile_run: Run) -> None:
    steps = {site: evidence.steps for site, evidence in hostile_run.evidence.items()}
    popups = [p for s in steps["popup-storm"] for p in s.popups]
    assert len(popups) >= 50, len(popups)
    assert all("/ad" not in s.url for s in steps["popup-storm"]), "the journey moved into a pop-up"
    assert any("contact.zip" in d for s in steps["download-link"] for d in s.downloads)
    assert any(d.startswith("beforeunload") for s in steps["beforeunload"] for d in s.dialogs)
    assert any(CLOSE_TRIED in e for s in steps["window-close"] for e in s.page_errors)
    stormed = [d for s in steps["dialog-storm"] for d in s.dialogs]
    assert len(stormed) <= 11 and stormed[-1].endswith("more dialogs"), stormed


def test_a_page_of_too_many_nodes_is_read_in_bounded_time_and_says_so(
        browser: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from audits.gather.recorder import FACT_LIMITS, FACTS_JS

    monkeypatch.setitem(FACT_LIMITS, "nodes", 1000)  # the real bound (500,000) works alike, only slower
    with serve() as hostile:
        page = browser.new_page()  # type: ignore[attr-defined]
        try:
            page.goto(hostile.url("huge-dom"))
            facts = page.evaluate(FACTS_JS, FACT_LIMITS)
        finally:
            page.close()
    assert "nodes" in facts["truncated"]
    assert "555-0147" not in facts["text"]  # the footer lies past the bound: the read says it was cut
