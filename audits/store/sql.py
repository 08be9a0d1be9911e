"""The SQL both stores share: versioned migrations, saving a run, listing runs, trend points.

Queries use `?` placeholders; a backend whose driver wants another style sets `PLACEHOLDER`.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from importlib.resources import files
from typing import Any

from audits.ci.gate import verdict
from audits.model import RunResult, TrendPoint
from audits.secrets import scrub
from audits.store import StoredRun

SCHEMA_TABLE = "friction_schema"
RUN_COLUMNS = ("id", "recorded_at", "started_at", "suite", "site", "score", "runs", "journeys", "reached",
               "errors", "warnings", "regressions", "flaky", "exit_code", "run_dir", "ref")


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every script in audits/store/migrations, in order."""
    found = []
    for entry in files("audits.store").joinpath("migrations").iterdir():
        match = re.fullmatch(r"(\d+)_(\w+)\.sql", entry.name)
        if match:
            found.append((int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    return sorted(found)


def statements(sql: str) -> Iterator[str]:
    """The statements of a migration script (comments dropped; no ';' inside literals)."""
    text = "\n".join(line for line in sql.splitlines() if not line.strip().startswith("--"))
    for statement in text.split(";"):
        if statement.strip():
            yield statement.strip()


def _compact(result: RunResult) -> str:
    """result.json without steps and history: enough to diff against later, small enough to keep."""
    data = result.to_dict()
    data["history"] = []
    for journey in data.get("journeys", []):
        journey["steps"] = []
    return scrub(json.dumps(data, ensure_ascii=False))


class SqlStore:
    """A history store over a DB-API connection; subclasses connect and lock."""

    PLACEHOLDER = "?"
    location = ""

    def _transaction(self) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def _execute(self, query: str, params: Sequence[Any] = ()) -> Any:
        raise NotImplementedError

    def _lock_for_migration(self) -> None:
        """Serialise concurrent migrations (inside the transaction)."""

    def close(self) -> None:
        raise NotImplementedError

    def _sql(self, query: str) -> str:
        return query.replace("?", self.PLACEHOLDER) if self.PLACEHOLDER != "?" else query

    def _rows(self, query: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self._execute(self._sql(query), params).fetchall())

    # -- migrations --------------------------------------------------------------------------

    def schema_version(self) -> int:
        rows = self._rows(f"SELECT MAX(version) FROM {SCHEMA_TABLE}")
        return int(rows[0][0] or 0) if rows else 0

    def migrate(self) -> list[int]:
        """Apply every migration not yet applied, each in its own transaction; return the versions."""
        self._execute(f"CREATE TABLE IF NOT EXISTS {SCHEMA_TABLE} (version INTEGER PRIMARY KEY, "
                      "name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        applied = []
        for version, name, sql in migrations():
            with self._transaction():
                self._lock_for_migration()
                done = self._rows(f"SELECT 1 FROM {SCHEMA_TABLE} WHERE version = ?", (version,))
                if done:
                    continue
                for statement in statements(sql):
                    self._execute(statement)
                self._execute(self._sql(f"INSERT INTO {SCHEMA_TABLE} (version, name, applied_at) VALUES (?, ?, ?)"),
                              (version, name, _now()))
                applied.append(version)
        return applied

    # -- writing -----------------------------------------------------------------------------

    def save(self, result: RunResult, run_dir: str = "", ref: str = "") -> str:
        run_id = uuid.uuid4().hex[:12]
        counts = verdict(result)
        row = {
            "id": run_id, "recorded_at": _now(), "started_at": result.started_at, "suite": result.suite,
            "site": result.site.id or result.site.name, "site_name": result.site.name, "score": result.score,
            "runs": result.runs, "journeys": len(result.journeys),
            "reached": sum(1 for j in result.journeys if j.outcome == "reached"),
            "errors": counts.errors, "warnings": counts.warnings, "regressions": counts.regressions,
            "flaky": counts.flaky, "exit_code": counts.exit_code, "run_dir": run_dir,
            "tool_version": result.tool_version, "result": _compact(result), "ref": ref,
        }
        with self._transaction():
            names = ", ".join(row)
            marks = ", ".join("?" for _ in row)
            self._execute(self._sql(f"INSERT INTO friction_runs ({names}) VALUES ({marks})"), list(row.values()))
            for j in result.journeys:
                self._execute(self._sql(
                    "INSERT INTO friction_journeys (run_id, site, journey, persona, goal, outcome, reason, score, "
                    "clicks, pages, fields, required_fields, human_seconds, seconds, flaky) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                    (run_id, j.site, j.id, j.persona, j.goal, j.outcome, j.reason, j.score, j.effort.clicks,
                     j.effort.pages, j.effort.fields, j.effort.required_fields, float(j.effort.human_seconds),
                     float(j.effort.seconds), int(j.flaky)))
        return run_id

    # -- reading -----------------------------------------------------------------------------

    def _match(self, site: str | None) -> tuple[str, list[Any]]:
        if not site:
            return "", []
        return ("WHERE (site = ? OR suite = ? OR site_name = ? OR id IN "
                "(SELECT run_id FROM friction_journeys WHERE site = ?))", [site] * 4)

    def runs(self, site: str | None = None, limit: int = 20) -> list[StoredRun]:
        where, params = self._match(site)
        rows = self._rows(f"SELECT {', '.join(RUN_COLUMNS)} FROM friction_runs {where} "
                          "ORDER BY recorded_at DESC LIMIT ?", [*params, limit])
        return [StoredRun(**dict(zip(RUN_COLUMNS, row, strict=True))) for row in rows]

    def trend(self, site: str, limit: int = 30) -> list[TrendPoint]:
        wanted = [run.id for run in self.runs(site, limit)]
        if not wanted:
            return []
        marks = ", ".join("?" for _ in wanted)
        rows = self._rows(
            "SELECT r.id, r.started_at, j.site, j.journey, j.persona, j.outcome, j.score, j.clicks, "
            "j.human_seconds, j.flaky FROM friction_journeys j JOIN friction_runs r ON r.id = j.run_id "
            f"WHERE r.id IN ({marks}) ORDER BY r.recorded_at, j.site, j.journey, j.persona", wanted)
        names = ("run_id", "started_at", "site", "journey", "persona", "outcome", "score", "clicks",
                 "human_seconds", "flaky")
        return [TrendPoint.model_validate(dict(zip(names, row, strict=True))) for row in rows]

    def result(self, run_id: str) -> RunResult:
        """A stored run's result (without steps), e.g. as a baseline."""
        rows = self._rows("SELECT result FROM friction_runs WHERE id = ?", (run_id,))
        if not rows:
            raise KeyError(run_id)
        return RunResult.model_validate_json(rows[0][0])


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
