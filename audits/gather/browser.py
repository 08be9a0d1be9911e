"""The only place that finds and launches Chromium; one browser context per persona."""

from __future__ import annotations

import glob
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

DEBIAN_HEADLESS_SHELL = "/usr/lib/chromium/chromium-headless-shell"
SYSTEM_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Playwright already passes --no-sandbox and the background-networking flags. Never pass our own
# --disable-features: it would replace Playwright's list.
EXTRA_ARGS = ["--disable-quic"]
INSTALL_HINT = (
    "no Chromium found: install one with `sudo apt-get install chromium-headless-shell` "
    "(or run `make demo`), or point FRICTION_CHROMIUM at a chromium binary"
)


class BrowserNotFound(RuntimeError):
    """No usable Chromium binary on this machine."""


def _playwright_own_chromium() -> str | None:
    root = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or str(Path.home() / ".cache/ms-playwright")
    patterns = ("chromium_headless_shell-*/chrome-linux*/headless_shell", "chromium-*/chrome-linux*/chrome")
    for pattern in patterns:
        found = sorted(glob.glob(os.path.join(root, pattern)), reverse=True)
        if found:
            return found[0]
    return None


def find_browser() -> str:
    """Return the Chromium to use: $FRICTION_CHROMIUM, Playwright's own, Debian's shell, system."""
    override = os.environ.get("FRICTION_CHROMIUM")
    if override:
        if not os.access(override, os.X_OK):
            raise BrowserNotFound(f"FRICTION_CHROMIUM={override} is not an executable file")
        return override
    for candidate in (_playwright_own_chromium(), DEBIAN_HEADLESS_SHELL):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    for name in SYSTEM_BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    raise BrowserNotFound(INSTALL_HINT)


@contextmanager
def launch(headless: bool = True) -> Iterator[Browser]:
    """Start Playwright and Chromium; close both on exit."""
    from playwright.sync_api import sync_playwright

    executable = find_browser()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=headless, args=EXTRA_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def new_context(browser: Browser, device: str, user_agent_suffix: str) -> BrowserContext:
    """A fresh, isolated context sized and identified like the persona's device."""
    from audits.personas import DEVICES

    spec = DEVICES[device]
    user_agent = f"{spec.user_agent} {user_agent_suffix}".strip()
    return browser.new_context(
        viewport={"width": spec.width, "height": spec.height},
        device_scale_factor=spec.scale,
        is_mobile=spec.mobile,
        has_touch=spec.mobile,
        user_agent=user_agent,
        locale="en-US",
        timezone_id="America/New_York",
        ignore_https_errors=True,
    )


def main(argv: list[str]) -> int:
    """`python -m audits.gather.browser --check`: print the browser path, exit 1 when there is none."""
    try:
        print(find_browser())
    except BrowserNotFound as error:
        print(f"friction: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
