"""Judging a run folder's saved evidence again: each journey read and judged on its own, side by side when many."""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from audits.judge import judge_journey
from audits.model import JourneyResult
from audits.run.rundir import Source, read_all, read_source, sources

# Reading evidence is most of judging's cost (about 0.1 s a megabyte); below these sizes, starting
# processes costs more than judging side by side saves. A forked process starts at once; a spawned
# one (when other threads run: a fork would copy their locks) imports friction first, about 0.6 s.
PARALLEL_FROM_BYTES = {"fork": 8 * 2**20, "spawn": 64 * 2**20}
# Work items per process: small enough that one slow journey does not hold the others back.
CHUNKS_PER_WORKER = 4


def judged(out: str | Path, workers: int = 1) -> tuple[dict[str, Any], list[JourneyResult]]:
    """The run's meta and every journey judged from its evidence, in `load_evidence`'s order.

    With `workers` > 1 and much evidence, that many processes read and judge it (reading it is most
    of the cost); the journeys' order and the `skipped` notes are the same.
    """
    meta, found, skipped = sources(out)
    method = "fork" if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods() else "spawn"
    # Without the manifest's sites, they are read off the journeys themselves: one process reads them all.
    if workers < 2 or not meta.get("sites") or _size(Path(out), found) < PARALLEL_FROM_BYTES[method]:
        meta, journeys = read_all(out, meta, found, skipped)
        return meta, [judge_journey(j) for j in journeys]
    parts = _side_by_side(Path(out), found, workers, method)
    results = [result for done, _ in parts for result in done]
    skipped += [note for _, notes in parts for note in notes]
    if skipped:
        meta["skipped"] = skipped
    return meta, results


def _size(out: Path, found: list[Source]) -> int:
    """Bytes of the journey files among `found` (the rare old-layout entries and step logs left out)."""
    paths = [out / str(where) for kind, where in found if kind == "file"]
    return sum(path.stat().st_size for path in paths if path.is_file())


def _side_by_side(out: Path, found: list[Source], workers: int,
                  method: str) -> list[tuple[list[JourneyResult], list[str]]]:
    size = max(1, -(-len(found) // (workers * CHUNKS_PER_WORKER)))
    chunks = [found[at:at + size] for at in range(0, len(found), size)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
        return list(pool.map(_judge, [out] * len(chunks), chunks))


def _judge(out: Path, found: list[Source]) -> tuple[list[JourneyResult], list[str]]:
    skipped: list[str] = []
    return [judge_journey(j) for source in found if (j := read_source(out, source, skipped)) is not None], skipped
