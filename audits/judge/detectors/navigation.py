"""Getting around: redirect loops, links that lead nowhere and pop-ups that cover the page."""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import urljoin

from audits.facts import first_phrase, lexicon
from audits.judge.detectors import Check, detector
from audits.judge.detectors.common import (
    LOADING,
    NAVIGATING,
    WATCHING,
    attempted,
    clicked_link,
    ended_by,
    facts_before,
    is_submit,
    page_key,
    path_key,
    plural,
    promises,
    quiet,
    quote,
    target_name,
    with_facts,
)
from audits.model import JourneyEvidence, Link, PageFacts, StepRecord

TOO_MANY_REDIRECTS = "ERR_TOO_MANY_REDIRECTS"
# One URL this often in a single redirect chain is a circle, not a detour through a sign-in.
LOOP_REPEATS = 3
PLACEHOLDER_HREFS = ("", "#", "#!", "javascript:", "javascript:void(0)", "javascript:void(0);", "javascript:;")
# Roles by which a link says a script answers it (a menu, a tab, a dialog opener), not an address.
SCRIPTED_ROLES = ("button", "tab", "menuitem", "treeitem")
# A link is called a dead end for the goal only when its words clearly name it ("Contact", "Sign up"),
# not when they merely may lead there ("Help", "Apply"): the navigator follows weaker scent than that.
CLEAR_PROMISE = 0.75
# A page whose links all go nowhere needs at least this many to be a trap rather than a lone stub.
TRAP_LINKS = 2
CHATS = ("chat", "chatbot")
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
    """Clicks (not submits) that left the page exactly as it was."""
    found = []
    for step in evidence.steps:
        if step.action not in ("click", "open-menu") or not step.ok or not attempted(evidence, step):
            continue
        before = facts_before(evidence, step)
        if before is None or is_submit(step, before):
            continue
        link = clicked_link(step, before)
        stub = link is not None and is_placeholder(link.href)
        if quiet(evidence, step, before, fragment=not stub) and not _links_to_itself(link, before):
            found.append((step, link))
    return found


def _scripted(link: Link, openers: set[str], followed_by_hidden: bool) -> bool:
    """The link says a script answers it: a toggle, a tab, a menu item, or the opener of a submenu
    (hidden links name it as what reveals them, or follow it: a collapsed submenu; a hidden button
    after it, such as a menu toggle for small screens, is no submenu)."""
    return (link.role in SCRIPTED_ROLES or link.expanded is not None or bool(link.controls)
            or link.fid in openers or (link.visible and followed_by_hidden))


def _nowhere(facts: PageFacts) -> list[Link]:
    """The page's <a> links a person can see (or reveal) whose address leads nowhere and that no script claims."""
    openers = {link.opener for link in facts.links if link.opener}
    found = []
    for i, link in enumerate(facts.links):
        shown = link.visible or bool(link.opener)
        if link.tag != "a" or not shown or not is_placeholder(link.href):
            continue
        following = facts.links[i + 1] if i + 1 < len(facts.links) else None
        followed_by_hidden = following is not None and following.tag == "a" and not following.visible
        if not _scripted(link, openers, followed_by_hidden):
            found.append(link)
    return found


def _trap(facts: PageFacts, nowhere: list[Link]) -> bool:
    """No link a person can see on the page leads anywhere: whatever they want, they are stuck."""
    shown = [link for link in facts.links if link.tag == "a" and link.visible]
    stubs = {id(link) for link in nowhere}
    return len(shown) >= TRAP_LINKS and all(id(link) in stubs for link in shown)


def _spared(evidence: JourneyEvidence, label: str, facts: PageFacts) -> bool:
    """A stub that is not a dead end: the page's own name ("you are here" in a menu or a table of
    contents), or a "Chat with us" on a page whose chat widget it opens."""
    said = label.lower()
    if facts.title.lower().startswith(said) or said in (h.lower() for h in facts.headings[:1]):
        return True
    has_chat = any(c.kind in CHATS and path_key(c.url) == path_key(facts.url) for c in evidence.channels)
    return has_chat and bool(first_phrase(label, lexicon()["channels"]["chat_words"]))


