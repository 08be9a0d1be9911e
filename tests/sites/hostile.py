"""Hostile sites on 127.0.0.1: one server, one start path per fault, each with the verdict it must end in.

Every fault is a small site under `/<fault>/`: a home page (the journey's start) and, where the
fault sits behind a click, a "Contact us" page. A phone number is offered only where a customer
could honestly read it, so each verdict says whether friction saw through the fault or named it.
Two faults are addresses nobody answers at: a refused port, and a host that Chromium is told not to
resolve (`UNRESOLVED_RULE`, so no DNS query ever leaves the machine).
"""

from __future__ import annotations

import contextlib
import html
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from audits.demo.server import Sender

PHONE = '<a href="tel:+12125550147">(212) 555-0147</a>'
UNRESOLVED_HOST = "nowhere.invalid"
# Chromium's host-resolver rule that fails this host's DNS inside the browser, before any packet.
UNRESOLVED_RULE = f"--host-resolver-rules=MAP {UNRESOLVED_HOST} ~NOTFOUND"
XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'><svg onload=alert(3)>"
DRIP_BYTES_PER_SECOND = 4
BIG_DOM_NODES = 100_000
BIG_PAGE_BYTES = 20 * 1024 * 1024
MANY_LINKS = 5_000


@dataclass(frozen=True)
class Fault:
    """One hostile site: where it starts, what it does, and the verdict friction must give it."""

    id: str
    does: str
    outcome: str
    reason: str | None  # None: the goal is reached in spite of the fault
    # What else the journey must show it noticed (a finding id, or an event kind on its steps).
    noticed: str = ""
    start: str = ""  # the start URL's path when not /<id>/ (the address faults set their own URL)


FAULTS: tuple[Fault, ...] = (
    Fault("hang", "the start page never answers", "failed", "timeout"),
    Fault("hang-after-click", "the contact page never answers", "failed", "timeout"),
    Fault("slow-drip", "the start page trickles a few bytes a second and never ends", "failed", "timeout"),
    Fault("redirect-loop", "the server redirects (302) to itself forever", "failed", "loop"),
    Fault("js-redirect-loop", "two pages send each other on by script", "failed", "loop"),
    Fault("meta-refresh-loop", "two pages refresh to each other", "failed", "loop"),
    Fault("http-500", "the start page answers 500", "error", "unreachable"),
    Fault("http-502", "the start page answers 502", "error", "unreachable"),
    Fault("http-503", "the start page answers 503", "error", "unreachable"),
    Fault("reset", "the connection is reset", "error", "unreachable"),
    Fault("busy-loop", "a script runs `while (true)`", "failed", "unresponsive"),
    Fault("busy-after-click", "once drawn, the contact page's script runs `while (true)`", "failed", "unresponsive"),
    Fault("busy-on-press", "pressing the mouse on the contact link runs `while (true)`", "failed", "unresponsive"),
    Fault("dialog-storm", "alert, confirm and prompt in a loop", "failed", "dialog-storm"),
    Fault("popup-storm", "window.open in a loop; the phone is one click away", "reached", None, "popups"),
    Fault("download", "the start page is a file (Content-Disposition: attachment)", "failed", "download"),
    Fault("download-link", "“Contact us” is a .zip file", "failed", "download", "downloads"),
    Fault("huge-dom", f"{BIG_DOM_NODES:,} nodes, the phone in the footer after them", "reached", None),
    Fault("huge-page", f"a {BIG_PAGE_BYTES // 2**20} MB page, the phone in the footer at its end", "reached", None),
    Fault("infinite-scroll", "more items on every scroll, the phone in the footer", "reached", None),
    Fault("nested-iframes", "the phone inside five nested frames", "reached", None),
    Fault("shadow-dom", "the phone inside a shadow root", "reached", None),
    Fault("beforeunload", "leaving the start page asks “are you sure?”", "reached", None, "dialogs"),
    Fault("pushstate-loop", "the address changes by pushState every 50 ms", "reached", None),
    Fault("window-close", "the contact page tries to close its own window", "reached", None, "closing"),
    Fault("refused", "nothing listens on the start URL's port", "error", "unreachable"),
    Fault("unresolvable", "the start URL's host does not resolve", "error", "unreachable"),
    Fault("many-links", f"{MANY_LINKS:,} links, the contact page linked once among them", "reached", None),
    Fault("xss", "script payloads in the title, links, alt texts, URLs and phone-like text", "reached", None),
    Fault("lone-surrogate", "half a surrogate pair in the title", "reached", None),
    Fault("login-echo", "a login page that echoes the password it was sent", "gated", "login"),
    Fault("memory-hog", "a script that keeps allocating memory", "failed", "memory"),
)


