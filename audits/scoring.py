"""The friction score: weights held as data in scoring.yaml, explained in every report."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from audits.model import Effort, Finding


@cache
def weights() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(files("audits").joinpath("scoring.yaml").read_text())
    return loaded


def journey_score(outcome: str, findings: list[Finding], effort: Effort) -> int:
    """100 is frictionless; each failure, finding and extra effort takes points away."""
    table = weights()
    penalty = table["outcome_penalty"].get(outcome, 50)
    penalty += sum(table["severity_weight"][f.severity] for f in findings if not f.passed and not f.error)
    extra = table["effort"]
    penalty += max(0, effort.clicks - extra["free_clicks"]) * extra["per_extra_click"]
    penalty += max(0, effort.human_seconds - extra["free_human_seconds"]) // 10 * extra["per_extra_10_seconds"]
    return max(0, min(100, round(100 - penalty)))


def site_score(scores: list[int]) -> int:
    """A site's score is the mean of its journeys' scores."""
    return round(sum(scores) / len(scores)) if scores else 100


def explanation() -> str:
    """How the score is computed, in a sentence a reader can check."""
    table = weights()
    outcomes = ", ".join(f"{k} -{v}" for k, v in table["outcome_penalty"].items())
    severities = ", ".join(f"{k} -{v}" for k, v in table["severity_weight"].items())
    extra = table["effort"]
    return (
        f"Each journey starts at 100. Outcome: {outcomes}. Each failed finding by severity: "
        f"{severities}. Effort: -{extra['per_extra_click']} per click beyond {extra['free_clicks']}, "
        f"-{extra['per_extra_10_seconds']} per 10 s of estimated human time beyond "
        f"{extra['free_human_seconds']} s. A site's score is the mean of its journeys."
    )