def _worked(evidence: JourneyEvidence) -> set[str]:
    """Labels of placeholder links that a click showed to do something (a script answered them)."""
    worked = set()
    for step in evidence.steps:
        before = facts_before(evidence, step)
        if step.action not in ("click", "open-menu") or not step.ok or before is None:
            continue
        link = clicked_link(step, before)
        if link is not None and is_placeholder(link.href) and not quiet(evidence, step, before, fragment=False):
            worked.add(target_name(step).lower())
    return worked


Stub = tuple[Link, list[int], list[str]]


def _stubs(evidence: JourneyEvidence) -> dict[str, Stub]:
    """Links on the pages the journey saw that go nowhere and promise its goal (or sit on a page where
    nothing leads anywhere), clicked or not, by label: the link, and the steps and pages showing it."""
    worked = _worked(evidence)
    found: dict[str, Stub] = {}
    for step, facts in with_facts(evidence):
        nowhere = _nowhere(facts)
        trap = _trap(facts, nowhere)
        for link in nowhere:
            label = " ".join((link.name or link.text).split())
            if not label or label.lower() in worked:
                continue
            if not (trap or promises(evidence.goal, label, CLEAR_PROMISE)) or _spared(evidence, label, facts):
                continue
            _, steps, pages = found.setdefault(label.lower(), (link, [], []))
            if path_key(facts.url) not in pages:
                steps.append(step.index)
                pages.append(path_key(facts.url))
    return found


def _described(evidence: JourneyEvidence) -> tuple[list[str], list[int], int]:
    """What led nowhere, in words; the steps that show it; how many links it was."""
    parts, steps, labels = [], set(), set()
    for step, link in _dead_ends(evidence):
        name = target_name(step) or step.target or "?"
        href = f" (href “{link.href}”)" if link is not None and link.href is not None else ""
        parts.append(f"step {step.index}: {quote(name, 60)}{href} clicked and nothing happened")
        steps.add(step.index)
        labels.add(name.lower())
    for label, (link, seen, pages) in _stubs(evidence).items():
        if label in labels:
            continue
        href = f"href “{link.href}”" if link.href is not None else "no href"
        more = f" and {plural(len(pages) - 1, 'other page')}" if len(pages) > 1 else ""
        parts.append(f"{quote(link.name or link.text, 60)} ({href}) on {pages[0]}{more}")
        steps.update(seen)
        labels.add(label)
    return parts, sorted(steps), len(labels)


@detector(
    "dead-end-link",
    title_pass="Every link towards the goal leads somewhere",
    title_fail="{links} led nowhere",
    why="A link that does nothing makes the site look broken, and the customer stops trusting the other links too.",
    category="navigation",
    severity="major",
    needs="steps (action, target), steps[].facts (url, signature, text, links), channels",
)
def dead_end_link(evidence: JourneyEvidence) -> Check | None:
    """Fails on a link that goes nowhere: one whose words promise the goal (by the scent lexicon)
    and whose address is a placeholder (none, "#", "#!", "javascript:void(0)") on any page the
    journey saw, clicked or not; every such link on a page where no link leads anywhere, whatever it
    says; and a click (not a form's submit) that left the page exactly as it was, on a goal-seeking
    journey only one a customer pursuing the goal would make. Links that say a script answers them
    (menu toggles, tabs, openers of hidden links, a chat widget's launcher) and ones a click showed
    to work are left out."""
    clicked = [s for s in evidence.steps if s.action in ("click", "open-menu")]
    if not clicked and not any(True for _ in with_facts(evidence)) and not ended_by(evidence, "dead-end"):
        return None
    parts, steps, count = _described(evidence)
    if parts:
        return Check(False, "; ".join(parts[:5]), steps, {"links": plural(count, "link")})
    if ended_by(evidence, "dead-end"):
        return Check(False, evidence.reason_detail, values={"links": "a link"})
    return Check(True, f"{plural(len(clicked), 'click')} checked")


