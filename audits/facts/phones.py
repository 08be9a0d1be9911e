"""Phone numbers a customer could call, read as a person reads them and ranked by purpose and place."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import Any
from urllib.parse import unquote

import phonenumbers
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher

from audits.facts import blocks_of, data
from audits.facts.region import AUTO, region_of
from audits.model import PageFacts, Phone

CONTEXT_WINDOW = 90  # purpose words ("Sales:", "Fax") stand this close before a number
LEAD_WINDOW = 60  # a label ("Phone:", "Tél.", "Call us at") stands this close before its number
NOT_PHONE_WINDOW = 24  # "Order #", "SIRET :" stand right before the digits they name
# Numbers a customer never calls about their business with the company.
NEVER_CONTEXTS = ("fax", "press")
# User content and code samples: a number there is someone else's, or an example.
NEVER_PLACES = ("comment", "code")
CHROME = ("header", "footer", "nav", "address")
# Which number a customer wants first: the service lines, then the switchboard, then sales.
PURPOSES = ("support", "general", "billing", "fraud", "sales", "international", "tty", "personal")
# A phone-shaped run after a label: what a person reads as the number, valid or not.
SHAPED = re.compile(r"\+?\(?\d[\d \t().\-/]{4,22}\d")
# A number in international form on a line of its own is shown as a phone number (beside an icon).
INTERNATIONAL_LINE = re.compile(r"^[ \t]*(\+\d[\d \t().\-/]{6,22}\d)[ \t]*$", re.M)
MIN_DIGITS, MAX_DIGITS = 7, 15
# Digit runs that are no number tried per block of text before the reader gives up on it: a page of
# a hundred thousand counters or codes is read in bounded time (the matcher's own default is 65,535).
MAX_TRIES = 1000
# Code samples: an interpreter prompt, a string literal, or a line of brackets, braces, equals and semicolons.
PROMPT = re.compile(r"^\s*(>>>|\.\.\.|\$ |In \[\d+\]:)|^\s*(['\"]).*\2[,\])};]*\s*$")
CODE_MARKS = re.compile(r"[\[\]{}=;<>\\]|'''|\"\"\"")
DATE = re.compile(r"^(\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$")
CURRENCY = re.compile(r"^\s*(€|£|\$|eur\b|chf\b|kr\b|,-)", re.I)
AMOUNT = re.compile(r"\d+([.,]\d+)*")  # "2125550147 €", "1.299,00 kr": a phone is grouped with spaces or dashes
ISBN_PREFIXES = ("978", "979")
# People group the digits of a phone number; an ungrouped run is an identifier unless labelled.
UNGROUPED = re.compile(r"\d{8,}")
# "1 2 3 4 5 6 7 8 9 10": single digits in a row are a count, not a number to call.
COUNTING = re.compile(r"(?<!\d)\d[ \t]+\d[ \t]+\d(?!\d)")
# Part of a larger number: a decimal, an IP address, a version ("host 10.20.30.40", "3141592.6535").
# A decimal, or an IP address (four groups of up to three digits, not all pairs as in "22.12.34.56").
DECIMAL = re.compile(r"\d+[.,]\d+")
IP_ADDRESS = re.compile(r"(?<!\d)(?!(?:\d\d\.){3}\d\d(?!\d))\d{1,3}(?:\.\d{1,3}){3}(?!\d)")
# Or an identifier it ends ("build-4411-2093-17").
CONTINUED_BEFORE, CONTINUED_AFTER = re.compile(r"\d[.,]$|[^\W\d_][-_/]$"), re.compile(r"^[.,]\d")
# A vanity number: digits, then letters that stand for digits ("(800) GET-HELP", "0800 TAXI 123").
VANITY = re.compile(r"\+?[\d\s().\-]*\d{3}[\d\s().\-]*[A-Za-z]{2}[A-Za-z\d\s.\-]*")


def _words() -> dict[str, Any]:
    return data("phones.yaml")


@cache
def _any_of(words: tuple[str, ...], plurals: bool = True) -> re.Pattern[str]:
    """Any of the phrases as a whole word, plurals allowed ("orders", "réservations")."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives}){'(?:s|es)?' if plurals else ''}(?!\w)", re.I)


def _phrases(key: str) -> re.Pattern[str]:
    return _any_of(tuple(_words()[key]), key != "call_verbs")  # "makes 11 calls" presents nothing


def context_of(before: str) -> str:
    """The purpose of a number from the words just before it: the nearest keyword wins."""
    window = before[-CONTEXT_WINDOW:]
    best, best_end = "general", -1
    for context, words in _words()["context"].items():
        ends = [m.end() for m in _any_of(tuple(words)).finditer(window)]
        if ends and ends[-1] > best_end:
            best, best_end = context, ends[-1]
    return best


def _lead(before: str) -> str:
    """The words that present a number: since the previous number, at most LEAD_WINDOW characters."""
    window = before[-LEAD_WINDOW:]
    last_digit = max((window.rfind(d) for d in "0123456789"), default=-1)
    return window[last_digit + 1:]


