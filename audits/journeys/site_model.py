"""The site model: the pages one persona was shown on one site, read once and shared by every goal's journey.

It is an append-only file in the run folder, one line per page read live (its identity, the URLs
that led to it and the step that read it: facts, screenshot, snapshot, status, browser events) and
one for what robots.txt and the sitemaps said, so journeys of the same site and persona share it
whether they run in one process or in several.
A journey reads only whole lines that earlier journeys (or itself) wrote.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path
from typing import Any

from audits.identity import page_key
from audits.model import StepRecord
from audits.run.rundir import safe_name
from audits.secrets import scrub

FOLDER = "sitemodel"
# A page read with one of these is the page as its address shows it, not a state reached by acting on it.
PLAIN_READS = ("goto", "click", "back")


def model_path(root: str | Path, site: str, persona: str, repeat: int = 0) -> Path:
    """Where the model of `site` as `persona` sees it lives in a run folder (each repetition has its own)."""
    return Path(root) / FOLDER / f"{safe_name(site)}__{safe_name(persona)}__{repeat}.jsonl"


def shareable(step: StepRecord) -> bool:
    """A page that loaded and answered: what any journey arriving at its address would read."""
    facts = step.facts
    return (step.ok and facts is not None and not facts.error_page and not facts.truncated
            and (step.status is None or step.status < 400) and step.url.startswith(("http:", "https:")))


class SiteModel:
    """Pages by identity, read from and appended to one file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.pages: dict[str, StepRecord] = {}
        # robots.txt and the sitemaps as the first journey read them (Discovery.to_dict), None until then.
        self.discovery: dict[str, Any] | None = None
        self.offset = 0  # bytes of the file already read

    def __len__(self) -> int:
        return len({id(step) for step in self.pages.values()})

    def page(self, url: str) -> StepRecord | None:
        """The step that read the page at `url`, if any journey read it; new lines are read on a miss."""
        key = page_key(url)
        if key not in self.pages:
            self.refresh()
        return self.pages.get(key)

    def refresh(self) -> None:
        """Read the lines written since the last read; a line still being written waits for the next read."""
        try:
            with self.path.open("rb") as file:
                file.seek(self.offset)
                data = file.read()
        except FileNotFoundError:
            return
        whole = data[: data.rfind(b"\n") + 1]
        self.offset += len(whole)
        for line in whole.splitlines():
            self._learn(line)

    def _learn(self, line: bytes) -> None:
        try:
            entry = json.loads(line)
            if "discovery" in entry:
                self.discovery = self.discovery or dict(entry["discovery"])
                return
            step = StepRecord.model_validate(entry["step"])
        except (ValueError, KeyError, TypeError):  # a damaged line is a page not shared, nothing worse
            return
        for key in entry.get("keys", []):
            self.pages.setdefault(str(key), step)  # the first read of a page is the one every journey sees

    def add(self, step: StepRecord, requested: str | None = None) -> bool:
        """Share a page read live (under its address and the one asked for, when a redirect differed)."""
        if not shareable(step) or step.from_model:
            return False
        keys = sorted({page_key(step.url), *([page_key(requested)] if requested else [])} - set(self.pages))
        if not keys:
            return False
        self._append({"keys": keys, "url": step.url, "step": step.to_dict()})
        for key in keys:
            self.pages.setdefault(key, step)
        return True

    def discovered(self) -> dict[str, Any] | None:
        """robots.txt and the sitemaps as a journey of this site and persona read them, if one did."""
        if self.discovery is None:
            self.refresh()
        return self.discovery

    def add_discovery(self, discovery: dict[str, Any]) -> None:
        """Share what robots.txt and the sitemaps said (the first journey to share it is the one all see)."""
        self._append({"discovery": discovery})
        self.discovery = self.discovery or discovery

    def _append(self, entry: dict[str, Any]) -> None:
        line = scrub(json.dumps(entry)) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # One whole line per write, under a lock: readers in other processes never see half a line.
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            data = line.encode("utf-8")
            while data:
                data = data[os.write(fd, data):]
        finally:
            os.close(fd)  # closing releases the lock


def clear(root: str | Path) -> None:
    """A run started over: the pages of the run before are not this run's (their screenshots are rewritten)."""
    for path in (Path(root) / FOLDER).glob("*.jsonl"):
        path.unlink(missing_ok=True)
