"""The shared vocabulary is complete and every part speaks it: outcomes, reasons, gates, step actions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

from audits.facts import lexicon
from audits.gather.actions import ACTIONS
from audits.judge.detectors.gates import GATES as GATE_DETECTORS
from audits.model import JourneyEvidence
from audits.run.rundir import load_evidence
from audits.vocab import GATES, OUTCOMES, REASONS, STEP_ACTIONS, TONES, GateKind, Outcome, rank, reasons_for

DATA = Path(__file__).parent / "data"


def test_static_types_match_the_tables() -> None:
    assert get_args(Outcome) == tuple(OUTCOMES)
    assert get_args(GateKind) == tuple(GATES)


def test_outcomes_have_distinct_ranks_known_tones_and_reasons() -> None:
    assert sorted(o.rank for o in OUTCOMES.values()) == list(range(len(OUTCOMES)))
    assert rank("reached") < rank("gated") < rank("failed") < rank("no-such-outcome")
    assert all(o.tone in TONES for o in OUTCOMES.values())
    assert reasons_for("reached") == ()
    assert all(reasons_for(o) for o in OUTCOMES if o != "reached")
    assert all(r.outcome in OUTCOMES and r.said for r in REASONS.values())


def test_every_gate_kind_is_a_gated_reason_and_has_a_detector() -> None:
    assert reasons_for("gated") == tuple(GATES)
    assert {spec.kind for spec in GATE_DETECTORS} == set(GATES)
    assert set(lexicon()["gates"]) <= set(GATES)


def test_every_step_action_is_in_the_vocabulary() -> None:
    assert set(ACTIONS.names()) <= set(STEP_ACTIONS)
    saved = [j for run in (DATA / "runs").glob("*/evidence.json") for j in load_evidence(run.parent)[1]]
    saved += [JourneyEvidence.model_validate(json.loads(p.read_text())["evidence"])
              for p in (DATA / "evidence").glob("*.json")]
    recorded = {step.action for journey in saved for step in journey.steps}
    assert {"goto", "click", "open-menu", "fill"} <= recorded <= set(STEP_ACTIONS)
