"""What a goal-seeking journey found along the way, and the verdict it adds up to."""

from __future__ import annotations

from dataclasses import dataclass, field

from audits.facts.channels import is_human
from audits.goals import GOALS, Goal, Observation
from audits.journeys import Verdict
from audits.model import Budget, Channel, Coverage, Gate, Phone

STRONG = 0.5
CHANNEL_GATES = ("account-number", "captcha", "login")
GATE_WORDS = {
    "login": "asks a new customer to sign in",
    "account-number": "asks for an existing account number",
    "address": "stops at a service-address check",
    "captcha": "puts a CAPTCHA in the way",
    "app-only": "sends you to download the app",
    "existing-customers-only": "says it is for existing customers only",
}


@dataclass
class Findings:
    """Everything seen on the way: phones, channels, gates, failures, and the goal if reached."""

    phones: dict[str, Phone] = field(default_factory=dict)
    channels: list[Channel] = field(default_factory=list)
    gates: list[tuple[float, Gate]] = field(default_factory=list)
    failures: list[tuple[float, str, str, int]] = field(default_factory=list)
    deflections: list[str] = field(default_factory=list)
    reached: Observation | None = None
    target_step: int | None = None
    target_url: str | None = None
    path: list[int] = field(default_factory=list)
    cut_by_budget: bool = False

    def add(self, seen: Observation, relevance: float, url: str) -> None:
        for phone in seen.phones:
            self.phones.setdefault(phone.e164, phone)
        for channel in seen.channels:
            if not any((c.kind, c.url, c.label) == (channel.kind, channel.url, channel.label) for c in self.channels):
                self.channels.append(channel)
        for gate in seen.gates:
            if not any((g.kind, g.url) == (gate.kind, gate.url) for _, g in self.gates):
                self.gates.append((relevance, gate))
        if seen.deflection:
            self.deflections.append(url)

    def failure(self, reason: str, detail: str, relevance: float, step: int) -> None:
        self.failures.append((relevance, reason, detail, step))

    def reach(self, seen: Observation, step: int, url: str, path: list[int]) -> None:
        self.reached, self.target_step, self.target_url, self.path = seen, step, url, path


def _verdict(outcome: str, reason: str | None, detail: str, found: Findings, coverage: Coverage,
             target: str | None = None) -> Verdict:
    return Verdict(outcome, reason, detail, target, list(found.phones.values()), found.channels,
                   [g for _, g in found.gates], coverage)


def _blocking_gate(goal: Goal, found: Findings) -> tuple[float, Gate] | None:
    if goal.closed_channel_is_gate:
        # A human channel that a new customer cannot use is the gate itself, whatever the wording says.
        for channel in found.channels:
            if is_human(channel) and not channel.usable_by_new_customer:
                on_page = [g for _, g in found.gates if g.url == channel.url and g.kind in CHANNEL_GATES]
                return 1.0, on_page[0] if on_page else Gate(kind="account-number", url=channel.url,
                                                             evidence=channel.label)
    gates = [(r, g) for r, g in found.gates if r >= STRONG and goal.blocked_by(g.kind)]
    return max(gates, key=lambda pair: pair[0], default=None)


def _deflection(goal: Goal, found: Findings) -> tuple[str, str] | None:
    if not goal.deflects:
        return None
    if any(c.kind == "chatbot" for c in found.channels):
        return "chat-only", "the only chat is an automated assistant and no person can be reached"
    if found.deflections:
        asked = f"{len(found.deflections)} help page(s) asked 'Did this answer your question?'"
        return "faq-loop", f"{asked} and none led to a person"
    return None


def decide(goal: str, found: Findings, coverage: Coverage, budget: Budget) -> Verdict:
    """The one outcome and reason a goal-seeking journey ends with."""
    if found.reached is not None:
        verdict = _verdict("reached", None, found.reached.detail, found, coverage, found.target_url)
        verdict.required_fields, verdict.path = found.reached.required_fields, found.path
        return verdict
    gate = _blocking_gate(GOALS.get(goal), found)
    failure = max(found.failures, default=None)
    if gate and (failure is None or gate[0] >= failure[0]):
        kind = gate[1].kind
        return _verdict("gated", kind, f"the site {GATE_WORDS[kind]} (“{gate[1].evidence}”) at {gate[1].url}",
                        found, coverage, gate[1].url)
    if failure and failure[0] >= STRONG:
        return _verdict("failed", failure[1], failure[2], found, coverage)
    deflected = _deflection(GOALS.get(goal), found)
    if deflected:
        return _verdict("deflected", deflected[0], deflected[1], found, coverage)
    if coverage.complete:
        detail = f"none of the {coverage.pages_seen} pages reachable from the start has it"
        return _verdict("absent", "not-on-site", detail, found, coverage)
    detail = (f"not within {budget.clicks} clicks and {budget.pages} pages "
              f"({coverage.pages_seen} of {coverage.pages_known} known pages seen)")
    return _verdict("not-found", "budget-spent", detail, found, coverage)

