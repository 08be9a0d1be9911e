"""The run directory on disk: evidence saved as it is produced, and read back for re-judging.

Layout: `evidence.json` is the manifest (the run's meta and, in plan order, the journey files the
run writes); `journeys/<key>.json` holds one finished journey each; `partial/<key>.jsonl` logs a
journey's steps while it runs. Runs made before one file per journey kept every journey inline in
`evidence.json`; `load_evidence` reads both layouts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audits import __version__
from audits.files import write_atomic
from audits.model import SCHEMA_VERSION, JourneyEvidence, StepRecord
from audits.secrets import scrub

if TYPE_CHECKING:
    from audits.run.plan import WorkItem

EVIDENCE = "evidence.json"
JOURNEYS = "journeys"
PARTIAL = "partial"


def safe_name(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", key).strip("-")


class RunDirError(ValueError):
    """The folder cannot take this run without losing what it holds."""


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

    def _planned(self) -> set[str] | None:
        """The journey keys planned by a run already in this folder, if its manifest is readable."""
        try:
            data = json.loads((self.root / EVIDENCE).read_text(encoding="utf-8"))
            return {str(entry["key"]) for entry in data["journeys"]}
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def saved(self, items: Sequence[WorkItem]) -> dict[str, JourneyEvidence]:
        """The items whose journeys are saved whole in this folder, by key."""
        done = {}
        for item in items:
            if evidence := self.load_journey(item.key):
                done[item.key] = evidence
        return done

    def resumable(self, items: Sequence[WorkItem], *, resume: bool) -> dict[str, JourneyEvidence]:
        """The finished journeys to keep from a run of the same plan left in this folder, by key.

        A run cut short is finished, not started over, whether `resume` was asked or not; a whole
        run is started over unless `resume` was asked (then nothing is left to run). A folder
        holding finished journeys of another plan is refused: running into it would lose them.
        """
        planned = self._planned()
        if planned is None:
            return {}
        if planned != {item.key for item in items}:
            if any((self.root / self.journey_file(key)).is_file() for key in planned):
                raise RunDirError(f"{self.root} holds finished journeys of another run plan; "
                                  "choose another --out (nothing there was changed)")
            return {}
        done = self.saved(items)
        if len(done) == len(items) and not resume:
            for item in items:
                (self.root / self.journey_file(item.key)).unlink()
            return {}
        return done

    @staticmethod
    def journey_file(key: str) -> str:
        return f"{JOURNEYS}/{safe_name(key)}.json"

    def screen_path(self, key: str, index: int) -> tuple[Path, str]:
        relative = f"screens/{safe_name(key)}-{index}.jpg"
        return self.root / relative, relative

    def html_path(self, key: str, index: int) -> tuple[Path, str]:
        relative = f"html/{safe_name(key)}-{index}.html"
        return self.root / relative, relative

    def _log(self, key: str) -> Path:
        return self.root / PARTIAL / f"{safe_name(key)}.jsonl"

    def start_journey(self, evidence: JourneyEvidence) -> None:
        """Open the journey's step log with its header (who, what, where)."""
        header = evidence.model_dump(mode="json", exclude={"steps"})
        write_atomic(self._log(evidence.key), json.dumps(header) + "\n")

    def append_step(self, key: str, step: StepRecord) -> None:
        """Log a step the moment it is done, so a crash loses nothing already recorded."""
        with self._log(key).open("a", encoding="utf-8") as log:
            log.write(scrub(json.dumps(step.to_dict())) + "\n")

    def save_journey(self, evidence: JourneyEvidence) -> JourneyEvidence:
        """Save a finished journey to its own file, then drop its partial step log.

        Returns the journey as saved, secrets masked: what is judged and reported is what is on disk.
        """
        path = self.root / self.journey_file(evidence.key)
        # pydantic's own writer: the standard one, indented, took seconds on a site of tens of MB of page facts.
        write_atomic(path, evidence.model_dump_json(by_alias=True, indent=1))
        self._log(evidence.key).unlink(missing_ok=True)
        return JourneyEvidence.model_validate_json(path.read_text(encoding="utf-8"))

    def is_saved(self, key: str) -> bool:
        """Whether the journey `key` finished and was saved (a resumed run skips it)."""
        return (self.root / self.journey_file(key)).is_file()

    def is_started(self, key: str) -> bool:
        """Whether the journey `key` started (its step log is open) or already finished."""
        return self._log(key).is_file() or self.is_saved(key)

    def load_journey(self, key: str, skipped: list[str] | None = None) -> JourneyEvidence | None:
        """The journey `key` as saved; None if it is not saved or unreadable (then said in `skipped`)."""
        path = self.root / self.journey_file(key)
        return _read_journey(path, [] if skipped is None else skipped) if path.is_file() else None

    def interrupted(self, key: str, detail: str) -> JourneyEvidence:
        """Save, as failed/crash, a journey whose process died mid-way: the steps its log kept and why."""
        log = self._log(key)
        evidence = _interrupted(log, []) if log.is_file() else None
        if evidence is None:
            raise RuntimeError(f"{key}: {detail}, before the journey logged anything")
        evidence.reason_detail = f"{detail}; the steps up to then are kept"
        self.save_journey(evidence)
        return evidence


# Where a journey's evidence is: a journey file, an entry of the old layout's manifest, or a step log.
Source = tuple[str, Any]


