"""CI output without a browser: annotations, step summary, JUnit gate suite, Markdown, trend SVG."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from audits.ci.diff import compare
from audits.ci.gate import finish
from audits.ci.publish import append_step_summary, gate_lines, publish, workflow_commands
from audits.ci.trend import chart_svg, charts
from audits.model import RunResult, TrendPoint
from audits.reporters import write_reports
from tests.ci_helpers import journey, result


def gated_run(tmp_path: Path) -> RunResult:
    run = result(journey(outcome="gated", reason="login"), journey("sign-up", clicks=9))
    run = finish(run, {"assertions": {}}, tmp_path)
    run.diff = compare(result(journey(), journey("sign-up", clicks=9)), run)
    return run


def test_workflow_commands_escape_and_choose_levels(tmp_path: Path) -> None:
    run = gated_run(tmp_path)
    run.assertion_results[0].message = "50% of\nit, here: yes"
    lines = workflow_commands(run, "suites/a,b.yaml")
    assert lines[0] == ("::error file=suites/a%2Cb.yaml,title=friction outcome%3A acme / find-phone "
                        "[new-desktop]::50%25 of%0Ait, here: yes")
    assert any(line.startswith("::warning ") and "clicks" in line for line in lines)
    assert any("friction regression%3A" in line and line.startswith("::error") for line in lines)


def test_publish_appends_the_summary_and_annotates_only_in_actions(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    run = gated_run(tmp_path)
    write_reports(run, tmp_path, ("markdown",))
    summary = tmp_path / "step-summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    said: list[str] = []
    commands: list[str] = []
    publish(run, tmp_path, lambda style, text: said.append(text), commands.append)
    assert commands == [] and said[-1].startswith("FAIL: 1 failed assertion(s)")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    publish(run, tmp_path, lambda style, text: None, commands.append)
    assert commands and all(c.startswith("::") for c in commands)
    text = summary.read_text()
    assert text.startswith("earlier step\n") and text.count("### CI gate: ❌ FAIL") == 2
    monkeypatch.delenv("GITHUB_STEP_SUMMARY")
    assert append_step_summary("x") is None


def test_gate_lines_list_flaky_journeys_and_pass(tmp_path: Path) -> None:
    shaky = result(journey(), journey(outcome="failed", reason="timeout"), journey())
    run = finish(shaky, {"assertions": {}}, tmp_path)
    lines = gate_lines(run)
    assert any(text.startswith("FLAKY acme / find-phone") for _, text in lines)
    assert lines[-1] == ("ok", "PASS: 0 failed assertion(s), 1 warning(s), 6 passed, 1 flaky journey(s)")


def test_junit_gate_suite_and_markdown_section(tmp_path: Path) -> None:
    run = gated_run(tmp_path)
    written = write_reports(run, tmp_path, ("junit", "markdown"))
    root = ET.parse(written["junit"]).getroot()
    gate = next(s for s in root if s.get("name") == "friction gate")
    # find-phone failed its own test case (gated): the gate says why in system-out, not as a second failure.
    assert root.get("failures") == "1" and gate.get("failures") == "0"
    said = next(c for c in gate if c.get("name") == "find-phone [new-desktop] gate").findtext("system-out") or ""
    assert "outcome gated (login), expected reached" in said and "outcome reached → gated" in said
    markdown = written["markdown"].read_text()
    assert "| 🔴 error | acme / find-phone \\[new-desktop\\] | outcome | reached | gated (login) |" in markdown
    assert "🔴 regression" in markdown


def test_junit_gate_fails_a_journey_that_reached_but_broke_a_rule_once(tmp_path: Path) -> None:
    run = result(journey(clicks=9), journey("sign-up", outcome="gated", reason="login"))
    run = finish(run, {"assertions": {"clicks": {"max": 3, "level": "error"}, "score": {"min": 90, "level": "error"}}},
                 tmp_path)
    root = ET.fromstring(write_reports(run, tmp_path, ("junit",))["junit"].read_text().split("\n", 1)[1])
    gate = next(s for s in root if s.get("name") == "friction gate")
    failing = [c.get("name") for c in gate if c.find("failure") is not None]
    assert failing == ["find-phone [new-desktop] gate"]  # two rules broken, one failing case
    assert root.get("tests") == "4" and root.get("failures") == "2"  # each failing journey once


def points(n: int) -> list[TrendPoint]:
    outcomes = ["reached", "reached", "gated", "failed", "reached", "absent"]
    return [TrendPoint(run_id=f"r{i}", started_at=f"2026-11-{10 + i}T09:00:00Z", site="acme", journey="find-phone",
                       persona="new-desktop", outcome=outcomes[i % 6], score=100 - 9 * i, clicks=i,
                       flaky=i == 3) for i in range(n)]


def test_trend_svg_is_self_contained() -> None:
    svg = chart_svg(points(6), "find <phone> & more")
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    ET.fromstring(svg)  # well-formed XML
    assert "<script" not in svg and "href" not in svg and "find &lt;phone&gt; &amp; more" in svg
    assert svg.count(' r="7"') == 6 and 'stroke-dasharray="2 2"' in svg  # outcome dots; one flaky
    assert svg.count("<polyline") == 2
    single = chart_svg(points(1), "one")
    assert "<polyline" not in single and single.count(' r="7"') == 1


def test_charts_one_per_journey() -> None:
    other = [p.model_copy(update={"persona": "new-mobile"}) for p in points(3)]
    made = charts(points(5) + other)
    assert [(c.persona, c.runs) for c in made] == [("new-desktop", 5), ("new-mobile", 3)]
    assert made[0].summary.startswith("score 100 → 64; clicks 0 → 4")
