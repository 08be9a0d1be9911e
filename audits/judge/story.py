"""Plain sentences about a journey, in the voice of a sharp customer.

`tell` reads the verdict (outcome, reason, reason_detail), the effort, what the site offered
(phones, channels, gates, coverage) and the worst findings, and says in a few sentences what a
customer would tell a friend: what they tried, how it ended, what it cost and what grated.
`tell_company` says the same of every journey on one site in one paragraph, worst problem first.
It is pure: evidence in, text out, no browser and no files.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlparse

from audits.goals import PHONE_ORDER, goal_of
from audits.judge.metrics import opened_by_address
from audits.model import Channel, Effort, Finding, Gate, JourneyEvidence, JourneyResult, Phone
from audits.vocab import COMPLETIONS, OUTCOMES, REASONS, audited, rank

PHONE_CONTEXTS = {
    "sales": "sales", "support": "support", "billing": "billing", "fraud": "fraud", "tty": "TTY",
    "international": "international", "fax": "fax", "general": "general",
}
CHANNEL_WORDS = {
    "form": "a contact form",
    "email": "an email address",
    "chat": "a live chat",
    "chatbot": "a chatbot",
    "phone": "a phone line",
    "help-centre": "a help centre",
    "callback": "a call-back request",
    "social": "social media",
    "messaging": "a messaging app",
}
HUMAN_CHANNELS = ("phone", "form", "email", "chat", "callback", "messaging")
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve")
# Said already by the verdict sentence: findings with these ids add nothing to the story.
IMPLIED_BY_REASON = {
    "account-number": ("account-number-wall",),
    "login": ("login-wall",),
    "address": ("address-gate",),
    "captcha": ("captcha-gate",),
    "app-only": ("app-only",),
    "existing-customers-only": ("existing-customers-only",),
    "chat-only": ("chat-only",),
    "faq-loop": ("faq-deflection",),
    "silent-error": ("silent-form-failure",),
    "loop": ("redirect-loop", "form-loop"),
    "dead-end": ("dead-end-link",),
    "http-error": ("broken-link",),
}
# Said already when the story names the number a customer would call.
IMPLIED_BY_PHONES = ("phone-not-clickable", "phone-only-in-image")
URL = re.compile(r"(?:https?|file)://[^\s\u201d\"'<>)]+")
MAYBE_PLURAL = re.compile(r"\b(\d+) ((?:[A-Za-z-]+ ){0,2}?[A-Za-z-]+)\(s\)")


def count(number: int | float, word: str, plural: str | None = None) -> str:
    """'one click', 'seven clicks', '14 clicks': small whole numbers in words, as people say them."""
    whole = int(number) == number
    said = NUMBER_WORDS[int(number)] if whole and 0 <= number < len(NUMBER_WORDS) else f"{number:g}"
    return f"{said} {word if number == 1 else plural or word + 's'}"


def _named(match: re.Match[str]) -> str:
    # A URL at the end of a clause keeps its punctuation outside the page name.
    url = match.group(0)
    bare = url.rstrip(".,;:!?")
    return page_name(bare) + url[len(bare):]


def page_name(url: str) -> str:
    """'the billing page' for https://x/help/billing, 'the home page' for https://x/."""
    path = unquote(urlparse(url).path).rstrip("/")
    last = path.rsplit("/", 1)[-1]
    last = last.rsplit(".", 1)[0] if "." in last else last
    if not last or last.lower() in ("index", "home", "default"):
        return "the home page"
    words = last.replace("-", " ").replace("_", " ").strip()
    return f"the {words} page" if words else "the home page"


def _where(phone: Phone) -> str:
    extra = phone.model_extra or {}
    region = str(extra.get("region") or "")
    page = page_name(phone.url) if phone.url else "a page"
    if region and region != "main":
        return f"in the {region} of {page}"
    return f"on {page}"


def _phone_flaws(phone: Phone) -> list[str]:
    flaws = []
    if phone.in_image:
        flaws.append("only as a picture, so you can't copy it")
    elif not phone.tel_link:
        flaws.append("not clickable")
    return flaws


def _tells(evidence: JourneyEvidence, what: str) -> bool:
    """The journey's goal names `what` ("phones", "channels", "sign-up-form") when it tells its story."""
    goal = goal_of(evidence.goal)
    return goal is not None and what in goal.tells


def _best_phone(phones: list[Phone], goal: str) -> Phone:
    known = goal_of(goal)
    order = known.phone_order if known else PHONE_ORDER
    return min(phones, key=lambda p: (order.index(p.context) if p.context in order else len(order),
                                      not p.tel_link, p.in_image))


def _distinct_phones(phones: list[Phone]) -> list[Phone]:
    seen: dict[str, Phone] = {}
    for phone in phones:
        seen.setdefault(phone.e164 or phone.display, phone)
    return list(seen.values())


