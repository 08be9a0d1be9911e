"""Phone numbers: whether one can be found, tapped, read and trusted, and when it answers."""

from __future__ import annotations

import re
import threading
from collections import defaultdict

from audits.facts.phones import phones_on
from audits.judge.detectors import Check, detector
from audits.judge.detectors.common import page_key, plural, with_facts, within
from audits.judge.metrics import clicks, clicks_to, pages
from audits.model import JourneyEvidence, Phone, Severity

# Numbers nobody can call a person on.
UNCALLABLE = ("fax",)
# Text-telephone lines are dialled from a TTY or a relay service, not tapped.
NOT_TAPPED = ("tty",)
# Contexts where a company rightly shows different numbers (one per country).
MANY_BY_DESIGN = ("international", "fax")
# Hours are stated by days, times or 24/7; naming them ("during normal business hours") states none.
HOURS = re.compile(
    r"24\s*/\s*7|24 hours|around the clock"
    r"|\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s*([-\u2013]|to|through|thru)\s*(mon|tue|wed|thu|fri|sat|sun)"
    r"|\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?:?\s*\d{1,2}\s*([-\u2013]|to)\s*\d{1,2}\b"
    r"|\b\d{1,2}(:\d{2})?\s*(am|pm|a\.m\.|p\.m\.)"
    r"|\b\d{1,2}[:.]\d{2}\s*([-\u2013]|to)\s*\d{1,2}[:.]\d{2}\b",
    re.I,
)


# Several detectors ask for one journey's sightings in a row: the last answer is kept for them
# (per thread, so journeys judged side by side never share one).
_last = threading.local()


def sightings(evidence: JourneyEvidence) -> list[Phone]:
    """Every number seen, one per page: the journey's own record, then a fresh reading of each
    page it saw (the navigator stops at the first number; the customer saw the rest too)."""
    if getattr(_last, "evidence", None) is not evidence:
        _last.evidence, _last.phones = evidence, _read_sightings(evidence)
    return [phone.model_copy() for phone in _last.phones]


def _read_sightings(evidence: JourneyEvidence) -> list[Phone]:
    seen: dict[tuple[str, str], Phone] = {(p.e164, page_key(p.url)): p for p in evidence.phones}
    read: set[tuple[str, str]] = set()
    for step, facts in with_facts(evidence):
        if (page_key(facts.url), facts.signature) in read:
            continue
        read.add((page_key(facts.url), facts.signature))
        for phone in phones_on(facts, evidence.region, step.index):
            seen.setdefault((phone.e164, page_key(phone.url)), phone)
    return list(seen.values())


def callable_phones(evidence: JourneyEvidence, everywhere: bool = True) -> list[Phone]:
    """Numbers a customer could call: every sighting, or only those the journey recorded."""
    phones = sightings(evidence) if everywhere else evidence.phones
    return [p for p in phones if p.context not in UNCALLABLE]


def _steps(phones: list[Phone]) -> list[int]:
    return sorted({p.step for p in phones if p.step is not None})


def _numbers(phones: list[Phone]) -> str:
    shown: dict[str, str] = {}
    for phone in phones:
        shown.setdefault(phone.e164, phone.display or phone.e164)
    return ", ".join(shown.values())


def _searched(evidence: JourneyEvidence, seen: int) -> str:
    """How far the search went, in the customer's terms."""
    if evidence.outcome == "not-found":
        return within(evidence.budget.clicks)
    if evidence.outcome == "absent":
        return "on the only page within reach" if seen == 1 else f"on any of the {seen} pages within reach"
    return within(clicks(evidence.steps))


