"""Whether a journey reached the site at all: the start page, tried a few times before giving up on it."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from audits.model import Failure, StepRecord, failed_page_loads

START_TRIES = 3
RETRY_WAIT_SECONDS = 0.5
# Browser errors that say where the site stands, not that it cannot be reached: a customer meets them too.
SITE_ERRORS = ("ERR_TOO_MANY_REDIRECTS",)
NET_ERROR = re.compile(r"net::(ERR_[A-Z_]+)")


def _net_error(step: StepRecord) -> str | None:
    said = " ".join(filter(None, [step.error, step.facts.error_page if step.facts else None]))
    found = NET_ERROR.search(said)
    return found.group(1) if found and found.group(1) not in SITE_ERRORS else None


def _server_error(step: StepRecord) -> int | None:
    statuses = [r["status"] for r in failed_page_loads(step.failed_requests)] + [step.status or 0]
    return next((s for s in statuses if s >= 500), None)


def unreachable(step: StepRecord) -> str | None:
    """Why the start page never showed the site (no connection, no name, a server error), or None when it did."""
    if step.ok:
        return None
    net = _net_error(step)
    if net is not None:
        return f"net::{net}"
    status = _server_error(step)
    return f"HTTP {status}" if status is not None else None


def open_start(goto: Callable[[], StepRecord], tries: int = START_TRIES,
               wait: float = RETRY_WAIT_SECONDS) -> tuple[StepRecord, int]:
    """Load the start page, again after a pause while the site does not answer; the last step and the tries."""
    step = goto()
    tried = 1
    while tried < tries and unreachable(step):
        time.sleep(wait * tried)
        step = goto()
        tried += 1
    return step, tried


def could_not_reach(step: StepRecord, url: str, tries: int) -> Failure:
    """The failure that makes a journey `error`: not the site's friction, the audit's."""
    times = "once" if tries == 1 else f"{tries} times"
    detail = f"{url} did not answer ({unreachable(step)}; tried {times})"
    return Failure(reason="unreachable", detail=detail, step=step.index, url=url)
