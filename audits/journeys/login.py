"""An existing customer signs in first: find the sign-in goal-seeking, enter the persona's own credentials,
and say whether it worked (logged in, wrong credentials, a second factor, a CAPTCHA)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from audits.facts import first_phrase, language_of, lexicon
from audits.facts.fields import confirmations
from audits.facts.forms import purpose
from audits.journeys.attempt import submit
from audits.journeys.completion import Reading, same_form
from audits.journeys.customer import MASK
from audits.journeys.filling import Entry, fill
from audits.journeys.navigator import Navigator
from audits.model import Completion, FormFacts, PageFacts

if TYPE_CHECKING:
    from audits.journeys import Session

# What asks for a second factor: a one-time code field, or a form that says so.
CODE_AUTOCOMPLETE = "one-time-code"
CODE_WORDS = ["verification code", "security code", "one-time code", "one time code", "authentication code",
              "6-digit code", "enter the code", "two-factor", "2fa", "bestätigungscode", "code de vérification"]


def needs_sign_in(session: Session) -> bool:
    """An existing customer with credentials and no saved session signs in before the journey."""
    persona = session.persona
    return persona.kind == "existing-customer" and bool(persona.credentials) and not persona.storage_state


def _entries(form: FormFacts, credentials: dict[str, str], lang: str) -> list[Entry]:
    kinds = confirmations(form, lang)
    identity = credentials.get("email") or credentials.get("username") or credentials.get("user") or ""
    values = {"email": identity, "username": identity, "password": credentials.get("password", "")}
    entries = []
    for index, field in enumerate(form.visible_fields):
        kind = "username" if kinds[index] == "other" and field.type == "text" else kinds[index]
        if field.fid and values.get(kind):
            entries.append(Entry(field, kind, "fill", values[kind]))
    return entries


def _asks_code(page: PageFacts) -> bool:
    for form in page.forms:
        for field in form.visible_fields:
            if CODE_AUTOCOMPLETE in field.autocomplete or first_phrase(f"{field.label} {field.name}", CODE_WORDS):
                return True
    return bool(page.forms) and bool(first_phrase(page.text, CODE_WORDS))


def read_sign_in(form: FormFacts, before: PageFacts, after: PageFacts | None, lang: str = "") -> Reading:
    """What signing in came to, from the page it led to."""
    if after is None or after.error_page:
        return Reading("server-error", "the page did not load after signing in")
    errors = [a for a in after.alerts if a not in before.alerts]
    if any(f.captcha for f in after.forms) or form.captcha:
        return Reading("captcha", "a CAPTCHA stands in front of signing in", errors)
    if _asks_code(after):
        return Reading("second-factor", f"{after.url} asks for a code", errors)
    if same_form(form, after, lang) is not None or after.invalid_fields:
        said = f": “{errors[0]}”" if errors else ", with no message"
        return Reading("wrong-credentials", f"the sign-in form came back{said}", errors)
    words = lexicon(lang)["completion"]["logged_in"]
    offered = next((link.name for link in after.links if link.visible and first_phrase(link.name, words)), None)
    how = f"the page now offers “{offered}”" if offered else f"the form gave way to {after.url}"
    return Reading("logged-in", how)


def sign_in(session: Session) -> Completion:
    """Find the sign-in form as a customer would, and log in with the persona's credentials."""
    Navigator(session, goal="sign-in").run()
    facts = session.steps[-1].facts if session.steps else None
    lang = language_of(facts) if facts else ""
    form = next((f for f in facts.forms if purpose(f, lang) == "login"), None) if facts else None
    if facts is None or form is None:
        return Completion(result="no-sign-in", detail="no sign-in form was found")
    from audits.scenario import resolve_env

    credentials = {key: resolve_env(value) for key, value in session.persona.credentials.items()}
    sent = fill(session, _entries(form, credentials, lang))
    step, requests = submit(session, form)
    reading = read_sign_in(form, facts, step.facts, lang)
    return Completion(
        submitted=True, result=reading.result, fields_filled=len(sent), errors_shown=reading.errors, attempts=1,
        form=form.heading or form.submit_label, url=facts.url, detail=reading.detail, step=step.index,
        fields=[f.model_copy(update={"value": MASK}) for f in sent],  # every credential is a secret
        requests=[{k: v for k, v in r.items() if k != "navigation"} for r in requests],
    )
