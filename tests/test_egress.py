"""The egress policy: private, loopback, link-local and metadata addresses and non-web schemes are refused.

Browser tests never send a packet outside 127.0.0.0/8: Chromium maps the test names to 127.0.0.1
(host-resolver rules) while the policy's resolver says what they would be on the real network, so a
loopback listener stands in for the refused hosts and counts every connection it is offered.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from audits.gather import egress
from audits.gather.browser import EXTRA_ARGS, find_browser
from audits.gather.egress import EgressPolicy, address_class, is_refused, refused_load
from audits.judge.detectors.egress import private_requests_refused
from audits.model import JourneyEvidence, StepRecord
from audits.run.pipeline import run_suite
from audits.scenario import parse_suite

# What the test names would resolve to on a real network (none of them is ever contacted).
NAMES = {"shop.test": ["203.0.113.10"], "partner.test": ["203.0.113.12"], "intranet.test": ["10.0.0.5"],
         "metadata.test": ["169.254.169.254"], "both.test": ["203.0.113.11", "10.0.0.6"]}


def fake_resolve(host: str) -> list[str]:
    return NAMES.get(host, [])


def public(**options: Any) -> EgressPolicy:
    return EgressPolicy("https://shop.test/", resolve=fake_resolve, **options)


# --- the policy, without a browser -----------------------------------------------------------------

@pytest.mark.parametrize(("address", "klass"), [
    ("8.8.8.8", "public"), ("203.0.113.10", "public"), ("2606:4700::1", "public"),
    ("127.0.0.1", "loopback"), ("127.9.9.9", "loopback"), ("::1", "loopback"), ("0.0.0.0", "loopback"),
    ("10.0.0.5", "private"), ("172.16.3.4", "private"), ("192.168.1.1", "private"),
    ("169.254.169.254", "metadata"), ("fd00:ec2::254", "metadata"), ("169.254.170.2", "metadata"),
    ("169.254.1.1", "link-local"), ("fe80::1", "link-local"), ("100.64.0.1", "shared"),
    ("fc00::1", "unique-local"), ("fd12:3456::1", "unique-local"), ("224.0.0.1", "reserved"),
    ("240.0.0.1", "reserved"), ("::ffff:10.0.0.1", "private"), ("::ffff:169.254.169.254", "metadata"),
    ("64:ff9b::a9fe:a9fe", "metadata"), ("2002:a00:1::", "private"),
])
def test_each_address_has_its_network_class(address: str, klass: str) -> None:
    assert address_class(ipaddress.ip_address(address)) == klass


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8080/", "http://[::1]/", "http://10.0.0.5/admin", "http://169.254.169.254/latest/meta-data/",
    "http://[fd00:ec2::254]/latest/", "http://metadata.google.internal/computeMetadata/v1/", "http://100.64.0.1/",
    "http://0.0.0.0:9000/", "http://localhost:3000/", "http://admin.localhost/", "http://2130706433/",
    "http://0x7f.1/", "https://intranet.test/", "http://metadata.test/latest", "https://both.test/",
    "ws://10.1.2.3/socket", "wss://intranet.test/live", "http://[::ffff:192.168.0.1]/",
])
def test_a_public_start_refuses_private_addresses_by_literal_and_by_name(url: str) -> None:
    why = public().refusal(url)
    assert why is not None and " is a" in why, why


@pytest.mark.parametrize("url", ["file:///etc/passwd", "chrome://settings", "ftp://example.com/x",
                                 "view-source:https://shop.test/", "chrome-extension://abc/x", "gopher://x/"])
def test_non_web_schemes_are_refused_even_with_private_addresses_allowed(url: str) -> None:
    assert "scheme is not the web" in (public(allow_private=True).refusal(url) or "")


def test_a_url_that_cannot_be_read_is_refused_not_raised() -> None:
    assert public().refusal("http://[::1/admin") == "it is not a valid URL"


def test_the_public_web_and_in_browser_schemes_are_allowed() -> None:
    policy = public()
    # A name that does not resolve is let through: the browser fails it with its own DNS error.
    for url in ("https://shop.test/contact", "http://203.0.113.10/", "https://[2606:4700::1]/", "data:text/plain,hi",
                "blob:https://shop.test/1234", "about:blank", "https://unknown.test/"):
        assert policy.refusal(url) is None, url


def test_a_loopback_start_may_reach_loopback_but_not_metadata_or_other_private_networks() -> None:
    local = EgressPolicy("http://127.0.0.1:8101/", resolve=fake_resolve)
    assert local.allowed == {"public", "loopback"}
    assert local.refusal("http://127.0.0.1:8115/contact") is None and local.refusal("http://localhost:1/") is None
    assert "metadata" in (local.refusal("http://169.254.169.254/latest/meta-data/") or "")
    assert "private network" in (local.refusal("http://10.0.0.5/") or "")
    assert "metadata" in (local.refusal("http://metadata.google.internal/") or "")
    intranet = EgressPolicy("http://intranet.test/", resolve=fake_resolve)
    assert intranet.allowed == {"public", "private"} and intranet.refusal("http://10.9.9.9/") is None
    assert intranet.refusal("http://127.0.0.1/") is not None and intranet.refusal("http://metadata.test/") is not None


def test_allow_private_lets_every_address_through() -> None:
    policy = public(allow_private=True)
    for url in ("http://127.0.0.1/", "http://10.0.0.5/", "http://169.254.169.254/", "https://metadata.test/"):
        assert policy.refusal(url) is None, url


def test_names_are_resolved_once_and_a_slow_resolver_is_refused_within_its_bound(
        monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def slow(host: str) -> list[str]:
        asked.append(host)
        time.sleep(0.6 if host == "slow.test" else 0)
        return ["10.0.0.7"] if host == "slow.test" else fake_resolve(host)

    monkeypatch.setattr(egress, "RESOLVE_SECONDS", 0.2)
    policy = EgressPolicy("https://shop.test/", resolve=slow)
    started = time.monotonic()
    assert "did not resolve in time" in (policy.refusal("https://slow.test/a") or "")
    assert time.monotonic() - started < 0.5
    time.sleep(0.6)  # the answer arrives in the background and serves the next request
    assert "private network" in (policy.refusal("https://slow.test/b") or "")
    policy.refusal("https://intranet.test/1")
    policy.refusal("https://intranet.test/2")
    assert asked.count("intranet.test") == 1 and asked.count("slow.test") == 1


def test_a_name_under_invalid_is_never_asked_of_a_resolver() -> None:
    asked: list[str] = []
    policy = EgressPolicy("http://nowhere.invalid/", resolve=lambda host: asked.append(host) or [])
    assert policy.refusal("http://nowhere.invalid/contact") is None  # the browser fails it: no such name
    assert policy.refusal("https://help.shop.invalid/") is None and asked == []


def test_the_system_resolver_is_the_default_and_can_be_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(egress, "system_resolve", fake_resolve)
    assert EgressPolicy("https://shop.test/").refusal("https://intranet.test/") is not None


def test_a_refused_page_load_is_a_named_failure_and_a_finding() -> None:
    refused = [{"url": "http://10.0.0.5/img", "reason": "10.0.0.5 is a private network address", "page": False},
               {"url": "http://metadata.test/", "reason": "metadata.test is a cloud metadata address", "page": True}]
    error = refused_load(refused)
    assert error is not None and is_refused(error) and "http://metadata.test/" in error
    assert refused_load(refused[:1]) is None, "a refused image does not fail the page"
    evidence = JourneyEvidence(id="j", goal="find-phone", persona="p", site="s",
                               steps=[StepRecord(index=0, action="goto", refused=refused)])
    check = private_requests_refused(evidence)
    assert check is not None and not check.passed and check.values["requests"] == "2 requests"
    assert private_requests_refused(evidence.model_copy(update={"steps": [StepRecord(index=0, action="goto")]})) is None


# --- in Chromium, with nothing leaving 127.0.0.0/8 --------------------------------------------------

class Listener:
    """A loopback port standing in for every private host: it counts each connection it is offered."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.seen: list[str] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            with connection:
                connection.settimeout(1)
                try:
                    first = connection.recv(200).split(b"\r\n", 1)[0].decode("latin-1")
                except OSError:
                    first = "(a connection, no request)"
                self.seen.append(first)
                body = b"SECRET-METADATA"
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s"
                                   % (len(body), body))


