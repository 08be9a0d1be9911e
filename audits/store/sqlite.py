"""The default history store: one SQLite file (standard library, nothing to install)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from audits.store import StoreError
from audits.store.sql import SqlStore


class SqliteStore(SqlStore):
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.migrate()
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"cannot open the history store {self.path}: {error}") from None

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")  # takes the write lock now: migrations do not race
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _execute(self, query: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(query, tuple(params))

    def close(self) -> None:
        self.conn.close()
