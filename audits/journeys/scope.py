"""Where a journey may go: the site's own hosts, support platforms it links to, never private networks."""

from __future__ import annotations

import ipaddress
from urllib import robotparser
from urllib.parse import urldefrag, urljoin, urlparse

from lxml import etree

from audits.facts import host_matches, host_of, lexicon

LOOPBACK_NAMES = ("localhost", "localhost.localdomain")


def _address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def is_private(host: str) -> bool:
    """Loopback, private, link-local (cloud metadata) or reserved addresses, and localhost."""
    if host in LOOPBACK_NAMES:
        return True
    address = _address(host)
    return address is not None and (address.is_private or address.is_loopback or address.is_link_local
                                    or address.is_reserved or address.is_multicast)


def normalise(url: str) -> str:
    """A URL without its fragment (unless it is a client-side route) and trailing slash noise."""
    plain, fragment = urldefrag(url)
    if fragment.startswith("/") or fragment.startswith("!"):
        return f"{plain}#{fragment}"
    return plain


def page_key(url: str) -> str:
    """One page however its query string varies (`/signin?next=/a` is `/signin`)."""
    parsed = urlparse(normalise(url))
    fragment = f"#{parsed.fragment}" if parsed.fragment else ""
    return f"{parsed.scheme}://{parsed.netloc}{parsed.path}{fragment}"


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


def robots(text: str, url: str) -> robotparser.RobotFileParser:
    parser = robotparser.RobotFileParser(urljoin(url, "/robots.txt"))
    parser.parse(text.splitlines())
    return parser


def sitemap_urls(xml: bytes) -> list[str]:
    """Page URLs listed in a sitemap (urlset); nested sitemap indexes are not followed."""
    try:
        root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return []
    return [loc.text.strip() for loc in root.iter("{*}loc") if loc.text]
