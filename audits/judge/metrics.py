"""Effort per journey, and the keystroke-level model that estimates a person's time."""

from __future__ import annotations

from urllib.parse import urldefrag

from audits.identity import page_key
from audits.model import Effort, FormFacts, JourneyEvidence, StepRecord
from audits.vocab import actions

# Keystroke-level model (Card, Moran and Newell, 1980): seconds per operator.
KLM_MENTAL = 1.35     # M: decide what to do next
KLM_POINT = 1.1       # P: point at a target with the mouse
KLM_BUTTON = 0.2      # BB: press and release the mouse button
KLM_KEYSTROKE = 0.28  # K: one key, an average typist (about 40 words a minute)
KLM_HOME = 0.4        # H: move a hand between mouse and keyboard

CLICK_ACTIONS = actions("click")
POINTER_ACTIONS = actions("pointer")
ENTRY_ACTIONS = actions("entry")
WAITING_ACTIONS = actions("waits")


def step_seconds(step: StepRecord, first: bool = False) -> float:
    """KLM operators a person needs for one step (without the page's own wait)."""
    point_and_click = KLM_MENTAL + KLM_POINT + KLM_BUTTON
    if step.action in POINTER_ACTIONS or (step.action == "goto" and not first):
        return point_and_click  # a later goto is a followed link or bookmark
    if step.action == "select":
        return point_and_click + KLM_POINT + KLM_BUTTON  # open the list, then pick the option
    if step.action == "fill":
        fields = max(1, step.fields_filled)
        return fields * (point_and_click + 2 * KLM_HOME) + KLM_KEYSTROKE * step.keystrokes
    if step.action == "press":
        return KLM_MENTAL + KLM_KEYSTROKE * max(1, step.keystrokes)
    return 0.0  # goto on arrival, expect, wait_for, screenshot: nothing to do but look


def wait_seconds(steps: list[StepRecord]) -> float:
    """Measured time the pages made the customer wait."""
    return sum(s.ms for s in steps if s.action in WAITING_ACTIONS) / 1000


def human_seconds(steps: list[StepRecord]) -> float:
    """Estimated time for a person: KLM operators for every step plus the measured page waits."""
    operators = sum(step_seconds(step, first=i == 0) for i, step in enumerate(steps))
    return round(operators + wait_seconds(steps), 1)


def clicks(steps: list[StepRecord], upto: int | None = None) -> int:
    """Forward clicks, optionally only those up to and including step index `upto`."""
    return sum(
        1 for s in steps
        if s.action in CLICK_ACTIONS and not s.backtrack and (upto is None or s.index <= upto)
    )


def opened_by_address(evidence: JourneyEvidence) -> StepRecord | None:
    """The step on the journey's path that opened a page by its address after the start: a page known
    only from the sitemap or a link hidden from view, which no click on the way led to."""
    on_path = set(evidence.path)
    first = evidence.steps[0].index if evidence.steps else 0
    home = page_key(evidence.start_url)  # back to the home page is a click on the logo, not an address typed
    typed = [s for s in evidence.steps
             if s.index in on_path and s.index > first and s.action == "goto" and page_key(s.url) != home]
    return typed[-1] if typed else None


def clicks_to(evidence: JourneyEvidence, index: int | None) -> int:
    """Clicks a customer needs to reach step `index`: along the journey's path when it recorded one
    (the navigator's detours left out), else every forward click up to that step. A path that ends on
    a page opened by its address is no way to click: then every click the search made counts."""
    if evidence.path and opened_by_address(evidence) is None:
        on_path = set(evidence.path)
        return clicks([s for s in evidence.steps if s.index in on_path], upto=index)
    return clicks(evidence.steps, upto=index)


def pages(steps: list[StepRecord]) -> int:
    """Distinct pages shown (error pages included; '#fragments' are the same page)."""
    return len({urldefrag(s.url)[0] for s in steps if s.url.startswith(("http:", "https:", "file:"))})


def options_seen(steps: list[StepRecord]) -> int:
    """Choices on screen at each click: the links and buttons the customer had to pick among."""
    total, before = 0, None
    for step in steps:
        if step.action in CLICK_ACTIONS:
            total += step.options or (sum(1 for link in before.links if link.visible) if before else 0)
        before = step.facts or before
    return total


def entry_forms(evidence: JourneyEvidence) -> list[FormFacts]:
    """Forms on the pages where the journey typed, chose or ticked something."""
    forms: list[FormFacts] = []
    for step in evidence.steps:
        if step.action in ENTRY_ACTIONS and step.facts is not None:
            forms.extend(f for f in step.facts.forms if f not in forms)
    return forms


def required_fields_seen(evidence: JourneyEvidence) -> int:
    """Required fields of the journey's form: the navigator's count, else the largest form filled in."""
    if evidence.required_fields:
        return evidence.required_fields
    return max((len(form.required_fields) for form in entry_forms(evidence)), default=0)


def effort(evidence: JourneyEvidence) -> Effort:
    """Count what the journey cost. Clicks are those along the path to the goal when the journey
    recorded one (the clicks a customer needs); pages, backtracks, options and time count the whole
    search, wrong turns included (what finding it cost)."""
    steps = evidence.steps
    measured = evidence.wall_seconds or sum(s.ms for s in steps) / 1000
    return Effort(
        clicks=clicks_to(evidence, None),
        pages=pages(steps),
        backtracks=sum(1 for s in steps if s.backtrack),
        fields=sum(s.fields_filled for s in steps),
        required_fields=required_fields_seen(evidence),
        options=options_seen(steps),
        overlays=sum(1 for s in steps if s.action == "dismiss"),
        seconds=round(measured, 1),
        human_seconds=human_seconds(steps),
    )
