"""A fleet on Celery: the coordinator puts a run's work items on a broker, `friction worker` runs them.

Every worker writes into the run folder it is named (a path all of them and the coordinator see),
reading the suite the coordinator saved there. Each worker process launches its own Chromium on
its first journey (never before the pool forks) and is replaced after `recycle` journeys, browser
and all. A journey's message is acknowledged only once it is done (`task_acks_late`), one at a time
(`worker_prefetch_multiplier=1`); a worker killed mid-journey gives it back: its pool process at
once (`task_reject_on_worker_lost`), the whole worker after the broker's visibility timeout. A
journey already saved is never run again, and a lock on the broker keeps two workers off the same one;
the per-host politeness limit is kept on the broker too, for all workers at once.
"""

from __future__ import annotations

import base64
import contextlib
import os
import pickle
import socket
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audits.files import write_atomic
from audits.model import Budget
from audits.run.executors.parallel import RECYCLE_AFTER, fresh_browser
from audits.run.journey import DEFAULT_BUDGETS
from audits.run.plan import WorkItem
from audits.run.rundir import RunDir
from audits.scenario import Suite

if TYPE_CHECKING:
    from celery import Celery
    from playwright.sync_api import Browser

TASK = "friction.run_item"
QUEUE = "friction"
SUITE_FILE = "suite.pickle"
HARD_LIMIT_MARGIN = 30.0  # seconds past a journey's budget and its watchdog's grace before its process is killed
DEFAULT_VISIBILITY_TIMEOUT = 3600.0


def hard_limit(budget: Budget) -> float:
    """A journey's hard time limit: its budget, the watchdog's grace (at most 30 s), then a margin."""
    from audits.gather.watchdog import GRACE_SECONDS

    grace = min(max(budget.seconds / 4, GRACE_SECONDS[0]), GRACE_SECONDS[1])
    return budget.seconds + grace + HARD_LIMIT_MARGIN


def item_limit(suite: Suite, item: WorkItem) -> float:
    _, journey, _ = item.specs(suite)
    return hard_limit(journey.budget or DEFAULT_BUDGETS["scripted" if journey.scripted else "goal"])


