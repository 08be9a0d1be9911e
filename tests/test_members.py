"""Existing customers in Chromium against the zoo: signing in (good and bad credentials) and cancelling,
with what leaving cost beside joining."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from audits.demo.server import Zoo
from audits.model import RunResult
from audits.run.pipeline import run_suite
from audits.scenario import parse_suite

MEMBER = {"email": "jordan@example.com", "password": "Streamly-Member-2026"}


def member_suite(zoo: Zoo, journeys: str, password_env: str = "ZOO_PASSWORD") -> str:
    return (f"site: {{name: Streamly, start_url: '{zoo.url('streamly')}'}}\n"
            "personas:\n  - {id: new-desktop}\n"
            f"  - {{id: member, kind: existing-customer, credentials: {{email: '${{ZOO_EMAIL}}', "
            f"password: '${{{password_env}}}'}}}}\n"
            f"journeys:\n{journeys}")


@pytest.fixture(scope="module")
def leaving(zoo: Zoo, _chromium: list[Browser], tmp_path_factory: pytest.TempPathFactory) -> tuple[RunResult, Path]:
    """A new customer signs up (the form sent), the member cancels (the final button pressed)."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("ZOO_EMAIL", MEMBER["email"])
        env.setenv("ZOO_PASSWORD", MEMBER["password"])
        text = member_suite(zoo, "  - {goal: sign-up, personas: [new-desktop], submit: true}\n"
                                 "  - {goal: cancel, personas: [member], submit: true}\n"
                                 "  - {goal: find-phone}\n")
        out = tmp_path_factory.mktemp("members") / "run"
        return run_suite(parse_suite(text, "members.yaml"), out, browser=_chromium[0]), out


def test_the_member_signs_in_then_cancels(leaving: tuple[RunResult, Path]) -> None:
    cancel = next(j for j in leaving[0].journeys if j.goal == "cancel")
    assert cancel.outcome == "reached" and cancel.completion is not None
    assert cancel.completion.result == "cancelled"
    assert cancel.leaving is not None and cancel.leaving.offers == 4 and cancel.leaving.pages == 7


def test_leaving_beside_joining(leaving: tuple[RunResult, Path]) -> None:
    (line,) = leaving[0].asymmetry
    assert line.leaving is not None and line.joining_clicks == 2 and line.leaving.clicks == 8
    assert line.ratio == 4.0
    assert line.said == "Joining took 2 clicks; leaving took 8 clicks, 7 pages and 4 'Are you sure?' offers"
    cancel = next(j for j in leaving[0].journeys if j.goal == "cancel")
    assert cancel.story.endswith(line.said + ".")
    assert set(line.by_goal["find-phone"]) == {"new-customer", "existing-customer"}


def test_no_artifact_shows_the_member_credentials(leaving: tuple[RunResult, Path]) -> None:
    files = [p for p in leaving[1].rglob("*") if p.is_file() and p.suffix not in (".jpg", ".png")]
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert MEMBER["password"] not in text and MEMBER["email"] not in text, f"a credential in {path}"


def test_wrong_credentials_are_named(zoo: Zoo, browser: Browser, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZOO_EMAIL", MEMBER["email"])
    monkeypatch.setenv("ZOO_WRONG", "not-the-password-1")
    text = member_suite(zoo, "  - {goal: cancel, personas: [member]}\n", "ZOO_WRONG")
    (journey,) = run_suite(parse_suite(text, "x.yaml"), tmp_path / "run", browser=browser).journeys
    assert (journey.outcome, journey.reason) == ("failed", "wrong-credentials")
    assert "don't match our records" in journey.reason_detail
