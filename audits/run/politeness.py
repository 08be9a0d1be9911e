"""Per-host politeness: at most M journeys at once and a minimum gap between starts on one real host.

A real host is any host but loopback; `FRICTION_REAL_HOSTS` (comma-separated host names, e.g.
`127.0.0.1`) makes loopback hosts count as real too, so tests can prove the limit on a local server.
"""

from __future__ import annotations

import ipaddress
import os
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

REAL_HOSTS_ENV = "FRICTION_REAL_HOSTS"
DEFAULT_PER_HOST = 2
DEFAULT_GAP_SECONDS = 1.0


def _loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def real_hosts_from_env() -> frozenset[str]:
    return frozenset(h.strip().lower() for h in os.environ.get(REAL_HOSTS_ENV, "").split(",") if h.strip())


@dataclass
class Politeness:
    """Decides when a journey may start on its site's host; one instance schedules every worker."""

    per_host: int = DEFAULT_PER_HOST
    gap: float = DEFAULT_GAP_SECONDS
    real_hosts: frozenset[str] = field(default_factory=real_hosts_from_env)
    running: dict[str, int] = field(default_factory=dict)
    last_start: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.per_host < 1:
            raise ValueError(f"--per-host: expected 1 or more concurrent journeys, got {self.per_host}")
        if self.gap < 0:
            raise ValueError(f"--host-gap: expected 0 seconds or more, got {self.gap}")

    def host(self, url: str) -> str | None:
        """The host a journey starting at `url` is counted against; None when it is exempt (loopback)."""
        host = (urlparse(url).hostname or "").lower()
        return host if host and (host in self.real_hosts or not _loopback(host)) else None

    def wait(self, host: str | None, now: float | None = None) -> float | None:
        """Seconds before a journey may start on `host` (0: now); None while the host is full."""
        if host is None:
            return 0.0
        if self.running.get(host, 0) >= self.per_host:
            return None
        since = (now if now is not None else time.monotonic()) - self.last_start.get(host, float("-inf"))
        return max(0.0, self.gap - since)

    def start(self, host: str | None, now: float | None = None) -> None:
        if host is not None:
            self.running[host] = self.running.get(host, 0) + 1
            self.last_start[host] = now if now is not None else time.monotonic()

    def end(self, host: str | None) -> None:
        if host is not None:
            self.running[host] -= 1


# The same limit for a fleet, kept on its Redis broker: a host's running journeys are a sorted set of
# holders scored by when their hold lapses (a worker that died frees its place at its hard time
# limit), and the gap is a key that lives `gap` milliseconds. Checked and taken in one step.
_TAKE = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
if tonumber(ARGV[4]) > 0 and not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[5])
redis.call('EXPIRE', KEYS[1], math.ceil(tonumber(ARGV[2]) - tonumber(ARGV[1])) + 1)
return 1
"""


def take_shared(client: Any, host: str, holder: str, per_host: int, gap: float, hold_seconds: float) -> bool:
    """Take one of `host`'s places on the broker for `holder`; False while the host is full or its gap runs."""
    now = time.time()
    keys = [f"friction:host:{host}:running", f"friction:host:{host}:gap"]
    return bool(client.eval(_TAKE, 2, *keys, now, now + hold_seconds, per_host, int(gap * 1000), holder))


def release_shared(client: Any, host: str, holder: str) -> None:
    client.zrem(f"friction:host:{host}:running", holder)