@cache
def _label_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A call verb right before the number; a label opening a line; a label and a colon."""
    verbs, labels = _phrases("call_verbs").pattern, _phrases("labels").pattern
    return (re.compile(rf"{verbs}[\s:]*$", re.I), re.compile(rf"[\s\-\u2013\u2022\u00b7|:]*{labels}", re.I),
            re.compile(rf"{labels}\s*[:\uff1a]", re.I))


def _labelled(lead: str) -> bool:
    """A label before the number, or a call verb right before it ("Call 0800 ...")."""
    return _label_patterns()[0].search(lead) is not None or _phrases("labels").search(lead) is not None


def _presented(lead: str) -> bool:
    """The site gives the number as its own: a label opening its line, a label and a colon, or
    words like "us" and "our" ("call us on"); "she was told to call 0800 ..." quotes someone."""
    _, opening, colon = _label_patterns()
    lines = [line for line in lead.splitlines() if line.strip()]
    return ((bool(lines) and opening.match(lines[-1]) is not None) or colon.search(lead) is not None
            or _phrases("first_person").search(lead) is not None)


def _in_code(text: str, start: int, end: int) -> bool:
    """A number in a code sample or its output: a prompt, a string literal, code punctuation, or
    quotes around it."""
    line_end = text.find("\n", end)
    line = text[text.rfind("\n", 0, start) + 1:line_end if line_end >= 0 else len(text)]
    quoted = start > 0 and text[start - 1] in "'\"" and text[end:end + 1] == text[start - 1]
    return quoted or PROMPT.match(line) is not None or len(CODE_MARKS.findall(line)) >= 2


def _distractor(text: str, start: int, end: int, lead: str) -> bool:
    """Digits that are something else: an order or register number, an unlabelled run of digits, a
    date, a price, an ISBN, a decimal, an IP address, part of a larger number, a run of numbers
    (1 1 2 3 5 8 ... 610 987 1597) or a code sample."""
    raw, before = text[start:end], text[max(0, start - NOT_PHONE_WINDOW):start]
    digits = re.sub(r"\D", "", raw)
    named = _phrases("not_phone_words").search(before) is not None or before.rstrip().endswith("#")
    return (
        ((named or UNGROUPED.fullmatch(raw.lstrip("+")) is not None) and not _labelled(lead))
        or DATE.match(raw) is not None
        or COUNTING.search(raw) is not None
        or DECIMAL.fullmatch(raw) is not None or IP_ADDRESS.search(raw) is not None
        or CONTINUED_BEFORE.search(before) is not None or CONTINUED_AFTER.match(text[end:end + 2]) is not None
        or (AMOUNT.fullmatch(raw) is not None and CURRENCY.match(text[end:end + 5]) is not None)
        or before.rstrip().endswith(("$", "€", "£"))
        or (len(digits) == 13 and digits.startswith(ISBN_PREFIXES))
        or re.search(r"\d +$", before) is not None
        or _in_code(text, start, end)
    )


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def _read(raw: str, region: str) -> tuple[str, bool]:
    """E.164 and validity of a printed number; a number that does not parse keeps its digits, and
    so does a national number with a leading 0 on a North American page: no +1 number begins with
    0, so it comes from a country the page does not name ("04 91 90 38 11" is not +1 049...)."""
    digits = re.sub(r"\D", "", raw)
    foreign = phonenumbers.country_code_for_region(region) == 1 and re.match(r"[\s(]*0", raw) is not None
    try:
        number = None if foreign else phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None:
        return ("+" + digits if raw.lstrip().startswith("+") else digits), False
    return _e164(number), phonenumbers.is_valid_number(number)


def _candidates(text: str, region: str) -> Iterator[tuple[int, int]]:
    """Spans of what a reader takes for phone numbers: real numbers anywhere, and phone-shaped
    runs that a label, or a line of their own in international form, presents as one."""
    matcher = PhoneNumberMatcher(text, region, leniency=Leniency.VALID, max_tries=MAX_TRIES,
                                 min_candidate_length=MIN_DIGITS)
    taken = [(m.start, m.end) for m in matcher]
    yield from taken
    shown = [(m.start(), m.end()) for m in SHAPED.finditer(text)
             if _labelled(_lead(text[max(0, m.start() - LEAD_WINDOW):m.start()]))]
    shown += [(m.start(1), m.end(1)) for m in INTERNATIONAL_LINE.finditer(text)]
    for start, end in sorted(set(shown)):
        digits = len(re.sub(r"\D", "", text[start:end]))
        if MIN_DIGITS <= digits <= MAX_DIGITS and not any(s < end and start < e for s, e in taken):
            taken.append((start, end))
            yield start, end


def _from_text(text: str, region: str, url: str, place: str) -> list[Phone]:
    """The numbers in one block of text, as new records the caller may change."""
    return [phone.model_copy() for phone in _read_text(text, region, url, place)]


# The same blocks come back in every journey on a site (header, footer, the home page), and the
# matcher is the costly part of judging: read each block once per process.
@lru_cache(maxsize=20_000)
def _read_text(text: str, region: str, url: str, place: str) -> tuple[Phone, ...]:
    found: list[Phone] = []
    for start, end in _candidates(text, region):
        before = text[max(0, start - 200):start]
        lead = _lead(before)
        if _distractor(text, start, end, lead):
            continue
        if place == "article" and not (_presented(lead) or _contact_page(url)):
            continue  # an article body quotes numbers; only those it gives as the site's own count
        e164, valid = _read(text[start:end], region)
        paragraph = before[max(before.rfind("\n\n"), 0):] or before
        found.append(Phone(e164=e164, display=text[start:end], url=url, context=context_of(paragraph),
                           place=place, valid=valid))
    return tuple(found)


def _spelled(text: str, region: str) -> str:
    """The number a link's visible text spells, vanity letters included ("(800) GET-HELP")."""
    match = next(iter(PhoneNumberMatcher(text, region, leniency=Leniency.POSSIBLE)), None)
    if match is not None:
        return _e164(match.number)
    return _read(text, region)[0] if VANITY.fullmatch(text.strip()) else ""


