"""The goal-seeking navigator: best-first search by information scent, with backtracking and budgets."""

from __future__ import annotations

import contextlib
import heapq
import itertools
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin
from urllib.robotparser import RobotFileParser

from audits.goals import GOALS, Observation
from audits.journeys import Session, Verdict, http_failure
from audits.journeys.overlays import blocking, dismiss_button
from audits.journeys.scent import is_menu_toggle, is_placeholder, navigable, score
from audits.journeys.scope import Scope, is_private, normalise, page_key, robots, sitemap_urls
from audits.judge.verdict import Findings, decide
from audits.model import Coverage, Link, PageFacts, StepRecord

STRONG = 0.5
# Words on the home page are not yet a gate in front of the goal: a customer has not tried anything.
START_RELEVANCE = 0.4
MENU_SCORE = 0.45
EXPLORE_SCORE = 0.05
SITEMAP_SCORE = 0.01
SETTLE_MS = 150
CLICK_TIMEOUT_MS = 3000
POLITE_SECONDS = 1.0
MAX_OVERLAYS = 3


@dataclass
class State:
    """A page state the journey reached, and how to get back to it."""

    id: int
    url: str
    depth: int
    route: list[Link]
    step: int
    relevance: float
    parent: int | None
    menu_open: bool = False


@dataclass(order=True)
class Option:
    """A candidate action, ordered by scent (then shallower first, then page order)."""

    rank: tuple[float, int, int]
    state: int = field(compare=False)
    link: Link = field(compare=False)
    scent: float = field(compare=False)
    kind: str = field(compare=False, default="click")
    url: str | None = field(compare=False, default=None)


