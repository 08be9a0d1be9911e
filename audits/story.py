"""Plain sentences about a journey, in the voice of a sharp customer."""

from __future__ import annotations

from audits.model import Effort, Finding, JourneyEvidence

GOAL_WORDS = {
    "find-phone": "find a phone number",
    "reach-support": "reach a person in support",
    "sign-up": "sign up as a new customer",
}
OUTCOME_WORDS = {
    "reached": "It worked",
    "gated": "Turns out you can't",
    "deflected": "Only self-service was on offer",
    "failed": "The site broke the journey",
    "not-found": "Gave up",
    "absent": "It isn't there",
}


def _plural(count: int | float, word: str) -> str:
    return f"{count:g} {word}" if count == 1 else f"{count:g} {word}s"


def tell(evidence: JourneyEvidence, effort: Effort, findings: list[Finding]) -> str:
    """Two to four sentences: what was tried, how it ended, what it cost, the worst friction."""
    who = "a new customer" if evidence.persona_kind == "new-customer" else "an existing customer"
    device = " on a phone" if evidence.device == "mobile" else ""
    goal = GOAL_WORDS.get(evidence.goal, evidence.id.replace("-", " "))
    sentences = [f"Tried to {goal} as {who}{device}."]
    ending = OUTCOME_WORDS.get(evidence.outcome, evidence.outcome)
    sentences.append(f"{ending}: {evidence.reason_detail}." if evidence.reason_detail else f"{ending}.")
    cost = [_plural(effort.clicks, "click"), _plural(effort.pages, "page")]
    if effort.backtracks:
        cost.append(_plural(effort.backtracks, "backtrack"))
    if effort.fields:
        cost.append(_plural(effort.fields, "field") + " filled")
    if effort.overlays:
        cost.append(_plural(effort.overlays, "pop-up") + " to close")
    sentences.append(", ".join(cost) + f"; about {effort.human_seconds:.0f} s for a person.")
    worst = [f for f in findings if not f.passed and not f.error]
    if worst:
        sentences.append(worst[0].title + ".")
    return " ".join(s[0].upper() + s[1:] for s in sentences).replace("..", ".")
