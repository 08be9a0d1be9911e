"""The Celery fleet on a real redis-server: two workers, one killed mid-suite, nothing lost or doubled."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from audits.demo.server import Zoo
from audits.run.executors import EXECUTORS
from audits.run.executors.distributed import CeleryExecutor
from audits.run.fleet import hard_limit, item_limit
from audits.run.pipeline import run_suite
from audits.run.plan import plan
from audits.run.politeness import release_shared, take_shared
from audits.scenario import parse_suite
from tests.test_parallel import outcomes

ROOT = Path(__file__).resolve().parents[1]
# Small sites: journeys well within budget, even on a loaded machine.
SITES = ("harborbank", "skyway-air", "lovecustomers")
BUDGET_SECONDS = 30  # hard limit 30 + 7.5 grace + 30 margin = 67.5 s: the visibility timeout must be longer
VISIBILITY = 75


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A redis-server of our own on 127.0.0.1, on a free port, keeping nothing on disk."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("no redis-server: `make test` installs Debian's redis-server (apt-get install redis-server)")
    pytest.importorskip("celery", reason="the fleet extra is not installed: pip install -e '.[fleet]'")
    import redis

    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                               "--dir", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    else:
        server.kill()
        pytest.skip("redis-server did not start")
    yield url
    server.terminate()
    server.wait(timeout=10)


def worker(broker: str, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "audits", "worker", "--broker", broker, "--visibility-timeout", str(VISIBILITY)]
    return subprocess.Popen(command, cwd=ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})


def fleet_suite(zoo: Zoo) -> str:
    listed = "\n".join(f'  - {{id: {s}, name: {s}, start_url: "{zoo.url(s)}"}}' for s in SITES)
    budget = f"{{clicks: 3, pages: 8, seconds: {BUDGET_SECONDS}}}"
    return f"""
sites:
{listed}
personas: [{{id: new-desktop}}]
journeys:
  - {{goal: find-phone, budget: {budget}}}
  - {{goal: reach-support, budget: {budget}}}
# Generous step timeouts: on a saturated machine a slow click must not change an outcome.
options: {{step_timeout_ms: 15000}}
"""


def test_the_celery_executor_is_registered_and_needs_a_broker() -> None:
    assert EXECUTORS.get("celery") is CeleryExecutor
    with pytest.raises(ValueError, match="expected --broker"):
        CeleryExecutor()


def test_a_journeys_hard_limit_is_past_its_budget_and_watchdog() -> None:
    suite = parse_suite("site: {name: A, start_url: 'http://127.0.0.1:9/'}\njourneys: [{goal: find-phone, "
                        "budget: {seconds: 8}}]")
    assert item_limit(suite, plan(suite)[0]) == hard_limit(suite.journeys[0].budget) == 8 + 5 + 30  # type: ignore[arg-type]


def test_the_host_limit_is_shared_by_every_worker_on_the_broker(broker: str) -> None:
    import redis

    client = redis.Redis.from_url(broker)
    host = f"shop-{time.monotonic_ns()}.example"
    assert take_shared(client, host, "a", per_host=2, gap=0.3, hold_seconds=60)
    assert not take_shared(client, host, "b", per_host=2, gap=0.3, hold_seconds=60)  # within the gap
    time.sleep(0.35)
    assert take_shared(client, host, "b", per_host=2, gap=0.3, hold_seconds=60)
    time.sleep(0.35)
    assert not take_shared(client, host, "c", per_host=2, gap=0.3, hold_seconds=60)  # two running: full
    release_shared(client, host, "a")
    assert take_shared(client, host, "c", per_host=2, gap=0.3, hold_seconds=60)
    other = f"lost-{time.monotonic_ns()}.example"
    assert take_shared(client, other, "dead", per_host=1, gap=0, hold_seconds=0.2)
    assert not take_shared(client, other, "next", per_host=1, gap=0, hold_seconds=60)
    time.sleep(0.3)  # the holder died without releasing: its place lapses with its hold
    assert take_shared(client, other, "next", per_host=1, gap=0, hold_seconds=60)


@pytest.mark.browser
def test_two_workers_one_killed_mid_suite_lose_nothing_and_double_nothing(
    zoo: Zoo, broker: str, browser: object, tmp_path: Path
) -> None:
    suite = parse_suite(fleet_suite(zoo))
    items = plan(suite)
    out = tmp_path / "fleet"
    first, second = worker(broker, tmp_path / "a.log"), worker(broker, tmp_path / "b.log")
    done: dict[str, Any] = {}
    ended: list[str] = []

    def coordinate() -> None:
        progress = lambda label, judged: ended.append(label) if judged else None  # noqa: E731
        done["result"] = run_suite(suite, out, progress, executor="celery", executor_options={"broker": broker})

    coordinator = threading.Thread(target=coordinate, daemon=True)
    try:
        coordinator.start()
        deadline = time.monotonic() + 120
        while len(list((out / "journeys").glob("*.json"))) < 1 or not list((out / "partial").glob("*.jsonl")):
            assert time.monotonic() < deadline, (tmp_path / "a.log").read_text()[-3000:]
            time.sleep(0.2)
        first.send_signal(signal.SIGKILL)  # mid-suite, one journey of its own in flight or about to be
        first.wait(timeout=10)
        coordinator.join(timeout=240)
        assert not coordinator.is_alive(), (tmp_path / "b.log").read_text()[-3000:]
        resumed = resume_with_two_lost(suite, out, broker)
    finally:
        for process in (first, second):
            process.kill()
            process.wait(timeout=10)

    result = done["result"]
    saved = sorted(p.stem for p in (out / "journeys").glob("*.json"))
    assert saved == sorted(item.key for item in items)
    assert len(ended) == len(items) and not list((out / "partial").glob("*.jsonl"))
    assert len({(j.site, j.id, j.persona) for j in result.journeys}) == len(result.journeys) == len(items)
    serial = run_suite(suite, tmp_path / "serial", browser=browser)  # type: ignore[arg-type]
    assert outcomes(result) == outcomes(serial)
    assert (out / "report.html").is_file()
    assert outcomes(resumed) == outcomes(serial)


def resume_with_two_lost(suite: Any, out: Path, broker: str) -> Any:
    """A coordinator that died after the workers saved all but two journeys: --resume runs just those two."""
    files = sorted((out / "journeys").glob("*.json"))
    for lost in files[:2]:
        lost.unlink()
    kept = {f: f.stat().st_mtime_ns for f in files[2:]}
    resumed = run_suite(suite, out, executor="celery", executor_options={"broker": broker})
    assert {f: f.stat().st_mtime_ns for f in files[2:]} == kept and all(f.is_file() for f in files[:2])
    return resumed
