"""The country a page's national phone numbers belong to: its language, domain, +CC numbers and address."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import cache
from typing import Any

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher

from audits.facts import blocks_of, data, host_of
from audits.model import PageFacts

AUTO = "auto"
FALLBACK = "US"
PLUS_NUMBER = re.compile(r"(?<![\w+])\+\s?\d[\d\s().\-/]{6,20}\d")
# "SW1A 1AA" and "K1A 0B6" are postcodes of one country each; most others are four or five digits.
OWN_POSTCODES = {"GB": re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b"),
                 "CA": re.compile(r"\b[A-Z]\d[A-Z] \d[A-Z]\d\b")}
# A postcode, maybe a city, then a comma, dash or line break before the country ("75001 Paris, France").
POSTCODE_CITY = r"\b\d{4,5}(?:[ \t]+[^\W\d_][\w'\u2019 .\-]{0,30}?)?[ \t]*(?:,|\n|\u2013|-)\s*"


def _words() -> dict[str, Any]:
    return data("phones.yaml")


def region_of(facts: PageFacts, url: str = "", hint: str = AUTO) -> str:
    """The region (ISO 3166 code) national numbers on the page are read in.

    A suite's explicit region wins; then a country in the page's language tag ("fr-FR", "en-GB";
    not "en-US", which many site builders write by default); then the domain's country; then,
    among the countries that +CC numbers and postal addresses on the page name and the one its
    bare language suggests, the one in which most of its nationally written numbers are real;
    US only when nothing says otherwise.
    """
    if hint and hint.lower() != AUTO:
        return hint.upper()
    language, country = _language(facts.lang)
    if country:
        return country
    domain = _domain_country(url or facts.url)
    if domain and _speaks(domain, language):
        return domain
    text = "\n".join(block.text for block in blocks_of(facts))
    named = [c for c in _named(facts, text) if _speaks(c, language)]
    candidates = list(dict.fromkeys([*named, _words()["languages"].get(language, FALLBACK)]))
    return max(candidates, key=lambda c: _national_numbers(text, c)) if len(candidates) > 1 else candidates[0]


def _language(tag: str) -> tuple[str, str]:
    """('fr', 'FR') from 'fr-FR'; ('de', '') from 'de'; a script or '419' is not a country."""
    parts = re.split(r"[-_]", tag.strip())
    country = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), "")
    country = "GB" if country == "UK" else country  # "en-UK" is common, if not ISO
    if (parts[0].lower(), country) == ("en", "US"):
        country = ""  # the default of many site builders, not a statement: the domain and numbers decide
    return parts[0].lower(), country if country in phonenumbers.SUPPORTED_REGIONS else ""


def _speaks(country: str, language: str) -> bool:
    """Whether a page in this language may be from this country (English is written everywhere)."""
    spoken = _words()["countries"].get(country, {}).get("languages", [])
    return language in ("", "en") or not spoken or language in spoken


def _domain_country(url: str) -> str:
    host = host_of(url)
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    if tld == "uk":
        return "GB"
    if len(tld) != 2 or not tld.isalpha() or tld in _words()["generic_tlds"]:
        return ""
    return tld.upper() if tld.upper() in phonenumbers.SUPPORTED_REGIONS else ""


def _named(facts: PageFacts, text: str) -> list[str]:
    """Countries the page names through its numbers (+CC) and addresses, most named first."""
    counts = Counter(_plus_countries(facts, text))
    counts.update(_address_countries(text))
    return [country for country, _ in counts.most_common()]


def _plus_countries(facts: PageFacts, text: str) -> Iterator[str]:
    hrefs = [(link.href or "")[4:] for link in facts.links if (link.href or "").lower().startswith("tel:+")]
    for raw in [m.group(0) for m in PLUS_NUMBER.finditer(text)] + hrefs:
        try:
            number = phonenumbers.parse(raw, None)
        except phonenumbers.NumberParseException:
            continue
        country = phonenumbers.region_code_for_country_code(number.country_code or 0)
        if country in phonenumbers.SUPPORTED_REGIONS:
            yield country


def _address_countries(text: str) -> Iterator[str]:
    """Countries of postal addresses: a postcode shape only one country uses, a postcode with a
    country's letter prefix ("D-10115"), or a postcode and city followed by a country's name."""
    for country, pattern in OWN_POSTCODES.items():
        yield from (country for _ in pattern.finditer(text))
    names, prefixes = _address_words()
    yield from (prefixes[m.group(1)] for m in _prefixed().finditer(text))
    yield from (names[m.group("name").lower()] for m in _addressed().finditer(text))


@cache
def _address_words() -> tuple[dict[str, str], dict[str, str]]:
    """Country names and postcode prefixes, each with its country."""
    countries = _words()["countries"].items()
    names = {name: country for country, about in countries for name in about["names"]}
    return names, {about["prefix"]: country for country, about in countries if about.get("prefix")}


@cache
def _addressed() -> re.Pattern[str]:
    names = sorted(_address_words()[0], key=len, reverse=True)
    return re.compile(rf"{POSTCODE_CITY}(?P<name>(?i:{'|'.join(re.escape(n) for n in names)}))(?!\w)")


@cache
def _prefixed() -> re.Pattern[str]:
    return re.compile(rf"\b({'|'.join(_address_words()[1])})-\d{{4,5}}\b")


def _national_numbers(text: str, region: str) -> int:
    """How many numbers written without a country code are real numbers when read in this region."""
    matches = PhoneNumberMatcher(text, region, leniency=Leniency.VALID)
    return sum(1 for m in matches if not m.raw_string.lstrip("(").startswith(("+", "00")))
