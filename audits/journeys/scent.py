"""Information scent: how strongly a link, button or menu promises the goal (lexicon held as data)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from urllib.parse import unquote, urlparse

from audits.facts import STRONG, first_phrase, fold, has_phrase, lexicon, mentions
from audits.goals import GOALS, Scent
from audits.model import Link

REGION_WEIGHT = {"header": 1.0, "nav": 1.0, "main": 0.95, "dialog": 0.9, "footer": 0.9, "aside": 0.85}
UNNAVIGABLE = ("mailto:", "tel:", "sms:", "javascript:", "data:", "blob:")


def is_menu_toggle(link: Link, lang: str = "") -> bool:
    """A button that opens a menu (hamburger, 'Menu', aria-expanded=false); chat launchers are not menus."""
    words = lexicon(lang)
    label = f"{link.name} {link.text}".lower().strip()
    said = f"{label} {link.controls}"
    if first_phrase(said, words["channels"]["chat_words"] + words["channels"]["assistant_words"]):
        return False
    if link.expanded is False:
        return True
    if link.tag == "a" and (link.href or "#") not in ("#", ""):
        return False
    return bool(first_phrase(label, words["menu_words"])) or label in ("☰", "≡")


def is_placeholder(link: Link) -> bool:
    href = (link.href or "").strip()
    return link.tag == "a" and (href in ("", "#") or href.lower().startswith("javascript:"))


def navigable(link: Link) -> bool:
    href = (link.href or "").strip().lower()
    return not href.startswith(UNNAVIGABLE)


def _phrase_score(label: str, table: Mapping[str, float]) -> float:
    if not mentions(label, table):
        return 0.0
    return max((weight for phrase, weight in table.items() if has_phrase(label, phrase)), default=0.0)


def _href_score(href: str, table: Mapping[str, float]) -> float:
    path = fold(unquote(urlparse(href).path))
    tokens = set(re.split(r"[/._?=&#]+", path))
    return max((weight for token, weight in table.items() if (t := fold(token)) in tokens or f"/{t}" in path),
               default=0.0)


def score(link: Link, goal: str, lang: str = "") -> float:
    """0..1: how strongly the element promises the goal, after words that lead away, in English and `lang`
    (the page's language, `language_of(facts)`)."""
    return _score(GOALS.get(goal).scent_tables(lang), f"{link.name} {link.text}".strip(), link.href or "", link.region)


@lru_cache(maxsize=8192)  # a site's header and footer offer the same links on every page
def _score(scent: Scent, label: str, href: str, region: str) -> float:
    words = _phrase_score(label, scent.phrases)
    href_score = _href_score(href, scent.href) * 0.8
    base = max(words, href_score)
    away = _phrase_score(label, scent.away)
    if away and words < STRONG:
        base = min(base, away)
    if len(label) > 60:
        base *= 0.8  # long link text is usually an article title, not a way to the goal
    return round(base * REGION_WEIGHT.get(region, 0.9), 3)
