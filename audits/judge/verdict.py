"""The verdict: the one outcome and reason a journey ends with, decided from its saved sightings."""

from __future__ import annotations

from pydantic import Field

from audits.facts import STRONG
from audits.facts.channels import is_human
from audits.facts.phones import rank_phones
from audits.goals import GOALS, Goal
from audits.model import (
    Channel,
    Completion,
    Coverage,
    Failure,
    Gate,
    JourneyEvidence,
    Phone,
    RankedGate,
    Record,
    Sightings,
)
from audits.vocab import COMPLETIONS, GATES, REASONS, Outcome

CHANNEL_GATES = ("account-number", "captcha", "login")
# Gates that a customer who can log in walks through.
LOGGED_IN_PASSES = ("login",)
# Which coverage gap names the reason when the goal was not found, most telling first.
GAP_REASONS = (("robots", "robots-disallowed"), ("load-failed", "pages-failed"), ("read-cut", "read-cut"),
               ("budget", "budget-spent"), ("unvisited", "pages-unvisited"))


class Verdict(Record):
    """How a journey ended and what it offered: the fields of the evidence the judge fills in."""

    outcome: Outcome
    reason: str | None = None
    reason_detail: str = ""
    target_url: str | None = None
    phones: list[Phone] = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=list)
    gates: list[Gate] = Field(default_factory=list)
    required_fields: int = 0
    path: list[int] = Field(default_factory=list)


def decide(evidence: JourneyEvidence) -> Verdict:
    """The verdict from what the journey saw; runs recorded before sightings keep their stored verdict."""
    seen = evidence.sightings
    if seen is None:
        return Verdict.model_validate(evidence.model_dump(include=set(Verdict.model_fields)))
    unaudited = next((f for f in seen.failures if f.reason in REASONS and REASONS[f.reason].outcome == "error"), None)
    if unaudited is not None:  # the site never answered: nothing it offered, nothing to judge
        return Verdict(outcome="error", reason=unaudited.reason, reason_detail=unaudited.detail,
                       target_url=unaudited.url)
    offered = {"phones": rank_phones(seen.phones), "channels": seen.channels, "gates": [g.gate for g in seen.gates]}
    if evidence.kind == "scripted":
        return _scripted(seen).model_copy(update=offered)
    return _goal(evidence, seen).model_copy(update=offered)


def judged(evidence: JourneyEvidence) -> JourneyEvidence:
    """The evidence with its verdict filled in: what detectors, metrics and the story read."""
    return evidence.model_copy(update=dict(decide(evidence)))


def _scripted(seen: Sightings) -> Verdict:
    if seen.failures:
        failure = seen.failures[0]
        return Verdict(outcome="failed", reason=failure.reason, reason_detail=failure.detail, target_url=failure.url)
    reached = seen.reached
    return Verdict(outcome="reached", reason_detail=reached.detail if reached else "",
                   target_url=reached.url if reached else None)


def _goal(evidence: JourneyEvidence, seen: Sightings) -> Verdict:
    crash = next((f for f in seen.failures if f.reason in ("crash", "start-failed")), None)
    if crash is not None:
        return _failed(crash)
    if seen.signed_in is not None and seen.signed_in.result != "logged-in":
        signed = seen.signed_in
        word = COMPLETIONS[signed.result]
        detail = f"the sign-in form {word.said}: {signed.detail}"
        if word.gate:
            return Verdict(outcome="gated", reason=word.gate, reason_detail=detail, target_url=signed.url)
        return Verdict(outcome="failed", reason=word.fails or "step-failed", reason_detail=detail,
                       target_url=signed.url)
    if seen.reached is not None:
        reach = seen.reached
        reached = Verdict(outcome="reached", reason_detail=reach.detail, target_url=reach.url,
                          required_fields=reach.required_fields, path=reach.path)
        return _completed(reached, seen.completion) if seen.completion else reached
    gate = _blocking_gate(evidence, seen)
    failure = max(seen.failures, key=lambda f: (f.relevance, f.reason, f.detail, f.step or 0), default=None)
    if gate and (failure is None or gate.relevance >= failure.relevance):
        kind = gate.gate.kind
        detail = f"the site {GATES[kind].does} (“{gate.gate.evidence}”) at {gate.gate.url}"
        return Verdict(outcome="gated", reason=kind, reason_detail=detail, target_url=gate.gate.url)
    if failure and failure.relevance >= STRONG:
        return _failed(failure)
    deflected = _deflection(GOALS.get(evidence.goal), seen)
    if deflected:
        return Verdict(outcome="deflected", reason=deflected[0], reason_detail=deflected[1])
    return _not_there(evidence.coverage or Coverage(), evidence)


