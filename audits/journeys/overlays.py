"""Overlays that cover the page: cookie walls, newsletter modals, chat pop-ups; and how to close them."""

from __future__ import annotations

from typing import Any

from audits.facts import first_phrase, has_phrase, language_of, lexicon
from audits.model import PageFacts

COVER_THRESHOLD = 0.2
# Words this short ("ok", "x", a multiplication sign) close an overlay only as the button's whole label.
WHOLE_LABEL = 2


def blocking(facts: PageFacts, menu_open: bool) -> list[dict[str, Any]]:
    """Overlays a customer would have to close before using the page."""
    words = lexicon(language_of(facts))["overlays"]["consent"]
    found = []
    for overlay in facts.overlays:
        text = str(overlay.get("text", ""))
        big = overlay.get("modal") or float(overlay.get("cover", 0)) >= COVER_THRESHOLD
        consent = first_phrase(text, words) is not None
        if menu_open and not consent:
            continue  # the menu we opened ourselves
        if big or consent:
            found.append(overlay)
    return found


def _closes(label: str, word: str) -> bool:
    return label == word or (len(word) > WHOLE_LABEL and has_phrase(label, word))


def dismiss_button(overlay: dict[str, Any], lang: str = "") -> dict[str, str] | None:
    """The button that closes the overlay, by the words people click in English and `lang` (the page's
    language, `language_of(facts)`): the likeliest word wins, then the first button saying it."""
    words: dict[str, float] = lexicon(lang)["overlays"]["dismiss"]
    best: tuple[float, dict[str, str]] | None = None
    for button in overlay.get("buttons", []):
        label = button.get("text", "").strip().lower()
        weight = max((w for word, w in words.items() if _closes(label, word)), default=0.0)
        if weight and (best is None or weight > best[0]):
            best = (weight, button)
    return best[1] if best else None
