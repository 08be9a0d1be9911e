"""The goal-seeking search without a browser: states, a best-first frontier, budgets and coverage."""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import parse_qsl, unquote

from audits.identity import origin_of, page_key
from audits.model import Coverage, CoverageGap, Link

OptionKind = Literal["click", "open-menu", "goto"]


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
    opened: list[Link] = field(default_factory=list)  # menus opened on this page since arriving, in order

    @property
    def menu_open(self) -> bool:
        return bool(self.opened)


@dataclass(order=True)
class Option:
    """A candidate action, ordered by scent (then shallower first, then the order it was found)."""

    rank: tuple[float, int, int]
    state: int = field(compare=False)
    link: Link = field(compare=False)
    scent: float = field(compare=False)
    kind: OptionKind = field(compare=False, default="click")
    url: str | None = field(compare=False, default=None)


@dataclass
class Search:
    """Best-first search over page states with backtracking; knows what it covered and what it did not."""

    max_clicks: int
    max_pages: int
    states: list[State] = field(default_factory=list)
    frontier: list[Option] = field(default_factory=list)
    queued: dict[str, float] = field(default_factory=dict)  # key -> the best scent offered for it
    visited: set[str] = field(default_factory=set)
    known: set[str] = field(default_factory=set)
    signatures: dict[str, str] = field(default_factory=dict)  # content signature -> the first URL showing it
    # Per path, query parameters that proved not to change the content (two URLs, one page).
    noise: dict[str, set[str]] = field(default_factory=dict)
    disallowed: dict[str, float] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    down: dict[str, str] = field(default_factory=dict)  # servers no connection could be made to -> why
    cut_reads: dict[str, str] = field(default_factory=dict)
    budget_cut: str = ""
    order: itertools.count[int] = field(default_factory=itertools.count)

    # --- what is known -------------------------------------------------------------------

    def key(self, url: str) -> str:
        """The page's identity, less the query parameters this site showed to change nothing."""
        key = page_key(url)
        path, _, query = key.partition("?")
        noise = self.noise.get(path)
        if not noise or not query:
            return key
        kept = "&".join(pair for pair in query.split("&") if unquote(pair.split("=", 1)[0]) not in noise)
        return f"{path}?{kept}" if kept else path

    def know(self, url: str) -> None:
        """A page in scope that some source (a link, a menu, the sitemap) says exists."""
        self.known.add(self.key(url))

    def disallow(self, url: str, scent: float = 0.0) -> None:
        """A known page robots.txt keeps us from: coverage cannot be complete without it."""
        key = self.key(url)
        self.known.add(key)
        self.disallowed[key] = max(scent, self.disallowed.get(key, 0.0))

    def forget(self, url: str) -> None:
        """An action towards `url` could not be taken: let another way to the page be queued."""
        self.queued.pop(self.key(url), None)

    def visit(self, url: str) -> None:
        self.visited.add(self.key(url))

    def fail(self, url: str, detail: str, server_down: bool = False) -> None:
        """A page that did not load; with `server_down`, no other page of its server is tried either."""
        self.failed.setdefault(self.key(url), detail)
        if server_down:
            self.down.setdefault(origin_of(url), detail)

    def cut_read(self, url: str, what: str) -> None:
        self.cut_reads.setdefault(self.key(url), what)

    def is_new_content(self, signature: str, url: str) -> bool:
        """False for a page state seen before; its query parameters are then learnt as noise for that path."""
        first = self.signatures.get(signature)
        if first is None:
            self.signatures[signature] = url
            return True
        self._learn_noise(first, url)
        return False

    def _learn_noise(self, one: str, other: str) -> None:
        path, _, query = page_key(one).partition("?")
        other_path, _, other_query = page_key(other).partition("?")
        if path != other_path:
            return
        pairs = set(parse_qsl(query, keep_blank_values=True)) ^ set(parse_qsl(other_query, keep_blank_values=True))
        differing = {name for name, _ in pairs}
        if differing:
            self.noise.setdefault(path, set()).update(differing)
            self._rekey()

    def _rekey(self) -> None:
        """Fold pages that the noise just learnt makes one."""
        self.known = {self.key(url) for url in self.known}
        self.visited = {self.key(url) for url in self.visited}

    def done_with(self, url: str) -> bool:
        key = self.key(url)
        return key in self.visited or key in self.failed or origin_of(key) in self.down

    def _unread(self) -> tuple[set[str], set[str]]:
        """Known pages neither read, nor failed, nor kept from us: those still to try, and those not tried
        because their server was out of reach."""
        left = self.known - self.visited - set(self.failed) - set(self.disallowed)
        untried = {key for key in left if origin_of(key) in self.down}
        return left - untried, untried

    # --- states and options --------------------------------------------------------------

    def add_state(self, url: str, depth: int, route: list[Link], step: int, relevance: float,
                  parent: int | None, opened: list[Link] | None = None) -> State:
        state = State(len(self.states), url, depth, route, step, relevance, parent, opened or [])
        self.states.append(state)
        return state

    def state_of(self, step: int) -> State | None:
        """The state the step `step` led to, if it led to one."""
        return next((state for state in reversed(self.states) if state.step == step), None)

    def offer(self, state: State, link: Link, scent: float, kind: OptionKind, url: str | None,
              key: str | None = None) -> bool:
        """Queue an action once per page (or per `key`), again only with a stronger scent; False when not queued."""
        key = key or self.key(url or "")
        if scent <= self.queued.get(key, -1.0) or (url and self.done_with(url)):
            return False
        self.queued[key] = scent
        heapq.heappush(self.frontier, Option((-scent, state.depth, next(self.order)), state.id, link, scent, kind, url))
        return True

    def next_option(self) -> Option | None:
        """The most promising action still worth taking; actions past the click budget are cut."""
        while self.frontier:
            option = heapq.heappop(self.frontier)
            if option.url and self.done_with(option.url):
                continue
            if option.kind != "goto" and self.states[option.state].depth + 1 > self.max_clicks:
                self.budget_cut = self.budget_cut or f"{self.max_clicks} clicks"
                continue
            return option
        return None

    def put_back(self, option: Option) -> None:
        """An option taken goes back where it was: it was not acted on (the page changed first), or its click
        loaded nothing and is worth one more."""
        heapq.heappush(self.frontier, option)

    def pages_spent(self) -> bool:
        if len(self.visited) + len(self.failed) >= self.max_pages:
            self.budget_cut = self.budget_cut or f"{self.max_pages} pages"
            return True
        return False

    def unvisited(self) -> list[str]:
        """Known pages not read yet and not kept from us, in a stable order."""
        return sorted(self._unread()[0] - set(self.queued))

    def path(self, state: State) -> list[int]:
        """The steps from the start to `state`, without detours."""
        chain = [state.step]
        while state.parent is not None:
            state = self.states[state.parent]
            chain.append(state.step)
        return sorted(chain)

    # --- coverage ------------------------------------------------------------------------

    def coverage(self, sitemap: bool = False, cross_origin_frames: list[str] | None = None) -> Coverage:
        """What was seen, and every gap that keeps it from being a proof of absence."""
        unread, untried = self._unread()
        # A budget that was hit matters only if it left known pages unread.
        gaps = [CoverageGap(kind="budget", detail=self.budget_cut)] if self.budget_cut and unread else []
        # The most promising page robots.txt keeps us from comes first: the verdict names it.
        robots = sorted(set(self.disallowed) - self.visited, key=lambda url: (-self.disallowed[url], url))
        gaps += [CoverageGap(kind="robots", url=url) for url in robots]
        gaps += [CoverageGap(kind="load-failed", url=url, detail=why) for url, why in sorted(self.failed.items())]
        gaps += [CoverageGap(kind="load-failed", url=url, detail=f"not tried: its server was out of reach "
                                                                   f"({self.down[origin_of(url)]})")
                 for url in sorted(untried)]
        gaps += [CoverageGap(kind="read-cut", url=url, detail=what) for url, what in sorted(self.cut_reads.items())]
        gaps += [CoverageGap(kind="unvisited", url=url) for url in sorted(unread)]
        known = self.known | self.visited | set(self.failed)
        return Coverage(pages_seen=len(self.visited), pages_known=len(known), complete=not gaps,
                        sitemap=sitemap, gaps=gaps, cross_origin_frames=cross_origin_frames or [])