@detector(
    "phone-not-found",
    title_pass="Phone number visible {within}",
    title_fail="No phone number found {within}",
    why="A customer who wants to call and cannot find a number goes to a competitor who answers.",
    category="phone",
    severity="critical",
    family="phone-search",
    needs="phones, steps (clicks)",
)
def phone_not_found(evidence: JourneyEvidence) -> Check | None:
    """Passes when the journey recorded a callable number (not a fax), counting the clicks along
    its path; fails when it recorded none, saying how far it searched."""
    if not evidence.steps:
        return None
    phones = callable_phones(evidence, everywhere=False)  # the journey's verdict rests on these
    if not phones:
        seen = pages(evidence.steps)
        detail = evidence.reason_detail or f"no number on {plural(seen, 'page')}"
        return Check(False, detail, values={"within": _searched(evidence, seen)})
    first = min(phones, key=lambda p: p.step if p.step is not None else 1 << 30)
    needed = clicks_to(evidence, first.step)
    detail = f"{first.display or first.e164} on {first.url}"
    return Check(True, detail, _steps([first]), {"within": within(needed)})


@detector(
    "phone-not-clickable",
    title_pass="Phone numbers are tap-to-call links",
    title_fail="{numbers} shown as plain text, not tap-to-call",
    why="On a phone, a number that is not a tel: link has to be memorised or copied digit by digit.",
    category="phone",
    severity="minor",
    family="phones",
    needs="phones (tel_link), device",
)
def phone_not_clickable(evidence: JourneyEvidence) -> Check | None:
    """Fails when a callable number is shown in text without a tel: link (TTY lines aside: they are
    dialled from a text telephone); major on mobile."""
    phones = [p for p in callable_phones(evidence) if not p.in_image and p.context not in NOT_TAPPED]
    if not phones:
        return None
    plain = [p for p in phones if not p.tel_link]
    if not plain:
        return Check(True, _numbers(phones))
    severity: Severity | None = "major" if evidence.device == "mobile" else None
    pages = ", ".join(sorted({p.url for p in plain if p.url}))
    detail = f"{_numbers(plain)} on {pages or 'the page'}"
    values = {"numbers": plural(len({p.e164 for p in plain}), "phone number")}
    return Check(False, detail, _steps(plain), values, severity)


@detector(
    "phone-only-in-image",
    title_pass="Phone numbers are written as text",
    title_fail="{numbers} only inside an image",
    why="A number in a picture cannot be tapped, copied, translated or read aloud by a screen reader.",
    category="phone",
    severity="major",
    family="phones",
    needs="phones (in_image)",
)
def phone_only_in_image(evidence: JourneyEvidence) -> Check | None:
    """Fails when every sighting of a callable number is inside an image (alt text or file name)."""
    phones = callable_phones(evidence)
    if not phones:
        return None
    sightings: dict[str, list[Phone]] = defaultdict(list)
    for phone in phones:
        sightings[phone.e164].append(phone)
    hidden = [seen[0] for seen in sightings.values() if all(p.in_image for p in seen)]
    if not hidden:
        return Check(True)
    values = {"numbers": plural(len(hidden), "phone number")}
    return Check(False, f"{_numbers(hidden)}: only in an image", _steps(hidden), values)


def _undiallable(phone: Phone) -> str:
    """Why a number cannot be dialled as printed, or "" when it can."""
    shown = phone.display or phone.e164
    if phone.shown_as:
        return f"“{shown}” spells {phone.shown_as}, but its link dials {phone.e164}"
    return "" if phone.valid else f"{shown} is not a number that exists"


@detector(
    "phone-not-diallable",
    title_pass="Phone number can be dialled",
    title_fail="Phone number cannot be dialled as printed",
    why="A customer who dials a number as the page prints it reaches nobody, or a stranger.",
    category="phone",
    severity="major",
    needs="phones (valid, shown_as)",
    family="phones",
)
def phone_not_diallable(evidence: JourneyEvidence) -> Check | None:
    """Fails when a number the site shows as a phone number (labelled, beside an icon or behind a
    tel: link) is not a number that can exist in its country, or when the number a tel: link's text
    spells (vanity letters included) is not the number the link dials."""
    phones = callable_phones(evidence)
    if not phones:
        return None
    flawed = {p.e164: p for p in phones if _undiallable(p)}
    if not flawed:
        return Check(True, _numbers(phones))
    detail = "; ".join(f"{_undiallable(p)} on {p.url or 'the page'}" for p in flawed.values())
    return Check(False, detail, _steps(list(flawed.values())))


