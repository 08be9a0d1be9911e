"""--runs N: median effort, majority outcome, flaky journeys."""

from __future__ import annotations

from audits.ci.repeat import aggregate, majority
from tests.ci_helpers import journey, result


def test_single_runs_are_left_alone() -> None:
    run = result(journey(), journey("sign-up"))
    assert aggregate(run) is run and run.runs == 1


def test_median_effort_and_majority_outcome() -> None:
    run = result(journey(clicks=2, human_seconds=8.0, score=90), journey("sign-up"),
                 journey(clicks=4, human_seconds=12.0, score=70), journey("sign-up"),
                 journey(clicks=3, human_seconds=30.0, score=80), journey("sign-up"))
    folded = aggregate(run)
    assert folded.runs == 3 and [j.id for j in folded.journeys] == ["find-phone", "sign-up"]
    phone = folded.journeys[0]
    assert (phone.effort.clicks, phone.effort.human_seconds, phone.score) == (3, 12.0, 80)
    assert not phone.flaky and len(phone.repeats) == 3
    assert folded.score == round((80 + 100) / 2) and folded.sites[0].score == folded.score


def test_outcomes_that_differ_make_a_journey_flaky() -> None:
    folded = aggregate(result(journey(), journey(outcome="failed", reason="timeout", clicks=0), journey()))
    phone = folded.journeys[0]
    assert phone.flaky and phone.outcome == "reached"
    assert [r.outcome for r in phone.repeats] == ["reached", "failed", "reached"]


def test_a_tie_takes_the_worse_outcome() -> None:
    assert majority(["reached", "gated"]) == "gated"
    assert majority(["reached", "reached", "failed"]) == "reached"
