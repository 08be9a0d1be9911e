"""The run directory on disk: evidence saved as it is produced, and read back for re-judging."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from audits import __version__
from audits.model import SCHEMA_VERSION, JourneyEvidence, StepRecord

EVIDENCE = "evidence.json"
PARTIAL = "partial"


def safe_name(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", key).strip("-")


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class RunDir:
    """A folder holding evidence.json, screens/, html/ and the reports."""

    def __init__(self, root: str | Path, meta: dict[str, Any] | None = None) -> None:
        self.root = Path(root)
        for sub in ("screens", "html", PARTIAL):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        self.meta = {"schema_version": SCHEMA_VERSION, "tool_version": __version__, **(meta or {})}
        self.journeys: list[JourneyEvidence] = []
        self.repeat = 0  # which of `--runs N` is running: part of each journey's key
        self._write_index()

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
        """Open the journey's step log with its header (who, what, where); stamp the repetition."""
        evidence.repeat = self.repeat
        header = evidence.model_dump(mode="json", exclude={"steps"})
        self._log(evidence.key).write_text(json.dumps(header) + "\n", encoding="utf-8")

    def append_step(self, key: str, step: StepRecord) -> None:
        """Log a step the moment it is done, so a crash loses nothing already recorded."""
        with self._log(key).open("a", encoding="utf-8") as log:
            log.write(json.dumps(step.to_dict()) + "\n")

    def save_journey(self, evidence: JourneyEvidence) -> None:
        """Add a finished journey to evidence.json and drop its partial step log."""
        self.journeys = [j for j in self.journeys if j.key != evidence.key] + [evidence]
        self._write_index()
        self._log(evidence.key).unlink(missing_ok=True)

    def _write_index(self) -> None:
        data = {**self.meta, "journeys": [j.to_dict() for j in self.journeys]}
        _write_atomic(self.root / EVIDENCE, json.dumps(data, indent=1))


def load_evidence(root: str | Path) -> tuple[dict[str, Any], list[JourneyEvidence]]:
    """Read a run directory back: finished journeys, plus any cut short by a crash."""
    root = Path(root)
    path = root / EVIDENCE
    if not path.is_file():
        raise FileNotFoundError(f"{root}: no {EVIDENCE} here; expected a run directory made by `friction run`")
    data = json.loads(path.read_text(encoding="utf-8"))
    journeys = [JourneyEvidence.model_validate(j) for j in data.pop("journeys", [])]
    for log in sorted((root / PARTIAL).glob("*.jsonl")):
        journeys.append(_interrupted(log))
    return data, journeys


def _interrupted(log: Path) -> JourneyEvidence:
    header, *lines = [line for line in log.read_text(encoding="utf-8").splitlines() if line]
    evidence = JourneyEvidence.model_validate_json(header)
    evidence.steps = [StepRecord.model_validate_json(line) for line in lines]
    evidence.outcome, evidence.reason = "failed", "crash"
    evidence.reason_detail = "the run stopped before this journey finished; the steps up to then are kept"
    return evidence
