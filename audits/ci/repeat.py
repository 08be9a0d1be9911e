"""Repeated runs (`--runs N`): one journey result from N, with median effort and majority outcome.

A journey whose outcome differs between runs is flaky: it keeps the majority outcome (the worse
one on a tie), is marked `flaky` and lists every run in `repeats`, so reports say so and the
gate does not fail the build on noise.
"""

from __future__ import annotations

import statistics
from collections import Counter

from audits.judge.scoring import audited_score, run_score
from audits.model import Effort, JourneyResult, RepeatSample, RunResult
from audits.vocab import audited, rank

Key = tuple[str, str, str]


def _key(journey: JourneyResult) -> Key:
    return (journey.site, journey.id, journey.persona)


def majority(outcomes: list[str]) -> str:
    """The most frequent outcome of the runs that reached the site; on a tie, the worse one."""
    counts = Counter([o for o in outcomes if audited(o)] or outcomes)
    return max(counts, key=lambda o: (counts[o], rank(o)))


def median_effort(efforts: list[Effort]) -> Effort:
    values = {}
    for name, field in Effort.model_fields.items():
        middle = statistics.median(getattr(e, name) for e in efforts)
        values[name] = round(middle) if field.annotation in (int, "int") else round(middle, 1)
    return Effort.model_validate(values)


def combine(runs: list[JourneyResult]) -> JourneyResult:
    """One journey from its repeated runs: the run closest to the median stands for the rest."""
    if len(runs) == 1:
        return runs[0]
    outcome = majority([j.outcome for j in runs])
    effort = median_effort([j.effort for j in runs])
    typical = [j for j in runs if j.outcome == outcome]
    chosen = min(typical, key=lambda j: (abs(j.effort.clicks - effort.clicks),
                                         abs(j.effort.human_seconds - effort.human_seconds)))
    combined = chosen.model_copy(deep=True)
    combined.effort = effort
    combined.score = round(statistics.median(j.score for j in runs))
    combined.flaky = len({j.outcome for j in runs}) > 1
    combined.repeats = [RepeatSample(outcome=j.outcome, reason=j.reason, score=j.score, effort=j.effort)
                        for j in runs]
    return combined


def aggregate(result: RunResult) -> RunResult:
    """Fold repeated journey results (same site, journey and persona) into one each; rescore sites."""
    groups: dict[Key, list[JourneyResult]] = {}
    for journey in result.journeys:
        groups.setdefault(_key(journey), []).append(journey)
    runs = max((len(g) for g in groups.values()), default=1)
    if runs == 1:
        return result
    journeys = [combine(group) for group in groups.values()]
    for site in result.sites:
        site.score = audited_score([j for j in journeys if j.site == site.id])
    return result.model_copy(update={"journeys": journeys, "runs": runs, "score": run_score(journeys)})
