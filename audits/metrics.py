"""Effort per journey, and the keystroke-level model that estimates a person's time."""

from __future__ import annotations

from urllib.parse import urldefrag

from audits.model import Effort, JourneyEvidence, StepRecord

# Keystroke-level model (Card, Moran and Newell): seconds per operator.
KLM_POINT = 1.1
KLM_KEYSTROKE = 0.28
KLM_MENTAL = 1.35
KLM_BUTTON = 0.2
CLICK_ACTIONS = ("click", "open-menu", "press", "select", "check")
DISMISS_ACTIONS = ("dismiss",)


def _visible_options(step: StepRecord | None) -> int:
    if step is None or step.facts is None:
        return 0
    return sum(1 for link in step.facts.links if link.visible)


def _page_wait_seconds(steps: list[StepRecord]) -> float:
    return sum(s.ms for s in steps if s.action in ("goto", "click", "open-menu", "back", "press")) / 1000


def human_seconds(steps: list[StepRecord]) -> float:
    """Estimated time for a person: think, point and click per action, type per key, plus waits."""
    total = 0.0
    for step in steps:
        if step.action in CLICK_ACTIONS or step.action in DISMISS_ACTIONS or step.action == "back":
            total += KLM_MENTAL + KLM_POINT + KLM_BUTTON
        if step.action == "fill":
            total += KLM_MENTAL + KLM_POINT + KLM_BUTTON + KLM_KEYSTROKE * step.keystrokes
        elif step.action == "press":
            total += KLM_KEYSTROKE * step.keystrokes
    return round(total + _page_wait_seconds(steps), 1)


def effort(evidence: JourneyEvidence) -> Effort:
    """Count what the journey cost: clicks, pages, backtracks, fields, options, overlays, time."""
    steps = evidence.steps
    pages = {urldefrag(s.url)[0] for s in steps if s.url and s.ok}
    options = 0
    for previous, step in zip([None, *steps], steps, strict=False):
        if step.action in CLICK_ACTIONS:
            options += step.options or _visible_options(previous)
    return Effort(
        clicks=sum(1 for s in steps if s.action in CLICK_ACTIONS and not s.backtrack),
        pages=len(pages),
        backtracks=sum(1 for s in steps if s.backtrack),
        fields=sum(s.fields_filled for s in steps),
        required_fields=evidence.required_fields,
        options=options,
        overlays=sum(1 for s in steps if s.action in DISMISS_ACTIONS),
        seconds=round(evidence.wall_seconds, 1),
        human_seconds=human_seconds(steps),
    )
