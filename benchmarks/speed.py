"""Speed benchmark: what a page, a screenshot and a goal-seeking journey cost on the zoo."""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from audits.demo.server import ZOO, serve
from audits.gather.browser import launch, new_context
from audits.gather.recorder import FACT_LIMITS, FACTS_JS
from audits.run.pipeline import audit
from audits.scenario import PersonaSpec

SITES = ("skyway-air", "harborbank", "cookiejar", "comcastic")
GOALS = ["find-phone", "reach-support", "sign-up"]


def _ms(samples: list[float]) -> str:
    return f"median {statistics.median(samples) * 1000:.0f} ms, max {max(samples) * 1000:.0f} ms"


def page_costs(browser: object, url: str, repeats: int) -> dict[str, list[float]]:
    """Load, read facts from and photograph one page, `repeats` times."""
    context = new_context(browser, PersonaSpec(id="new-desktop"), start_url=url)  # type: ignore[arg-type]
    page = context.new_page()
    costs: dict[str, list[float]] = {"load": [], "facts": [], "screenshot": [], "html": []}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(repeats):
            started = time.perf_counter()
            page.goto(url, wait_until="load")
            costs["load"].append(time.perf_counter() - started)
            started = time.perf_counter()
            page.evaluate(FACTS_JS, FACT_LIMITS)
            costs["facts"].append(time.perf_counter() - started)
            started = time.perf_counter()
            page.screenshot(path=str(Path(folder) / "x.jpg"), type="jpeg", quality=70)
            costs["screenshot"].append(time.perf_counter() - started)
            started = time.perf_counter()
            page.content()
            costs["html"].append(time.perf_counter() - started)
    context.close()
    return costs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=10, help="page loads per measurement")
    args = parser.parse_args()
    with serve(ZOO) as zoo, launch() as browser, tempfile.TemporaryDirectory() as out:
        for name, samples in page_costs(browser, zoo.url("harborbank", "/contact"), args.repeats).items():
            print(f"per page, {name:<10}: {_ms(samples)}")
        for slug in SITES:
            started = time.perf_counter()
            result = audit(zoo.url(slug), Path(out) / slug, GOALS, ["new-desktop"], browser=browser)
            seconds = time.perf_counter() - started
            pages = sum(j.effort.pages for j in result.journeys)
            print(f"audit {slug:<12}: {seconds:5.1f} s for 3 journeys, {pages} pages "
                  f"({seconds / max(pages, 1) * 1000:.0f} ms a page)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: python {peak:.0f} MiB, largest child process {children:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
