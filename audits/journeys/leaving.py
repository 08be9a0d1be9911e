"""The cancel journey: an existing customer signs in, finds the way out through the retention offers, and
presses the final button only when allowed (`submit: true`); otherwise it stops in front of it."""

from __future__ import annotations

from audits.facts import first_phrase, language_of, lexicon
from audits.goals.cancel import final_form
from audits.journeys import JOURNEYS, Gathered, Session
from audits.journeys.attempt import submit
from audits.journeys.goal_seeking import as_customer
from audits.journeys.navigator import Navigator
from audits.journeys.permission import allowed
from audits.model import Completion, PageFacts


def _press_final(session: Session, facts: PageFacts) -> Completion | None:
    form = final_form(facts)
    if form is None:
        return None
    done = Completion(form=form.submit_label, url=facts.url)
    if not allowed(session):
        return done
    step, sent = submit(session, form)
    after = step.facts
    words = lexicon(language_of(after or facts))["cancellation"]["done"]
    said = first_phrase(after.text, words) if after else None
    done.submitted, done.attempts, done.step = True, 1, step.index
    done.requests = [{k: v for k, v in r.items() if k != "navigation"} for r in sent]
    done.result = "cancelled" if said and sent else "not-cancelled"
    done.detail = f"the page says “{said}”" if said else f"{after.url if after else 'the page'} says nothing of it"
    return done


def _leave(session: Session) -> Gathered:
    gathered = Navigator(session).run()
    facts = session.steps[-1].facts if session.steps else None
    if gathered.sightings.reached is not None and facts is not None:
        gathered.sightings.completion = _press_final(session, facts)
    return gathered


@JOURNEYS.register("cancel")
def cancel(session: Session) -> Gathered:
    return as_customer(session, lambda: _leave(session))
