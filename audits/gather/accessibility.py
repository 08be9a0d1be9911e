"""axe-core (axe-playwright-python) on the pages a journey acts on: once per page, kept small, matched to clicks."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from audits.identity import page_key
from audits.model import AxeIssue
from audits.untrusted import clean

if TYPE_CHECKING:
    from playwright.sync_api import Page

# The rules that can stop a customer on the control they must use: a control with no name, text too faint.
NAMING_RULES = ("button-name", "link-name", "aria-command-name", "input-button-name", "svg-img-alt")
CONTRAST_RULES = ("color-contrast",)
# Only those rules, only violations: the whole rule set costs a second a page, and passes say nothing.
AXE_OPTIONS = {"runOnly": {"type": "rule", "values": [*NAMING_RULES, *CONTRAST_RULES]}, "resultTypes": ["violations"]}
KEPT_TARGETS = 5
HELP_CHARS = 200
MATCH_TIMEOUT_MS = 1000
# Is the element clicked (or its text inside it) one of these nodes? Selectors axe cannot resolve again count as no.
MATCH_JS = """(el, targets) => targets.map(t => {
  try { const node = document.querySelector(t); return !!node && (node === el || el.contains(node)); }
  catch (e) { return false; }
})"""


# friction's own check, beside axe's rules (axe has none for it): focus the control, press Tab, then
# Shift+Tab; when focus stays on it (or inside it) both times, a keyboard user is stuck there (WCAG 2.1.2).
KEYBOARD_TRAP = AxeIssue(rule="keyboard-trap", impact="critical", clicked=True,
                         help="Keyboard focus cannot leave this control with Tab or Shift+Tab")
# A modal dialog keeps focus inside on purpose (Escape closes it): its controls are not tried.
FOCUS_JS = """el => { if (el.closest('[aria-modal="true"], dialog[open]')) return false;
  el.focus({preventScroll: true}); return document.activeElement === el; }"""
HELD_JS = "el => { const a = document.activeElement; return !!a && (a === el || el.contains(a)); }"
# Leave the page as it was: nothing focused (a menu that opens on focus closes again), scrolled where it was.
SCROLLED_JS = "() => [scrollX, scrollY]"
RESTORE_JS = "([x, y]) => { const a = document.activeElement; if (a && a.blur) a.blur(); scrollTo(x, y); }"
KEYS = ("Tab", "Shift+Tab")


def _target(node: dict[str, Any]) -> str:
    """A node's selector; one inside an iframe or shadow root is the chain axe gives, joined by ' >>> '."""
    parts = node.get("target") or []
    return " >>> ".join(p if isinstance(p, str) else " >>> ".join(map(str, p)) for p in parts)


class PathAudit:
    """Runs axe once per page identity the journey acts on, and tells each click which violations it touched."""

    def __init__(self) -> None:
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.pages: dict[str, list[tuple[AxeIssue, list[str]]]] = {}

    def _violations(self, page: Page) -> list[tuple[AxeIssue, list[str]]]:
        """Each violation, compact, with every node's selector (kept in memory only, to match clicks)."""
        try:
            found = self.axe.run(page, options=AXE_OPTIONS).response.get("violations", [])
        except Exception:  # a page that forbids scripts or navigates away: nothing known, nothing claimed
            return []
        issues = []
        for violation in found:
            targets = [t for t in map(_target, violation.get("nodes", [])) if t]
            issue = AxeIssue(rule=clean(str(violation.get("id", ""))), impact=clean(str(violation.get("impact") or "")),
                             help=clean(str(violation.get("help", "")))[:HELP_CHARS],
                             targets=[clean(t) for t in targets[:KEPT_TARGETS]])
            issues.append((issue, targets))
        return issues

    def _touched(self, page: Page, selector: str, targets: list[str]) -> list[bool]:
        simple = [t if ">>>" not in t else "" for t in targets]
        with contextlib.suppress(Exception):
            return list(page.locator(selector).first.evaluate(MATCH_JS, simple, timeout=MATCH_TIMEOUT_MS))
        return [False] * len(targets)

    @staticmethod
    def _trapped(page: Page, selector: str) -> bool:
        """Focus cannot leave the control by Tab nor by Shift+Tab; one that takes no focus is no trap."""
        element = page.locator(selector).first
        scrolled = [0, 0]
        try:
            scrolled = page.evaluate(SCROLLED_JS)
            held = []
            for key in KEYS:
                if not element.evaluate(FOCUS_JS, timeout=MATCH_TIMEOUT_MS):
                    return False
                page.keyboard.press(key)
                held.append(bool(element.evaluate(HELD_JS, timeout=MATCH_TIMEOUT_MS)))
            return all(held)
        except Exception:  # the page changed under us: nothing proven
            return False
        finally:
            with contextlib.suppress(Exception):
                page.evaluate(RESTORE_JS, scrolled)

    def before_click(self, page: Page, selector: str) -> list[AxeIssue]:
        """The page's violations the first time the journey acts on it, then only those on the element clicked;
        and a keyboard trap on the element clicked."""
        key = page_key(page.url)
        first = key not in self.pages
        if first:
            self.pages[key] = self._violations(page)
        found = self.pages[key]
        hits = iter(self._touched(page, selector, [t for _, targets in found for t in targets]))
        kept = []
        for issue, targets in found:
            touched = [t for t in targets if next(hits)]
            if touched or first:
                shown = list(dict.fromkeys([*map(clean, touched), *issue.targets]))[:KEPT_TARGETS]
                kept.append(issue.model_copy(update={"clicked": bool(touched), "targets": shown}))
        if self._trapped(page, selector):
            kept.append(KEYBOARD_TRAP.model_copy())
        return kept
