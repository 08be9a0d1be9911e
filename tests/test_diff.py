"""Baseline diff: what changed per journey, which changes are regressions, and `friction diff`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audits.ci.assertions import Tolerance
from audits.ci.diff import BaselineError, compare, describe, load_result
from audits.cli import main
from tests.ci_helpers import journey, result


def test_unchanged_run_has_no_regressions() -> None:
    before = result(journey(clicks=2, human_seconds=9.0, seconds=1.2, phones=["+18005550101"]))
    after = result(journey(clicks=2, human_seconds=9.4, seconds=1.9, phones=["+18005550101"]))
    diff = compare(before, after)
    assert diff.regressions == [] and diff.changed == []
    assert [c.status for c in diff.journeys] == ["unchanged"]


def test_worse_outcome_is_a_regression_better_is_not() -> None:
    diff = compare(result(journey(), journey("sign-up", outcome="gated", reason="login")),
                   result(journey(outcome="absent", reason="not-on-site"), journey("sign-up")))
    worse, better = diff.journeys
    assert worse.regression and worse.regressions[0].startswith("outcome reached → absent")
    assert not better.regression and better.status == "changed"


def test_metrics_beyond_tolerance_regress() -> None:
    before = result(journey("sign-up", required_fields=6, clicks=3, human_seconds=20, score=90))
    after = result(journey("sign-up", required_fields=11, clicks=3, human_seconds=29, score=86))
    change = compare(before, after).journeys[0]
    assert [m.name for m in change.metrics if m.regression] == ["required_fields"]
    fields = next(m for m in change.metrics if m.name == "required_fields")
    assert (fields.before, fields.after, fields.delta) == (6, 11, 5)
    loose = compare(before, after, Tolerance(required_fields=5, human_seconds="10%", score=3)).journeys[0]
    assert [m.name for m in loose.metrics if m.regression] == ["score", "human_seconds"]
    assert "required fields 6 → 11 (+5)" in describe(change)[0]


def test_findings_and_phones_that_appeared_or_vanished() -> None:
    before = result(journey(findings=["phone-not-clickable"], phones=["+18005550101", "+18005550102"]))
    after = result(journey(findings=["login-wall"], phones=["+18005550102", "+18005550199"]))
    change = compare(before, after).journeys[0]
    assert change.findings_appeared == ["login-wall"] and change.findings_vanished == ["phone-not-clickable"]
    assert change.phones_vanished == ["+18005550101"] and change.phones_appeared == ["+18005550199"]
    assert change.status == "changed" and not change.regression  # listed, not failing the build


def test_new_and_removed_journeys_are_listed() -> None:
    diff = compare(result(journey("old")), result(journey("new")))
    assert [(c.journey, c.status) for c in diff.journeys] == [("new", "new"), ("old", "removed")]
    assert diff.regressions == []


def test_flaky_journey_regression_is_reported_not_counted() -> None:
    after = journey(outcome="failed", reason="timeout")
    after.flaky = True
    change = compare(result(journey()), result(after)).journeys[0]
    assert change.regressions and change.flaky and not change.regression


def write(path: Path, run: object) -> Path:
    path.write_text(json.dumps(run.to_dict()))  # type: ignore[attr-defined]
    return path


def test_friction_diff_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def baseline() -> object:
        return result(journey(phones=["+18005550101"]), journey("sign-up", required_fields=4))

    old = write(tmp_path / "old.json", baseline())
    same = write(tmp_path / "same.json", baseline())
    run_dir = tmp_path / "new"
    run_dir.mkdir()
    write(run_dir / "result.json", result(journey(outcome="absent", reason="not-on-site"),
                                          journey("sign-up", required_fields=9)))
    assert main(["diff", str(old), str(same)]) == 0
    assert "no regressions" in capsys.readouterr().out
    assert main(["diff", str(old), str(run_dir)]) == 2
    out = capsys.readouterr().out
    assert "REGRESSION acme / find-phone [new-desktop]: outcome reached → absent (not-on-site)" in out
    assert "phone numbers gone: +18005550101" in out and "required fields 4 → 9 (+5)" in out
    assert main(["diff", str(old), str(run_dir), "--json"]) == 2
    data = json.loads(capsys.readouterr().out)
    assert data["regressions"] == 2 and data["journeys"][0]["outcome_after"] == "absent"


def test_tolerance_comes_from_the_newer_result(tmp_path: Path) -> None:
    old = write(tmp_path / "old.json", result(journey(clicks=2)))
    new = write(tmp_path / "new.json", result(journey(clicks=3), assertions={"tolerance": {"clicks": 1}}))
    assert main(["diff", str(old), str(new)]) == 0


def test_unreadable_baseline_is_a_tool_error(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(BaselineError):
        load_result(tmp_path / "bad.json")
    assert main(["diff", str(tmp_path / "bad.json"), str(tmp_path / "missing.json")]) == 1
