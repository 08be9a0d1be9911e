"""Shared fixtures: the zoo and fixture sites on 127.0.0.1, one Chromium per test worker."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from audits.demo.server import ZOO, Zoo, serve
from audits.gather.browser import launch, relaunch
from audits.model import JourneyEvidence, RunResult
from audits.run.pipeline import run_suite
from audits.scenario import parse_suite

FIXTURE_SITES = Path(__file__).parent / "sites"
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def zoo() -> Iterator[Zoo]:
    """Every demo company, each on a free port."""
    with serve(ZOO) as served:
        yield served


@pytest.fixture(scope="session")
def fixture_site() -> Iterator[Zoo]:
    """Small sites that misbehave on purpose: 500s, redirect loops, hangs, JS errors, popups."""
    with serve(FIXTURE_SITES) as served:
        yield served


@pytest.fixture(scope="session")
def _chromium() -> Iterator[list[Browser]]:
    with launch() as chromium:
        yield [chromium]


@pytest.fixture
def browser(_chromium: list[Browser]) -> Browser:
    """One Chromium per test worker; a new one when a journey's watchdog stopped the last."""
    if not _chromium[0].is_connected():
        _chromium[0] = relaunch(_chromium[0])
    return _chromium[0]


RunText = Callable[..., RunResult]


@pytest.fixture
def run_text(tmp_path: Path, browser: object) -> RunText:
    """Run suite YAML text (with {name} placeholders filled from keyword arguments)."""

    def run(text: str, **values: str) -> RunResult:
        suite = parse_suite(text.format(**values) if values else text, "test-suite.yaml")
        return run_suite(suite, tmp_path / "run", browser=browser)  # type: ignore[arg-type]

    return run


@pytest.fixture(autouse=True)
def absent_is_always_a_proof(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every verdict the judge gives in any test is checked against the `absent`-is-a-proof property."""
    from audits.judge import verdict
    from tests.properties import absent_is_a_proof

    decide = verdict.decide

    def checked(evidence: JourneyEvidence) -> verdict.Verdict:
        decided = decide(evidence)
        absent_is_a_proof(evidence, decided)
        return decided

    monkeypatch.setattr(verdict, "decide", checked)
