"""The goal-seeking search on synthetic link graphs, without a browser: order, backtracking, budgets, coverage."""

from __future__ import annotations

from audits.identity import page_key
from audits.journeys.search import Search
from audits.model import Link

SITE = "http://shop.test"
# page -> [(link text, target page, scent)]
GRAPH: dict[str, list[tuple[str, str, float]]] = {
    "/": [("Products", "/products", 0.1), ("Help", "/help", 0.6), ("About", "/about", 0.05)],
    "/products": [("Widget", "/products/widget", 0.05)],
    "/help": [("Billing help", "/help/billing", 0.3), ("Contact us", "/contact", 0.9)],
    "/about": [],
    "/products/widget": [],
    "/help/billing": [],
    "/contact": [],
}


def walk(search: Search, goal: str | None = None) -> list[str]:
    """Expand pages as the search directs; stop at `goal`. Returns the pages in the order visited."""
    order = ["/"]
    start = search.add_state(SITE + "/", 0, [], 0, 0.4, None)
    search.visit(SITE + "/")
    expand(search, start, "/")
    while (option := search.next_option()) is not None and not search.pages_spent():
        origin = search.states[option.state]
        page = (option.url or "").removeprefix(SITE)
        search.visit(option.url or "")
        order.append(page)
        state = search.add_state(option.url or "", origin.depth + 1, [*origin.route, option.link],
                                 len(order) - 1, option.scent, origin.id)
        if page == goal:
            return order
        expand(search, state, page)
    return order


def expand(search: Search, state: object, page: str) -> None:
    for text, target, scent in GRAPH[page]:
        search.know(SITE + target)
        search.offer(state, Link(name=text, href=target), scent, "click", SITE + target)  # type: ignore[arg-type]


def test_best_first_then_backtrack_to_the_next_best() -> None:
    search = Search(max_clicks=5, max_pages=50)
    assert walk(search, goal="/contact") == ["/", "/help", "/contact"]
    contact = search.states[-1]
    assert [search.states[s].url for s in [contact.parent or 0]] == [SITE + "/help"]
    assert search.path(contact) == [0, 1, 2]


def test_whole_graph_seen_is_complete_coverage() -> None:
    search = Search(max_clicks=5, max_pages=50)
    seen = walk(search)
    assert sorted(seen) == sorted(GRAPH)
    coverage = search.coverage()
    assert coverage.complete and not coverage.gaps
    assert (coverage.pages_seen, coverage.pages_known) == (7, 7)


def test_click_budget_cut_is_a_gap_not_a_proof() -> None:
    search = Search(max_clicks=1, max_pages=50)
    walk(search)
    coverage = search.coverage()
    assert not coverage.complete
    kinds = {gap.kind for gap in coverage.gaps}
    assert kinds == {"budget", "unvisited"}
    assert {g.url for g in coverage.gaps if g.kind == "unvisited"} == {
        page_key(SITE + "/products/widget"), page_key(SITE + "/help/billing"), page_key(SITE + "/contact")}


def test_page_budget_cut_names_the_budget() -> None:
    search = Search(max_clicks=5, max_pages=3)
    walk(search)
    assert search.coverage().gaps[0].detail == "3 pages"


def test_robots_failed_loads_and_cut_reads_break_the_proof() -> None:
    search = Search(max_clicks=5, max_pages=50)
    walk(search)
    search.disallow(SITE + "/private", 0.8)
    search.disallow(SITE + "/private-2", 0.1)
    search.fail(SITE + "/broken", "HTTP 500")
    search.cut_read(SITE + "/big", "text")
    gaps = search.coverage().gaps
    assert [g.kind for g in gaps] == ["robots", "robots", "load-failed", "read-cut"]
    assert gaps[0].url.endswith("/private")  # the most promising disallowed page first