def shop_pages(private: int, port: int) -> dict[str, tuple[int, dict[str, str], str]]:
    """The public shop's pages (on `port`): everything a hostile page can do to reach the private hosts."""
    meta, intranet = f"http://metadata.test:{private}", f"http://intranet.test:{private}"
    home = f"""<!doctype html><title>Shop</title><h1>Shop</h1>
<link rel="preconnect" href="{intranet}"><link rel="dns-prefetch" href="{meta}">
<img src="{intranet}/logo.png"><img src="/img-redirect"><img src="http://127.0.0.1:{private}/direct.png">
<iframe src="{intranet}/frame"></iframe><iframe src="http://partner.test:{port}/partner"></iframe>
<a href="/contact">Contact us</a> <a href="{meta}/latest/meta-data/">Metadata</a>
<script>
fetch("{intranet}/api").catch(() => {{}});
try {{ new WebSocket("ws://intranet.test:{private}/live"); }} catch (e) {{}}
new Worker("/worker.js");
</script>"""
    return {
        "/": (200, {}, home),
        "/contact": (200, {}, "<!doctype html><title>Contact</title><h1>Contact us</h1><p>Call us on "
                              '<a href="tel:+16175550134">(617) 555-0134</a>.</p>'),
        "/go": (302, {"Location": f"{meta}/latest/meta-data/"}, ""),
        "/img-redirect": (302, {"Location": f"{intranet}/pixel.gif"}, ""),
        "/js": (200, {}, f'<title>Moving</title><script>location.href = "{meta}/latest/meta-data/js";</script>'),
        "/partner": (200, {}, '<title>Partner</title><img src="/partner-redirect">'),  # another site's frame
        "/partner-redirect": (302, {"Location": f"{intranet}/partner.gif"}, ""),
        "/worker-redirect": (302, {"Location": f"{intranet}/worker.gif"}, ""),
        "/worker.js": (200, {"Content-Type": "text/javascript"},
                       f'fetch("{intranet}/from-worker").catch(() => 0); fetch("/worker-redirect").catch(() => 0);'),
        "/help": (200, {}, '<title>Help</title><h1>Help</h1><a href="/go">Contact us</a>'),
        # A new window opened on a redirect to the metadata service.
        "/popup": (200, {}, '<title>Offer</title><h1>Offer</h1><script>window.open("/go")</script>'),
    }


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.socket.close()


