"""The goal-seeking navigator: walks the site through the driver as the search directs, recording sightings."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urljoin

from audits.facts import STRONG, language_of
from audits.gather.discovery import Discovery, discover
from audits.gather.driver import PageChanged
from audits.gather.faults import load_reason, server_down
from audits.goals import GOALS
from audits.identity import normalise, page_key
from audits.journeys import Gathered, Session
from audits.journeys.attempt import attempt
from audits.journeys.overlays import blocking, dismiss_button
from audits.journeys.permission import refusal
from audits.journeys.reachable import could_not_reach, open_start, unreachable
from audits.journeys.scent import is_menu_toggle, is_placeholder, navigable, score
from audits.journeys.scope import Scope, is_private
from audits.journeys.search import Option, Search, State
from audits.journeys.sightings import SightingsLog
from audits.model import Link, PageFacts, StepRecord
from audits.vocab import STEP_ACTIONS

# Words on the home page are not yet a gate in front of the goal: a customer has not tried anything.
START_RELEVANCE = 0.4
MENU_SCORE = 0.45
MENU_DISCOUNT = 0.95
EXPLORE_SCORE = 0.05
UNVISITED_SCORE = 0.01
POLITE_SECONDS = 1.0
MAX_OVERLAYS = 3
GONE = (404, 410)


def selector(link: Link) -> str:
    return f'[data-friction-id="{link.fid}"]'


@dataclass
class Arrival:
    """How the journey came to a page: what judging it needs, kept to judge it again if it changes."""

    depth: int
    route: list[Link]
    relevance: float
    parent: int | None
    opened: list[Link] = field(default_factory=list)
    clicked: str | None = None  # the address the step asked for (a link that redirected is visited too)


def plain(link: Link) -> bool:
    """A link whose page loads by its address alone: no script, menu, frame or new tab in between."""
    href = (link.href or "").strip().lower()
    return (link.tag == "a" and bool(href) and not is_placeholder(link) and navigable(link)
            and not link.frame and not link.new_tab)


class Navigator:
    """Drives one goal-seeking journey and returns what it saw and covered."""

    def __init__(self, session: Session, goal: str | None = None) -> None:
        self.s = session
        self.driver = session.driver
        self.goal = goal or session.journey.goal
        self.test = GOALS.get(self.goal).observe
        self.scope = Scope(session.site.start_url, session.site.allowed_domains, session.options.allow_private)
        self.polite = not is_private(next(iter(self.scope.hosts)))
        self.search = Search(session.budget.clicks, session.budget.pages)
        self.log = SightingsLog()
        self.site = Discovery()
        self.current: State | None = None
        self.cross_origin_frames: set[str] = set()
        # The shared crawl: pages other goals' journeys read, and steps taken from them without the browser.
        self.model = session.model
        self.detached = False  # the browser is not on the page the open step shows (it came from the model)
        self.reads: dict[int, str] = {}  # steps that read a page by its address: index -> the URL asked for
        self.arrivals: dict[int, Arrival] = {}  # step index -> how the journey came to the page it shows
        self.clicked_again: set[str] = set()  # pages (by key) whose link was clicked twice: the first loaded nothing
        if self.model is not None:
            self.driver.on_commit = self._share

    # --- the journey -----------------------------------------------------------------------

    def run(self) -> Gathered:
        self._discover()
        url = self.s.site.start_url
        self.driver.optimistic = True  # the walk reads each page at once; the driver confirms it held still
        try:
            step, tries = open_start(lambda: self._goto(url, "goto"))
            self.reads[step.index] = url
            if unreachable(step):
                self.driver.photograph()
                self.log.seen.failures.append(could_not_reach(step, url, tries))
                return Gathered(self.log.seen, self.search.coverage(False, []))
            start = self._start(step)
            if start is not None:
                self._walk(start)
            self._held_still()
        finally:
            self.driver.optimistic = False
        self._try_form()
        if not self.log.reached:
            self._photograph()
        coverage = self.search.coverage(bool(self.site.pages), sorted(self.cross_origin_frames))
        return Gathered(self.log.seen, coverage)

    def _try_form(self) -> None:
        """Where the goal is a form to send (sign-up, contact), send it when allowed and say what came of it."""
        tries = GOALS.get(self.goal).tries
        facts = self.s.steps[-1].facts if self.s.steps else None
        if tries and self.log.reached and facts is not None and self.goal == self.s.journey.goal:
            self.log.seen.completion = attempt(self.s, facts, tries)

    def _discover(self) -> None:
        """robots.txt and the sitemap: every page they name is known, and disallowed ones are kept out."""
        self.site = self._discovery()
        for url in self.site.pages:
            if self.scope.allows(url):
                self._know(normalise(url), 0.0)
        if self.site.cut:
            self.search.cut_read(urljoin(self.s.site.start_url, "/sitemap.xml"), self.site.cut)

    def _discovery(self) -> Discovery:
        """What another goal's journey of this site and persona read, or what the site says now (then shared)."""
        respect = self.s.options.robots
        known = self.model.discovered() if self.model is not None else None
        if known is not None:
            return Discovery.from_dict(known, respect)
        found = discover(self.s.page, self.s.site.start_url, respect)
        self.driver.recorder.drain()
        if self.model is not None:
            self.model.add_discovery(found.to_dict())
        return found

    def _start(self, step: StepRecord) -> State | None:
        if not step.ok or step.facts is None or step.facts.error_page:
            self.driver.photograph()
            said = step.error or f"it could not be read{f' ({step.note.strip()})' if step.note else ''}"
            self.log.failure(load_reason(step.error) or "http-error", f"the start page did not load: {said}", 1.0,
                             step.index, step.url or step.target)
            return None
        start = self._land(step, Arrival(0, [], START_RELEVANCE, None))
        if start is None:
            step = self.driver.open or step
            self.log.failure(load_reason(step.error) or "http-error", f"the start page failed: {step.error}", 1.0,
                             step.index, step.url)
        return start

    def _walk(self, start: State) -> None:
        self._queue_unvisited(start)
        while not self.log.reached:
            option = None if self._spent() else self.search.next_option()
            if option is None:
                if self._held_still():
                    break
                continue  # the last page changed after it was read: what it shows now may lead on
            self._take(option)
            if not self.search.frontier:
                self._queue_unvisited(start)

    def _held_still(self) -> bool:
        """Whether the page in front of us held still since it was read; if not, it was read and judged again."""
        try:
            self.driver.confirm()
        except PageChanged:
            self._land_again()
            return False
        return True

    def _spent(self) -> bool:
        if self.s.out_of_time():
            self.search.budget_cut = self.search.budget_cut or f"{self.s.budget.seconds:g} seconds"
            return True
        return self.search.pages_spent()

    # --- arriving on a page ------------------------------------------------------------------

    def _land(self, step: StepRecord, arrival: Arrival, again: bool = False) -> State | None:
        """Close what covers the page a step led to, then judge it; its state, or None for a dead end."""
        for _ in range(MAX_OVERLAYS):
            try:
                step = self._clear_overlays(step, bool(arrival.opened))
                break
            except PageChanged:  # it changed while we closed what covered it: look at it again
                step = self.driver.open or step
        self.arrivals[step.index] = arrival
        state = self._arrive(step, arrival, again)
        self.current = state  # None: an error page or a page seen before, not a state to act from
        if state is not None:
            self._judge_and_expand(step, state)
        return state

    def _land_again(self) -> None:
        """The page in front of us was read again (it changed after the first reading): judge it again."""
        step = self.driver.open
        arrival = self.arrivals.get(step.index) if step is not None else None
        if step is not None and arrival is not None:
            self._land(step, arrival, again=True)

    def _arrive(self, step: StepRecord, arrival: Arrival, again: bool = False) -> State | None:
        """Judge the page a step led to; return a new state to expand, or None for a dead end."""
        facts = step.facts
        if not step.ok or facts is None or facts.error_page:
            self._failed_load(step, arrival)
            return None
        self.search.visit(facts.url)
        if arrival.clicked and self._fetched(step, arrival.clicked):
            self.search.visit(arrival.clicked)  # a link that redirected is visited too
        if facts.truncated:
            self.search.cut_read(facts.url, ", ".join(facts.truncated))
        self.cross_origin_frames.update(facts.cross_origin_frames)
        if again and (known := self.search.state_of(step.index)) is not None:
            return known  # the same state, with what the page shows now: its options come on top of the first ones
        if not self.search.is_new_content(facts.signature, facts.url) and not arrival.opened and not again:
            step.note = (step.note + " (a page already seen)").strip()
            return None
        return self.search.add_state(facts.url, arrival.depth, arrival.route, step.index, arrival.relevance,
                                     arrival.parent, arrival.opened)

    def _fetched(self, step: StepRecord, url: str) -> bool:
        """Whether the step loaded `url` itself (it may have redirected), not only asked for it: a click can
        land before its page comes, and a page never loaded is never a page seen."""
        if step.from_model:
            return True  # the site model holds only pages read by the address they were asked for
        key = self.search.key(url)
        return any(self.search.key(loaded) == key for loaded in (*step.redirects, *step.loads))

    def _failed_load(self, step: StepRecord, arrival: Arrival) -> None:
        """A page that did not load is a gap in coverage, and a failure when it answered with an error."""
        loads = STEP_ACTIONS[step.action].loads
        url = arrival.clicked or (step.target if loads else None) or step.url
        error = step.error or ""
        reason = load_reason(error)
        if reason is None:
            if url and not loads:
                self.search.forget(url)  # the click failed: read the page another way
            return
        if step.status in GONE:
            self.search.visit(url)  # the server says there is no such page: nothing there to miss
        else:
            self.search.fail(url, error, server_down(error))
        self.log.failure(reason, error, arrival.relevance, step.index, url)
        self.driver.photograph()

    def _judge_and_expand(self, step: StepRecord, state: State) -> None:
        facts = step.facts
        if facts is None:
            return
        seen = self.test(facts, self.s.site.region, step.index)
        self.log.add(seen, state.relevance, facts.url)
        if seen.reached:
            self._photograph(seen.highlight, goal=True)
            self.log.reach(seen, step.index, step.url, self.search.path(state))
            return
        self._expand(state, facts)

    # --- overlays --------------------------------------------------------------------------

    def _clear_overlays(self, step: StepRecord, menu_open: bool) -> StepRecord:
        """Close what covers the page; each dismissal is a step of its own."""
        for _ in range(MAX_OVERLAYS):
            overlays = blocking(step.facts, menu_open) if step.facts else []
            if overlays and self.detached:
                # Closing it needs the page itself; what covers it now is what counts.
                if not self._attach():
                    return step
                overlays = blocking(step.facts, menu_open) if step.facts else []
            lang = language_of(step.facts) if step.facts else ""
            button = next((b for o in overlays if (b := dismiss_button(o, lang))), None)
            if button is None:
                return step
            overlay = next(o for o in overlays if button in o.get("buttons", []))
            text = str(overlay.get("text", ""))[:100]
            step = self.driver.dismiss(f'[data-friction-id="{button["fid"]}"]', button.get("text", ""),
                                       f"closed an overlay: “{text}”")
        return step

    def _unblock(self) -> None:
        """Something covers the element to click (a late pop-up): close it, as a customer would."""
        self.driver.refresh_facts()
        if self.driver.open is not None:
            self._clear_overlays(self.driver.open, False)

    # --- options ---------------------------------------------------------------------------

    def _expand(self, state: State, facts: PageFacts) -> None:
        lang = language_of(facts)
        revealing = self._hidden_links(state, facts, lang)
        for link in facts.links:
            if not link.visible or (link.submit and not self._may_press(link, facts, lang)):
                continue
            opens = revealing.pop(link.fid, None)
            if opens is not None or (is_menu_toggle(link, lang) and not state.menu_open):
                # A site-wide menu needs opening once, not on every page; a menu opens for what it hides.
                promise = max(MENU_SCORE, score(link, self.goal, lang), opens[0] if opens else 0.0)
                opener = link.model_copy(update={"reveal": opens[1] if opens else "click"})
                self.search.offer(state, opener, promise, "open-menu", None, key=f"menu:{link.tag}:{link.name}")
                if opens is None or is_placeholder(link) or not navigable(link) or not link.href:
                    continue
            if is_placeholder(link) or not navigable(link) or not link.href:
                continue
            self._consider_link(state, link, lang)
        self._offer_hidden_openers(state, revealing)

    def _may_press(self, link: Link, facts: PageFacts, lang: str) -> bool:
        """A form's button is pressed while exploring only when the journey says `submit: true` (pressing
        buttons is how its script-less steps go on), and never one that is refused (payment, another host)."""
        if not self.s.journey.submit:
            return False
        form = next((f for f in facts.forms if f.submit_fid and f.submit_fid == link.fid), None)
        return form is None or not refusal(self.s, form, facts.url, lang)

    def _hidden_links(self, state: State, facts: PageFacts, lang: str) -> dict[str, tuple[float, str]]:
        """Know every hidden link's page; per visible element that reveals some, the best scent inside and how."""
        by_fid = {link.fid: link for link in facts.links}
        best: dict[str, tuple[float, str]] = {}
        for link in facts.links:
            if link.visible or not link.href or is_placeholder(link) or not navigable(link):
                continue
            url = normalise(urljoin(link.frame or state.url, link.href))
            scent = score(link, self.goal, lang)
            if self.scope.allows(url):
                self._know(url, scent)
            top = self._outermost_opener(link, by_fid)
            # Opening a menu is a click of its own: a visible link as promising comes first.
            promise = round(scent * MENU_DISCOUNT, 3)
            if top is not None and promise >= best.get(top[0], (-1.0, ""))[0]:
                best[top[0]] = (promise, top[1])
        return best

    @staticmethod
    def _outermost_opener(link: Link, by_fid: dict[str, Link]) -> tuple[str, str] | None:
        """(fid, how) of the element a person acts on first to reveal `link`: nested menus open from the outside."""
        fid, how, seen = link.opener, link.reveal, set()
        while fid and fid not in seen:
            seen.add(fid)
            opener = by_fid.get(fid)
            if opener is None or opener.visible:
                return fid, how or "click"
            if not opener.opener:
                return None  # hidden at this screen size and nothing reveals it: not for this customer
            fid, how = opener.opener, opener.reveal
        return None

    def _offer_hidden_openers(self, state: State, revealing: dict[str, tuple[float, str]]) -> None:
        """Menus that open on an element that is not itself listed as actionable (a hovered row or box)."""
        for fid, (promise, how) in revealing.items():
            opener = Link(fid=fid, tag="menu", name=f"menu {fid}", reveal=how)
            self.search.offer(state, opener, max(MENU_SCORE, promise), "open-menu", None, key=f"menu:{state.url}:{fid}")

    def _know(self, url: str, scent: float) -> None:
        if self.site.allows(url):
            self.search.know(url)
        else:
            self.search.disallow(url, scent)

    def _consider_link(self, state: State, link: Link, lang: str) -> None:
        url = normalise(urljoin(link.frame or state.url, link.href or ""))
        scent = score(link, self.goal, lang)
        if not self.scope.allows(url):
            if scent < STRONG or not self.scope.may_adopt(url):
                return
        else:
            # A page robots.txt keeps us from is still known: the site cannot be called empty of it.
            self._know(url, scent)
            if not self.site.allows(url):
                return
        self.search.offer(state, link, max(scent, EXPLORE_SCORE), "click", url)

    def _queue_unvisited(self, start: State) -> None:
        """Pages known (sitemap, hidden links) but not reached by clicking: read them so coverage can be whole."""
        for url in self.search.unvisited():
            self.search.offer(start, Link(name=url, href=url), UNVISITED_SCORE, "goto", url)

    # --- moving ----------------------------------------------------------------------------

    def _goto(self, url: str, action: str, backtrack: bool = False, target: str | None = None) -> StepRecord:
        if self.polite:
            time.sleep(POLITE_SECONDS)
        self.detached = False
        return self.driver.goto(url, action, backtrack, target)

    def _restore(self, state: State) -> bool:
        """Go back to a state seen before: its URL, then any menu it had open."""
        if self.current is state:
            return True
        recalled = None if state.opened else self._recall(state.url, "back", state.url, backtrack=True)
        step = recalled or self._goto(state.url, "back", backtrack=True)
        if recalled is None:
            self.reads[step.index] = state.url
        if not step.ok:
            return False
        for toggle in state.opened:
            found = self._find(toggle, step.facts)
            if found is None:
                return False
            step = self._open(found)
        self.current = state
        return step.ok

    def _find(self, wanted: Link, facts: PageFacts | None) -> Link | None:
        """The same element on the page now in front of us (element ids change with each read)."""
        if facts is None:
            return None
        for link in facts.links:
            if link.visible and link.name == wanted.name and link.href == wanted.href and link.tag == wanted.tag:
                return link.model_copy(update={"reveal": wanted.reveal})
        if wanted.reveal and any(link.fid == wanted.fid for link in facts.links):
            return wanted
        return None

    def _open(self, opener: Link) -> StepRecord:
        if opener.reveal == "hover":
            return self.driver.hover(selector(opener), opener.name or opener.text)
        return self._click(opener, "open-menu")

    def _click(self, link: Link, action: str) -> StepRecord:
        return self.driver.click(selector(link), link.name or link.text or link.href or "", action,
                                 unblock=self._unblock, follow=self.scope.allows)

    def _reach(self, option: Option) -> tuple[Link, State] | None:
        """The element to act on, and the state it is acted from (going back to it if need be)."""
        current = self.current
        here_facts = self.s.steps[-1].facts if self.s.steps else None
        origin = self.search.states[option.state]
        if current is not None and not current.menu_open and option.kind == "click":
            here = self._find(option.link, here_facts)
            if here is not None:
                # The same link is on the page in front of us: no need to go back. A customer would
                # click it on the page where it was first offered, so the way there counts from that page.
                return here, min(origin, current, key=lambda state: state.depth)
        moved = current is not origin
        if not self._restore(origin):
            return None
        link = self._find(option.link, self.s.steps[-1].facts) if moved else option.link
        return (link, origin) if link is not None else None

    def _act(self, option: Option) -> tuple[StepRecord, State] | None:
        origin = self.search.states[option.state]
        if option.kind == "goto":
            url = option.url or ""
            recalled = self._recall(url, "goto", url)
            if recalled is None:
                recalled = self._goto(url, "goto")
                self.reads[recalled.index] = url
            return recalled, origin
        reached = self._reach(option)
        if reached is not None and option.kind == "click" and option.url and plain(reached[0]):
            followed = self._recall_click(reached[0], option.url) or self._follow(reached[0], option.url)
            if followed is not None:
                return followed, reached[1]
        if reached is not None and self.detached:
            found = self._live(reached[0])
            reached = (found, reached[1]) if found is not None else None
        if reached is None:
            if option.url:
                self.search.forget(option.url)
            return None
        link, origin = reached
        if option.url and not self.scope.allows(option.url):
            self.scope.adopt(option.url)
        if link.frame and option.url:
            # A link inside a frame loads its page there; reading that page whole means loading it.
            return self._goto(option.url, "click"), origin
        if option.kind == "open-menu":
            return self._open(link), origin
        before = self.s.steps[-1].url if self.s.steps else ""
        step = self._click(link, option.kind)
        if option.url and plain(link) and page_key(step.url) != page_key(before):
            self.reads[step.index] = option.url  # the link led to another page: a read any journey can share
        return step, origin

    # --- the shared crawl ------------------------------------------------------------------

    def _recall(self, url: str, action: str, target: str, backtrack: bool = False) -> StepRecord | None:
        """The step to `url` taken from the site model, the browser left where it is; None if not known."""
        page = self.model.page(url) if self.model is not None and self._shared_state() else None
        if page is None:
            return None
        self.detached = True
        return self.driver.recall(page, action, target, backtrack)

    def _recall_click(self, link: Link, url: str) -> StepRecord | None:
        """Follow a plain link from the model; the page left keeps its picture with the link outlined."""
        if self.model is None or not self._shared_state() or self.model.page(url) is None:
            return None
        if self._unpictured():
            if self.detached:
                found = self._live(link)
                if found is None:
                    return None
                link = found
            self.driver.photograph(selector(link))
        return self._recall(url, "click", link.name or link.text or link.href or "")

    def _follow(self, link: Link, url: str) -> StepRecord | None:
        """A plain link on a page the browser is not on (it came from the model): its address is what a
        click loads, so load it, rather than loading the page first to click on it. None if not so."""
        if not self.detached or self.driver.open is None or self._unpictured():
            return None
        step = self._goto(url, "click", target=link.name or link.text or link.href or "")
        self.reads[step.index] = url
        return step

    def _unpictured(self) -> bool:
        """The page a click leaves has no screenshot yet, and needs one: a step back is never on a goal's
        path (the page it returns to was photographed when first left), so it may go without."""
        here = self.driver.open
        return (here is not None and not here.screenshot and not (here.from_model and here.backtrack)
                and self.s.options.screenshots != "none")

    def _attach(self) -> bool:
        """Bring the browser to the page the open step shows (uncounted: the customer is already there)."""
        if not self.detached:
            return True
        if self.polite:
            time.sleep(POLITE_SECONDS)
        self.detached = False
        open_step = self.driver.open
        return open_step is not None and self.driver.attach(open_step.url) is not None

    def _live(self, link: Link) -> Link | None:
        """`link` on the live page, the browser brought there first."""
        if not self._attach():
            return None
        return self._find(link, self.driver.open.facts if self.driver.open else None)

    def _photograph(self, highlight: str | None = None, goal: bool = False) -> None:
        """Photograph the open step; a page from the model is photographed live where the goal was reached
        (the report's proof) or when it has no picture yet."""
        step = self.driver.open
        shots = self.s.options.screenshots != "none"
        if step is not None and step.from_model and shots and (goal or not step.screenshot) and self._attach():
            step.screenshot, step.html = None, None
        self.driver.photograph(highlight)

    def _share(self, step: StepRecord) -> None:
        """Put a page read live by its address into the site model, for the other goals' journeys."""
        requested = self.reads.pop(step.index, None)
        if self.model is not None and requested is not None and self._shared_state():
            # Under the address asked for only if that is what loaded: a click before it may have landed late.
            self.model.add(step, requested if self._fetched(step, requested) else None)

    def _shared_state(self) -> bool:
        """False once this journey typed into or sent a form: the site may show it other pages from then on
        (signed in, a basket filled), so it neither shares its reads nor takes others'."""
        return not any(s.action == "submit" or getattr(STEP_ACTIONS.get(s.action), "entry", False)
                       for s in self.s.steps)

    def _take(self, option: Option) -> None:
        try:
            acted = self._act(option)
        except PageChanged:  # the page being left was still changing: judge what it shows now, then choose again
            self.search.put_back(option)
            self._land_again()
            return
        if acted is None:
            return
        step, origin = acted
        opened = [*origin.opened, option.link] if option.kind == "open-menu" else []
        depth = origin.depth + (0 if option.kind == "goto" else 1)
        state = self._land(step, Arrival(depth, [*origin.route, option.link], option.scent, origin.id, opened,
                                         option.url))
        if state is None and self._click_again(option, step):
            self.search.put_back(option)

    def _click_again(self, option: Option, step: StepRecord) -> bool:
        """Whether to click the option's link once more: the click left the journey on a page it had seen,
        and the linked page never loaded (a slow browser, or a site that holds clicks back)."""
        url = option.url
        if option.kind != "click" or not url or not step.ok or self.search.key(url) in self.clicked_again:
            return False
        if self.search.done_with(url) or self._fetched(step, url):
            return False
        self.clicked_again.add(self.search.key(url))
        return True
