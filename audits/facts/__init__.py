"""Pure readings of page facts shared by the navigator and the detectors: the lexicon and text helpers."""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from typing import Any
from urllib.parse import urlparse

import yaml

from audits.model import PageFacts, TextBlock

# A scent (or a relevance) at least this strong promises the goal: a gate or failure met on such a way counts.
STRONG = 0.5


@cache
def data(name: str) -> dict[str, Any]:
    """A YAML data file of this package (the lexicon, phones.yaml)."""
    loaded: dict[str, Any] = yaml.safe_load(files("audits.facts").joinpath(name).read_text(encoding="utf-8"))
    return loaded


def lexicon() -> dict[str, Any]:
    """The words people read on websites and what they promise (lexicon.yaml)."""
    return data("lexicon.yaml")


@cache
def _pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9])" + re.escape(phrase.lower()) + r"(?![a-z0-9])")


def has_phrase(text: str, phrase: str) -> bool:
    """Whole-word, case-insensitive phrase match."""
    return _pattern(phrase).search(text.lower()) is not None


def first_phrase(text: str, phrases: list[str]) -> str | None:
    """The first of `phrases` found in `text`, if any."""
    lowered = text.lower()
    return next((p for p in phrases if _pattern(p).search(lowered)), None)


def host_of(url: str) -> str:
    return (urlparse(url).hostname or "").lower().removeprefix("www.")


def host_matches(host: str, domains: list[str]) -> bool:
    """True when `host` is one of `domains` or a subdomain of one."""
    return any(host == d or host.endswith("." + d) for d in domains)


def blocks_of(facts: PageFacts) -> list[TextBlock]:
    """The page's text by place; a page read before places were recorded is one block of main text."""
    return facts.blocks or [TextBlock(region="main", text=facts.text)]
