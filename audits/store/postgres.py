"""The PostgreSQL history store (`--store postgresql://user@host/db`), through psycopg 3."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from audits.store import StoreError, redact
from audits.store.sql import SqlStore

# pg_advisory_xact_lock key: concurrent `friction` processes migrate one at a time.
MIGRATION_LOCK = 0x66726963


class PostgresStore(SqlStore):
    PLACEHOLDER = "%s"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError:
            raise StoreError("the PostgreSQL store needs psycopg: pip install 'friction[postgres]'") from None
        self.location = redact(url)
        try:
            self.conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
            self.migrate()
        except psycopg.Error as error:
            first = (str(error).strip().splitlines() or [type(error).__name__])[0]
            raise StoreError(f"cannot open the history store {self.location}: {first}") from None

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self.conn.transaction():
            yield

    def _lock_for_migration(self) -> None:
        self._execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))

    def _execute(self, query: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(query, tuple(params) if params else None)

    def close(self) -> None:
        self.conn.close()
