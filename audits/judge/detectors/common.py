"""Readings of saved evidence that several detector families share."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urldefrag, urlsplit

from audits.facts import STRONG, has_phrase
from audits.facts.forms import purpose
from audits.goals import goal_of
from audits.identity import page_key
from audits.judge.metrics import CLICK_ACTIONS
from audits.model import Completion, FormFacts, JourneyEvidence, Link, PageFacts, StepRecord
from audits.vocab import actions

DIGITS = re.compile(r"\d+")
SUBMIT_WORDS = re.compile(r"\b(submit|send|continue|next|sign ?up|register|join|create|apply|save|confirm)\b", re.I)
QUOTED = re.compile(r'"([^"]*)"')
# A link at least this promising for the goal (in the shared scent lexicon) is a real attempt at it.
# Steps that only look at the page; feedback that shows up during them still counts.
WATCHING = actions("watches")
LOADING = actions("loads")
NAVIGATING = actions("navigates")


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 page', '3 pages'."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def sent_form(evidence: JourneyEvidence) -> Completion | None:
    """What came of the form the journey filled in and sent (None when it sent none)."""
    done = evidence.sightings.completion if evidence.sightings else None
    return done if done is not None and done.submitted else None


def ended_by(evidence: JourneyEvidence, reason: str, mentioning: str = "") -> bool:
    """The journey's own verdict blames this friction (the verdict counts as evidence even when
    the recorded facts cannot show why)."""
    return evidence.reason == reason and mentioning in evidence.reason_detail.lower()


def within(clicks: int) -> str:
    """'on the first page', 'within 1 click', 'within 3 clicks'."""
    return "on the first page" if clicks == 0 else f"within {plural(clicks, 'click')}"


def quote(text: str, limit: int = 120) -> str:
    """A short quotation of what the page said, cut on a word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return f"“{text}”"
    return f"“{text[:limit].rsplit(' ', 1)[0]}…”"


def path_key(url: str) -> str:
    """Host and path only: a form that comes back with '?error=1' is still the same form."""
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path.rstrip('/') or '/'}"


def with_facts(evidence: JourneyEvidence) -> Iterator[tuple[StepRecord, PageFacts]]:
    """Each step that recorded what the page showed afterwards."""
    for step in evidence.steps:
        if step.facts is not None:
            yield step, step.facts


def step_of(evidence: JourneyEvidence, step: int | None, url: str) -> int | None:
    """The step where something was seen: as recorded, else the first step showing its page."""
    if step is not None or not url:
        return step
    return next((s.index for s in evidence.steps if page_key(s.url) == page_key(url)), None)


def facts_before(evidence: JourneyEvidence, step: StepRecord) -> PageFacts | None:
    """What the page showed just before `step`: the latest earlier step's facts."""
    before = None
    for earlier in evidence.steps:
        if earlier is step:
            return before
        before = earlier.facts or before
    return None


def _lines(text: str) -> set[str]:
    # Digits are blanked so a clock or a counter ticking over is not a change.
    return {DIGITS.sub("0", " ".join(line.split())) for line in text.splitlines() if line.strip()}


def same_text(a: str, b: str) -> bool:
    """The same lines of text, whatever their order and apart from changing numbers."""
    return _lines(a) == _lines(b)


def same_state(before: PageFacts, after: PageFacts, fragment: bool = True) -> bool:
    """Nothing a customer could notice changed: same page, same structure, (nearly) same text; the
    URL's fragment counts unless told otherwise (a placeholder's "#!" is not a change)."""
    if fragment:
        if page_key(before.url) != page_key(after.url) or urldefrag(after.url)[1] != urldefrag(before.url)[1]:
            return False
    elif urldefrag(page_key(before.url))[0] != urldefrag(page_key(after.url))[0]:
        return False
    if before.signature and after.signature and before.signature != after.signature:
        return False
    if len(after.overlays) != len(before.overlays) or after.frames != before.frames:
        return False
    return same_text(before.text, after.text)


