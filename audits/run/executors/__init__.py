"""Executors run a plan's work items and report each journey as it starts and ends; registered by id.

An executor may run items in this process (`serial`) or elsewhere: `run_item` needs nothing but
the suite, one item and the run folder, so a worker process or machine can run it alone. Events
are always called in the caller's process.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from audits.model import JourneyEvidence
from audits.registry import Registry
from audits.run.journey import run_journey
from audits.run.plan import WorkItem
from audits.run.rundir import RunDir
from audits.scenario import Suite

if TYPE_CHECKING:
    from playwright.sync_api import Browser


class Events(Protocol):
    """What the caller hears while items run."""

    def started(self, item: WorkItem) -> None: ...

    def ended(self, item: WorkItem, evidence: JourneyEvidence) -> None: ...


class Executor(ABC):
    """Runs work items, each journey's evidence saved under the run folder as it ends."""

    @abstractmethod
    def run(self, suite: Suite, items: Sequence[WorkItem], out: Path, events: Events) -> None:
        """Run every item; call `events.started` and `events.ended` once for each."""


# Built from the caller's shared browser, if any; executors that run items elsewhere launch their own.
ExecutorFactory = Callable[["Browser | None"], Executor]
EXECUTORS: Registry[ExecutorFactory] = Registry("executor", "friction.executors", builtins=__name__)


def run_item(browser: Browser, suite: Suite, item: WorkItem, out: Path) -> JourneyEvidence:
    """Run one work item and save its evidence in the run folder `out`; never raises for the site's faults."""
    return run_journey(browser, RunDir(out), suite, item)