def _page(title: str, body: str, head: str = "") -> str:
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
            f"<body>{body}</body></html>")


def _home(fault: str, extra: str = "", contact: str = "contact") -> str:
    return _page(f"{fault} home", f"<h1>Welcome</h1><nav><a href='/{fault}/{contact}'>Contact us</a></nav>{extra}")


def _contact(fault: str, extra: str = "") -> str:
    return _page(f"{fault} contact", f"<h1>Contact us</h1><p>Call us on {PHONE}.</p>{extra}")


def _huge_dom() -> str:
    rows = "".join(f"<div><span>row {i}</span></div>" for i in range(BIG_DOM_NODES // 3))
    return _page("huge-dom home", f"<h1>Catalogue</h1>{rows}<footer>Call us on {PHONE}</footer>")


def _huge_page() -> str:
    filler = "<p>" + "lorem ipsum dolor sit amet " * 40 + "</p>"
    count = BIG_PAGE_BYTES // len(filler)
    return _page("huge-page home", f"<h1>Terms</h1>{filler * count}<footer>Call us on {PHONE}</footer>")


def _infinite_scroll() -> str:
    script = ("<script>let n = 0; const more = () => { for (let i = 0; i < 50; i++) {"
              " const p = document.createElement('p'); p.textContent = 'item ' + (n++);"
              " document.getElementById('feed').append(p); } };"
              " more(); addEventListener('scroll', more); setInterval(more, 500);</script>")
    return _page("infinite-scroll home", f"<h1>Feed</h1><div id='feed'></div>{script}"
                                         f"<footer style='position:fixed;bottom:0'>Call us on {PHONE}</footer>")


def _nested_frames(depth: int) -> str:
    if depth == 0:
        return _page("inner", f"<p>Call us on {PHONE}</p>")
    return _page(f"frame {depth}", f"<p>frame {depth}</p>"
                                   f"<iframe src='/nested-iframes/frame?d={depth - 1}' width=600 height=400></iframe>")


def _shadow_dom() -> str:
    script = ("<script>const host = document.getElementById('card'); const root = host.attachShadow({mode: 'open'});"
              f" root.innerHTML = '<p>Call us on {PHONE}</p>';</script>")
    return _page("shadow-dom home", f"<h1>Contact us</h1><div id='card'></div>{script}")


def _many_links() -> str:
    links = [f"<a href='/many-links/product/{i}'>Product {i}</a>" for i in range(MANY_LINKS)]
    links.insert(MANY_LINKS * 4 // 5, "<a href='/many-links/contact'>Contact us</a>")
    return _page("many-links home", f"<h1>Every product</h1><ul>{''.join(f'<li>{a}</li>' for a in links)}</ul>")


def _xss_home() -> str:
    body = (f"<h1>{XSS}</h1><nav><a href='/xss/contact?q={html.escape(XSS, quote=True)}'>Contact {XSS}</a>"
            f" <a href='javascript:alert(4)'>Help {XSS}</a></nav>"
            f"<img src='/xss/none.png' alt='{html.escape(XSS, quote=True)}'>"
            "")
    return _page(XSS, body)


def _xss_contact() -> str:
    return _page(f"Contact {XSS}", f"<h1>Contact {XSS}</h1><p>Call us on {PHONE} <i>{XSS}</i></p>"
                                   f"<p>or on +1 212 555 <b>{XSS}</b> 0148</p>")


def _login(query: dict[str, str]) -> str:
    who, password = query.get("user", ""), query.get("password", "")
    echoed = f"<p>Wrong password for {html.escape(who)}: {html.escape(password)}</p>" if password else ""
    form = ("<form method='get' action='/login-echo/contact'><label>Email <input name='user' type='email'></label>"
            "<label>Password <input name='password' type='password'></label><button>Log in</button></form>")
    title = f"Log in {html.escape(password)}" if password else "Log in"
    return _page(title, f"<h1>Log in to see our contact details</h1>"
                        f"<p>Please log in to your account to contact us.</p>{echoed}{form}")


PAGES: dict[str, Callable[[dict[str, str]], str]] = {
    "/hang-after-click/": lambda q: _home("hang-after-click"),
    "/js-redirect-loop/": lambda q: _page("a", "<p>a</p><script>location.href = '/js-redirect-loop/b'</script>"),
    "/js-redirect-loop/b": lambda q: _page("b", "<p>b</p><script>location.href = '/js-redirect-loop/'</script>"),
    "/meta-refresh-loop/": lambda q: _page("a", "<p>a</p>", "<meta http-equiv='refresh' content='0;url=b'>"),
    "/meta-refresh-loop/b": lambda q: _page("b", "<p>b</p>", "<meta http-equiv='refresh' content='0;url=./'>"),
    "/busy-loop/": lambda q: _page("busy", "<h1>Busy</h1><script>while (true) {}</script>"),
    "/busy-after-click/": lambda q: _home("busy-after-click"),
    "/busy-on-press/": lambda q: _home("busy-on-press", "<script>document.querySelector('nav a')"
                                                        ".onmousedown = () => { while (true) {} }</script>"),
    "/busy-after-click/contact": lambda q: _page("busy contact", "<h1>Contact us</h1>"
                                                 "<script>setTimeout(() => { while (true) {} })</script>"),
    "/dialog-storm/": lambda q: _page("dialogs", "<h1>Hello</h1><script>for (;;) { alert('Hello!');"
                                                 " confirm('Are you sure?'); prompt('Your name?'); }</script>"),
    "/popup-storm/": lambda q: _home("popup-storm", "<script>for (let i = 0; i < 60; i++)"
                                                    " window.open('/popup-storm/ad?n=' + i);"
                                                    " setInterval(() => window.open('/popup-storm/ad'), 300);"
                                                    "</script>"),
    "/popup-storm/ad": lambda q: _page("Ad", f"<h1>Buy now</h1><p>Call {PHONE.replace('0147', '0199')}</p>"),
    "/popup-storm/contact": lambda q: _contact("popup-storm"),
    "/download-link/": lambda q: _home("download-link", contact="contact.zip"),
    "/huge-dom/": lambda q: _huge_dom(),
    "/huge-page/": lambda q: _huge_page(),
    "/infinite-scroll/": lambda q: _infinite_scroll(),
    "/nested-iframes/": lambda q: _nested_frames(5),
    "/nested-iframes/frame": lambda q: _nested_frames(int(q.get("d", "0"))),
    "/shadow-dom/": lambda q: _shadow_dom(),
    "/beforeunload/": lambda q: _home("beforeunload", "<script>addEventListener('beforeunload', e =>"
                                                      " { e.preventDefault(); e.returnValue = 'Stay?'; });</script>"),
    "/beforeunload/contact": lambda q: _contact("beforeunload"),
    "/pushstate-loop/": lambda q: _home("pushstate-loop", "<script>let n = 0; setInterval(() =>"
                                                          " history.pushState({}, '', '/pushstate-loop/?n=' + (n++)),"
                                                          " 50);</script>"),
    "/pushstate-loop/contact": lambda q: _contact("pushstate-loop"),
    "/window-close/": lambda q: _home("window-close"),
    "/window-close/contact": lambda q: _contact("window-close", "<script>window.close()</script>"),
    "/many-links/": lambda q: _many_links(),
    "/many-links/contact": lambda q: _contact("many-links"),
    "/xss/": lambda q: _xss_home(),
    "/xss/contact": lambda q: _xss_contact(),
    "/lone-surrogate/": lambda q: _home("lone-surrogate", "<script>document.title = 'Half \\ud800 a pair';</script>"),
    "/lone-surrogate/contact": lambda q: _contact("lone-surrogate"),
    "/login-echo/": lambda q: _home("login-echo"),
    "/login-echo/contact": _login,
    "/memory-hog/": lambda q: _page("hog", "<h1>Loading</h1><script>const kept = [];"
                                           " const grow = (n) => { for (let i = 0; i < n; i++)"
                                           " kept.push(new Array(1 << 20).fill(i + 0.5)); };"
                                           " grow(64); setInterval(() => grow(8), 100);</script>"),
    "/http-500/": lambda q: _contact("http-500"),
    "/http-502/": lambda q: _contact("http-502"),
    "/http-503/": lambda q: _contact("http-503"),
}
STATUS = {"/http-500/": 500, "/http-502/": 502, "/http-503/": 503}


@dataclass
class Hostile:
    """The running server: the start URL of each fault, and a way to stop the ones that never end."""

    port: int
    refused_port: int
    stop: threading.Event = field(default_factory=threading.Event)

    def url(self, fault: str) -> str:
        if fault == "refused":
            return f"http://127.0.0.1:{self.refused_port}/"
        if fault == "unresolvable":
            return f"http://{UNRESOLVED_HOST}:{self.port}/"
        return f"http://127.0.0.1:{self.port}/{fault}/"


def _handler(hostile: Hostile) -> type[BaseHTTPRequestHandler]:
    class Handler(Sender):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            path, _, query = self.path.partition("?")
            params = {p.partition("=")[0]: p.partition("=")[2] for p in query.split("&") if p}
            if path in ("/hang/", "/hang-after-click/contact"):
                hostile.stop.wait()  # never answers while the server runs
            elif path == "/slow-drip/":
                self._drip()
            elif path == "/redirect-loop/":
                self._send(302, b"", {"Location": f"/redirect-loop/?n={int(params.get('n', '0')) + 1}"})
            elif path == "/reset/":
                # An abortive close (linger 0) sends a TCP reset instead of an answer.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True
            elif path in ("/download/", "/download-link/contact.zip"):
                self._send(200, b"PK\x05\x06" + b"\0" * 18, {"Content-Type": "application/zip",
                                                             "Content-Disposition": "attachment; filename=contact.zip"})
            elif path in PAGES:
                self._send(STATUS.get(path, 200), PAGES[path](params).encode("utf-8", "surrogatepass"),
                           {"Content-Type": "text/html; charset=utf-8"})
            elif path.startswith("/many-links/product/"):
                self._send(200, _page("Product", "<h1>A product</h1>").encode(), {"Content-Type": "text/html"})
            else:
                self._send(404, _page("Not found", "<h1>Not found</h1>").encode(), {"Content-Type": "text/html"})

        def _drip(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(b"<!doctype html><html><head><title>Loading</title></head><body><h1>Loading</h1>")
            while not hostile.stop.wait(1 / DRIP_BYTES_PER_SECOND):
                try:
                    self.wfile.write(b".")
                    self.wfile.flush()
                except OSError:  # the browser gave up
                    return

    return Handler


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a browser that gave up on a hostile page drops its connection: nothing to report


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve() -> Iterator[Hostile]:
    """Every hostile site on a free port of 127.0.0.1 (and a port nothing listens on), until the block ends."""
    hostile = Hostile(port=0, refused_port=_free_port())
    server = _Server(("127.0.0.1", 0), _handler(hostile))
    server.daemon_threads = True
    hostile.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hostile
    finally:
        hostile.stop.set()
        server.shutdown()
        server.server_close()


def suite_yaml(hostile: Hostile, faults: tuple[Fault, ...] = FAULTS, seconds: float = 30) -> str:
    """One goal-seeking suite over every fault site: find-phone, a small budget each."""
    sites = "\n".join(f"  - {{id: {f.id}, name: {f.id}, start_url: '{hostile.url(f.id)}'}}" for f in faults)
    return (f"name: hostile\nsites:\n{sites}\npersonas: [{{id: new-desktop}}]\n"
            f"journeys:\n  - {{goal: find-phone, budget: {{seconds: {seconds:g}, clicks: 6, pages: 12}}}}\n")


class BrowserMemory:
    """Samples the resident memory of this process's Chromium processes in the background; `peak_mb` is the most."""

    def __init__(self, every: float = 0.5) -> None:
        self.peak_mb = 0.0
        self._every = every
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> BrowserMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()

    def _sample(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._done.wait(self._every):
            total = 0
            for child in me.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    if "chrom" in child.name().lower() or "headless" in child.name().lower():
                        total += child.memory_info().rss
            self.peak_mb = max(self.peak_mb, total / 2**20)


class Clock:
    """A run's progress callback that times each journey from its start to its judged end, by site."""

    def __init__(self, echo: bool = False) -> None:
        self.seconds: dict[str, float] = {}
        self._started: dict[str, float] = {}
        self._echo = echo

    def __call__(self, label: str, done: Any) -> None:
        site = label.split(" ", 1)[0]
        if done is None:
            self._started[site] = time.monotonic()
        else:
            self.seconds[site] = round(time.monotonic() - self._started[site], 1)
        if self._echo:
            print(label, f"{done.outcome}/{done.reason} {self.seconds[site]} s" if done else "...", flush=True)
