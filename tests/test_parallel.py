"""The parallel executor and per-host politeness: same outcomes as serial; the host limit holds."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from audits.demo.server import Zoo
from audits.model import JourneyEvidence
from audits.run.executors import EXECUTORS
from audits.run.executors.parallel import ParallelExecutor
from audits.run.pipeline import run_suite
from audits.run.plan import WorkItem
from audits.run.politeness import REAL_HOSTS_ENV, Politeness
from audits.run.rundir import RunDir
from audits.scenario import parse_suite

ZOO_SITES = ("harborbank", "comcastic", "cookiejar", "skyway-air")


def zoo_suite(zoo: Zoo, sites: tuple[str, ...] = ZOO_SITES) -> str:
    listed = "\n".join(f'  - {{id: {s}, name: {s}, start_url: "{zoo.url(s)}"}}' for s in sites)
    return f"""
sites:
{listed}
personas: [{{id: new-desktop}}]
journeys:
  - {{goal: find-phone, budget: {{clicks: 4, pages: 12, seconds: 300}}}}
  - {{goal: reach-support, budget: {{clicks: 4, pages: 12, seconds: 300}}}}
# Generous time (budget, steps): on a saturated machine slowness must not change an outcome.
options: {{step_timeout_ms: 15000}}
"""


def outcomes(result: Any) -> list[tuple[str, str, str, str | None]]:
    return [(j.site, j.id, j.outcome, j.reason) for j in result.journeys]


def test_politeness_limits_real_hosts_and_exempts_loopback() -> None:
    polite = Politeness(per_host=2, gap=1.0, real_hosts=frozenset())
    assert polite.host("http://127.0.0.1:8101/") is None and polite.host("http://localhost/") is None
    host = polite.host("https://www.example.com/contact")
    assert host == "www.example.com"
    assert polite.wait(host, now=100.0) == 0
    polite.start(host, now=100.0)
    assert polite.wait(host, now=100.25) == pytest.approx(0.75)
    polite.start(host, now=101.0)
    assert polite.wait(host, now=105.0) is None  # two running: full, however long ago they started
    polite.end(host)
    assert polite.wait(host, now=105.0) == 0
    assert Politeness(real_hosts=frozenset({"127.0.0.1"})).host("http://127.0.0.1:9/") == "127.0.0.1"


def test_real_hosts_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(REAL_HOSTS_ENV, "127.0.0.1, LOCALHOST")
    assert Politeness().real_hosts == {"127.0.0.1", "localhost"}
    with pytest.raises(ValueError, match="expected 1 or more"):
        Politeness(per_host=0)


def test_the_parallel_executor_is_registered_and_one_worker_is_serial() -> None:
    assert EXECUTORS.get("parallel") is ParallelExecutor
    with pytest.raises(ValueError, match="--workers: expected 1 or more"):
        ParallelExecutor(workers=-1)


@pytest.mark.browser
def test_parallel_and_serial_give_the_same_outcomes_on_the_zoo(zoo: Zoo, browser: object, tmp_path: Path) -> None:
    suite = parse_suite(zoo_suite(zoo))
    serial = run_suite(suite, tmp_path / "serial", browser=browser)  # type: ignore[arg-type]
    started: list[str] = []
    parallel = run_suite(suite, tmp_path / "parallel", lambda label, judged: started.append(label) if judged is None
                         else None, executor="parallel", executor_options={"workers": 2, "recycle": 3})
    assert outcomes(parallel) == outcomes(serial)
    assert len(started) == len(serial.journeys) == 8  # each started once, in this process
    saved = sorted(p.name for p in (tmp_path / "parallel" / "journeys").glob("*.json"))
    assert saved == sorted(p.name for p in (tmp_path / "serial" / "journeys").glob("*.json"))


class Counting(BaseHTTPRequestHandler):
    """A slow one-site server that counts requests in flight at once and when each journey starts."""

    lock = threading.Lock()
    now = 0
    most = 0
    starts: dict[str, float] = {}

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        if self.path in ("/favicon.ico", "/robots.txt", "/sitemap.xml"):
            self.send_error(404)
            return
        cls = type(self)
        with cls.lock:
            cls.now += 1
            cls.most = max(cls.most, cls.now)
            if self.path.startswith("/start") and self.path not in cls.starts:  # a journey's first page
                cls.starts[self.path] = time.monotonic()
        try:
            time.sleep(0.3)
            body = b"<html><head><title>Shop</title></head><body><a href='/help'>Help</a> <a href='/about'>About</a>" \
                   b"</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        finally:
            with cls.lock:
                cls.now -= 1


@pytest.fixture
def counting_site() -> Iterator[str]:
    Counting.now = Counting.most = 0
    Counting.starts = {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def counting_suite(url: str) -> str:
    sites = "\n".join(f'  - {{name: shop{n}, start_url: "{url}start?shop={n}"}}' for n in range(4))
    return f"""
sites:
{sites}
personas: [{{id: new-desktop}}]
journeys: [{{goal: find-phone, budget: {{clicks: 1, pages: 3, seconds: 30}}}}]
options: {{robots: false}}
"""


@pytest.mark.browser
def test_a_loopback_host_marked_real_never_sees_more_than_its_limit(
    counting_site: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    suite = parse_suite(counting_suite(counting_site))
    run_suite(suite, tmp_path / "free", executor="parallel", executor_options={"workers": 2})
    assert Counting.most == 2  # the server sees two journeys at once when loopback is exempt

    Counting.most, Counting.starts = 0, {}
    monkeypatch.setenv(REAL_HOSTS_ENV, "127.0.0.1")
    polite = Politeness(per_host=1, gap=0.5)
    result = run_suite(suite, tmp_path / "polite", executor="parallel",
                       executor_options={"workers": 2, "politeness": polite})
    assert len(result.journeys) == 4
    assert Counting.most == 1
    starts = sorted(Counting.starts.values())
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert len(Counting.starts) == 4 and min(gaps) >= 0.5


def test_a_worker_lost_twice_leaves_its_journey_failed_with_the_steps_it_logged(tmp_path: Path) -> None:
    run = RunDir(tmp_path)
    item = WorkItem("acme", "find-phone", "new-desktop")
    run.start_journey(JourneyEvidence(id="find-phone", goal="find-phone", site="acme", persona="new-desktop"))
    evidence = run.interrupted(item.key, "the worker process running it stopped 2 times (exit code -9)")
    assert (evidence.outcome, evidence.reason) == ("failed", "crash")
    assert "exit code -9" in evidence.reason_detail and run.is_saved(item.key)
    with pytest.raises(RuntimeError, match="before the journey logged anything"):
        run.interrupted(WorkItem("acme", "sign-up", "new-desktop").key, "lost")
