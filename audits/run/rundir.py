"""The run directory on disk: evidence saved as it is produced, and read back for re-judging.

Layout: `evidence.json` is the manifest (the run's meta and, in plan order, the journey files the
run writes); `journeys/<key>.json` holds one finished journey each; `partial/<key>.jsonl` logs a
journey's steps while it runs. Runs made before one file per journey kept every journey inline in
`evidence.json`; `load_evidence` reads both layouts.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audits import __version__
from audits.model import SCHEMA_VERSION, JourneyEvidence, StepRecord

if TYPE_CHECKING:
    from audits.run.plan import WorkItem

EVIDENCE = "evidence.json"
JOURNEYS = "journeys"
PARTIAL = "partial"


def safe_name(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", key).strip("-")


def write_atomic(path: Path, text: str) -> None:
    """Write, flush to disk, then rename into place: a reader sees the old file or the whole new one."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    os.replace(tmp, path)


class RunDir:
    """A folder holding the manifest, journeys/, partial/, screens/, html/ and the reports."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        for sub in ("screens", "html", PARTIAL, JOURNEYS):
            (self.root / sub).mkdir(parents=True, exist_ok=True)

    def write_manifest(self, meta: dict[str, Any], items: Sequence[WorkItem]) -> dict[str, Any]:
        """Start a run: its meta and the journey files its plan will write; returns the meta as saved."""
        meta = {"schema_version": SCHEMA_VERSION, "tool_version": __version__, **meta}
        entries = [{"key": item.key, "file": self.journey_file(item.key), "site": item.site,
                    "journey": item.journey, "persona": item.persona, "repeat": item.repeat} for item in items]
        write_atomic(self.root / EVIDENCE, json.dumps({**meta, "journeys": entries}, indent=1))
        return meta

    @staticmethod
    def journey_file(key: str) -> str:
        return f"{JOURNEYS}/{safe_name(key)}.json"

    def screen_path(self, key: str, index: int) -> tuple[Path, str]:
        relative = f"screens/{safe_name(key)}-{index}.jpg"
        return self.root / relative, relative

    def save_html(self, key: str, index: int, html: str) -> str:
        relative = f"html/{safe_name(key)}-{index}.html"
        (self.root / relative).write_text(html, encoding="utf-8")
        return relative

    def _log(self, key: str) -> Path:
        return self.root / PARTIAL / f"{safe_name(key)}.jsonl"

    def start_journey(self, evidence: JourneyEvidence) -> None:
        """Open the journey's step log with its header (who, what, where)."""
        header = evidence.model_dump(mode="json", exclude={"steps"})
        self._log(evidence.key).write_text(json.dumps(header) + "\n", encoding="utf-8")

    def append_step(self, key: str, step: StepRecord) -> None:
        """Log a step the moment it is done, so a crash loses nothing already recorded."""
        with self._log(key).open("a", encoding="utf-8") as log:
            log.write(json.dumps(step.to_dict()) + "\n")

    def save_journey(self, evidence: JourneyEvidence) -> None:
        """Save a finished journey to its own file, then drop its partial step log."""
        write_atomic(self.root / self.journey_file(evidence.key), json.dumps(evidence.to_dict(), indent=1))
        self._log(evidence.key).unlink(missing_ok=True)

    def is_saved(self, key: str) -> bool:
        """Whether the journey `key` finished and was saved (a resumed run skips it)."""
        return (self.root / self.journey_file(key)).is_file()

    def is_started(self, key: str) -> bool:
        """Whether the journey `key` started (its step log is open) or already finished."""
        return self._log(key).is_file() or self.is_saved(key)

    def load_journey(self, key: str) -> JourneyEvidence:
        return JourneyEvidence.model_validate_json((self.root / self.journey_file(key)).read_text(encoding="utf-8"))

    def interrupted(self, key: str, detail: str) -> JourneyEvidence:
        """Save, as failed/crash, a journey whose process died mid-way: the steps its log kept and why."""
        log = self._log(key)
        if not log.is_file():
            raise RuntimeError(f"{key}: {detail}, before the journey logged anything")
        evidence = _interrupted(log)
        evidence.reason_detail = f"{detail}; the steps up to then are kept"
        self.save_journey(evidence)
        return evidence


def load_evidence(root: str | Path) -> tuple[dict[str, Any], list[JourneyEvidence]]:
    """Read a run directory back: finished journeys in plan order, then any cut short by a crash."""
    root = Path(root)
    path = root / EVIDENCE
    if not path.is_file():
        raise FileNotFoundError(f"{root}: no {EVIDENCE} here; expected a run directory made by `friction run`")
    data = json.loads(path.read_text(encoding="utf-8"))
    journeys = [j for entry in data.pop("journeys", []) if (j := _finished(root, entry)) is not None]
    for log in sorted((root / PARTIAL).glob("*.jsonl")):
        if not (root / RunDir.journey_file(log.stem)).is_file():  # saved just before the crash
            journeys.append(_interrupted(log))
    return data, journeys


def _finished(root: Path, entry: dict[str, Any]) -> JourneyEvidence | None:
    """A manifest entry's journey, if it finished; the old layout's entries are the journeys themselves."""
    if "file" not in entry:
        return JourneyEvidence.model_validate(entry)
    path = root / entry["file"]
    return JourneyEvidence.model_validate_json(path.read_text(encoding="utf-8")) if path.is_file() else None


def _interrupted(log: Path) -> JourneyEvidence:
    header, *lines = [line for line in log.read_text(encoding="utf-8").splitlines() if line]
    evidence = JourneyEvidence.model_validate_json(header)
    evidence.steps = [StepRecord.model_validate_json(line) for line in lines]
    evidence.outcome, evidence.reason = "failed", "crash"
    evidence.reason_detail = "the run stopped before this journey finished; the steps up to then are kept"
    return evidence
