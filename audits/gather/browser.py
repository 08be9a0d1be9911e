"""The only place that finds and launches Chromium, and builds a browser context for a persona."""

from __future__ import annotations

import contextlib
import glob
import os
import shlex
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audits.gather.driver import LAST_CHANGE_JS
from audits.gather.egress import guard
from audits.personas import DEVICES, USER_AGENT_SUFFIX

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

    from audits.scenario import PersonaSpec

DEBIAN_HEADLESS_SHELL = "/usr/lib/chromium/chromium-headless-shell"
SYSTEM_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Playwright already passes --no-sandbox and the background-networking flags. Never pass our own
# --disable-features: it would replace Playwright's list.
EXTRA_ARGS = ["--disable-quic"]
# More Chromium flags for every launch and relaunch, e.g. a host-resolver rule in tests.
ARGS_ENV = "FRICTION_CHROMIUM_ARGS"
INSTALL_HINT = (
    "no Chromium found: install one with `sudo apt-get install chromium-headless-shell` "
    "(or run `make demo`), or point FRICTION_CHROMIUM at a chromium binary"
)


# Playwright's device descriptors by name: the same table for every Playwright instance of this
# install, read from the first one launch() starts (the Python API serves them from a running driver).
_DESCRIPTORS: dict[str, dict[str, Any]] = {}


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


def chromium_args() -> list[str]:
    """friction's flags, then those of $FRICTION_CHROMIUM_ARGS (shell words)."""
    return [*EXTRA_ARGS, *shlex.split(os.environ.get(ARGS_ENV, ""))]


@contextmanager
def launch(headless: bool = True) -> Iterator[Browser]:
    """Start Playwright and Chromium; close both on exit."""
    from playwright.sync_api import sync_playwright

    executable = find_browser()
    with sync_playwright() as playwright:
        _DESCRIPTORS.update(playwright.devices)
        browser = playwright.chromium.launch(
            executable_path=executable, headless=headless, args=chromium_args()
        )
        try:
            yield browser
        finally:
            browser.close()


def relaunch(dead: Browser) -> Browser:
    """A new Chromium in place of one that was stopped or crashed, launched the same way."""
    return dead.browser_type.launch(executable_path=find_browser(), headless=True, args=chromium_args())


def device_options(device: str) -> dict[str, Any]:
    """Context options for one of DEVICES: its Playwright descriptor at friction's viewport, our name in the UA."""
    spec = DEVICES[device]
    if not _DESCRIPTORS:
        raise RuntimeError("Playwright's device descriptors are read by launch(); start the browser with it")
    options = {k: v for k, v in _DESCRIPTORS[spec.descriptor].items() if k != "default_browser_type"}
    user_agent = f"{options['user_agent']} {USER_AGENT_SUFFIX}"
    return {**options, "user_agent": user_agent, "viewport": {"width": spec.width, "height": spec.height}}


def new_context(browser: Browser, persona: PersonaSpec, *, start_url: str, allow_private: bool = False,
                trace: bool = False, har: Path | None = None, replay: Path | None = None) -> BrowserContext:
    """A fresh, isolated context for the persona: its device, its saved login (`storage_state`) if any.

    Every request it makes obeys the egress policy for a journey from `start_url` (audits/gather/egress.py);
    service workers are blocked, as they would answer requests the policy never sees.
    Off unless asked: `trace` starts a Playwright trace (saved by `close_context`), `har` records
    every request into that HAR file when the context closes, `replay` answers every request from
    that HAR and lets none reach the network.
    """
    context = browser.new_context(
        **device_options(persona.device),
        locale="en-US",
        timezone_id="America/New_York",
        ignore_https_errors=True,
        storage_state=persona.storage_state,
        record_har_path=har,
        service_workers="block",
    )
    context.add_init_script(LAST_CHANGE_JS)
    if replay is not None:
        context.route_from_har(replay, not_found="abort")
    # Routes registered last run first: the egress guard sees every request, a replay answers those it allows.
    guard(context, start_url, allow_private)
    if trace:
        # The DOM at each action, not a film of the screen: each step has its own screenshot in the evidence,
        # and the film cost a journey 8-10% more (benchmarks/README.md).
        context.tracing.start(screenshots=False, snapshots=True, sources=True)
    return context


def close_context(context: BrowserContext, trace: Path | None = None) -> None:
    """Save the trace started by `new_context` (when given a path), then close the context."""
    # A crashed browser has nothing left to save or close; the journey's evidence is already on disk.
    if trace is not None:
        with contextlib.suppress(Exception):
            context.tracing.stop(path=trace)
    with contextlib.suppress(Exception):
        context.close()


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
