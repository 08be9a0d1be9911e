"""Ways to reach a person: chat as the only door, and help pages standing in front of people."""

from __future__ import annotations

import re

from audits.detectors import Check, detector
from audits.detectors.common import ended_by, page_key, plural, step_of, with_facts
from audits.model import JourneyEvidence

CHAT_KINDS = ("chat", "chatbot")
# Channels where a person answers (a live chat does too, but alone it is the friction judged here).
PERSON_KINDS = ("form", "email", "phone", "callback", "messaging")
SELF_SERVICE_KINDS = ("help-centre", "chatbot")
# Phone numbers that do not lead to support: selling, text telephones and fax.
NOT_SUPPORT_LINES = ("sales", "tty", "fax")
# One help page on the way is normal (Help -> Contact us); more is a detour.
HELP_PAGES_ALLOWED = 1
HELP_URL = re.compile(r"/(help|faqs?|knowledge|kb|hc|answers|articles|self-?service|troubleshoot)(/|$|\.|-)", re.I)
HELP_WORDS = re.compile(r"\bfaqs?\b|frequently asked|help cent(re|er)|knowledge base|help articles?", re.I)
# The prompts of a deflecting help centre: it asks whether the article helped instead of offering a person.
DEFLECTING = re.compile(
    r"did this answer your question|was this (article |page |answer )?helpful|still need help", re.I,
)


def people(evidence: JourneyEvidence) -> list[tuple[str, int | None]]:
    """Every offer of a person: (kind, step) for contact channels the persona may use and support numbers."""
    new_customer = evidence.persona_kind == "new-customer"
    offers = [(c.kind, step_of(evidence, c.step, c.url)) for c in evidence.channels
              if c.kind in PERSON_KINDS and (c.usable_by_new_customer or not new_customer)]
    offers += [("phone", step_of(evidence, p.step, p.url))
               for p in evidence.phones if p.context not in NOT_SUPPORT_LINES]
    return offers


def first_person_step(evidence: JourneyEvidence) -> int | None:
    return min((step for _, step in people(evidence) if step is not None), default=None)


@detector(
    "chat-only",
    title_pass="A person can be reached by more than chat",
    title_fail="Only a chat window on offer: no phone, email or form",
    why="Customers with a complicated or urgent problem want to talk or write; "
        "a chat box alone feels like a brush-off.",
    category="channel",
    severity="major",
    goals=("reach-support",),
    needs="channels (kind, usable_by_new_customer), phones (context), reason",
)
def chat_only(evidence: JourneyEvidence) -> Check | None:
    """Fails when chat (live or bot) is the only contact offered; minor when a person answers the chat."""
    chats = [c for c in evidence.channels if c.kind in CHAT_KINDS]
    offers = people(evidence)
    if offers and not ended_by(evidence, "chat-only"):
        return Check(True, "offered: " + ", ".join(sorted({kind for kind, _ in offers})))
    if not chats and not ended_by(evidence, "chat-only"):
        return None
    live = any(c.kind == "chat" for c in chats)
    who = "a live chat" if live else "a chat bot"
    where = f" at {chats[0].url}" if chats and chats[0].url else ""
    steps = sorted({c.step for c in chats if c.step is not None})
    return Check(False, f"only {who}{where}", steps, severity="minor" if live else None)


def _help_pages(evidence: JourneyEvidence, until: int | None = None, path: bool = True) -> list[tuple[int, str]]:
    """Distinct self-service pages seen before step `until` (all of them if None), on the journey's
    path when it recorded one: the navigator's own detours are not the site's doing."""
    marked = {c.step for c in evidence.channels if c.kind in SELF_SERVICE_KINDS and c.step is not None}
    on_path = set(evidence.path) if path else set()
    pages: dict[str, int] = {}
    for step, facts in with_facts(evidence):
        if until is not None and step.index >= until:
            break
        if on_path and step.index not in on_path:
            continue
        looks_like_help = (HELP_URL.search(facts.url) or DEFLECTING.search(facts.text)
                           or HELP_WORDS.search(" ".join([facts.title, *facts.headings])))
        if step.index in marked or looks_like_help:
            pages.setdefault(page_key(facts.url), step.index)
    return sorted((index, url) for url, index in pages.items())


@detector(
    "faq-deflection",
    title_pass="No detour through help pages before a person",
    title_fail="Sent through {pages} {ending}",
    why="Making customers read help articles before they may contact anyone tells them "
        "the company would rather not hear from them.",
    category="channel",
    severity="major",
    goals=("reach-support",),
    needs="channels, phones, steps[].facts (url, title, headings)",
)
def faq_deflection(evidence: JourneyEvidence) -> Check | None:
    """Fails when more than one help page (by address, title, headings or "Was this helpful?"
    prompts) comes before the first way to reach a person along the journey's path; or, when no
    person is offered at all, when two or more help pages were seen and they deflect ("Did this
    answer your question?"), or the verdict is faq-loop or self-service-only."""
    if people(evidence):
        seen = _help_pages(evidence, first_person_step(evidence))
        values = {"pages": plural(len(seen), "help page"), "ending": "before reaching a person"}
        detail = ", ".join(url for _, url in seen)
        return Check(len(seen) <= HELP_PAGES_ALLOWED, detail, [i for i, _ in seen], values)
    seen = _help_pages(evidence, path=False)
    asked = any(DEFLECTING.search(facts.text) for _, facts in with_facts(evidence))
    verdict = ended_by(evidence, "faq-loop") or ended_by(evidence, "self-service-only")
    if not verdict and not (asked and len(seen) > HELP_PAGES_ALLOWED):
        return None  # no person and no deflecting help centre: the verdict and chat-only tell that story
    values = {"pages": plural(len(seen), "help page") if seen else "help pages", "ending": "and never offered a person"}
    detail = ", ".join(url for _, url in seen) or evidence.reason_detail
    return Check(False, detail, [i for i, _ in seen], values)
