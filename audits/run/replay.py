"""`friction replay RUNDIR`: the same journeys again, every request answered from the run's HARs, none from the web."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from audits.gather.tracing import har_file
from audits.model import RunResult
from audits.run.pipeline import Progress, run_suite
from audits.run.plan import plan
from audits.run.recipe import rebuild
from audits.run.rundir import EVIDENCE
from audits.scenario import ScenarioError

if TYPE_CHECKING:
    from playwright.sync_api import Browser

RECORD_HINT = "record it with `--trace on` so every journey keeps its HAR"


def replay(recorded: str | Path, out: str | Path, progress: Progress | None = None,
           browser: Browser | None = None, trace: Literal["on", "off", "failed"] = "off") -> RunResult:
    """Run the recorded run's journeys again offline into `out`, diffed against the recorded result."""
    root = Path(recorded).resolve()
    if not (root / EVIDENCE).is_file():
        raise ScenarioError([f"{root}: no {EVIDENCE} here; expected a run directory made by `friction run`"])
    suite = rebuild(root, RECORD_HINT)
    runs = int(json.loads((root / EVIDENCE).read_text(encoding="utf-8")).get("runs") or 1)
    missing = [item.key for item in plan(suite, runs) if not har_file(root, item.key).is_file()]
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise ScenarioError([f"{root}: no HAR for {shown}; a replay needs one per journey: {RECORD_HINT}"])
    suite.options.replay, suite.options.trace = str(root), trace
    baseline = root / "result.json"
    return run_suite(suite, out, progress, browser=browser, runs=runs,
                     baseline=baseline if baseline.is_file() else None)
