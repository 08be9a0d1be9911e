"""The `assert:` block: validation with file:line errors, presets, scopes, levels and evaluation."""

from __future__ import annotations

import pytest

from audits.ci.assertions import AssertConfig, effective_rules, evaluate
from audits.ci.gate import verdict
from audits.scenario import ScenarioError, parse_suite
from tests.ci_helpers import journey, result

SUITE = """\
site: {name: Acme, start_url: "http://127.0.0.1:1/"}
personas: [{id: new-desktop}, {id: new-mobile, device: mobile}]
journeys:
  - goal: find-phone
  - id: order
    goal: sign-up
    steps: [{click: Sign up}]
"""


def failed(items: list, level: str | None = None) -> list[str]:
    return [f"{a.journey}:{a.name}" for a in items if not a.passed and (level is None or a.level == level)]


def test_no_assert_block_means_the_recommended_preset() -> None:
    suite = parse_suite(SUITE, "s.yaml")
    assert suite.assertions.presets == ["recommended"]
    checks = evaluate(suite.assertions, result(journey(outcome="gated", reason="login"), journey(clicks=7)))
    assert failed(checks, "error") == ["find-phone:outcome"]
    assert failed(checks, "warn") == ["find-phone:clicks"]


def test_shorthands_levels_and_lighthouse_tuples() -> None:
    config = AssertConfig.model_validate({
        "preset": "none", "outcome": "reached", "clicks": 3, "score": 70,
        "pages": ["warn", {"max": 4}], "human_seconds": {"max": 30, "level": "warn"},
        "findings": {"login-wall": "error", "chat-only": "off"}, "severity": {"critical": "warn"},
    })
    checks = evaluate(config, result(journey(clicks=4, pages=5, human_seconds=31, score=69,
                                             findings=["login-wall", "chat-only", ("captcha-gate", "critical")])))
    by_name = {a.name: a for a in checks}
    assert by_name["outcome"].passed
    assert not by_name["clicks"].passed and by_name["clicks"].level == "error" and by_name["clicks"].expected == "<= 3"
    assert not by_name["score"].passed and by_name["score"].expected == ">= 70"
    assert by_name["pages"].level == "warn" and not by_name["pages"].passed
    assert by_name["human_seconds"].level == "warn"
    assert not by_name["finding login-wall"].passed
    assert "finding chat-only" not in by_name  # off: not evaluated at all
    assert by_name["severity critical"].actual == "captcha-gate"


def test_most_specific_scope_wins() -> None:
    config = AssertConfig.model_validate({
        "preset": "strict",                      # clicks <= 3 error
        "clicks": {"max": 5},                    # top level: every journey
        "new-mobile": {"clicks": {"max": 6, "level": "warn"}},
        "find-phone": {"clicks": 2, "new-mobile": {"clicks": 4}},
        "sign-up": {"clicks": {"level": "off"}},  # by goal
    })
    desktop, _ = effective_rules(config, journey("find-phone", "new-desktop"))
    mobile, sources = effective_rules(config, journey("find-phone", "new-mobile"))
    other_mobile, _ = effective_rules(config, journey("contact", "new-mobile", goal="reach-support"))
    order, _ = effective_rules(config, journey("order", goal="sign-up"))
    assert desktop.clicks and desktop.clicks.max == 2 and desktop.clicks.level == "error"
    assert mobile.clicks and mobile.clicks.max == 4 and sources["clicks"] == "assert.find-phone.new-mobile"
    assert mobile.clicks.level == "warn"  # a bound without a level keeps the level it overrides
    assert other_mobile.clicks and other_mobile.clicks.max == 6
    assert order.clicks and order.clicks.level == "off" and order.clicks.max == 5


def test_presets_extend_and_strict_fails_on_effort() -> None:
    busy = result(journey(clicks=4, required_fields=7, human_seconds=20, score=90))
    assert failed(evaluate({"preset": "recommended"}, busy)) == []
    assert failed(evaluate({"preset": "strict"}, busy), "error") == ["find-phone:clicks", "find-phone:required_fields"]
    relaxed = evaluate({"preset": "strict", "clicks": 4, "required_fields": {"level": "warn"}}, busy)
    assert failed(relaxed, "error") == [] and failed(relaxed, "warn") == ["find-phone:required_fields"]


def test_warnings_alone_pass_the_gate() -> None:
    run = result(journey(clicks=9))
    run.assertion_results = evaluate({}, run)
    gate = verdict(run)
    assert gate.warnings == 1 and gate.errors == 0 and gate.exit_code == 0


def test_flaky_journey_only_warns() -> None:
    shaky = journey(outcome="failed", reason="timeout")
    shaky.flaky = True
    checks = evaluate({}, result(shaky))
    outcome = next(a for a in checks if a.name == "outcome")
    assert outcome.level == "warn" and outcome.flaky and "flaky" in outcome.message
    assert any(a.name == "flaky" and a.level == "warn" for a in checks)
    strict = evaluate({"flaky": "error"}, result(shaky))
    assert [a.level for a in strict if a.name == "flaky"] == ["error"]


@pytest.mark.parametrize(("block", "line", "words"), [
    ("assert:\n  preset: strictest\n", 9, "unknown preset 'strictest'"),
    ("assert:\n  clicks: {max: lots}\n", 9, "assert clicks max"),
    ("assert:\n  find-phone:\n    outcome: reched\n", 10, "assert find-phone outcome equals"),
    ("assert:\n  fnid-phone:\n    clicks: 3\n", 9, "'fnid-phone' names no journey, goal, persona or site"),
    ("assert:\n  find-phone:\n    new-mobil:\n      clicks: 3\n", 10, "'new-mobil' names no journey"),
    ("assert:\n  find-phone:\n    clikcs: 3\n", 9, "'clikcs' is not an assertion"),
    ("assert:\n  tolerance: {clicks: lots}\n", 9, "expected a number, a percentage"),
    ("assert:\n  findings: {Login Wall: error}\n", 9, "is not a finding id"),
])
def test_bad_assertions_name_file_and_line(block: str, line: int, words: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_suite(SUITE + block, "suite.yaml")
    problems = "\n".join(caught.value.problems)
    assert f"suite.yaml:{line}:" in problems and words in problems, problems


def test_raw_round_trips_through_evidence() -> None:
    suite = parse_suite(SUITE + "assert:\n  preset: strict\n  order: {clicks: 9}\n", "s.yaml")
    again = AssertConfig.model_validate(suite.assertions.raw())
    assert again.presets == ["strict"] and again.scopes()["order"].clicks is not None
