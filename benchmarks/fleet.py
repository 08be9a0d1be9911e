"""Fleet benchmark: journeys/min and CPU per journey by --workers and Celery workers; memory per context; re-judging."""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from audits.demo.server import ZOO, Zoo, serve
from audits.gather.browser import launch, new_context
from audits.run.executors.parallel import default_workers
from audits.run.pipeline import evaluate, report, run_suite
from audits.run.plan import plan
from audits.scenario import PersonaSpec, Suite, parse_suite

ROOT = Path(__file__).resolve().parents[1]
SITES = ("harborbank", "comcastic", "cookiejar", "skyway-air", "streamly", "pixelphone", "tidewell",
         "orchardlane", "wrenfield", "porchlight")
GOALS = ("find-phone", "reach-support", "sign-up", "find-phone-mobile")


def suite_of(zoo: Zoo, journeys: int) -> Suite:
    """`journeys` goal-seeking journeys on the zoo (sites x goals), small budgets so a run takes minutes."""
    sites = SITES[: max(1, journeys // len(GOALS))]
    listed = "\n".join(f'  - {{id: {s}, name: {s}, start_url: "{zoo.url(s)}"}}' for s in sites)
    budget = "{clicks: 3, pages: 6, seconds: 60}"
    text = f"""
sites:
{listed}
personas: [{{id: new-desktop}}, {{id: new-mobile, device: mobile}}]
journeys:
  - {{goal: find-phone, personas: [new-desktop], budget: {budget}}}
  - {{goal: reach-support, personas: [new-desktop], budget: {budget}}}
  - {{goal: sign-up, personas: [new-desktop], budget: {budget}}}
  - {{id: find-phone-mobile, goal: find-phone, personas: [new-mobile], budget: {budget}}}
"""
    return parse_suite(text, "fleet-bench")


def cpu_seconds() -> float:
    """CPU used by this process and every child it has waited for (Chromium, worker processes)."""
    mine, theirs = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + theirs.ru_utime + theirs.ru_stime


def timed_run(suite: Suite, out: Path, **options: Any) -> tuple[float, float, list[str]]:
    shutil.rmtree(out, ignore_errors=True)
    cpu, started = cpu_seconds(), time.perf_counter()
    result = run_suite(suite, out, **options)
    outcomes = [f"{j.site}/{j.id}:{j.outcome}" for j in result.journeys]
    return time.perf_counter() - started, cpu_seconds() - cpu, outcomes


def by_workers(suite: Suite, folder: Path, counts: list[int], rounds: int) -> None:
    """Each worker count in turn, `rounds` times over (A B C A B C), so machine noise falls on all alike."""
    journeys = len(plan(suite))
    seen: dict[int, list[tuple[float, float]]] = {n: [] for n in counts}
    reference: list[str] | None = None
    for round_ in range(rounds):
        for workers in counts:
            wall, cpu, outcomes = timed_run(suite, folder / f"w{workers}", executor="parallel",
                                            executor_options={"workers": workers})
            seen[workers].append((wall, cpu))
            same = "" if reference in (None, outcomes) else "  (outcomes differ from the first run)"
            reference = reference or outcomes
            print(f"  round {round_ + 1}, --workers {workers}: {wall:6.1f} s, "
                  f"{journeys / wall * 60:5.1f} journeys/min, {cpu / journeys:5.2f} CPU-s/journey{same}", flush=True)
    base = sum(w for w, _ in seen[counts[0]]) / rounds
    for workers in counts:
        wall = sum(w for w, _ in seen[workers]) / rounds
        cpu = sum(c for _, c in seen[workers]) / rounds
        print(f"--workers {workers}: {journeys / wall * 60:5.1f} journeys/min, {cpu / journeys:5.2f} CPU-s/journey, "
              f"{base / wall:4.2f}x --workers {counts[0]}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def celery_workers(suite: Suite, folder: Path, rounds: int) -> None:
    """The same suite on one `friction worker`, then on two (A B A B), through a redis-server of our own."""
    binary = shutil.which("redis-server")
    if binary is None:
        print("celery: skipped, no redis-server (apt-get install redis-server)")
        return
    port = free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                              stdout=subprocess.DEVNULL)
    journeys = len(plan(suite))
    try:
        time.sleep(0.5)
        seen: dict[int, list[float]] = {1: [], 2: []}
        for round_ in range(rounds):
            for count in (1, 2):
                workers = [subprocess.Popen([sys.executable, "-m", "audits", "worker", "--broker", broker],
                                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                           for _ in range(count)]
                try:
                    time.sleep(3)  # let them start and connect, as a standing fleet would have
                    wall, _, _ = timed_run(suite, folder / f"celery{count}", executor="celery",
                                           executor_options={"broker": broker})
                finally:
                    for worker in workers:
                        worker.send_signal(signal.SIGTERM)
                    for worker in workers:
                        worker.wait(timeout=60)
                seen[count].append(wall)
                print(f"  round {round_ + 1}, {count} celery worker(s): {wall:6.1f} s, "
                      f"{journeys / wall * 60:5.1f} journeys/min", flush=True)
        one, two = (sum(seen[n]) / rounds for n in (1, 2))
        print(f"celery: 1 worker {journeys / one * 60:5.1f} journeys/min, 2 workers {journeys / two * 60:5.1f} "
              f"journeys/min, {one / two:4.2f}x")
    finally:
        server.terminate()
        server.wait(timeout=10)


def _tree(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            with open(task / "children") as children:
                queue += [int(c) for c in children.read().split()]
    return found


def pss_mib(pid: int) -> float:
    """A process's proportional set size: pages it shares with others counted in part, so a tree adds up."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0.0
    return next(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")) / 1024


def memory_per_context(zoo: Zoo, extra: int) -> None:
    """The browser's memory with one context open on a zoo page, then with `extra` more."""
    persona = PersonaSpec(id="new-desktop")
    with launch() as browser:
        contexts: list[Any] = []
        sizes = []
        for count in (1, 1 + extra):
            while len(contexts) < count:
                url = zoo.url(SITES[len(contexts) % len(SITES)])
                context = new_context(browser, persona, start_url=url)
                context.new_page().goto(url, wait_until="load")
                contexts.append(context)
            time.sleep(1)
            sizes.append(sum(pss_mib(p) for p in _tree(os.getpid())[1:]))  # Playwright's driver and Chromium
        for context in contexts:
            context.close()
    print(f"memory: {sizes[0]:.0f} MiB (PSS, driver + Chromium) with 1 context, {sizes[1]:.0f} MiB with {1 + extra}: "
          f"{(sizes[1] - sizes[0]) / extra:.0f} MiB per extra context")


def rejudging(out: Path, repeats: int) -> None:
    """`friction report` on a saved run: judging alone, and judging plus every report, in one process and in
    one per core, alternated (the first round also pays for what a fresh process reads once: rules, lexicons)."""
    settings = [(name, job, workers) for name, job in (("judge only", evaluate), ("judge + reports", report))
                for workers in dict.fromkeys((1, default_workers()))]
    seconds: dict[tuple[str, int], list[float]] = {(name, workers): [] for name, _, workers in settings}
    journeys = 0
    for _ in range(repeats):
        for name, job, workers in settings:
            started = time.perf_counter()
            journeys = len(job(out, workers=workers).journeys)
            seconds[(name, workers)].append(time.perf_counter() - started)
    for (name, workers), times in seconds.items():
        mean = statistics.mean(times)
        print(f"re-judging ({name}, {workers} process{'es' if workers > 1 else ''}): {journeys} journeys in "
              f"{mean:.2f} s, {journeys / mean:.0f} journeys/s (first round {journeys / times[0]:.0f}/s)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--journeys", type=int, default=40, help="journeys in the suite (default: 40)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4], help="worker counts (default: 1 2 4)")
    parser.add_argument("--rounds", type=int, default=2, help="times each configuration runs, interleaved")
    parser.add_argument("--skip", nargs="*", default=[], choices=["workers", "celery", "memory", "rejudge"])
    parser.add_argument("--rejudge", type=Path, metavar="DIR",
                        help="only re-judge this saved run folder (a copy is judged; the folder is not touched)")
    args = parser.parse_args()
    if args.rejudge:
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / "run"
            shutil.copytree(args.rejudge, copy)
            rejudging(copy, repeats=3)
        return 0
    print(f"{os.cpu_count()} cores; load average before: {os.getloadavg()[0]:.1f}", flush=True)
    with serve(ZOO) as zoo, tempfile.TemporaryDirectory() as folder:
        suite = suite_of(zoo, args.journeys)
        print(f"suite: {len(plan(suite))} journeys on {len(suite.sites)} zoo sites", flush=True)
        if "workers" not in args.skip:
            by_workers(suite, Path(folder), args.workers, args.rounds)
        if "celery" not in args.skip:
            celery_workers(suite, Path(folder), args.rounds)
        if "memory" not in args.skip:
            memory_per_context(zoo, extra=5)
        if "rejudge" not in args.skip:
            out = Path(folder) / f"w{args.workers[0]}"
            if not (out / "evidence.json").is_file():
                timed_run(suite, out, executor="parallel", executor_options={"workers": max(args.workers)})
            rejudging(out, repeats=3)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
