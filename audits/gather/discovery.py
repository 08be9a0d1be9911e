"""robots.txt and sitemaps, read through the journey's own page so traces and HARs record them and replay serves them.

robots.txt is read by Protego (RFC 9309, wildcards); sitemaps, indexes and gzip by ultimate-sitemap-parser
(`usp`), which fetches nothing itself: its web client here is the page, bounded to the site's host and
to MAX_SITEMAPS files.
"""

from __future__ import annotations

import base64
import contextlib
import logging
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlparse

from protego import Protego
from usp.fetch_parse import SitemapFetcher
from usp.web_client.abstract_client import (
    AbstractWebClient,
    AbstractWebClientResponse,
    AbstractWebClientSuccessResponse,
    WebClientErrorResponse,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

USER_AGENT = "friction"
FETCH_TIMEOUT_MS = 5000
MAX_SITEMAPS = 20
MAX_SITEMAP_URLS = 50_000
MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps protocol's own limit, uncompressed
# A file the browser would download (a .gz served as application/gzip) is read by the page itself, same origin.
FETCH_JS = """async ([url, limit]) => {
  const response = await fetch(url, {credentials: "same-origin"});
  if (!response.ok) return null;
  const bytes = new Uint8Array(await response.arrayBuffer()).subarray(0, limit);
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return {type: response.headers.get("content-type") || "", body: btoa(text)};
}"""

# usp logs every missing or broken sitemap (as a warning or an error); a site without a readable
# sitemap is no news to our user, and the journey's coverage already says what was not read.
logging.getLogger("usp").setLevel(logging.CRITICAL)


@dataclass
class Discovery:
    """What the site says about itself: which paths it keeps from robots, which pages it lists."""

    robots: Protego | None = None  # the rules a journey obeys (None: none, or robots.txt is not respected)
    pages: list[str] = field(default_factory=list)
    sitemaps_read: int = 0
    cut: str = ""
    robots_text: str | None = None  # robots.txt as the site served it, respected or not

    def allows(self, url: str) -> bool:
        return self.robots is None or self.robots.can_fetch(url, USER_AGENT)

    def to_dict(self) -> dict[str, Any]:
        """What another journey needs to know it too: everything but the parsed rules."""
        return {"robots_text": self.robots_text, "pages": self.pages, "sitemaps_read": self.sitemaps_read,
                "cut": self.cut}

    @classmethod
    def from_dict(cls, data: dict[str, Any], respect_robots: bool) -> Discovery:
        """The discovery `to_dict` gave, its rules obeyed or not; of a damaged entry, what is whole."""
        text, pages, read = data.get("robots_text"), data.get("pages"), data.get("sitemaps_read")
        text = text if isinstance(text, str) else None
        return cls(robots=Protego.parse(text) if respect_robots and text is not None else None,
                   pages=[str(page) for page in pages] if isinstance(pages, list) else [],
                   sitemaps_read=read if isinstance(read, int) else 0, cut=str(data.get("cut") or ""),
                   robots_text=text)


@dataclass
class Fetched(AbstractWebClientSuccessResponse):
    """A body the page fetched, as usp reads a response."""

    address: str
    body: bytes
    content_type: str = ""

    def status_code(self) -> int:
        return 200

    def status_message(self) -> str:
        return "OK"

    def header(self, case_insensitive_name: str) -> str | None:
        return self.content_type if case_insensitive_name.lower() == "content-type" else None

    def raw_data(self) -> bytes:
        return self.body

    def url(self) -> str:
        return self.address


def _same_origin(page: Page, url: str) -> bool:
    here, there = urlparse(page.url), urlparse(url)
    return (here.scheme, here.netloc) == (there.scheme, there.netloc)


def _fetch(page: Page, url: str, limit: int = MAX_SITEMAP_BYTES) -> Fetched | None:
    """`url` loaded in `page` (or, for a file the browser would download, fetched by it), None when missing."""
    with contextlib.suppress(Exception):
        response = page.goto(url, wait_until="commit", timeout=FETCH_TIMEOUT_MS)
        if response is None or not response.ok:
            return None
        return Fetched(url, response.body()[:limit], response.headers.get("content-type", ""))
    if not _same_origin(page, url):
        return None
    with contextlib.suppress(Exception):
        got = page.evaluate(FETCH_JS, [url, limit])
        return Fetched(url, base64.b64decode(got["body"]), got["type"]) if got else None
    return None


class PageClient(AbstractWebClient):
    """usp's only way to the network: the journey's page, on the site's own host, at most `budget` files."""

    def __init__(self, page: Page, host: str | None, budget: int) -> None:
        self.page, self.host, self.budget = page, host, budget
        self.read = 0
        self.refused = 0
        self.limit = MAX_SITEMAP_BYTES

    def set_max_response_data_length(self, max_response_data_length: int | None) -> None:
        self.limit = min(max_response_data_length or MAX_SITEMAP_BYTES, MAX_SITEMAP_BYTES)

    def get(self, url: str) -> AbstractWebClientResponse:
        if urlparse(url).hostname != self.host:
            return WebClientErrorResponse(f"{url} is on another host", retryable=False)
        if self.read >= self.budget:
            self.refused += 1
            return WebClientErrorResponse(f"more than {self.budget} sitemaps", retryable=False)
        fetched = _fetch(self.page, url, self.limit)
        if fetched is None:
            return WebClientErrorResponse(f"{url} did not answer", retryable=False)
        self.read += 1
        return fetched


def _robots(page: Page, robots_url: str) -> str | None:
    fetched = _fetch(page, robots_url)
    return fetched.body.decode("utf-8", "replace") if fetched is not None else None


def discover(page: Page, start_url: str, respect_robots: bool) -> Discovery:
    """Read robots.txt (when respected) and every sitemap it or /sitemap.xml leads to, boundedly."""
    robots_url = urljoin(start_url, "/robots.txt")
    found = Discovery(robots_text=_robots(page, robots_url))
    parsed = Protego.parse(found.robots_text) if found.robots_text is not None else None
    if respect_robots:
        found.robots = parsed
    # robots.txt may name its sitemaps by path: relative to robots.txt itself.
    roots = [urljoin(robots_url, s) for s in parsed.sitemaps] if parsed is not None else []
    client = PageClient(page, urlparse(start_url).hostname, MAX_SITEMAPS)
    pages: list[str] = []
    for root in dict.fromkeys(roots or [urljoin(start_url, "/sitemap.xml")]):
        with contextlib.suppress(Exception):  # a URL usp refuses (not http, a loop): that sitemap is unread
            tree = SitemapFetcher(url=root, recursion_level=0, web_client=client).sitemap()
            pages += [p.url for p in islice(tree.all_pages(), max(0, MAX_SITEMAP_URLS + 1 - len(pages)))]
    found.sitemaps_read = client.read
    if client.refused or len(pages) > MAX_SITEMAP_URLS:
        found.cut = f"sitemaps beyond {MAX_SITEMAPS} files or {MAX_SITEMAP_URLS} pages were not read"
    found.pages = pages[:MAX_SITEMAP_URLS]
    return found
