"""Gates on a page: login walls, account-number fields, address checks, CAPTCHAs, app-only, existing-only."""

from __future__ import annotations

from audits.facts import first_phrase, host_matches, host_of, lexicon
from audits.facts.forms import gate_fields, purpose
from audits.model import Gate, PageFacts


def _login_wall(facts: PageFacts) -> Gate | None:
    purposes = [purpose(f) for f in facts.forms]
    if "login" not in purposes or "signup" in purposes:
        return None
    heading = " ".join([facts.title, *facts.headings[:3]])
    said = first_phrase(heading, lexicon()["gates"]["login"]["headings"])
    return Gate(kind="login", url=facts.url, evidence=said or "a sign-in form") if said else None


def _field_gates(facts: PageFacts) -> list[Gate]:
    found = []
    for form in facts.forms:
        if purpose(form) in ("search", "newsletter"):
            continue
        for kind, label in gate_fields(form).items():
            if kind == "address" and purpose(form) not in ("address-check", "other"):
                continue
            found.append(Gate(kind=kind, url=facts.url, evidence=label))
    return found


def _phrase_gate(facts: PageFacts, kind: str) -> Gate | None:
    said = first_phrase(facts.text, lexicon()["gates"][kind]["phrases"])
    return Gate(kind=kind, url=facts.url, evidence=said) if said else None


def _captcha(facts: PageFacts) -> Gate | None:
    if any(f.captcha for f in facts.forms) or any("captcha" in f.lower() for f in facts.frames):
        return Gate(kind="captcha", url=facts.url, evidence="a CAPTCHA on the form")
    return _phrase_gate(facts, "captcha")


def _app_only(facts: PageFacts) -> Gate | None:
    stores = lexicon()["channels"]["app_store_hosts"]
    has_store_link = any(host_matches(host_of(k.href or ""), stores) for k in facts.links)
    gate = _phrase_gate(facts, "app-only")
    return gate if gate and (has_store_link or "app" in gate.evidence) else None


def gates_on(facts: PageFacts, step: int | None = None) -> list[Gate]:
    """Every gate the page puts in front of a new customer."""
    found = [g for g in (_login_wall(facts), _captcha(facts), _app_only(facts),
                         _phrase_gate(facts, "existing-customers-only")) if g]
    found += _field_gates(facts)
    address = _phrase_gate(facts, "address")
    if address and not any(g.kind == "address" for g in found):
        found.append(address)
    for gate in found:
        gate.step = step
    return found
