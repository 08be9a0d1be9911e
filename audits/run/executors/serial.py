"""The serial executor: every work item in turn, in this process, in one browser."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from audits.gather.browser import launch, relaunch
from audits.run.executors import EXECUTORS, Events, Executor, run_item
from audits.run.plan import WorkItem
from audits.scenario import Suite

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@contextmanager
def _browser(shared: Browser | None) -> Iterator[Browser]:
    if shared is not None:
        yield shared  # the caller's to close
        return
    with launch() as browser:
        yield browser


@EXECUTORS.register("serial")
class SerialExecutor(Executor):
    """One item after the other, in the caller's browser or one launched for the run."""

    def __init__(self, browser: Browser | None = None) -> None:
        self.browser = browser

    def run(self, suite: Suite, items: Sequence[WorkItem], out: Path, events: Events) -> None:
        if not items:  # a resumed run with nothing left to do needs no browser
            return
        with _browser(self.browser) as browser:
            for item in items:
                if not browser.is_connected():  # stopped by a journey's watchdog, or crashed
                    browser = relaunch(browser)
                events.started(item)
                events.ended(item, run_item(browser, suite, item, out))
