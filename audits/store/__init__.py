"""Run history: every run stored in SQLite (default) or PostgreSQL, through one interface.

`open_store(location)` takes a file path or `sqlite:///path` for SQLite, or a
`postgresql://` URL. The default location is `reports/history.sqlite` beside the run
directories it indexes (override with `--store` or `FRICTION_STORE`). The schema is created
and upgraded by the numbered scripts in `audits/store/migrations/` (docs/ci.md).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from audits.model import RunResult, TrendPoint

DEFAULT_LOCATION = "reports/history.sqlite"
ENV_VAR = "FRICTION_STORE"


class StoreError(RuntimeError):
    """The history store cannot be opened or written (bad URL, driver missing, server down)."""


@dataclass
class StoredRun:
    """One row of `friction history`."""

    id: str
    recorded_at: str
    started_at: str
    suite: str
    site: str
    score: int
    runs: int
    journeys: int
    reached: int
    errors: int
    warnings: int
    regressions: int
    flaky: int
    exit_code: int
    run_dir: str
    ref: str = ""


class Store(Protocol):
    """What the CLI and the pipeline need from a history store."""

    location: str

    def save(self, result: RunResult, run_dir: str = "", ref: str = "") -> str:
        """Store a finished run; return its id."""
        ...

    def runs(self, site: str | None = None, limit: int = 20) -> list[StoredRun]:
        """The last runs (newest first), of one site or suite, or of all."""
        ...

    def trend(self, site: str, limit: int = 30) -> list[TrendPoint]:
        """Journey points of the last `limit` runs of a site or suite, oldest first."""
        ...

    def schema_version(self) -> int: ...

    def close(self) -> None: ...


def default_location() -> str:
    return os.environ.get(ENV_VAR) or DEFAULT_LOCATION


def open_store(location: str | Path | None = None, must_exist: bool = False) -> Store:
    """A store for a path, a sqlite:/// URL or a postgresql:// URL; the schema is migrated on open.

    With `must_exist` a SQLite file that is not there is an error rather than a new, empty store.
    """
    where = str(location or default_location())
    if where.startswith(("postgresql://", "postgres://")):
        from audits.store.postgres import PostgresStore

        return PostgresStore(where)
    if "://" in where and not where.startswith("sqlite://"):
        raise StoreError(f"unknown store {where!r}: give a file path, sqlite:///path or postgresql://...")
    from audits.store.sqlite import SqliteStore

    path = where.removeprefix("sqlite://")
    if must_exist and not Path(path).is_file():
        raise StoreError(f"no history store at {path}: runs are recorded there by `friction run` and "
                         f"`friction audit` (give another with --store or ${ENV_VAR})")
    return SqliteStore(path)


def redact(location: str) -> str:
    """The location without a password, for messages and logs."""
    if "://" not in location or "@" not in location:
        return location
    scheme, rest = location.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in credentials else location