class Navigator:
    """Drives one goal-seeking journey and returns its verdict."""

    def __init__(self, session: Session) -> None:
        self.s = session
        self.goal = session.journey.goal
        self.test = GOALS.get(self.goal).observe
        self.scope = Scope(session.site.start_url, session.site.allowed_domains, session.options.allow_private)
        self.polite = not is_private(self.scope_host())
        self.states: list[State] = []
        self.current: State | None = None
        self.frontier: list[Option] = []
        self.queued: set[str] = set()
        self.visited_urls: set[str] = set()
        self.signatures: set[str] = set()
        self.known_urls: set[str] = set()
        self.order = itertools.count()
        self.clicks = 0
        self.findings = Findings()
        self.robots: RobotFileParser | None = None
        self.sitemap = False
        self.shot_steps: set[int] = set()
        self.clicked_url: str | None = None

    def scope_host(self) -> str:
        return next(iter(self.scope.hosts))

    # --- steps -------------------------------------------------------------------------

    def _record(self, step: StepRecord, started: float, facts: bool = True) -> StepRecord:
        step.ms = int((time.monotonic() - started) * 1000)
        recorded = self.s.recorder.record(step, self.s.page, shot=False, facts=facts)
        self.s.steps.append(recorded)
        return recorded

    def _settle(self) -> None:
        page = self.s.page
        with contextlib.suppress(Exception):
            page.wait_for_load_state("load", timeout=5000)
        page.wait_for_timeout(SETTLE_MS)

    def _photograph(self, step: StepRecord, highlight: str | None) -> None:
        """Attach a screenshot of the current page to `step`, the acted-on element outlined."""
        if self.s.options.screenshots == "none" or step.index in self.shot_steps:
            return
        self.shot_steps.add(step.index)
        step.screenshot, step.shot_box = self.s.recorder.screenshot(self.s.page, step.index, highlight)
        step.html = self.s.recorder.snapshot_html(self.s.page, step.index)

    def _follow_popup(self) -> None:
        """A link that opened a new tab: continue there, as a customer would, in the main page."""
        pages = [p for p in self.s.context.pages if p is not self.s.page and not p.is_closed()]
        for popup in pages:
            url = popup.url
            with contextlib.suppress(Exception):
                popup.close()
            if url and url != "about:blank" and self.scope.allows(url):
                self.s.page.goto(url, wait_until="load")

    # --- states --------------------------------------------------------------------------

    def _arrive(self, step: StepRecord, depth: int, route: list[Link], relevance: float,
                parent: int | None, menu_open: bool = False) -> State | None:
        """Judge the page a step led to; return a new state to expand, or None for a dead end."""
        facts = step.facts
        if not step.ok or facts is None:
            return None
        self.visited_urls.add(page_key(facts.url))
        if self.clicked_url:
            self.visited_urls.add(page_key(self.clicked_url))  # a link that redirected is visited too
        failure = http_failure(step.failed_requests)
        if failure:
            step.ok, step.error = False, failure
            self.findings.failure("http-error", failure, relevance, step.index)
            self._photograph(step, None)
            return None
        if facts.signature in self.signatures and not menu_open:
            step.note = (step.note + " (a page already seen)").strip()
            return None
        self.signatures.add(facts.signature)
        state = State(len(self.states), facts.url, depth, route, step.index, relevance, parent, menu_open)
        self.states.append(state)
        self.current = state
        return state

    def _observe(self, step: StepRecord, relevance: float) -> Observation | None:
        if step.facts is None:
            return None
        seen = self.test(step.facts, self.s.site.region, step.index)
        self.findings.add(seen, relevance, step.facts.url)
        return seen

    # --- overlays ------------------------------------------------------------------------

    def _clear_overlays(self, step: StepRecord, menu_open: bool) -> StepRecord:
        """Close what covers the page; each dismissal is a step of its own."""
        for _ in range(MAX_OVERLAYS):
            facts = step.facts
            overlays = blocking(facts, menu_open) if facts else []
            button = next((b for o in overlays if (b := dismiss_button(o))), None)
            if button is None:
                return step
            overlay = next(o for o in overlays if button in o.get("buttons", []))
            step = self._dismiss(button, str(overlay.get("text", ""))[:100])
        return step

    def _dismiss(self, button: dict[str, str], text: str) -> StepRecord:
        selector = f'[data-friction-id="{button["fid"]}"]'
        started = time.monotonic()
        step = StepRecord(index=self.s.next_index(), action="dismiss", target=button.get("text", ""),
                          note=f"closed an overlay: “{text}”")
        self.s.recorder.drain()
        shot, box = self.s.recorder.screenshot(self.s.page, step.index, selector)
        try:
            self.s.page.locator(selector).first.click(timeout=CLICK_TIMEOUT_MS)
            self._settle()
        except Exception as error:
            step.ok, step.error = False, f"could not close the overlay: {str(error).splitlines()[0][:160]}"
        recorded = self._record(step, started)
        recorded.screenshot, recorded.shot_box = shot, box
        self.shot_steps.add(recorded.index)
        return recorded

    # --- options -------------------------------------------------------------------------

    def _push(self, state: State, link: Link, scent: float, kind: str, url: str | None) -> None:
        option = Option((-scent, state.depth, next(self.order)), state.id, link, scent, kind, url)
        heapq.heappush(self.frontier, option)

    def _expand(self, state: State, facts: PageFacts) -> None:
        for link in facts.links:
            if not link.visible or (link.submit and not self.s.journey.submit):
                continue
            if is_menu_toggle(link) and not state.menu_open:
                # A site-wide menu needs opening once, not on every page.
                key = f"menu:{link.tag}:{link.name}"
                if key not in self.queued:
                    self.queued.add(key)
                    self._push(state, link, max(MENU_SCORE, score(link, self.goal)), "open-menu", None)
                continue
            if is_placeholder(link) or not navigable(link) or not link.href:
                continue
            self._consider_link(state, link)

    def _consider_link(self, state: State, link: Link) -> None:
        url = normalise(urljoin(state.url, link.href or ""))
        scent = score(link, self.goal)
        if not self.scope.allows(url):
            if scent < STRONG or not self.scope.may_adopt(url):
                return
        else:
            # A page robots.txt keeps us from is still known: the site cannot be called empty of it.
            self.known_urls.add(page_key(url))
            if self.robots is not None and not self.robots.can_fetch("friction", url):
                return
        if page_key(url) in self.queued or page_key(url) in self.visited_urls:
            return
        self.queued.add(page_key(url))
        self._push(state, link, max(scent, EXPLORE_SCORE), "click", url)

    def _next_option(self) -> Option | None:
        while self.frontier:
            option = heapq.heappop(self.frontier)
            if option.url and page_key(option.url) in self.visited_urls:
                continue
            if self.states[option.state].depth + 1 > self.s.budget.clicks and option.kind != "goto":
                self.findings.cut_by_budget = True
                continue
            return option
        return None

    # --- moving --------------------------------------------------------------------------

    def _goto(self, url: str, action: str, backtrack: bool = False) -> StepRecord:
        started = time.monotonic()
        if self.polite:
            time.sleep(POLITE_SECONDS)
        step = StepRecord(index=self.s.next_index(), action=action, target=url, backtrack=backtrack)
        self.s.recorder.drain()
        try:
            self.s.page.goto(url, wait_until="load")
            self._settle()
        except Exception as error:
            step.ok, step.error = False, str(error).splitlines()[0][:300]
        return self._record(step, started)

    def _restore(self, state: State) -> bool:
        """Go back to a state seen before: its URL, then any menu it had open."""
        if self.current is state:
            return True
        step = self._goto(state.url, "back", backtrack=True)
        if not step.ok:
            return False
        for toggle in state.route[-1:] if state.menu_open else []:
            found = self._find(toggle, step.facts)
            if found is None:
                return False
            step = self._click(found, "open-menu")
        self.current = state
        return step.ok

    def _find(self, wanted: Link, facts: PageFacts | None) -> Link | None:
        if facts is None:
            return None
        for link in facts.links:
            if link.visible and link.name == wanted.name and link.href == wanted.href and link.tag == wanted.tag:
                return link
        return None

    def _click(self, link: Link, action: str) -> StepRecord:
        selector = f'[data-friction-id="{link.fid}"]'
        if self.s.steps:
            self._photograph(self.s.steps[-1], selector)
        started = time.monotonic()
        step = StepRecord(index=self.s.next_index(), action=action, target=link.name or link.text or link.href)
        self.s.recorder.drain()
        try:
            self._click_through(selector)
            self._settle()
            self._follow_popup()
        except Exception as error:
            step.ok, step.error = False, f"click failed: {str(error).splitlines()[0][:200]}"
        return self._record(step, started)

    def _click_through(self, selector: str) -> None:
        locator = self.s.page.locator(selector).first
        try:
            locator.click(timeout=CLICK_TIMEOUT_MS)
        except Exception:
            # Something covered the element (a late pop-up): close it, as a customer would, and retry.
            if self.s.steps and self.s.steps[-1].facts is not None:
                self.s.steps[-1].facts = self.s.recorder.facts(self.s.page)
                self._clear_overlays(self.s.steps[-1], False)
            locator.click(timeout=CLICK_TIMEOUT_MS)

    def _reach(self, option: Option) -> tuple[Link, State] | None:
        """The element to act on, and the state it is acted from (going back to it if need be)."""
        current = self.current
        if current is not None and not current.menu_open and option.kind == "click":
            here = self._find(option.link, self.s.steps[-1].facts)
            if here is not None:
                return here, current  # the same link is on the page in front of us: no need to go back
        origin = self.states[option.state]
        moved = current is not origin
        if not self._restore(origin):
            return None
        link = self._find(option.link, self.s.steps[-1].facts) if moved else option.link
        return (link, origin) if link is not None else None

    def _take(self, option: Option) -> None:
        origin = self.states[option.state]
        if option.kind == "goto":
            step = self._goto(option.url or "", "goto")
        else:
            reached = self._reach(option)
            if reached is None:
                return
            link, origin = reached
            if option.url and not self.scope.allows(option.url):
                self.scope.adopt(option.url)
            self.clicked_url = option.url
            step = self._click(link, option.kind)
            self.clicks += 1
        menu = option.kind == "open-menu"
        step = self._clear_overlays(step, menu)
        depth = origin.depth + (0 if option.kind == "goto" else 1)
        state = self._arrive(step, depth, [*origin.route, option.link], option.scent, origin.id, menu)
        if state is None:
            self.current = None  # an error page or a page seen before: not a state to act from
        else:
            self._judge_and_expand(step, state)

    def _judge_and_expand(self, step: StepRecord, state: State) -> None:
        seen = self._observe(step, state.relevance)
        if seen is not None and seen.reached:
            self._photograph(step, seen.highlight)
            self.findings.reach(seen, step.index, step.url, self._path(state))
            return
        if step.facts is not None:
            self._expand(state, step.facts)

    def _path(self, state: State) -> list[int]:
        """The steps from the start to `state`, without detours."""
        chain = [state.step]
        while state.parent is not None:
            state = self.states[state.parent]
            chain.append(state.step)
        return sorted(chain)

    # --- the journey -----------------------------------------------------------------------

    def _load_robots_and_sitemap(self) -> None:
        request = self.s.context.request
        base = self.s.site.start_url
        if self.s.options.robots:
            with contextlib.suppress(Exception):
                answer = request.get(urljoin(base, "/robots.txt"), timeout=5000)
                if answer.ok:
                    self.robots = robots(answer.text(), base)
        with contextlib.suppress(Exception):
            answer = request.get(urljoin(base, "/sitemap.xml"), timeout=5000)
            if answer.ok:
                urls = [page_key(u) for u in sitemap_urls(answer.body()) if self.scope.allows(u)]
                self.sitemap = bool(urls)
                self.known_urls.update(urls)

    def _queue_sitemap(self, start: State) -> None:
        for url in sorted(self.known_urls - self.visited_urls - self.queued):
            if self.robots is not None and not self.robots.can_fetch("friction", url):
                continue
            self.queued.add(url)
            link = Link(name=url, href=url)
            self._push(start, link, SITEMAP_SCORE, "goto", url)

    def run(self) -> Verdict:
        self._load_robots_and_sitemap()
        step = self._goto(self.s.site.start_url, "goto")
        if not step.ok:
            self._photograph(step, None)
            reason = "loop" if "ERR_TOO_MANY_REDIRECTS" in (step.error or "") else "http-error"
            return Verdict("failed", reason, f"the start page did not load: {step.error}", step.url or None)
        step = self._clear_overlays(step, False)
        start = self._arrive(step, 0, [], START_RELEVANCE, None)
        if start is None:
            return Verdict("failed", "http-error", f"the start page failed: {step.error}", step.url)
        self._judge_and_expand(step, start)
        self._queue_sitemap(start)
        while not self.findings.reached and not self._spent():
            option = self._next_option()
            if option is None:
                break
            self._take(option)
            if not self.frontier:
                self._queue_sitemap(start)
        if not self.findings.reached and self.s.steps:
            self._photograph(self.s.steps[-1], None)
        return decide(self.goal, self.findings, self._coverage(), self.s.budget)

    def _spent(self) -> bool:
        if self.s.out_of_time():
            self.findings.cut_by_budget = True
            return True
        if len(self.visited_urls) >= self.s.budget.pages:
            self.findings.cut_by_budget = True
            return True
        return False

    def _coverage(self) -> Coverage:
        known = self.known_urls | self.visited_urls
        unseen = {u for u in known - self.visited_urls if self.scope.allows(u)}
        complete = not unseen and not self.findings.cut_by_budget
        return Coverage(pages_seen=len(self.visited_urls), pages_known=len(known), complete=complete,
                        sitemap=self.sitemap)
