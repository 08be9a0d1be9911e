"""What each field of a form asks a customer for: from its autocomplete, its type, then its label and name."""

from __future__ import annotations

from audits.facts import first_phrase, lexicon
from audits.facts.forms import field_words
from audits.model import FormFacts, FormField

# The HTML autocomplete tokens (WHATWG "autofill detail tokens") and what they ask for.
AUTOCOMPLETE = {
    "email": "email", "new-password": "password", "current-password": "password", "given-name": "given-name",
    "family-name": "family-name", "name": "name", "tel": "phone", "tel-national": "phone", "street-address": "street",
    "address-line1": "street", "postal-code": "postcode", "address-level2": "city", "address-level1": "state",
    "country": "country", "country-name": "country", "bday": "birthdate", "organization": "company",
    "username": "username", "cc-number": "payment", "cc-csc": "payment", "cc-exp": "payment",
}
# Asks a checkbox can have; every other checkbox is left as it is unless it is required.
CHECKBOX_ASKS = ("terms", "marketing")


def _autocomplete(field: FormField) -> str | None:
    tokens = field.autocomplete.lower().split()
    return next((AUTOCOMPLETE[t] for t in reversed(tokens) if t in AUTOCOMPLETE), None)


def asks(field: FormField, lang: str = "") -> str:
    """email, email-confirm, password, password-confirm, given-name, family-name, name, phone, street,
    house-number, postcode, city, state, country, birthdate, company, username, message, subject, terms,
    marketing, payment, or "other"."""
    words = field_words(field)
    table: dict[str, list[str]] = lexicon(lang)["fields"]
    if field.type in ("checkbox", "radio"):
        return next((kind for kind in CHECKBOX_ASKS if first_phrase(words, table[kind])), "other")
    said = next((kind for kind, phrases in table.items() if kind not in CHECKBOX_ASKS and first_phrase(words, phrases)),
                None)
    coded = _autocomplete(field)
    if said in ("email-confirm", "password-confirm") or (said == "payment" and coded is None):
        return said
    if coded:
        return coded
    if field.type in ("email", "tel", "password"):
        return {"email": "email", "tel": "phone", "password": "password"}[field.type]
    if field.type == "textarea":
        return "message"
    return said or "other"


def confirmations(form: FormFacts, lang: str = "") -> dict[int, str]:
    """Field index -> ask, with a second password (or e-mail) read as its confirmation."""
    found: dict[int, str] = {}
    seen: set[str] = set()
    for index, field in enumerate(form.visible_fields):
        kind = asks(field, lang)
        if kind in ("password", "email") and kind in seen:
            kind = f"{kind}-confirm"
        seen.add(kind)
        found[index] = kind
    return found


def takes_payment(form: FormFacts, lang: str = "") -> bool:
    """The form asks for a card or bank account."""
    return "payment" in confirmations(form, lang).values()
