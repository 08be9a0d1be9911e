"""The suite's `assert:` block: rules with levels, presets, and their evaluation on a result.

In the spirit of Lighthouse CI's `assert`: each rule has a level (`off`, `warn`, `error`);
a failed `error` rule fails the build (exit 2), a failed `warn` rule is reported only.
Rules apply to every journey at the top level, or to a scope: a site, persona, goal or
journey id, or a scope nested in another (`find-phone: {new-mobile: {...}}`). The most
specific scope that sets a rule wins (journey id > goal > persona > site > top level > preset).
See docs/ci.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from audits.model import AssertionResult, Effort, JourneyResult, RunResult
from audits.usage import did_you_mean
from audits.vocab import Outcome, audited, rank

Level = Literal["off", "warn", "error"]
LEVELS: tuple[str, ...] = ("off", "warn", "error")
METRICS: tuple[str, ...] = tuple(Effort.model_fields)
SEVERITIES = ("critical", "major", "minor")
# Scope weights: a rule set in a more specific scope overrides a less specific one.
WEIGHT = {"site": 1, "persona": 2, "goal": 4, "journey": 8}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


def _level_or_value(value: Any, key: str) -> Any:
    """`warn` -> {level: warn}; `[warn, {max: 3}]` -> {level: warn, max: 3}; a scalar -> {key: scalar}."""
    if isinstance(value, str) and value in LEVELS:
        return {"level": value}
    if isinstance(value, list) and len(value) == 2 and value[0] in LEVELS and isinstance(value[1], dict):
        return {"level": value[0], **value[1]}
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        return {key: value}
    return value


class Threshold(_Strict):
    """A bound on a number: `clicks: {max: 3, level: warn}`, or `clicks: 3` (max 3, error)."""

    level: Level | None = None
    max: float | None = None
    min: float | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return _level_or_value(value, "max")

    def over(self, base: Threshold | None) -> Threshold:
        """This rule on top of a less specific one: unset parts are inherited."""
        if base is None:
            return self
        if self.max is None and self.min is None:
            return base.model_copy(update={"level": self.level or base.level})
        return self.model_copy(update={"level": self.level or base.level})


class ScoreThreshold(Threshold):
    """A bound on the score: `score: 70` means at least 70."""

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return _level_or_value(value, "min")


class OutcomeRule(_Strict):
    """`outcome: reached`, `{in: [reached, deflected]}` or `{at_least: gated}` (no worse than gated)."""

    level: Level | None = None
    equals: Outcome | None = None
    in_: list[Outcome] | None = Field(
        default=None, alias="in")
    at_least: Outcome | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return _level_or_value(value, "equals")

    def over(self, base: OutcomeRule | None) -> OutcomeRule:
        if base is None:
            return self
        if self.equals is None and self.in_ is None and self.at_least is None:
            return base.model_copy(update={"level": self.level or base.level})
        return self.model_copy(update={"level": self.level or base.level})

    def allows(self, outcome: str) -> bool:
        if self.equals is not None and outcome != self.equals:
            return False
        if self.in_ is not None and outcome not in self.in_:
            return False
        return not (self.at_least is not None and rank(outcome) > rank(self.at_least))

    def describe(self) -> str:
        parts: list[str] = []
        if self.equals:
            parts.append(self.equals)
        if self.in_:
            parts.append("one of " + ", ".join(self.in_))
        if self.at_least:
            parts.append(f"{self.at_least} or better")
        return " and ".join(parts) or "any"


class Rules(_Strict):
    """The rules of one scope: outcome, score, any effort metric, finding ids, severities."""

    outcome: OutcomeRule | None = None
    score: ScoreThreshold | None = None
    clicks: Threshold | None = None
    pages: Threshold | None = None
    backtracks: Threshold | None = None
    fields: Threshold | None = None
    required_fields: Threshold | None = None
    options: Threshold | None = None
    overlays: Threshold | None = None
    seconds: Threshold | None = None
    human_seconds: Threshold | None = None
    findings: dict[str, Level] = Field(default_factory=dict)
    severity: dict[Literal["critical", "major", "minor"], Level] = Field(default_factory=dict)

    @field_validator("findings")
    @classmethod
    def _finding_ids(cls, value: dict[str, Level]) -> dict[str, Level]:
        for key in value:
            if not key or not all(c.isalnum() or c == "-" for c in key):
                raise ValueError(f"{key!r} is not a finding id (lowercase words joined by '-')")
        return value


RULE_KEYS = frozenset(Rules.model_fields)


def _check_scopes(value: Any, nested: bool) -> Any:
    if not isinstance(value, dict):
        return value
    for key, item in value.items():
        if key in RULE_KEYS or key in ("preset", "flaky", "tolerance"):
            continue
        if not isinstance(item, dict):
            where = "a nested scope" if nested else "a scope (journey id, goal, persona or site)"
            raise ValueError(
                f"{key!r} is not an assertion ({', '.join(sorted(RULE_KEYS))}); "
                f"as {where} it needs a mapping of rules"
            )
    return value


class ScopeRules(Rules):
    """A scope's rules, with scopes nested one level deeper (`find-phone: {new-mobile: {...}}`)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)
    __pydantic_extra__: dict[str, Rules] = Field(init=False)

    @model_validator(mode="before")
    @classmethod
    def _scopes(cls, value: Any) -> Any:
        return _check_scopes(value, nested=True)

    def scopes(self) -> dict[str, Rules]:
        return dict(self.__pydantic_extra__ or {})


