"""A journey's Playwright trace and HAR: where they go, which are kept (`--trace on|off|failed`), where replay reads."""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audits.run.rundir import safe_name
from audits.secrets import REGISTRY, scrub

TRACE_MODES = ("on", "off", "failed")
TRACES, HARS = "traces", "har"


def har_file(root: str | Path, key: str) -> Path:
    """Where a run folder keeps the HAR of the journey `key` (what `friction replay` reads)."""
    return Path(root) / HARS / f"{safe_name(key)}.har"


@dataclass
class JourneyFiles:
    """The trace and HAR of one journey: recorded unless the mode is off, kept as the mode says."""

    root: Path
    key: str
    mode: str = "failed"
    replay: Path | None = None  # a HAR that answers every request instead of the network

    @property
    def trace(self) -> Path | None:
        return None if self.mode == "off" else self.root / TRACES / f"{safe_name(self.key)}.zip"

    @property
    def har(self) -> Path | None:
        # A replayed journey's traffic is the archive it replays: nothing new to record.
        return None if self.mode == "off" or self.replay is not None else har_file(self.root, self.key)

    def prepare(self) -> None:
        for path in (self.trace, self.har):
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)

    def keep(self, outcome: str) -> dict[str, str]:
        """Delete what the mode does not keep for this outcome, mask the run's secrets in the rest; the kept files."""
        kept: dict[str, str] = {}
        for name, path in (("trace", self.trace), ("har", self.har)):
            if path is None or not path.is_file():
                continue
            if self.mode == "failed" and outcome == "reached":
                path.unlink()
                continue
            if REGISTRY.values():
                _mask(path)
            kept[name] = path.relative_to(self.root).as_posix()
        return kept


def _masked(data: bytes) -> bytes:
    """Bytes with the run's secrets masked; JSON (a HAR, the trace's event lines) is masked string by
    string once decoded, so a secret inside a page body inside JSON is found at the body's own level."""
    text = data.decode("utf-8", "surrogateescape")
    try:
        return json.dumps(_scrub_strings(json.loads(text))).encode("utf-8")
    except ValueError:
        pass
    lines = text.splitlines()
    try:
        return "\n".join(json.dumps(_scrub_strings(json.loads(line))) if line.strip() else line
                         for line in lines).encode("utf-8")
    except ValueError:
        return scrub(text).encode("utf-8", "surrogateescape")


def _scrub_strings(value: Any) -> Any:
    """Every string inside decoded JSON, keys included, with the run's secrets masked."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list):
        return [_scrub_strings(item) for item in value]
    if isinstance(value, dict):
        return {scrub(key): _scrub_strings(item) for key, item in value.items()}
    return value


def _mask(path: Path) -> None:
    """Credentials never stay in a HAR or trace: every member rewritten with each secret masked."""
    if path.suffix != ".zip":
        path.write_bytes(_masked(path.read_bytes()))
        return
    masked = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(masked, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(member, _masked(source.read(member)))
    masked.replace(path)
