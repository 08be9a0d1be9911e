"""Suite files: validation before any browser starts, errors that cite file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audits.cli import main
from audits.scenario import ENV_REF, ScenarioError, json_schema, load_suite, parse_suite

DATA = Path(__file__).parent / "data" / "suites"
ROOT = Path(__file__).parent.parent


def problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_suite(path)
    return caught.value.problems


def test_malformed_yaml_names_file_and_line() -> None:
    (problem,) = problems(DATA / "malformed.yaml")
    assert problem.startswith(f"{DATA / 'malformed.yaml'}:7:")
    assert "invalid YAML" in problem


def test_schema_errors_name_line_step_and_expectation() -> None:
    found = problems(DATA / "invalid.yaml")
    text = "\n".join(found)
    assert any(":9: journeys[0] (order) steps[1]: unknown action 'clik'; expected one of:" in p
               for p in found), text
    assert any(":10: journeys[0] (order) steps[2]: click: txt: Extra inputs are not permitted" in p
               for p in found), text
    assert any(":13: journeys[1] (find-phone) budjet: unknown key 'budjet'" in p for p in found), text


def test_unknown_persona_is_reported() -> None:
    text = ("site: {name: A, start_url: 'http://127.0.0.1:9/'}\n"
            "journeys:\n  - goal: find-phone\n    personas: [martian]\n")
    with pytest.raises(ScenarioError, match=r"unknown persona\(s\) \['martian'\]"):
        parse_suite(text, "x.yaml")


def test_missing_environment_variable_is_a_load_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRICTION_TEST_PASSWORD", raising=False)
    text = (
        "site: {name: A, start_url: 'http://127.0.0.1:9/'}\n"
        "personas:\n  - id: me\n    kind: existing-customer\n    credentials: {password: '${FRICTION_TEST_PASSWORD}'}\n"
        "journeys: [{goal: find-phone}]\n"
    )
    with pytest.raises(ScenarioError, match=r"x.yaml:5: environment variable FRICTION_TEST_PASSWORD is not set"):
        parse_suite(text, "x.yaml")


def test_shorthands_and_defaults() -> None:
    suite = parse_suite(
        "site: {name: Shop Co, start_url: 'http://127.0.0.1:9/'}\n"
        "journeys:\n  - id: s\n    goal: sign-up\n    steps: [goto: /, click: Sign up, screenshot]\n"
        "  - goal: find-phone\n"
    )
    steps = suite.journeys[0].steps or []
    assert [s.action for s in steps] == ["goto", "click", "screenshot"]
    assert steps[1].describe() == 'click text "Sign up"'
    assert suite.site is not None and suite.site.id == "shop-co"
    assert [p.id for p in suite.personas] == ["new-desktop", "new-mobile"]


def test_bad_start_url_is_explained() -> None:
    with pytest.raises(ScenarioError, match="start_url must be an http"):
        parse_suite("site: {name: A, start_url: 'ftp://x'}\njourneys: [{goal: find-phone}]\n", "x.yaml")


def test_committed_schema_is_current() -> None:
    committed = json.loads((ROOT / "scenarios" / "scenario.schema.json").read_text())
    assert committed == json.loads(json.dumps(json_schema()))


def test_schema_lists_every_action() -> None:
    variants = json_schema()["$defs"]["StepSpec"]["oneOf"]
    assert {v["title"] for v in variants} >= {"goto", "click", "fill", "select", "check", "press", "wait_for",
                                               "expect", "screenshot"}


def test_every_committed_suite_validates(monkeypatch: pytest.MonkeyPatch) -> None:
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        for name in ENV_REF.findall(path.read_text()):  # credentials a user exports before running it
            monkeypatch.setenv(name, "set-by-the-user")
        load_suite(path)


def test_cli_exit_code_1_and_message_on_bad_suite(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(DATA / "invalid.yaml")]) == 1
    err = capsys.readouterr().err
    assert "friction: " in err and "invalid.yaml:9:" in err


LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True))


@pytest.mark.parametrize(("content", "expected"), [
    (LAUGHS.encode(), "laughs.yaml:1: the document expands to more than"),
    (("[" * 20000 + "]" * 20000).encode(), "laughs.yaml:1: nesting deeper than 64 levels"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00", "laughs.yaml:1: a binary file, not a YAML suite"),
    (b"site: {name: x}\njourneys: []\n# caf\xe9\n", "laughs.yaml:3: not UTF-8 text (byte 0xe9)"),
    (b"x: " + b"a" * 9_000_000, "laughs.yaml:1: the file is larger than a suite can be"),
])
def test_hostile_suite_files_are_one_line_each(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "laughs.yaml"
    path.write_bytes(content)
    with pytest.raises(ScenarioError) as error:
        load_suite(path)
    assert len(error.value.problems) == 1
    assert expected in error.value.problems[0]


def test_a_url_pattern_is_compiled_when_the_suite_loads() -> None:
    with pytest.raises(ScenarioError, match=r"<suite>:5: .*expect: url: '\(unclosed' is not a valid regular"):
        parse_suite("site: {name: x, start_url: 'http://127.0.0.1:1/'}\njourneys:\n  - id: a\n    goal: find-phone\n"
                    "    steps: [expect: {url: '(unclosed'}]\n")