class Tolerance(_Strict):
    """How much worse a number may get against the baseline before it is a regression.

    A number is an absolute allowance, "25%" a relative one, "off" never a regression.
    """

    clicks: float | str = 0
    pages: float | str = "off"
    backtracks: float | str = "off"
    fields: float | str = "off"
    required_fields: float | str = 0
    options: float | str = "off"
    overlays: float | str = "off"
    seconds: float | str = "off"
    human_seconds: float | str = "50%"
    score: float | str = 5

    @field_validator("*")
    @classmethod
    def _form(cls, value: float | str) -> float | str:
        if isinstance(value, str) and value != "off":
            number = value.removesuffix("%")
            try:
                if not value.endswith("%") or float(number) < 0:
                    raise ValueError
            except ValueError:
                raise ValueError(f"expected a number, a percentage like '25%' or 'off', got {value!r}") from None
        elif isinstance(value, int | float) and value < 0:
            raise ValueError("a tolerance cannot be negative")
        return value

    def allows(self, name: str, before: float, after: float) -> bool:
        """Whether `after` is within tolerance of `before` (larger is worse, except for score)."""
        rule = getattr(self, name)
        if rule == "off":
            return True
        worse = (before - after) if name == "score" else (after - before)
        if isinstance(rule, str):
            return worse <= abs(before) * float(rule.removesuffix("%")) / 100 + 1e-9
        return worse <= float(rule) + 1e-9


PRESETS: dict[str, dict[str, Any]] = {
    # Fail when a journey does not reach its goal; warn about effort a customer would notice.
    "recommended": {
        "outcome": {"equals": "reached", "level": "error"},
        "clicks": {"max": 5, "level": "warn"},
        "required_fields": {"max": 8, "level": "warn"},
        "human_seconds": {"max": 60, "level": "warn"},
        "score": {"min": 50, "level": "warn"},
        "severity": {"critical": "warn"},
    },
    # For teams that treat friction as a defect: tight budgets, all failing the build.
    "strict": {
        "outcome": {"equals": "reached", "level": "error"},
        "clicks": {"max": 3, "level": "error"},
        "required_fields": {"max": 6, "level": "error"},
        "human_seconds": {"max": 30, "level": "error"},
        "score": {"min": 80, "level": "error"},
        "severity": {"critical": "error", "major": "warn"},
        "flaky": "error",
    },
    "none": {},
}


