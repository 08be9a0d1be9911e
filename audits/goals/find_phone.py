"""find-phone: a phone number a new customer could call, in text or a tap-to-call link."""

from __future__ import annotations

from audits.goals import GOALS, Goal, Observation, observe_page
from audits.model import PageFacts, Phone


def _highlight(facts: PageFacts, phone: Phone) -> str | None:
    digits = phone.e164[-4:]
    for link in facts.links:
        if (link.href or "").startswith("tel:") and digits in (link.href or "").replace("-", ""):
            return f'[data-friction-id="{link.fid}"]'
    return f"text={phone.display}" if not phone.in_image else None


def observe(facts: PageFacts, region: str, step: int) -> Observation:
    seen = observe_page(facts, region, step)
    if seen.phones:
        first = seen.phones[0]
        seen.reached = True
        link = "a tap-to-call link" if first.tel_link else "plain text, not clickable"
        where = "only in an image" if first.in_image else link
        seen.detail = f"{first.display} ({first.context}) on {facts.url}, {where}"
        seen.highlight = _highlight(facts, first)
    return seen


GOAL = Goal(
    id="find-phone", observe=observe, words="find a phone number", thing="a phone number", scent="find-phone",
    # A wall in front of the contact pages decides it, not a field in some form on the way.
    blocking_gates=("login",),
    tells=("phones",),
    implied_by_miss=("phone-not-found",),
    # Forms met while looking for a number are not in the customer's way: no "forms" family.
    detector_families=("phone-search", "phones", "help-detour"),
)
GOALS.add(GOAL.id, GOAL)
