"""Phone numbers a customer could call: from tel: links, visible text and image alt text."""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher

from audits.facts import first_phrase, lexicon
from audits.model import PageFacts, Phone

CONTEXT_WINDOW = 90


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def _parse(raw: str, region: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def context_of(before: str) -> str:
    """The purpose of a number from the words just before it: the nearest keyword wins."""
    lowered = before.lower()[-CONTEXT_WINDOW:]
    best, best_at = "general", -1
    for context, words in lexicon()["phone_context"].items():
        for word in words:
            at = lowered.rfind(word)
            if at > best_at:
                best, best_at = context, at
    return best


CALL_WORDS = ["call", "phone", "tel", "telephone", "dial", "ring", "text", "line"]


def _not_a_phone(before: str) -> bool:
    # "Order #2125550147" or "Account 8005550199" are identifiers, not numbers to call;
    # "Call us to order: 1-877-..." is a number to call.
    tail = before.lower()[-24:]
    if first_phrase(before.lower()[-40:], CALL_WORDS):
        return False
    return first_phrase(tail, lexicon()["not_phone_words"]) is not None or tail.rstrip().endswith("#")


def _from_text(text: str, region: str, url: str) -> dict[str, Phone]:
    found: dict[str, Phone] = {}
    for match in PhoneNumberMatcher(text, region, leniency=Leniency.VALID):
        before = text[max(0, match.start - 200):match.start]
        if _not_a_phone(before):
            continue
        e164 = _e164(match.number)
        if e164 not in found:
            line_start = max(before.rfind("\n\n"), 0)
            found[e164] = Phone(e164=e164, display=match.raw_string, url=url,
                                context=context_of(before[line_start:] or before))
    return found


def _from_tel_links(facts: PageFacts, region: str) -> dict[str, Phone]:
    found: dict[str, Phone] = {}
    for link in facts.links:
        if not link.visible or not (link.href or "").lower().startswith("tel:"):
            continue
        number = _parse(re.sub(r"^tel:", "", link.href or "", flags=re.I), region)
        if number is not None:
            e164 = _e164(number)
            found.setdefault(e164, Phone(e164=e164, display=link.text or link.name or e164, url=facts.url,
                                         tel_link=True, context=context_of(link.name)))
    return found


def _from_images(facts: PageFacts, region: str) -> dict[str, Phone]:
    found: dict[str, Phone] = {}
    for image in facts.images:
        alt = image.get("alt", "")
        for e164, phone in _from_text(alt, region, facts.url).items():
            phone.in_image = True
            found.setdefault(e164, phone)
    return found


def phones_on(facts: PageFacts, region: str = "US", step: int | None = None) -> list[Phone]:
    """Every callable number on the page (fax excluded), merged across text, links and images."""
    text = _from_text(facts.text, region, facts.url)
    tel = _from_tel_links(facts, region)
    merged: dict[str, Phone] = {}
    for e164, phone in text.items():
        phone.tel_link = e164 in tel
        merged[e164] = phone
    for e164, phone in tel.items():
        merged.setdefault(e164, phone)
        if merged[e164].context == "general" and phone.context != "general":
            merged[e164].context = phone.context
    for e164, phone in _from_images(facts, region).items():
        merged.setdefault(e164, phone)
    for phone in merged.values():
        phone.step = step
    return [p for p in merged.values() if p.context != "fax"]
