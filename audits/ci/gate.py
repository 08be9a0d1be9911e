"""The CI gate: fold repeated runs, apply `assert:`, compare with the baseline, attach history.

Everything here works from the run directory alone (evidence.json, baseline.json,
history.json), so `friction report DIR` reproduces what `friction run` decided.
Exit code: 2 when an `error` assertion failed or a non-flaky journey regressed; else 1 when a
journey could not reach its site (outcome `error`: not friction, the audit's own failure); else 0.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audits.ci.assertions import AssertConfig, evaluate
from audits.ci.diff import compare, load_result
from audits.ci.repeat import aggregate
from audits.files import write_atomic
from audits.model import RunResult, TrendPoint
from audits.vocab import audited

BASELINE = "baseline.json"
HISTORY = "history.json"
EXIT_OK, EXIT_TOOL, EXIT_FRICTION = 0, 1, 2


def keep_baseline(baseline: str | Path, root: str | Path) -> Path:
    """Copy the baseline result.json into the run directory (validated first)."""
    source = Path(baseline)
    load_result(source)
    target = Path(root) / BASELINE
    if source.is_dir():
        source = source / "result.json"
    if source.resolve() != target.resolve():
        write_atomic(target, source.read_text(encoding="utf-8"))
    return target


def keep_history(points: list[TrendPoint], root: str | Path) -> None:
    write_atomic(Path(root) / HISTORY, json.dumps([p.to_dict() for p in points], indent=1))


def finish(result: RunResult, meta: dict[str, Any], root: str | Path) -> RunResult:
    """The judged run with repeats folded, assertions evaluated, diff and history attached."""
    root = Path(root)
    result = aggregate(result)
    config = AssertConfig.model_validate(meta.get("assertions") or {})
    result.assertion_results = evaluate(config, result)
    if (root / BASELINE).is_file():
        result.diff = compare(load_result(root / BASELINE), result, config.tolerance)
    if (root / HISTORY).is_file():
        data = json.loads((root / HISTORY).read_text(encoding="utf-8"))
        result.history = [TrendPoint.model_validate(p) for p in data]
    return result


@dataclass
class Verdict:
    """What the build should say: counts, and the exit code."""

    errors: int
    warnings: int
    passed: int
    regressions: int
    flaky: int
    unaudited: int = 0  # journeys that never reached their site

    @property
    def exit_code(self) -> int:
        if self.errors or self.regressions:
            return EXIT_FRICTION
        return EXIT_TOOL if self.unaudited else EXIT_OK

    def line(self) -> str:
        parts = [f"{self.errors} failed assertion(s)", f"{self.warnings} warning(s)", f"{self.passed} passed"]
        if self.regressions:
            parts.append(f"{self.regressions} regression(s)")
        if self.flaky:
            parts.append(f"{self.flaky} flaky journey(s)")
        if self.unaudited:
            parts.append(f"{self.unaudited} journey(s) could not reach the site")
        verdict = {EXIT_FRICTION: "FAIL", EXIT_TOOL: "ERROR"}.get(self.exit_code, "PASS")
        return f"{verdict}: " + ", ".join(parts)


def verdict(result: RunResult) -> Verdict:
    failed = [a for a in result.assertion_results if not a.passed]
    return Verdict(
        errors=sum(1 for a in failed if a.level == "error"),
        warnings=sum(1 for a in failed if a.level == "warn"),
        passed=sum(1 for a in result.assertion_results if a.passed),
        regressions=len(result.diff.regressions) if result.diff else 0,
        flaky=sum(1 for j in result.journeys if j.flaky),
        unaudited=sum(1 for j in result.journeys if not audited(j.outcome)),
    )


def exit_code(result: RunResult) -> int:
    return verdict(result).exit_code
