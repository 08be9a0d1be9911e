"""The goal-seeking journey: the navigator, for every registered goal (plugin goals included)."""

from __future__ import annotations

from audits.journeys import JOURNEYS, Session, Verdict
from audits.journeys.navigator import Navigator


@JOURNEYS.register("goal-seeking")
def navigate(session: Session) -> Verdict:
    return Navigator(session).run()
