"""The CI gate end to end on fixture sites, through the real command line (one process per run).

ci-shop and ci-shop-changed are the same site before and after a bad deploy (phone number
gone, sign-up grown from 4 to 9 required fields); ci-flaky shows a blocking pop-up on every
other load.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from audits.demo.server import Zoo

pytestmark = pytest.mark.browser
ROOT = Path(__file__).parent.parent

SHOP = """\
name: Acme Broadband
site: {{id: acme, name: Acme Broadband, start_url: "{url}"}}
personas: [{{id: new-desktop}}]
options: {{step_timeout_ms: 1500}}
journeys:
  - id: find-phone
    goal: find-phone
    steps:
      - click: Contact
      - expect: {{text: "1-800-555-0101"}}
  - id: sign-up
    goal: sign-up
    steps:
      - click: Sign up
      - fill: {{label: Name, value: Pat Doe}}
      - fill: {{label: Email, value: pat@example.com}}
      - fill: {{label: Postcode, value: "12345"}}
      - fill: {{label: Password, value: hunter22}}
      - click: {{role: button, name: Create account}}
      - expect: {{text: Welcome aboard}}
assert:
  sign-up:
    clicks: {{max: 1, level: warn}}
"""

FLAKY = """\
name: Flaky Phones
site: {{id: flaky, name: Flaky Phones, start_url: "{url}"}}
personas: [{{id: new-desktop}}]
options: {{step_timeout_ms: 1000}}
journeys:
  - id: call-us
    goal: find-phone
    steps:
      - click: Contact
      - expect: {{text: "1-800-555-0199"}}
