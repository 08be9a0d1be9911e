"""Journeys by id: the scripted runner and the goal-seeking ones, all in one registry."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from audits.model import Budget, Coverage, Sightings, StepRecord
from audits.registry import Registry

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

    from audits.gather.driver import Driver
    from audits.journeys.customer import IdentitySpec
    from audits.journeys.site_model import SiteModel
    from audits.scenario import JourneySpec, Options, PersonaSpec, SiteSpec


@dataclass
class Gathered:
    """What a journey brings back from the browser: its sightings and how much of the site it covered."""

    sightings: Sightings
    coverage: Coverage | None = None


@dataclass
class Session:
    """Everything a journey may use: the driver (page, recorder), the spec and the budget."""

    context: BrowserContext
    driver: Driver
    site: SiteSpec
    journey: JourneySpec
    persona: PersonaSpec
    options: Options
    budget: Budget
    model: SiteModel | None = None  # the pages of this site and persona read before (--shared-crawl)
    started: float = field(default_factory=time.monotonic)
    identity: IdentitySpec | None = None  # the suite's overrides of the synthetic customer

    @property
    def page(self) -> Page:
        return self.driver.page

    @property
    def steps(self) -> list[StepRecord]:
        return self.driver.steps

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def out_of_time(self) -> bool:
        return self.elapsed() > self.budget.seconds


JourneyRun = Callable[[Session], Gathered]
JOURNEYS: Registry[JourneyRun] = Registry("journey", "friction.journeys")


def load_builtins() -> None:
    """Import the built-in journeys so they register themselves."""
    from audits.journeys import goal_seeking, leaving, scripted  # noqa: F401


def journey_for(spec: JourneySpec) -> JourneyRun:
    """What runs `spec`: the scripted runner; a journey registered under its goal; else the navigator,
    which seeks any registered goal, so a goal plugin needs no journey of its own."""
    load_builtins()
    if spec.scripted:
        return JOURNEYS.get("scripted")
    return JOURNEYS.get(spec.goal if spec.goal in JOURNEYS else "goal-seeking")
