"""Gates: sign-in, account numbers, address checks, CAPTCHAs, apps and customers-only walls."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

from audits.facts.forms import purpose
from audits.judge.detectors import Check, detector
from audits.judge.detectors.common import ended_by, is_task_form, page_key, promised_goal, quote, target_name
from audits.judge.metrics import entry_forms
from audits.model import FormFacts, Gate, JourneyEvidence, PageFacts, Severity, StepRecord

OPTIONAL = re.compile(r"\boptional\b", re.I)
# What a gate's detector reads beyond the gates and the verdict.
NEEDS = {"captcha": ", steps[].facts.forms (captcha)",
         "login": ", steps (action, target, redirects), steps[].facts.forms"}


@dataclass(frozen=True)
class GateSpec:
    """One gate kind (as the navigator names it) and how its detector talks about it."""

    id: str
    kind: str
    title_pass: str
    title_fail: str
    why: str
    severity: Severity
    # Gates an existing customer is expected to pass (they have a login and an account number).
    new_customers_only: bool = False


GATES = (
    GateSpec(
        "login-wall", "login",
        "No sign-in demanded of a new customer", "Sign-in demanded before a new customer can go on",
        "A newcomer asked to sign in has no account to sign in with, so the journey ends there.",
        "critical", new_customers_only=True,
    ),
    GateSpec(
        "account-number-wall", "account-number",
        "No account number asked for", "An account number is demanded before going on",
        "Prospects have no account number and customers rarely know theirs; both are stopped at the door.",
        "critical", new_customers_only=True,
    ),
    GateSpec(
        "address-gate", "address",
        "No address check in the way", "An address check stands in the way",
        "Asking for a full address before showing anything makes customers work before they know it is "
        "worth it, and a refusal ends the visit.",
        "major",
    ),
    GateSpec(
        "captcha-gate", "captcha",
        "No CAPTCHA in the way", "A CAPTCHA stands in the way",
        "CAPTCHAs cost real customers time, fail often on phones and shut out people who use screen readers.",
        "major",
    ),
    GateSpec(
        "app-only", "app-only",
        "Possible on the website", "Sent to the app: not possible on the website",
        "Customers already on the website are told to install an app first, and many never do.",
        "major",
    ),
    GateSpec(
        "existing-customers-only", "existing-customers-only",
        "Open to new customers", "Only existing customers can go on",
        "A company that only talks to people who are already customers turns away the ones it has not won yet.",
        "critical", new_customers_only=True,
    ),
)


def _captcha_forms(evidence: JourneyEvidence) -> list[FormFacts]:
    """Task forms with a CAPTCHA where the journey typed, or on the page where it ended."""
    last = next((s.facts for s in reversed(evidence.steps) if s.facts is not None), None)
    forms = entry_forms(evidence) + (last.forms if last else [])
    return [f for f in forms if f.captcha and is_task_form(f)]


def in_the_way(evidence: JourneyEvidence, gate: Gate) -> bool:
    """A gate a journey that ended gated ran into while pursuing its goal, not on a side branch."""
    if OPTIONAL.search(gate.evidence):
        return False  # "Order number (optional)" asks, it does not stop anyone
    if gate.kind == evidence.reason or (gate.step is not None and gate.step in evidence.path):
        return True
    if evidence.target_url and page_key(gate.url) == page_key(evidence.target_url):
        return True
    return promised_goal(evidence, next((s for s in evidence.steps if s.index == gate.step), None))


def _signs_in(facts: PageFacts) -> bool:
    """A sign-in page: its only task forms are sign-in forms (a contact or sign-up form beside one is a way on)."""
    kinds = {purpose(form) for form in facts.forms if is_task_form(form)}
    return kinds == {"login"}


def sign_in_bounces(evidence: JourneyEvidence) -> list[StepRecord]:
    """Clicks that promised the goal and landed on a sign-in page, redirected there or linked to it
    ("New ticket" answered by "Sign in"), on a journey that did not reach its goal another way."""
    if evidence.outcome == "reached":
        return []
    return [s for s in evidence.steps if promised_goal(evidence, s) and s.facts is not None and _signs_in(s.facts)]


def check_gate(spec: GateSpec, evidence: JourneyEvidence) -> Check | None:
    """Fails on a gate of this kind in the way of a journey that ended gated (every way on ended at
    a gate): the gate the verdict names, one on the journey's path or target page, or one reached
    by a click that promised the goal. Gates on side branches, on journeys that got through, and
    ones the page itself calls optional do not count. A sign-in wall also fails when a click that
    promised the goal landed on a page whose only form is a sign-in form (redirected there or
    linked to it) and the journey found no other way. Passes when a goal journey reached its goal;
    otherwise it cannot say."""
    if spec.new_customers_only and evidence.persona_kind != "new-customer":
        return None
    gated = evidence.outcome == "gated"
    gates = [g for g in evidence.gates if g.kind == spec.kind and gated and in_the_way(evidence, g)]
    if gates:
        first = gates[0]
        said = f"{quote(first.evidence)} at {first.url}" if first.evidence else f"at {first.url}"
        return Check(False, said, sorted({g.step for g in gates if g.step is not None}))
    if ended_by(evidence, spec.kind):
        return Check(False, evidence.reason_detail)
    if spec.kind == "login" and (bounced := sign_in_bounces(evidence)):
        click = bounced[0]
        how = f", redirected from {click.redirects[0]}" if click.redirects else ""
        detail = f"{quote(target_name(click), 60)} led to a sign-in page at {click.url}{how}"
        return Check(False, detail, [s.index for s in bounced])
    if spec.kind == "captcha" and (forms := _captcha_forms(evidence)):
        return Check(False, f"the {quote(forms[0].heading or forms[0].submit_label or 'form', 60)} form has a CAPTCHA")
    # Only goal journeys look for gates; a script that got through proves little about them.
    if evidence.outcome == "reached" and evidence.kind == "goal":
        return Check(True)
    return None


for _spec in GATES:
    detector(
        _spec.id, title_pass=_spec.title_pass, title_fail=_spec.title_fail, why=_spec.why,
        category="gate", severity=_spec.severity,
        needs="gates, outcome, persona_kind" + NEEDS.get(_spec.kind, ""),
    )(partial(check_gate, _spec))
