"""Devices and default personas: who the crawler pretends to be."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Device:
    """A viewport and user agent a persona browses with."""

    width: int
    height: int
    scale: float
    mobile: bool
    user_agent: str


DEVICES: dict[str, Device] = {
    "desktop": Device(
        1366,
        768,
        1,
        False,
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/156.0.0.0 Safari/537.36",
    ),
    "mobile": Device(
        390,
        844,
        2,
        True,
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/156.0.0.0 Mobile Safari/537.36",
    ),
}

USER_AGENT_SUFFIX = "friction/0.1 (customer-journey audit)"

DEFAULT_PERSONAS: list[dict[str, str]] = [
    {"id": "new-desktop", "kind": "new-customer", "device": "desktop"},
    {"id": "new-mobile", "kind": "new-customer", "device": "mobile"},
]
