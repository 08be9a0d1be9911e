"""The site model without a browser: pages shared by identity through an append-only file."""

from __future__ import annotations

from pathlib import Path

from audits.gather.discovery import Discovery
from audits.journeys.site_model import FOLDER, SiteModel, clear, model_path, shareable
from audits.model import PageFacts, StepRecord


def read(url: str, index: int = 3, **fields: object) -> StepRecord:
    facts = PageFacts(url=url, title="Contact", text="Call us on 0800 123 456", signature="abc")
    return StepRecord(index=index, action="click", url=url, facts=facts, screenshot=f"screens/j-{index}.jpg",
                      console_errors=["boom"], ms=420, **fields)  # type: ignore[arg-type]


def test_a_page_read_by_one_journey_is_found_by_another(tmp_path: Path) -> None:
    path = model_path(tmp_path, "acme", "new-desktop")
    assert path.parent.name == FOLDER
    writer, reader = SiteModel(path), SiteModel(path)
    assert reader.page("http://acme.test/contact") is None
    assert writer.add(read("http://acme.test/contact?utm_source=mail"))
    found = reader.page("http://acme.test/contact#top")  # the same page: tracking and fragment dropped
    assert found is not None and found.facts is not None
    assert found.facts.text == "Call us on 0800 123 456"
    assert (found.screenshot, found.console_errors, found.ms) == ("screens/j-3.jpg", ["boom"], 420)
    assert reader.page("http://acme.test/contact?page=2") is None  # another page


def test_a_redirect_is_known_under_the_address_asked_for(tmp_path: Path) -> None:
    model = SiteModel(tmp_path / "m.jsonl")
    model.add(read("http://acme.test/help/contact"), requested="http://acme.test/contact-us")
    other = SiteModel(tmp_path / "m.jsonl")
    assert other.page("http://acme.test/contact-us") is not None
    assert other.page("http://acme.test/help/contact") is not None
    assert len(other) == 1


def test_only_pages_that_loaded_are_shared_and_each_once(tmp_path: Path) -> None:
    model = SiteModel(tmp_path / "m.jsonl")
    assert not model.add(read("http://acme.test/gone", status=404))
    assert not model.add(read("http://acme.test/down", ok=False, error="HTTP 500"))
    assert not shareable(StepRecord(index=0, action="goto", url="http://acme.test/"))  # no facts read
    assert not model.add(read("http://acme.test/x", from_model=True))  # a copy is not a new read
    assert model.add(read("http://acme.test/a", index=1))
    assert not model.add(read("http://acme.test/a", index=7))  # the first read is the one shared
    assert len((tmp_path / "m.jsonl").read_text().splitlines()) == 1


def test_a_line_cut_short_or_damaged_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    SiteModel(path).add(read("http://acme.test/a"))
    with path.open("a", encoding="utf-8") as file:
        file.write("{not json}\n")
        file.write('{"keys": ["http://acme.test/b"], "step": {"ind')  # a writer still at work
    model = SiteModel(path)
    assert model.page("http://acme.test/a") is not None
    assert model.page("http://acme.test/b") is None
    with path.open("a", encoding="utf-8") as file:  # the writer finishes its line: nothing to lose
        file.write('ex": 1, "action": "click", "url": "http://acme.test/b", "facts": {}}}\n')
    assert model.page("http://acme.test/b") is not None


def test_a_run_started_over_forgets_the_pages(tmp_path: Path) -> None:
    path = model_path(tmp_path, "acme", "new-mobile", 1)
    SiteModel(path).add(read("http://acme.test/a"))
    clear(tmp_path)
    assert SiteModel(path).page("http://acme.test/a") is None


def test_what_robots_txt_and_the_sitemaps_said_is_shared_and_its_rules_obeyed_when_respected(tmp_path: Path) -> None:
    text = "User-agent: *\nDisallow: /private\n"
    path = model_path(tmp_path, "acme", "new-desktop")
    writer, reader = SiteModel(path), SiteModel(path)
    assert reader.discovered() is None
    writer.add_discovery(Discovery(robots_text=text, pages=["http://acme.test/help"], sitemaps_read=1).to_dict())
    writer.add_discovery(Discovery(robots_text="", pages=[]).to_dict())  # a later journey's is not the one shared
    known = reader.discovered()
    assert known is not None
    obeyed, ignored = Discovery.from_dict(known, respect_robots=True), Discovery.from_dict(known, respect_robots=False)
    assert obeyed.pages == ["http://acme.test/help"] and obeyed.sitemaps_read == 1
    assert not obeyed.allows("http://acme.test/private/x") and obeyed.allows("http://acme.test/help")
    assert ignored.allows("http://acme.test/private/x") and ignored.robots_text == text
    damaged = Discovery.from_dict({"robots_text": 7, "pages": None, "sitemaps_read": "two"}, respect_robots=True)
    assert (damaged.robots, damaged.pages, damaged.sitemaps_read) == (None, [], 0)