def _disjoint_pages(phones: list[Phone]) -> tuple[str, set[str], str, set[str]] | None:
    """Two pages showing different numbers for one purpose, with none in common."""
    by_page: dict[str, set[str]] = defaultdict(set)
    for phone in phones:
        by_page[page_key(phone.url)].add(phone.e164)
    pages = sorted(by_page.items())
    for i, (page_a, numbers_a) in enumerate(pages):
        for page_b, numbers_b in pages[i + 1:]:
            if not numbers_a & numbers_b:
                return page_a, numbers_a, page_b, numbers_b
    return None


def _by_purpose(phones: list[Phone]) -> dict[str, list[Phone]]:
    groups: dict[str, list[Phone]] = defaultdict(list)
    for phone in phones:
        if phone.context not in MANY_BY_DESIGN and phone.url:
            groups[phone.context].append(phone)
    return groups


@detector(
    "inconsistent-phone-numbers",
    title_pass="The same number is given for the same purpose on every page",
    title_fail="Different {context} numbers on different pages",
    why="When two pages give different numbers for the same thing, customers doubt both and some call the wrong one.",
    category="phone",
    severity="major",
    family="phones",
    needs="phones (e164, context, url)",
)
def inconsistent_phone_numbers(evidence: JourneyEvidence) -> Check | None:
    """Fails when two pages show numbers for the same purpose and share none of them.

    A contact page listing several regional numbers next to a header with one of them is
    consistent; a header saying one support number and a help page saying another is not.
    International and fax numbers differ by design and are left out.
    """
    groups = {k: v for k, v in _by_purpose(evidence.phones).items() if len({page_key(p.url) for p in v}) > 1}
    if not groups:
        return None
    for context, phones in sorted(groups.items()):
        clash = _disjoint_pages(phones)
        if clash:
            page_a, numbers_a, page_b, numbers_b = clash
            detail = f"{', '.join(sorted(numbers_a))} on {page_a}; {', '.join(sorted(numbers_b))} on {page_b}"
            steps = _steps([p for p in phones if page_key(p.url) in (page_a, page_b)])
            return Check(False, detail, steps, {"context": context})
    return Check(True, f"checked {', '.join(sorted(groups))} numbers across pages")


def _page_texts(evidence: JourneyEvidence) -> dict[str, str]:
    texts: dict[str, str] = {}
    for _, facts in with_facts(evidence):
        texts[page_key(facts.url)] = texts.get(page_key(facts.url), "") + "\n" + facts.text
    return texts


@detector(
    "no-business-hours",
    title_pass="Opening hours are given with the phone number",
    title_fail="No opening hours on the page with the phone number",
    why="Without opening hours a customer calls at the wrong time, waits on hold or hears a closed message.",
    category="phone",
    severity="minor",
    family="phones",
    needs="phones (url), steps[].facts.text",
)
def no_business_hours(evidence: JourneyEvidence) -> Check | None:
    """Passes when a page showing a callable number also states hours (days, times or 24/7)."""
    phones = [p for p in callable_phones(evidence) if p.url]
    if not phones:
        return None
    texts = _page_texts(evidence)
    urls = sorted({page_key(p.url) for p in phones if page_key(p.url) in texts})
    if not urls:
        return None
    for url in urls:
        found = HOURS.search(texts[url])
        if found:
            return Check(True, f"“{found.group(0)}” on {url}")
    return Check(False, f"{_numbers(phones)} on {', '.join(urls)}, with no days or times", _steps(phones))
