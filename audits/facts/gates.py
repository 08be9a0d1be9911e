"""Gates on a page: login walls, account-number fields, address checks, CAPTCHAs, app-only, existing-only."""

from __future__ import annotations

from audits.facts import first_phrase, host_matches, host_of, language_of, lexicon
from audits.facts.forms import gate_fields, purpose
from audits.model import FormFacts, Gate, PageFacts

# Forms whose gates stand in no customer's way: a search box or a newsletter sign-up.
SIDE_FORMS = ("search", "newsletter", "comment")


def _login_wall(facts: PageFacts, lang: str) -> Gate | None:
    purposes = [purpose(f, lang) for f in facts.forms]
    if "login" not in purposes or "signup" in purposes:
        return None
    heading = " ".join([facts.title, *facts.headings[:3]])
    said = first_phrase(heading, lexicon(lang)["gates"]["login"]["headings"])
    return Gate(kind="login", url=facts.url, evidence=said) if said else None


def _field_gates(facts: PageFacts, lang: str) -> list[Gate]:
    found = []
    for form in facts.forms:
        kind_of = purpose(form, lang)
        if kind_of in SIDE_FORMS:
            continue
        for kind, label in gate_fields(form, lang).items():
            if kind == "address" and kind_of not in ("address-check", "other"):
                continue
            found.append(Gate(kind=kind, url=facts.url, evidence=label))
    return found


def _phrase_gate(facts: PageFacts, kind: str, lang: str) -> Gate | None:
    said = first_phrase(facts.text, lexicon(lang)["gates"][kind]["phrases"])
    return Gate(kind=kind, url=facts.url, evidence=said) if said else None


def _has_fields(forms: list[FormFacts]) -> bool:
    return any(f.visible_fields for f in forms)


def _shown_captcha_frame(facts: PageFacts) -> bool:
    """A CAPTCHA frame a person is shown (not a score-based one that never asks anything)."""
    unseen = lexicon()["gates"]["captcha"]["unseen_frames"]
    frames = [f.lower() for f in facts.frames + facts.cross_origin_frames]
    return any("captcha" in f and not any(u in f for u in unseen) for f in frames)


def _captcha(facts: PageFacts, lang: str) -> Gate | None:
    """A CAPTCHA on a form closes that form (`on_form`); one with no form around it closes the page."""
    forms = [f for f in facts.forms if f.captcha and purpose(f, lang) not in SIDE_FORMS]
    if forms:
        return Gate(kind="captcha", url=facts.url, evidence="a CAPTCHA on the form", on_form=True)
    gate = _phrase_gate(facts, "captcha", lang)
    if gate is None and _shown_captcha_frame(facts):
        gate = Gate(kind="captcha", url=facts.url, evidence="a CAPTCHA on the page")
    if gate is not None:
        gate.on_form = _has_fields(facts.forms)
    return gate


def _app_only(facts: PageFacts, lang: str) -> Gate | None:
    stores = lexicon()["channels"]["app_store_hosts"]
    has_store_link = any(host_matches(host_of(k.href or ""), stores) for k in facts.links)
    gate = _phrase_gate(facts, "app-only", lang)
    return gate if gate and (has_store_link or "app" in gate.evidence) else None


def gates_on(facts: PageFacts, step: int | None = None) -> list[Gate]:
    """Every gate the page puts in front of a new customer, read in English and the page's language."""
    lang = language_of(facts)
    found = [g for g in (_login_wall(facts, lang), _captcha(facts, lang), _app_only(facts, lang),
                         _phrase_gate(facts, "existing-customers-only", lang)) if g]
    found += _field_gates(facts, lang)
    address = _phrase_gate(facts, "address", lang)
    if address and not any(g.kind == "address" for g in found):
        found.append(address)
    for gate in found:
        gate.step = step
    return found
