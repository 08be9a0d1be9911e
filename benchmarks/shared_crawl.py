"""Shared crawl benchmark: one crawl for three goals against three crawls, pages fetched and wall time, A B A B."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout: `python benchmarks/shared_crawl.py`
    sys.path.insert(0, str(ROOT))

from audits.demo.server import ZOO, Zoo, serve  # noqa: E402
from audits.gather.browser import launch  # noqa: E402
from audits.run.pipeline import run_suite  # noqa: E402
from audits.run.rundir import load_evidence  # noqa: E402
from audits.scenario import suite_for_url  # noqa: E402

SITES = ("skyway-air", "harborbank", "cookiejar", "comcastic")
GOALS = ["find-phone", "reach-support", "sign-up"]
PERSONA = "new-desktop"
MODES = {"A": False, "B": True}  # A: a crawl per goal; B: one crawl shared by the goals


@dataclass
class Round:
    mode: str
    pages: int
    seconds: float
    outcomes: list[str]
    from_model: int


def served(zoo: Zoo) -> int:
    """Pages the zoo's servers rendered so far (every site, second origins included)."""
    return sum(sum(site.hits.values()) for site in zoo.sites.values())


def one_round(zoo: Zoo, browser: object, mode: str, out: Path) -> Round:
    """Every site's three goals, as one persona, with the shared crawl off (A) or on (B)."""
    pages_before, started = served(zoo), time.perf_counter()
    outcomes, recalled = [], 0
    for slug in SITES:
        suite = suite_for_url(zoo.url(slug), GOALS, [PERSONA], shared_crawl=MODES[mode])
        result = run_suite(suite, out / f"{mode}-{slug}", reporters=(), browser=browser)  # type: ignore[arg-type]
        for journey in result.journeys:
            outcomes.append(f"{slug} {journey.goal} {journey.outcome} {journey.effort.clicks}")
        _, evidence = load_evidence(out / f"{mode}-{slug}")
        recalled += sum(1 for journey in evidence for step in journey.steps if step.from_model)
    return Round(mode, served(zoo) - pages_before, time.perf_counter() - started, outcomes, recalled)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2, help="A B pairs to run (default 2: A B A B)")
    args = parser.parse_args(argv)
    rounds: list[Round] = []
    with tempfile.TemporaryDirectory(prefix="friction-shared-") as tmp, serve(ZOO) as zoo, launch() as browser:
        for number in range(args.rounds):
            for mode in MODES:
                rounds.append(one_round(zoo, browser, mode, Path(tmp) / str(number)))
                last = rounds[-1]
                print(f"{mode}: {last.pages} pages served, {last.seconds:.1f} s, "
                      f"{last.from_model} steps from the site model", flush=True)
    by_mode = {mode: [r for r in rounds if r.mode == mode] for mode in MODES}
    pages = {mode: statistics.median(r.pages for r in rs) for mode, rs in by_mode.items()}
    seconds = {mode: statistics.median(r.seconds for r in rs) for mode, rs in by_mode.items()}
    same = all(r.outcomes == rounds[0].outcomes for r in rounds)
    print(f"{len(SITES)} sites x {len(GOALS)} goals, {PERSONA}, {args.rounds} rounds A B")
    print(f"pages fetched: a crawl per goal {pages['A']:.0f}, one shared crawl {pages['B']:.0f} "
          f"({pages['B'] / pages['A']:.2f}x)")
    print(f"wall time:     a crawl per goal {seconds['A']:.1f} s, one shared crawl {seconds['B']:.1f} s "
          f"({seconds['B'] / seconds['A']:.2f}x)")
    print(f"outcomes and clicks identical in every round: {'yes' if same else 'NO'}")
    if not same:
        for a, b in zip(rounds[0].outcomes, rounds[1].outcomes, strict=False):
            if a != b:
                print(f"  A: {a}  /  B: {b}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
