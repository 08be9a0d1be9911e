"""robots.txt and sitemaps, fetched through the journey's own page so traces and HARs record them."""

from __future__ import annotations

import contextlib
import gzip
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlparse

from lxml import etree
from protego import Protego

if TYPE_CHECKING:
    from playwright.sync_api import Page

USER_AGENT = "friction"
FETCH_TIMEOUT_MS = 5000
MAX_SITEMAPS = 20
MAX_SITEMAP_URLS = 50_000


@dataclass
class Discovery:
    """What the site says about itself: which paths it keeps from robots, which pages it lists."""

    robots: Protego | None = None
    pages: list[str] = field(default_factory=list)
    sitemaps_read: int = 0
    cut: str = ""

    def allows(self, url: str) -> bool:
        return self.robots is None or self.robots.can_fetch(url, USER_AGENT)


def _fetch(page: Page, url: str) -> bytes | None:
    """The body of `url` loaded in `page`, or None when it is missing or fails."""
    with contextlib.suppress(Exception):
        response = page.goto(url, wait_until="commit", timeout=FETCH_TIMEOUT_MS)
        if response is not None and response.ok:
            return response.body()
    return None


def _locs(xml: bytes) -> tuple[list[str], list[str]]:
    """(page URLs, nested sitemap URLs) in a sitemap or sitemap index; gzip is unpacked."""
    if xml[:2] == b"\x1f\x8b":
        with contextlib.suppress(OSError):
            xml = gzip.decompress(xml)
    try:
        root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError:
        return [], []
    pages = [loc.text.strip() for loc in root.iterfind("{*}url/{*}loc") if loc.text]
    nested = [loc.text.strip() for loc in root.iterfind("{*}sitemap/{*}loc") if loc.text]
    return pages, nested


def discover(page: Page, start_url: str, respect_robots: bool) -> Discovery:
    """Read robots.txt (when respected) and every sitemap it or /sitemap.xml leads to, boundedly."""
    found = Discovery()
    robots_txt = _fetch(page, urljoin(start_url, "/robots.txt"))
    parsed = Protego.parse(robots_txt.decode("utf-8", "replace")) if robots_txt is not None else None
    if respect_robots:
        found.robots = parsed
    queue = list(parsed.sitemaps) if parsed is not None else []
    queue = queue or [urljoin(start_url, "/sitemap.xml")]
    seen: set[str] = set()
    while queue and found.sitemaps_read < MAX_SITEMAPS:
        url = queue.pop(0)
        if url in seen or urlparse(url).hostname != urlparse(start_url).hostname:
            continue
        seen.add(url)
        body = _fetch(page, url)
        if body is None:
            continue
        found.sitemaps_read += 1
        pages, nested = _locs(body)
        found.pages += pages
        queue += nested
    if queue or len(found.pages) > MAX_SITEMAP_URLS:
        found.cut = f"sitemaps beyond {MAX_SITEMAPS} files or {MAX_SITEMAP_URLS} pages were not read"
    found.pages = found.pages[:MAX_SITEMAP_URLS]
    return found
