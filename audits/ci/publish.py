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
from audits.vocab import audited

Emit = Callable[[str, str], None]  # (style, plain text)
ANNOTATIONS_PER_LEVEL = 10  # GitHub shows at most 10 error and 10 warning annotations per step


def _who(item: AssertionResult) -> str:
    return f"{item.site} / {item.journey} [{item.persona}]" if item.journey else "run"


def _said(item: AssertionResult, source: bool) -> str:
    """The rule's message without the journey's name, which its line says once."""
    return (item.message or item.name).removeprefix(f"{_who(item)}: ") + (f" [{item.source}]" if source else "")


def journey_lines(result: RunResult) -> list[tuple[str, str]]:
    """One line per journey that failed a rule: the worst level first, then every failed rule of it."""
    by_journey: dict[str, list[AssertionResult]] = {}
    for item in result.assertion_results:
        if not item.passed and not (item.name == "flaky" and item.level == "warn"):  # flaky: said below
            by_journey.setdefault(_who(item), []).append(item)
    lines: list[tuple[str, str]] = []
    for who, items in by_journey.items():
        items.sort(key=lambda a: a.level != "error")
        tag = "error" if items[0].level == "error" else "warn"
        sources = {a.source for a in items}
        said = "; ".join(_said(a, len(sources) > 1) for a in items)
        lines.append((tag, f"{tag.upper():>5} {who}: {said}" + (f" [{items[0].source}]" if len(sources) == 1 else "")))
    return sorted(lines, key=lambda line: line[0] != "error")


def gate_lines(result: RunResult) -> list[tuple[str, str]]:
    """(style, text) lines for a terminal: one per failing journey, changes, flaky journeys, the verdict."""
    lines = journey_lines(result)
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


def workflow_commands(result: RunResult, file: str = "", cap: int = ANNOTATIONS_PER_LEVEL) -> list[str]:
    """GitHub workflow commands: ::error for what fails the build, ::warning for the rest.

    GitHub shows at most `cap` of each per step: the rest are counted in one ::notice instead.
    """
    return _capped(_annotations(result, file), cap)


def _capped(commands: list[str], cap: int) -> list[str]:
    kept: list[str] = []
    shown = {"error": 0, "warning": 0}
    left = {"error": 0, "warning": 0}
    for line in commands:
        kind = line[2:].split(" ", 1)[0]
        if shown[kind] < cap:
            shown[kind] += 1
            kept.append(line)
        else:
            left[kind] += 1
    if any(left.values()):
        more = " and ".join(f"{n} more {kind}{'s' if n > 1 else ''}" for kind, n in left.items() if n)
        kept.append(f"::notice title=friction::{more} not shown as annotations (GitHub shows {cap} of each "
                    "per step); every one is in the job summary and junit.xml")
    return kept


def _annotations(result: RunResult, file: str) -> list[str]:
    where = f"file={_escape_property(file)}," if file else ""
    out = []
    for journey in result.journeys:
        if not audited(journey.outcome):
            title = _escape_property(f"friction could not audit: {journey.site} / {journey.id} [{journey.persona}]")
            out.append(f"::error {where}title={title}::{_escape_data(journey.reason_detail)}")
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
