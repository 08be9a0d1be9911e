"""The run plan, the serial executor and the evidence layout: one file per journey plus a manifest."""

from __future__ import annotations

import json
import os
import pickle
import shutil
from pathlib import Path

import pytest

from audits.cli import main
from audits.demo.server import Zoo
from audits.judge import judge_run
from audits.model import JourneyEvidence, JourneyResult, StepRecord
from audits.run import pipeline, rejudge
from audits.run.executors import EXECUTORS
from audits.run.executors.serial import SerialExecutor
from audits.run.pipeline import evaluate
from audits.run.plan import WorkItem, plan
from audits.run.rundir import EVIDENCE, RunDir, load_evidence
from audits.scenario import parse_suite

DATA = Path(__file__).parent / "data"
TWO_SITES = """
sites:
  - {name: Alpha, start_url: "http://127.0.0.1:9/"}
  - {name: Beta, start_url: "http://127.0.0.1:9/"}
personas: [{id: desk}, {id: phone, device: mobile}]
journeys:
  - {goal: find-phone}
  - {goal: sign-up, sites: [beta], personas: [phone]}
"""
FIXTURE = """
site: {{name: Fixture Co, start_url: "{url}"}}
personas: [{{id: desk}}]
journeys:
  - {{id: about, goal: find-phone, steps: [click: Learn more]}}
  - {{id: home, goal: reach-support, steps: [expect: {{text: "Learn more"}}]}}
"""


def test_plan_runs_each_repetition_whole_in_suite_order() -> None:
    items = plan(parse_suite(TWO_SITES), runs=2)
    first = [("alpha", "find-phone", "desk"), ("alpha", "find-phone", "phone"), ("beta", "find-phone", "desk"),
             ("beta", "find-phone", "phone"), ("beta", "sign-up", "phone")]
    assert [(i.site, i.journey, i.persona) for i in items] == first * 2
    assert [i.repeat for i in items] == [0] * 5 + [1] * 5
    assert items[0].key == "alpha__find-phone__desk" and items[5].key == "alpha__find-phone__desk__r2"
    assert plan(parse_suite(TWO_SITES)) == items[:5]


def test_plan_runs_the_goals_of_a_site_and_persona_one_after_another() -> None:
    """The later goals then read the pages the earlier ones read (the site model)."""
    suite = parse_suite(TWO_SITES.replace("sites: [beta], personas: [phone]", "sites: [alpha]"))
    assert [(i.site, i.persona, i.journey) for i in plan(suite)] == [
        ("alpha", "desk", "find-phone"), ("alpha", "desk", "sign-up"), ("alpha", "phone", "find-phone"),
        ("alpha", "phone", "sign-up"), ("beta", "desk", "find-phone"), ("beta", "phone", "find-phone")]


def test_a_work_item_runs_from_the_suite_alone_in_another_process() -> None:
    """Both travel by pickle (as to a worker process); the item finds its specs in the suite."""
    suite, item = pickle.loads(pickle.dumps((parse_suite(TWO_SITES), WorkItem("beta", "sign-up", "phone", 1))))
    site, journey, persona = item.specs(suite)
    assert (site.name, journey.goal, persona.device) == ("Beta", "sign-up", "mobile")
    evidence = JourneyEvidence(id=journey.id, goal=journey.goal, site=site.id, persona=persona.id, repeat=1)
    assert evidence.key == item.key


def test_the_serial_executor_is_registered_by_id() -> None:
    assert EXECUTORS.get("serial") is SerialExecutor
    assert EXECUTORS.group == "friction.executors"


