"""Forms: too many required fields, forms that cannot be sent, silent failures and forms that come back."""

from __future__ import annotations

import re
from collections import defaultdict
from urllib.parse import urlsplit

from audits.facts.forms import purpose
from audits.judge.detectors import Check, detector
from audits.judge.detectors.common import (
    NAVIGATING,
    WATCHING,
    attempted,
    ended_by,
    facts_before,
    is_signup_form,
    is_submit,
    is_task_form,
    page_key,
    path_key,
    plural,
    quiet,
    quote,
    sent_form,
    with_facts,
)
from audits.judge.metrics import ENTRY_ACTIONS, entry_forms
from audits.model import FormFacts, JourneyEvidence, PageFacts, Severity, StepRecord

# Baymard Institute's checkout research: about 8 form fields are enough for most forms.
REQUIRED_FIELDS_BASELINE = 8
# Half as many again is no longer a little over: it is a long form.
MAJOR_OVER = 1.5
# The same form reached this often (first visit plus two returns) is a loop.
FORM_LOOP_VISITS = 3
# Files a web server hands out as they are: posting a form to one sends it nowhere.
STATIC_DOCUMENT = re.compile(r"\.(html?|txt|xml|json)$", re.I)
# Forms that are themselves a way to reach a person.
SUPPORT_FORMS = ("contact", "callback")


def _journey_form(evidence: JourneyEvidence) -> FormFacts | None:
    """The form the journey is about: the largest one it filled in, else the largest on its last page."""
    forms = [f for f in entry_forms(evidence) if is_task_form(f)]
    if not forms:
        last = next((facts for _, facts in reversed(list(with_facts(evidence)))), None)
        forms = [f for f in (last.forms if last else []) if is_task_form(f)]
    return max(forms, key=lambda f: len(f.visible_fields), default=None)


def _form_name(form: FormFacts | None) -> str:
    named = form and (form.heading or form.submit_label)
    return f"the {quote(named, 60)} form" if named else "the form"


@detector(
    "excess-required-fields",
    title_pass="The form asks for {fields}, within the norm of about {limit}",
    title_fail="The form asks for {fields}; about {limit} is the norm",
    why="Every extra required field loses customers; Baymard Institute's form research finds "
        "about 8 fields are enough, and most sites ask for more.",
    category="form",
    severity="minor",
    family="forms",
    needs="sightings.completion, required_fields, steps[].facts.forms",
)
def excess_required_fields(evidence: JourneyEvidence) -> Check | None:
    """Counts the journey form's required fields (all visible fields if none is marked required)
    and fails above the baseline; major at half as many again. A form the journey filled in and
    sent counts the required fields of every step it had (a form in several parts asks for all of them)."""
    if evidence.outcome == "gated":
        return None  # a gated journey's form is the gate's, not the one it was after
    done = sent_form(evidence)
    asked = list(dict.fromkeys(f.label for f in done.fields if f.required)) if done else []
    if done is not None and len(asked) > evidence.required_fields:
        return _too_many(len(asked), f"the “{done.form}” form, every step: {', '.join(asked)}")
    form = _journey_form(evidence)
    count, note = evidence.required_fields, ""
    if not count and form is not None:
        count = len(form.required_fields)
        if not count:
            count, note = len(form.visible_fields), "; no field is marked required, so every visible field is counted"
    if not count:
        return None
    labels = ", ".join(f.label or f.name for f in (form.required_fields or form.visible_fields)) if form else ""
    detail = f"{_form_name(form)}: {labels}{note}" if labels else f"{plural(count, 'required field')}{note}"
    return _too_many(count, detail)


def _too_many(count: int, detail: str) -> Check:
    values = {"fields": plural(count, "required field"), "limit": REQUIRED_FIELDS_BASELINE}
    if count <= REQUIRED_FIELDS_BASELINE:
        return Check(True, detail, values=values)
    severity: Severity | None = "major" if count >= REQUIRED_FIELDS_BASELINE * MAJOR_OVER else None
    return Check(False, detail, values=values, severity=severity)


