"""Pages that break on the way (loops, resets, refused ports, 5xx) are gaps and failures, never an `absent`."""

from __future__ import annotations

from pathlib import Path

from audits.demo.server import Zoo
from audits.run.pipeline import audit


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
