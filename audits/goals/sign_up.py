"""sign-up: a sign-up form a new customer can fill in, without an existing account number."""

from __future__ import annotations

from audits.facts import language_of
from audits.facts.forms import gate_fields, purpose, required_count
from audits.goals import GOALS, Goal, Observation, observe_page
from audits.model import Gate, PageFacts


def observe(facts: PageFacts, region: str, step: int) -> Observation:
    seen = observe_page(facts, region, step)
    lang = language_of(facts)
    for form in facts.forms:
        if purpose(form, lang) != "signup":
            continue
        blocked = gate_fields(form, lang)
        if "account-number" in blocked:
            seen.gates.append(Gate(kind="account-number", url=facts.url, evidence=blocked["account-number"], step=step))
            continue
        seen.reached = True
        seen.required_fields = required_count(form)
        seen.detail = f"a sign-up form with {seen.required_fields} required fields on {facts.url}"
        break
    return seen


GOAL = Goal(
    id="sign-up", observe=observe, words="sign up", thing="a way to sign up", scent="sign-up",
    tells=("sign-up-form",),
    detector_families=("forms", "accounts"),
    tries=("signup",),
)
GOALS.add(GOAL.id, GOAL)
