"""Requests the egress policy refused: a site that sends the browser to private or internal addresses."""

from __future__ import annotations

from audits.judge.detectors import Check, detector
from audits.judge.detectors.common import plural
from audits.model import JourneyEvidence

SHOWN = 5


@detector(
    "private-requests-refused",
    title_pass="No requests to private addresses",
    title_fail="Blocked {requests} to private addresses",
    why="Links, redirects and resources that point into a private network or a cloud metadata service "
        "fail for every customer, and can expose what the site's own servers see.",
    category="safety",
    severity="minor",
    needs="steps (refused)",
)
def private_requests_refused(evidence: JourneyEvidence) -> Check | None:
    """Fails when the egress policy refused any request of the journey (a page load, a redirect, an image,
    a frame, a fetch, a websocket) to a private, loopback, link-local or cloud metadata address, or to a
    non-web scheme; the detail names the first few and why. Says nothing when none was refused."""
    refused = [(step.index, entry) for step in evidence.steps for entry in step.refused]
    if not refused:
        return None
    detail = "; ".join(f"{entry.get('url', '')} ({entry.get('reason', '')}, step {index})"
                       for index, entry in refused[:SHOWN])
    more = f"; and {len(refused) - SHOWN} more" if len(refused) > SHOWN else ""
    return Check(False, detail + more, sorted({index for index, _ in refused}),
                 {"requests": plural(len(refused), "request")})