def _dealt_with(evidence: JourneyEvidence, arrived: StepRecord, overlay: dict[str, Any]) -> bool:
    """The customer had to act on the overlay: the next step closed it or pressed one of its buttons
    (a loading screen that fades, or a sidebar nobody touches, is not in the way)."""
    later = next((s for s in evidence.steps if s.index > arrived.index and s.action not in WATCHING), None)
    if later is None:
        return False
    buttons = {" ".join(str(b.get("text", "")).split()).lower() for b in overlay.get("buttons", [])}
    return later.action == "dismiss" or (later.action == "click" and target_name(later).lower() in buttons)


def _obstructions(evidence: JourneyEvidence) -> dict[str, int]:
    """Big overlays that came with a page (not ones the customer opened) and had to be dealt with, by text."""
    found: dict[str, int] = {}
    before: PageFacts | None = None
    for step, facts in with_facts(evidence):
        arrived = before is None or step.action in LOADING or page_key(facts.url) != page_key(before.url)
        if arrived:
            for overlay in facts.overlays:
                if float(overlay.get("cover") or 0) >= OVERLAY_COVER and _dealt_with(evidence, step, overlay):
                    found.setdefault(" ".join(str(overlay.get("text", "")).split())[:80], step.index)
        before = facts
    return found


def _lingering(evidence: JourneyEvidence, found: dict[str, int]) -> dict[str, list[int]]:
    """Overlays that stayed on screen without being in the way (a small cookie banner nobody closed):
    text -> the steps they were on. The report says so, lest "no pop-ups" read false beside the screenshots."""
    seen: dict[str, list[int]] = {}
    closed: set[str] = set(found)
    for step, facts in with_facts(evidence):
        for overlay in facts.overlays:
            text = " ".join(str(overlay.get("text", "")).split())[:80]
            if _dealt_with(evidence, step, overlay):
                closed.add(text)
            seen.setdefault(text, []).append(step.index)
    return {text: steps for text, steps in seen.items() if text not in closed}


@detector(
    "overlay-obstruction",
    title_pass="No pop-up covered the page",
    title_fail="{popups} covered the page on the way",
    why="Pop-ups that cover the page make customers dismiss something before they can start, "
        "and some never find the close button.",
    category="navigation",
    severity="minor",
    needs="steps[].facts.overlays (cover, modal, text), steps (error)",
)
def overlay_obstruction(evidence: JourneyEvidence) -> Check | None:
    """Fails when an overlay covering 30% of the screen or more arrives with a page (not one the
    customer opened) and has to be closed or answered before going on; major when it blocked a click.
    A smaller overlay that stayed on screen passes, and the check says so (a cookie banner nobody closed)."""
    if not any(True for _ in with_facts(evidence)):
        return None
    found = _obstructions(evidence)
    blocked = [s.index for s in evidence.steps if OBSTRUCTED in (s.error or "")]
    if not found and not blocked:
        stayed = _lingering(evidence, found)
        if not stayed:
            return Check(True)
        text, steps = max(stayed.items(), key=lambda item: len(item[1]))
        said = quote(text or "an untitled overlay", 80)
        return Check(True, f"{said} stayed on screen at {plural(len(steps), 'step')}, covering too little of the page "
                           "to be in the way", steps[:3])
    parts = [f"step {i}: {quote(text or 'an untitled overlay', 80)}" for text, i in list(found.items())[:3]]
    if blocked:
        parts.append(f"it blocked the click at step {blocked[0]}")
    steps = sorted({*found.values(), *blocked})
    values = {"popups": plural(max(len(found), 1), "pop-up")}
    return Check(False, "; ".join(parts), steps, values, "major" if blocked else None)
