"""Serves the demo companies (and test fixture sites) on 127.0.0.1, one port per site."""

from __future__ import annotations

import contextlib
import json
import mimetypes
import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import yaml
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, TemplateNotFound, select_autoescape

ZOO = Path(__file__).parent / "sites"
SHARED = Path(__file__).parent / "shared"


@dataclass
class Route:
    """Server-side behaviour declared in site.yaml: redirect, status, delay, JSON, page, or a reset connection."""

    path: str
    method: str = "GET"
    status: int = 200
    redirect: str | None = None
    page: str | None = None
    json: Any = None
    delay: float = 0
    body: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    reset: bool = False


@dataclass
class Site:
    """One company site: its folder, its settings and, once served, its URL."""

    slug: str
    root: Path
    config: dict[str, Any]
    routes: list[Route]
    url: str = ""
    hits: dict[str, int] = field(default_factory=dict)
    posts: int = 0  # POST requests received: a test can prove that nothing was sent
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def count(self, path: str) -> int:
        """How many times this path has been served as a page, this one included (from 1)."""
        with self._lock:
            self.hits[path] = self.hits.get(path, 0) + 1
            return self.hits[path]

    @property
    def host(self) -> str:
        return str(self.config.get("host", "127.0.0.1"))

    @classmethod
    def load(cls, root: Path) -> Site:
        config = yaml.safe_load((root / "site.yaml").read_text(encoding="utf-8")) or {}
        routes = [Route(**r) for r in config.get("routes", [])]
        return cls(root.name, root, config, routes)


def find_sites(*folders: Path) -> list[Site]:
    """Every folder with a site.yaml below the given folders, in name order."""
    return [Site.load(p.parent) for folder in folders for p in sorted(folder.glob("*/site.yaml"))]


