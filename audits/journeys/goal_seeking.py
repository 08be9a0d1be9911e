"""The goal-seeking journey: the navigator, for every registered goal (plugin goals included)."""

from __future__ import annotations

from audits.journeys import JOURNEYS, Gathered, Session
from audits.journeys.navigator import Navigator


@JOURNEYS.register("goal-seeking")
def navigate(session: Session) -> Gathered:
    return Navigator(session).run()
