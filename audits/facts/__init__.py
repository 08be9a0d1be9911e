"""Pure readings of page facts shared by the navigator and the detectors: the lexicon, languages and text helpers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any
from urllib.parse import urlparse

import yaml

from audits.model import PageFacts, TextBlock

# A scent (or a relevance) at least this strong promises the goal: a gate or failure met on such a way counts.
STRONG = 0.5
# Tags that read from one lexicon: Norwegian Bokmål and Nynorsk are Norwegian.
ALIASES = {"nb": "no", "nn": "no"}
# Phrases this short match their accents too: folded, Spanish "sí" would be "si" and hit other words.
SHORT = 3
# How much of a page's text the language guess reads, and how sure it must be.
GUESS_SAMPLE = 4000
GUESS_MIN_HITS = 4
GUESS_MARGIN = 1.5
# Letters that do not decompose into a base letter and an accent, written as people type them without the key;
# typographic apostrophes and hyphens as the plain ones (a curly "S\u2019inscrire" is "s'inscrire").
_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ð": "d", "þ": "th", "ł": "l", "đ": "d", "\u0131": "i",
                          "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-"})
_MARKS = re.compile(r"[\u0300-\u036f]")


@cache
def data(name: str) -> dict[str, Any]:
    """A YAML data file of this package (the lexicons, phones.yaml)."""
    # libyaml when it is there: the pure-Python parser takes about a second over the lexicon files.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loaded: dict[str, Any] = yaml.load(files("audits.facts").joinpath(name).read_text(encoding="utf-8"), Loader=loader)
    return loaded


@cache
def languages() -> tuple[str, ...]:
    """The languages with words of their own beside English (audits/facts/lexicon/<code>.yaml)."""
    folder = files("audits.facts").joinpath("lexicon")
    return tuple(sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")))


def language_code(tag: str) -> str:
    """The lexicon a language tag reads from: 'de-AT' -> 'de', 'nb-NO' -> 'no', 'EN' -> 'en'."""
    code = tag.strip().lower().replace("_", "-").split("-")[0]
    return ALIASES.get(code, code)


def _merge(base: Any, extra: Any) -> Any:
    """English and one language together: tables joined (the language's weight wins), lists joined."""
    if isinstance(base, dict) and isinstance(extra, dict):
        return {**base, **{k: _merge(base[k], v) if k in base else v for k, v in extra.items()}}
    if isinstance(base, list) and isinstance(extra, list):
        return base + [x for x in extra if x not in base]
    return extra


@cache
def lexicon(lang: str = "") -> dict[str, Any]:
    """The words people read on websites and what they promise: English (lexicon.yaml), plus the words of
    `lang` (lexicon/<code>.yaml) when there are any, because many sites mix English into their own language."""
    english = data("lexicon.yaml")
    code = language_code(lang)
    return _merge(english, data(f"lexicon/{code}.yaml")) if code in languages() else english


@cache
def _stop_words() -> dict[str, frozenset[str]]:
    found = {"en": frozenset(data("lexicon.yaml")["stop_words"])}
    return found | {code: frozenset(data(f"lexicon/{code}.yaml")["stop_words"]) for code in languages()}


@lru_cache(maxsize=256)
def guess_language(text: str) -> str:
    """The language most of `text`'s small words belong to ('' when too few or too close to call)."""
    words = re.findall(r"[^\W\d_]+", text[:GUESS_SAMPLE].lower())
    hits = sorted(((sum(w in stop for w in words), code) for code, stop in _stop_words().items()), reverse=True)
    (best, code), (runner, _) = hits[0], hits[1]
    return code if best >= GUESS_MIN_HITS and best >= runner * GUESS_MARGIN else ""


def language_of(facts: PageFacts) -> str:
    """The page's language: its declared `lang` when there are words for it, else a guess from its text.
    A page declared English is checked too, as site templates often say "en" over text in another language."""
    declared = language_code(facts.lang)
    if declared in languages():
        return declared
    return guess_language(facts.text[:GUESS_SAMPLE]) or declared


@lru_cache(maxsize=128)
def fold(text: str) -> str:
    """Lower case without accents, as people type when they skip them: 'Créer' is 'creer', 'Straße' 'strasse'."""
    return _MARKS.sub("", unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS)))


@lru_cache(maxsize=128)
def _lower(text: str) -> str:
    return text.casefold()


@cache
def _pattern(phrase: str) -> tuple[re.Pattern[str], bool]:
    """The phrase as a whole-word pattern, and whether it must match its accents (short phrases)."""
    folded = fold(phrase)
    exact = len(folded) <= SHORT
    key = phrase.casefold() if exact else folded
    return re.compile(r"(?<!\w)" + re.escape(key) + r"(?!\w)"), exact


def has_phrase(text: str, phrase: str) -> bool:
    """Whole-word phrase match, blind to case and accents (é/e, ß/ss, ø/o); short phrases keep their accents."""
    pattern, exact = _pattern(phrase)
    return pattern.search(_lower(text) if exact else fold(text)) is not None


@lru_cache(maxsize=1024)
def _any_of(phrases: tuple[str, ...]) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """`phrases` as two patterns that find any of them: those matched with their accents, then the folded ones."""
    keyed = [_pattern(phrase) for phrase in phrases]
    return _either([key for key, exact in keyed if exact]), _either([key for key, exact in keyed if not exact])


def _either(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns)) if patterns else None


def mentions(text: str, phrases: Iterable[str]) -> bool:
    """Whether `text` has any of `phrases`, as `has_phrase` matches them: one search instead of one a phrase."""
    exact, folded = _any_of(tuple(phrases))
    return bool(exact and exact.search(_lower(text))) or bool(folded and folded.search(fold(text)))


def first_phrase(text: str, phrases: list[str]) -> str | None:
    """The first of `phrases` found in `text`, if any."""
    if not mentions(text, phrases):
        return None
    return next((p for p in phrases if has_phrase(text, p)), None)


@lru_cache(maxsize=16384)  # asked of every link on every page
def host_of(url: str) -> str:
    return (urlparse(url).hostname or "").lower().removeprefix("www.")


def host_matches(host: str, domains: list[str]) -> bool:
    """True when `host` is one of `domains` or a subdomain of one."""
    return any(host == d or host.endswith("." + d) for d in domains)


def blocks_of(facts: PageFacts) -> list[TextBlock]:
    """The page's text by place; a page read before places were recorded is one block of main text."""
    return facts.blocks or [TextBlock(region="main", text=facts.text)]
