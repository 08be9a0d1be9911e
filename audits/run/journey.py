"""Runs one journey for one persona in its own browser context; never raises."""

from __future__ import annotations

import contextlib
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from audits.gather.browser import new_context
from audits.gather.recorder import Recorder
from audits.journeys import Session, Verdict, journey_for
from audits.model import Budget, JourneyEvidence
from audits.personas import USER_AGENT_SUFFIX
from audits.run.rundir import RunDir
from audits.scenario import JourneySpec, Options, PersonaSpec, SiteSpec, resolve_env

if TYPE_CHECKING:
    from playwright.sync_api import Browser

DEFAULT_BUDGETS = {"scripted": Budget(clicks=50, pages=50, seconds=120), "goal": Budget()}


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _start(site: SiteSpec, journey: JourneySpec, persona: PersonaSpec) -> JourneyEvidence:
    kind: Literal["scripted", "goal"] = "scripted" if journey.scripted else "goal"
    return JourneyEvidence(
        id=journey.id, goal=journey.goal, persona=persona.id, persona_kind=persona.kind,
        device=persona.device, kind=kind, site=site.id, start_url=site.start_url,
        region=site.region, started_at=now_iso(), budget=journey.budget or DEFAULT_BUDGETS[kind],
    )


def _apply(evidence: JourneyEvidence, verdict: Verdict) -> None:
    evidence.outcome = verdict.outcome  # type: ignore[assignment]
    evidence.reason, evidence.reason_detail = verdict.reason, verdict.detail
    evidence.target_url = verdict.target_url
    evidence.phones, evidence.channels, evidence.gates = verdict.phones, verdict.channels, verdict.gates
    evidence.coverage, evidence.required_fields = verdict.coverage, verdict.required_fields
    evidence.path = verdict.path


def run_journey(browser: Browser, run: RunDir, site: SiteSpec, journey: JourneySpec,
                persona: PersonaSpec, options: Options) -> JourneyEvidence:
    """Drive one journey and save its evidence; a broken journey becomes a verdict, not a crash."""
    evidence = _start(site, journey, persona)
    run.start_journey(evidence)
    started = time.monotonic()
    secrets = [resolve_env(v) for v in persona.credentials.values()]
    context = new_context(browser, persona.device, USER_AGENT_SUFFIX)
    context.set_default_timeout(options.step_timeout_ms)
    context.set_default_navigation_timeout(max(options.step_timeout_ms, 15000))
    session = None
    try:
        page = context.new_page()
        recorder = Recorder(context, run, evidence.key, secrets, html=options.html)
        session = Session(context, page, recorder, site, journey, persona, options, evidence.budget)
        verdict = journey_for(journey)(session)
    except Exception as error:  # the suite goes on; the reason says what broke
        first_line = (str(error).strip().splitlines() or [type(error).__name__])[0][:300]
        verdict = Verdict("failed", "crash", f"{type(error).__name__}: {first_line}")
    finally:
        if session is not None:
            evidence.steps = session.steps
        evidence.wall_seconds = round(time.monotonic() - started, 2)
        with contextlib.suppress(Exception):  # a crashed browser has nothing left to close
            context.close()
    _apply(evidence, verdict)
    run.save_journey(evidence)
    return evidence
