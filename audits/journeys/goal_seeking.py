"""The goal-seeking journey: the navigator, for every registered goal (plugin goals included)."""

from __future__ import annotations

from audits.journeys import JOURNEYS, Gathered, Session
from audits.journeys.login import needs_sign_in, sign_in
from audits.journeys.navigator import Navigator
from audits.model import Sightings


@JOURNEYS.register("goal-seeking")
def navigate(session: Session) -> Gathered:
    """The goal sought from the start page; an existing customer with credentials signs in first."""
    if not needs_sign_in(session):
        return Navigator(session).run()
    signed = sign_in(session)
    if signed.result != "logged-in":
        return Gathered(Sightings(signed_in=signed))
    gathered = Navigator(session).run()
    gathered.sightings.signed_in = signed
    return gathered
