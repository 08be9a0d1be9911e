"""Ways to reach a person that a page offers: form, email, chat, phone, callback, messaging, social."""

from __future__ import annotations

from audits.facts import first_phrase, host_matches, host_of, lexicon
from audits.facts.forms import gate_fields, purpose
from audits.model import Channel, Link, PageFacts, Phone

HUMAN = ("form", "email", "chat", "phone", "callback", "messaging")
SUPPORT_PHONE_CONTEXTS = ("support", "general", "billing", "international")


def _link_channels(facts: PageFacts) -> list[Channel]:
    words = lexicon()["channels"]
    found = []
    for link in facts.links:
        href = (link.href or "").strip()
        label = link.name or link.text
        lowered = href.lower()
        if lowered.startswith("mailto:") and link.visible:
            found.append(Channel(kind="email", url=facts.url, label=href[7:].split("?")[0]))
        elif lowered.startswith("sms:") or host_matches(host_of(href), words["messaging_hosts"]):
            found.append(Channel(kind="messaging", url=href, label=label))
        elif host_matches(host_of(href), words["social_hosts"]):
            found.append(Channel(kind="social", url=href, label=label or host_of(href)))
    return found


def _form_channels(facts: PageFacts) -> list[Channel]:
    found = []
    for form in facts.forms:
        kind = purpose(form)
        if kind not in ("contact", "callback"):
            continue
        gates = gate_fields(form)
        usable = "account-number" not in gates and not form.captcha
        label = form.heading or form.submit_label
        found.append(Channel(kind="form" if kind == "contact" else "callback", url=facts.url,
                             usable_by_new_customer=usable, label=label))
    return found


def _vendor(facts: PageFacts) -> str:
    vendors: dict[str, str] = lexicon()["channels"]["chat_vendors"]
    haystack = " ".join(facts.scripts + facts.frames + facts.widgets).lower()
    return next((name for key, name in vendors.items() if key in haystack), "")


def _is_launcher(link: Link, words: list[str]) -> bool:
    """A visible button (not a link to another page) that says chat."""
    opens_in_place = link.tag in ("button", "div", "span") or link.role == "button"
    said = f"{link.name} {link.text} {link.controls}"
    return link.visible and opens_in_place and bool(first_phrase(said, words))


def _chat_channel(facts: PageFacts) -> Channel | None:
    words = lexicon()["channels"]
    launchers = [k for k in facts.links if _is_launcher(k, words["chat_words"] + words["bot_words"])]
    vendor = _vendor(facts)
    shown = [w for w in facts.widgets if not w.startswith("hidden: ")]
    if not launchers and not vendor and not shown:
        return None
    said = " ".join([*(f"{k.name} {k.text} {k.controls}" for k in launchers), *facts.widgets]).lower()
    is_bot = first_phrase(said, words["bot_words"]) and not first_phrase(said, words["human_chat_words"])
    label = launchers[0].name if launchers else vendor
    return Channel(kind="chatbot" if is_bot else "chat", url=facts.url, label=label, vendor=vendor)


def _phone_channels(phones: list[Phone]) -> list[Channel]:
    return [
        Channel(kind="phone", url=p.url, label=p.display)
        for p in phones
        if p.context in SUPPORT_PHONE_CONTEXTS and not p.in_image
    ]


def is_help_centre(facts: PageFacts) -> bool:
    words = lexicon()["channels"]
    heading = " ".join([facts.title, *facts.headings[:3]])
    return bool(first_phrase(heading, words["help_centre_words"]))


def deflection_prompt(facts: PageFacts) -> str | None:
    """The 'Did this answer your question?' wording on a self-service page, if present."""
    return first_phrase(facts.text, lexicon()["channels"]["deflection_phrases"])


def channels_on(facts: PageFacts, phones: list[Phone], step: int | None = None) -> list[Channel]:
    """Every channel the page offers, each marked usable or not by a new customer."""
    found = _link_channels(facts) + _form_channels(facts) + _phone_channels(phones)
    chat = _chat_channel(facts)
    if chat:
        found.append(chat)
    if is_help_centre(facts):
        found.append(Channel(kind="help-centre", url=facts.url, label=facts.title))
    for channel in found:
        channel.step = step
    return found


def is_human(channel: Channel) -> bool:
    return channel.kind in HUMAN
