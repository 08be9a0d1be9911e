"""Judging a run folder's saved evidence again: each journey read and judged on its own, side by side when many."""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from audits.judge import judge_journey
from audits.model import JourneyResult
from audits.run.rundir import Source, load_evidence, read_source, sources

# Below this many journeys, starting processes costs more than judging side by side saves.
PARALLEL_FROM = 32
# Work items per process: small enough that one slow journey does not hold the others back.
CHUNKS_PER_WORKER = 4


def judged(out: str | Path, workers: int = 1) -> tuple[dict[str, Any], list[JourneyResult]]:
    """The run's meta and every journey judged from its evidence, in `load_evidence`'s order.

    With `workers` > 1 and many journeys, that many processes read and judge them (reading the
    evidence is most of the cost); the journeys' order and the `skipped` notes are the same.
    """
    meta, found, skipped = sources(out)
    if not meta.get("sites"):  # the manifest is lost: the sites are read off the journeys themselves
        meta, journeys = load_evidence(out)
        return meta, [judge_journey(j) for j in journeys]
    if workers > 1 and len(found) >= PARALLEL_FROM:
        parts = _side_by_side(Path(out), found, workers)
    else:
        parts = [_judge(Path(out), found)]
    results = [result for done, _ in parts for result in done]
    skipped += [note for _, notes in parts for note in notes]
    if skipped:
        meta["skipped"] = skipped
    return meta, results


def _side_by_side(out: Path, found: list[Source], workers: int) -> list[tuple[list[JourneyResult], list[str]]]:
    size = max(1, -(-len(found) // (workers * CHUNKS_PER_WORKER)))
    chunks = [found[at:at + size] for at in range(0, len(found), size)]
    # A copy of this process starts at once; with other threads running (a browser's), a fresh one is safer.
    method = "fork" if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
        return list(pool.map(_judge, [out] * len(chunks), chunks))


def _judge(out: Path, found: list[Source]) -> tuple[list[JourneyResult], list[str]]:
    skipped: list[str] = []
    return [judge_journey(j) for source in found if (j := read_source(out, source, skipped)) is not None], skipped