def load_evidence(root: str | Path) -> tuple[dict[str, Any], list[JourneyEvidence]]:
    """Read a run directory back: finished journeys in plan order, then any cut short by a crash.

    Damaged files never stop the reading: what is intact is kept, and the meta's `skipped` lists
    what could not be read and why.
    """
    return read_all(root, *sources(root))


def read_all(root: str | Path, meta: dict[str, Any], found: list[Source],
             skipped: list[str]) -> tuple[dict[str, Any], list[JourneyEvidence]]:
    """`load_evidence` once `sources` has said where everything is."""
    journeys = [j for source in found if (j := read_source(root, source, skipped)) is not None]
    if skipped:
        meta["skipped"] = skipped
    if not meta.get("sites"):
        meta["sites"] = _sites_of(journeys)
    return meta, journeys


def sources(root: str | Path) -> tuple[dict[str, Any], list[Source], list[str]]:
    """The run's meta, where each journey's evidence is (in the order `load_evidence` gives them), and
    what of the manifest could not be read."""
    root = Path(root)
    if not (root / EVIDENCE).is_file() and not (root / JOURNEYS).is_dir():
        raise FileNotFoundError(f"{root}: no {EVIDENCE} here; expected a run directory made by `friction run`")
    skipped: list[str] = []
    meta, entries = _manifest(root, skipped)
    found: list[Source] = [("file", str(e["file"])) if "file" in e else ("entry", e) for e in entries]
    listed = {entry.get("file") for entry in entries}
    for path in sorted((root / JOURNEYS).glob("*.json")):  # saved, but the manifest naming it was lost
        if f"{JOURNEYS}/{path.name}" not in listed:
            found.append(("file", f"{JOURNEYS}/{path.name}"))
    for log in sorted((root / PARTIAL).glob("*.jsonl")):
        if not (root / RunDir.journey_file(log.stem)).is_file():  # else saved just before the crash
            found.append(("log", f"{PARTIAL}/{log.name}"))
    return meta, found, skipped


def read_source(root: str | Path, source: Source, skipped: list[str]) -> JourneyEvidence | None:
    """One journey's evidence; None when it is not there (not finished) or unreadable (said in `skipped`)."""
    kind, where = source
    if kind == "entry":  # the old layout: the manifest's entries are the journeys themselves
        try:
            return JourneyEvidence.model_validate(where)
        except ValueError as error:
            skipped.append(f"{EVIDENCE}: a journey entry is unreadable ({_why(error)})")
            return None
    path = Path(root) / str(where)
    if kind == "log":
        return _interrupted(path, skipped)
    return _read_journey(path, skipped) if path.is_file() else None


def _text(path: Path) -> str:
    """A file's text; bytes that are not UTF-8 become U+FFFD instead of stopping the read."""
    return path.read_bytes().decode("utf-8", errors="replace")


def _manifest(root: Path, skipped: list[str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The manifest's meta and journey entries; an unreadable manifest gives empty ones, noted."""
    path = root / EVIDENCE
    try:
        data = json.loads(_text(path))
    except (OSError, ValueError) as error:
        skipped.append(f"{EVIDENCE}: unreadable ({_why(error)}); journeys read from {JOURNEYS}/ instead")
        return {}, []
    if not isinstance(data, dict):
        skipped.append(f"{EVIDENCE}: expected a JSON object, found {type(data).__name__}")
        return {}, []
    entries = data.pop("journeys", [])
    if not isinstance(entries, list):
        skipped.append(f"{EVIDENCE}: 'journeys' is not a list")
        entries = []
    return data, [e for e in entries if isinstance(e, dict)]


def _why(error: Exception) -> str:
    return str(error).splitlines()[0][:160] if str(error) else type(error).__name__


def _read_journey(path: Path, skipped: list[str]) -> JourneyEvidence | None:
    try:
        return JourneyEvidence.model_validate_json(_text(path))
    except (OSError, ValueError) as error:
        skipped.append(f"{path.parent.name}/{path.name}: unreadable ({_why(error)})")
        return None


def _interrupted(log: Path, skipped: list[str]) -> JourneyEvidence | None:
    """A journey cut short, from its step log; a line cut mid-write (kill -9) is dropped and noted."""
    lines = [line for line in _text(log).splitlines() if line.strip()]
    try:
        evidence = JourneyEvidence.model_validate_json(lines[0])
    except (IndexError, ValueError):
        skipped.append(f"{PARTIAL}/{log.name}: no readable header; the journey is left out")
        return None
    for number, line in enumerate(lines[1:], start=2):
        try:
            evidence.steps.append(StepRecord.model_validate_json(line))
        except ValueError:
            skipped.append(f"{PARTIAL}/{log.name}:{number}: a step cut short is left out")
    evidence.outcome, evidence.reason = "failed", "crash"
    evidence.reason_detail = "the run stopped before this journey finished; the steps up to then are kept"
    return evidence


def _sites_of(journeys: Sequence[JourneyEvidence]) -> list[dict[str, str]]:
    """The sites named by the journeys themselves, when the manifest that listed them is lost."""
    seen: dict[str, dict[str, str]] = {}
    for j in journeys:
        seen.setdefault(j.site, {"id": j.site, "name": j.site, "start_url": j.start_url})
    return list(seen.values())
