"""What sending a form came to, read from the page before and after, the requests that went out and the DOM
(alerts, aria-invalid), with words only confirming what the page and the network already show."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from audits.facts import first_phrase, lexicon
from audits.facts.forms import purpose
from audits.identity import normalise
from audits.model import FormFacts, PageFacts


@dataclass
class Reading:
    """A named result (vocab.COMPLETIONS), the errors the page showed and how we know."""

    result: str
    detail: str
    errors: list[str] = field(default_factory=list)


@cache
def _ticket(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


def _new_lines(before: PageFacts, after: PageFacts) -> str:
    old = {line.strip() for line in before.text.splitlines()}
    return "\n".join(line for line in after.text.splitlines() if line.strip() and line.strip() not in old)


def _labels(form: FormFacts) -> list[str]:
    return [f.label or f.name for f in form.visible_fields]


def same_form(form: FormFacts, page: PageFacts, lang: str = "") -> FormFacts | None:
    """The form on `page` that is this one again: the same purpose and the same fields."""
    kind = purpose(form, lang)
    return next((f for f in page.forms if purpose(f, lang) == kind and _labels(f) == _labels(form)), None)


def next_form(form: FormFacts, page: PageFacts, lang: str = "") -> FormFacts | None:
    """The next step of a form in several steps: another form for the same purpose on the page it led to."""
    kind = purpose(form, lang)
    return next((f for f in page.forms if purpose(f, lang) == kind and _labels(f) != _labels(form)), None)


def _logged_in(before: PageFacts, after: PageFacts, words: list[str]) -> str | None:
    """A link only a customer with an account sees (sign out, my account), new on the page."""
    had = {link.name.lower() for link in before.links if link.visible}
    for link in after.links:
        if link.visible and link.name.lower() not in had and (said := first_phrase(link.name, words)):
            return said
    return None


def _confirmed(before: PageFacts, after: PageFacts, new: str, lang: str) -> Reading | None:
    """What the page now says happened, in words that confirm a change the DOM shows."""
    waits = lexicon(lang)["account_waits"]
    words = lexicon(lang)["completion"]
    if said := first_phrase(new, waits["administrator"]):
        return Reading("pending-approval", f"the page says “{said}”")
    if said := first_phrase(new, waits["email"]):
        return Reading("email-verification", f"the page says “{said}”")
    if ticket := _ticket(words["ticket"]).search(new):
        return Reading("message-sent", f"the page gives a reference: {ticket.group(0).strip()}")
    if said := first_phrase(new, words["message_sent"]):
        return Reading("message-sent", f"the page says “{said}”")
    if said := _logged_in(before, after, words["logged_in"]):
        return Reading("account-created", f"the page now offers “{said}”: the customer is signed in")
    if said := first_phrase(new, words["welcome"]):
        return Reading("account-created", f"the page says “{said}”")
    return None


def classify(form: FormFacts, before: PageFacts, after: PageFacts | None, sent: list[dict[str, Any]],
             dialogs: list[str], lang: str = "") -> Reading:
    """The result of one submit of `form` (see vocab.COMPLETIONS)."""
    if after is None or after.error_page:
        return Reading("server-error", "the page did not load after sending the form")
    errors = [a for a in after.alerts if a not in before.alerts] + [d for d in dialogs if d.startswith("alert")]
    broke = [r for r in sent if (r.get("status") or 0) >= 500]
    navigated = any(r.get("navigation") for r in sent)
    again = same_form(form, after, lang)
    if any(f.captcha for f in after.forms) and not form.captcha:
        return Reading("captcha", "a CAPTCHA appeared when the form was sent", errors)
    new = "\n".join([_new_lines(before, after), *errors])
    if (sent or normalise(after.url) != normalise(before.url)) and not broke and not after.invalid_fields:
        confirmed = _confirmed(before, after, new, lang)
        if confirmed is not None:
            return confirmed
    if broke and (errors or navigated or (after.status or 0) >= 500):
        return Reading("server-error", f"the server answered HTTP {broke[0]['status']}", errors)
    if errors or after.invalid_fields:
        marked = f"; {after.invalid_fields} field(s) marked invalid" if after.invalid_fields else ""
        return Reading("validation-error", f"the page showed {len(errors)} message(s){marked}", errors)
    if broke:
        return Reading("silent-failure", f"the request answered HTTP {broke[0]['status']} and the page said nothing")
    if again is not None:
        if navigated:
            return Reading("loop", f"it came back at {after.url}, emptied, every time it was sent")
        what = "the request went out" if sent else "nothing went out"
        return Reading("silent-failure", f"{what}, and the page stayed as it was, with no message")
    if next_form(form, after, lang) is not None:
        return Reading("next-step", f"the form led on to another step at {after.url}")
    if purpose(form, lang) == "signup":
        return Reading("account-created", f"the form gave way to {after.url} (no confirmation in words)")
    return Reading("message-sent", f"the form gave way to {after.url} (no confirmation in words)")