def test_a_stronger_way_to_a_queued_page_replaces_the_weak_one() -> None:
    search = Search(max_clicks=5, max_pages=50)
    start = search.add_state(SITE + "/", 0, [], 0, 0.4, None)
    assert search.offer(start, Link(href="/contact"), 0.01, "goto", SITE + "/contact")
    assert not search.offer(start, Link(href="/contact"), 0.01, "goto", SITE + "/contact")
    assert search.offer(start, Link(name="Contact", href="/contact"), 0.9, "click", SITE + "/contact")
    option = search.next_option()
    assert option is not None and option.kind == "click"
    search.visit(SITE + "/contact")
    assert search.next_option() is None  # the weak duplicate is skipped once the page is done


def test_same_content_under_two_urls_is_one_state_and_teaches_which_parameters_are_noise() -> None:
    search = Search(max_clicks=5, max_pages=50)
    assert search.is_new_content("abc", SITE + "/files")
    search.visit(SITE + "/files")
    assert not search.is_new_content("abc", SITE + "/files?sort=size")
    assert search.done_with(SITE + "/files?sort=name")  # `sort` changed nothing here: no need to load it
    assert not search.done_with(SITE + "/files?page=2")
    assert not search.done_with(SITE + "/other?sort=size")


def test_page_identity_keeps_content_queries_and_drops_tracking() -> None:
    assert page_key("http://x.test/?page_id=2") != page_key("http://x.test/?page_id=3")
    assert page_key("http://x.test/a?utm_source=mail&fbclid=1") == page_key("http://x.test/a")
    assert page_key("http://x.test/signin?next=/a") == page_key("http://x.test/signin?next=/b")
    assert page_key("http://X.test:80/a;jsessionid=123#top") == page_key("http://x.test/a")
    assert page_key("http://x.test/#/contact") != page_key("http://x.test/#/about")
    assert page_key("http://x.test/index.php?b=2&a=1") == page_key("http://x.test/index.php?a=1&b=2")


def test_a_budget_hit_that_left_nothing_unread_is_no_gap() -> None:
    search = Search(max_clicks=1, max_pages=50)
    walk(search)
    for page in GRAPH:
        search.visit(SITE + page)  # every page read another way (the sitemap)
    assert search.coverage().complete


def test_a_server_out_of_reach_is_tried_once_and_its_other_pages_are_named_untried() -> None:
    """Three pages on a help server that refuses connections: the first failure stands for the server."""
    search = Search(max_clicks=5, max_pages=50)
    start = search.add_state(SITE + "/", 0, [], 0, 0.4, None)
    search.visit(SITE + "/")
    help_server = "http://help.shop.test:8080"
    for page, scent in (("/a", 0.9), ("/b", 0.8), ("/c", 0.7)):
        search.know(help_server + page)
        assert search.offer(start, Link(href=help_server + page), scent, "click", help_server + page)
    first = search.next_option()
    assert first is not None and first.url == help_server + "/a"
    search.fail(help_server + "/a", "net::ERR_CONNECTION_REFUSED", server_down=True)
    assert search.next_option() is None  # /b and /c are on the same server
    assert not search.offer(start, Link(href="/d"), 0.9, "click", help_server + "/d")
    assert search.offer(start, Link(href="/e"), 0.9, "click", "http://help.shop.test/e")  # another port, another server
    gaps = search.coverage().gaps
    assert [(g.kind, g.url, g.detail.startswith("not tried")) for g in gaps if g.url.startswith(help_server)] == [
        ("load-failed", help_server + "/a", False), ("load-failed", help_server + "/b", True),
        ("load-failed", help_server + "/c", True)]
    assert search.unvisited() == []  # /e is queued; the untried pages are not offered again


def test_a_page_that_failed_alone_leaves_its_server_to_be_tried() -> None:
    search = Search(max_clicks=5, max_pages=50)
    start = search.add_state(SITE + "/", 0, [], 0, 0.4, None)
    search.fail(SITE + "/broken", "HTTP 500")
    assert search.offer(start, Link(href="/contact"), 0.5, "click", SITE + "/contact")
