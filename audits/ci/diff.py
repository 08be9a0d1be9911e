"""A run against a baseline result.json: what changed per journey, and which changes are regressions.

A regression is an outcome that got worse (the outcome ranks of audits/vocab.py) or a number worse than
the baseline by more than the suite's tolerance (`assert: tolerance:`, docs/ci.md). Everything
else that changed (reason, every metric's delta, findings that appeared or vanished, phone
numbers) is listed but does not fail the build. A flaky journey's regressions are reported,
not counted.
"""

from __future__ import annotations

import json
from pathlib import Path

from audits.ci.assertions import METRICS, Tolerance
from audits.model import JourneyChange, JourneyResult, MetricChange, RunDiff, RunResult
from audits.vocab import audited, rank

# Whole-number metrics: any change to them is a change worth listing. Timings always move a
# little, so they only count as a change when beyond the tolerance.
COUNTED = ("score", "clicks", "pages", "backtracks", "fields", "required_fields", "options", "overlays")


class BaselineError(ValueError):
    """A baseline that cannot be read."""


def load_result(path: str | Path) -> RunResult:
    """A result.json, or a run directory holding one."""
    path = Path(path)
    if path.is_dir():
        path = path / "result.json"
    try:
        return RunResult.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such result.json") from None
    except (ValueError, OSError) as error:
        raise BaselineError(f"{path}: not a friction result.json ({str(error).splitlines()[0]})") from None


def _failing(journey: JourneyResult) -> set[str]:
    return {f.id for f in journey.findings if not f.passed and not f.error}


def _phones(journey: JourneyResult) -> set[str]:
    return {p.e164 for p in journey.phones}


def _tolerance_text(tolerance: Tolerance, name: str) -> str:
    rule = getattr(tolerance, name)
    return "off" if rule == "off" else f"{rule}" if isinstance(rule, str) else f"{rule:g}"


def compare_journey(before: JourneyResult, after: JourneyResult, tolerance: Tolerance) -> JourneyChange:
    change = JourneyChange(
        site=after.site, journey=after.id, persona=after.persona,
        outcome_before=before.outcome, outcome_after=after.outcome,
        reason_before=before.reason, reason_after=after.reason, flaky=after.flaky or before.flaky,
    )
    if not (audited(before.outcome) and audited(after.outcome)):
        # One side never saw the site: there is nothing to compare, and no regression to count.
        change.status = "changed" if before.outcome != after.outcome else "unchanged"
        return change
    if rank(after.outcome) > rank(before.outcome):
        change.regressions.append(f"outcome {before.outcome} → {after.outcome}"
                                  + (f" ({after.reason})" if after.reason else ""))
    changed = before.outcome != after.outcome or before.reason != after.reason
    for name in ("score", *METRICS):
        old = float(before.score if name == "score" else getattr(before.effort, name))
        new = float(after.score if name == "score" else getattr(after.effort, name))
        worse = not tolerance.allows(name, old, new)
        metric = MetricChange(name=name, before=old, after=new, delta=round(new - old, 2),
                              tolerance=_tolerance_text(tolerance, name), regression=worse)
        change.metrics.append(metric)
        if worse:
            change.regressions.append(f"{name.replace('_', ' ')} {old:g} → {new:g} "
                                      f"(tolerance {metric.tolerance})")
        changed = changed or worse or (name in COUNTED and old != new)
    failing_before, failing_after = _failing(before), _failing(after)
    change.findings_appeared = sorted(failing_after - failing_before)
    change.findings_vanished = sorted(failing_before - failing_after)
    phones_before, phones_after = _phones(before), _phones(after)
    change.phones_appeared = sorted(phones_after - phones_before)
    change.phones_vanished = sorted(phones_before - phones_after)
    changed = changed or bool(change.findings_appeared or change.findings_vanished
                              or change.phones_appeared or change.phones_vanished)
    change.status = "changed" if changed else "unchanged"
    return change


def compare(baseline: RunResult, current: RunResult, tolerance: Tolerance | None = None) -> RunDiff:
    """Every journey of either run, matched by (site, journey, persona)."""
    tolerance = tolerance or Tolerance()
    old = {(j.site, j.id, j.persona): j for j in baseline.journeys}
    diff = RunDiff(baseline_started_at=baseline.started_at, baseline_tool_version=baseline.tool_version,
                   score_before=baseline.score, score_after=current.score)
    seen = set()
    for journey in current.journeys:
        key = (journey.site, journey.id, journey.persona)
        seen.add(key)
        if key in old:
            diff.journeys.append(compare_journey(old[key], journey, tolerance))
        else:
            diff.journeys.append(JourneyChange(site=journey.site, journey=journey.id, persona=journey.persona,
                                               status="new", outcome_after=journey.outcome,
                                               reason_after=journey.reason, flaky=journey.flaky))
    for key, journey in old.items():
        if key not in seen:
            diff.journeys.append(JourneyChange(site=journey.site, journey=journey.id, persona=journey.persona,
                                               status="removed", outcome_before=journey.outcome,
                                               reason_before=journey.reason))
    return diff


def describe(change: JourneyChange) -> list[str]:
    """Plain-text lines about one journey's change (terminal, annotations)."""
    label = f"{change.site} / {change.journey} [{change.persona}]"
    if change.status == "new":
        return [f"{label}: new journey, {change.outcome_after}"]
    if change.status == "removed":
        return [f"{label}: no longer run (was {change.outcome_before})"]
    parts = []
    if change.outcome_before != change.outcome_after or change.reason_before != change.reason_after:
        before = (change.outcome_before or "") + (f" ({change.reason_before})" if change.reason_before else "")
        after = (change.outcome_after or "") + (f" ({change.reason_after})" if change.reason_after else "")
        parts.append(f"outcome {before} → {after}")
    for metric in change.metrics:
        if metric.regression or (metric.name in COUNTED and metric.delta):
            parts.append(f"{metric.name.replace('_', ' ')} {metric.before:g} → {metric.after:g} "
                         f"({metric.delta:+g})")
    if change.findings_appeared:
        parts.append("new findings: " + ", ".join(change.findings_appeared))
    if change.findings_vanished:
        parts.append("findings gone: " + ", ".join(change.findings_vanished))
    if change.phones_vanished:
        parts.append("phone numbers gone: " + ", ".join(change.phones_vanished))
    if change.phones_appeared:
        parts.append("new phone numbers: " + ", ".join(change.phones_appeared))
    return [f"{label}: " + "; ".join(parts or ["unchanged"])]
