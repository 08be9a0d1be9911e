"""What a form is for (login, sign-up, contact, callback, lookup...) and which gate fields it asks for.

Every reading takes `lang`, the page's language (`language_of(facts)`): its words are read beside English."""

from __future__ import annotations

from audits.facts import first_phrase, lexicon
from audits.model import FormFacts, FormField

# An input's type says what it asks for in any language.
TYPE_WORDS = {"email": "email", "tel": "phone", "password": "password"}


def field_words(field: FormField) -> str:
    """What a field asks for: its label as written ("E-Mail"), its name and autocomplete as words, its type."""
    coded = f"{field.name} {field.autocomplete}".replace("_", " ").replace("-", " ")
    return f"{field.label} {coded} {TYPE_WORDS.get(field.type, '')}".lower()


def gate_fields(form: FormFacts, lang: str = "") -> dict[str, str]:
    """Gate kind -> the field label that asks for it (account number, service address)."""
    gates = lexicon(lang)["gates"]
    found: dict[str, str] = {}
    for field in form.visible_fields:
        for kind in ("account-number", "address"):
            if kind not in found and first_phrase(field_words(field), gates[kind]["fields"]):
                found[kind] = field.label or field.name
    return found


def _has(form: FormFacts, words: list[str]) -> bool:
    return any(first_phrase(field_words(f), words) for f in form.visible_fields)


def _is_signup(form: FormFacts, passwords: list[FormField], words: dict[str, list[str]]) -> bool:
    submit = form.submit_label.lower()
    if len(passwords) >= 2 or any("new-password" in p.autocomplete for p in passwords):
        return True
    if any(first_phrase(field_words(p), words["new_password_words"]) for p in passwords):
        return True
    if first_phrase(submit, words["login_submit"]) and not first_phrase(submit, words["create_words"]):
        return False
    return bool(first_phrase(submit + " " + form.heading, words["signup_submit"] + words["create_words"]))


def purpose(form: FormFacts, lang: str = "") -> str:
    """login | signup | account-lookup | contact | callback | comment | address-check | search | newsletter | other."""
    lexed = lexicon(lang)
    words = lexed["forms"]
    fields = form.visible_fields
    passwords = [f for f in fields if f.type == "password"]
    title = f"{form.heading} {form.submit_label}".lower()
    if passwords:
        return "signup" if _is_signup(form, passwords, words) else "login"
    gates = gate_fields(form, lang)
    if first_phrase(title, lexed["channels"]["callback_words"]):
        return "callback"
    if first_phrase(title, words.get("comment_words", [])):
        return "comment"
    has_message = any(f.type == "textarea" for f in fields) or _has(form, words["message_words"])
    if has_message and _has(form, words["reply_words"]):
        return "contact"
    if "account-number" in gates and len(fields) <= 3:
        return "account-lookup"
    if "address" in gates and len(fields) <= 4:
        return "address-check"
    if len(fields) <= 2 and (any(f.type == "search" for f in fields) or first_phrase(title, words["search_words"])):
        return "search"
    if len(fields) <= 2 and first_phrase(title, words["newsletter_words"]):
        return "newsletter"
    if _signup_without_password(form, fields, words):
        return "signup"
    return "other"


def _signup_without_password(form: FormFacts, fields: list[FormField], words: dict[str, list[str]]) -> bool:
    """A form that creates an account and sends the password later: an identity asked for, a sign-up button."""
    identity = [f for f in fields if f.type == "email" or "email" in f.autocomplete or "username" in f.autocomplete
                or first_phrase(field_words(f), ["email", "e-mail", "username", "user name"])]
    submit = form.submit_label.lower()
    return (len(fields) >= 2 and bool(identity) and not first_phrase(submit, words["login_submit"])
            and bool(first_phrase(submit, words["signup_submit"] + words["create_words"])))


def required_count(form: FormFacts) -> int:
    """Visible fields a customer must fill (checkboxes for terms included)."""
    return len(form.required_fields)
