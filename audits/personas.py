"""Devices and default personas: who the crawler pretends to be."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Device:
    """A persona's device: one of Playwright's device descriptors, at the viewport friction works in."""

    descriptor: str  # a name in Playwright's `devices`: user agent, touch, pixel ratio, screen
    width: int
    height: int


# The descriptors' own viewports (1280x720 and 412x839) would change what the navigator sees
# above the fold, the zoo's answers and the reports' screenshot outlines: the viewports stay.
DEVICES: dict[str, Device] = {
    "desktop": Device("Desktop Chrome", 1366, 768),
    "mobile": Device("Pixel 8", 390, 844),
}

USER_AGENT_SUFFIX = "friction/0.1 (customer-journey audit)"

DEFAULT_PERSONAS: list[dict[str, str]] = [
    {"id": "new-desktop", "kind": "new-customer", "device": "desktop"},
    {"id": "new-mobile", "kind": "new-customer", "device": "mobile"},
]
