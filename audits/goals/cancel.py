"""cancel: the final button that ends an existing customer's membership or subscription (not pressed unless allowed)."""

from __future__ import annotations

from audits.facts import first_phrase, language_of, lexicon
from audits.goals import GOALS, Goal, Observation, observe_page
from audits.model import FormFacts, PageFacts


def final_form(facts: PageFacts) -> FormFacts | None:
    """The form whose button ends the membership, as the page words it ("Finish cancellation")."""
    words = lexicon(language_of(facts))["cancellation"]["final"]
    return next((f for f in facts.forms if f.submit_fid and first_phrase(f.submit_label, words)), None)


def observe(facts: PageFacts, region: str, step: int) -> Observation:
    seen = observe_page(facts, region, step)
    form = final_form(facts)
    if form is not None:
        seen.reached = True
        seen.detail = f"the final “{form.submit_label}” button on {facts.url}"
        seen.highlight = f'[data-friction-id="{form.submit_fid}"]'
    return seen


GOAL = Goal(
    id="cancel", observe=observe, words="cancel the membership", thing="a way to cancel", scent="cancel",
    # Only an existing customer cancels; behind a login wall it waits for one that can sign in.
    blocking_gates=("login",),
    default=False,
)
GOALS.add(GOAL.id, GOAL)