class AssertConfig(Rules):
    """The whole `assert:` block: presets, top-level rules, scopes, flaky level and tolerances."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)
    __pydantic_extra__: dict[str, ScopeRules] = Field(init=False)

    preset: str | list[str] = "recommended"
    flaky: Level | None = None
    tolerance: Tolerance = Field(default_factory=Tolerance)

    @model_validator(mode="before")
    @classmethod
    def _scopes(cls, value: Any) -> Any:
        return _check_scopes(value, nested=False)

    @field_validator("preset")
    @classmethod
    def _known_preset(cls, value: str | list[str]) -> str | list[str]:
        for name in [value] if isinstance(value, str) else value:
            if name not in PRESETS:
                raise ValueError(f"unknown preset {name!r}; expected one of {', '.join(PRESETS)}"
                                 + did_you_mean(name, PRESETS))
        return value

    @property
    def presets(self) -> list[str]:
        return [self.preset] if isinstance(self.preset, str) else list(self.preset)

    def scopes(self) -> dict[str, ScopeRules]:
        return dict(self.__pydantic_extra__ or {})

    def raw(self) -> dict[str, Any]:
        """The block as written (for evidence.json and result.json), re-readable by model_validate."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)

    def flaky_source(self) -> str:
        if self.flaky is not None:
            return "assert.flaky"
        named = [name for name in self.presets if "flaky" in PRESETS[name]]
        return f"preset {named[-1]}" if named else "default"

    def flaky_level(self) -> str:
        if self.flaky is not None:
            return self.flaky
        level = "warn"
        for name in self.presets:
            level = PRESETS[name].get("flaky", level)
        return level


def unknown_scopes(config: AssertConfig, known: dict[str, set[str]]) -> list[tuple[tuple[str, ...], str]]:
    """Scope keys that name no journey, goal, persona or site of the suite: (path, message)."""
    names = set().union(*known.values()) if known else set()
    hint = "; ".join(f"{kind}s: {', '.join(sorted(ids))}" for kind, ids in known.items() if ids)
    problems: list[tuple[tuple[str, ...], str]] = []
    for key, scope in config.scopes().items():
        if key not in names:
            problems.append(((key,), f"{key!r} names no journey, goal, persona or site of this suite ({hint})"))
        for inner in scope.scopes():
            if inner not in names:
                problems.append(((key, inner),
                                 f"{inner!r} names no journey, goal, persona or site of this suite ({hint})"))
    return problems


# ---------------------------------------------------------------------------------------------
# Evaluation


def _matches(key: str, journey: JourneyResult) -> int:
    """The weight of `key` as a scope for this journey (0: it does not apply)."""
    weight = 0
    if key == journey.id:
        weight = max(weight, WEIGHT["journey"])
    if key == journey.goal:
        weight = max(weight, WEIGHT["goal"])
    if key == journey.persona:
        weight = max(weight, WEIGHT["persona"])
    if key == journey.site:
        weight = max(weight, WEIGHT["site"])
    return weight


def _layers(config: AssertConfig, journey: JourneyResult) -> Iterator[tuple[str, Rules]]:
    """Rule sets that apply to the journey, least specific first, each with its source label."""
    for name in config.presets:
        yield f"preset {name}", Rules.model_validate({k: v for k, v in PRESETS[name].items() if k != "flaky"})
    yield "assert", config
    ranked: list[tuple[int, int, str, Rules]] = []
    order = 0
    for key, scope in config.scopes().items():
        weight = _matches(key, journey)
        if not weight:
            continue
        ranked.append((weight * 16, order, f"assert.{key}", scope))
        order += 1
        for inner, rules in scope.scopes().items():
            inner_weight = _matches(inner, journey)
            if inner_weight:
                ranked.append((weight * 16 + inner_weight * 16 + 1, order, f"assert.{key}.{inner}", rules))
                order += 1
    for _, _, source, rules in sorted(ranked, key=lambda item: (item[0], item[1])):
        yield source, rules


def effective_rules(config: AssertConfig, journey: JourneyResult) -> tuple[Rules, dict[str, str]]:
    """The rules that apply to one journey after merging every layer, and where each came from."""
    merged = Rules()
    sources: dict[str, str] = {}
    for source, rules in _layers(config, journey):
        for name in ("outcome", "score", *METRICS):
            rule = getattr(rules, name)
            if rule is not None:
                setattr(merged, name, rule.over(getattr(merged, name)))
                sources[name] = source
        for finding, level in rules.findings.items():
            merged.findings[finding] = level
            sources[f"finding {finding}"] = source
        for severity, level in rules.severity.items():
            merged.severity[severity] = level
            sources[f"severity {severity}"] = source
    return merged, sources