def _from_tel_links(facts: PageFacts, region: str) -> list[Phone]:
    found = []
    for link in facts.links:
        if not link.visible or not (link.href or "").lower().startswith("tel:"):
            continue
        target = unquote(re.sub(r"^tel:(//)?", "", link.href or "", flags=re.I)).split(";")[0]
        e164, valid = _read(target, region)
        if len(re.sub(r"\D", "", e164)) < MIN_DIGITS:
            continue
        spelled = _spelled(link.text, region)
        found.append(Phone(e164=e164, display=link.text or link.name or e164, url=facts.url, tel_link=True,
                           context=context_of(link.name), place=link.region, valid=valid,
                           shown_as=spelled if spelled and spelled != e164 else ""))
    return found


def _from_images(facts: PageFacts, region: str) -> list[Phone]:
    found = []
    for image in facts.images:
        for phone in _from_text(image.get("alt", ""), region, facts.url, image.get("region", "main")):
            phone.in_image = True
            found.append(phone)
    return found


def _place_rank(phone: Phone) -> int:
    """Site chrome and the contact and legal-notice pages first, article bodies last."""
    if phone.place in CHROME or _contact_page(phone.url):
        return 0
    return 2 if phone.place == "article" else 1


def _where(phone: Phone) -> tuple[bool, int]:
    """A sighting's place, worst last: a number also shown outside comments and code is the site's."""
    return phone.place in NEVER_PLACES, _place_rank(phone)


def _contact_page(url: str) -> bool:
    path = re.sub(r"^[a-z]+://[^/]*", "", url.lower())
    return any(token in _words()["contact_pages"] for token in re.split(r"[/._?=&#]+", path))


def _merge(merged: dict[str, Phone], phone: Phone) -> None:
    """One entry per number on a page: its first sighting, told what the others add."""
    first = merged.setdefault(phone.e164, phone)
    if first is phone:
        return
    first.tel_link = first.tel_link or phone.tel_link
    first.shown_as = first.shown_as or phone.shown_as
    first.context = phone.context if first.context == "general" else first.context
    first.place = phone.place if _where(phone) < _where(first) else first.place


def rank_phones(phones: list[Phone]) -> list[Phone]:
    """The numbers a customer would call, best first: purpose (support, general, billing, fraud,
    sales, international, TTY, a person's line), then place (site chrome, contact and legal pages,
    then the page body); numbers in article bodies after all others; fax and press lines and
    numbers in comments or code left out. Valid numbers before invalid ones, text before images."""
    kept = [p for p in phones if p.context not in NEVER_CONTEXTS and p.place not in NEVER_PLACES]
    return sorted(kept, key=lambda p: (_place_rank(p) == 2, _purpose(p.context), _place_rank(p),
                                       not p.valid, p.in_image))


def _purpose(context: str) -> int:
    return PURPOSES.index(context) if context in PURPOSES else len(PURPOSES)


def phones_on(facts: PageFacts, region: str = AUTO, step: int | None = None) -> list[Phone]:
    """Every number on the page a customer could call, ranked (rank_phones): read in the page's own
    region (region_of), merged across text, tel: links and images."""
    country = region_of(facts, facts.url, region)
    merged: dict[str, Phone] = {}
    for block in blocks_of(facts):
        for phone in _from_text(block.text, country, facts.url, block.region):
            _merge(merged, phone)
    for phone in _from_tel_links(facts, country) + _from_images(facts, country):
        _merge(merged, phone)
    phones = list(merged.values())
    personal = [p for p in phones if p.context == "personal"]
    if len(personal) > 1:  # several people's own lines: a staff list, not a number for customers
        phones = [p for p in phones if p.context != "personal"]
    for phone in phones:
        phone.step = step
    return rank_phones(phones)
