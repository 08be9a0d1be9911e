"""Judge saved evidence: effort, detectors, score and story for each journey; then the run."""

from __future__ import annotations

from typing import Any

from audits import __version__
from audits.judge.asymmetry import asymmetries, leaving
from audits.judge.detectors import run_detectors
from audits.judge.metrics import effort
from audits.judge.scoring import audited_score, journey_score, run_score
from audits.judge.story import tell
from audits.judge.verdict import judged
from audits.model import JourneyEvidence, JourneyResult, RunResult, SiteInfo
from audits.vocab import audited

SEVERITY_ORDER = {"critical": 0, "major": 1, "minor": 2, "info": 3}


def _step_summary(evidence: JourneyEvidence) -> list[dict[str, Any]]:
    return [
        {"index": s.index, "action": s.action, "target": s.target, "url": s.url, "title": s.title,
         "ok": s.ok, "error": s.error, "screenshot": s.screenshot, "shot_box": s.shot_box,
         "html": s.html, "ms": s.ms, "note": s.note, "backtrack": s.backtrack,
         **({"refused": s.refused} if s.refused else {})}  # what the egress policy refused, when it did
        for s in evidence.steps
    ]


def judge_journey(recorded: JourneyEvidence) -> JourneyResult:
    """One journey's verdict (decided here, from what it saw), effort, findings (failures first), score and story."""
    evidence = judged(recorded)
    spent = effort(evidence)
    # A journey that never saw the site has nothing to say about it: no findings.
    found = run_detectors(evidence) if audited(evidence.outcome) else []
    findings = sorted(found, key=lambda f: (f.passed, f.error, SEVERITY_ORDER[f.severity], f.id))
    return JourneyResult(
        id=evidence.id, goal=evidence.goal, persona=evidence.persona, site=evidence.site,
        device=evidence.device, kind=evidence.kind, outcome=evidence.outcome,
        reason=evidence.reason, reason_detail=evidence.reason_detail,
        target_url=evidence.target_url, effort=spent,
        score=journey_score(evidence.outcome, findings, spent),
        phones=evidence.phones, channels=evidence.channels, gates=evidence.gates,
        coverage=evidence.coverage, findings=findings, steps=_step_summary(evidence),
        story=tell(evidence, spent, findings),
        completion=evidence.sightings.completion if evidence.sightings else None,
        persona_kind=evidence.persona_kind, leaving=leaving(evidence),
        artifacts=evidence.artifacts,
    )


def judge_run(meta: dict[str, Any], journeys: list[JourneyEvidence]) -> RunResult:
    """The whole run, in the `result.json` shape."""
    return assemble(meta, [judge_journey(j) for j in journeys])


def assemble(meta: dict[str, Any], results: list[JourneyResult]) -> RunResult:
    """The run's result from its meta and its journeys, each judged already: site scores and the headline."""
    sites = [SiteInfo.model_validate(s) for s in meta.get("sites", [])]
    for site in sites:
        site.score = audited_score([r for r in results if r.site == site.id])
    asymmetry = asymmetries(results)
    for line in asymmetry:  # the cancel journey's story ends with what leaving cost beside joining
        for journey in results:
            if line.said and journey.site == line.site and journey.leaving is not None:
                journey.story = f"{journey.story} {line.said}."
    first = sites[0] if sites else SiteInfo(name=meta.get("suite", ""), start_url="")
    headline = SiteInfo(id=first.id, name=meta.get("suite") or first.name, start_url=first.start_url)
    return RunResult(
        tool_version=__version__, started_at=meta.get("started_at", ""), site=headline,
        sites=sites, score=run_score(results), journeys=results,
        suite=meta.get("suite", ""), assertions=meta.get("assertions", {}),
        skipped=meta.get("skipped", []), asymmetry=asymmetry,
    )