def _number(value: float) -> str:
    return f"{value:g}"


def _label(journey: JourneyResult) -> str:
    return f"{journey.site} / {journey.id} [{journey.persona}]"


def _check_journey(config: AssertConfig, journey: JourneyResult) -> list[AssertionResult]:
    rules, sources = effective_rules(config, journey)
    out: list[AssertionResult] = []

    def add(name: str, level: str | None, passed: bool, expected: str, actual: str, message: str,
            source_key: str) -> None:
        if level == "off":
            return
        out.append(AssertionResult(
            name=name, level="warn" if level == "warn" else "error", passed=passed, site=journey.site,
            journey=journey.id, persona=journey.persona, expected=expected, actual=actual,
            source=sources.get(source_key, ""), message=message if not passed else "",
        ))

    if rules.outcome is not None:
        actual = journey.outcome + (f" ({journey.reason})" if journey.reason else "")
        add("outcome", rules.outcome.level, rules.outcome.allows(journey.outcome), rules.outcome.describe(),
            actual, f"{_label(journey)}: outcome {actual}, expected {rules.outcome.describe()}", "outcome")
    for name in ("score", *METRICS):
        rule: Threshold | None = getattr(rules, name)
        if rule is None or (rule.max is None and rule.min is None):
            continue
        value = float(journey.score if name == "score" else getattr(journey.effort, name))
        bounds = []
        passed = True
        if rule.max is not None:
            bounds.append(f"<= {_number(rule.max)}")
            passed = passed and value <= rule.max
        if rule.min is not None:
            bounds.append(f">= {_number(rule.min)}")
            passed = passed and value >= rule.min
        expected = " and ".join(bounds)
        add(name, rule.level, passed, expected, _number(value),
            f"{_label(journey)}: {name.replace('_', ' ')} {_number(value)}, expected {expected}", name)
    failing = [f for f in journey.findings if not f.passed and not f.error]
    for finding_id, level in rules.findings.items():
        hits = [f for f in failing if f.id == finding_id]
        detail = hits[0].title if hits else ""
        add(f"finding {finding_id}", level, not hits, "absent", "present" if hits else "absent",
            f"{_label(journey)}: finding {finding_id}: {detail}", f"finding {finding_id}")
    for severity, level in rules.severity.items():
        hits = [f for f in failing if f.severity == severity]
        ids = ", ".join(sorted({f.id for f in hits}))
        add(f"severity {severity}", level, not hits, f"no {severity} findings", ids or "none",
            f"{_label(journey)}: {len(hits)} {severity} finding(s): {ids}", f"severity {severity}")
    flaky_level = config.flaky_level()
    flaky_as: Literal["warn", "error"] = "error" if flaky_level == "error" else "warn"
    if journey.flaky and flaky_level != "off":
        outcomes = ", ".join(r.outcome for r in journey.repeats)
        out.append(AssertionResult(
            name="flaky", level=flaky_as, passed=False, site=journey.site, journey=journey.id,
            persona=journey.persona, expected="the same outcome on every run", actual=outcomes,
            message=f"{_label(journey)}: flaky, outcomes differ between runs ({outcomes})",
            source=config.flaky_source(), flaky=True,
        ))
    if journey.flaky:  # noise must not fail the build: a flaky journey's other failures only warn
        for item in out:
            if item.name != "flaky" and not item.passed and item.level == "error":
                item.level, item.flaky = "warn", True
                item.message += " (flaky journey: reported, not failing the build)"
    return out


def evaluate(config: AssertConfig | dict[str, Any] | None, result: RunResult) -> list[AssertionResult]:
    """Every rule on every journey: failures first (errors, then warnings), then passes."""
    if not isinstance(config, AssertConfig):
        config = AssertConfig.model_validate(config or {})
    # A journey that never saw the site is no evidence for or against any rule: the gate counts it apart.
    results = [item for journey in result.journeys if audited(journey.outcome)
               for item in _check_journey(config, journey)]
    return sorted(results, key=lambda a: (a.passed, a.level != "error"))
