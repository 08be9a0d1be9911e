"""Ways to reach a person: chat as the only door, and help pages standing in front of people."""

from __future__ import annotations

import re

from audits.judge.detectors import Check, detector
from audits.judge.detectors.common import ended_by, page_key, plural, step_of, with_facts
from audits.model import JourneyEvidence

# Channels where a person answers; a live chat with agents is one, a chat bot is not.
PERSON_KINDS = ("form", "email", "phone", "callback", "messaging", "chat")
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
    title_pass="A person can be reached, not just a chat bot",
    title_fail="Only a chat bot on offer: no person to talk or write to",
    why="Customers with a complicated or urgent problem want a person; "
        "a bot that cannot hand over feels like a brush-off.",
    category="channel",
    severity="major",
    family="person",
    needs="channels (kind, usable_by_new_customer), phones (context)",
)
def chat_only(evidence: JourneyEvidence) -> Check | None:
    """Fails when a chat bot the journey found (a launcher or a vendor's widget, as channels are read)
    is the only contact offered; a live chat with agents, a phone line, an email address, a form, a
    callback or a messaging app is a person. Words about chat or bots on a page are not a chat, and
    neither is a verdict that names no chat bot."""
    offers = people(evidence)
    if offers:
        return Check(True, "offered: " + ", ".join(sorted({kind for kind, _ in offers})))
    bots = [c for c in evidence.channels if c.kind == "chatbot"]
    if not bots:
        return None
    where = f" at {bots[0].url}" if bots[0].url else ""
    return Check(False, f"only a chat bot{where}", sorted({c.step for c in bots if c.step is not None}))


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
    family="help-detour",
    needs="channels, phones, path, steps[].facts (url, title, headings, text)",
)
def faq_deflection(evidence: JourneyEvidence) -> Check | None:
    """Fails when more than one help page (by address, title, headings or "Was this helpful?"
    prompts) comes before the first way to reach a person along the journey's path; when no person
    is offered at all, when the verdict is faq-loop or self-service-only. A goal-seeking journey
    that did not reach its goal has no path: the help pages its search went through are its own."""
    wandered = evidence.kind == "goal" and evidence.outcome != "reached"
    if people(evidence) and not wandered:
        seen = _help_pages(evidence, first_person_step(evidence))
        values = {"pages": plural(len(seen), "help page"), "ending": "before reaching a person"}
        detail = ", ".join(url for _, url in seen)
        return Check(len(seen) <= HELP_PAGES_ALLOWED, detail, [i for i, _ in seen], values)
    if not ended_by(evidence, "faq-loop") and not ended_by(evidence, "self-service-only"):
        # No person at all, and the help pages a search wandered through prove nothing by themselves.
        return None
    seen = _help_pages(evidence, path=False)
    values = {"pages": plural(len(seen), "help page") if seen else "help pages", "ending": "and never offered a person"}
    detail = ", ".join(url for _, url in seen) or evidence.reason_detail
    return Check(False, detail, [i for i, _ in seen], values)