def tell_phones(phones: list[Phone], goal: str) -> str:
    """A clause about the numbers found: which one a customer would call, where it is and its flaws."""
    phones = _distinct_phones(phones)
    if not phones:
        return ""
    best = _best_phone(phones, goal)
    flaws = _phone_flaws(best)
    tail = f", {' and '.join(flaws)}" if flaws else ""
    context = PHONE_CONTEXTS.get(best.context, best.context)
    if len(phones) == 1:
        label = "" if best.context == "general" else f" ({context})"
        return f"the only number, {best.display}{label}, is {_where(best)}{tail}"
    unclickable = sum(1 for p in phones if not p.tel_link)
    clause = f"{count(len(phones), 'number')} turn up; the {context} line {best.display} is {_where(best)}{tail}"
    if unclickable > 1:
        clause += f"; {count(unclickable, 'number')} of {len(phones)} can't be tapped to call"
    return clause


def _channel_word(channel: Channel) -> str:
    word = CHANNEL_WORDS.get(channel.kind, channel.kind.replace("-", " "))
    return f"{word} ({channel.vendor})" if channel.vendor else word


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _unique(words: list[str]) -> list[str]:
    return list(dict.fromkeys(words))


def tell_channels(channels: list[Channel]) -> str:
    """A clause about the ways to reach someone, and the ones a new customer cannot use."""
    usable = _unique([_channel_word(c) for c in channels if c.usable_by_new_customer and c.kind in HUMAN_CHANNELS])
    closed = _unique([_channel_word(c) for c in channels if not c.usable_by_new_customer])
    parts = []
    if usable:
        parts.append(f"on offer: {_join(usable)}")
    if closed:
        parts.append(f"{_join(closed)} only for existing customers")
    return "; ".join(parts)


def _gate_sentence(gates: list[Gate], reason: str | None) -> str:
    """'It says: "Enter your account number to continue."', from the gate's own words."""
    spoken = [g for g in gates if g.evidence]
    quoted = [g for g in spoken if g.kind == reason] or spoken
    if not quoted:
        return ""
    gate = quoted[0]
    quote = " ".join(gate.evidence.split())
    if len(quote) > 140:
        quote = quote[:137].rstrip() + "…"
    pages = {g.url for g in gates if g.url and g.kind == gate.kind}
    if len(pages) > 1:
        where = f"on {count(len(pages), 'page')}"
    else:
        where = f"on {page_name(gate.url)}" if gate.url else "on the page"
    return f"It says, {where}: \u201c{quote}\u201d"


def tell_cost(effort: Effort) -> str:
    """'Seven clicks, four pages, two backtracks; about 40 s of a person's time.'"""
    if effort.clicks == 0 and effort.pages <= 1:
        parts = ["All on the first page"]
    else:
        parts = [count(effort.clicks, "click"), count(effort.pages, "page")]
    if effort.backtracks:
        parts.append(count(effort.backtracks, "dead end") + " to back out of")
    if effort.overlays:
        parts.append(count(effort.overlays, "pop-up") + " to close")
    if effort.fields:
        parts.append(count(effort.fields, "field") + " typed in")
    text = ", ".join(parts)
    if effort.human_seconds >= 1:
        text += f"; about {_duration(effort.human_seconds)} of a person's time"
    return text


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.0f} min"


def _clean(detail: str) -> str:
    """One line, no final full stop, '1 page(s)' said properly and URLs named as pages."""
    text = " ".join(detail.split()).rstrip(".")
    text = MAYBE_PLURAL.sub(lambda m: count(int(m.group(1)), m.group(2)), text)
    return URL.sub(_named, text)


def _technical(detail: str) -> bool:
    """A runner's own words ('step 3 (click ...): Timeout'), not a description a customer would give."""
    return bool(re.match(r"(step \d|the journey ran out|the start page|HTTP \d|\w+Error\b)", detail))


def _offered(what: str, evidence: JourneyEvidence, effort: Effort) -> str | None:
    """What the site offered towards the goal, of one kind; None when it offered nothing of it."""
    if what == "phones" and evidence.phones:
        return tell_phones(evidence.phones, evidence.goal)
    if what == "channels" and evidence.channels:
        return tell_channels(evidence.channels)
    if what == "sign-up-form" and effort.required_fields:
        where = f" on {page_name(evidence.target_url)}" if evidence.target_url else ""
        return f"the sign-up form{where} asks for {count(effort.required_fields, 'required field')}"
    return None


def _by_address(evidence: JourneyEvidence, effort: Effort) -> list[str]:
    """A goal met only on a page opened by its address: say how it was found, not 'no clicks'."""
    typed = opened_by_address(evidence)
    if typed is None:
        return []
    source = "the site's sitemap" if evidence.coverage and evidence.coverage.sitemap else "a link hidden from view"
    page = page_name(typed.url) if typed.url else "the page"
    return [f"Found it only by opening {page} by its address, taken from {source}, at step {typed.index}: "
            "no link on the way led there, so a customer clicking through would not get there",
            f"Before that, the search took {_lower_first(tell_cost(effort))}"]


