"""A journey's deadline while a browser call is in flight: past it, the browser is stopped and replaced.

A page can hang a call that has no timeout of its own (reading the page while its script loops, a
title that never answers). Playwright's sync objects belong to the thread that made them, so the
watchdog does not call them: it kills this process's Chromium, which makes the hung call fail at
once; the journey ends `failed/timeout` and the executor launches a new browser for the next one.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from pathlib import Path

# Time past a journey's own budget before the browser is stopped (the last step may be finishing):
# a quarter of the budget, within these bounds.
GRACE_SECONDS = (5.0, 30.0)


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = (task / "children").read_text().split() if (task / "children").exists() else []
        found += [int(child) for child in children]
    return found


def _browsers_of(pid: int) -> list[int]:
    """Chromium's main processes among `pid`'s descendants (renderers and helpers die with them)."""
    browsers, queue = [], _children(pid)
    while queue:
        child = queue.pop()
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"chrom" in command[0].lower() and not any(arg.startswith(b"--type=") for arg in command):
            browsers.append(child)
        else:
            queue += _children(child)
    return browsers


class Watchdog:
    """Fires once, `seconds` after start, unless stopped first; `fired` says whether it did."""

    def __init__(self, seconds: float) -> None:
        self.fired = False
        grace = min(max(seconds / 4, GRACE_SECONDS[0]), GRACE_SECONDS[1])
        self._timer = threading.Timer(seconds + grace, self._stop_browser)
        self._timer.daemon = True

    def __enter__(self) -> Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def _stop_browser(self) -> None:
        self.fired = True
        for pid in _browsers_of(os.getpid()):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
