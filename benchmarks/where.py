"""Where a journey's time goes: each call friction makes into the browser, totalled by call and caller.

Runs one zoo journey (after one run to warm the browser and Python's caches) with a timer around
every Playwright call friction makes (page loads, screenshots, clicks, DevTools calls), then prints
the totals by call and by the friction function that made it, and the time spent in Python between
calls (judging, writing the step log). A call inside another call (a DevTools answer while a page
loads) is not counted twice.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import _generated as api

from audits.demo.server import ZOO, serve
from audits.gather.browser import launch
from audits.run.pipeline import audit
from audits.run.rundir import load_evidence

TIMED = ((api.Browser, "new_context"), (api.BrowserContext, "new_page"), (api.BrowserContext, "close"),
         (api.BrowserContext, "new_cdp_session"), (api.Page, "goto"), (api.Page, "screenshot"),
         (api.Page, "wait_for_load_state"), (api.Page, "wait_for_timeout"), (api.Page, "evaluate"),
         (api.Locator, "click"), (api.Locator, "hover"), (api.CDPSession, "send"))
HELPERS = ("script.py",)  # friction's way into the page: the caller named is the one that used it
Call = tuple[float, float, str]  # start, seconds, what (the call, a DevTools method, the friction caller)


def timed(owner: type, name: str, calls: list[Call]) -> None:
    """Put a timer around `owner.name` that notes each call in `calls`."""
    method: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            detail = f" {args[1]}" if name == "send" and len(args) > 1 else ""
            caller = next((f"{Path(f.filename).stem}.{f.name}" for f in reversed(traceback.extract_stack()[:-1])
                           if "/audits/" in f.filename and not f.filename.endswith(HELPERS)), "?")
            calls.append((started, time.perf_counter() - started, f"{owner.__name__}.{name}{detail} <- {caller}"))

    setattr(owner, name, wrapper)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", help="a zoo site, e.g. harborbank")
    parser.add_argument("goal", help="a goal, e.g. sign-up")
    parser.add_argument("--axe", action="store_true", help="with the accessibility checks on clicks (the default run)")
    parser.add_argument("--top", type=int, default=20, help="how many lines of totals")
    args = parser.parse_args()
    calls: list[Call] = []
    options = {"accessibility": args.axe, "trace": "off"}
    with serve(ZOO) as zoo, launch() as browser, tempfile.TemporaryDirectory() as tmp:
        audit(zoo.url(args.site), Path(tmp) / "warm", [args.goal], ["new-desktop"], browser=browser, store=None,
              options=options)
        for owner, name in TIMED:
            timed(owner, name, calls)
        started = time.perf_counter()
        audit(zoo.url(args.site), Path(tmp) / "run", [args.goal], ["new-desktop"], browser=browser, store=None,
              options=options)
        whole = time.perf_counter() - started
        evidence = load_evidence(Path(tmp) / "run")[1][0]
    totals: dict[str, list[float]] = defaultdict(list)
    end = started
    between = 0.0
    for start, seconds, what in sorted(calls):
        if start < end:
            continue  # made while another call was waiting (an event handler's answer)
        between += start - end
        end = start + seconds
        totals[what].append(seconds)
    print(f"{args.site} {args.goal}: {len(evidence.steps)} steps, journey {evidence.wall_seconds:.2f} s, "
          f"audit {whole:.2f} s; in Python between calls {between * 1000:.0f} ms")
    for what, times in sorted(totals.items(), key=lambda item: -sum(item[1]))[:args.top]:
        print(f"{sum(times) * 1000:8.1f} ms {len(times):4d} x {sum(times) * 1000 / len(times):6.1f} ms  {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
