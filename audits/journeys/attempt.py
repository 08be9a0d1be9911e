"""Trying the form a goal is after: fill it in as the synthetic customer, send it, read what happened,
and try once more where the page says what it wants (or the same form comes back without a word)."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from audits.facts import language_of
from audits.facts.forms import purpose
from audits.facts.region import region_of
from audits.gather.driver import CLICK_TIMEOUT_MS
from audits.journeys.completion import Reading, classify, next_form, same_form
from audits.journeys.customer import Customer, customer_for, keep_secrets, locale_for, password_for
from audits.journeys.filling import fill, plan
from audits.journeys.permission import allowed, refusal
from audits.model import Completion, FormFacts, PageFacts, StepRecord

if TYPE_CHECKING:
    from playwright.sync_api import Page, Request, Response

    from audits.journeys import Session

# Sends in all: the steps of a form in several parts, and one more try where the page asks for it.
MAX_SENDS = 5
# A script that sends the form with fetch answers after the click: how long a person would wait for it.
ANSWER_WAIT_MS = 3000
SENDING = ("document", "xhr", "fetch")
SETTLE_MS = 200


class Outbox:
    """The requests a submit sent: method, path and status (never the body, never the query)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.sent: list[dict[str, Any]] = []
        self.pending: set[Request] = set()

    def __enter__(self) -> Outbox:
        self.page.on("request", self._went)
        self.page.on("response", self._answered)
        self.page.on("requestfailed", self._failed)
        return self

    def __exit__(self, *_: object) -> None:
        self.page.remove_listener("request", self._went)
        self.page.remove_listener("response", self._answered)
        self.page.remove_listener("requestfailed", self._failed)

    def _sends(self, request: Request) -> bool:
        navigation = request.is_navigation_request() and request.frame == self.page.main_frame
        return request.resource_type in SENDING and (request.method != "GET" or navigation)

    def _went(self, request: Request) -> None:
        if self._sends(request):
            self.pending.add(request)

    def _record(self, request: Request, status: int | None) -> None:
        self.pending.discard(request)
        if self._sends(request):
            self.sent.append({"method": request.method, "path": urlsplit(request.url).path or "/",
                              "status": status, "navigation": request.is_navigation_request()})

    def _answered(self, response: Response) -> None:
        self._record(response.request, response.status)

    def _failed(self, request: Request) -> None:
        self._record(request, None)

    def wait(self) -> None:
        """Until what the submit sent has answered (a script's fetch answers after the click), then a moment
        for the page to show it."""
        self.page.wait_for_timeout(SETTLE_MS)
        for _ in range(ANSWER_WAIT_MS // SETTLE_MS):
            if not self.pending:
                break
            self.page.wait_for_timeout(SETTLE_MS)
        with contextlib.suppress(Exception):
            self.page.wait_for_load_state("load", timeout=ANSWER_WAIT_MS)
        self.page.wait_for_timeout(SETTLE_MS)


def _name(form: FormFacts) -> str:
    return form.heading or form.submit_label or "the"


def _customer(session: Session, facts: PageFacts, lang: str) -> Customer:
    """The same customer for the same run seed, site and persona, in the site's locale."""
    region = region_of(facts, facts.url, session.site.region)
    seed = f"{session.options.seed}:{session.site.id}:{session.persona.id}"
    customer = customer_for(seed, locale_for(lang, region), session.identity)
    keep_secrets(customer)
    return customer


def _press(form: FormFacts, page: Page, outbox: Outbox) -> None:
    if form.submit_fid:
        page.locator(f'[data-friction-id="{form.submit_fid}"]').first.click(timeout=CLICK_TIMEOUT_MS)
    else:  # no button: Enter in the last field sends a form, as people know
        last = form.visible_fields[-1]
        page.locator(f'[data-friction-id="{last.fid}"]').first.press("Enter", timeout=CLICK_TIMEOUT_MS)
    outbox.wait()


def submit(session: Session, form: FormFacts) -> tuple[StepRecord, list[dict[str, Any]]]:
    with Outbox(session.page) as outbox:
        step, _ = session.driver.act("submit", form.submit_label or "Enter", lambda page, _: _press(form, page, outbox),
                                     navigates=True, shot=lambda _: True)
    return step, outbox.sent


def attempt(session: Session, facts: PageFacts, purposes: tuple[str, ...]) -> Completion | None:
    """The completion of the first form on the page the goal is after; None when there is none."""
    lang = language_of(facts)
    form = next((f for f in facts.forms if purpose(f, lang) in purposes), None)
    if form is None:
        return None
    done = Completion(form=_name(form), url=facts.url)
    if not allowed(session):
        return done
    why = refusal(session, form, facts.url, lang)
    if why or form.captcha:
        done.result = "captcha" if not why else "refused"
        done.detail = why or "the form carries a CAPTCHA, which a synthetic customer does not answer"
        return done
    return _send(session, form, facts, lang, done)


def _send(session: Session, form: FormFacts, before: PageFacts, lang: str, done: Completion) -> Completion:
    customer = _customer(session, before, lang)
    retried = False
    for _ in range(MAX_SENDS):
        done.form, done.url = _name(form), before.url
        done.fields += fill(session, plan(form, customer, lang))
        step, sent = submit(session, form)
        after = step.facts
        reading = classify(form, before, after, sent, step.dialogs, lang)
        done.submitted, done.attempts, done.step = True, done.attempts + 1, step.index
        done.requests += [{k: v for k, v in r.items() if k != "navigation"} for r in sent]
        done.errors_shown += [e for e in reading.errors if e not in done.errors_shown]
        done.result, done.detail, done.fields_filled = reading.result, reading.detail, len(done.fields)
        if after is None:
            break
        if reading.result == "next-step" and (following := next_form(form, after, lang)) is not None:
            form, before = following, after
            continue
        again = same_form(form, after, lang)
        retry = None if retried else _retry(reading, customer, session)
        if retry is None or again is None:
            break
        customer, form, before, retried = retry, again, after, True
    return done


def _retry(reading: Reading, customer: Customer, session: Session) -> Customer | None:
    """Who tries again: after a loop the same customer (a person tries once more), after an error
    that says what the password needs, the customer with a password that has it."""
    if reading.result == "loop":
        return customer
    if reading.result != "validation-error":
        return None
    stronger = password_for(" ".join(reading.errors), f"{session.options.seed}:retry", customer.password)
    if stronger is None:
        return None
    better = customer.with_password(stronger)
    keep_secrets(better)
    return better
