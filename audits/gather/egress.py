"""The one egress policy: what the browser may reach, judged by address class, enforced on every request of a context.

A journey may reach public addresses, and the network class of its own start URL (a site on
127.0.0.1 may load from 127.0.0.1); never a cloud metadata service, never a non-web scheme.
`allow_private` lifts the address rule. docs/security.md says what is and is not covered.
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
import socket
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as ResolveTimeout
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from audits.gather import script
from audits.untrusted import clean

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, CDPSession, Page, Request, Route, WebSocketRoute

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
# A host name to the addresses it resolves to (empty when it does not resolve).
Resolver = Callable[[str], list[str]]

REASON_CODE = "egress-refused"
# Every refused load's error says this, so journeys and the judge can name the reason.
REFUSED = "refused by the egress policy"
PUBLIC = "public"
WEB_SCHEMES = ("http", "https", "ws", "wss")
# Schemes that never leave the browser.
INNER_SCHEMES = ("data", "blob", "about", "javascript")
# Cloud instance metadata services (AWS, GCP, Azure, Oracle, OpenStack, ECS tasks, Alibaba, Azure's
# wire server): refused whatever the start URL, unless private addresses are allowed outright.
METADATA_ADDRESSES = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "169.254.169.123", "fd00:ec2::254", "100.100.100.200", "168.63.129.16"))
METADATA_NAMES = frozenset({"metadata.google.internal", "metadata.goog", "metadata", "instance-data",
                            "instance-data.ec2.internal"})
CGNAT = ipaddress.ip_network("100.64.0.0/10")
THIS_NETWORK = ipaddress.ip_network("0.0.0.0/8")  # Chromium connects 0.0.0.0 to this machine
UNIQUE_LOCAL = ipaddress.ip_network("fc00::/7")
NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Numbers, hex and dots: an IPv4 address in a form browsers still accept (decimal, octal, hex, shortened).
IPV4_SHORTHAND = re.compile(r"(0x[0-9a-f]+|[0-9]+)(\.(0x[0-9a-f]+|[0-9]+)){0,3}")
# Documentation ranges (RFC 5737, RFC 3849) are routed nowhere: nothing private stands behind them.
DOCUMENTATION = tuple(ipaddress.ip_network(n) for n in
                      ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32"))
CLASS_WORDS = {
    "metadata": "a cloud metadata address", "loopback": "a loopback address (this machine)",
    "link-local": "a link-local address", "shared": "a carrier-grade NAT address",
    "unique-local": "a unique-local IPv6 address", "reserved": "a reserved or multicast address",
    "private": "a private network address", "unresolved": "a name that did not resolve in time",
}
# What a new window shows before its redirects can be checked (it is followed in the main page).
NEW_WINDOW = "<!doctype html><title>New window</title><p>friction follows new windows in the main page.</p>"
# RFC 6761: names under .invalid never resolve, and resolvers must say so at once without asking the network.
NEVER_RESOLVES = "invalid"
# A slow resolver must not hang a journey: past this, the request is refused (the answer, when it
# comes, serves the next request to that host).
RESOLVE_SECONDS = 2.0


def address_class(address: Address) -> str:
    """The network class of an address: "public", or one of CLASS_WORDS."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return address_class(embedded)
    if address in METADATA_ADDRESSES:
        return "metadata"
    if address.is_loopback or address.is_unspecified or address in THIS_NETWORK:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address in CGNAT:
        return "shared"
    if address in UNIQUE_LOCAL:
        return "unique-local"
    if address.is_multicast or address.is_reserved:
        return "reserved"
    if address.is_private and not any(address in net for net in DOCUMENTATION):
        return "private"
    return PUBLIC


