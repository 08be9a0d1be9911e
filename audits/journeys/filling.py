"""Filling a form as a person does: each field read for what it asks, answered from the synthetic customer,
typed through the driver so every keystroke and every pointing counts in the effort."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from audits.facts import first_phrase
from audits.facts.fields import confirmations
from audits.gather.actions import ACTIONS, CheckArgs, StepContext, ValueTarget
from audits.journeys.customer import Customer, shown
from audits.model import FormFacts, FormField, SentField

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from audits.journeys import Session
    from audits.model import StepRecord

# Options that only ask you to choose: "Select…", "Bitte wählen", "--".
PLACEHOLDER_OPTIONS = ["select", "choose", "please select", "please choose", "bitte wählen", "auswählen",
                       "choisir", "sélectionner", "--", "—"]
DATE_FORMATS = {"en_US": "%m/%d/%Y", "de": "%d.%m.%Y"}
MESSAGES = {
    "en": "Hello, could you tell me which plan suits a household of two? Thank you.",
    "de": "Guten Tag, welcher Tarif passt zu einem Zwei-Personen-Haushalt? Vielen Dank.",
    "fr": "Bonjour, quelle offre convient à un foyer de deux personnes ? Merci.",
}
SUBJECTS = {"en": "A question about your plans", "de": "Frage zu Ihren Tarifen", "fr": "Question sur vos offres"}


@dataclass(frozen=True)
class Entry:
    """One field and what a person puts in it: text to type, an option to pick, or a box to tick."""

    field: FormField
    asks: str
    how: str  # fill | select | check
    value: str


def _date(customer: Customer, field: FormField) -> str:
    if field.type == "date":
        return customer.birthdate.isoformat()
    form = DATE_FORMATS.get(customer.locale) or DATE_FORMATS.get(customer.locale[:2], "%d/%m/%Y")
    return customer.birthdate.strftime(form)


def _text(asks: str, field: FormField, customer: Customer, split_number: bool) -> str | None:
    lang = customer.locale[:2]
    values = {
        "email": customer.email, "email-confirm": customer.email, "password": customer.password,
        "password-confirm": customer.password, "given-name": customer.given_name,
        "family-name": customer.family_name, "name": customer.name, "phone": customer.phone,
        "street": customer.street if split_number else f"{customer.street} {customer.house_number}",
        "house-number": customer.house_number, "postcode": customer.postcode, "city": customer.city,
        "state": customer.state, "country": customer.country, "company": customer.company,
        "username": customer.username, "message": MESSAGES.get(lang, MESSAGES["en"]),
        "subject": SUBJECTS.get(lang, SUBJECTS["en"]),
    }
    if asks == "birthdate":
        return _date(customer, field)
    return values.get(asks)


def _option(field: FormField, asks: str, customer: Customer) -> str | None:
    """The option a person picks: their country or state when asked, else the first real choice."""
    real = [o for o in field.options if o.strip() and not first_phrase(o, PLACEHOLDER_OPTIONS)]
    wanted = {"country": (customer.country, customer.country_code), "state": (customer.state,)}.get(asks, ())
    for option in real:
        if any(w and w.lower() == option.lower() for w in wanted):
            return option
    if wanted and asks == "country":
        return None  # their country is not offered: a person would stop here, so do we
    return real[0] if real and (field.required or asks == "subject") else None


def plan(form: FormFacts, customer: Customer, lang: str = "") -> list[Entry]:
    """What a person enters in each visible field; optional fields it cannot answer, and marketing
    opt-ins, are left alone; required boxes (terms) are ticked."""
    fields = form.visible_fields
    kinds = confirmations(form, lang)
    split_number = "house-number" in kinds.values()
    entries = []
    for index, field in enumerate(fields):
        asks = kinds[index]
        if not field.fid or asks == "payment":
            continue
        if field.type in ("checkbox", "radio"):
            if asks == "terms" or (field.required and asks != "marketing"):
                entries.append(Entry(field, asks, "check", "yes"))
            continue
        if field.tag == "select" or field.type == "select":
            option = _option(field, asks, customer)
            if option is not None:
                entries.append(Entry(field, asks, "select", option))
            continue
        value = _text(asks, field, customer, split_number)
        if value is None and field.required:
            value = "n/a"
        if value is not None:
            entries.append(Entry(field, asks, "fill", value))
    return entries


def _run(entry: Entry, ctx: StepContext) -> Callable[[Page, StepRecord], None]:
    css = f'[data-friction-id="{entry.field.fid}"]'
    args = CheckArgs(css=css) if entry.how == "check" else ValueTarget(css=css, value=entry.value)
    action = ACTIONS.get(entry.how)

    def run(page: Page, step: StepRecord) -> None:
        done = action.run(page, args, ctx)
        step.keystrokes, step.fields_filled = done.keystrokes, done.fields

    return run


def _label(field: FormField) -> str:
    """The field's label as a person reads it: a list's label without the options it holds."""
    label = field.label
    for option in reversed(field.options):  # the options' text follows the label, in their order
        if option and label.endswith(option):
            label = label[: -len(option)].rstrip()
    return label.strip() or field.name


def fill(session: Session, entries: list[Entry]) -> list[SentField]:
    """Enter each value through the driver, one recorded step per field, labelled by the field, never its value."""
    ctx = StepContext(base_url=session.site.start_url, timeout_ms=session.options.step_timeout_ms)
    sent = []
    for entry in entries:
        label = _label(entry.field) or entry.asks
        step, error = session.driver.act(entry.how, label, _run(entry, ctx), navigates=False, shot=lambda _: False)
        if error is None and step.ok:
            sent.append(SentField(label=label, asks=entry.asks, value=shown(entry.value, entry.asks),
                                  required=entry.field.required))
    return sent