def make_app(broker: str, visibility_timeout: float = DEFAULT_VISIBILITY_TIMEOUT) -> Celery:
    """The Celery app for coordinator and workers alike; `friction.run_item` is its one task."""
    from celery import Celery, Task

    app = Celery("friction", broker=broker, set_as_current=False)
    app.conf.update(
        task_acks_late=True, worker_prefetch_multiplier=1, task_reject_on_worker_lost=True,
        task_serializer="json", accept_content=["json"], task_ignore_result=True, result_backend=None,
        task_default_queue=QUEUE, worker_hijack_root_logger=False, broker_connection_retry_on_startup=True,
        # Messages a dead worker had taken come back after visibility_timeout; look for them every few seconds.
        broker_transport_options={"visibility_timeout": visibility_timeout, "unacked_restore_throttle": 1,
                                  "unacked_restore_interval": max(1.0, min(10.0, visibility_timeout / 10))},
    )

    class JourneyTask(Task):
        def on_failure(self, exc: Exception, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
            """Past its hard time limit or broken: the journey is saved as a crash with the steps it logged."""
            out, *names = args[:5]
            key = WorkItem(*names).key
            with contextlib.suppress(RuntimeError, OSError):
                run = RunDir(out)
                if not run.is_saved(key):
                    run.interrupted(key, f"the worker stopped it ({type(exc).__name__}: {exc})")

    app.task(name=TASK, base=JourneyTask, bind=True)(run_work_item)
    return app


def save_suite(suite: Suite, out: Path) -> None:
    """The suite, where every worker reads it: the run folder is trusted like the evidence it holds."""
    write_atomic(out / SUITE_FILE, base64.b64encode(pickle.dumps(suite)).decode("ascii"))


_suites: dict[str, Suite] = {}
_browser: list[Browser] = []
_stack = ExitStack()


def _suite(out: str) -> Suite:
    if out not in _suites:
        _suites[out] = pickle.loads(base64.b64decode((Path(out) / SUITE_FILE).read_text(encoding="ascii")))
    return _suites[out]


def _browser_now() -> Browser:
    """This process's browser: launched on its first journey, replaced when it died."""
    from audits.gather.browser import launch

    if not _browser:
        _browser.append(_stack.enter_context(launch()))
    _browser[0], _ = fresh_browser(_browser[0], 0, RECYCLE_AFTER)  # recycled with the process (max tasks per child)
    return _browser[0]


def _redis(broker: str) -> Any:
    """A client of the broker when it is Redis (it holds the journeys running), else None."""
    if not broker.startswith(("redis://", "rediss://")):
        return None
    import redis

    return redis.Redis.from_url(broker)


def _held(client: Any, name: str, seconds: float) -> int:
    """0 when this worker may run the journey (it now holds it); else the seconds another one still holds it.

    The hold lapses at the journey's hard time limit, so a journey whose worker died runs again after it.
    Without Redis nothing is held: two workers may run a journey given twice.
    """
    if client is None or client.set(name, "1", nx=True, ex=max(1, int(seconds))):
        return 0
    return max(1, int(client.ttl(name)))


def run_work_item(task: Any, out: str, site: str, journey: str, persona: str, repeat: int,
                  polite: tuple[str, int, float] | None = None) -> str:
    """The task: run one work item into the run folder `out`, unless it is saved or running elsewhere.

    `polite` is (host, per_host, gap) when the item's host is real: it waits its turn on the broker.
    """
    from audits.run.executors import run_item
    from audits.run.politeness import release_shared, take_shared

    item = WorkItem(site, journey, persona, repeat)
    if RunDir(out).is_saved(item.key):
        return "saved already"
    suite = _suite(out)
    limit = item_limit(suite, item)
    client, name = _redis(str(task.app.conf.broker_url or "")), f"friction:running:{out}:{item.key}"
    if held := _held(client, name, limit):
        raise task.retry(countdown=held + 1, max_retries=None)  # look again once the other's hold lapses
    try:
        if client is not None and polite and not take_shared(client, polite[0], name, polite[1], polite[2], limit):
            raise task.retry(countdown=max(polite[2], 1.0), max_retries=None)  # the host is busy: wait a turn
        return run_item(_browser_now(), suite, item, Path(out)).outcome or ""
    finally:
        if client is not None:
            client.delete(name)
            if polite:
                release_shared(client, polite[0], name)


def send(app: Celery, suite: Suite, item: WorkItem, out: Path, polite: tuple[str, int, float] | None) -> None:
    app.send_task(TASK, args=[str(out), item.site, item.journey, item.persona, item.repeat, polite],
                  time_limit=item_limit(suite, item), queue=QUEUE)


def work(broker: str, concurrency: int = 1, visibility_timeout: float = DEFAULT_VISIBILITY_TIMEOUT,
         recycle: int = RECYCLE_AFTER, say: Callable[[str], None] = print) -> int:
    """`friction worker`: take journeys from the broker until stopped; returns the exit code."""
    app = make_app(broker, visibility_timeout)
    # Pool processes fork from this one, which never starts Playwright; each is replaced, browser and
    # all, after `recycle` journeys.
    app.conf.update(worker_pool="prefork", worker_max_tasks_per_child=recycle)
    say(f"friction worker: {concurrency} process(es) taking journeys from {broker}")
    worker = app.Worker(hostname=f"friction-{os.getpid()}@{socket.gethostname()}", concurrency=concurrency,
                        queues=[QUEUE], loglevel="INFO", without_gossip=True, without_mingle=True,
                        without_heartbeat=True)
    worker.start()
    return int(worker.exitcode or 0)
