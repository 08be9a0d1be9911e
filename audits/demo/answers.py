"""The zoo's answer keys: load a site's answers.yaml into one expectation per (journey, persona).

Only the tests and the accuracy benchmark read answer keys; the demo server and the crawler never
import this module, so the crawler cannot peek at the answers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from audits.vocab import COMPLETIONS, GateKind, Outcome, reasons_for

JOURNEYS: tuple[str, ...] = ("find-phone", "reach-support", "sign-up")
PERSONAS: tuple[str, ...] = ("new-desktop", "new-mobile")
DEFAULT = "default"
# The rows of `submit:`: new-desktop with --submit, the form the goal is after filled in and sent.
SUBMIT = "new-desktop+submit"
# The persona of rows for an existing customer: kind existing-customer, signing in with `member:` of the key.
MEMBER = "member"

ChannelKind = Literal["form", "email", "chat", "phone", "help-centre", "callback", "social"]


class AnswerKeyError(ValueError):
    """An answers.yaml that cannot be read or does not follow the zoo README."""


class PhoneKey(BaseModel):
    """A number a customer can call, the page that shows it and what it is for."""

    model_config = ConfigDict(extra="allow")

    e164: str = Field(pattern=r"^\+[1-9]\d{7,14}$")
    context: str = "general"
    page: str = "/"
    tel_link: bool = False
    in_image: bool = False
    on_site: str | None = None  # another zoo site (slug) that shows the number, e.g. a help centre


class ChannelKey(BaseModel):
    """A way to reach the company, where it first shows and whether a new customer can use it."""

    model_config = ConfigDict(extra="allow")

    kind: ChannelKind
    page: str = "/"
    usable_by_new_customer: bool = True
    bot: bool = False  # a chat bot is self-service, not a human channel
    on_site: str | None = None


class Expectation(BaseModel):
    """What a careful auditor finds for one journey and persona."""

    # Unknown keys are typos in an answer key, not data: refuse them.
    model_config = ConfigDict(extra="forbid")

    journey: str
    persona: str
    outcome: Outcome
    reason: str | None = None
    target: str | None = None
    min_clicks: int | None = Field(default=None, ge=0)
    phones: list[PhoneKey] = Field(default_factory=list)
    channels: list[ChannelKey] = Field(default_factory=list)
    required_fields: int | None = Field(default=None, ge=0)
    gates: list[GateKind] = Field(default_factory=list)
    findings: list[str] = Field(default_factory=list)
    notes: str = ""
    # With --submit: what sending the form comes to (vocab.COMPLETIONS), the journey's `completion.result`.
    completion: str | None = None

    @model_validator(mode="after")
    def _reason_fits_outcome(self) -> Expectation:
        allowed = reasons_for(self.outcome)
        if self.outcome == "reached" and self.reason is not None:
            raise ValueError(f"outcome 'reached' takes no reason, got {self.reason!r}")
        if self.outcome != "reached" and self.reason not in allowed:
            raise ValueError(f"reason {self.reason!r} does not fit outcome {self.outcome!r}; expected one of {allowed}")
        return self

    @property
    def e164s(self) -> set[str]:
        return {phone.e164 for phone in self.phones}


class Answers(BaseModel):
    """A site's whole answer key, with per-persona overrides already applied."""

    site: str
    notes: str = ""
    expectations: dict[tuple[str, str], Expectation] = Field(default_factory=dict)
    member: dict[str, str] = Field(default_factory=dict)  # the zoo member's credentials (fictional)

    def expect(self, journey: str, persona: str) -> Expectation:
        try:
            return self.expectations[(journey, persona)]
        except KeyError:
            raise KeyError(f"{self.site}: no answer for {journey} [{persona}]") from None

    def missing(self) -> list[tuple[str, str]]:
        """The standard (journey, persona) pairs the key does not answer."""
        return [(j, p) for j in JOURNEYS for p in PERSONAS if (j, p) not in self.expectations]


def _resolve(journey: str, entries: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Persona -> fields: `default` applies to every persona, a persona key overrides it field by field."""
    default = entries.get(DEFAULT) or {}
    personas = [p for p in entries if p != DEFAULT]
    names = list(dict.fromkeys([*(PERSONAS if DEFAULT in entries else ()), *personas]))
    return {name: {**default, **(entries.get(name) or {}), "journey": journey, "persona": name} for name in names}


def parse_answers(data: Any, source: str = "answers.yaml") -> Answers:
    """Build an answer key from parsed YAML; errors name the file, journey and persona."""
    if not isinstance(data, dict) or not isinstance(data.get("journeys"), dict):
        raise AnswerKeyError(f"{source}: expected a mapping with 'site' and 'journeys'")
    expectations: dict[tuple[str, str], Expectation] = {}
    for journey, entries in data["journeys"].items():
        if not isinstance(entries, dict):
            raise AnswerKeyError(f"{source}: journeys.{journey}: expected 'default' and/or persona keys")
        for persona, fields in _resolve(str(journey), entries).items():
            try:
                expectations[(str(journey), persona)] = Expectation.model_validate(fields)
            except ValidationError as error:
                raise AnswerKeyError(f"{source}: journeys.{journey}.{persona}: {error}") from None
    expectations |= _submit_rows(data.get("submit") or {}, expectations, source)
    member = {str(k): str(v) for k, v in (data.get("member") or {}).items()}
    return Answers(site=str(data.get("site", "")), notes=str(data.get("notes") or ""), expectations=expectations,
                   member=member)


def _submit_rows(rows: Any, plain: dict[tuple[str, str], Expectation],
                 source: str) -> dict[tuple[str, str], Expectation]:
    """`submit:` rows: each over the journey's new-desktop answer, field by field, with a completion result."""
    if not isinstance(rows, dict):
        raise AnswerKeyError(f"{source}: submit: expected journey -> fields")
    found = {}
    for journey, fields in rows.items():
        base = plain.get((str(journey), "new-desktop"))
        inherited = base.model_dump(exclude={"journey", "persona"}) if base else {}
        try:
            row = Expectation.model_validate({**inherited, "reason": None, **(fields or {}),
                                              "journey": str(journey), "persona": SUBMIT})
        except ValidationError as error:
            raise AnswerKeyError(f"{source}: submit.{journey}: {error}") from None
        if row.completion not in COMPLETIONS:
            raise AnswerKeyError(f"{source}: submit.{journey}: completion {row.completion!r} is not one of "
                                 f"{', '.join(COMPLETIONS)}")
        found[(str(journey), SUBMIT)] = row
    return found


def load_answers(site_dir: str | Path) -> Answers:
    """Read `<site_dir>/answers.yaml` and resolve it into one expectation per (journey, persona)."""
    path = Path(site_dir) / "answers.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise AnswerKeyError(f"{path}: {error}") from None
    return parse_answers(data, str(path))
