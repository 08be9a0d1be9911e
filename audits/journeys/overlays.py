"""Overlays that cover the page: cookie walls, newsletter modals, chat pop-ups; and how to close them."""

from __future__ import annotations

from typing import Any

from audits.facts import first_phrase
from audits.model import PageFacts

# What a customer clicks to get rid of an overlay, most likely first.
DISMISS_WORDS = [
    "accept all", "accept all cookies", "allow all", "accept", "i accept", "agree", "i agree", "got it",
    "ok", "okay", "continue", "no thanks", "no, thanks", "not now", "maybe later", "close", "dismiss",
    "\u00d7", "x", "\u2715", "reject all", "decline",
]
COVER_THRESHOLD = 0.2
CONSENT_WORDS = ["cookie", "cookies", "consent", "privacy", "newsletter", "subscribe", "offer", "discount"]


def blocking(facts: PageFacts, menu_open: bool) -> list[dict[str, Any]]:
    """Overlays a customer would have to close before using the page."""
    found = []
    for overlay in facts.overlays:
        text = str(overlay.get("text", ""))
        big = overlay.get("modal") or float(overlay.get("cover", 0)) >= COVER_THRESHOLD
        consent = first_phrase(text, CONSENT_WORDS) is not None
        if menu_open and not consent:
            continue  # the menu we opened ourselves
        if big or consent:
            found.append(overlay)
    return found


def dismiss_button(overlay: dict[str, Any]) -> dict[str, str] | None:
    """The button that closes the overlay, by the words people click."""
    buttons: list[dict[str, str]] = overlay.get("buttons", [])
    for word in DISMISS_WORDS:
        for button in buttons:
            label = button.get("text", "").strip().lower()
            if label == word or (len(word) > 2 and first_phrase(label, [word])):
                return button
    return None