def _completed(reached: Verdict, completion: Completion) -> Verdict:
    """A form the journey sent decides the verdict: a loop, a silent failure or an error the customer could
    not get past fails it, a CAPTCHA gates it; anything else leaves it reached, saying what came of it."""
    word = COMPLETIONS[completion.result]
    said = f"the “{completion.form}” form {word.said}"
    detail = f"{said}: {completion.detail}" if completion.detail else said
    if word.fails:
        return reached.model_copy(update={"outcome": "failed", "reason": word.fails, "reason_detail": detail})
    if word.gate:
        return reached.model_copy(update={"outcome": "gated", "reason": word.gate, "reason_detail": detail})
    return reached.model_copy(update={"reason_detail": f"{reached.reason_detail}; {detail}"})


def _failed(failure: Failure) -> Verdict:
    reason = "http-error" if failure.reason == "start-failed" else failure.reason
    return Verdict(outcome="failed", reason=reason, reason_detail=failure.detail, target_url=failure.url)


def _not_there(coverage: Coverage, evidence: JourneyEvidence) -> Verdict:
    """`absent` only as a proof (every known page read whole); otherwise `not-found` naming the gap."""
    if coverage.complete and not coverage.gaps:
        detail = f"none of the {coverage.pages_seen} pages reachable from the start has it"
        return Verdict(outcome="absent", reason="not-on-site", reason_detail=detail)
    kinds = {gap.kind for gap in coverage.gaps}
    reason = next((r for kind, r in GAP_REASONS if kind in kinds), "budget-spent")
    return Verdict(outcome="not-found", reason=reason, reason_detail=_gap_detail(reason, coverage, evidence))


def _gap_detail(reason: str, coverage: Coverage, evidence: JourneyEvidence) -> str:
    seen = f"{coverage.pages_seen} of {coverage.pages_known} known pages seen"
    gaps = [g for g in coverage.gaps if dict(GAP_REASONS).get(g.kind) == reason]
    first = gaps[0] if gaps else None
    if reason == "budget-spent":
        budget = evidence.budget
        return f"not within {budget.clicks} clicks and {budget.pages} pages ({seen})"
    if reason == "robots-disallowed" and first:
        more = f" and {len(gaps) - 1} more" if len(gaps) > 1 else ""
        return f"robots.txt disallows {first.url}{more}, which may have it ({seen}; --ignore-robots to test it)"
    where = f"{first.url}{f' ({first.detail})' if first.detail else ''}" if first else ""
    more = f" and {len(gaps) - 1} more" if len(gaps) > 1 else ""
    words = {"pages-failed": "could not load", "read-cut": "could not read whole",
             "pages-unvisited": "did not reach"}[reason]
    return f"{words} {where}{more} ({seen})"


def _blocking_gate(evidence: JourneyEvidence, seen: Sightings) -> RankedGate | None:
    goal = GOALS.get(evidence.goal)
    passes = LOGGED_IN_PASSES if evidence.persona_kind == "existing-customer" else ()
    # A CAPTCHA on a form closes that form only: with another human channel on offer it gates nothing.
    offered = any(is_human(c) and c.usable_by_new_customer for c in seen.channels)
    if goal.closed_channel_is_gate and not offered:
        # A human channel that a new customer cannot use is the gate itself, whatever the wording says.
        for channel in seen.channels:
            if is_human(channel) and not channel.usable_by_new_customer and not passes:
                on_page = [g.gate for g in seen.gates if g.gate.url == channel.url and g.gate.kind in CHANNEL_GATES]
                gate = on_page[0] if on_page else Gate(kind="account-number", url=channel.url, evidence=channel.label)
                return RankedGate(relevance=1.0, gate=gate)
    gates = [g for g in seen.gates if g.relevance >= STRONG and g.gate.kind not in passes
             and goal.blocked_by(g.gate.kind) and not (g.gate.on_form and offered)]
    return max(gates, key=lambda g: g.relevance, default=None)


def _deflection(goal: Goal, seen: Sightings) -> tuple[str, str] | None:
    if not goal.deflects:
        return None
    if any(c.kind == "chatbot" for c in seen.channels):
        return "chat-only", "the only chat is an automated assistant and no person can be reached"
    if seen.deflections:
        asked = f"{len(seen.deflections)} help page(s) asked 'Did this answer your question?'"
        return "faq-loop", f"{asked} and none led to a person"
    return None
