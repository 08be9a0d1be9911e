"""Journeys by id: the scripted runner and the goal-seeking ones, all in one registry."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from audits.model import Budget, Channel, Coverage, Gate, Phone, StepRecord, failed_page_loads
from audits.registry import Registry

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

    from audits.gather.recorder import Recorder
    from audits.scenario import JourneySpec, Options, PersonaSpec, SiteSpec


@dataclass
class Verdict:
    """How a journey ended and what it found on the way."""

    outcome: str
    reason: str | None = None
    detail: str = ""
    target_url: str | None = None
    phones: list[Phone] = field(default_factory=list)
    channels: list[Channel] = field(default_factory=list)
    gates: list[Gate] = field(default_factory=list)
    coverage: Coverage | None = None
    required_fields: int = 0
    path: list[int] = field(default_factory=list)


@dataclass
class Session:
    """Everything a journey may use: the page, its recorder, the spec and the budget."""

    context: BrowserContext
    page: Page
    recorder: Recorder
    site: SiteSpec
    journey: JourneySpec
    persona: PersonaSpec
    options: Options
    budget: Budget
    steps: list[StepRecord] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def out_of_time(self) -> bool:
        return self.elapsed() > self.budget.seconds

    def next_index(self) -> int:
        return len(self.steps)


def http_failure(requests: list[dict[str, Any]]) -> str | None:
    """'HTTP 500 at URL' for the first page load among `requests` that answered with an error."""
    failed = failed_page_loads(requests)
    return f"HTTP {failed[0]['status']} at {failed[0]['url']}" if failed else None


JourneyRun = Callable[[Session], Verdict]
JOURNEYS: Registry[JourneyRun] = Registry("journey", "friction.journeys")


def load_builtins() -> None:
    """Import the built-in journeys so they register themselves."""
    from audits.journeys import goal_seeking, scripted  # noqa: F401


def journey_for(spec: JourneySpec) -> JourneyRun:
    """What runs `spec`: the scripted runner; a journey registered under its goal; else the navigator,
    which seeks any registered goal, so a goal plugin needs no journey of its own."""
    load_builtins()
    if spec.scripted:
        return JOURNEYS.get("scripted")
    return JOURNEYS.get(spec.goal if spec.goal in JOURNEYS else "goal-seeking")
