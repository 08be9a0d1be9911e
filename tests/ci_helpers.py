"""Small builders of results for the CI gate's unit tests (no browser)."""

from __future__ import annotations

from typing import Any

from audits.model import Effort, Finding, JourneyResult, Phone, RunResult, SiteInfo


def journey(id: str = "find-phone", persona: str = "new-desktop", outcome: str = "reached", *,
            goal: str | None = None, site: str = "acme", reason: str | None = None, score: int = 100,
            findings: list[str | tuple[str, str]] | None = None, phones: list[str] | None = None,
            **effort: Any) -> JourneyResult:
    """A judged journey; `findings` are failing finding ids (or (id, severity)); effort as keywords."""
    made = []
    for item in findings or []:
        fid, severity = item if isinstance(item, tuple) else (item, "major")
        made.append(Finding(id=fid, passed=False, severity=severity, title=f"{fid} title"))  # type: ignore[arg-type]
    return JourneyResult(
        id=id, goal=goal or id, persona=persona, site=site, outcome=outcome, reason=reason,  # type: ignore[arg-type]
        score=score, effort=Effort(**effort), findings=made,
        phones=[Phone(e164=p, display=p) for p in phones or []],
    )


def result(*journeys: JourneyResult, assertions: dict[str, Any] | None = None,
           started_at: str = "2026-11-23T10:00:00Z") -> RunResult:
    return RunResult(tool_version="0.1.0", started_at=started_at,
                     site=SiteInfo(id="acme", name="Acme", start_url="http://127.0.0.1/"),
                     sites=[SiteInfo(id="acme", name="Acme", start_url="http://127.0.0.1/")],
                     journeys=list(journeys), assertions=assertions or {})
