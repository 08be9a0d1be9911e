"""What broke a page, named: the reason code for the error a step recorded, and the words for the faults we detect."""

from __future__ import annotations

import re

from audits.gather.egress import REASON_CODE as REFUSED
from audits.gather.egress import is_refused

# Errors of our own making (the driver's words for what a page did), each named once here.
LOOPED = "the page kept loading itself"
DOWNLOADED = "gave a file to download instead of a page"
DIALOG_STORM = "the page kept opening dialog boxes"
CLOSED = "the page closed its own window"
CLOSE_TRIED = "the page tried to close its own window"
MEMORY = "MB of script memory"
NO_ANSWER = "never answered"
BUSY = "a script on the page kept it from answering"
# A step that could not act on the page is no fault of a page load.
ACTION_ERRORS = ("click failed", "hover failed", "could not close the overlay")
# Chromium's codes for a server no connection could be made to (its name, its address).
UNREACHABLE = "NAME_NOT_RESOLVED|NAME_RESOLUTION_FAILED|CONNECTION_REFUSED|ADDRESS_UNREACHABLE"

REASON_BY_ERROR: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"ERR_TOO_MANY_REDIRECTS|{LOOPED}"), "loop"),
    (re.compile(rf"Download is starting|{DOWNLOADED}"), "download"),
    (re.compile(DIALOG_STORM), "dialog-storm"),
    (re.compile(rf"{CLOSED}|Target page, context or browser has been closed"), "page-closed"),
    (re.compile(MEMORY), "memory"),
    (re.compile(BUSY), "unresponsive"),
    (re.compile(rf"Timeout \d+ms exceeded|{NO_ANSWER}|net::ERR_TIMED_OUT|net::ERR_CONNECTION_TIMED_OUT"), "timeout"),
    (re.compile(rf"net::ERR_({UNREACHABLE}|ADDRESS_INVALID|INTERNET_DISCONNECTED)"), "no-connection"),
    (re.compile(r"net::ERR_|the browser could not load"), "network-error"),
    (re.compile(r"^HTTP \d{3}\b"), "http-error"),
)


# Errors that say no connection to the server could be made (its name, its address, its port): any other
# address on the same server would fail the same way.
SERVER_DOWN = re.compile(rf"net::ERR_({UNREACHABLE}|CONNECTION_TIMED_OUT|UNSAFE_PORT)")


def server_down(error: str | None) -> bool:
    """Whether a failed load says its whole server is out of reach, not only the page."""
    return error is not None and SERVER_DOWN.search(error) is not None


def load_reason(error: str | None) -> str | None:
    """The reason code for a step's error when it names a fault of the page or the network; None otherwise."""
    if not error or error.startswith(ACTION_ERRORS):
        return None
    if is_refused(error):  # whatever else the error says, the egress policy stopped the load
        return REFUSED
    return next((reason for pattern, reason in REASON_BY_ERROR if pattern.search(error)), None)
