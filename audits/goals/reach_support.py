"""reach-support: a human channel (phone, form, email, live chat, callback) a new customer may use."""

from __future__ import annotations

from audits.facts.channels import is_human
from audits.goals import GOALS, Goal, Observation, observe_page
from audits.model import PageFacts


def observe(facts: PageFacts, region: str, step: int) -> Observation:
    seen = observe_page(facts, region, step)
    usable = [c for c in seen.channels if is_human(c) and c.usable_by_new_customer]
    if usable:
        seen.reached = True
        kinds = ", ".join(sorted({c.kind for c in usable}))
        seen.detail = f"{kinds} on {facts.url}"
    return seen


GOAL = Goal(
    id="reach-support", observe=observe, words="reach a person in support", thing="a way to reach a person",
    scent="reach-support",
    closed_channel_is_gate=True,
    deflects=True,
    tells=("phones", "channels"),
    phone_order=("support", "general", "billing", "sales", "international", "tty", "fraud", "fax"),
    detector_families=("phones", "person", "help-detour", "forms"),
    tries=("contact", "callback"),
)
GOALS.add(GOAL.id, GOAL)
