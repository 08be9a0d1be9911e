"""The page reader in a real Chromium: whole text by place, every link and how to reveal it, frames, errors."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from audits.demo.server import Zoo
from audits.gather.browser import EXTRA_ARGS, find_browser
from audits.gather.recorder import FACT_LIMITS, Recorder
from audits.identity import is_route
from audits.model import Link, PageFacts
from audits.run.rundir import RunDir


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


@pytest.fixture
def recorder(page: Page, tmp_path: Path) -> Recorder:
    return Recorder(page.context, RunDir(tmp_path / "run"), "t")


def read(page: Page, recorder: Recorder, url: str) -> PageFacts:
    page.goto(url, wait_until="load")
    return recorder.facts(page)


def link(facts: PageFacts, name: str) -> Link:
    return next(k for k in facts.links if k.name == name)


def opener(facts: PageFacts, name: str) -> tuple[str, str]:
    """The name of the element that reveals link `name`, and how."""
    hidden = link(facts, name)
    assert not hidden.visible, name
    return next(k.name for k in facts.links if k.fid == hidden.opener), hidden.reveal


def test_text_is_read_whole_and_placed(page: Page, recorder: Recorder, fixture_site: Zoo) -> None:
    facts = read(page, recorder, fixture_site.url("pagefacts", "/long"))
    assert len(facts.text) > 40_000 and "1-800-555-0199" in facts.text
    assert facts.truncated == []
    (last,) = [b for b in facts.blocks if "1-800-555-0199" in b.text]
    assert last.region == "main"
    assert [b.region for b in facts.blocks] == ["header", "main"]
    assert "\n".join(b.text for b in facts.blocks) == facts.text


def test_a_thousand_links_are_all_listed(page: Page, recorder: Recorder, fixture_site: Zoo) -> None:
    facts = read(page, recorder, fixture_site.url("pagefacts", "/many-links"))
    hrefs = {k.href for k in facts.links}
    assert {f"/product/{i}" for i in range(1000)} <= hrefs
    assert facts.truncated == []


def test_a_page_over_the_memory_bound_names_the_cut(page: Page, recorder: Recorder, fixture_site: Zoo) -> None:
    facts = read(page, recorder, fixture_site.url("pagefacts", "/huge"))
    assert facts.truncated == ["text"]
    assert FACT_LIMITS["text"] - 10 <= len(facts.text) <= FACT_LIMITS["text"] + 10
    assert "1-800-555-0199" not in facts.text


def test_hover_menus_name_the_item_to_point_at(page: Page, recorder: Recorder, fixture_site: Zoo) -> None:
    facts = read(page, recorder, fixture_site.url("pagefacts", "/hover"))
    assert opener(facts, "Phones") == ("Products", "hover")
    assert opener(facts, "Contact us") == ("Support", "hover")
    assert opener(facts, "Careers") == ("Company", "hover")  # a div menu, known from its :hover rule
    assert opener(facts, "Knives") == ("Shop", "hover")  # a mega menu's columns
    # Nested: the next level opens from its own item, which the first hover shows.
    assert opener(facts, "Cases") == ("Accessories", "hover")
    assert opener(facts, "Accessories") == ("Products", "hover")
    page.hover(f'[data-friction-id="{link(facts, "Phones").opener}"]')
    page.hover(f'[data-friction-id="{link(facts, "Cases").opener}"]')
    again = recorder.facts(page)
    assert link(again, "Cases").visible and link(again, "Phones").visible
    row_link = link(again, "Get help with this order")  # shown by its own row's :hover rule
    assert (row_link.visible, row_link.reveal) == (False, "hover")
    assert page.get_attribute(f'[data-friction-id="{row_link.opener}"]', "id") == "order-1"


def test_click_toggles_name_their_button(page: Page, recorder: Recorder, fixture_site: Zoo) -> None:
    facts = read(page, recorder, fixture_site.url("pagefacts", "/toggle"))
    assert opener(facts, "Plans") == ("Menu", "click")
    assert opener(facts, "More") == ("Menu", "click")
    assert opener(facts, "Press room") == ("More", "click")
    assert opener(facts, "Billing help") == ("Billing", "click")  # a sibling button, no aria-controls
    assert opener(facts, "Repairs") == ("Show all services", "click")  # a label for a hidden checkbox
    assert link(facts, "Show all services").tag == "label"  # listed because it opens something
    assert opener(facts, "Account help") == ("Account", "click")  # an off-canvas drawer
    names = ("Plans", "Press room", "Billing help", "Repairs", "Account help")
    for name in names:
        page.click(f'[data-friction-id="{link(recorder.facts(page), name).opener}"]')
    again = recorder.facts(page)
    assert all(link(again, name).visible for name in names)


def test_a_details_tree_opens_one_level_at_a_time(page: Page, recorder: Recorder, fixture_site: Zoo) -> None:
    facts = read(page, recorder, fixture_site.url("pagefacts", "/tree"))
    assert opener(facts, "Billing") == ("Help topics", "click")
    assert opener(facts, "Contact") == ("Help topics", "click")
    assert opener(facts, "Call us") == ("Contact", "click")
    page.click(f'[data-friction-id="{link(facts, "Billing").opener}"]')
    middle = recorder.facts(page)
    assert link(middle, "Billing").visible and link(middle, "Contact").visible
    assert opener(middle, "Call us") == ("Contact", "click")
    page.click(f'[data-friction-id="{link(middle, "Call us").opener}"]')
    assert link(recorder.facts(page), "Call us").visible


def test_an_aria_tree_item_opens_its_group(page: Page, recorder: Recorder, fixture_site: Zoo) -> None:
    facts = read(page, recorder, fixture_site.url("pagefacts", "/tree"))
    assert opener(facts, "Getting started") == ("Guides", "click")
    page.click(f'[data-friction-id="{link(facts, "Getting started").opener}"]', position={"x": 5, "y": 5})
    assert link(recorder.facts(page), "Getting started").visible


def test_open_shadow_roots_are_read(page: Page, recorder: Recorder, fixture_site: Zoo) -> None:
    facts = read(page, recorder, fixture_site.url("pagefacts", "/shadow"))
    contact = link(facts, "Contact us")
    assert contact.shadow and contact.visible and contact.region == "nav" and contact.href == "/contact"
    assert link(facts, "Subscribe").shadow and link(facts, "Subscribe").submit
    places = [(b.region, b.text.split("\n")[0]) for b in facts.blocks]
    assert places[:3] == [("header", "Page Facts Co"), ("nav", "Contact us Plans"),
                          ("header", "Call us free on 1-800-555-0123")]
    assert "Light text before the footer." in facts.text
    assert [f.name for form in facts.forms for f in form.fields] == ["email"]
    page.click(f'[data-friction-id="{contact.fid}"]')  # CSS locators pierce open shadow roots
    page.wait_for_url("**/contact")


def test_same_origin_frames_are_read_and_others_listed(page: Page, recorder: Recorder, fixture_site: Zoo) -> None:
    facts = read(page, recorder, fixture_site.url("pagefacts", "/frames"))
    inner = fixture_site.url("pagefacts", "/contact-inner")
    (block,) = [b for b in facts.blocks if b.region == "frame"]
    assert block.frame == inner and "1-800-555-0142" in block.text
    assert "1-800-555-0142" in facts.text
    write = link(facts, "Write to us")
    assert write.frame == inner and write.href == "/contact/form" and write.visible
    assert [f.name for form in facts.forms for f in form.fields] == ["message"]
    assert facts.cross_origin_frames == [fixture_site.url("fixture", "/about")]
    assert facts.truncated == []


def test_a_same_origin_frame_that_cannot_be_read_is_named(page: Page, recorder: Recorder, fixture_site: Zoo) -> None:
    facts = read(page, recorder, fixture_site.url("pagefacts", "/sandboxed"))
    assert facts.truncated == [f"frame: {fixture_site.url('pagefacts', '/contact-inner')}"]
    assert facts.cross_origin_frames == []


def test_blocks_tell_user_content_from_the_company(page: Page, recorder: Recorder, fixture_site: Zoo) -> None:
    facts = read(page, recorder, fixture_site.url("pagefacts", "/blog"))

    def place(words: str) -> str:
        (found,) = [b.region for b in facts.blocks if words in b.text]
        return found

    assert place("1-800-555-0177") == "comment"
    assert place("1-800-555-0166") == "comment"  # a testimonial quotes a person
    assert place("1-800-555-0100") == "footer"
    assert place("1 Harbour Street") == "address"
    assert place("We opened a new store") == "article"  # a post's own header is part of the post
    assert place("longer hours") == "article"
    assert link(facts, "Blog").region == "nav"


@pytest.mark.parametrize("path", ["/patched-json", "/patched-json?throw=1"])
def test_a_page_that_breaks_json_is_still_read(page: Page, recorder: Recorder, fixture_site: Zoo, path: str) -> None:
    facts = read(page, recorder, fixture_site.url("pagefacts", path))
    assert "1-800-555-0155" in facts.text and link(facts, "Contact").href == "/contact"


def test_hash_routes_keep_their_hrefs(page: Page, recorder: Recorder, fixture_site: Zoo) -> None:
    facts = read(page, recorder, fixture_site.url("pagefacts", "/routes"))
    hrefs = [k.href or "" for k in facts.links]
    assert hrefs == ["#/plans", "#!/help", "#pricing", "/about#team"]
    assert [is_route(h.partition("#")[2]) for h in hrefs] == [True, True, False, False]
    page.click(f'[data-friction-id="{link(facts, "Plans").fid}"]')
    routed = recorder.facts(page)
    page.click(f'[data-friction-id="{link(routed, "Help").fid}"]')
    assert recorder.facts(page).signature != routed.signature != facts.signature


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def resetting_port() -> Iterator[int]:
    """A loopback server that accepts, reads the request and resets the connection."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)

    def serve() -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            connection.recv(4096)
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            connection.close()

    threading.Thread(target=serve, daemon=True).start()
    yield int(server.getsockname()[1])
    server.close()


