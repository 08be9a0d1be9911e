"""Technical failures on the path: broken links, JavaScript errors and slow steps."""

from __future__ import annotations

from audits.detectors import Check, detector
from audits.model import JourneyEvidence

SLOW_STEP_MS = 5000


@detector(
    "broken-link",
    title_pass="No broken pages on the path",
    title_fail="{count} page(s) on the path answered with an HTTP error",
    why="A customer who lands on an error page rarely tries a second route; most leave.",
    category="reliability",
    severity="major",
)
def broken_link(evidence: JourneyEvidence) -> Check | None:
    if not evidence.steps:
        return None
    hits = [
        (step.index, request)
        for step in evidence.steps
        for request in step.failed_requests
        if request.get("navigation") and (request.get("status") or 0) >= 400
    ]
    if not hits:
        return Check(True)
    detail = "; ".join(f"HTTP {r['status']} at {r['url']} (step {i})" for i, r in hits[:5])
    return Check(False, detail, sorted({i for i, _ in hits}), {"count": len(hits)})


@detector(
    "js-errors-on-path",
    title_pass="No JavaScript errors on the path",
    title_fail="{count} JavaScript error(s) on the path",
    why="Script errors are the usual cause of buttons that do nothing and forms that never send.",
    category="reliability",
    severity="minor",
)
def js_errors(evidence: JourneyEvidence) -> Check | None:
    if not evidence.steps:
        return None
    hits = [(s.index, e) for s in evidence.steps for e in s.page_errors]
    if not hits:
        return Check(True)
    detail = "; ".join(f"step {i}: {e}" for i, e in hits[:3])
    return Check(False, detail, sorted({i for i, _ in hits}), {"count": len(hits)})


@detector(
    "slow-step",
    title_pass="Every step answered within {limit} s",
    title_fail="{count} step(s) took longer than {limit} s",
    why="Each slow page is a moment the customer wonders whether the site works at all.",
    category="performance",
    severity="minor",
)
def slow_step(evidence: JourneyEvidence) -> Check | None:
    if not evidence.steps:
        return None
    limit = {"limit": SLOW_STEP_MS // 1000}
    slow = [s for s in evidence.steps if s.ms > SLOW_STEP_MS]
    if not slow:
        return Check(True, values=limit)
    detail = "; ".join(f"step {s.index} ({s.action} {s.target or ''}) took {s.ms / 1000:.1f} s" for s in slow[:5])
    return Check(False, detail, [s.index for s in slow], {**limit, "count": len(slow)})
