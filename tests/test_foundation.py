"""The vertical slice in a real browser: scripted journeys, failures as verdicts, re-rendering."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import RunText

from audits.cli import main
from audits.demo.server import Zoo
from audits.run.pipeline import report
from audits.run.rundir import load_evidence

SUITE = """
site: {{name: Fixture Co, start_url: "{url}"}}
personas: [{{id: desk, device: desktop}}]
journeys:
{journeys}
"""


def one(run_text: RunText, fixture_site: Zoo, journeys: str) -> dict:
    result = run_text(SUITE, url=fixture_site.url("fixture"), journeys=journeys)
    (journey,) = result.journeys
    return journey.to_dict()


def test_scripted_journey_succeeds_with_evidence(run_text: RunText, fixture_site: Zoo, tmp_path: Path) -> None:
    journey = one(run_text, fixture_site, """
  - id: about
    goal: find-phone
    steps:
      - click: {text: "Learn more"}
      - expect: {url: "/about$"}
      - expect: {text: "(212) 555-0147"}
""")
    assert journey["outcome"] == "reached" and journey["reason"] is None
    assert [s["action"] for s in journey["steps"]] == ["goto", "click", "expect", "expect"]
    assert journey["effort"]["clicks"] == 1 and journey["effort"]["pages"] == 2
    run = tmp_path / "run"
    for step in journey["steps"][:2]:
        assert (run / step["screenshot"]).stat().st_size > 1000
        assert "<html" in (run / step["html"]).read_text()
    _, (evidence,) = load_evidence(run)
    assert evidence.steps[1].facts is not None and "About us" in evidence.steps[1].facts.headings


def test_missing_click_target_fails_with_step_and_target(run_text: RunText, fixture_site: Zoo) -> None:
    journey = one(run_text, fixture_site, """
  - id: order
    goal: sign-up
    steps:
      - click: {text: "Order online"}
""")
    assert journey["outcome"] == "failed" and journey["reason"] == "step-failed"
    assert 'step 1 (click text "Order online")' in journey["reason_detail"]
    assert "no visible element matches" in journey["reason_detail"]
    assert journey["steps"][-1]["screenshot"], "a failure is photographed"


def test_http_500_fails_the_journey(run_text: RunText, fixture_site: Zoo) -> None:
    journey = one(run_text, fixture_site, """
  - id: broken
    goal: sign-up
    steps:
      - click: {text: "Broken page"}
""")
    assert (journey["outcome"], journey["reason"]) == ("failed", "http-error")
    assert "HTTP 500" in journey["reason_detail"]
    assert any(f["id"] == "broken-link" and not f["passed"] for f in journey["findings"])


def test_redirect_loop_and_js_errors_and_popups_are_verdicts(run_text: RunText, fixture_site: Zoo) -> None:
    result = run_text(SUITE, url=fixture_site.url("fixture"), journeys="""
  - id: loop
    goal: reach-support
    steps: [goto: /loop-a]
  - id: script
    goal: reach-support
    steps: [goto: /js-error, click: Popup, click: Open offer, expect: {text: "Popup page"}]
""")
    loop, script = result.journeys
    assert loop.outcome == "failed" and "ERR_TOO_MANY_REDIRECTS" in loop.reason_detail
    assert script.outcome == "reached"
    steps = script.steps
    assert steps[0]["index"] == 0
    assert any(f.id == "js-errors-on-path" and not f.passed for f in script.findings)


def test_dialogs_and_new_tabs_are_recorded(run_text: RunText, fixture_site: Zoo, tmp_path: Path) -> None:
    one(run_text, fixture_site, """
  - id: popup
    goal: reach-support
    steps: [goto: /popup, wait_for: {ms: 200}, click: Open offer, wait_for: {ms: 300}]
""")
    _, (evidence,) = load_evidence(tmp_path / "run")
    dialogs = [d for s in evidence.steps for d in s.dialogs]
    popups = [p for s in evidence.steps for p in s.popups]
    assert dialogs == ["alert: Limited offer!"]
    assert len(popups) == 1


def test_hanging_page_times_out_as_a_verdict(run_text: RunText, fixture_site: Zoo) -> None:
    journey = one(run_text, fixture_site, """
  - id: hang
    goal: sign-up
    budget: {seconds: 20}
    steps: [goto: /hang]
""")
    assert journey["outcome"] == "failed" and journey["reason"] == "timeout"


def test_fill_select_check_press_and_password_masking(run_text: RunText, fixture_site: Zoo, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIXTURE_SECRET", "hunter2-secret")
    result = run_text("""
site: {{name: Fixture Co, start_url: "{url}"}}
personas: [{{id: me, kind: existing-customer, credentials: {{password: "${{FIXTURE_SECRET}}"}}}}]
journeys:
  - id: form
    goal: reach-support
    steps:
      - goto: /form
      - fill: {{label: Name, value: Ada}}
      - fill: {{label: Secret, value: "${{FIXTURE_SECRET}}"}}
      - select: {{label: Plan, value: Pro}}
      - check: {{label: I agree}}
      - press: {{key: Enter, target: {{label: Name}}}}
      - expect: {{text: "Thanks Ada"}}
""", url=fixture_site.url("fixture"))
    (journey,) = result.journeys
    assert journey.outcome == "reached", journey.reason_detail
    assert journey.effort.fields == 4
    run = tmp_path / "run"
    everything = "".join(p.read_text(errors="ignore") for p in run.rglob("*") if p.suffix in (".json", ".html"))
    assert "hunter2-secret" not in everything


def test_report_rerenders_from_saved_evidence_without_a_browser(
    run_text: RunText, fixture_site: Zoo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one(run_text, fixture_site, """
  - id: about
    goal: find-phone
    steps: [click: Learn more]
""")
    run = tmp_path / "run"
    before = json.loads((run / "result.json").read_text())
    copy = tmp_path / "copy"
    shutil.copytree(run, copy)
    for name in ("result.json", "report.html", "junit.xml", "summary.md"):
        (copy / name).unlink()
    monkeypatch.setenv("FRICTION_CHROMIUM", "/nonexistent/chromium")
    assert main(["report", str(copy)]) == 0
    after = json.loads((copy / "result.json").read_text())
    assert after == before
    html = (copy / "report.html").read_text()
    assert 'src="screens/' in html and "about" in html


def test_crash_keeps_steps_already_recorded(tmp_path: Path) -> None:
    from audits.model import JourneyEvidence, StepRecord
    from audits.run.rundir import RunDir

    run = RunDir(tmp_path / "run")
    run.write_manifest({"suite": "s", "sites": []}, [])
    evidence = JourneyEvidence(id="j", goal="sign-up", site="s", persona="p")
    run.start_journey(evidence)
    run.append_step(evidence.key, StepRecord(index=0, action="goto", url="http://127.0.0.1/"))
    result = report(tmp_path / "run")
    (journey,) = result.journeys
    assert (journey.outcome, journey.reason) == ("failed", "crash")
    assert journey.steps[0]["url"] == "http://127.0.0.1/"


def test_missing_browser_is_one_line_exit_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FRICTION_CHROMIUM", str(tmp_path / "no-chromium"))
    suite = tmp_path / "s.yaml"
    suite.write_text("site: {name: A, start_url: 'http://127.0.0.1:9/'}\njourneys: [{goal: find-phone}]\n")
    assert main(["run", str(suite), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "FRICTION_CHROMIUM" in err[0]
