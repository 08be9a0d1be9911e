"""Registers the goal-seeking journeys (find-phone, reach-support, sign-up) with the navigator."""

from __future__ import annotations

from audits.journeys import JOURNEYS, Gathered, Session
from audits.journeys.goals import GOAL_TESTS
from audits.journeys.navigator import Navigator


def _navigate(session: Session) -> Gathered:
    return Navigator(session).run()


for goal in GOAL_TESTS:
    JOURNEYS.add(goal, _navigate)
