"""The Celery executor: work items go to `friction worker` processes through a broker; this process waits.

Workers save each journey in the run folder, which they and this process share; this process
watches it, tells the events as journeys start (their step log appears) and end (their file
appears), and returns when the last one is saved. Journeys already saved in the folder (a run
finished after its coordinator died) are taken as they are and only the rest are sent.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from audits.model import JourneyEvidence
from audits.run.executors import EXECUTORS, Events, Executor
from audits.run.plan import WorkItem
from audits.run.politeness import Politeness
from audits.run.rundir import RunDir, RunDirError
from audits.scenario import Suite

if TYPE_CHECKING:
    from playwright.sync_api import Browser

POLL_SECONDS = 0.5


@EXECUTORS.register("celery")
class CeleryExecutor(Executor):
    """Sends every item not yet saved to the broker, then follows the shared run folder until all are saved."""

    def __init__(self, browser: Browser | None = None, broker: str = "", politeness: Politeness | None = None) -> None:
        if not broker:
            raise ValueError("--executor celery: expected --broker redis://HOST:PORT/0")
        self.broker = broker
        self.politeness = politeness or Politeness()

    def run(self, suite: Suite, items: Sequence[WorkItem], out: Path, events: Events) -> None:
        from audits.run.fleet import make_app, save_suite, send

        out = out.resolve()  # the name every worker is given: absolute, the same on every machine
        run = RunDir(out)
        save_suite(suite, out)
        app = make_app(self.broker)
        polite = self.politeness
        hosts = {site.id: polite.host(site.start_url) for site in suite.sites}
        for item in items:
            if not run.is_saved(item.key):
                host = hosts[item.site]
                send(app, suite, item, out, (host, polite.per_host, polite.gap) if host else None)
        follow(run, items, events)


def follow(run: RunDir, items: Sequence[WorkItem], events: Events, poll: float = POLL_SECONDS) -> None:
    """Tell each item's start and end as its files appear in the run folder; return when all are saved."""
    waiting = {item.key: item for item in items}
    started: set[str] = set()
    while waiting:
        for key, item in list(waiting.items()):
            if key not in started and run.is_started(key):
                started.add(key)
                events.started(item)
            if key in started and run.is_saved(key):
                del waiting[key]
                events.ended(item, _loaded(run, key))
        if waiting:
            time.sleep(poll)


def _loaded(run: RunDir, key: str) -> JourneyEvidence:
    """A journey a worker saved (whole: files are renamed into place); unreadable, it cannot be merged."""
    skipped: list[str] = []
    evidence = run.load_journey(key, skipped)
    if evidence is None:
        raise RunDirError(f"{run.root}: {'; '.join(skipped)}")
    return evidence
