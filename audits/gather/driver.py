"""One driver for every browser action: each action is one recorded step, written once and never edited."""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from audits.gather import faults, script
from audits.gather.egress import new_page, refused_load
from audits.identity import page_key
from audits.model import AxeIssue, StepRecord, failed_page_loads
from audits.secrets import clip

if TYPE_CHECKING:
    from playwright.sync_api import Page, Request

    from audits.gather.accessibility import PathAudit
    from audits.gather.recorder import Recorder

SETTLE_MS = 150
QUIET_MS = 40
# Requests whose answer can still change what the page shows; images and fonts only repaint it.
PAGE_CHANGING = frozenset({"document", "script", "xhr", "fetch"})
# Put into every document as it starts: when its DOM last changed (friction's own marks and the pane
# Playwright lays over masked fields in a screenshot aside), so that settling counts the quiet time
# already passed: a page still since it was parsed has settled on arrival.
LAST_CHANGE = "__frictionLastChange"
MISSED = "__frictionMissed"  # set by the guard of a click of ours that landed elsewhere
CLICK_TIMEOUT_MS = 3000
LAST_CHANGE_JS = f"""(() => {{
  const mark = () => Object.defineProperty(window, "{LAST_CHANGE}", {{value: performance.now(), configurable: true}});
  const tool = (node) => node instanceof Element && node.closest("x-pw-glass") !== null;
  const theirs = (record) => {{
    const nodes = [...record.addedNodes, ...record.removedNodes];
    return !(record.attributeName || "").startsWith("data-friction") && !tool(record.target)
      && !(nodes.length && nodes.every(tool));
  }};
  mark();
  new MutationObserver((records) => records.some(theirs) && mark())
    .observe(document, {{subtree: true, childList: true, attributes: true, characterData: true}});
}})()"""
# The page's animations that run and will end (a menu sliding open); endless ones (a spinner) never settle.
FINITE_ANIMATIONS = """document.getAnimations().filter((a) => a.playState === "running"
  && a.effect && a.effect.getComputedTiming().endTime !== Infinity)"""


def _in_page(source: str) -> str:
    """A script of ours with the page-side names it shares filled in."""
    return (source.replace("LAST_CHANGE", LAST_CHANGE).replace("FINITE_ANIMATIONS", FINITE_ANIMATIONS)
            .replace("MISSED", MISSED).replace("CLICK_TIMEOUT_MS", str(CLICK_TIMEOUT_MS)))


# Resolves once the DOM has been still for `quiet` ms and finite animations (a menu sliding open)
# have finished, or at `cap` ms: a static page settles in one quiet period instead of a fixed sleep.
SETTLED_JS = _in_page("""([quiet, cap]) => new Promise((resolve) => {
  const hard = setTimeout(finish, cap);
  const since = performance.now() - (typeof window.LAST_CHANGE === "number" ? window.LAST_CHANGE : performance.now());
  let timer = setTimeout(animations, Math.max(0, quiet - since));
  const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(animations, quiet); });
  observer.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  function animations() {
    observer.disconnect();
    Promise.all(FINITE_ANIMATIONS.map((a) => a.finished.catch(() => null))).then(finish);
  }
  function finish() { observer.disconnect(); clearTimeout(timer); clearTimeout(hard); resolve(true); }
})""")
# Read just before a page read at once: when its DOM last changed; null while a finite animation runs,
# which is then waited for before reading, as SETTLED_JS does.
MARK = "FINITE_ANIMATIONS.length ? null : (window.LAST_CHANGE ?? null)"
MARK_JS = _in_page(f"() => {MARK}")
# Resolves once the page has loaded (at most `cap` ms), then run a task of its own (a page whose script never
# yields answers nothing: the busy probe), with its mark: three waits in one call.
LOADED_JS = _in_page(f"""(cap) => new Promise((resolve) => {{
  const read = () => setTimeout(() => resolve({MARK}), 0);
  if (document.readyState === "complete") return read();
  addEventListener("load", read, {{once: true}});
  setTimeout(read, cap);
}})""")
# `then()` once the DOM, unchanged since `mark` (a page read at once), has been still for `quiet` ms; {changed: true}
# if it changed since; at once without a mark.
HELD_STILL_JS = """const heldStill = (mark, quiet, then) => mark === null ? then() : new Promise((resolve) =>
  setTimeout(() => resolve(window.LAST_CHANGE !== mark ? {changed: true} : then()),
             Math.max(0, quiet - (performance.now() - mark))));"""
