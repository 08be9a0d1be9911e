"""Properties every journey a test runs must hold, checked as the judge decides it."""

from __future__ import annotations

from audits.judge.verdict import Verdict
from audits.model import JourneyEvidence, failed_page_loads


def absent_is_a_proof(evidence: JourneyEvidence, verdict: Verdict) -> None:
    """`absent` only when every known page was loaded and read whole and nothing was cut."""
    if verdict.outcome != "absent" or evidence.sightings is None:
        return
    coverage = evidence.coverage
    assert coverage is not None and coverage.complete and not coverage.gaps, coverage
    assert coverage.pages_seen == coverage.pages_known, coverage
    for step in evidence.steps:
        facts = step.facts
        assert facts is None or not facts.truncated, f"step {step.index} read cut: {facts.truncated}"
        assert facts is None or not facts.error_page, f"step {step.index} on an error page: {facts.error_page}"
        assert not failed_page_loads(step.failed_requests), f"step {step.index} page load failed"
