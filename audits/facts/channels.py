"""Ways to reach a person that a page offers: form, email, chat, phone, callback, messaging, social.

A chat is what a person can open: a launcher button or chat frame that says so, or a known vendor's
widget found in the page's scripts, frames or elements; never the word "chat" in the page's text."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from audits.facts import first_phrase, host_matches, host_of, language_of, lexicon
from audits.facts.forms import gate_fields, purpose
from audits.model import Channel, Link, PageFacts, Phone

HUMAN = ("form", "email", "chat", "phone", "callback", "messaging")
SUPPORT_PHONE_CONTEXTS = ("support", "general", "billing", "international")
# How a frame's source starts when the page gave it one (its title follows it in PageFacts.frames).
URL_STARTS = ("http:", "https:", "/", "about:", "data:", "blob:", "javascript:")


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


def _form_channels(facts: PageFacts, lang: str) -> list[Channel]:
    found = []
    for form in facts.forms:
        kind = purpose(form, lang)
        if kind not in ("contact", "callback"):
            continue
        usable = "account-number" not in gate_fields(form, lang) and not form.captcha
        label = form.heading or form.submit_label
        found.append(Channel(kind="form" if kind == "contact" else "callback", url=facts.url,
                             usable_by_new_customer=usable, label=label))
    return found


@cache
def _mark(mark: str) -> re.Pattern[str]:
    # A mark begins an id, a class or a title: "intercom-launcher" is Intercom's, "snowdrift-banner" is not Drift's.
    return re.compile(r"(?<![a-z0-9])" + re.escape(mark))


def _signed(sign: dict[str, Any], urls: list[str], names: list[str]) -> bool:
    return (any(host in url for host in sign.get("hosts", []) for url in urls)
            or any(_mark(mark).search(name) for mark in sign.get("marks", []) for name in names))


def vendor_of(facts: PageFacts) -> tuple[str, bool]:
    """The chat vendor whose widget the page carries ('' if none), and whether it is an automated assistant first."""
    urls = [u.lower() for u in facts.scripts + facts.frames + facts.cross_origin_frames]
    names = [w.removeprefix("hidden: ").split(" | ")[0].lower() for w in facts.widgets]
    names += [f.lower() for f in facts.frames]
    vendors: dict[str, dict[str, Any]] = lexicon()["channels"]["chat_vendors"]
    found = next((name for name, sign in vendors.items() if _signed(sign, urls, names)), "")
    return found, bool(found and vendors[found].get("bot"))


def _is_launcher(link: Link, words: list[str]) -> bool:
    """A visible button (not a link to another page) that says chat."""
    opens_in_place = link.tag in ("button", "div", "span") or link.role == "button"
    said = f"{link.name} {link.text} {link.controls}"
    return link.visible and opens_in_place and bool(first_phrase(said, words))


def _frame_titles(facts: PageFacts) -> list[str]:
    """The titles of the page's frames, media players left out (a video about chat is not a chat)."""
    media = lexicon()["channels"]["media_hosts"]
    titles = []
    for frame in facts.frames:
        source, _, title = frame.partition(" ")
        if not source.lower().startswith(URL_STARTS):
            source, title = "", frame
        if title and not host_matches(host_of(source), media):
            titles.append(title)
    return titles


def _chat_channel(facts: PageFacts, lang: str) -> Channel | None:
    words = lexicon(lang)["channels"]
    says_chat = words["chat_words"] + words["assistant_words"]
    launchers = [k for k in facts.links if _is_launcher(k, says_chat)]
    frames = [t for t in _frame_titles(facts) if first_phrase(t, says_chat)]
    vendor, bot_first = vendor_of(facts)
    if not launchers and not frames and not vendor:
        return None
    said = " ".join([*(f"{k.name} {k.text} {k.controls}" for k in launchers), *frames, *facts.widgets])
    automated = bot_first or first_phrase(said, words["assistant_words"] + words["bot_words"])
    is_bot = automated and not first_phrase(said, words["human_chat_words"])
    label = (launchers[0].name or launchers[0].text) if launchers else (frames[0] if frames else vendor)
    return Channel(kind="chatbot" if is_bot else "chat", url=facts.url, label=label, vendor=vendor)


def _phone_channels(phones: list[Phone]) -> list[Channel]:
    return [
        Channel(kind="phone", url=p.url, label=p.display)
        for p in phones
        if p.context in SUPPORT_PHONE_CONTEXTS and not p.in_image
    ]


def is_help_centre(facts: PageFacts) -> bool:
    words = lexicon(language_of(facts))["channels"]
    heading = " ".join([facts.title, *facts.headings[:3]])
    return bool(first_phrase(heading, words["help_centre_words"]))


def deflection_prompt(facts: PageFacts) -> str | None:
    """The 'Did this answer your question?' wording on a self-service page, if present."""
    return first_phrase(facts.text, lexicon(language_of(facts))["channels"]["deflection_phrases"])


def channels_on(facts: PageFacts, phones: list[Phone], step: int | None = None) -> list[Channel]:
    """Every channel the page offers, each marked usable or not by a new customer, read in English and the
    page's language."""
    lang = language_of(facts)
    found = _link_channels(facts) + _form_channels(facts, lang) + _phone_channels(phones)
    chat = _chat_channel(facts, lang)
    if chat:
        found.append(chat)
    if is_help_centre(facts):
        found.append(Channel(kind="help-centre", url=facts.url, label=facts.title))
    for channel in found:
        channel.step = step
    return found


def is_human(channel: Channel) -> bool:
    return channel.kind in HUMAN
