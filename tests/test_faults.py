"""Pages that break on the way (loops, resets, refused ports, 5xx) are gaps and failures, never an `absent`."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from audits.demo.server import Zoo
from audits.gather.faults import server_down
from audits.run.pipeline import audit
from tests.conftest import RunText


def test_broken_ways_to_the_goal_are_never_an_absent_site(tmp_path: Path, browser: object,
                                                          fixture_site: Zoo) -> None:
    result = audit(fixture_site.url("faultyco"), tmp_path / "run", ["find-phone", "reach-support"],
                   ["new-desktop"], browser=browser)  # type: ignore[arg-type]
    for journey in result.journeys:
        assert journey.outcome in ("failed", "not-found"), (journey.id, journey.outcome, journey.reason_detail)
        assert journey.coverage is not None and not journey.coverage.complete
        failed = {gap.url.rsplit("/", 1)[-1]: gap.detail for gap in journey.coverage.gaps if gap.kind == "load-failed"}
        assert set(failed) >= {"contact", "support", "help", "phone"}, failed
        assert "ERR_TOO_MANY_REDIRECTS" in failed["contact"]
        assert "HTTP 503" in failed["help"]
        assert "net::ERR_" in failed["support"] and "net::ERR_CONNECTION_REFUSED" in failed["phone"]
        steps = {s["target"]: s for s in journey.steps if s["action"] == "click"}
        assert all(not steps[name]["ok"] for name in ("Contact us", "Customer support", "Help centre", "Call us")
                   if name in steps)


def test_invalid_unicode_and_terminal_escapes_from_a_page_are_kept_safely(
        run_text: RunText, fixture_site: Zoo, tmp_path: Path) -> None:
    """A lone surrogate in a title once made result.json unwritable and stopped the run."""
    result = run_text(f"site: {{name: F, start_url: '{fixture_site.url('fixture')}'}}\n"
                      "personas: [{id: new-desktop}]\njourneys:\n  - id: strange\n    goal: find-phone\n"
                      "    steps: [goto: /strange, screenshot: here]\n  - goal: find-phone\n")
    assert result.journeys[0].outcome == "reached"
    title = result.journeys[0].steps[0]["title"]
    assert "\ufffd" in title and "\x1b" not in title
    for name in ("result.json", "report.html", "junit.xml", "summary.md"):
        text = (tmp_path / "run" / name).read_bytes().decode("utf-8")  # valid UTF-8 throughout
        assert "\x1b" not in text and "\x07" not in text


def test_a_page_that_never_answers_ends_in_a_timeout_and_the_suite_goes_on(
        run_text: RunText, fixture_site: Zoo) -> None:
    """A busy loop hangs every call into the page; the watchdog stops the browser past the budget."""
    started = time.monotonic()
    result = run_text(f"site: {{name: F, start_url: '{fixture_site.url('fixture')}'}}\n"
                      "personas: [{id: new-desktop}]\njourneys:\n"
                      "  - {id: busy, goal: find-phone, budget: {seconds: 3}, steps: [goto: /busy, wait_for: {ms: 800},"
                      " expect: {text: Busy}]}\n"
                      "  - {id: after, goal: find-phone, steps: [goto: /about]}\n")
    busy, after = result.journeys
    assert (busy.outcome, busy.reason) == ("failed", "timeout")
    assert "stopped answering" in busy.reason_detail
    assert time.monotonic() - started < 60
    assert after.outcome == "reached"  # a new browser took over


@pytest.mark.parametrize(("error", "down"), [
    ("Page.goto: net::ERR_NAME_NOT_RESOLVED at https://help.example.test/", True),
    ("the browser could not load the page behind “Help”: net::ERR_CONNECTION_REFUSED", True),
    ("Page.goto: net::ERR_CONNECTION_TIMED_OUT at https://help.example.test/", True),
    ("the browser could not load the page behind “Help”: net::ERR_UNSAFE_PORT", True),
    ("Page.goto: net::ERR_TIMED_OUT at https://help.example.test/slow", False),  # one slow page, not the server
    ("HTTP 503 from https://help.example.test/", False),
    ("net::ERR_CONNECTION_RESET", False),
    (None, False),
])
def test_only_a_connection_that_could_not_be_made_stands_for_the_whole_server(error: str | None, down: bool) -> None:
    assert server_down(error) is down
