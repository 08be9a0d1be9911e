"""Per-step capture from the live page: events, screenshot, HTML snapshot and page facts."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from importlib.resources import files
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from audits.files import write_atomic
from audits.gather import faults, script
from audits.gather.egress import listen
from audits.gather.snapshot import MAX_SNAPSHOT_CHARS, safe_snapshot
from audits.identity import is_route
from audits.model import BrowserEvents, PageFacts, StepRecord
from audits.run.rundir import RunDir
from audits.secrets import REGISTRY, clip
from audits.untrusted import clean, clean_data, clean_json

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import BrowserContext, ConsoleMessage, Dialog, Download, Page, Request, Response

FACTS_JS = files("audits.gather").joinpath("page_facts.js").read_text(encoding="utf-8")
# Facts cross as one JSON string: Playwright's value-by-value transfer cost more than the read itself.
# A page whose JSON is broken (old libraries patch toJSON) gets the facts as an object instead.
FACTS_AS_JSON = (f"(limits) => {{ const facts = ({FACTS_JS})(limits); "
                 "try { return JSON.stringify(facts); } catch (e) { return facts; } }")
# Pages are read whole; these bounds only keep a hostile page from exhausting memory, and a page
# that reaches one says so in PageFacts.truncated (which breaks any proof of absence).
FACT_LIMITS = {"links": 20_000, "images": 5_000, "text": 2_000_000, "nodes": 500_000}
SHOT_TIMEOUT_MS = 5000
# One round trip instead of two: bring the element into view and return its box in viewport pixels.
SCROLL_AND_MEASURE_JS = """(element) => {
  const r = element.getBoundingClientRect();
  if (r.top < 0 || r.bottom > innerHeight || r.left < 0 || r.right > innerWidth) {
    element.scrollIntoView({block: "center", inline: "nearest"});
  }
  const b = element.getBoundingClientRect();
  return b.width || b.height ? {x: b.x, y: b.y, width: b.width, height: b.height} : null;
}"""
# Marks the fields and text showing a secret, open shadow roots included, so the screenshot masks them
# (Playwright's locators pierce open shadow roots); the marks go once the picture is taken.
SECRET_MARK = "data-friction-secret"
_EACH_NODE_JS = """const each = (visit) => {
  const roots = [document];
  for (let i = 0; i < roots.length; i++) {
    const walker = document.createTreeWalker(roots[i], NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      visit(walker.currentNode);
      if (walker.currentNode.shadowRoot) roots.push(walker.currentNode.shadowRoot);
    }
  }
};"""
MARK_SECRETS_JS = f"""(secrets) => {{ {_EACH_NODE_JS}
  const lower = secrets.map(s => s.toLowerCase());
  const shows = (text) => !!text && lower.some(s => text.toLowerCase().includes(s));
  each(node => {{
    const field = node.tagName === 'INPUT' || node.tagName === 'TEXTAREA';
    const text = node.nodeType === Node.TEXT_NODE;
    const shown = text ? shows(node.data) && node.parentElement : field && shows(node.value) && node;
    if (shown) shown.setAttribute('{SECRET_MARK}', '');
  }});
}}"""
MASKED = f"input[type=password], [{SECRET_MARK}]"
# What page.content() gives, read without a trace snapshot around it.
CONTENT_JS = """() => (document.doctype ? new XMLSerializer().serializeToString(document.doctype) : '')
  + (document.documentElement ? document.documentElement.outerHTML : '')"""
# The picture's needs in one call: the element to outline brought into view and measured, whether anything
# on the page is to be masked, and the page's HTML when it is kept.
LOOK_JS = f"""([highlight, masked, html]) => {{
  const find = {script.FIND_JS};
  const el = highlight ? find(highlight) : null;
  return {{box: el ? ({SCROLL_AND_MEASURE_JS})(el) : null, masked: find(masked) !== null,
          html: html ? ({CONTENT_JS})() : null}};
}}"""
UNMARK_SECRETS_JS = f"""() => {{ {_EACH_NODE_JS}
  each(node => node.nodeType === Node.ELEMENT_NODE && node.removeAttribute('{SECRET_MARK}'));
}}"""
# Dialogs kept word for word per step; past DIALOG_STORM dialogs or LOAD_STORM document loads in one step,
# the page is closed: it does nothing else, and every call into it would wait.
DIALOGS_KEPT = 10
DIALOG_STORM = 30
LOAD_STORM = 20
# Chromium's console warning when a page tries to close a window it did not open.
CLOSE_REFUSED = "Scripts may close only the windows"


def signature(facts: PageFacts) -> str:
    """A DOM signature: the same page state gives the same value, whatever its URL query."""
    parsed = urlparse(facts.url)
    parts = [
        parsed.netloc, parsed.path, parsed.fragment if is_route(parsed.fragment) else "",
        "|".join(facts.headings[:10]),
        "|".join(sorted({link.name for link in facts.links if link.visible})[:80]),
        "|".join(f.label for form in facts.forms for f in form.visible_fields),
        "|".join(sorted(o.get("text", "")[:60] for o in facts.overlays)),
    ]
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:16]


def _main_frame_navigation(request: Request) -> bool:
    try:
        return request.is_navigation_request() and request.frame == request.frame.page.main_frame
    except Exception:  # the frame is already gone: not the page in front of us
        return False


@contextmanager
def secrets_marked(page: Page) -> Iterator[None]:
    """The run's secrets shown on the page marked for masking while the block runs (a no-op without secrets)."""
    secrets = REGISTRY.values()
    if not secrets:
        yield
        return
    script.run(page, MARK_SECRETS_JS, secrets)
    try:
        yield
    finally:
        with suppress(Exception):  # the page may have gone; the marks go with it
            script.run(page, UNMARK_SECRETS_JS)


