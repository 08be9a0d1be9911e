"""The history store: SQLite and a real PostgreSQL server, one interface, versioned migrations."""

from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from audits.ci.gate import finish
from audits.cli import main
from audits.model import RunResult
from audits.store import Store, StoreError, open_store, redact
from audits.store.sql import migrations
from tests.ci_helpers import journey, result

LATEST = max(version for version, _, _ in migrations())


def _find_pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if found:
        return Path(found[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL server on 127.0.0.1 (Debian's postgresql), or $FRICTION_TEST_POSTGRES_URL."""
    given = os.environ.get("FRICTION_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[test]')")
    bin_dir = _find_pg_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL server binaries not found: `make test` installs Debian's postgresql "
                    "(apt-get install postgresql), which could not be done on this machine")
    root = Path(tempfile.mkdtemp(prefix="friction-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root: use the postgres account the package made
        if shutil.which("runuser") is None:
            pytest.skip("running as root and no `runuser` to start PostgreSQL as another user")
        shutil.chown(root, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = root / "data", _free_port()
    run = subprocess.run([*as_user, str(bin_dir / "initdb"), "-D", str(data), "-U", "friction", "--auth=trust",
                          "-E", "UTF8", "--no-sync"], capture_output=True, text=True, timeout=120)
    if run.returncode:
        pytest.skip(f"initdb failed: {run.stderr.strip()[-300:]}")
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    start = subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                            str(root / "log"), "-w", "start"], capture_output=True, text=True, timeout=120)
    if start.returncode:
        log = (root / "log").read_text() if (root / "log").exists() else start.stderr
        pytest.fail(f"PostgreSQL did not start: {log[-500:]}")
    try:
        yield f"postgresql://friction@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)


def _fresh_postgres(url: str) -> str:
    """A new database on the server, so each test starts from an empty schema."""
    import psycopg

    name = f"t{int(time.time() * 1000) % 10**9}_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        opened = open_store(tmp_path / "history.sqlite")
    else:
        opened = open_store(_fresh_postgres(request.getfixturevalue("postgres_url")))
    yield opened
    opened.close()


def judged(run: RunResult, tmp_path: Path) -> RunResult:
    return finish(run, {"assertions": run.assertions}, tmp_path)


def test_store_saves_and_lists_runs(store: Store, tmp_path: Path) -> None:
    assert store.schema_version() == LATEST
    ids = []
    for i, clicks in enumerate([1, 1, 2, 3, 6]):
        run = judged(result(journey(clicks=clicks, score=100 - 10 * i), journey("sign-up", outcome="reached"),
                            started_at=f"2026-11-2{i}T10:00:00Z"), tmp_path)
        ids.append(store.save(run, run_dir=f"reports/run-{i}", ref=f"sha{i}"))
    other = judged(result(journey()), tmp_path)
    other.site.id, other.site.name, other.suite = "other", "Other", "Other"
    for j in other.journeys:
        j.site = "other"
    store.save(other)
    runs = store.runs("acme", limit=10)
    assert [r.id for r in runs] == ids[::-1]  # newest first
    assert runs[0].run_dir == "reports/run-4" and runs[0].ref == "sha4" and runs[0].journeys == 2
    assert runs[0].warnings == 1 and runs[0].exit_code == 0  # 6 clicks: over the recommended 5, a warning
    assert len(store.runs(limit=50)) == 6 and len(store.runs("acme", limit=2)) == 2
    points = store.trend("acme")
    phone = [p for p in points if p.journey == "find-phone"]
    assert [p.clicks for p in phone] == [1, 1, 2, 3, 6] and phone[-1].score == 60  # oldest first
    assert {p.journey for p in points} == {"find-phone", "sign-up"}


def test_store_keeps_a_compact_result_for_later_diffs(store: Store, tmp_path: Path) -> None:
    run = judged(result(journey(outcome="gated", reason="login", findings=["login-wall"])), tmp_path)
    run.journeys[0].steps = [{"index": 0, "action": "goto"}]
    run_id = store.save(run)
    kept = store.result(run_id)  # type: ignore[attr-defined]
    assert kept.journeys[0].outcome == "gated" and kept.journeys[0].steps == []
    assert kept.journeys[0].findings[0].id == "login-wall"
    assert store.runs()[0].errors == 1 and store.runs()[0].exit_code == 2


def test_sqlite_migrates_an_older_database(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    version, name, sql = migrations()[0]
    conn.executescript(sql)
    conn.execute("CREATE TABLE friction_schema (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                 "applied_at TEXT NOT NULL)")
    conn.execute("INSERT INTO friction_schema VALUES (?, ?, 'then')", (version, name))
    conn.commit()
    conn.close()
    store = open_store(path)
    assert store.schema_version() == LATEST
    assert store.runs() == []
    store.save(judged(result(journey()), tmp_path), ref="abc")
    assert store.runs()[0].ref == "abc"
    store.close()
    again = open_store(f"sqlite://{path}")  # opening again applies nothing twice
    assert again.schema_version() == LATEST and len(again.runs()) == 1
    again.close()


def test_postgres_migrations_are_versioned(postgres_url: str) -> None:
    import psycopg

    url = _fresh_postgres(postgres_url)
    first, second = open_store(url), open_store(url)
    try:
        with psycopg.connect(url) as conn:
            rows = conn.execute("SELECT version, name FROM friction_schema ORDER BY version").fetchall()
        assert rows == [(v, n) for v, n, _ in migrations()]
        assert second.schema_version() == LATEST
    finally:
        first.close()
        second.close()


def test_bad_locations_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unknown store"):
        open_store("mysql://x/y")
    with pytest.raises(StoreError, match=r"cannot open the history store postgresql://u:\*\*\*@127.0.0.1:1/db"):
        open_store("postgresql://u:secret@127.0.0.1:1/db")
    assert redact("postgresql://u:secret@h/db") == "postgresql://u:***@h/db"


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_friction_history_command(backend: str, tmp_path: Path, request: pytest.FixtureRequest,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    where = str(tmp_path / "h.sqlite") if backend == "sqlite" else _fresh_postgres(
        request.getfixturevalue("postgres_url"))
    store = open_store(where)
    store.save(judged(result(journey(), started_at="2026-11-20T10:00:00Z"), tmp_path), run_dir="reports/a")
    store.save(judged(result(journey(outcome="absent", reason="not-on-site")), tmp_path), run_dir="reports/b")
    store.close()
    assert main(["history", "acme", "--store", where]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("recorded (UTC)") and "reports/b" in out[1] and "reports/a" in out[2]
    assert main(["history", "acme", "--store", where, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["run_dir"] for r in rows] == ["reports/b", "reports/a"] and rows[0]["exit_code"] == 2
    assert main(["history", "nobody", "--store", where]) == 0
    assert "no runs of 'nobody'" in capsys.readouterr().out
