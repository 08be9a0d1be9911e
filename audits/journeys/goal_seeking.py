"""The goal-seeking journey: the navigator, for every registered goal (plugin goals included)."""

from __future__ import annotations

from collections.abc import Callable

from audits.journeys import JOURNEYS, Gathered, Session
from audits.journeys.login import needs_sign_in, sign_in
from audits.journeys.navigator import Navigator
from audits.model import Sightings


def as_customer(session: Session, journey: Callable[[], Gathered]) -> Gathered:
    """Run `journey`; an existing customer with credentials signs in first, and a failed sign-in ends it."""
    if not needs_sign_in(session):
        return journey()
    signed = sign_in(session)
    if signed.result != "logged-in":
        return Gathered(Sightings(signed_in=signed))
    gathered = journey()
    gathered.sightings.signed_in = signed
    return gathered


@JOURNEYS.register("goal-seeking")
def navigate(session: Session) -> Gathered:
    """The goal sought from the start page, as the persona it is (signed in when it can be)."""
    return as_customer(session, Navigator(session).run)
