"""Getting around: redirect loops, links that lead nowhere and pop-ups that cover the page."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urljoin

from audits.judge.detectors import Check, detector
from audits.judge.detectors.common import (
    LOADING,
    NAVIGATING,
    attempted,
    clicked_link,
    ended_by,
    facts_before,
    is_submit,
    page_key,
    plural,
    quiet,
    quote,
    target_name,
    with_facts,
)
from audits.model import JourneyEvidence, Link, PageFacts, StepRecord

TOO_MANY_REDIRECTS = "ERR_TOO_MANY_REDIRECTS"
# One URL this often in a single redirect chain is a circle, not a detour through a sign-in.
LOOP_REPEATS = 3
PLACEHOLDER_HREFS = ("", "#", "javascript:", "javascript:void(0)", "javascript:void(0);", "javascript:;")
# An overlay covering this share of the screen is in the customer's way (a modal dialog's backdrop
# counts; a small consent bar, even one marked modal, does not).
OVERLAY_COVER = 0.3
OBSTRUCTED = "intercepts pointer events"  # Playwright's words when something covers the target


def _looped(step: StepRecord) -> bool:
    errors = [step.error or "", *(str(r.get("error") or "") for r in step.failed_requests)]
    if any(TOO_MANY_REDIRECTS in error for error in errors):
        return True
    return any(n >= LOOP_REPEATS for n in Counter(page_key(url) for url in step.redirects).values())


@detector(
    "redirect-loop",
    title_pass="No redirect loops",
    title_fail="A page redirects in a circle and never loads",
    why="A redirect loop shows the customer a browser error page; there is nothing left to try.",
    category="reliability",
    severity="critical",
    needs="steps (error, failed_requests, redirects), reason",
)
def redirect_loop(evidence: JourneyEvidence) -> Check | None:
    """Fails on ERR_TOO_MANY_REDIRECTS, a URL three times in one redirect chain, or a journey that
    ended in a redirect loop; on a goal-seeking journey only on steps a customer pursuing the goal
    would take."""
    if not any(s.action in NAVIGATING for s in evidence.steps):
        return None
    looped = [s for s in evidence.steps if _looped(s) and attempted(evidence, s)]
    if looped:
        first = looped[0]
        where = first.redirects[0] if first.redirects else first.target or first.url
        return Check(False, f"step {first.index}: {where} keeps redirecting", [s.index for s in looped])
    if ended_by(evidence, "loop", "redirect"):
        return Check(False, evidence.reason_detail)
    return Check(True)


def is_placeholder(href: str | None) -> bool:
    """A link that goes nowhere by itself: no href, '#', or 'javascript:void(0)'."""
    href = (href or "").strip().lower().replace(" ", "")
    return href in PLACEHOLDER_HREFS or href.startswith("javascript:void")


def _links_to_itself(link: Link | None, before: PageFacts) -> bool:
    # A link to the page already shown reloads it: pointless, but not broken.
    if link is None or is_placeholder(link.href):
        return False
    return page_key(urljoin(before.url, link.href or "")) == page_key(before.url)


def _dead_ends(evidence: JourneyEvidence) -> list[tuple[StepRecord, Link | None]]:
    found = []
    for step in evidence.steps:
        if step.action not in ("click", "open-menu") or not step.ok or not attempted(evidence, step):
            continue
        before = facts_before(evidence, step)
        if before is None or is_submit(step, before):
            continue
        link = clicked_link(step, before)
        if quiet(evidence, step, before) and not _links_to_itself(link, before):
            found.append((step, link))
    return found


@detector(
    "dead-end-link",
    title_pass="Every link clicked led somewhere",
    title_fail="{links} clicked and nothing happened",
    why="A link that does nothing makes the site look broken, and the customer stops trusting the other links too.",
    category="navigation",
    severity="major",
    needs="steps (action, target), steps[].facts (url, signature, text, links)",
)
def dead_end_link(evidence: JourneyEvidence) -> Check | None:
    """Fails when a click (not a form's submit) leaves the page exactly as it was, typically a
    placeholder link such as href="#"; on a goal-seeking journey only clicks a customer pursuing
    the goal would make."""
    clicked = [s for s in evidence.steps if s.action in ("click", "open-menu")]
    if not clicked and not ended_by(evidence, "dead-end"):
        return None
    dead = _dead_ends(evidence)
    if dead:
        parts = []
        for step, link in dead[:5]:
            href = f" (href “{link.href}”)" if link is not None and link.href is not None else ""
            parts.append(f"step {step.index}: {quote(target_name(step) or step.target or '?', 60)}{href}")
        return Check(False, "; ".join(parts), [s.index for s, _ in dead], {"links": plural(len(dead), "link")})
    if ended_by(evidence, "dead-end"):
        return Check(False, evidence.reason_detail, values={"links": "a link"})
    return Check(True, f"{plural(len(clicked), 'click')} checked")


def _obstructions(evidence: JourneyEvidence) -> dict[str, int]:
    """Big overlays that came with a page (not ones the customer opened), by text."""
    found: dict[str, int] = {}
    before: PageFacts | None = None
    for step, facts in with_facts(evidence):
        arrived = before is None or step.action in LOADING or page_key(facts.url) != page_key(before.url)
        if arrived:
            for overlay in facts.overlays:
                if float(overlay.get("cover") or 0) >= OVERLAY_COVER:
                    found.setdefault(" ".join(str(overlay.get("text", "")).split())[:80], step.index)
        before = facts
    return found


@detector(
    "overlay-obstruction",
    title_pass="No pop-ups in the way",
    title_fail="{popups} covered the page on the way",
    why="Pop-ups that cover the page make customers dismiss something before they can start, "
        "and some never find the close button.",
    category="navigation",
    severity="minor",
    needs="steps[].facts.overlays (cover, modal, text), steps (error)",
)
def overlay_obstruction(evidence: JourneyEvidence) -> Check | None:
    """Fails when an overlay covering 30% of the screen or more arrives with a page (not one the
    customer opened); major when it blocked a click."""
    if not any(True for _ in with_facts(evidence)):
        return None
    found = _obstructions(evidence)
    blocked = [s.index for s in evidence.steps if OBSTRUCTED in (s.error or "")]
    if not found and not blocked:
        return Check(True)
    parts = [f"step {i}: {quote(text or 'an untitled overlay', 80)}" for text, i in list(found.items())[:3]]
    if blocked:
        parts.append(f"it blocked the click at step {blocked[0]}")
    steps = sorted({*found.values(), *blocked})
    values = {"popups": plural(max(len(found), 1), "pop-up")}
    return Check(False, "; ".join(parts), steps, values, "major" if blocked else None)
