"""Goal tests: what a page says about a journey's goal (reached, and the phones, channels, gates seen)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from audits.facts.channels import channels_on, deflection_prompt, is_human
from audits.facts.forms import gate_fields, purpose, required_count
from audits.facts.gates import gates_on
from audits.facts.phones import phones_on
from audits.model import Channel, Gate, PageFacts, Phone


@dataclass
class Observation:
    """One page judged against the goal."""

    reached: bool
    detail: str = ""
    phones: list[Phone] = field(default_factory=list)
    channels: list[Channel] = field(default_factory=list)
    gates: list[Gate] = field(default_factory=list)
    required_fields: int = 0
    deflection: str | None = None
    highlight: str | None = None


def _observe_common(facts: PageFacts, region: str, step: int) -> Observation:
    phones = phones_on(facts, region, step)
    return Observation(
        reached=False, phones=phones, channels=channels_on(facts, phones, step),
        gates=gates_on(facts, step), deflection=deflection_prompt(facts),
    )


def _phone_highlight(facts: PageFacts, phone: Phone) -> str | None:
    digits = phone.e164[-4:]
    for link in facts.links:
        if (link.href or "").startswith("tel:") and digits in (link.href or "").replace("-", ""):
            return f'[data-friction-id="{link.fid}"]'
    return f"text={phone.display}" if not phone.in_image else None


def find_phone(facts: PageFacts, region: str, step: int) -> Observation:
    seen = _observe_common(facts, region, step)
    if seen.phones:
        first = seen.phones[0]
        seen.reached = True
        link = "a tap-to-call link" if first.tel_link else "plain text, not clickable"
        where = "only in an image" if first.in_image else link
        seen.detail = f"{first.display} ({first.context}) on {facts.url}, {where}"
        seen.highlight = _phone_highlight(facts, first)
    return seen


def reach_support(facts: PageFacts, region: str, step: int) -> Observation:
    seen = _observe_common(facts, region, step)
    usable = [c for c in seen.channels if is_human(c) and c.usable_by_new_customer]
    if usable:
        seen.reached = True
        kinds = ", ".join(sorted({c.kind for c in usable}))
        seen.detail = f"{kinds} on {facts.url}"
    return seen


def sign_up(facts: PageFacts, region: str, step: int) -> Observation:
    seen = _observe_common(facts, region, step)
    for form in facts.forms:
        if purpose(form) != "signup":
            continue
        blocked = gate_fields(form)
        if "account-number" in blocked:
            seen.gates.append(Gate(kind="account-number", url=facts.url, evidence=blocked["account-number"], step=step))
            continue
        seen.reached = True
        seen.required_fields = required_count(form)
        seen.detail = f"a sign-up form with {seen.required_fields} required fields on {facts.url}"
        break
    return seen


GOAL_TESTS: dict[str, Callable[[PageFacts, str, int], Observation]] = {
    "find-phone": find_phone,
    "reach-support": reach_support,
    "sign-up": sign_up,
}
