"""New accounts: whether one can be used as soon as it is made, or waits for an administrator or an e-mail."""

from __future__ import annotations

from audits.facts import first_phrase, lexicon
from audits.judge.detectors import Check, detector
from audits.judge.detectors.common import (
    facts_before,
    is_signup_form,
    is_submit,
    path_key,
    quote,
    sent_form,
    with_facts,
)
from audits.model import JourneyEvidence, PageFacts, Severity, StepRecord

# What the account waits for, worst first, and how a title names it.
WAITS_FOR = {"administrator": "an administrator's approval", "email": "a link sent by e-mail"}
# Waiting for an e-mail is a step most customers take in stride; waiting for a person may take days.
SEVERITY: dict[str, Severity] = {"administrator": "major", "email": "minor"}


def _signup_pages(evidence: JourneyEvidence) -> list[tuple[StepRecord, PageFacts]]:
    """Pages holding a sign-up form, and the pages a submit from one of them led to."""
    found = []
    for step, facts in with_facts(evidence):
        before = facts_before(evidence, step)
        sent = before is not None and any(map(is_signup_form, before.forms)) and is_submit(step, before)
        if sent or any(map(is_signup_form, facts.forms)):
            found.append((step, facts))
    return found


def _waits(facts: PageFacts) -> tuple[str, str] | None:
    """What the page says the new account waits for, and the words that say it."""
    phrases = lexicon()["account_waits"]
    for kind in WAITS_FOR:
        said = first_phrase(facts.text, phrases[kind])
        if said:
            return kind, said
    return None


@detector(
    "approval-required",
    title_pass="The new account can be used as soon as it is made",
    title_fail="The new account waits for {waits} before it can be used",
    why="A customer who signs up wants to start now; an account that waits for someone's approval, "
        "or for an e-mail that may never arrive, loses many of them before their first use.",
    category="form",
    severity="major",
    family="accounts",
    needs="sightings.completion, steps[].facts (forms, text), steps (action)",
)
def approval_required(evidence: JourneyEvidence) -> Check | None:
    """Fails when the sign-up form's page, or the page its submit led to, says the account waits
    for an administrator ("pending approval", "an administrator must activate") or for an e-mail
    ("confirmation will be e-mailed to you", "activate your account"); minor when it is only an
    e-mail. Passes when the sign-up pages say neither. A sign-up the journey sent itself is judged by
    what came of it (completion `pending-approval` or `email-verification`)."""
    done = sent_form(evidence)
    waiting = {"pending-approval": "administrator", "email-verification": "email"}
    if done is not None and done.result in waiting:
        kind = waiting[done.result]
        steps = [done.step] if done.step is not None else []
        return Check(False, f"the “{done.form}” form: {done.detail}", steps, {"waits": WAITS_FOR[kind]},
                     SEVERITY[kind])
    pages = _signup_pages(evidence)
    if not pages:
        return None
    found = [(step, *waits) for step, facts in pages if (waits := _waits(facts))]
    if not found:
        return Check(True, ", ".join(dict.fromkeys(path_key(facts.url) for _, facts in pages)))
    step, kind, said = min(found, key=lambda f: list(WAITS_FOR).index(f[1]))
    detail = f"{quote(said)} on {path_key(step.url)}"
    return Check(False, detail, sorted({s.index for s, _, _ in found}), {"waits": WAITS_FOR[kind]}, SEVERITY[kind])
