"""Scripts friction runs in a page for its own reading (facts, settling, snapshots, marks): through a DevTools
session, so a Playwright trace shows the customer's steps, not a DOM snapshot before and after every read."""

from __future__ import annotations

import json
import weakref
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import CDPSession, Page

_SESSIONS: weakref.WeakKeyDictionary[Page, CDPSession] = weakref.WeakKeyDictionary()
# The first element a CSS selector finds, looking into open shadow roots as Playwright's CSS engine does.
# Playwright's own element calls put half a megabyte of its script into each new document (30-40 ms).
FIND_JS = """(selector) => {
  const roots = [document];
  for (let i = 0; i < roots.length; i++) {
    const found = roots[i].querySelector(selector);
    if (found) return found;
    for (const el of roots[i].querySelectorAll("*")) if (el.shadowRoot) roots.push(el.shadowRoot);
  }
  return null;
}"""


# No script of ours takes this long on a page that answers (axe on a large page takes a few seconds); past it,
# the page stopped answering after it was asked whether it would, and the read fails instead of waiting for ever.
TIMEOUT_MS = 30_000


def timed_out(error: BaseException) -> bool:
    """Whether a call into the page failed because the page did not answer in time (not because it went away)."""
    return "Timeout" in str(error)


class ScriptError(Exception):
    """A script of ours threw in the page (the page's own code may have changed what it relies on)."""


def session(page: Page) -> CDPSession:
    """The page's DevTools session for friction's own calls, opened once."""
    found = _SESSIONS.get(page)
    if found is None:
        found = _SESSIONS[page] = page.context.new_cdp_session(page)
    return found


def run(page: Page, script: str, arg: Any = None, timeout_ms: float = TIMEOUT_MS) -> Any:
    """`script` (a function's source) called with `arg` in the page's main world, awaited; its value as JSON.

    Fails as page.evaluate would: the page closed, its context destroyed by a navigation, the script threw;
    and when the page has not answered within `timeout_ms`.
    """
    return evaluate(page, f"({script})({json.dumps(arg)})", timeout_ms)


def on_element(page: Page, selector: str, script: str, arg: Any = None, missing: Any = None) -> Any:
    """`script` called with the element `selector` finds and `arg`, as `run`; `missing` when nothing matches."""
    return evaluate(page, f"(() => {{ const el = ({FIND_JS})({json.dumps(selector)}); "
                          f"return el ? ({script})(el, {json.dumps(arg)}) : {json.dumps(missing)}; }})()")


def evaluate(page: Page, expression: str, timeout_ms: float = TIMEOUT_MS) -> Any:
    """An expression's value in the page's main world (a promise awaited), as JSON."""
    reply = session(page).send("Runtime.evaluate", {"expression": expression, "awaitPromise": True,
                                                    "returnByValue": True}, timeout=timeout_ms)
    details = reply.get("exceptionDetails")
    if details:
        thrown = details.get("exception") or {}
        raise ScriptError(str(thrown.get("description") or details.get("text") or "the script threw")[:300])
    return reply.get("result", {}).get("value")
