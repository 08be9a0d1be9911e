"""Durable runs: kill -9 mid-suite then --resume gives every journey once; damaged evidence still reports."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from audits.cli import main
from audits.demo.server import Zoo
from audits.model import JourneyEvidence, StepRecord
from audits.run.plan import WorkItem
from audits.run.rundir import EVIDENCE, JOURNEYS, PARTIAL, RunDir, load_evidence

DATA = Path(__file__).parent / "data"
SUITE = """
site: {{name: Fixture Co, start_url: "{url}"}}
personas: [{{id: desk}}, {{id: phone, device: mobile}}]
journeys:
  - {{id: about, goal: find-phone, steps: [click: Learn more]}}
  - {{id: home, goal: reach-support, steps: [expect: {{text: "Learn more"}}]}}
  - {{id: again, goal: sign-up, steps: [click: Learn more]}}
"""


def _journey_files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((out / JOURNEYS).glob("*.json"))}


def _kill_after_first_journey(suite: Path, out: Path) -> dict[str, bytes]:
    """Start a run in its own process group and kill -9 all of it once a journey is saved."""
    command = [sys.executable, "-m", "audits", "run", str(suite), "--out", str(out), "--no-store"]
    process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not _journey_files(out) and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    return _journey_files(out)


@pytest.mark.browser
def test_kill_9_mid_suite_then_resume_runs_each_journey_exactly_once(fixture_site: Zoo, tmp_path: Path) -> None:
    suite = tmp_path / "suite.yaml"
    suite.write_text(SUITE.format(url=fixture_site.url("fixture")))
    out = tmp_path / "run"
    before = _kill_after_first_journey(suite, out)
    assert 1 <= len(before) < 6, "killed mid-suite with some journeys finished"
    assert not (out / "result.json").exists()

    resumed = subprocess.run([sys.executable, "-m", "audits", "run", str(suite), "--out", str(out), "--resume",
                              "--no-store"], capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    result = json.loads((out / "result.json").read_text())
    keys = [(j["id"], j["persona"]) for j in result["journeys"]]
    assert sorted(keys) == sorted({(j, p) for j in ("about", "home", "again") for p in ("desk", "phone")})
    after = _journey_files(out)
    assert len(after) == 6 and not list((out / PARTIAL).iterdir())
    assert all(after[name] == saved for name, saved in before.items()), "finished journeys were kept, not re-run"


def _saved_run(tmp_path: Path) -> Path:
    """A run folder in the current layout, from a checked-in run's evidence: no browser needed."""
    meta, journeys = load_evidence(DATA / "runs" / "frictions")
    run = RunDir(tmp_path / "run")
    run.write_manifest(meta, [WorkItem(j.site, j.id, j.persona, j.repeat) for j in journeys])
    for journey in journeys:
        run.save_journey(journey)
    return run.root


def _first_journey(root: Path) -> Path:
    return sorted((root / JOURNEYS).glob("*.json"))[0]


DAMAGES = {
    "manifest truncated": lambda root: (root / EVIDENCE).write_bytes((root / EVIDENCE).read_bytes()[:40]),
    "manifest empty": lambda root: (root / EVIDENCE).write_bytes(b""),
    "manifest a list": lambda root: (root / EVIDENCE).write_text("[1, 2]"),
    "manifest not UTF-8": lambda root: (root / EVIDENCE).write_bytes(b"\xff\xfe{\x00\x81"),
    "journey truncated": lambda root: _first_journey(root).write_bytes(_first_journey(root).read_bytes()[:100]),
    "journey wrongly shaped": lambda root: _first_journey(root).write_text('{"id": 3, "steps": "x"}'),
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_report_renders_what_is_intact_of_damaged_evidence(
    damage: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _saved_run(tmp_path)
    intact = len(_journey_files(root))
    DAMAGES[damage](root)
    code = main(["report", str(root)])
    err = capsys.readouterr().err
    assert code in (0, 2) and "Traceback" not in err
    assert "skipped:" in err, "says what it could not read"
    result = json.loads((root / "result.json").read_text())
    lost = 1 if damage.startswith("journey") else 0
    assert len(result["journeys"]) == intact - lost and result["skipped"]
    assert (root / "report.html").is_file()


def test_a_step_log_cut_mid_line_keeps_the_steps_before_the_cut(tmp_path: Path) -> None:
    run = RunDir(tmp_path)
    item = WorkItem("s", "j", "p")
    run.write_manifest({"suite": "s", "sites": []}, [item])
    evidence = JourneyEvidence(id="j", goal="sign-up", site="s", persona="p")
    run.start_journey(evidence)
    for index in range(3):
        run.append_step(evidence.key, StepRecord(index=index, action="goto", url=f"http://x.test/{index}"))
    log = tmp_path / PARTIAL / "s__j__p.jsonl"
    log.write_bytes(log.read_bytes()[:-25])  # what kill -9 during a write leaves
    meta, (cut,) = load_evidence(tmp_path)
    assert [s.index for s in cut.steps] == [0, 1] and (cut.outcome, cut.reason) == ("failed", "crash")
    assert meta["skipped"] == ["partial/s__j__p.jsonl:4: a step cut short is left out"]


def test_a_folder_holding_another_plans_journeys_is_refused_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _saved_run(tmp_path)
    before = _journey_files(root)
    suite = tmp_path / "other.yaml"
    suite.write_text("site: {name: Other, start_url: 'http://127.0.0.1:9/'}\njourneys: [{goal: find-phone}]\n")
    assert main(["run", str(suite), "--out", str(root), "--no-store"]) == 1
    assert "finished journeys of another run plan" in capsys.readouterr().err
    assert _journey_files(root) == before


def test_resume_needs_the_folder_to_finish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    suite = tmp_path / "s.yaml"
    suite.write_text("site: {name: S, start_url: 'http://127.0.0.1:9/'}\njourneys: [{goal: find-phone}]\n")
    assert main(["run", str(suite), "--resume", "--no-store"]) == 1
    assert "--resume: expected --out DIR" in capsys.readouterr().err


def test_a_whole_run_is_kept_when_resumed_and_started_over_when_not(tmp_path: Path) -> None:
    root = _saved_run(tmp_path)
    _, journeys = load_evidence(root)
    items = [WorkItem(j.site, j.id, j.persona, j.repeat) for j in journeys]
    assert RunDir(root).resumable(items, resume=True).keys() == {i.key for i in items}
    assert RunDir(root).resumable(items, resume=False) == {}, "a whole run is started over when not resumed"
    assert not _journey_files(root)
