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
INJECTED_JS = "() => typeof axe === 'object' && axe !== null && typeof axe.run === 'function'"
# Only the element and what is inside it: axe on a whole page cost half a second a click.
RUN_JS = "(el, options) => axe.run(el, options)"

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


def _target(node: dict[str, Any]) -> str:
    """A node's selector; one inside an iframe or shadow root is the chain axe gives, joined by ' >>> '."""
    parts = node.get("target") or []
    return " >>> ".join(p if isinstance(p, str) else " >>> ".join(map(str, p)) for p in parts)


class PathAudit:
    """Runs axe on each element the journey clicks (and what is inside it), before the click."""

    def __init__(self) -> None:
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe().axe_script

    def _violations(self, page: Page, selector: str) -> list[AxeIssue]:
        """axe's violations on the element, compact: the rule, its impact, its help and where."""
        try:
            if not script.run(page, INJECTED_JS):  # once per document: axe is half a megabyte of script
                script.evaluate(page, self.axe)
            found = script.on_element(page, selector, RUN_JS, AXE_OPTIONS)
        except Exception:  # a page that forbids scripts or navigates away: nothing known, nothing claimed
            return []
        return [AxeIssue(rule=clean(str(violation.get("id", ""))), impact=clean(str(violation.get("impact") or "")),
                         help=clean(str(violation.get("help", "")))[:HELP_CHARS], clicked=True,
                         targets=[clean(t) for t in map(_target, violation.get("nodes", [])) if t][:KEPT_TARGETS])
                for violation in (found or {}).get("violations", [])]

    @staticmethod
    def _trapped(page: Page, selector: str) -> bool:
        """Focus cannot leave the control by Tab nor by Shift+Tab; one that takes no focus is no trap."""
        scrolled = None
        try:
            scrolled = script.on_element(page, selector, FOCUS_JS)
            if scrolled is None:
                return False
            page.keyboard.press("Tab")
            if not script.on_element(page, selector, HELD_AND_REFOCUSED_JS):
                return False
            page.keyboard.press("Shift+Tab")
            return bool(script.on_element(page, selector, HELD_JS))
        except Exception:  # the page changed under us: nothing proven
            return False
        finally:
            if scrolled is not None:
                with contextlib.suppress(Exception):
                    script.run(page, RESTORE_JS, scrolled)

    def before_click(self, page: Page, selector: str) -> list[AxeIssue]:
        """The violations on the element about to be clicked, and a keyboard trap on it."""
        found = self._violations(page, selector)
        return [*found, KEYBOARD_TRAP.model_copy()] if self._trapped(page, selector) else found
