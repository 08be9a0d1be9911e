"""The 0-100 friction score: weights from scoring.yaml, caps, the breakdown and its explanation."""

from __future__ import annotations

import re

import pytest

from audits.judge.scoring import breakdown, explanation, journey_score, site_score, weights
from audits.model import Effort, Finding
from audits.vocab import OUTCOMES

CALM = Effort()


def failed(severity: str, id: str = "x", **kw: object) -> Finding:
    return Finding(id=id, passed=False, severity=severity, title="t", **kw)  # type: ignore[arg-type]


def test_every_outcome_and_severity_has_a_weight() -> None:
    table = weights()
    assert set(table["outcome_penalty"]) == set(OUTCOMES)
    assert set(table["severity_weight"]) == {"critical", "major", "minor", "info"}
    assert table["outcome_penalty"]["reached"] == 0


def test_a_frictionless_journey_scores_100() -> None:
    assert journey_score("reached", [], CALM) == 100
    assert breakdown("reached", [], CALM) == []


@pytest.mark.parametrize("outcome", list(OUTCOMES))
def test_the_outcome_takes_its_penalty(outcome: str) -> None:
    assert journey_score(outcome, [], CALM) == 100 - weights()["outcome_penalty"][outcome]


def test_worse_outcomes_score_lower() -> None:
    order = ["reached", "deflected", "not-found", "gated", "absent", "failed"]
    scores = [journey_score(outcome, [failed("minor")], CALM) for outcome in order]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores)


def test_failed_findings_count_by_severity_passes_and_errors_do_not() -> None:
    findings = [failed("major"), failed("minor"), failed("minor"), failed("info"),
                Finding(id="ok", passed=True, severity="critical", title="t"), failed("critical", error=True)]
    assert journey_score("reached", findings, CALM) == 100 - 12 - 5 - 5


def test_findings_are_capped() -> None:
    many = [failed("critical", f"d{i}") for i in range(5)]
    assert journey_score("reached", many, CALM) == 100 - weights()["findings_cap"]
    parts = breakdown("reached", many, CALM)
    assert parts[-1].reason == "findings capped at 40" and parts[-1].points == 40 - 125


def test_effort_beyond_the_allowance() -> None:
    spent = Effort(clicks=6, backtracks=2, overlays=1, human_seconds=55)
    # 3 clicks beyond 3 (-6), 2 backtracks (-4), 1 pop-up (-1), 25 s beyond 30 s (-2)
    assert journey_score("reached", [], spent) == 100 - 6 - 4 - 1 - 2
    assert [p.reason for p in breakdown("reached", [], spent)] == [
        "3 clicks beyond 3", "2 backtracks", "1 pop-up closed", "25 s of human time beyond 30 s"]


def test_effort_is_capped() -> None:
    exhausting = Effort(clicks=30, backtracks=10, human_seconds=600)
    assert journey_score("reached", [], exhausting) == 100 - weights()["effort"]["cap"]


def test_the_score_never_goes_below_zero_and_the_breakdown_adds_up() -> None:
    findings = [failed("critical", f"d{i}") for i in range(4)]
    spent = Effort(clicks=12, human_seconds=300)
    assert journey_score("failed", findings, spent) == 0
    spent = Effort(clicks=5, human_seconds=41)
    score = journey_score("gated", [failed("critical")], spent)
    assert score == 100 - sum(p.points for p in breakdown("gated", [failed("critical")], spent))


def test_site_score_is_the_mean_of_its_journeys() -> None:
    assert site_score([100, 50, 61]) == 70
    assert site_score([]) == 100


def test_the_explanation_states_every_weight() -> None:
    text = explanation()
    table = weights()
    for outcome, points in table["outcome_penalty"].items():
        if points:
            assert f"{outcome} -{points}" in text
    for severity, points in table["severity_weight"].items():
        if points:
            assert f"{severity} -{points}" in text
    numbers = {int(n) for n in re.findall(r"\d+", text)}
    assert {table["findings_cap"], *(v for v in table["effort"].values())} <= numbers
