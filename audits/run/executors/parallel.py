"""The parallel executor: work items in N worker processes, one Chromium each, polite to every real host.

Playwright's sync API belongs to the thread that started it and a journey's watchdog stops every
Chromium of its process, so each worker is a process of its own, started with 'spawn' (nothing of
the caller's Playwright is inherited) and launching its browser itself. This process schedules:
it hands an item to an idle worker when the item's host has room (politeness.py), hears each
journey end and calls the events here. A worker's browser is replaced after `recycle` journeys and
whenever it died; a worker process that dies is replaced, its item run once more, then recorded as
a crash with the steps it had logged.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from multiprocessing.context import SpawnProcess
from multiprocessing.queues import Queue
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audits.model import JourneyEvidence
from audits.run.executors import EXECUTORS, Events, Executor, run_item
from audits.run.executors.serial import SerialExecutor
from audits.run.plan import WorkItem
from audits.run.politeness import Politeness
from audits.run.rundir import RunDir
from audits.scenario import Suite

if TYPE_CHECKING:
    from playwright.sync_api import Browser

RECYCLE_AFTER = 25  # journeys per browser: Chromium's memory grows with every context it has served
POLL_SECONDS = 0.2
TRIES = 2  # a worker process lost mid-journey: the item runs once more before it counts as a crash


def default_workers() -> int:
    return os.cpu_count() or 1


def fresh_browser(browser: Browser, served: int, recycle: int) -> tuple[Browser, int]:
    """The browser for the next journey: a new one after a crash or `recycle` journeys; and its count."""
    if browser.is_connected() and served < recycle:
        return browser, served
    from audits.gather.browser import relaunch

    with contextlib.suppress(Exception):
        browser.close()
    return relaunch(browser), 0


def _work(number: int, suite: Suite, out: Path, recycle: int, inbox: Queue[Any], outbox: Queue[Any]) -> None:
    """A worker process: launch a browser, then run each item handed to it until told to stop (None)."""
    from audits.gather.browser import launch

    try:
        with launch() as first:
            outbox.put(("ready", number, None))
            browser, served = first, 0
            while (item := inbox.get()) is not None:
                browser, served = fresh_browser(browser, served, recycle)
                outbox.put(("ended", number, run_item(browser, suite, item, out)))
                served += 1
            if browser is not first:
                browser.close()
    except Exception as error:  # reported to the scheduler, which stops the run with it
        outbox.put(("error", number, f"{type(error).__name__}: {error}"))


@dataclass
class _Worker:
    number: int
    process: SpawnProcess
    inbox: Queue[Any]
    item: WorkItem | None = None
    ready: bool = False


@dataclass
class _Schedule:
    """What is left to run, what runs where, and how often each item was lost with its worker."""

    pending: deque[WorkItem]
    politeness: Politeness
    hosts: dict[str, str | None]
    lost: dict[str, int] = field(default_factory=dict)

    def next_for(self) -> tuple[WorkItem | None, float]:
        """The first pending item whose host has room now, else None and how long to wait at most."""
        soonest = POLL_SECONDS
        for item in self.pending:
            wait = self.politeness.wait(self.hosts[item.site])
            if wait == 0:
                self.pending.remove(item)
                return item, 0.0
            if wait is not None:
                soonest = min(soonest, wait)
        return None, soonest


@EXECUTORS.register("parallel")
class ParallelExecutor(Executor):
    """Items on `workers` processes at once (1: the serial executor), `per_host` at most on one real host."""

    def __init__(self, browser: Browser | None = None, workers: int | None = None, recycle: int = RECYCLE_AFTER,
                 politeness: Politeness | None = None) -> None:
        self.browser = browser
        self.workers = workers or default_workers()
        self.recycle = recycle
        self.politeness = politeness or Politeness()
        if self.workers < 1:
            raise ValueError(f"--workers: expected 1 or more, got {self.workers}")

    def run(self, suite: Suite, items: Sequence[WorkItem], out: Path, events: Events) -> None:
        if self.workers == 1 or len(items) <= 1:
            SerialExecutor(self.browser).run(suite, items, out, events)
            return
        hosts = {site.id: self.politeness.host(site.start_url) for site in suite.sites}
        schedule = _Schedule(deque(items), self.politeness, hosts)
        context = multiprocessing.get_context("spawn")
        outbox: Queue[Any] = context.Queue()
        workers: list[_Worker] = []

        def spawn(number: int) -> _Worker:
            inbox: Queue[Any] = context.Queue()
            process = context.Process(target=_work, args=(number, suite, out, self.recycle, inbox, outbox),
                                      name=f"friction-worker-{number}", daemon=True)
            process.start()
            return _Worker(number, process, inbox)

        try:
            workers += [spawn(n) for n in range(min(self.workers, len(items)))]
            self._loop(schedule, workers, outbox, out, events, spawn)
        finally:
            _stop(workers)

    def _loop(self, schedule: _Schedule, workers: list[_Worker], outbox: Queue[Any], out: Path, events: Events,
              spawn: Any) -> None:
        while schedule.pending or any(w.item for w in workers):
            wait = self._dispatch(schedule, workers, events)
            try:
                kind, number, payload = outbox.get(timeout=wait)
            except queue.Empty:
                self._replace_dead(schedule, workers, out, events, spawn)
                continue
            worker = workers[number]
            if kind == "error":
                raise RuntimeError(f"friction worker {number} could not run journeys: {payload}")
            if kind == "ready":
                worker.ready = True
            elif kind == "ended" and worker.item is not None:
                self._ended(schedule, worker, payload, events)

    def _dispatch(self, schedule: _Schedule, workers: list[_Worker], events: Events) -> float:
        """Hand items to idle workers while their hosts allow; returns how long to wait for news."""
        wait = POLL_SECONDS
        for worker in workers:
            if worker.item is not None or not worker.process.is_alive():
                continue
            item, wait = schedule.next_for()
            if item is None:
                break
            schedule.politeness.start(schedule.hosts[item.site])
            worker.item = item
            worker.inbox.put(item)
            if schedule.lost.get(item.key, 0) == 0:
                events.started(item)
        return max(wait, 0.01)

    def _ended(self, schedule: _Schedule, worker: _Worker, evidence: JourneyEvidence, events: Events) -> None:
        item, worker.item = worker.item, None
        assert item is not None
        schedule.politeness.end(schedule.hosts[item.site])
        events.ended(item, evidence)

    def _replace_dead(self, schedule: _Schedule, workers: list[_Worker], out: Path, events: Events,
                      spawn: Any) -> None:
        for index, worker in enumerate(workers):
            if worker.process.is_alive():
                continue
            if not worker.ready and worker.item is None:
                raise RuntimeError(f"friction worker {worker.number} stopped before its browser started "
                                   f"(exit code {worker.process.exitcode})")
            workers[index] = spawn(worker.number)
            if worker.item is None:
                continue
            item = worker.item
            schedule.politeness.end(schedule.hosts[item.site])
            schedule.lost[item.key] = schedule.lost.get(item.key, 0) + 1
            if schedule.lost[item.key] < TRIES:
                schedule.pending.appendleft(item)
            else:
                detail = f"the worker process running it stopped {TRIES} times (exit code {worker.process.exitcode})"
                events.ended(item, RunDir(out).interrupted(item.key, detail))


def _stop(workers: list[_Worker]) -> None:
    """Tell every worker to finish, give them a moment to close their browsers, then end the stragglers."""
    for worker in workers:
        with contextlib.suppress(Exception):
            worker.inbox.put(None)
    for worker in workers:
        worker.process.join(timeout=10)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
