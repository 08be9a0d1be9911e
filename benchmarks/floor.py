"""Journey time against the floor: a hand-written Playwright script visiting the same pages.

For each zoo site and goal, friction runs the goal-seeking journey; the floor then opens the same URLs in
the same order in a fresh context and takes the same screenshots, nothing else. The same URLs begin with the
two friction reads before its first step (robots.txt, then the sitemap it names or /sitemap.xml: the zoo's
sites have neither, so both are 404s, as for friction). A step friction took from its site model (going back
to a page it had read) loads nothing unless friction had to bring the page back to act on it; the floor
loads it in the same cases (`--every-step`: always, as a script replaying the path step by step would).
`--reading`: the floor also reads each page it loads as the field set's naive peer does (its text, links and
form fields in one call), the least a script seeking a goal must do on a page. The floor's context passes
its requests through friction's egress guard (`--guarded`: its redirects too; `--plain`: neither, as a
script written by hand). Both run in one browser already started, alternately (A B A B), so the machine's
load falls on both.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from audits.demo.server import ZOO, serve
from audits.gather.browser import device_options, launch, new_context
from audits.gather.driver import Driver
from audits.gather.egress import new_page
from audits.model import JourneyEvidence, StepRecord
from audits.run.pipeline import audit
from audits.run.rundir import load_evidence
from audits.scenario import PersonaSpec

if TYPE_CHECKING:
    from playwright.sync_api import Browser

SITES = ("skyway-air", "harborbank", "cookiejar", "comcastic", "kiezrad", "wrenfield")
GOALS = ("find-phone", "reach-support", "sign-up")
# What the field set's naive peer (../shared/field/naive_baseline.py) reads on each page it renders.
NAIVE_READ = """() => ({
  text: document.body ? document.body.innerText : "",
  links: [...document.querySelectorAll('a[href]')].map(a => a.href),
  textarea: document.querySelectorAll('textarea').length,
  email: document.querySelectorAll('input[type=email], input[name*=mail i]').length,
  password: document.querySelectorAll('input[type=password]').length,
})"""


def friction_journey(browser: object, url: str, goal: str, out: Path,
                     options: dict[str, object]) -> tuple[JourneyEvidence, set[int]]:
    """The journey's evidence, and the steps taken from the site model whose page friction loaded again."""
    brought_back: set[int] = set()
    attach = Driver.attach

    def noted(driver: Driver, address: str) -> StepRecord | None:
        if driver.open is not None:
            brought_back.add(driver.open.index)
        return attach(driver, address)

    Driver.attach = noted  # type: ignore[method-assign,assignment]
    try:
        audit(url, out, [goal], ["new-desktop"], browser=browser, store=None, options=options)  # type: ignore[arg-type]
    finally:
        Driver.attach = attach  # type: ignore[method-assign]
    return load_evidence(out)[1][0], brought_back


def live(step: StepRecord, brought_back: set[int] | None) -> tuple[bool, bool]:
    """Whether friction loaded the step's page, and whether it photographed it then (a step from the site model
    keeps the earlier picture unless it was taken again: the file is named by the step that took it)."""
    if not step.from_model or brought_back is None:
        return True, bool(step.screenshot)
    again = step.index in brought_back
    return again, again and (step.screenshot or "").endswith(f"-{step.index}.jpg")


def floor(browser: Browser, evidence: JourneyEvidence, folder: Path, guard: str,
          brought_back: set[int] | None, reading: bool = False) -> float:
    """Seconds for a bare script: a context, robots.txt and the sitemap, the same pages in order, the same screenshots.

    `guard`: "requests", the context's requests pass friction's egress guard (`new_context` puts it in);
    "redirects", its check of each redirect too, which costs every response a trip through Python;
    "none", a plain context of the same device, as a script written by hand would open.
    """
    started = time.perf_counter()
    if guard == "none":
        context = browser.new_context(**device_options("desktop"))
    else:
        context = new_context(browser, PersonaSpec(id="new-desktop"), start_url=evidence.start_url)
    page = new_page(context) if guard == "redirects" else context.new_page()
    for path in ("/robots.txt", "/sitemap.xml"):
        page.goto(urljoin(evidence.start_url, path))
    for step in evidence.steps:
        loads, photographs = live(step, brought_back)
        if loads and step.url and step.url != page.url:
            try:
                page.goto(step.url, wait_until="load")
                if reading:
                    page.evaluate(NAIVE_READ)
            except Exception:  # an error page costs the floor what it cost friction: a try
                continue
        if photographs:
            page.screenshot(path=str(folder / "x.jpg"), type="jpeg", quality=70)
    context.close()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2, help="A B rounds per site and goal")
    parser.add_argument("--site", action="append", help="zoo sites (default: six of them)")
    parser.add_argument("--no-axe", action="store_true", help="journeys without the accessibility checks on clicks")
    guard = parser.add_mutually_exclusive_group()
    guard.add_argument("--guarded", dest="guard", action="store_const", const="redirects", default="requests",
                       help="the floor's redirects checked by the egress guard too, as friction's are")
    guard.add_argument("--plain", dest="guard", action="store_const", const="none",
                       help="the floor's context without the egress guard, as a script written by hand")
    parser.add_argument("--every-step", action="store_true",
                        help="the floor loads every step's page, also those friction took from its site model")
    parser.add_argument("--reading", action="store_true",
                        help="the floor reads each page it loads, as the field set's naive peer does")
    parser.add_argument("--trace", default="failed", choices=["on", "off", "failed"],
                        help="friction's --trace (default: failed, as the command line; the floor records none)")
    args = parser.parse_args()
    ratios: list[float] = []
    totals = [0.0, 0.0]
    with serve(ZOO) as zoo, launch() as browser, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for slug in args.site or SITES:
            for goal in GOALS:
                for round_ in range(args.rounds):
                    evidence, brought_back = friction_journey(
                        browser, zoo.url(slug), goal, folder / f"{slug}-{goal}-{round_}",
                        {"accessibility": not args.no_axe, "trace": args.trace})
                    bare = floor(browser, evidence, folder, args.guard, None if args.every_step else brought_back,
                                 args.reading)
                    ratios.append(evidence.wall_seconds / bare)
                    totals[0] += evidence.wall_seconds
                    totals[1] += bare
                    print(f"{slug:<12} {goal:<14} friction {evidence.wall_seconds:6.2f} s  floor {bare:6.2f} s  "
                          f"x{evidence.wall_seconds / bare:4.2f}  ({len(evidence.steps)} steps)", flush=True)
    print(f"journey / floor: median x{statistics.median(ratios):.2f}, time-weighted x{totals[0] / totals[1]:.2f} "
          f"over {len(ratios)} journeys")
    return 0


if __name__ == "__main__":
    sys.exit(main())