def literal(host: str) -> Address | None:
    """The address a host names directly (`10.0.0.5`, `[::1]`, and the old forms `2130706433`, `0x7f.1`), or None."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    if not IPV4_SHORTHAND.fullmatch(host):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def name_class(host: str) -> str | None:
    """The class a host has without asking DNS: an address literal, a metadata name, localhost; else None."""
    host = host.lower().rstrip(".")
    address = literal(host)
    if address is not None:
        return address_class(address)
    if host in METADATA_NAMES:
        return "metadata"
    if host == "localhost" or host.endswith(".localhost"):  # Chromium answers these itself
        return "loopback"
    return None


def system_resolve(host: str) -> list[str]:
    """The addresses the system resolver gives `host` (none when it does not resolve)."""
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    return sorted({str(info[4][0]).split("%")[0] for info in found})


@dataclass
class EgressPolicy:
    """Which URLs a journey that starts at `start_url` may load; `refusal(url)` says why not, or None."""

    start_url: str
    allow_private: bool = False
    resolve: Resolver | None = None  # None: system_resolve, looked up when the policy is made
    allowed: set[str] = field(init=False)
    _known: dict[str, list[tuple[str, str]]] = field(init=False, default_factory=dict)
    _pending: dict[str, Future[list[str]]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.resolve = self.resolve or system_resolve
        start = {klass for klass, _ in self.classes(urlsplit(self.start_url).hostname or "")}
        # The start URL's own network is the site's: a site on 127.0.0.1 loads from 127.0.0.1. Never metadata.
        self.allowed = {PUBLIC} | (start - {"metadata", "unresolved"})

    def refusal(self, url: str) -> str | None:
        """Why the browser may not load `url` (a sentence), or None when it may."""
        try:
            parts = urlsplit(url)
            host = parts.hostname or ""
        except ValueError:  # e.g. an unclosed IPv6 bracket: nothing a browser would load either
            return "it is not a valid URL"
        scheme = parts.scheme.lower()
        if scheme in INNER_SCHEMES:
            return None
        if scheme not in WEB_SCHEMES:
            return f"the {scheme}: scheme is not the web"
        if self.allow_private or not host:
            return None
        for klass, address in self.classes(host):
            if klass not in self.allowed:
                at = f" ({address})" if address and address != host else ""
                return f"{host} is {CLASS_WORDS[klass]}{at}"
        return None

    def classes(self, host: str) -> list[tuple[str, str]]:
        """(class, address) for each address `host` stands for; empty when it does not resolve."""
        host = host.lower().rstrip(".")
        if host in self._known:
            return self._known[host]
        known = name_class(host)
        if known is not None:
            found = [(known, host)]
        elif host == NEVER_RESOLVES or host.endswith(f".{NEVER_RESOLVES}"):
            found = []  # no resolver is asked: the browser fails the load by itself
        else:
            addresses = self._lookup(host)
            if addresses is None:
                return [("unresolved", "")]  # not kept: the next request to this host asks again
            found = [(address_class(ipaddress.ip_address(a)), a) for a in addresses]
        self._known[host] = found
        return found

    def _lookup(self, host: str) -> list[str] | None:
        """The resolver's answer within RESOLVE_SECONDS, or None; it runs on in the background."""
        pending = self._pending.get(host)
        if pending is None:
            pending = self._pending[host] = Future()
            resolve = self.resolve or system_resolve
            threading.Thread(target=_settle, args=(pending, resolve, host), daemon=True).start()
        try:
            return pending.result(timeout=RESOLVE_SECONDS)
        except ResolveTimeout:
            return None


def _settle(future: Future[list[str]], resolve: Resolver, host: str) -> None:
    try:
        future.set_result(resolve(host))
    except Exception:  # a resolver that fails answers "does not resolve"
        future.set_result([])