class Recorder:
    """Listens to a browser context and turns its pages into step records on disk."""

    def __init__(self, context: BrowserContext, run: RunDir, key: str, html: bool = True) -> None:
        self.run = run
        self.key = key
        self.keep_html = html
        self.events = BrowserEvents()
        self.current_status: int | None = None
        # Why the last main-frame navigation failed ("net::ERR_..."): Chromium's error page may be blank.
        self.navigation_error = ""
        # Pop-ups that may stay open for the driver to follow (a link to a new tab); the rest close at once.
        self.popups_kept = 0
        self.dialog_count = 0
        # Why this recorder closed the page in front of us (a storm of dialogs or loads), until a new one opens.
        self.stopped = ""
        # The main frame's navigation sent and not yet answered: reading such a page waits for the answer.
        self.pending_navigation = ""
        # HTML snapshots are made safe and written beside the journey, which goes on meanwhile (`close` waits).
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="friction-evidence")
        self._writing: list[Future[None]] = []
        context.on("page", self._on_page)
        listen(context, lambda refused: self.events.refused.append(refused))
        for page in context.pages:
            self._watch(page)

    def _on_page(self, page: Page) -> None:
        if page.opener() is None:
            self._watch(page)  # a page of our own (the driver's, or the one that replaced it)
            return
        self.events.popups.append(clean(page.url or "about:blank"))
        if self.popups_kept > 0:
            self.popups_kept -= 1
            self._watch(page)
            return
        # A window the site opened on its own (or the hundredth of a storm): closed before it can run.
        with contextlib.suppress(Exception):  # already gone
            page.close()

    def _watch(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.events.page_errors.append(clip(clean(str(error)), 300)))
        page.on("request", self._on_request)
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)
        page.on("dialog", self._on_dialog)
        page.on("download", self._on_download)

    def _on_download(self, download: Download) -> None:
        """A file the page handed over: named on the step, never saved."""
        self.events.downloads.append(clean(download.suggested_filename or download.url)[:200])
        with contextlib.suppress(Exception):  # finished or failed already; Playwright deletes it with the context
            download.cancel()

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.events.console_errors.append(clip(clean(message.text), 300))
        elif message.type == "warning" and message.text.startswith(CLOSE_REFUSED):
            self.events.page_errors.append(f"{faults.CLOSE_TRIED} (the browser refused)")

    def _on_request(self, request: Request) -> None:
        if _main_frame_navigation(request):
            self.pending_navigation = request.url

    def _on_request_failed(self, request: Request) -> None:
        self.events.failed_requests.append(
            {"url": request.url, "status": None, "error": request.failure or "failed"}
        )
        # An aborted load (a download, a navigation replaced by another) leaves the page as it was.
        if _main_frame_navigation(request):
            self.pending_navigation = ""
            if request.failure != "net::ERR_ABORTED":
                self.navigation_error, self.current_status = request.failure or "net::ERR_FAILED", None

    def _on_response(self, response: Response) -> None:
        request = response.request
        page_load = _main_frame_navigation(request)
        if page_load:
            self.current_status, self.navigation_error, self.pending_navigation = response.status, "", ""
            if 300 <= response.status < 400:
                self.events.redirects.append(response.url)
            else:
                self.events.loads.append(clean(response.url)[:300])
                if len(self.events.loads) > LOAD_STORM:
                    loads = self.events.loads
                    self._stop(response.frame.page, f"{faults.LOOPED} ({len(loads)} loads: {' → '.join(loads[:3])} …)")
        if response.status >= 400:
            self.events.failed_requests.append(
                {"url": response.url, "status": response.status, "method": request.method,
                 "navigation": page_load}
            )

    def _on_dialog(self, dialog: Dialog) -> None:
        self.dialog_count += 1
        if len(self.events.dialogs) < DIALOGS_KEPT:
            self.events.dialogs.append(clip(clean(f"{dialog.type}: {dialog.message}"), 300))
        try:
            if dialog.type in ("alert", "beforeunload"):
                dialog.accept()
            else:
                dialog.dismiss()
            if self.dialog_count > DIALOG_STORM and dialog.page is not None:
                self._stop(dialog.page, f"{faults.DIALOG_STORM} ({self.dialog_count} in a row)")
        except Exception:  # the page may already be gone; the message is what matters
            pass

    def _stop(self, page: Page, why: str) -> None:
        """Close a page that storms (the driver goes on in a new one), saying why once."""
        if not self.stopped:
            self.stopped = f"{why} and was closed"
            with contextlib.suppress(Exception):
                page.close()

    def drain(self) -> BrowserEvents:
        events, self.events = self.events, BrowserEvents()
        if self.dialog_count > len(events.dialogs):
            events.dialogs.append(f"… {self.dialog_count - len(events.dialogs)} more dialogs")
        self.dialog_count = 0
        return events

    def facts(self, page: Page) -> PageFacts:
        """Read the page whole (see page_facts.js); an error page is named by the code that caused it."""
        facts = self._read(page)
        facts.status = self.current_status
        if facts.error_page:
            facts.status, facts.error_page = None, self.navigation_error or facts.error_page
        facts.signature = signature(facts)
        return facts

    def _read(self, page: Page) -> PageFacts:
        raw = self._evaluate(page, FACTS_AS_JSON)
        if isinstance(raw, str):
            try:
                return PageFacts.model_validate_json(clean_json(raw))
            except ValueError:  # the page's own toJSON reshaped the facts: take Playwright's transfer
                raw = self._evaluate(page, FACTS_JS)
        return PageFacts.model_validate(clean_data(raw))

    @staticmethod
    def _evaluate(page: Page, source: str) -> Any:
        try:
            return script.run(page, source, FACT_LIMITS)
        except Exception as error:
            if "context was destroyed" not in str(error):
                raise
            # A navigation was under way (an error page commits just after a failed load): read where it settled.
            page.wait_for_load_state("load")
            return script.run(page, source, FACT_LIMITS)

    def photograph(self, step: StepRecord, page: Page, highlight: str | None = None, *, html: bool = True) -> None:
        """A viewport screenshot on `step`, `highlight` scrolled to and its box kept; with `html`, the page's HTML."""
        seen: dict[str, Any] = {"html": None}
        with suppress(Exception):  # a page that cannot be photographed still has its other evidence
            path, relative = self.run.screen_path(self.key, step.index)
            with secrets_marked(page):
                seen = self._look(page, highlight, html and self.keep_html)
                # Masking costs a screenshot a third more even when nothing matches: only when something does.
                # The caret left as it is: hiding it adds a style to the page, a change settling would see.
                shot = page.screenshot(type="jpeg", quality=70, timeout=SHOT_TIMEOUT_MS, caret="initial",
                                       mask=[page.locator(MASKED)] if seen["masked"] else [])
            self._write(path, shot)
            step.screenshot, step.shot_box = relative, seen["box"]
        step.html = self._keep_html(page, step.index, seen["html"])

    @staticmethod
    def _look(page: Page, highlight: str | None, html: bool) -> dict[str, Any]:
        """What the picture needs, in one call: the element to outline, whether anything is masked, the HTML.

        Asked through our own script, which a new document answers without Playwright's helper; a page that
        keeps it from asking is photographed with its fields masked.
        """
        try:
            return dict(script.run(page, LOOK_JS, [highlight, MASKED, html]))
        except Exception:
            return {"box": None, "masked": True, "html": None}

    def _keep_html(self, page: Page, index: int, html: str | None) -> str | None:
        """Write the page's HTML, made safe, beside the journey; its path, or None when there is none to keep."""
        if html is None or len(html) > MAX_SNAPSHOT_CHARS:
            return None  # the screenshot and the page's facts still say what it showed
        url = page.url
        path, relative = self.run.html_path(self.key, index)
        self._write(path, lambda: safe_snapshot(html, url))
        return relative

    def _write(self, path: Path, data: bytes | Callable[[], str]) -> None:
        """Write a file of evidence beside the journey (made first, when `data` is a maker): `close` waits."""
        self._writing.append(self._writer.submit(
            lambda: write_atomic(path, data if isinstance(data, bytes) else data())))

    def close(self) -> None:
        """Wait until every screenshot and HTML snapshot is on disk."""
        self._writer.shutdown(wait=True)
        for written in self._writing:
            with suppress(Exception):  # a page the sanitiser cannot take keeps its screenshot and facts
                written.result()

    def complete(self, step: StepRecord, page: Page | None, *, facts: bool = True, shot: bool = False) -> StepRecord:
        """Fill a step with what the browser reported and what the page shows now (not yet saved)."""
        self.add_events(step)
        if page is not None and not page.is_closed():
            self._describe(step, page, shot=shot, facts=facts)
        return step

    def add_events(self, step: StepRecord) -> None:
        """Move what the browser reported since the last drain onto `step`."""
        step.add(self.drain())

    def save(self, step: StepRecord) -> None:
        """Write a finished step to the journey's log; it is final from here on."""
        self.run.append_step(self.key, step)

    def _describe(self, step: StepRecord, page: Page, *, shot: bool, facts: bool) -> None:
        step.url, step.status = clean(page.url), self.current_status
        try:
            if facts:
                step.facts = self.facts(page)
                step.title = step.facts.title
            else:
                step.title = clean(page.title())
        except Exception as error:  # a page mid-navigation or crashed: keep what we have
            step.note = (step.note + f" (page facts unavailable: {clip(str(error), 120)})").strip()
        if shot:
            self.photograph(step, page)
