"""Goals as modules: the registry, what readers take from a Goal record, and a goal plugin run end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest

from audits import registry
from audits.demo.server import Zoo
from audits.goals import GOALS, Goal, goal_of
from audits.goals.sign_up import GOAL as SIGN_UP
from audits.journeys import JOURNEYS, journey_for
from audits.journeys.goal_seeking import navigate
from audits.judge.detectors import DETECTORS, families, load_builtins
from audits.model import JourneyEvidence
from audits.scenario import ScenarioError, parse_suite

PLUGINS = Path(__file__).parent / "plugins"
DOC = Path(__file__).parent.parent / "docs" / "goals.md"
BUILT_IN = ["cancel", "find-phone", "reach-support", "sign-in", "sign-up"]
SITE = "site: {name: A, start_url: 'http://127.0.0.1:9/'}\n"


def test_built_in_goals_register_from_their_own_modules() -> None:
    assert GOALS.names() == BUILT_IN
    for name in BUILT_IN:
        goal = GOALS.get(name)
        assert goal.id == name
        assert goal.observe.__module__ == f"audits.goals.{name.replace('-', '_')}"
        assert goal.scent_tables().phrases, "every built-in goal has scent in the lexicon"


def test_a_goal_plugin_that_is_no_goal_is_skipped(monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    class Point:
        name, value = "find-nothing", "elsewhere:thing"

        def load(self) -> object:
            return object()

    monkeypatch.setattr(registry, "entry_points", lambda group: [Point()])
    goals: registry.Registry[Goal] = registry.Registry("goal", "friction.goals", accepts=Goal)
    assert goals.names() == []
    said = "skipped goal plugin 'find-nothing' (elsewhere:thing): it gave 'object', not a Goal"
    assert said in capsys.readouterr().err


def test_the_navigator_seeks_any_registered_goal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(GOALS, "_items", {**GOALS._items, "sign-up-again": SIGN_UP})
    suite = parse_suite(f"{SITE}journeys:\n  - goal: sign-up-again\n  - goal: sign-up\n    steps: [goto: /]\n")
    goal_seeking, scripted = suite.journeys
    assert journey_for(goal_seeking) is navigate
    assert journey_for(scripted) is JOURNEYS.get("scripted")


def test_a_script_may_name_a_goal_of_its_own() -> None:
    assert goal_of("update-card") is None
    suite = parse_suite(f"{SITE}journeys:\n  - goal: update-card\n    steps: [goto: /]\n", "s.yaml")
    assert suite.journeys[0].goal == "update-card"


def test_a_goal_seeking_journey_needs_a_registered_goal() -> None:
    with pytest.raises(ScenarioError) as raised:
        parse_suite(f"{SITE}journeys:\n  - goal: unsubscribe\n", "s.yaml")
    assert "expected one of cancel, find-phone, reach-support, sign-in, sign-up" in str(raised.value)


@pytest.mark.parametrize(("goal", "kind", "judged"), [
    ("find-phone", "goal", {"phone-not-found", "phone-not-clickable", "faq-deflection"}),
    ("reach-support", "goal", {"phone-not-clickable", "chat-only", "faq-deflection", "form-loop"}),
    ("sign-up", "goal", {"excess-required-fields", "form-loop"}),
    ("sign-up", "scripted", {"phone-not-clickable", "excess-required-fields", "form-loop"}),
    ("update-card", "scripted", {"phone-not-clickable", "excess-required-fields", "form-loop"}),
])
def test_goal_bound_detectors_judge_the_goals_that_list_their_family(goal: str, kind: str, judged: set[str]) -> None:
    load_builtins()
    evidence = JourneyEvidence(id=goal, goal=goal, kind=kind)  # type: ignore[arg-type]
    bound = {name for name, found in DETECTORS.items() if found.family}
    applies = {name for name in bound if DETECTORS.get(name).family in families(evidence)}
    assert judged <= applies
    assert not (bound - applies) & judged


def test_the_cli_reads_goals_only_when_a_journey_is_checked() -> None:
    """Building the parser (every command, --help) imports no goal; checking --journey does."""
    probe = ("import sys; from audits import cli; p = cli.parser(); before = 'audits.goals.find_phone' in sys.modules; "
             "p.parse_args(['audit', 'http://127.0.0.1:9/', '--journey', 'sign-up']); "
             "print(before, 'audits.goals.find_phone' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert run.stdout.split() == ["False", "True"], run.stderr


def test_docs_describe_every_field_of_the_goal_record() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert [f.name for f in fields(Goal) if f"    {f.name}: " not in text] == []


def install(plugin: str, group: str, entry: str, into: Path) -> dict[str, str]:
    """Install a plugin from tests/plugins by its entry point alone: a dist-info beside it on the path."""
    info = into / f"{plugin}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {plugin}\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[{group}]\n{entry}\n", encoding="utf-8")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(into), str(PLUGINS)])}


@pytest.mark.browser
def test_a_goal_plugin_runs_end_to_end(tmp_path: Path, fixture_site: Zoo) -> None:
    env = install("pricing_goal", "friction.goals", "find-pricing = pricing_goal:GOAL", tmp_path / "site")
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "audits", "audit", fixture_site.url("pricingco"), "--journey", "find-pricing",
         "--persona", "new-desktop", "--out", str(out), "--no-store"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300,
    )
    assert run.returncode == 0, run.stderr
    journey = json.loads((out / "result.json").read_text(encoding="utf-8"))["journeys"][0]
    assert (journey["goal"], journey["outcome"], journey["effort"]["clicks"]) == ("find-pricing", "reached", 1)
    assert journey["target_url"].endswith("/pricing")
    said = "Tried to find the prices as a new customer. It worked, ending on the pricing page."
    assert journey["story"].startswith(said)
