"""What the egress guard costs a page load: the same zoo pages loaded in a plain context and in friction's.

Three contexts of the same device, used in turn (A B C, then B C A, ...) so the machine's load falls on
each: a plain one, as a script written by hand opens; friction's with its guard on each request (a route,
a trip through Python per request); and friction's with its check of each redirect too (a DevTools
pause of each response, another trip), as every journey's page has. Prints each context's median load.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from audits.demo.server import ZOO, serve
from audits.gather.browser import device_options, launch, new_context
from audits.gather.egress import new_page
from audits.scenario import PersonaSpec

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

PATHS = ("/", "/personal", "/business", "/contact")
REQUESTS_JS = "performance.getEntriesByType('resource').length + 1"


def plain(browser: Browser, url: str) -> Page:
    return browser.new_context(**device_options("desktop")).new_page()


def _guarded(browser: Browser, url: str) -> BrowserContext:
    return new_context(browser, PersonaSpec(id="new-desktop"), start_url=url)


def requests_guarded(browser: Browser, url: str) -> Page:
    return _guarded(browser, url).new_page()


def friction(browser: Browser, url: str) -> Page:
    return new_page(_guarded(browser, url))


CONTEXTS: dict[str, Callable[[Browser, str], Page]] = {
    "plain context (a script by hand)": plain,
    "guard on each request": requests_guarded,
    "guard on each request and redirect (friction's)": friction,
}


def loads(page: Page, url: str, repeats: int) -> list[float]:
    """Milliseconds for each load of the site's pages, `repeats` times over."""
    times = []
    for path in PATHS * repeats:
        started = time.perf_counter()
        page.goto(url.rstrip("/") + path, wait_until="load")
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", default="harborbank", help="a zoo site with the pages " + ", ".join(PATHS))
    parser.add_argument("--rounds", type=int, default=6, help="rounds over the three contexts")
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name in CONTEXTS}
    names = list(CONTEXTS)
    with serve(ZOO) as zoo, launch() as browser:
        url = zoo.url(args.site)
        for round_ in range(args.rounds):
            for name in names[round_ % 3:] + names[:round_ % 3]:
                page = CONTEXTS[name](browser, url)
                page.goto(url, wait_until="load")  # the context's first load starts its renderer: not counted
                times[name] += loads(page, url, 3)
                requests = page.evaluate(REQUESTS_JS)
                page.context.close()
    base = statistics.median(times[names[0]])
    print(f"{args.site}: {requests} requests a page, {len(times[names[0]])} loads a context")
    for name, measured in times.items():
        median = statistics.median(measured)
        print(f"{median:7.1f} ms  (+{median - base:5.1f})  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