class Guard:
    """Enforces a policy on a browser context: its requests, the redirects they answer, its websockets."""

    def __init__(self, context: BrowserContext, policy: EgressPolicy) -> None:
        self.policy = policy
        self.listeners: list[Callable[[dict[str, Any]], None]] = []
        self._watched: weakref.WeakSet[Page] = weakref.WeakSet()
        context.route("**/*", self._on_route)
        context.route_web_socket(lambda url: True, self._on_web_socket)

    def _refuse(self, url: str, why: str, how: str, page: bool) -> None:
        entry = {"url": clean(url)[:500], "reason": clean(why)[:300], "how": how, "page": page}
        for listener in self.listeners:
            listener(entry)

    def _on_route(self, route: Route) -> None:
        request = route.request
        why = self.policy.refusal(request.url)
        with contextlib.suppress(Exception):  # the page may be gone already: nothing left to load
            if why is None and self._unguarded_window(request):
                # A new window's pages would load before their redirects can be checked: each gets a blank
                # page at its address instead (the driver follows new windows in the main page).
                route.fulfill(status=200, content_type="text/html", body=NEW_WINDOW)
                return
            if why is None:
                route.fallback()
                return
            self._refuse(request.url, why, "request", self._page_load(request))
            route.abort("blockedbyclient")

    def _unguarded_window(self, request: Request) -> bool:
        """A page load in a new window the site opened, whose redirects cannot be checked."""
        if not request.is_navigation_request():
            return False
        try:
            frame = request.frame
        except Exception:  # issued before its frame exists: a new window's first load
            return True
        return frame.parent_frame is None and frame.page not in self._watched and frame.page.opener() is not None

    def _page_load(self, request: Request) -> bool:
        """A load of the page in front of us: the main frame of a page friction opened, not a new window's."""
        try:
            frame = request.frame
            return request.is_navigation_request() and frame.parent_frame is None and frame.page in self._watched
        except Exception:  # the frame is gone, or not there yet: not the page in front of us
            return False

    def _on_web_socket(self, socket: WebSocketRoute) -> None:
        why = self.policy.refusal(socket.url)
        with contextlib.suppress(Exception):
            if why is None:
                socket.connect_to_server()
                return
            self._refuse(socket.url, why, "websocket", False)
            socket.close(code=1008, reason=REFUSED)

    def watch_redirects(self, page: Page) -> None:
        """Routes never see a redirect's next hop: a DevTools session on the page checks each 3xx before it is
        followed. Only once the page is open: a session attached from the context's `page` event intercepts
        nothing, and one attached from a route handler hangs the page (both measured with Playwright 1.65)."""
        if page in self._watched:
            return
        self._watched.add(page)
        try:
            session = script.session(page)  # shared with friction's own calls: one session a page
            main = session.send("Page.getFrameTree")["frameTree"]["frame"]["id"]
            session.on("Fetch.requestPaused", lambda event: self._on_response(session, main, event))
            session.send("Fetch.enable", {"patterns": [{"urlPattern": "*", "requestStage": "Response"}]})
        except Exception:  # a page closed as it opened: nothing to guard
            self._watched.discard(page)

    def _on_response(self, session: CDPSession, main: str, event: dict[str, Any]) -> None:
        status = event.get("responseStatusCode") or 0
        location = next((h["value"] for h in event.get("responseHeaders") or []
                         if h.get("name", "").lower() == "location"), None) if 300 <= status < 400 else None
        try:
            target = urljoin(event["request"]["url"], location) if location else ""
        except ValueError:
            target = location or ""
        why = self.policy.refusal(target) if target else None
        with contextlib.suppress(Exception):  # the page closed while the response was held
            if why is None:
                session.send("Fetch.continueRequest", {"requestId": event["requestId"]})
                return
            page = event.get("resourceType") == "Document" and event.get("frameId") == main
            self._refuse(target, f"{why}, in a redirect from {event['request']['url']}", "redirect", page)
            session.send("Fetch.failRequest", {"requestId": event["requestId"], "errorReason": "BlockedByClient"})


_GUARDS: weakref.WeakKeyDictionary[BrowserContext, Guard] = weakref.WeakKeyDictionary()


def guard(context: BrowserContext, start_url: str, allow_private: bool = False) -> Guard:
    """Install the egress policy for a journey starting at `start_url` on `context`."""
    installed = _GUARDS[context] = Guard(context, EgressPolicy(start_url, allow_private))
    return installed


def new_page(context: BrowserContext) -> Page:
    """A page of `context` whose redirects its guard checks too (a context without a guard gives a plain page)."""
    page = context.new_page()
    installed = _GUARDS.get(context)
    if installed is not None:
        installed.watch_redirects(page)
    return page


def listen(context: BrowserContext, listener: Callable[[dict[str, Any]], None]) -> None:
    """Call `listener` with each request the context's guard refuses from now on (none without a guard)."""
    installed = _GUARDS.get(context)
    if installed is not None:
        installed.listeners.append(listener)


def refused_load(refused: list[dict[str, Any]]) -> str | None:
    """The error of a step whose page load the policy refused ("... refused by the egress policy ..."), or None."""
    loads = [r for r in refused if r.get("page")]
    if not loads:
        return None
    return f"the browser could not load {loads[-1]['url']}: {REFUSED} ({loads[-1]['reason']})"


def is_refused(error: str | None) -> bool:
    """Whether a step's error is a load the policy refused."""
    return REFUSED in (error or "")
