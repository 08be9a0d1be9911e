"""CI conveniences: the gate on the terminal, GitHub's job summary and ::error / ::warning annotations.

Under GitHub Actions (GITHUB_ACTIONS=true) every failed assertion, regression and flaky
journey becomes an annotation; when GITHUB_STEP_SUMMARY is set the run's summary.md is
appended to it. Other CI systems read junit.xml from the run directory.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from audits.ci.diff import describe
from audits.ci.gate import verdict
from audits.model import AssertionResult, RunResult

Emit = Callable[[str, str], None]  # (style, plain text)


def _who(item: AssertionResult) -> str:
    return f"{item.site} / {item.journey} [{item.persona}]" if item.journey else "run"


def gate_lines(result: RunResult) -> list[tuple[str, str]]:
    """(style, text) lines for a terminal: failures, warnings, changes, flaky journeys, the verdict."""
    lines: list[tuple[str, str]] = []
    failed = [a for a in result.assertion_results if not a.passed]
    for item in failed:
        if item.name == "flaky" and item.level == "warn":
            continue  # said below, with each run's outcome
        tag = "error" if item.level == "error" else "warn"
        lines.append((tag, f"{tag.upper():>5} {item.message or item.name} [{item.source}]"))
    for journey in result.journeys:
        if journey.flaky:
            outcomes = ", ".join(r.outcome for r in journey.repeats)
            lines.append(("warn", f"FLAKY {journey.site} / {journey.id} [{journey.persona}]: "
                                  f"outcomes differ between {len(journey.repeats)} runs ({outcomes})"))
    if result.diff is not None:
        diff = result.diff
        lines.append(("info", f"diff against the baseline of {diff.baseline_started_at or 'an earlier run'}: "
                              f"score {diff.score_before} → {diff.score_after}, "
                              f"{len(diff.changed)} journey(s) changed, {len(diff.regressions)} regression(s)"))
        for change in diff.changed:
            tag = "error" if change.regression else "warn" if change.regressions else "info"
            label = "REGRESSION" if change.regression else "flaky" if change.regressions else change.status
            for text in describe(change):
                lines.append((tag, f"  {label:>10} {text}"))
    gate = verdict(result)
    lines.append(("error" if gate.exit_code else "ok", gate.line()))
    return lines


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_commands(result: RunResult, file: str = "") -> list[str]:
    """GitHub workflow commands: ::error for what fails the build, ::warning for the rest."""
    where = f"file={_escape_property(file)}," if file else ""
    out = []
    for item in result.assertion_results:
        if item.passed:
            continue
        kind = "error" if item.level == "error" else "warning"
        title = _escape_property(f"friction {item.name}: {_who(item)}")
        out.append(f"::{kind} {where}title={title}::{_escape_data(item.message)}")
    if result.diff is not None:
        for change in result.diff.journeys:
            if change.regressions:
                kind = "error" if change.regression else "warning"
                title = _escape_property(f"friction regression: {change.site} / {change.journey} [{change.persona}]"
                                         + (" (flaky)" if change.flaky else ""))
                out.append(f"::{kind} {where}title={title}::{_escape_data('; '.join(change.regressions))}")
    return out


def append_step_summary(markdown: str) -> Path | None:
    """Append to $GITHUB_STEP_SUMMARY when it is set; return its path."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return None
    path = Path(target)
    with path.open("a", encoding="utf-8") as summary:
        summary.write(markdown if markdown.endswith("\n") else markdown + "\n")
    return path


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def publish(result: RunResult, out: Path, emit: Emit, command: Callable[[str], None], suite: str = "") -> None:
    """Say the gate on the terminal; under GitHub Actions add annotations and the job summary."""
    for style, text in gate_lines(result):
        emit(style, text)
    summary = out / "summary.md"
    if summary.is_file():
        append_step_summary(summary.read_text(encoding="utf-8"))
    if in_github_actions():
        for line in workflow_commands(result, suite):
            command(line)