def new_alerts(before: PageFacts, after: PageFacts) -> list[str]:
    """Messages (role=alert, aria-live, .error) that appeared after the step."""
    seen = set(before.alerts)
    return [alert for alert in after.alerts if alert not in seen]


def gave_feedback(step: StepRecord, before: PageFacts, after: PageFacts) -> bool:
    """The site said something: a new message, a field marked invalid, a dialog or a new tab."""
    return bool(new_alerts(before, after) or after.invalid_fields or step.dialogs or step.popups)


def is_task_form(form: FormFacts) -> bool:
    """A form that asks a customer for something (not a site search or a one-box newsletter)."""
    fields = form.visible_fields
    if len(fields) < 2:
        return False
    return not all(f.type == "search" or "search" in (f.label + f.name).lower() for f in fields)


def target_name(step: StepRecord) -> str:
    """The name a step acted on: 'button "Send"' -> 'Send'."""
    target = step.target or ""
    found = QUOTED.search(target)
    return (found.group(1) if found else target).strip()


def is_submit(step: StepRecord, before: PageFacts | None) -> bool:
    """The step sent a form: a submit, Enter in a form, or a click on a form's submit control."""
    if step.action == "submit":
        return True
    if before is None or not any(is_task_form(form) for form in before.forms):
        return False
    if step.action == "press":
        return (step.target or "").lower() in ("enter", "return")
    if step.action != "click":
        return False
    link = clicked_link(step, before)
    if link is not None and link.submit:
        return True
    name = target_name(step).lower()
    labels = {form.submit_label.lower() for form in before.forms if form.submit_label}
    return name in labels or "submit" in (step.target or "").lower() or bool(SUBMIT_WORDS.fullmatch(name))


def clicked_link(step: StepRecord, before: PageFacts) -> Link | None:
    """The link or button the step clicked, found by its name on the page before."""
    name = target_name(step).lower()
    return next((link for link in before.links if name and name in (link.name.lower(), link.text.lower())), None)


def _settled(evidence: JourneyEvidence, step: StepRecord) -> list[PageFacts]:
    """What the page showed after `step` and during the watching steps right after it."""
    shown = [step.facts] if step.facts else []
    for later in evidence.steps[evidence.steps.index(step) + 1:]:
        if later.action not in WATCHING:
            break
        if later.facts:
            shown.append(later.facts)
    return shown


def quiet(evidence: JourneyEvidence, step: StepRecord, before: PageFacts, fragment: bool = True) -> bool:
    """The step changed nothing a customer could see and the site said nothing, even a moment later."""
    shown = _settled(evidence, step)
    # A passing "Sending..." is not an answer: judge where the page settled, and any feedback on the way.
    return bool(shown) and same_state(before, shown[-1], fragment) and not any(
        gave_feedback(step, before, after) for after in shown
    )


def promises(goal: str, label: str, strength: float = STRONG) -> bool:
    """The words promise the goal: a phrase at least this strong for it in the goal's scent lexicon."""
    found = goal_of(goal)
    phrases = found.scent_tables().phrases if found else {}
    return any(weight >= strength and has_phrase(label, phrase) for phrase, weight in phrases.items())


def is_signup_form(form: FormFacts) -> bool:
    """A form for a new account: one the form reader calls a sign-up, or whose heading or button promises one."""
    return purpose(form) == "signup" or promises("sign-up", f"{form.heading} {form.submit_label}")


def promised_goal(evidence: JourneyEvidence, step: StepRecord | None) -> bool:
    """The step clicked a link that promised the journey's goal (by the goal's scent lexicon)."""
    if step is None or step.action not in CLICK_ACTIONS:
        return False
    return promises(evidence.goal, target_name(step))


def attempted(evidence: JourneyEvidence, step: StepRecord) -> bool:
    """A step a customer pursuing the goal would take: every step of a script; for a goal-seeking
    journey the first page, its path to the goal, and clicks that promised the goal (not the
    navigator's exploring)."""
    if evidence.kind != "goal" or step.index == evidence.steps[0].index or step.index in evidence.path:
        return True
    return promised_goal(evidence, step)