STILL_JS = _in_page(f"([mark, quiet]) => {{ {HELD_STILL_JS} return heldStill(mark, quiet, () => ({{}})); }}")
STILL_TIMEOUT_MS = 2000
LOAD_WAIT_MS = 5000
NEW_TAB_WAIT_MS = 2000  # how long a link that opens a new tab is given to open it
# Where a click on the element lands, as Playwright aims it: the centre of its first box; null when that
# point is outside the window; `clear` when the element itself, not something over it, would get the click.
POINT_JS = """const point = (el) => {
  const box = [...el.getClientRects()].find((r) => r.width >= 1 && r.height >= 1);
  const x = box ? box.left + box.width / 2 : -1, y = box ? box.top + box.height / 2 : -1;
  if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return null;
  const hit = el.getRootNode().elementFromPoint(x, y);
  return {x, y, clear: !!hit && (el === hit || el.contains(hit))};
};"""
# Where to click the element ourselves, the address it links to, and whether that opens in a new window;
# first, when the page was read at once (`mark`), that its DOM then held still for `quiet` ms (else `changed`).
# No point where Playwright's click must wait or explain: disabled, hidden, covered (`covered`, which the
# journey may clear first), or a zoomed view (a phone's page without a viewport tag). With a point, a guard
# goes in as Playwright's does: should the press land elsewhere (a pop-up arriving with the pointer), it is
# kept from the page and noted, and the click is left to Playwright.
AIM_JS = _in_page(f"""([selector, mark, quiet]) => {{ {POINT_JS} {HELD_STILL_JS}
  const aim = (el) => {{
    if (!el) return {{href: ""}};
    const link = el.closest("a[href]");
    const href = link ? link.href : "";
    const target = link ? link.target || (document.querySelector("base[target]") || {{}}).target || "" : "";
    const opens = !!target && (target.toLowerCase() === "_blank" || !target.startsWith("_") && !window.frames[target]);
    const view = window.visualViewport;
    const zoomed = view && (view.scale !== 1 || view.offsetLeft || view.offsetTop);
    if (zoomed || el.matches(":disabled") || el.closest("[aria-disabled=true]")) return {{href, opens}};
    let p = point(el);
    if (!p) {{ el.scrollIntoView({{block: "center", inline: "center", behavior: "instant"}}); p = point(el); }}
    if (!p || !p.clear) return {{href, opens, covered: !!p}};
    const kinds = ["pointerdown", "mousedown", "pointerup", "mouseup", "click"];
    let ours = null;
    window.MISSED = false;
    const guard = (event) => {{
      ours ??= event.composedPath().includes(el);
      if (!ours) {{ event.preventDefault(); event.stopImmediatePropagation(); window.MISSED = true; }}
      if (event.type === "click") done();
    }};
    const done = () => kinds.forEach((kind) => removeEventListener(kind, guard, true));
    kinds.forEach((kind) => addEventListener(kind, guard, true));
    setTimeout(done, CLICK_TIMEOUT_MS);  // a press that never became a click leaves no guard behind
    return {{href, opens, x: p.x, y: p.y}};
  }};
  return heldStill(mark, quiet, () => aim(({script.FIND_JS})(selector)));
}}""")
# A left click, as Playwright's mouse sends it.
MOUSE_EVENTS = ({"type": "mouseMoved", "button": "none", "buttons": 0},
                {"type": "mousePressed", "button": "left", "buttons": 1, "clickCount": 1},
                {"type": "mouseReleased", "button": "left", "buttons": 0, "clickCount": 1})
COVERED = "intercepts pointer events"  # Playwright's words when another element takes the click
COVERED_ERROR = "click failed: another element lay on top of it"
# More main-frame document loads than this in one step, with nobody clicking, is a page loading itself in a loop.
SELF_LOADS = 6
SAME_LOADS = 3  # ... or the same address loaded this many times
LOOP_WATCH_MS = 1000
# A page whose script does not let a trivial one run within this long is stuck in its own loop.
BUSY_PROBE_MS = 5000
YIELD_JS = "() => new Promise((resolve) => setTimeout(resolve, 0))"
# How long a server may take to answer a page load (the browser's navigation timeout) before the page is given up.
ANSWER_WAIT_S = 15
# Script memory a page may hold (busy web apps use a few hundred MB at most); past it the page is stopped.
MEMORY_LIMIT_MB = 384


