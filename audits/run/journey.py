"""Runs one journey for one persona in its own browser context; never raises."""

from __future__ import annotations

import contextlib
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from audits.gather.accessibility import PathAudit
from audits.gather.browser import close_context, new_context
from audits.gather.driver import Driver, first_line
from audits.gather.egress import new_page
from audits.gather.recorder import Recorder
from audits.gather.tracing import JourneyFiles, har_file
from audits.gather.watchdog import Watchdog
from audits.journeys import Session, journey_for
from audits.journeys.site_model import SiteModel, model_path
from audits.judge.verdict import judged
from audits.model import Budget, Failure, JourneyEvidence, Sightings
from audits.run.rundir import RunDir
from audits.scenario import JourneySpec, PersonaSpec, SiteSpec, Suite
from audits.secrets import register_suite

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from audits.run.plan import WorkItem

DEFAULT_BUDGETS = {"scripted": Budget(clicks=50, pages=50, seconds=120), "goal": Budget()}


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _start(site: SiteSpec, journey: JourneySpec, persona: PersonaSpec, repeat: int) -> JourneyEvidence:
    kind: Literal["scripted", "goal"] = "scripted" if journey.scripted else "goal"
    return JourneyEvidence(
        id=journey.id, goal=journey.goal, persona=persona.id, persona_kind=persona.kind,
        device=persona.device, kind=kind, site=site.id, start_url=site.start_url,
        region=site.region, started_at=now_iso(), budget=journey.budget or DEFAULT_BUDGETS[kind],
        repeat=repeat,
    )


def _broke(error: Exception | None, watchdog: Watchdog, evidence: JourneyEvidence, driver: Driver | None) -> Failure:
    """Why the journey stopped: its deadline passed in a hung browser call, or something else broke."""
    if error is not None and not watchdog.fired:
        return Failure(reason="crash", detail=f"{type(error).__name__}: {first_line(error)}")
    doing = f" after step {driver.steps[-1].index} ({driver.steps[-1].action})" if driver and driver.steps else ""
    detail = (f"the page stopped answering{doing}; the journey ran past its {evidence.budget.seconds:g} s budget "
              "and the browser was stopped")
    return Failure(reason="timeout", detail=detail)


def _files(run: RunDir, key: str, mode: str, replay: str) -> JourneyFiles:
    """The journey's trace and HAR; in a replay, the recorded HAR that answers its requests."""
    files = JourneyFiles(run.root, key, mode, har_file(replay, key) if replay else None)
    files.prepare()
    return files


def _site_model(run: RunDir, item: WorkItem, journey: JourneySpec, shared: bool) -> SiteModel | None:
    """The pages this site showed this persona in this repetition, shared by its goal journeys."""
    if not shared or journey.scripted:
        return None
    return SiteModel(model_path(run.root, item.site, item.persona, item.repeat))


def run_journey(browser: Browser, run: RunDir, suite: Suite, item: WorkItem) -> JourneyEvidence:
    """Drive one work item's journey and save what it saw; a broken journey is a recorded failure, not a crash."""
    register_suite(suite)  # before anything is written, in whichever process runs the journey
    site, journey, persona = item.specs(suite)
    options = suite.options
    evidence = _start(site, journey, persona, item.repeat)
    run.start_journey(evidence)
    started = time.monotonic()
    files = _files(run, evidence.key, options.trace, options.replay)
    context = new_context(browser, persona, start_url=site.start_url, allow_private=options.allow_private,
                          trace=files.trace is not None, har=files.har, replay=files.replay)
    context.set_default_timeout(options.step_timeout_ms)
    context.set_default_navigation_timeout(max(options.step_timeout_ms, 15000))
    driver = None
    watchdog = Watchdog(evidence.budget.seconds)
    try:
        with watchdog:
            recorder = Recorder(context, run, evidence.key, html=options.html)
            a11y = PathAudit() if options.accessibility else None
            driver = Driver(new_page(context), recorder, options.screenshots, a11y)
            session = Session(context, driver, site, journey, persona, options, evidence.budget,
                              identity=suite.identity)
            session.model = _site_model(run, item, journey, options.shared_crawl)
            gathered = journey_for(journey)(session)
        evidence.sightings, evidence.coverage = gathered.sightings, gathered.coverage
        if watchdog.fired:  # the journey carried on after a hung call, in a browser that was stopped
            evidence.sightings.failures.insert(0, _broke(None, watchdog, evidence, driver))
    except Exception as error:  # the suite goes on; the failure says what broke
        evidence.sightings = evidence.sightings or Sightings()
        evidence.sightings.failures.insert(0, _broke(error, watchdog, evidence, driver))
    finally:
        if driver is not None:
            with contextlib.suppress(Exception):
                driver.commit()
            driver.recorder.close()
            evidence.steps = driver.steps
        evidence.wall_seconds = round(time.monotonic() - started, 2)
        close_context(context, files.trace)
        evidence.artifacts = files.keep(judged(evidence).outcome)
    return run.save_journey(evidence)
