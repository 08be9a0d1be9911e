"""Secrets never written, snapshots and reports that run nothing: a site that echoes the password, XSS everywhere."""

from __future__ import annotations

import html
import io
import json
import re
import threading
from collections.abc import Iterator
from contextlib import nullcontext, redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, quote_plus, urlparse

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

from audits.cli import main
from audits.gather.browser import relaunch
from audits.gather.recorder import SECRET_MARK, secrets_marked
from audits.gather.snapshot import CSP, safe_snapshot
from audits.run.executors import serial
from audits.scenario import PersonaSpec, parse_suite
from audits.secrets import MASK, REGISTRY, Secrets, clip, forms, suite_secrets, trie_pattern

# Every encoding leaves the distinctive word alone, so one case-blind search finds any form of the secret.
WORD = "Tr0ub4dorXq"
SECRET = f"{WORD} &3 \"x\"<y>/ü~*'+%"
STYLE = "body { background: rgb(1, 2, 3); }"


@dataclass
class Echo:
    """The fixture site's address and what it heard."""

    url: str = ""
    hits: list[str] = field(default_factory=list)


def payloads(echo: Echo) -> str:
    """Scripts in every place a page can hide one; each, if it runs, counts in `__pwned` and calls /pwned."""
    hit = f"fetch('{echo.url}pwned?%s', {{mode: 'no-cors'}})"
    run = "window.__pwned = (window.__pwned || 0) + 1; " + hit
    return "\n".join([
        f"<script>{run % 'script'}</script>",
        f'<img src="/nothing.png" onerror="{run % "onerror"}">',
        f'<svg onload="{run % "svg"}"><script>{run % "svg-script"}</script></svg>',
        f'<iframe srcdoc="<script>parent.{hit % "srcdoc"}</script>"></iframe>',
        f'<a id="js" href="javascript:{run % "href"}">js link</a>',
        f'<form action="javascript:{run % "action"}"><button formaction="javascript:{run % "formaction"}">go</button>'
        "</form>",
        f'<object data="data:text/html,<script>{hit % "object"}</script>"></object>',
        f'<meta http-equiv="refresh" content="600;url={echo.url}pwned?refresh">',
        f'<base href="{echo.url}pwned/">',
    ])


def login_page(echo: Echo) -> str:
    return f"""<!doctype html><html><head><title>Sign in</title><link rel="stylesheet" href="/style.css"></head>
<body><h1>Sign in</h1>
<form action="/login" method="get"><label for="pw">Password</label><input id="pw" name="password" type="text">
<button type="submit">Sign in</button></form>{payloads(echo)}</body></html>"""


def welcome_page(echo: Echo, password: str) -> str:
    """Echoes the password in the title, a field, the text, a link, a broken image; shouts a payload in the title."""
    said, linked = html.escape(password), quote(password, safe="")
    return f"""<!doctype html><html><head><title>Hello {said} &lt;img src=x onerror="window.__pwned = 1"&gt;</title>
<link rel="stylesheet" href="/style.css"></head>
<body><h1>Hello {said}</h1><p>Signed in as {said}.</p>
<label for="again">Your password</label><input id="again" value="{said}">
<a href="/account?token={linked}">My account</a>
<img src="/missing.png?p={linked}" alt="badge"><div id="card"></div>
<script>card.attachShadow({{mode: "open"}}).innerHTML = "<b>" + {json.dumps(said)} + "</b>";</script>
{payloads(echo)}</body></html>"""


def handler(echo: Echo) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            url = urlparse(self.path)
            if url.path.startswith("/pwned"):
                echo.hits.append(self.path)
                self._send(204, "", "text/plain")
            elif url.path == "/":
                self._send(200, login_page(echo))
            elif url.path == "/login":
                self._send(200, welcome_page(echo, parse_qs(url.query).get("password", [""])[0]))
            elif url.path == "/style.css":
                self._send(200, STYLE, "text/css")
            else:
                self._send(404, '<!doctype html><title>Not found</title><link rel="stylesheet" href="/style.css">'
                                '<p>Not found</p>')

        def _send(self, status: int, body: str, kind: str = "text/html; charset=utf-8") -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


@pytest.fixture(scope="module")
def echo() -> Iterator[Echo]:
    echo = Echo()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler(echo))
    echo.url = f"http://127.0.0.1:{server.server_port}/"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield echo
    server.shutdown()


