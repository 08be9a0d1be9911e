"""A goal plugin for the tests: find-pricing, reached when a price per month is visible."""

from __future__ import annotations

import re
from pathlib import Path

from audits.goals import Goal, Observation, observe_page
from audits.model import PageFacts

PRICE = re.compile(r"[$€£]\s?\d+(?:[.,]\d{2})?\s*(?:/|per|a)\s*(?:month|mo)\b", re.I)


def observe(facts: PageFacts, region: str, step: int) -> Observation:
    seen = observe_page(facts, region, step)
    price = PRICE.search(facts.text)
    if price:
        seen.reached = True
        seen.detail = f"{price.group(0)} on {facts.url}"
        seen.highlight = f"text={price.group(0)}"
    return seen


GOAL = Goal(
    id="find-pricing", observe=observe, words="find the prices", thing="any prices",
    scent="find-pricing", lexicon=Path(__file__).with_name("lexicon.yaml"),
    # Its own forms (a quote request, say) are judged like any task's.
    detector_families=("forms",),
)