def failed_read(page: Page, recorder: Recorder, url: str) -> PageFacts:
    with pytest.raises(Exception, match="net::ERR_"):
        page.goto(url)
    return recorder.facts(page)


def test_error_pages_are_named(page: Page, recorder: Recorder, fixture_site: Zoo, resetting_port: int) -> None:
    good = read(page, recorder, fixture_site.url("pagefacts", "/routes"))
    assert good.error_page == "" and good.status == 200
    refused = failed_read(page, recorder, f"http://127.0.0.1:{closed_port()}/")
    assert refused.error_page == "net::ERR_CONNECTION_REFUSED" and refused.status is None
    loop = failed_read(page, recorder, fixture_site.url("pagefacts", "/loop-a"))
    assert loop.error_page == "net::ERR_TOO_MANY_REDIRECTS"
    reset = failed_read(page, recorder, f"http://127.0.0.1:{resetting_port}/")
    assert reset.error_page == "net::ERR_CONNECTION_RESET"
    assert read(page, recorder, fixture_site.url("pagefacts", "/routes")).error_page == ""


def test_an_error_page_after_a_click_is_named(page: Page, recorder: Recorder, fixture_site: Zoo,
                                              resetting_port: int) -> None:
    target = f"http://127.0.0.1:{resetting_port}/contact"
    before = read(page, recorder, fixture_site.url("pagefacts", f"/link-to?to={target}"))
    page.click(f'[data-friction-id="{link(before, "Go there").fid}"]')
    page.wait_for_url("chrome-error://**")
    after = recorder.facts(page)
    assert (after.error_page, after.status) == ("net::ERR_CONNECTION_RESET", None)


def test_an_unresolvable_host_is_named(browser: Browser, tmp_path: Path) -> None:
    # Its own browser: every name fails to resolve, so nothing leaves the machine.
    rules = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
    isolated = browser.browser_type.launch(executable_path=find_browser(), args=[*EXTRA_ARGS, rules])
    try:
        page = isolated.new_page()
        recorder = Recorder(page.context, RunDir(tmp_path / "run"), "t")
        facts = failed_read(page, recorder, "http://shop.example.invalid/contact")
        assert facts.error_page == "net::ERR_NAME_NOT_RESOLVED"
    finally:
        isolated.close()


def test_more_links_than_the_memory_bound_names_the_cut(page: Page, recorder: Recorder, fixture_site: Zoo,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(FACT_LIMITS, "links", 500)  # the real bound (20,000) works alike, only slower
    facts = read(page, recorder, fixture_site.url("pagefacts", "/many-links"))
    assert len(facts.links) == 500 and facts.truncated == ["links"]