def _reached(evidence: JourneyEvidence, effort: Effort) -> list[str]:
    typed = _by_address(evidence, effort)
    if typed:
        return typed
    cost = tell_cost(effort)
    goal = goal_of(evidence.goal)
    for what in goal.tells if goal else ():
        offered = _offered(what, evidence, effort)
        if offered is not None:
            return [f"{cost}; {offered}"]
    where = f", ending on {page_name(evidence.target_url)}" if evidence.target_url else ""
    return [f"{OUTCOMES['reached'].said}{where}", cost]


def _verdict(evidence: JourneyEvidence) -> str:
    lead = OUTCOMES[evidence.outcome].said
    reason = REASONS.get(evidence.reason or "")
    phrase = reason.said if reason else ""
    detail = _clean(evidence.reason_detail)
    if evidence.outcome == "failed":
        if detail and not _technical(detail):
            return f"{lead}. {_capital(detail)}" if ":" in detail else f"{lead}: {detail}"
        extra = f" ({detail})" if phrase and detail else ""
        said = phrase or detail
        return f"{lead}: {said}{extra}" if said else lead
    if evidence.outcome == "absent" and not detail:
        seen = evidence.coverage
        goal = goal_of(evidence.goal)
        thing = goal.thing if goal else "what was wanted"
        if seen and seen.pages_seen:
            of = f" of the {seen.pages_known}" if seen.pages_known else ""
            pages = f"all {count(seen.pages_seen, 'page')}" if seen.pages_seen == seen.pages_known \
                else f"{seen.pages_seen}{of} pages" if of else count(seen.pages_seen, "page")
            return f"{lead}: went through {pages} within reach and none has {thing}"
        return f"{lead}: no page within reach has {thing}"
    said = detail or phrase
    return f"{lead}: {said}" if said else lead


def _after(evidence: JourneyEvidence, effort: Effort) -> list[str]:
    """What else a customer would mention once the verdict is said."""
    said = [tell_cost(effort)]
    detail = evidence.reason_detail
    if evidence.outcome == "gated":
        gate = _gate_sentence(evidence.gates, evidence.reason)
        quote = gate.split("\u201c", 1)[-1].rstrip("\u201d")
        if gate and quote not in " ".join(detail.split()):
            said.append(gate)
    if evidence.outcome == "not-found":
        said[0] += "; it may be deeper, but most people would have stopped sooner"
        cov = evidence.coverage
        if cov and cov.pages_known and "known pages" not in detail:
            said.append(f"Saw {cov.pages_seen} of the {cov.pages_known} pages known")
    if evidence.phones and _tells(evidence, "phones"):
        said.append(_capital(tell_phones(evidence.phones, evidence.goal)))
    elif evidence.channels and evidence.outcome in ("deflected", "gated"):
        offered = tell_channels(evidence.channels)
        if offered:
            said.append(_capital(offered))
    return said


def _worst(evidence: JourneyEvidence, findings: list[Finding], limit: int = 2) -> str:
    implied = IMPLIED_BY_REASON.get(evidence.reason or "", ())
    if evidence.phones and _tells(evidence, "phones"):
        implied += IMPLIED_BY_PHONES
    goal = goal_of(evidence.goal)
    if evidence.outcome != "reached" and goal:
        implied += goal.implied_by_miss
    worst = [f for f in findings if not f.passed and not f.error and f.id not in implied
             and f.severity != "info"][:limit]
    if not worst:
        return ""
    return "On top of that: " + "; and ".join(_lower_first(_clean(f.title)) for f in worst)


def _lower_first(text: str) -> str:
    """'Phone number not clickable' -> 'phone number not clickable'; 'HTTP error' stays."""
    return text[0].lower() + text[1:] if len(text) > 1 and text[0].isupper() and text[1].islower() else text


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _attempt(evidence: JourneyEvidence) -> str:
    who = "a new customer" if evidence.persona_kind == "new-customer" else "an existing customer"
    device = " on a phone" if evidence.device == "mobile" else ""
    known = goal_of(evidence.goal)
    named = evidence.id if evidence.kind == "scripted" else evidence.goal
    goal = known.words if known else named.replace("-", " ")
    return f"Tried to {goal} as {who}{device}"


def _completion(evidence: JourneyEvidence) -> str:
    """What came of sending the form (a failure says it in the verdict already)."""
    done = evidence.sightings.completion if evidence.sightings else None
    if done is None:
        return ""
    tries = " on the second try" if done.attempts > 1 else ""
    fields = f", with {count(done.fields_filled, 'field')} filled in" if done.fields_filled else ""
    return f"The “{done.form}” form {COMPLETIONS[done.result].said}{fields}{tries}"