def http_failure(requests: list[dict[str, Any]]) -> str | None:
    """'HTTP 500 at URL' for the first page load among `requests` that answered with an error."""
    failed = failed_page_loads(requests)
    return f"HTTP {failed[0]['status']} at {failed[0]['url']}" if failed else None


class PageChanged(Exception):
    """The page read at once went on changing before the journey left it: it has been read again, and
    what was decided on the first reading must be decided again."""


def first_line(error: BaseException, limit: int = 300) -> str:
    return clip((str(error).strip().splitlines() or [type(error).__name__])[0], limit)


class Driver:
    """Acts on the page and records each action as a step.

    The step for an action stays open while the journey looks at the page it led to (so the
    screenshot of that page can show the element clicked next); it is written to disk when the
    next action begins or the journey ends, and never changed after that.
    """

    def __init__(self, page: Page, recorder: Recorder, screenshots: str = "path",
                 a11y: PathAudit | None = None) -> None:
        self.recorder = recorder
        self.screenshots = screenshots
        self.a11y = a11y  # axe on each page a click acts on (`accessibility: false` leaves it out)
        self.steps: list[StepRecord] = []
        self.open: StepRecord | None = None
        self.loading: set[Request] = set()  # requests that can still change the page
        # Whether the page ran a trivial script during this step (None: not asked yet, or it was navigating).
        self.answered: bool | None = None
        # Read each page as soon as it loaded, and confirm it then held still before the next step leaves it
        # (`confirm`): the quiet wait overlaps the reading, judging and screenshot instead of preceding them.
        self.optimistic = False
        self.mark: float | None = None  # when the open step's page last changed before it was read at once
        self.restless: set[str] = set()  # pages that changed after a reading at once: always waited for
        self._use(page)
        self.on_commit: Callable[[StepRecord], None] | None = None  # told each step once it is final

    def _use(self, page: Page) -> None:
        """Act in `page` from now on, hearing which of its requests can still change it."""
        self.page = page
        self.loading.clear()
        page.on("request", self._request_started)
        page.on("requestfinished", self._request_ended)
        page.on("requestfailed", self._request_ended)

    def _request_started(self, request: Request) -> None:
        if request.resource_type in PAGE_CHANGING:
            self.loading.add(request)

    def _request_ended(self, request: Request) -> None:
        self.loading.discard(request)

    # --- the step life cycle --------------------------------------------------------------

    def _begin(self, action: str, target: str | None, **fields: Any) -> tuple[StepRecord, float]:
        self.confirm()
        self.commit()
        self.answered = None
        if self.page.is_closed():  # the site closed it, or we stopped it: go on in a new one
            self._use(new_page(self.page.context))  # under the egress policy, as the first page
            self.recorder.stopped = ""
        return StepRecord(index=len(self.steps), action=action, target=target, **fields), time.monotonic()

    def _end(self, step: StepRecord, started: float, *, facts: bool = True, shot: bool = False) -> StepRecord:
        step.ms = int((time.monotonic() - started) * 1000)
        stopped = self._stop_hostile(step, started)
        if stopped:
            self.mark = None
        self.recorder.complete(step, self.page, facts=facts and not stopped,
                               shot=shot and not stopped and self.screenshots != "none")
        self._judge_load(step)
        self.steps.append(step)
        self.open = step
        return step

    def _stop_hostile(self, step: StepRecord, started: float) -> bool:
        """A page that looped, stormed, never answered, closed itself, froze or ate memory fails the step, stopped."""
        loads = self.recorder.events.loads
        if len(loads) > 1 and not self.page.is_closed():
            # The page went on by itself (a script or a refresh): watch a moment whether it ever stops.
            with contextlib.suppress(Exception):
                self.page.wait_for_timeout(LOOP_WATCH_MS)
        if self.recorder.stopped:
            error = self.recorder.stopped
        elif len(loads) > SELF_LOADS or max(Counter(loads).values(), default=0) >= SAME_LOADS:
            error = f"{faults.LOOPED} ({len(loads)} loads: {' → '.join(loads[:3])} …) and was stopped"
        elif self._unanswered(started):
            waited = time.monotonic() - started
            error = f"{self.recorder.pending_navigation} {faults.NO_ANSWER} in {waited:.0f} s"
        elif self.page.is_closed():
            error = faults.CLOSED
        elif not self._responsive():
            error = f"{faults.BUSY} for {BUSY_PROBE_MS / 1000:g} s and was closed"
            self.page.close()
        elif (heap := self._heap_mb()) > MEMORY_LIMIT_MB:
            error = f"the page held {heap:.0f} {faults.MEMORY} (the limit is {MEMORY_LIMIT_MB}) and was stopped"
        else:
            return False
        step.ok, step.error = False, error
        self._stop_page()
        return True

    def _stop_page(self) -> None:
        """Leave a hostile page for a blank one (which also cancels a navigation still waiting)."""
        if not self.page.is_closed():
            with contextlib.suppress(Exception):
                self.page.goto("about:blank", timeout=LOAD_WAIT_MS)

    def _unanswered(self, started: float) -> bool:
        """Whether the page's navigation is still waiting for the server ANSWER_WAIT_S after the step began."""
        while self.recorder.pending_navigation and time.monotonic() - started < ANSWER_WAIT_S:
            with contextlib.suppress(Exception):
                self.page.wait_for_timeout(250)
        return bool(self.recorder.pending_navigation) and not self.page.is_closed()

    def _responsive(self) -> bool:
        """Whether the page runs a trivial script soon: one whose own script never yields answers nothing.

        Asked once a step, before friction's own scripts, which would otherwise wait for the page.
        """
        if self.answered is not None:
            return self.answered
        try:
            script.run(self.page, YIELD_JS, timeout_ms=BUSY_PROBE_MS)
        except Exception as error:
            if not script.timed_out(error):
                return True  # a page mid-navigation is not a busy one; the page it lands on is asked again
            self.answered = False
            return False
        self.answered = True
        return True

    def _heap_mb(self) -> float:
        """The script memory the page in front of us holds (0 when the browser cannot say)."""
        try:
            return float(script.session(self.page).send("Runtime.getHeapUsage")["usedSize"]) / 2**20
        except Exception:
            return 0.0

    def _judge_load(self, step: StepRecord) -> None:
        """A page load that answered 4xx/5xx, the browser's own error page, a file, or one the egress
        policy refused, is a failed step."""
        refused = refused_load(step.refused)
        if refused:
            step.ok, step.error = False, refused
            return
        if not step.ok:
            return
        error_page = step.facts.error_page if step.facts else ""
        failure = http_failure(step.failed_requests)
        if step.downloads and step.action not in ("dismiss", "hover"):
            step.ok, step.error = False, f"“{step.target}” {faults.DOWNLOADED} ({', '.join(step.downloads)})"
        elif failure:
            step.ok, step.error = False, failure
        elif error_page:
            what = step.target if step.action in ("goto", "back") else f"the page behind “{step.target}”"
            step.ok, step.error = False, f"the browser could not load {what}: {error_page}"

    def commit(self) -> None:
        """Write the open step, with what the browser reported while its page was in front of us; then it is final."""
        if self.open is not None:
            self.recorder.add_events(self.open)
            self.recorder.save(self.open)
            if self.on_commit is not None:
                self.on_commit(self.open)
            self.open = None

    def photograph(self, highlight: str | None = None) -> None:
        """Attach a screenshot of the page in front of us to the open step, `highlight` outlined."""
        step = self.open
        if step is None or step.screenshot or self.screenshots == "none":
            return
        # A page too big to read whole is too big to keep.
        self.recorder.photograph(step, self.page, highlight, html=not (step.facts and step.facts.truncated))

    def settle(self, load_wait_ms: int = LOAD_WAIT_MS, extra_ms: int = SETTLE_MS) -> None:
        """Wait for the load event (at most `load_wait_ms`), then for the page to go still (at most `extra_ms`)."""
        # A page that never finishes loading, or never goes still, is judged on what it shows.
        mark = self._loaded(load_wait_ms)
        if extra_ms:
            self.quiet(extra_ms, at_once=self._at_once(), mark=mark)

    def _loaded(self, cap_ms: int) -> float | None:
        """Wait for the load event, asking meanwhile whether the page answers (`_responsive`); its mark."""
        try:
            mark = script.run(self.page, LOADED_JS, cap_ms, timeout_ms=cap_ms + BUSY_PROBE_MS)
        except Exception as error:
            if script.timed_out(error):
                self.answered = False
            else:  # a document on its way in, or a page that refuses our script: Playwright knows when it loads
                with contextlib.suppress(Exception):
                    self.page.wait_for_load_state("load", timeout=cap_ms)
            return None
        self.answered = True
        return None if mark is None else float(mark)

    def _at_once(self) -> bool:
        return self.optimistic and page_key(self.page.url) not in self.restless

    def quiet(self, cap_ms: int = SETTLE_MS, *, at_once: bool = False, mark: float | None = None) -> None:
        """Wait until no request can change the page, the DOM stops changing and finite animations end.

        At most `cap_ms`: a page that polls or animates forever is read as it stands then. `at_once`
        skips the wait for the DOM to go still; `confirm` makes up for it before the page is left.
        `mark` is the page's mark as just read, if it was.
        """
        deadline = time.monotonic() + cap_ms / 1000
        if not self._responsive():
            return  # the step ends there: the page is stopped as busy
        try:
            if self.loading:
                self._await_requests(deadline)
                mark = None  # read again, once they ended
            if at_once and (mark := mark if mark is not None else script.run(self.page, MARK_JS)) is not None:
                self.mark = float(mark)
                return
            left = int((deadline - time.monotonic()) * 1000)
            if left > 0:
                script.run(self.page, SETTLED_JS, [QUIET_MS, left])
        except Exception:  # navigating away, or a page that refuses scripts: the cap is the wait
            with contextlib.suppress(Exception):
                self.page.wait_for_timeout(max(0, int((deadline - time.monotonic()) * 1000)))

    def _await_requests(self, deadline: float) -> None:
        while self.loading and time.monotonic() < deadline:
            self.page.wait_for_timeout(QUIET_MS / 2)  # lets Playwright deliver the requests' ends

    def confirm(self) -> None:
        """Before a page read at once is left: make sure it then held still, or read it again and raise PageChanged."""
        mark = self._unconfirmed()
        if mark is not None and not self._held_still(mark):
            self._changed()

    def _unconfirmed(self) -> float | None:
        """The mark of the page in front of us, read at once and not yet confirmed to have held still (once),
        once no request can still change it."""
        mark, self.mark = self.mark, None
        step = self.open
        if mark is None or step is None or step.facts is None or not step.ok or self.page.is_closed():
            return None
        with contextlib.suppress(Exception):  # a page gone meanwhile is not known to be still: the check says so
            self._await_requests(time.monotonic() + SETTLE_MS / 1000)
        return mark

    def _changed(self) -> None:
        """The page read at once changed before it was left: wait for it, read it again and raise PageChanged."""
        step = self.open
        assert step is not None
        self.restless.add(page_key(step.url or self.page.url))
        self.answered = None
        if not self._responsive():
            return  # a page that stopped answering is stopped by the next step, not read again
        self.quiet()
        self.refresh_facts()
        step.screenshot = step.shot_box = step.html = None  # it showed the page before it changed
        raise PageChanged(step.url)

    def _held_still(self, mark: float) -> bool:
        """Whether the page's DOM, as it was at `mark`, has stayed so until it was still for QUIET_MS."""
        try:
            return not script.run(self.page, STILL_JS, [mark, QUIET_MS], timeout_ms=STILL_TIMEOUT_MS).get("changed")
        except Exception:  # a navigation, a page that does not answer: not known to be still
            return False

    def refresh_facts(self) -> None:
        """Read the page again into the open step (something changed in front of us)."""
        if self.open is not None and self.open.facts is not None:
            self.open.facts = self.recorder.facts(self.page)

    # --- the shared crawl ------------------------------------------------------------------

    def recall(self, page: StepRecord, action: str, target: str | None, backtrack: bool = False) -> StepRecord:
        """A step taken from the site model: the page as read before, without acting on the browser."""
        step, _ = self._begin(action, target, backtrack=backtrack)
        # The earlier screenshot outlined what that journey clicked next, not what this one will.
        step = page.model_copy(deep=True, update={
            "index": step.index, "action": action, "target": target, "backtrack": backtrack,
            "from_model": True, "shot_box": None, "note": "", "options": 0,
            "fields_filled": 0, "keystrokes": 0})
        self.steps.append(step)
        self.open = step
        return step

    def attach(self, url: str) -> StepRecord | None:
        """Bring the browser to the page the open step (taken from the model) shows, uncounted: a customer
        is already there. The open step then holds the page as read now; None if it could not be loaded."""
        step = self.open
        try:
            self.page.goto(url, wait_until="load")
            self.settle()
            facts = self.recorder.facts(self.page)
        except Exception:
            return None
        if facts.error_page or (facts.status or 0) >= 400:
            return None  # the page is not there for this customer now: act on nothing
        self.recorder.drain()  # what the page reported is on the step already, from its first read
        if step is not None:
            step.facts = facts
        return step

    # --- actions ---------------------------------------------------------------------------

    def goto(self, url: str, action: str = "goto", backtrack: bool = False, target: str | None = None) -> StepRecord:
        """Load `url`; `target` names what a customer followed to get there (a plain link), when not the URL."""
        step, started = self._begin(action, target or url, backtrack=backtrack)
        try:
            self.page.goto(url, wait_until="load")
            self.settle()
        except Exception as error:
            step.ok, step.error = False, first_line(error)
        return self._end(step, started)

    def click(self, selector: str, target: str, action: str = "click",
              unblock: Callable[[], None] | None = None, follow: Callable[[str], bool] | None = None) -> StepRecord:
        """Click, as a customer would.

        When something covers the element, `unblock` (closing the overlay, in steps of its own)
        runs first. A new tab the click opens is followed in the main page when `follow` allows its URL.
        """
        self.photograph(selector)
        # Checked before looking for what covers the element: a pop-up on a timer may arrive meanwhile.
        issues = self.a11y.before_click(self.page, selector) if self.a11y is not None else None
        aim: dict[str, Any] | None = self._aim(selector)
        if unblock is not None and aim is not None and aim.get("covered"):
            unblock()
            aim = None  # aimed again once the page is clear
        step = self._click_step(selector, target, action, follow, issues, aim)
        if unblock is not None and step.error == COVERED_ERROR:
            # A pop-up on a timer arrived between the check and the click: close it and click again, once.
            unblock()
            self.photograph(selector)
            step = self._click_step(selector, target, action, follow, issues, None)
        return step

    def _aim(self, selector: str) -> dict[str, Any]:
        """Where to click the element (AIM_JS), in one call with the confirmation that the page read at once
        held still (as `confirm`, which raises PageChanged when it did not)."""
        mark = self._unconfirmed()
        try:
            aim = dict(script.run(self.page, AIM_JS, [selector, mark, QUIET_MS],
                                  timeout_ms=STILL_TIMEOUT_MS if mark is not None else script.TIMEOUT_MS))
        except Exception:  # the page keeps our script from asking: Playwright's click finds out why
            aim = {"href": "", "changed": mark is not None}  # and a page read at once is not known to be still
        if aim.get("changed"):
            self._changed()
        return aim

    def _click_step(self, selector: str, target: str, action: str, follow: Callable[[str], bool] | None,
                    issues: list[AxeIssue] | None, aim: dict[str, Any] | None) -> StepRecord:
        step, started = self._begin(action, target, a11y=issues)
        error = self._press(selector, follow, aim)
        if error is not None:
            covered = COVERED in str(error)
            step.ok, step.error = False, COVERED_ERROR if covered else f"click failed: {first_line(error, 200)}"
        return self._end(step, started)

    def _press(self, selector: str, follow: Callable[[str], bool] | None,
               aim: dict[str, Any] | None) -> Exception | None:
        """Click the element (where `aim` says, when it was aimed at already) and follow the tab it opens;
        the error, if it failed."""
        self.recorder.popups_kept = 1  # a link to a new tab; a storm of windows is closed as it opens
        try:
            aim = self._click_element(selector, aim)
            self._follow_popups(follow, str(aim["href"]), bool(aim.get("opens")))
        except Exception as error:
            return error
        finally:
            self.recorder.popups_kept = 0
        return None

    def _click_element(self, selector: str, aim: dict[str, Any] | None = None) -> dict[str, Any]:
        """Click the element and let the page settle; where it aimed (`_aim`, unless given): the address it
        links to ("" for none, or when unknown) and whether that opens in a new window.

        Where the element lies clear in the window, the mouse is pressed there through the DevTools session:
        Playwright's click would first put its helper script into each new document (30-40 ms a click).
        """
        aim = aim or self._aim(selector)
        if not ("x" in aim and self._click_at(float(aim["x"]), float(aim["y"]))):
            self.page.locator(selector).first.click(timeout=CLICK_TIMEOUT_MS)  # it waits, or says why not
        self.settle()
        return aim

    def _click_at(self, x: float, y: float) -> bool:
        """Press the mouse at (x, y); whether the element got the click (once a navigation it started has
        committed or ended)."""
        cdp = script.session(self.page)
        for event in MOUSE_EVENTS:
            cdp.send("Input.dispatchMouseEvent", {**event, "x": x, "y": y}, timeout=CLICK_TIMEOUT_MS)
        # The browser holds a session's calls while a navigation is on its way to a new document, so this answer
        # comes once the one the click started has committed (and a new document missed nothing) or ended. A
        # navigation that begins later (a script holding the click back) is for the navigator to notice.
        try:
            return not script.evaluate(self.page, f"window.{MISSED} === true", CLICK_TIMEOUT_MS)
        except Exception as error:
            if script.timed_out(error):
                raise  # the click's page has not answered: as Playwright's click, it failed
            return True  # the document went away (closed, or replaced as the answer came): the click was made

    def _follow_popups(self, follow: Callable[[str], bool] | None, href: str, opens: bool) -> None:
        """A link that opened a new tab: close it and continue at its address in the main page.

        Only the window of the link clicked (or of a button, when it alone opened one) is followed:
        a page that opens windows by itself would otherwise lead the journey away. A link that opens a new
        tab is given a moment for it: the tab can arrive after the click has returned.
        """
        popups = self._popups()
        if opens and not popups:
            with contextlib.suppress(Exception):
                popups = [self.page.context.wait_for_event("page", timeout=NEW_TAB_WAIT_MS)]
        address = ""
        for popup in popups:
            url = popup.url
            with contextlib.suppress(Exception):
                popup.close()
            if opens and href:
                url = href  # the link's own tab, which may not show its address yet
            ours = url == href if href else len(popups) == 1 and len(self.recorder.events.popups) == 1
            address = address or (url if ours else "")
        if follow is not None and address and address != "about:blank" and follow(address):
            # A load that fails is the page's failure, as a click's would be: the step is judged on what loaded.
            with contextlib.suppress(Exception):
                self.page.goto(address, wait_until="load")

    def _popups(self) -> list[Page]:
        return [p for p in self.page.context.pages if p is not self.page and not p.is_closed()]

    def hover(self, selector: str, target: str) -> StepRecord:
        """Point at a menu that opens on hover: a step of its own, as a person's pointing is."""
        self.photograph(selector)
        step, started = self._begin("hover", target, note="pointed at a menu that opens on hover")
        try:
            self.page.locator(selector).first.hover(timeout=CLICK_TIMEOUT_MS)
            self.quiet(at_once=self._at_once())
        except Exception as error:
            step.ok, step.error = False, f"hover failed: {first_line(error, 200)}"
        return self._end(step, started)

    def dismiss(self, selector: str, target: str, note: str) -> StepRecord:
        """Close an overlay; the step's screenshot shows it with the button outlined, before the click."""
        aim = self._aim(selector)  # confirms, as `_begin` would, in the same call
        step, started = self._begin("dismiss", target, note=note)
        if self.screenshots != "none":
            self.recorder.photograph(step, self.page, selector, html=False)
        try:
            self._click_element(selector, aim)
        except Exception as error:
            step.ok, step.error = False, f"could not close the overlay: {first_line(error, 160)}"
        return self._end(step, started)

    def act(self, action: str, target: str | None, run: Callable[[Page, StepRecord], None], *,
            navigates: bool, shot: Callable[[StepRecord], bool]) -> tuple[StepRecord, BaseException | None]:
        """A scripted action: `run` does it and notes what it did on the step; an error is returned, not raised."""
        step, started = self._begin(action, target)
        failed = None
        try:
            run(self.page, step)
            if navigates:
                self.settle(load_wait_ms=3000, extra_ms=0)
        except Exception as error:
            failed = error
            step.ok, step.error = False, first_line(error)
        self._end(step, started)
        if shot(step):
            self.photograph()
        return step, failed