"""


def friction(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
             ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "audits", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, **(env or {})}, timeout=300)


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def write_suite(path: Path, template: str, url: str) -> Path:
    path.write_text(template.format(url=url), encoding="utf-8")
    return path


def test_changed_site_regresses_unchanged_does_not(fixture_site: Zoo, tmp_path: Path) -> None:
    suite, store = tmp_path / "suite.yaml", tmp_path / "history.sqlite"
    before, after = fixture_site.url("ci-shop"), fixture_site.url("ci-shop-changed")

    write_suite(suite, SHOP, before)
    base = friction("run", suite, "--out", tmp_path / "base", "--store", store)
    assert base.returncode == 0, base.stdout + base.stderr
    # A warning is printed and reported, but the build passes.
    assert "WARN acme / sign-up [new-desktop]: clicks 2, expected <= 1" in base.stderr
    warned = read(tmp_path / "base" / "result.json")["assertion_results"]
    assert any(a["name"] == "clicks" and a["level"] == "warn" and not a["passed"] for a in warned)

    same = friction("run", suite, "--out", tmp_path / "same", "--store", store, "--baseline", tmp_path / "base")
    assert same.returncode == 0, same.stderr
    diff = read(tmp_path / "same" / "result.json")["diff"]
    assert diff is not None and not any(c["regressions"] for c in diff["journeys"])
    assert "0 regression(s)" in same.stderr

    write_suite(suite, SHOP, after)
    changed = friction("run", suite, "--out", tmp_path / "changed", "--store", store,
                       "--baseline", tmp_path / "base" / "result.json")
    assert changed.returncode == 2, changed.stderr
    assert "REGRESSION acme / find-phone [new-desktop]: outcome reached → failed" in changed.stderr
    assert re.search(r"REGRESSION acme / sign-up .*required fields 4 → 9 \(\+5\)", changed.stderr), changed.stderr
    data = read(tmp_path / "changed" / "result.json")
    assert [c["journey"] for c in data["diff"]["journeys"] if c["regressions"]] == ["find-phone", "sign-up"]
    summary = (tmp_path / "changed" / "summary.md").read_text()
    assert "🔴 regression" in summary and "CI gate: ❌ FAIL" in summary
    html = (tmp_path / "changed" / "report.html").read_text()
    assert 'id="ci-diff"' in html and 'id="ci-gate"' in html and "beyond tolerance 0" in html
    junit = (tmp_path / "changed" / "junit.xml").read_text()
    # Both journeys failed: each counted once, the gate's findings said beside them.
    assert 'failures="2"' in junit.splitlines()[1] and "outcome reached → failed" in junit

    # `friction report` reproduces the verdict from the run directory alone.
    again = friction("report", tmp_path / "changed")
    assert again.returncode == 2 and read(tmp_path / "changed" / "result.json")["diff"] is not None
    # An error assertion fails the build without any baseline.
    alone = tmp_path / "alone"
    shutil.copytree(tmp_path / "changed", alone)
    (alone / "baseline.json").unlink()
    asserted = friction("report", alone)
    assert asserted.returncode == 2 and "ERROR acme / find-phone [new-desktop]: outcome failed" in asserted.stderr

    assert friction("diff", tmp_path / "base", tmp_path / "same").returncode == 0
    assert friction("diff", tmp_path / "base", tmp_path / "changed").returncode == 2

    # Two more runs make five in the history; the trend chart draws every one.
    write_suite(suite, SHOP, before)
    assert friction("run", suite, "--out", tmp_path / "fixed", "--store", store).returncode == 0
    write_suite(suite, SHOP, after)
    last = friction("run", suite, "--out", tmp_path / "last", "--store", store, "--no-store")
    assert last.returncode == 2  # not stored
    final = friction("run", suite, "--out", tmp_path / "final", "--store", store)
    assert final.returncode == 2
    history = friction("history", "acme", "--store", store)
    assert history.returncode == 0 and len(history.stdout.strip().splitlines()) == 1 + 5
    points = read(tmp_path / "final" / "result.json")["history"]
    assert len({p["run_id"] for p in points}) == 5 and len(points) == 10
    html = (tmp_path / "final" / "report.html").read_text()
    assert html.count('class="trend-chart"') == 2 and html.count(' r="7"') == 10
    assert "<script" not in html.split('id="ci-trend"')[1] and "http" not in html.split('id="ci-trend"')[1][:200]


def test_flaky_popup_is_marked_flaky_not_failed(fixture_site: Zoo, tmp_path: Path) -> None:
    suite = write_suite(tmp_path / "flaky.yaml", FLAKY, fixture_site.url("ci-flaky"))
    run = friction("run", suite, "--out", tmp_path / "run", "--runs", "3", "--no-store")
    assert run.returncode == 0, run.stderr
    data = read(tmp_path / "run" / "result.json")
    (journey,) = data["journeys"]
    assert data["runs"] == 3 and journey["flaky"] is True
    assert {r["outcome"] for r in journey["repeats"]} == {"reached", "failed"}
    assert "FLAKY flaky / call-us [new-desktop]" in run.stderr
    assert "flaky" in (tmp_path / "run" / "summary.md").read_text()
    assert "Flaky journeys" in (tmp_path / "run" / "report.html").read_text()
    evidence = read(tmp_path / "run" / "evidence.json")
    assert sorted(j["repeat"] for j in evidence["journeys"]) == [0, 1, 2]


def workflow_steps() -> dict[str, dict]:
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "friction-example.yml").read_text())
    return {step["id"]: step for step in flow["jobs"]["friction"]["steps"] if "id" in step}, flow["env"]


def test_example_workflow_commands_run_locally(fixture_site: Zoo, tmp_path: Path) -> None:
    steps, env = workflow_steps()
    work = tmp_path / "repo"
    work.mkdir()
    suite = write_suite(work / "suite.yaml", SHOP, fixture_site.url("ci-shop"))
    summary = tmp_path / "step-summary.md"
    environment = {**env, "FRICTION_SUITE": str(suite), "GITHUB_ACTIONS": "true",
                   "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_SHA": "0123abc",
                   "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}

    def step(name: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["bash", "-eo", "pipefail", "-c", steps[name]["run"]], cwd=work, capture_output=True,
                              text=True, env={**os.environ, **environment}, timeout=300)

    first = step("audit")
    assert first.returncode == 0, first.stdout + first.stderr
    assert step("baseline").returncode == 0 and (work / "reports" / "baseline" / "result.json").is_file()
    second = step("audit")
    assert second.returncode == 0, second.stderr
    assert read(work / "reports" / "ci" / "result.json")["diff"] is not None
    write_suite(suite, SHOP, fixture_site.url("ci-shop-changed"))
    broken = step("audit")
    assert broken.returncode == 2
    # Annotations name the suite file, escaped as GitHub's workflow commands need.
    assert re.search(r"^::error file=[^,\n]*suite\.yaml,title=friction regression%3A acme / find-phone "
                     r"\[new-desktop\]::outcome reached → failed", broken.stdout, re.M), broken.stdout
    assert re.search(r"^::warning file=[^,\n]*,title=friction clicks%3A acme / sign-up", first.stdout, re.M)
    history = step("history")
    assert history.returncode == 0 and len(history.stdout.strip().splitlines()) == 1 + 3
    assert "0123abc" not in history.stdout  # the ref is stored, not listed
    appended = summary.read_text()
    assert appended.count("## friction: Acme Broadband") == 3 and "🔴 regression" in appended