def tell(evidence: JourneyEvidence, effort: Effort, findings: list[Finding]) -> str:
    """A few sentences: what was tried, how it ended, what it cost, what the site offered, the worst friction."""
    sentences = [_attempt(evidence)]
    if evidence.outcome == "reached":
        sentences += _reached(evidence, effort)
        sentences.append(_completion(evidence))
    else:
        sentences.append(_verdict(evidence))
        # A site that never answered cost the customer nothing worth telling.
        sentences += _after(evidence, effort) if audited(evidence.outcome) else []
    sentences.append(_worst(evidence, findings))
    return " ".join(_sentence(s) for s in sentences if s)


def _sentence(text: str) -> str:
    text = _capital(text.strip())
    return text if text.endswith((".", "!", "?", "\u201d", "…")) else text + "."


# --- a company's paragraph: every journey on one site, worst first, in the customer's own voice ------


def _none_of(thing: str) -> str:
    """'a phone number' -> 'no phone number'."""
    for article in ("a ", "an "):
        if thing.startswith(article):
            return "no " + thing[len(article):]
    return "no " + thing


def _on_device(journey: JourneyResult) -> str:
    return " on my phone" if journey.device == "mobile" else ""


def _as_clause(title: str) -> str:
    """'A form was sent ...' -> 'a form was sent ...'; an acronym ('HTTP error') keeps its capitals."""
    first = title.split(" ", 1)[0]
    return title[:1].lower() + title[1:] if len(first) == 1 or first[1:].islower() else title


# Reasons that name what a script checked, not what the customer met.
SCRIPT_REASONS = ("expectation-failed", "step-failed")


def _missed(journey: JourneyResult) -> str:
    """What a customer says of one journey that did not reach its goal: 'I could not sign up: it is ...'."""
    goal = goal_of(journey.goal)
    words = goal.words if goal else journey.goal.replace("-", " ")
    if journey.outcome == "absent":
        thing = goal.thing if goal else "what I wanted"
        seen = journey.coverage.pages_seen if journey.coverage else 0
        where = f"on any of the {seen} pages I could reach" if seen > 1 else "anywhere I could reach"
        return f"I found {_none_of(thing)} {where}{_on_device(journey)}"
    if journey.outcome == "not-found":
        return f"I gave up trying to {words}{_on_device(journey)} after {count(journey.effort.clicks, 'click')}"
    reason = REASONS.get(journey.reason or "")
    why = reason.said if reason else _clean(journey.reason_detail)
    if journey.reason in SCRIPT_REASONS:
        # A script's own expectation says little to a customer; the worst finding says what went wrong.
        worst = next((f for f in journey.findings if not f.passed and not f.error and f.severity != "info"), None)
        why = _as_clause(_clean(worst.title)) if worst else why
    gate = next((g for g in journey.gates if g.kind == journey.reason and g.url), None)
    if gate is not None:
        why = f"on {page_name(gate.url)}, {why}"
    joint = " — " if ":" in why else ": "  # one colon to a sentence
    return f"I could not {words}{_on_device(journey)}" + (joint + why if why else "")


def _managed(journey: JourneyResult) -> str:
    """'find a phone number on the first page', 'sign up in two clicks'."""
    goal = goal_of(journey.goal)
    words = goal.words if goal else journey.goal.replace("-", " ")
    effort = journey.effort
    how = "on the first page" if effort.clicks == 0 and effort.pages <= 1 else f"in {count(effort.clicks, 'click')}"
    return f"{words}{_on_device(journey)} {how}"


def worst_first(journeys: list[JourneyResult]) -> list[JourneyResult]:
    """One journey per goal and device (the worst of repeats and scripts), worst outcome first, then lowest score."""
    worst: dict[tuple[str, str], JourneyResult] = {}
    for journey in journeys:
        key = (journey.goal, journey.device)
        held = worst.get(key)
        if held is None or (rank(journey.outcome), -journey.score) > (rank(held.outcome), -held.score):
            worst[key] = journey
    return sorted(worst.values(), key=lambda j: (-rank(j.outcome), j.score))


def tell_company(journeys: list[JourneyResult]) -> str:
    """A paragraph in the customer's voice about one company: the worst problem first, then each other
    goal that failed, then what worked ("I could not sign up: it is for existing customers only. ...")."""
    ordered = worst_first(journeys)
    said = [_missed(j) for j in ordered if j.outcome != "reached"]
    worked = [_managed(j) for j in ordered if j.outcome == "reached"]
    if worked:
        lead = "What did work: I could " if said else "I could "
        said.append(lead + _join(_unique(worked)))
    return " ".join(_sentence(s) for s in said) if said else ""
