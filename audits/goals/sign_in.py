"""sign-in: the form an existing customer logs in with (the way in before their own journey)."""

from __future__ import annotations

from audits.facts import language_of
from audits.facts.forms import purpose
from audits.goals import GOALS, Goal, Observation, observe_page
from audits.model import PageFacts


def observe(facts: PageFacts, region: str, step: int) -> Observation:
    seen = observe_page(facts, region, step)
    lang = language_of(facts)
    if any(purpose(form, lang) == "login" for form in facts.forms):
        seen.reached = True
        seen.detail = f"a sign-in form on {facts.url}"
    return seen


GOAL = Goal(
    id="sign-in", observe=observe, words="sign in", thing="a way to sign in", scent="sign-in",
    blocking_gates=(),  # a login wall is the way in here, not a gate
    default=False,
)
GOALS.add(GOAL.id, GOAL)
