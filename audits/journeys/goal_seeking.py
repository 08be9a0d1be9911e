"""Registers the navigator as the journey of every registered goal, plugin goals included."""

from __future__ import annotations

from audits.goals import GOALS
from audits.journeys import JOURNEYS, Session, Verdict
from audits.journeys.navigator import Navigator


def _navigate(session: Session) -> Verdict:
    return Navigator(session).run()


for goal in GOALS.names():
    JOURNEYS.add(goal, _navigate)