@pytest.fixture(scope="module")
def shop(listener: Listener) -> Iterator[str]:
    pages: dict[str, tuple[int, dict[str, str], str]] = {}

    class Shop(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, headers, body = pages.get(self.path.split("?")[0], (404, {}, "not here"))
            self.send_response(status)
            for name, value in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Shop)
    pages.update(shop_pages(listener.port, server.server_address[1]))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://shop.test:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def mapped_browser(_chromium: list[Any]) -> Iterator[Any]:
    """A Chromium that resolves the test names to 127.0.0.1 and nothing else at all.

    Launched through the session's Playwright: one thread runs one sync Playwright at a time."""
    rules = ("MAP shop.test 127.0.0.1, MAP partner.test 127.0.0.1, MAP intranet.test 127.0.0.1, "
             "MAP metadata.test 127.0.0.1, "
             "MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1")
    chromium = _chromium[0].browser_type.launch(executable_path=find_browser(), headless=True,
                                                args=[*EXTRA_ARGS, f"--host-resolver-rules={rules}"])
    yield chromium
    chromium.close()


def test_a_public_site_never_reaches_the_private_hosts_and_every_journey_ends_with_a_verdict(
        shop: str, listener: Listener, mapped_browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(egress, "system_resolve", fake_resolve)
    private = f"http://intranet.test:{listener.port}"
    suite = parse_suite(f"""
site: {{name: Shop, start_url: '{shop}'}}
personas: [{{id: new-desktop}}]
options: {{screenshots: none}}
journeys:
  - {{id: home, goal: find-phone, steps: [goto: /, wait_for: {{ms: 800}}]}}
  - {{id: server-redirect, goal: find-phone, steps: [goto: /go]}}
  - {{id: js-redirect, goal: find-phone, steps: [goto: /js, wait_for: {{ms: 800}}]}}
  - {{id: link, goal: find-phone, steps: [goto: /, click: Metadata]}}
  - {{id: direct, goal: find-phone, steps: [goto: '{private}/admin']}}
  - {{id: popup, goal: find-phone, steps: [goto: /popup, wait_for: {{ms: 800}}, expect: {{text: Offer}}]}}
  - {{goal: find-phone}}
""", "egress.yaml")
    result = run_suite(suite, tmp_path / "run", browser=mapped_browser)
    assert listener.seen == [], "a refused host was contacted"
    verdicts = {j.id: (j.outcome, j.reason) for j in result.journeys}
    assert verdicts == {"home": ("reached", None), "server-redirect": ("failed", "egress-refused"),
                        "js-redirect": ("failed", "egress-refused"), "link": ("failed", "egress-refused"),
                        "direct": ("failed", "egress-refused"), "popup": ("reached", None),
                        "find-phone": ("reached", None)}, verdicts
    home = next(j for j in result.journeys if j.id == "home")
    refused = {(r["how"], r["url"].split(str(listener.port))[-1]) for s in home.steps for r in s.get("refused", [])}
    assert {("request", "/logo.png"), ("request", "/frame"), ("request", "/api"), ("request", "/direct.png"),
            ("redirect", "/pixel.gif"), ("websocket", "/live"), ("request", "/from-worker")} <= refused, refused
    finding = next(f for f in home.findings if f.id == "private-requests-refused")
    assert finding.title.startswith("Blocked ") and finding.title.endswith(" requests to private addresses")
    redirect = next(j for j in result.journeys if j.id == "server-redirect")
    assert "metadata.test is a cloud metadata address (169.254.169.254)" in redirect.reason_detail
    saved = (tmp_path / "run" / "result.json").read_text(encoding="utf-8")
    assert "SECRET-METADATA" not in saved and "Blocked " in saved
    assert "requests to private addresses" in (tmp_path / "run" / "report.html").read_text(encoding="utf-8")
    assert json.loads(saved)["journeys"]


def test_a_goal_seeking_journey_names_the_refused_way_to_its_goal(
        shop: str, listener: Listener, mapped_browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The only way to the goal redirects to the metadata service: never `absent`, and the refusal is named."""
    monkeypatch.setattr(egress, "system_resolve", fake_resolve)
    suite = parse_suite(f"site: {{name: Shop, start_url: '{shop}help'}}\npersonas: [{{id: new-desktop}}]\n"
                        "options: {screenshots: none, robots: false}\njourneys: [{goal: find-phone}]\n", "egress.yaml")
    before = len(listener.seen)
    (journey,) = run_suite(suite, tmp_path / "run", browser=mapped_browser).journeys
    assert listener.seen[before:] == []
    assert (journey.outcome, journey.reason) == ("failed", "egress-refused"), journey.reason_detail
    assert "metadata.test is a cloud metadata address (169.254.169.254), in a redirect from" in journey.reason_detail


def test_a_loopback_start_keeps_its_own_network_and_allow_private_opens_the_rest(
        shop: str, listener: Listener, mapped_browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With `allow_private` the private hosts are reached: proof the listener would have seen a leak."""
    monkeypatch.setattr(egress, "system_resolve", fake_resolve)
    suite = parse_suite(f"""
site: {{name: Shop, start_url: '{shop}'}}
personas: [{{id: new-desktop}}]
options: {{screenshots: none, allow_private: true}}
journeys: [{{id: redirect, goal: find-phone, steps: [goto: /go]}}]
""", "egress.yaml")
    before = len(listener.seen)
    (journey,) = run_suite(suite, tmp_path / "run", browser=mapped_browser).journeys
    assert journey.outcome == "reached" and listener.seen[before:] == ["GET /latest/meta-data/ HTTP/1.1"]


def test_allow_private_is_a_flag_of_run_and_audit() -> None:
    from audits.cli import parser
    from audits.scenario import suite_for_url

    assert parser().parse_args(["run", "suite.yaml", "--allow-private"]).allow_private
    assert not parser().parse_args(["audit", "https://shop.test/"]).allow_private
    assert suite_for_url("https://shop.test/", ["find-phone"], allow_private=True).options.allow_private
