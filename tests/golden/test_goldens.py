"""Every reporter's output on saved evidence matches its golden file (volatile fields normalised)."""

from __future__ import annotations

from pathlib import Path

import pytest

from audits.judge import judge_run
from audits.model import RunResult
from audits.reporters import REPORTERS, load_builtins
from audits.run.rundir import load_evidence

RUNS = Path(__file__).parents[1] / "data" / "runs"
RUN_NAMES = sorted(p.parent.name for p in RUNS.glob("*/evidence.json"))
FORMATS = ("json", "html", "markdown", "junit")


def judged(name: str) -> RunResult:
    meta, journeys = load_evidence(RUNS / name)
    return judge_run(meta, journeys)


def test_there_is_saved_evidence() -> None:
    assert {"frictions", "skyway-demo"} <= set(RUN_NAMES)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("run", RUN_NAMES)
def test_report_matches_golden(run: str, fmt: str, golden) -> None:  # type: ignore[no-untyped-def]
    load_builtins()
    chosen = REPORTERS.get(fmt)
    golden(f"{run}/{chosen.filename}", chosen.render(judged(run)))


def test_rendering_is_deterministic() -> None:
    load_builtins()
    for fmt in FORMATS:
        render = REPORTERS.get(fmt).render
        assert render(judged("frictions")) == render(judged("frictions"))