def _fields_filled_before(evidence: JourneyEvidence, step: StepRecord) -> int:
    """Fields filled in since the journey last did something other than fill in or look."""
    filled = 0
    for earlier in reversed(evidence.steps[:evidence.steps.index(step)]):
        if earlier.action not in (*ENTRY_ACTIONS, *WATCHING):
            break
        filled += earlier.fields_filled or int(earlier.action in ENTRY_ACTIONS)
    return filled


def browser_refused(evidence: JourneyEvidence, step: StepRecord, before: PageFacts) -> bool:
    """Required fields were left empty, so the browser's own bubble answered; page facts cannot
    see that bubble, so such a submit is not judged."""
    required = max((len(f.required_fields) for f in before.forms if is_task_form(f)), default=0)
    return _fields_filled_before(evidence, step) < required


def submits(evidence: JourneyEvidence) -> list[tuple[StepRecord, PageFacts]]:
    """Each step that sent a form, with the page as it was before."""
    found = []
    for step in evidence.steps:
        before = facts_before(evidence, step)
        if step.ok and before is not None and is_submit(step, before) and not browser_refused(evidence, step, before):
            found.append((step, before))
    return found


@detector(
    "silent-form-failure",
    title_pass="Every form sent gave a visible answer",
    title_fail="A form was sent and nothing happened: no change, no error",
    why="A form that fails without a word leaves customers believing they have been heard when nobody got the message.",
    category="form",
    severity="critical",
    needs="sightings.completion, steps (action, target), steps[].facts (url, signature, text, alerts, "
          "invalid_fields), dialogs",
)
def silent_form_failure(evidence: JourneyEvidence) -> Check | None:
    """Fails when a submit leaves the same URL and page, shows no new alert and marks no field
    invalid. A submit with required fields left empty is not judged: the browser answers it. A form the
    journey filled in and sent itself is judged by what came of it (completion)."""
    done = sent_form(evidence)
    if done is not None:
        steps = [done.step] if done.step is not None else []
        return Check(done.result != "silent-failure", f"the “{done.form}” form: {done.detail}", steps)
    sent = submits(evidence)
    silent = [step for step, before in sent if quiet(evidence, step, before)]
    if not silent and ended_by(evidence, "silent-error"):
        return Check(False, evidence.reason_detail, [s.index for s in evidence.steps if s.action == "submit"])
    if not sent:
        return None
    if not silent:
        return Check(True, f"{plural(len(sent), 'form submission')} answered")
    first = silent[0]
    what = f"{first.action} {first.target or ''}".strip()
    detail = f"step {first.index} ({what}) on {page_key(first.url)}: the page stayed as it was"
    return Check(False, detail, [s.index for s in silent])


def _state(facts: PageFacts) -> str:
    return facts.signature or path_key(facts.url)


def _arrivals(evidence: JourneyEvidence) -> dict[str, list[int]]:
    """The steps at which the journey arrived at each page state holding a task form."""
    seen: dict[str, list[int]] = defaultdict(list)
    before: PageFacts | None = None
    for step, facts in with_facts(evidence):
        sent = before is not None and is_submit(step, before)
        moved = before is None or _state(facts) != _state(before) or sent
        # Arriving is moving forward to a page state (filling a field or going back is not); on a goal-seeking
        # journey only by a submit, the path or a click that promised the goal, not the navigator's exploring.
        forward = step.action in NAVIGATING and not step.backtrack
        if forward and (sent or attempted(evidence, step)) and moved and any(is_task_form(f) for f in facts.forms):
            seen[_state(facts)].append(step.index)
        before = facts
    return seen