SUITE = """
site: {{name: Echo Co, start_url: "{url}"}}
personas:
  - {{id: member, kind: existing-customer, credentials: {{password: "${{FRICTION_TEST_SECRET}}"}}}}
journeys:
  - id: sign-in
    goal: sign-in
    steps:
      - fill: {{label: Password, value: "${{FRICTION_TEST_SECRET}}"}}
      - click: {{role: button, name: Sign in}}
      - expect: {{text: Signed in as}}
      - click: My account
options: {{screenshots: all}}
"""


@dataclass
class Run:
    folder: Path
    terminal: str
    live_hits: int


@pytest.fixture(scope="module")
def run(echo: Echo, tmp_path_factory: pytest.TempPathFactory, _chromium: list[Browser]) -> Iterator[Run]:
    """The suite run through the command line (every reporter), then re-reported as JSON; all it printed.

    The command line drives the tests' Chromium: one Playwright per thread.
    """
    folder = tmp_path_factory.mktemp("secrets")
    suite = folder / "suite.yaml"
    suite.write_text(SUITE.format(url=echo.url), encoding="utf-8")
    out = folder / "run"
    printed = io.StringIO()  # what the command line writes, below its own scrubbing
    if not _chromium[0].is_connected():  # stopped by an earlier journey's watchdog
        _chromium[0] = relaunch(_chromium[0])
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FRICTION_TEST_SECRET", SECRET)
        patch.setattr(serial, "launch", lambda: nullcontext(_chromium[0]))
        for argv in (["run", str(suite), "--out", str(out), "--no-store"], ["report", str(out), "--json"]):
            with redirect_stdout(printed), redirect_stderr(printed):
                assert main(argv) == 2, printed.getvalue()  # the journey fails (a 404), as it should
    live = len(echo.hits)
    echo.hits.clear()
    yield Run(out, printed.getvalue(), live)


def leaks(text: str) -> list[str]:
    """Every place the secret shows, in any form (its word survives every encoding)."""
    found = [m.start() for m in re.finditer(WORD, text, re.IGNORECASE)]
    exact = [form for form in (SECRET, quote(SECRET, safe=""), quote_plus(SECRET), html.escape(SECRET),
                               html.escape(SECRET, quote=False), json.dumps(SECRET)[1:-1]) if form in text]
    return [text[max(0, i - 60):i + 60] for i in found] + exact


# --- unit: the registry ---------------------------------------------------------------------------

def test_scrub_masks_every_form_and_leaves_the_rest() -> None:
    secrets = Secrets()
    secrets.add([SECRET, "ab", "  "])  # too short and blank values are no secrets
    for form in forms(SECRET):
        assert secrets.scrub(f"<{form}>") == f"<{MASK}>", form
    assert secrets.scrub("ab cd") == "ab cd"
    assert secrets.scrub(f"https://x/?p={quote_plus(SECRET).lower()}") == f"https://x/?p={MASK}"
    assert Secrets().scrub(SECRET) == SECRET, "nothing registered, nothing masked"


def test_a_cut_never_leaves_half_a_secret() -> None:
    REGISTRY.add([SECRET])  # as a run does; the value is this test's own
    text = "x" * 290 + SECRET
    assert WORD not in clip(text, 300) and clip(text, 300) == "x" * 290 + MASK


def test_the_pattern_is_a_trie_that_prefers_the_longest_form() -> None:
    pattern = trie_pattern(["ab", "abc", "abd", "b", ""])
    assert pattern == "(?:ab(?:c|d)?|b)"
    assert re.sub(pattern, "#", "abcd ab abx b", flags=re.IGNORECASE) == "#d # #x #"
    secrets = Secrets()
    secrets.add(["İstanbul-pass"])
    assert secrets.scrub("İstanbul-pass, İSTANBUL-PASS") == f"{MASK}, {MASK}", "a character lower-cased into two"


