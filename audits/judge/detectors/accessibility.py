"""Accessibility on the path: axe-core violations on the very elements the journey had to click."""

from __future__ import annotations

from audits.gather.accessibility import CONTRAST_RULES, KEYBOARD_TRAP, NAMING_RULES
from audits.judge.detectors import Check, detector
from audits.judge.detectors.common import quote
from audits.model import AxeIssue, JourneyEvidence, StepRecord


def _checked(evidence: JourneyEvidence) -> list[StepRecord]:
    return [s for s in evidence.steps if s.a11y is not None]


def _on_clicked(evidence: JourneyEvidence, rules: tuple[str, ...]) -> list[tuple[StepRecord, AxeIssue]]:
    return [(s, i) for s in _checked(evidence) for i in s.a11y or [] if i.clicked and i.rule in rules]


def _described(found: list[tuple[StepRecord, AxeIssue]]) -> str:
    return "; ".join(f"step {s.index} clicked {quote(s.target) if s.target else 'a control with no name'}: "
                     f"{i.help} (axe {i.rule}{' on ' + i.targets[0] if i.targets else ''})" for s, i in found)


def _check(evidence: JourneyEvidence, rules: tuple[str, ...]) -> Check | None:
    checked = _checked(evidence)
    if not checked:
        return None
    found = _on_clicked(evidence, rules)
    if not found:
        return Check(True, f"{len(checked)} click{'s' if len(checked) != 1 else ''} checked with axe-core")
    count = len({(s.index, i.rule) for s, i in found})
    # The step before a click holds the screenshot with the element clicked outlined.
    steps = sorted({i for s, _ in found for i in (s.index - 1, s.index) if i >= 0})
    return Check(False, _described(found), steps,
                 {"controls": f"{count} control{'s' if count != 1 else ''}"})


@detector(
    "unlabelled-control",
    title_pass="Every control the journey needed has a name",
    title_fail="{controls} on the way had no name a screen reader can say",
    why="A button or link with only an icon and no label is silent to a screen reader and to voice control: "
        "a customer who relies on them cannot take the step this journey had to take.",
    category="accessibility",
    severity="major",
    needs="steps (action, target, a11y)",
)
def unlabelled_control(evidence: JourneyEvidence) -> Check | None:
    """Fails when axe-core, run on the page before a click, reports the element clicked (or an
    element inside it) under a naming rule: button-name, link-name, aria-command-name,
    input-button-name, svg-img-alt. Violations on elements the journey did not click are left out."""
    return _check(evidence, NAMING_RULES)


@detector(
    "low-contrast-control",
    title_pass="The controls the journey clicked are readable",
    title_fail="{controls} on the way had text too faint to read",
    why="A call to action whose text barely stands out from its background is missed by customers with low "
        "vision, on a phone in daylight, or on a cheap screen.",
    category="accessibility",
    severity="minor",
    needs="steps (action, target, a11y)",
)
def low_contrast_control(evidence: JourneyEvidence) -> Check | None:
    """Fails when axe-core, run on the page before a click, reports the element clicked (or its
    text) under color-contrast: text below WCAG 2 AA contrast (4.5:1, 3:1 for large text)."""
    return _check(evidence, CONTRAST_RULES)


@detector(
    "keyboard-trap",
    title_pass="Keyboard focus can leave every control the journey used",
    title_fail="{controls} on the way held keyboard focus and would not let go",
    why="A customer who uses the keyboard (or a switch, or a screen reader) and tabs into a control that keeps "
        "the focus cannot go on, nor back: the journey ends there for them.",
    category="accessibility",
    severity="major",
    needs="steps (action, target, a11y)",
)
def keyboard_trap(evidence: JourneyEvidence) -> Check | None:
    """Fails when, before a click, focusing the element clicked and pressing Tab, then Shift+Tab,
    left the focus on it (or inside it) both times. Controls inside a modal dialog, which keeps
    focus inside on purpose, and controls that take no focus are not tried."""
    return _check(evidence, (KEYBOARD_TRAP.rule,))
