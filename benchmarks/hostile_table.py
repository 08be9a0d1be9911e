"""The hostile-site suite once: fault -> outcome -> reason -> seconds, as a Markdown table (`--out FILE`)."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from audits.gather.browser import ARGS_ENV, launch
from audits.model import RunResult
from audits.run.pipeline import run_suite
from audits.scenario import parse_suite
from tests.sites.hostile import FAULTS, UNRESOLVED_RULE, BrowserMemory, Clock, serve, suite_yaml


def run(out: Path, seconds: float, only: list[str]) -> tuple[RunResult, Clock, float, float]:
    """The suite run into `out`: its result, each journey's seconds, the browser's peak resident MB, the wall time."""
    os.environ[ARGS_ENV] = f"{os.environ.get(ARGS_ENV, '')} {shlex.quote(UNRESOLVED_RULE)}".strip()
    faults = tuple(f for f in FAULTS if not only or f.id in only)
    with serve() as hostile, launch() as browser, BrowserMemory() as memory:
        started = time.monotonic()
        suite = parse_suite(suite_yaml(hostile, faults, seconds), "hostile.yaml")
        clock = Clock(echo=True)
        result = run_suite(suite, out, browser=browser, progress=clock)
        return result, clock, memory.peak_mb, time.monotonic() - started


def table(result: RunResult, clock: Clock, seconds: float) -> str:
    expected = {f.id: f for f in FAULTS}
    rows = ["| fault | what it does | outcome | reason | seconds | expected |",
            "| --- | --- | --- | --- | ---: | --- |"]
    for journey in result.journeys:
        fault = expected[journey.site]
        ok = (journey.outcome, journey.reason) == (fault.outcome, fault.reason)
        verdict = "yes" if ok else f"no ({fault.outcome}/{fault.reason})"
        rows.append(f"| {fault.id} | {fault.does} | {journey.outcome} | {journey.reason or '—'} "
                    f"| {clock.seconds[journey.site]:.1f} | {verdict} |")
    return "\n".join(rows) + f"\n\nBudget {seconds:g} s per journey.\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=30, help="each journey's budget")
    parser.add_argument("--out", type=Path, help="write the table here too")
    parser.add_argument("faults", nargs="*", help="only these faults")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        result, clock, peak, wall = run(Path(folder) / "run", args.seconds, args.faults)
        text = table(result, clock, args.seconds)
        text += f"Whole run {wall:.0f} s; browser resident memory at most {peak:.0f} MB.\n"
        for journey in result.journeys:
            print(journey.site, journey.outcome, journey.reason, journey.reason_detail[:200])
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
