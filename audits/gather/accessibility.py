"""axe-core (axe-playwright-python) on the elements a journey clicks, before each click, kept small."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from audits.gather import script
from audits.model import AxeIssue
from audits.untrusted import clean

if TYPE_CHECKING:
    from playwright.sync_api import Page

# The rules that can stop a customer on the control they must use: a control with no name, text too faint.
NAMING_RULES = ("button-name", "link-name", "aria-command-name", "input-button-name", "svg-img-alt")
CONTRAST_RULES = ("color-contrast",)
# Only those rules, only violations: the whole rule set costs a second a page, and passes say nothing.
# Frames are not asked: axe is put into the page's own document only, and would wait for them to answer.
AXE_OPTIONS = {"runOnly": {"type": "rule", "values": [*NAMING_RULES, *CONTRAST_RULES]}, "resultTypes": ["violations"],
               "iframes": False}
KEPT_TARGETS = 5
HELP_CHARS = 200

# friction's own check, beside axe's rules (axe has none for it): focus the control, press Tab, then
# Shift+Tab; when focus stays on it (or inside it) both times, a keyboard user is stuck there (WCAG 2.1.2).
KEYBOARD_TRAP = AxeIssue(rule="keyboard-trap", impact="critical", clicked=True,
                         help="Keyboard focus cannot leave this control with Tab or Shift+Tab")
# A modal dialog keeps focus inside on purpose (Escape closes it): its controls are not tried. Focused,
# the control answers where the page was scrolled, to be put back.
FOCUS_JS = """el => { if (el.closest('[aria-modal="true"], dialog[open]')) return null;
  const at = [scrollX, scrollY]; el.focus({preventScroll: true}); return document.activeElement === el ? at : null; }"""
HELD_JS = "el => { const a = document.activeElement; return !!a && (a === el || el.contains(a)); }"
# Held after Tab: focus it again for Shift+Tab.
HELD_AND_REFOCUSED_JS = f"el => ({HELD_JS})(el) && (el.focus({{preventScroll: true}}), document.activeElement === el)"
# Leave the page as it was: nothing focused (a menu that opens on focus closes again), scrolled where it was.
RESTORE_JS = "([x, y]) => { const a = document.activeElement; if (a && a.blur) a.blur(); scrollTo(x, y); }"
# axe's rules on the element and what is inside it (on a whole page they cost half a second a click), then
# the control focused for the keyboard check: one call. ABSENT where axe is not in the document yet.
ABSENT = "axe-absent"
RUN_JS = f"""(el, options) => typeof axe !== "object" || axe === null || typeof axe.run !== "function" ? "{ABSENT}"
  : axe.run(el, options).catch(() => null).then((found) => ({{found, focus: ({FOCUS_JS})(el)}}))"""


def _target(node: dict[str, Any]) -> str:
    """A node's selector; one inside an iframe or shadow root is the chain axe gives, joined by ' >>> '."""
    parts = node.get("target") or []
    return " >>> ".join(p if isinstance(p, str) else " >>> ".join(map(str, p)) for p in parts)


class PathAudit:
    """Runs axe on each element the journey clicks (and what is inside it), before the click."""

    def __init__(self) -> None:
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe().axe_script

    def _run(self, page: Page, selector: str) -> tuple[list[AxeIssue], list[float] | None]:
        """axe's violations on the element, compact (the rule, its impact, its help and where); and where the
        page was scrolled when the element took focus (None: it took none)."""
        try:
            got = script.on_element(page, selector, RUN_JS, AXE_OPTIONS)
            if got == ABSENT:  # once per document: axe is half a megabyte of script
                # Alone and word for word the same each time, so the browser compiles it once, not in each document.
                script.evaluate(page, self.axe)
                got = script.on_element(page, selector, RUN_JS, AXE_OPTIONS)
        except Exception:  # a page that forbids scripts or navigates away: nothing known, nothing claimed
            return [], None
        got = got if isinstance(got, dict) else {}
        violations = (got.get("found") or {}).get("violations", [])
        return [AxeIssue(rule=clean(str(v.get("id", ""))), impact=clean(str(v.get("impact") or "")),
                         help=clean(str(v.get("help", "")))[:HELP_CHARS], clicked=True,
                         targets=[clean(t) for t in map(_target, v.get("nodes", [])) if t][:KEPT_TARGETS])
                for v in violations], got.get("focus")

    @staticmethod
    def _trapped(page: Page, selector: str, scrolled: list[float] | None) -> bool:
        """Focus, given to the control, cannot leave it by Tab nor by Shift+Tab; one that took none is no trap."""
        if scrolled is None:
            return False
        try:
            page.keyboard.press("Tab")
            if not script.on_element(page, selector, HELD_AND_REFOCUSED_JS):
                return False
            page.keyboard.press("Shift+Tab")
            return bool(script.on_element(page, selector, HELD_JS))
        except Exception:  # the page changed under us: nothing proven
            return False
        finally:
            with contextlib.suppress(Exception):
                script.run(page, RESTORE_JS, scrolled)

    def before_click(self, page: Page, selector: str) -> list[AxeIssue]:
        """The violations on the element about to be clicked, and a keyboard trap on it."""
        found, scrolled = self._run(page, selector)
        return [*found, KEYBOARD_TRAP.model_copy()] if self._trapped(page, selector, scrolled) else found