@detector(
    "form-loop",
    title_pass="No form came back again and again",
    title_fail="The same form came back {times}",
    why="A form that keeps coming back, whichever way the customer goes, is a circle with no exit.",
    category="form",
    severity="major",
    family="forms",
    needs="sightings.completion, steps (action, backtrack), steps[].facts (signature, forms)",
)
def form_loop(evidence: JourneyEvidence) -> Check | None:
    """Fails when the journey arrives at the same form state three times or more (by submitting
    it or by following different links); going back to it does not count, nor, on a goal-seeking
    journey, the navigator's exploring (only submits, its path and clicks that promised the goal).
    Not judged on the way to a phone number. A form the journey sent that came back empty after a valid
    entry, every time it was tried, fails it too (completion `loop`)."""
    done = sent_form(evidence)
    if done is not None and done.result == "loop":
        steps = [done.step] if done.step is not None else []
        return Check(False, f"the “{done.form}” form: {done.detail}", steps, {"times": "after every valid entry"})
    arrivals = _arrivals(evidence)
    if ended_by(evidence, "loop", "form") and max(map(len, arrivals.values()), default=0) < FORM_LOOP_VISITS:
        return Check(False, evidence.reason_detail, values={"times": "again and again"})
    if not arrivals:
        return None
    steps = max(arrivals.values(), key=len)
    if len(steps) < FORM_LOOP_VISITS:
        return Check(True)
    url = next(s.url for s in evidence.steps if s.index == steps[0])
    detail = f"{page_key(url)} came back at steps {', '.join(map(str, steps))}"
    return Check(False, detail, steps, {"times": f"{len(steps)} times"})


def _unsendable(form: FormFacts) -> str:
    """Why the form cannot be sent at all, or "" when it may be (a script we cannot see may send it)."""
    if form.outside_form and form.submit_type in ("submit", "none"):
        button = "there is no button" if form.submit_type == "none" else "its submit button belongs to no form"
        return f"its fields sit outside any form and {button}"
    if form.submit_disabled and not form.action and not any(f.named for f in form.visible_fields):
        return "its button is switched off, and it has no address to send to and no named field to send"
    if form.method == "post" and STATIC_DOCUMENT.search(urlsplit(form.action).path):
        return f"it posts to a static page ({form.action}), which cannot take a message"
    return ""


def _meant(evidence: JourneyEvidence, form: FormFacts) -> bool:
    """A form the journey's goal is about: a contact or callback form on the way to support, a sign-up
    form (or one whose words promise it) on the way to an account; any of them on a script."""
    kind = purpose(form)
    if evidence.goal == "reach-support":
        return kind in SUPPORT_FORMS
    if evidence.goal == "sign-up":
        return is_signup_form(form)
    return kind in SUPPORT_FORMS or is_signup_form(form)


@detector(
    "form-not-submittable",
    title_pass="Every form on the way can be sent",
    title_fail="{forms} cannot be sent at all",
    why="A contact or sign-up form that cannot be sent wastes the customer's typing and leaves them "
        "with no way to reach the company or become a customer.",
    category="form",
    severity="major",
    family="forms",
    needs="steps[].facts.forms (action, method, submit_type, submit_disabled, fields.named)",
)
def form_not_submittable(evidence: JourneyEvidence) -> Check | None:
    """Fails when a contact or sign-up form on a page the journey saw cannot be sent at all: its
    inputs sit outside any <form> with no button or only a submit button (which submits nothing
    there); its button is switched off (disabled, or pointer-events: none) while it has no action and
    no named field; or it posts to a static page (.html), which cannot take it. A form with an
    endpoint, or whose button a script may drive, is given the benefit of the doubt. Not judged on
    the way to a phone number."""
    seen: dict[tuple[str, str], tuple[int, FormFacts]] = {}
    for step, facts in with_facts(evidence):
        for form in facts.forms:
            if form.submit_type is not None and _meant(evidence, form):  # None: read before the reader knew
                seen.setdefault((path_key(facts.url), form.id or form.heading or form.submit_label), (step.index, form))
    if not seen:
        return None
    broken = [(key[0], i, form, why) for key, (i, form) in seen.items() if (why := _unsendable(form))]
    if not broken:
        return Check(True, f"{plural(len(seen), 'form')} checked")
    detail = "; ".join(f"{_form_name(form)} on {page}: {why}" for page, _, form, why in broken[:3])
    return Check(False, detail, sorted({i for _, i, _, _ in broken}), {"forms": plural(len(broken), "form")})