def test_a_suite_registers_every_environment_value_and_credential(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRICTION_TEST_SECRET", SECRET)
    monkeypatch.setenv("FRICTION_TEST_EMAIL", "ada@example.com")
    suite = parse_suite(SUITE.format(url="http://127.0.0.1:9/").replace(
        "expect: {text: Signed in as}", 'fill: {label: Email, value: "${FRICTION_TEST_EMAIL}"}'))
    suite.personas.append(PersonaSpec(id="literal", credentials={"pin": "4321-literal"}))
    assert sorted(set(suite_secrets(suite))) == sorted({SECRET, "ada@example.com", "4321-literal"})


# --- unit: snapshots --------------------------------------------------------------------------------

def test_a_snapshot_keeps_no_script_and_starts_with_its_csp() -> None:
    echo = Echo(url="http://127.0.0.1:9/")
    page = welcome_page(echo, "ada").replace("</body>", "<embed src=x><p>after</p></body>")
    kept = safe_snapshot(page, "http://127.0.0.1:9/login?password=ada")
    assert "<p>after</p>" in kept, "what follows a plugin is kept"
    head = re.match(r"<!DOCTYPE html>\n<html><head><meta content=\"([^\"]*)\" http-equiv=\"Content-Security-Policy\"/>",
                    kept)
    assert head and html.unescape(head.group(1)) == CSP
    assert "<script" not in kept.lower() and "javascript:" not in kept.lower() and "srcdoc" not in kept
    attributes = [name for tag in BeautifulSoup(kept, "lxml").find_all(True) for name in tag.attrs]
    assert not [name for name in attributes if name.startswith("on")]
    assert "refresh" not in kept and "<object" not in kept
    assert kept.count("<base ") == 1 and '<base href="http://127.0.0.1:9/login?password=ada"/>' in kept
    assert "Hello ada" in kept and 'href="/account?token=ada"' in kept, "the page itself is kept"


# --- the run: nothing written holds the secret -------------------------------------------------------

def test_no_file_of_the_run_and_no_line_printed_holds_the_secret(run: Run) -> None:
    files = [p for p in run.folder.rglob("*") if p.is_file()]
    assert {p.parent.name for p in files} >= {"journeys", "html", "screens", "run"}
    for path in files:
        assert not leaks(path.read_bytes().decode("utf-8", "replace")), path
    assert not leaks(run.terminal), run.terminal
    result = json.loads((run.folder / "result.json").read_text(encoding="utf-8"))
    (journey,) = result["journeys"]
    titles = [step.get("title", "") for step in journey["steps"]]
    assert any(title.startswith(f"Hello {MASK}") for title in titles), "the site echoed it, and it was masked"
    assert MASK in journey["reason_detail"] + json.dumps(journey["steps"]) and MASK in run.terminal
    assert run.live_hits > 0, "the payloads do run on the live site: the checks below are not vacuous"


def _open(browser: Browser, url: str) -> dict[str, Any]:
    page = browser.new_page()
    try:
        page.goto(url, wait_until="load")
        page.wait_for_timeout(300)  # onerror and srcdoc fire just after load
        if page.locator("#js").count():
            page.click("#js", timeout=1000)
        return page.evaluate("""() => ({pwned: window.__pwned,
          background: getComputedStyle(document.body).backgroundColor,
          images: [...document.images].filter(i => i.closest('a.shot')).map(i => i.naturalWidth)})""")
    finally:
        page.close()


@pytest.fixture(scope="module")
def served(run: Run) -> Iterator[str]:
    """The run folder served over HTTP, as a team shares a report."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(run.folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


def test_snapshots_and_report_run_no_payload_opened_or_served(run: Run, served: str, echo: Echo,
                                                              browser: Browser) -> None:
    snapshots = sorted((run.folder / "html").glob("*.html"))
    assert len(snapshots) >= 3
    for path in [*snapshots, run.folder / "report.html"]:
        relative = path.relative_to(run.folder).as_posix()
        for url in (path.as_uri(), served + relative):
            seen = _open(browser, url)
            assert seen["pwned"] is None, url
            assert not echo.hits, (url, echo.hits)
            if path.name == "report.html":
                assert seen["images"] and all(width > 0 for width in seen["images"]), "screenshots still show"
            else:
                assert seen["background"] == "rgb(1, 2, 3)", "the snapshot opens with the site's own styles"


def test_a_screenshot_masks_every_field_and_text_showing_a_secret(echo: Echo, browser: Browser) -> None:
    REGISTRY.add([SECRET])  # as a run does; the value is this test's own
    page = browser.new_page()
    try:
        page.goto(f"{echo.url}login?password={quote(SECRET, safe='')}")
        marked = f"[{SECRET_MARK}]"
        with secrets_marked(page):
            masked = page.eval_on_selector_all(marked, "found => found.map(e => e.id || e.tagName.toLowerCase())")
        assert sorted(masked) == ["again", "b", "h1", "p", "title"], "fields, text, and text in a shadow root"
        assert page.locator(marked).count() == 0, "the marks go once the picture is taken"
    finally:
        page.close()
