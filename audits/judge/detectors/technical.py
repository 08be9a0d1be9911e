"""Technical failures on the path: broken links, JavaScript errors and slow steps."""

from __future__ import annotations

import re

from audits.facts import first_phrase, lexicon
from audits.identity import page_key
from audits.judge.detectors import Check, detector
from audits.judge.detectors.common import LOADING, attempted, ended_by, plural, target_name
from audits.judge.metrics import CLICK_ACTIONS
from audits.model import JourneyEvidence, StepRecord, failed_page_loads

# Beyond about 5 s a page feels broken rather than slow (web performance studies and RAIL).
SLOW_STEP_MS = 5000
# A server's answer of 4xx or 5xx, as a verdict names it; a page that never answered (a host that does
# not resolve, a refused connection) is not a broken link the site serves.
ANSWERED_ERROR = re.compile(r"\bHTTP [45]\d\d\b")


def _followed(evidence: JourneyEvidence, step: StepRecord) -> bool:
    """A step a customer would take: one on the way to the goal, or a click to a page about the
    company or the customer's rights (About, Privacy, Terms), which customers open whatever they want."""
    if attempted(evidence, step):
        return True
    return step.action in CLICK_ACTIONS and bool(first_phrase(target_name(step), lexicon()["company_pages"]))


def _http_errors(evidence: JourneyEvidence) -> dict[str, tuple[int, int]]:
    """Pages the journey reached that answered 4xx or 5xx, by URL: (status, step)."""
    found: dict[str, tuple[int, int]] = {}
    for step in (s for s in evidence.steps if _followed(evidence, s)):
        status = step.status or (step.facts.status if step.facts else None) or 0
        if status >= 400 and step.url:
            found.setdefault(page_key(step.url), (status, step.index))
        for request in failed_page_loads(step.failed_requests):
            found.setdefault(page_key(str(request.get("url", ""))), (int(request["status"]), step.index))
    return found


@detector(
    "broken-link",
    title_pass="No broken pages on the path",
    title_fail="{pages} on the path answered with an HTTP error",
    why="A customer who lands on an error page rarely tries a second route; most leave.",
    category="reliability",
    severity="major",
    needs="steps (status, failed_requests)",
)
def broken_link(evidence: JourneyEvidence) -> Check | None:
    """Fails when a page the journey opened (or a navigation it made) answered 4xx or 5xx; on a
    goal-seeking journey only pages a customer pursuing the goal would open (its path, links that
    promised the goal, and pages about the company or the customer's rights such as About, Privacy
    or Terms), not the navigator's exploring. A page that never answered (an unknown host, a refused
    connection) is not an HTTP error."""
    if not evidence.steps:
        return None
    hits = _http_errors(evidence)
    if not hits and ended_by(evidence, "http-error") and ANSWERED_ERROR.search(evidence.reason_detail):
        return Check(False, evidence.reason_detail, values={"pages": "a page"})
    if not hits:
        return Check(True)
    detail = "; ".join(f"HTTP {status} at {url} (step {i})" for url, (status, i) in list(hits.items())[:5])
    return Check(False, detail, sorted({i for _, i in hits.values()}), {"pages": plural(len(hits), "page")})


@detector(
    "js-errors-on-path",
    title_pass="No JavaScript errors on the path",
    title_fail="{errors} on the path",
    why="Script errors are the usual cause of buttons that do nothing and forms that never send.",
    category="reliability",
    severity="minor",
    needs="steps (page_errors)",
)
def js_errors(evidence: JourneyEvidence) -> Check | None:
    """Fails on uncaught JavaScript exceptions; the same message on several pages counts once."""
    if not evidence.steps:
        return None
    first: dict[str, int] = {}
    for step in evidence.steps:
        for error in step.page_errors:
            first.setdefault(error, step.index)
    if not first:
        return Check(True)
    detail = "; ".join(f"step {i}: {e}" for e, i in list(first.items())[:3])
    steps = sorted({s.index for s in evidence.steps if s.page_errors})
    return Check(False, detail, steps, {"errors": plural(len(first), "JavaScript error")})


def _our_wait(step: StepRecord) -> bool:
    """Time the script chose to spend: a fixed pause, a screenshot, or waiting out its own timeout."""
    if step.action == "screenshot" or (step.action == "wait_for" and (step.target or "").endswith(" ms")):
        return True
    # A failed click or check waited for our timeout; a failed page load is the site's slowness.
    return not step.ok and step.action not in LOADING


@detector(
    "slow-step",
    title_pass="Every step answered within {limit} s",
    title_fail="{steps} took longer than {limit} s",
    why="Each slow page is a moment the customer wonders whether the site works at all.",
    category="performance",
    severity="minor",
    needs="steps (ms)",
)
def slow_step(evidence: JourneyEvidence) -> Check | None:
    """Fails when a step took longer than 5 s: a page load, a click's answer or a wait for content
    (fixed pauses, screenshots and our own timeouts aside)."""
    if not evidence.steps:
        return None
    limit = {"limit": SLOW_STEP_MS // 1000}
    slow = [s for s in evidence.steps if s.ms > SLOW_STEP_MS and not _our_wait(s)]
    if not slow:
        return Check(True, values=limit)
    detail = "; ".join(f"step {s.index} ({s.action} {s.target or ''}) took {s.ms / 1000:.1f} s" for s in slow[:5])
    return Check(False, detail, [s.index for s in slow], {**limit, "steps": plural(len(slow), "step")})
