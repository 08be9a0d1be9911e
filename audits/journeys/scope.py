"""Where a journey may go: the site's own hosts, support platforms it links to, never private networks."""

from __future__ import annotations

from urllib.parse import urlparse

from audits.facts import host_matches, host_of, lexicon
from audits.gather.egress import PUBLIC, name_class


def is_private(host: str) -> bool:
    """An address or name that is not on the public web (the egress policy's classes, without asking DNS)."""
    return name_class(host) not in (None, PUBLIC)


class Scope:
    """The hosts a journey may visit; support platforms the site links to are adopted on the way."""

    def __init__(self, start_url: str, allowed_domains: list[str], allow_private: bool = False) -> None:
        start_host = host_of(start_url)
        self.hosts: set[str] = {start_host, *(d.lower().removeprefix("www.") for d in allowed_domains)}
        self.private_ok = allow_private or is_private(start_host)
        words = lexicon()["channels"]
        self.never = [*words["social_hosts"], *words["messaging_hosts"], *words["app_store_hosts"]]

    def allows(self, url: str) -> bool:
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https"):
            return False
        host = host_of(url)
        if is_private(host) and not self.private_ok:
            return False
        return host_matches(host, sorted(self.hosts))

    def may_adopt(self, url: str) -> bool:
        """Another host the site links to for support (a help centre, a support platform)."""
        parsed = urlparse(url)
        host = host_of(url)
        if parsed.scheme not in ("http", "https") or not host or host_matches(host, self.never):
            return False
        return not is_private(host) or self.private_ok

    def adopt(self, url: str) -> None:
        self.hosts.add(host_of(url))