@pytest.mark.browser
def test_each_journey_is_saved_atomically_as_it_ends_and_judged_once(
    fixture_site: Zoo, browser: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    suite = parse_suite(FIXTURE.format(url=fixture_site.url("fixture")))
    out = tmp_path / "run"
    judged: list[str] = []
    synced: list[int] = []
    judge_journey, fsync = pipeline.judge_journey, os.fsync

    def judge(evidence: JourneyEvidence) -> JourneyResult:
        """Called as each journey ends: by then it is saved whole, and the run's report is not yet written."""
        saved = out / RunDir.journey_file(evidence.key)
        assert JourneyEvidence.model_validate_json(saved.read_text()) == evidence
        assert not list(out.rglob("*.tmp")) and not list((out / "partial").iterdir())
        assert not (out / "result.json").exists(), "the run's report is assembled once, at the end"
        judged.append(evidence.key)
        return judge_journey(evidence)

    monkeypatch.setattr(pipeline, "judge_journey", judge)
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or fsync(fd))
    told: list[tuple[str, str | None]] = []
    result = pipeline.run_suite(suite, out, lambda label, j: told.append((label, j and j.outcome)),
                                browser=browser, runs=2)  # type: ignore[arg-type]
    keys = [i.key for i in plan(suite, 2)]
    assert judged == keys, "each journey judged exactly once, as it ends"
    assert told[:2] == [("fixture-co about [desk] run 1/2", None), ("fixture-co about [desk] run 1/2", "reached")]
    written = [p for p in out.rglob("*") if p.is_file() and p.parent.name != "partial"]
    assert len(synced) >= len(written), "every file is fsynced: manifest, journeys, screenshots, snapshots, reports"
    manifest = json.loads((out / EVIDENCE).read_text())
    assert [j["file"] for j in manifest["journeys"]] == [RunDir.journey_file(k) for k in keys]
    assert "steps" not in json.dumps(manifest), "the manifest holds no evidence itself"
    assert [(j.id, j.outcome, len(j.repeats)) for j in result.journeys] == [("about", "reached", 2),
                                                                          ("home", "reached", 2)]

    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    for name in ("result.json", "report.html", "junit.xml", "summary.md"):
        (copy / name).unlink()
    assert main(["report", str(copy)]) == 0
    assert json.loads((copy / "result.json").read_text()) == json.loads((out / "result.json").read_text())


@pytest.mark.parametrize("name", ["frictions", "skyway-demo"])
def test_the_single_file_layout_still_loads_and_judges_like_the_new_one(name: str, tmp_path: Path) -> None:
    old = DATA / "runs" / name
    assert "file" not in json.loads((old / EVIDENCE).read_text())["journeys"][0], "an old run folder"
    meta, journeys = load_evidence(old)
    assert journeys and all(j.steps for j in journeys)
    items = [WorkItem(j.site, j.id, j.persona, j.repeat) for j in journeys]
    run = RunDir(tmp_path / name)
    run.write_manifest(meta, items)
    for journey in journeys:
        run.save_journey(journey)
    again = load_evidence(run.root)
    assert again == (meta, journeys)
    assert judge_run(*again) == judge_run(meta, journeys)


def test_a_journey_saved_just_before_a_crash_is_not_also_read_from_its_step_log(tmp_path: Path) -> None:
    item = WorkItem("s", "j", "p")
    run = RunDir(tmp_path)
    run.write_manifest({"suite": "s", "sites": []}, [item])
    evidence = JourneyEvidence(id="j", goal="sign-up", site="s", persona="p", outcome="reached")
    run.start_journey(evidence)
    run.append_step(evidence.key, StepRecord(index=0, action="goto"))
    assert [j.outcome for j in load_evidence(tmp_path)[1]] == ["failed"], "cut short: read from its step log"
    (tmp_path / RunDir.journey_file(evidence.key)).write_text(evidence.model_dump_json())
    assert [j.outcome for j in load_evidence(tmp_path)[1]] == ["reached"]


def test_many_journeys_are_judged_side_by_side_exactly_as_one_after_the_other(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rejudge, "PARALLEL_FROM_BYTES", {"fork": 0, "spawn": 0})
    meta, journeys = load_evidence(DATA / "runs" / "frictions")
    copies = [j.model_copy(update={"site": f"{j.site}-{n}"}) for n in range(6) for j in journeys]
    run = RunDir(tmp_path)
    sites = [{"id": s, "name": s, "start_url": "http://127.0.0.1:9/"} for s in dict.fromkeys(j.site for j in copies)]
    broken = WorkItem("gone", "find-phone", "new-desktop")
    run.write_manifest({**meta, "sites": sites}, [*(WorkItem(j.site, j.id, j.persona) for j in copies), broken])
    for journey in copies:
        run.save_journey(journey)
    (tmp_path / RunDir.journey_file(broken.key)).write_text("{not json")
    one, two = evaluate(tmp_path, workers=1), evaluate(tmp_path, workers=2)
    assert two == one and len(one.journeys) == len(copies)
    assert [j.site for j in two.journeys] == [j.site for j in copies], "in plan order"
    assert len(two.skipped) == 1 and "gone__find-phone" in two.skipped[0]
