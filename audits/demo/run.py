"""`friction demo`: serve the zoo on its fixed ports and run scenarios/demo.yaml against it."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from audits.demo.server import ZOO, Zoo, find_sites
from audits.model import RunResult
from audits.run.pipeline import Progress, run_suite
from audits.scenario import ScenarioError, load_suite

DEMO_SUITE = Path(__file__).resolve().parents[2] / "scenarios" / "demo.yaml"


def fixed_ports() -> dict[str, int]:
    return {site.slug: int(site.config["port"]) for site in find_sites(ZOO) if "port" in site.config}


@contextmanager
def zoo_on_fixed_ports() -> Iterator[Zoo]:
    zoo = Zoo(find_sites(ZOO))
    try:
        zoo.start(fixed_ports())
    except OSError as error:
        zoo.stop()
        raise ScenarioError([
            f"cannot serve the demo sites on their ports ({error.strerror}); is `friction demo serve` "
            "already running? If so, run `friction run scenarios/demo.yaml` against it instead"
        ]) from None
    try:
        yield zoo
    finally:
        zoo.stop()


def demo(out: Path, progress: Progress, say: Callable[[str], None]) -> tuple[RunResult, Path]:
    """Serve the zoo, run the demo suite, and return the result and the run directory."""
    suite = load_suite(DEMO_SUITE)
    with zoo_on_fixed_ports() as zoo:
        say(f"serving {len(zoo.sites)} demo companies on 127.0.0.1; running {DEMO_SUITE.name}")
        return run_suite(suite, out, progress), out


def serve_forever(say: Callable[[str], None]) -> int:
    """Serve the zoo until interrupted, printing each site's URL."""
    with zoo_on_fixed_ports() as zoo:
        for slug, site in sorted(zoo.sites.items()):
            say(f"{site.url:<28} {site.config.get('name', slug)}")
        say("serving; press Ctrl-C to stop")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            return 0
    return 0
