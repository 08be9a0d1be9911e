"""The friction score: weights held as data in scoring.yaml, explained in every report."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from audits.judge.detectors.common import plural
from audits.model import Effort, Finding, JourneyResult
from audits.vocab import audited


@dataclass(frozen=True)
class Penalty:
    """Points taken off a journey's score, and why."""

    part: str  # outcome | findings | effort
    reason: str
    points: float


@cache
def weights() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(files("audits.judge").joinpath("scoring.yaml").read_text())
    return loaded


def _capped(part: str, penalties: list[Penalty], cap: float) -> list[Penalty]:
    total = sum(p.points for p in penalties)
    if total <= cap:
        return penalties
    return [*penalties, Penalty(part, f"{part} capped at {cap:g}", cap - total)]


def finding_penalties(findings: list[Finding]) -> list[Penalty]:
    table = weights()
    found = [
        Penalty("findings", f"{f.id} ({f.severity})", table["severity_weight"][f.severity])
        for f in findings if not f.passed and not f.error and table["severity_weight"][f.severity]
    ]
    return _capped("findings", found, table["findings_cap"])


def effort_penalties(effort: Effort) -> list[Penalty]:
    rules = weights()["effort"]
    extra_clicks = max(0, effort.clicks - rules["free_clicks"])
    extra_seconds = max(0.0, effort.human_seconds - rules["free_human_seconds"])
    found = [
        Penalty("effort", f"{plural(extra_clicks, 'click')} beyond {rules['free_clicks']}",
                extra_clicks * rules["per_extra_click"]),
        Penalty("effort", plural(effort.backtracks, "backtrack"), effort.backtracks * rules["per_backtrack"]),
        Penalty("effort", plural(effort.overlays, "pop-up") + " closed", effort.overlays * rules["per_overlay"]),
        Penalty("effort", f"{extra_seconds:.0f} s of human time beyond {rules['free_human_seconds']} s",
                extra_seconds // 10 * rules["per_extra_10_seconds"]),
    ]
    return _capped("effort", [p for p in found if p.points], rules["cap"])


def breakdown(outcome: str, findings: list[Finding], effort: Effort) -> list[Penalty]:
    """Every deduction from 100, in order: outcome, findings, effort (with their caps)."""
    if not audited(outcome):
        return []  # the site was never seen: nothing to hold against it
    outcome_points = weights()["outcome_penalty"][outcome]
    head = [Penalty("outcome", f"outcome {outcome}", outcome_points)] if outcome_points else []
    return head + finding_penalties(findings) + effort_penalties(effort)


def journey_score(outcome: str, findings: list[Finding], effort: Effort) -> int:
    """100 is frictionless; the outcome, each failed finding and extra effort take points away."""
    penalty = sum(p.points for p in breakdown(outcome, findings, effort))
    return max(0, min(100, round(100 - penalty)))


def site_score(scores: list[int]) -> int:
    """A site's score is the mean of its journeys' scores."""
    return round(sum(scores) / len(scores)) if scores else 100


def audited_score(journeys: list[JourneyResult]) -> int | None:
    """The mean score of the journeys that saw the site; None when none did (it could not be audited)."""
    scores = [j.score for j in journeys if audited(j.outcome)]
    return site_score(scores) if scores else None


def run_score(journeys: list[JourneyResult]) -> int:
    """The run's headline score: that of the journeys that saw a site (100, nothing held, when none did)."""
    score = audited_score(journeys)
    return 100 if score is None else score


def explanation() -> str:
    """How the score is computed, in a paragraph a reader can check."""
    table = weights()
    outcomes = ", ".join(f"{k} -{v}" for k, v in table["outcome_penalty"].items() if v)
    severities = ", ".join(f"{k} -{v}" for k, v in table["severity_weight"].items() if v)
    rules = table["effort"]
    return (
        f"Each journey starts at 100. How it ended: {outcomes}. Each failed finding by severity: "
        f"{severities}, at most -{table['findings_cap']} in all. Effort: -{rules['per_extra_click']} per click "
        f"beyond {rules['free_clicks']}, -{rules['per_backtrack']} per backtrack, -{rules['per_overlay']} per "
        f"pop-up closed, -{rules['per_extra_10_seconds']} per full 10 s of estimated human time beyond "
        f"{rules['free_human_seconds']} s, at most -{rules['cap']} in all. Scores never go below 0. "
        f"A site's score is the mean of its journeys; a journey that could not reach the site does not count."
    )