class Sender(BaseHTTPRequestHandler):
    """A test server's handler that answers whole bodies, never cached (the hostile fixture's too)."""

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class Handler(Sender):
    """Answers one site's requests: declared routes first, then pages, then static files."""

    server_version = "friction-demo/1.0"
    site: Site
    zoo: Zoo
    env: Environment

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read the journeys
        pass

    def do_GET(self) -> None:
        self._answer("GET")

    def do_HEAD(self) -> None:
        self._answer("GET")

    def do_POST(self) -> None:
        with self.site._lock:
            self.site.posts += 1
        self._answer("POST")

    def _form(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        if "json" in (self.headers.get("Content-Type") or ""):
            try:
                data = json.loads(raw or "{}")
                return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
            except json.JSONDecodeError:
                return {}
        return {k: v[-1] for k, v in parse_qs(raw).items()}

    def _answer(self, method: str) -> None:
        parsed = urlparse(self.path)
        path = parsed.path or "/"
        query = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        form = self._form() if method == "POST" else {}
        routes = [r for r in self.site.routes if r.method == method]
        route = next((r for r in routes if r.path == path), None)
        if route is not None:
            self._route(route, path, query, form)
        elif method == "GET" and self._static(path):
            pass
        elif pattern := next((r for r in routes if "*" in r.path and fnmatchcase(path, r.path)), None):
            # A "*" route (generated pages, a single-page app's fallback) yields to files and exact routes.
            self._route(pattern, path, query, form)
        else:
            self._page(path, query, form, 200)

    def _route(self, route: Route, path: str, query: dict[str, str], form: dict[str, str]) -> None:
        if route.delay:
            time.sleep(route.delay)
        if route.reset:
            # An abortive close (linger 0) sends a TCP reset instead of an answer.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        elif route.redirect is not None:
            self._send(route.status if route.status in (301, 302, 303, 307, 308) else 302, b"",
                       {"Location": self.zoo.expand(route.redirect), **route.headers})
        elif route.json is not None:
            self._send(route.status, json.dumps(route.json).encode(),
                       {"Content-Type": "application/json", **route.headers})
        elif route.body is not None:
            self._send(route.status, route.body.encode(), {"Content-Type": "text/plain", **route.headers})
        else:
            self._page(path, query, form, route.status, route.headers, page=route.page)

    def _static(self, path: str) -> bool:
        for base in (self.site.root / "static", SHARED / "static"):
            name = path.removeprefix("/static/") if path.startswith("/static/") else path.lstrip("/")
            candidate = (base / name).resolve()
            if name and candidate.is_file() and base.resolve() in candidate.parents:
                kind = mimetypes.guess_type(candidate.name)[0] or "application/octet-stream"
                self._send(200, candidate.read_bytes(), {"Content-Type": kind})
                return True
        return False

    def _cookies(self) -> dict[str, str]:
        """The request's cookies: a page may show a signed-in member what a visitor does not see."""
        jar = SimpleCookie()
        with contextlib.suppress(Exception):
            jar.load(self.headers.get("Cookie") or "")
        return {key: morsel.value for key, morsel in jar.items()}

    def _template_name(self, path: str) -> str:
        name = path.strip("/") or "index"
        return name if name.endswith(".html") else f"{name}.html"

    def _page(self, path: str, query: dict[str, str], form: dict[str, str], status: int,
              headers: dict[str, str] | None = None, page: str | None = None) -> None:
        # Templates whose name starts with "_" are layouts and partials, never pages (a route may name one).
        # `path` stays the requested path: a route's template can read it (generated pages, an app shell).
        hidden = any(part.startswith("_") for part in path.split("/"))
        if page is not None:
            names = [self._template_name(page)]
        else:
            names = [] if hidden else [self._template_name(path), f"{path.strip('/')}/index.html"]
        for name in names:
            try:
                template = self.env.get_template(name)
                break
            except TemplateNotFound:
                continue
        else:
            template, status = self.env.get_template("404.html"), 404
        context = {"site": self.site.config, "sites": self.zoo.urls(), "path": path, "query": query,
                   "form": form, "method": self.command, "hits": self.site.count(path), "cookies": self._cookies()}
        body = template.render(**context).encode()
        # A route may set headers, e.g. a sitemap template served as application/xml.
        self._send(status, body, {"Content-Type": "text/html; charset=utf-8", **(headers or {})})



class Zoo:
    """A set of sites, each on its own port of 127.0.0.1, served from background threads."""

    def __init__(self, sites: list[Site]) -> None:
        self.sites = {site.slug: site for site in sites}
        self._servers: list[ThreadingHTTPServer] = []

    def urls(self) -> dict[str, str]:
        return {slug: site.url for slug, site in self.sites.items()}

    def url(self, slug: str, path: str = "/") -> str:
        return self.sites[slug].url.rstrip("/") + path

    def expand(self, target: str) -> str:
        """Route targets may name another site: `@help-site/path`."""
        if target.startswith("@"):
            slug, _, rest = target[1:].partition("/")
            return self.url(slug, "/" + rest)
        return target

    def start(self, ports: dict[str, int] | None = None) -> Zoo:
        for slug, site in self.sites.items():
            env = Environment(
                loader=ChoiceLoader([FileSystemLoader(site.root / "pages"), FileSystemLoader(SHARED / "templates")]),
                autoescape=select_autoescape(default=True),
            )
            handler = type(f"Handler_{slug}", (Handler,), {"site": site, "zoo": self, "env": env})
            server = ThreadingHTTPServer(("127.0.0.1", (ports or {}).get(slug, 0)), handler)
            server.daemon_threads = True
            site.url = f"http://{site.host}:{server.server_address[1]}/"
            threading.Thread(target=server.serve_forever, name=f"zoo-{slug}", daemon=True).start()
            self._servers.append(server)
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()


@contextmanager
def serve(*folders: Path, ports: dict[str, int] | None = None) -> Iterator[Zoo]:
    """Serve every site below `folders` (default: the zoo) until the block ends."""
    zoo = Zoo(find_sites(*(folders or (ZOO,)))).start(ports)
    try:
        yield zoo
    finally:
        zoo.stop()
