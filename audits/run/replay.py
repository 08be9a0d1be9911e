"""`friction replay RUNDIR`: the same journeys again, every request answered from the run's HARs, none from the web."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from audits.gather.tracing import har_file
from audits.model import RunResult
from audits.run.pipeline import Progress, run_suite
from audits.run.plan import plan
from audits.run.rundir import EVIDENCE
from audits.scenario import ScenarioError, Suite, parse_suite, suite_for_url

if TYPE_CHECKING:
    from playwright.sync_api import Browser

RECORD_HINT = "record it with `--trace on` so every journey keeps its HAR"


def _manifest(root: Path) -> dict[str, Any]:
    path = root / EVIDENCE
    if not path.is_file():
        raise ScenarioError([f"{root}: no {EVIDENCE} here; expected a run directory made by `friction run`"])
    meta: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return meta


def rebuild(meta: dict[str, Any], where: Path) -> Suite:
    """The suite a run was made from, built again from the recipe its manifest keeps."""
    recipe = meta.get("recipe") or {}
    if "suite" in recipe:
        return parse_suite(recipe["suite"], recipe.get("source") or "<suite>")
    if "audit" in recipe:
        audit = recipe["audit"]
        return suite_for_url(audit["url"], audit["goals"], audit.get("personas"), **audit.get("options") or {})
    raise ScenarioError([f"{where / EVIDENCE}: this run does not say which suite made it (made by an older "
                         f"friction); run it again and {RECORD_HINT}"])


def replay(recorded: str | Path, out: str | Path, progress: Progress | None = None,
           browser: Browser | None = None, trace: Literal["on", "off", "failed"] = "off") -> RunResult:
    """Run the recorded run's journeys again offline into `out`, diffed against the recorded result."""
    root = Path(recorded).resolve()
    meta = _manifest(root)
    suite = rebuild(meta, root)
    runs = int(meta.get("runs") or 1)
    missing = [item.key for item in plan(suite, runs) if not har_file(root, item.key).is_file()]
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise ScenarioError([f"{root}: no HAR for {shown}; a replay needs one per journey: {RECORD_HINT}"])
    suite.options.replay, suite.options.trace = str(root), trace
    baseline = root / "result.json"
    return run_suite(suite, out, progress, browser=browser, runs=runs,
                     baseline=baseline if baseline.is_file() else None)
