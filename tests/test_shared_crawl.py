"""One crawl serves every goal: a later goal's journey reads the pages an earlier one read, walking the same path."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from audits.demo.server import Zoo, serve
from audits.identity import page_key
from audits.model import JourneyEvidence, JourneyResult
from audits.run.pipeline import run_suite
from audits.run.rundir import load_evidence
from audits.scenario import suite_for_url

SITE = "harborbank"
GOALS = ["find-phone", "sign-up"]  # the second walks pages the first already read


def served(zoo: Zoo) -> int:
    return sum(sum(site.hits.values()) for site in zoo.sites.values())


def second_goal(zoo: Zoo, browser: Browser, out: Path, shared: bool) -> tuple[JourneyResult, JourneyEvidence, int]:
    """Run both goals; the second goal's result, its evidence and the pages the servers rendered while it ran."""
    pages: dict[str, int] = {}

    def progress(label: str, result: JourneyResult | None) -> None:
        if GOALS[1] in label:
            pages[GOALS[1]] = served(zoo) - pages.get(GOALS[1], 0) if result else served(zoo)

    suite = suite_for_url(zoo.url(SITE), GOALS, ["new-desktop"], shared_crawl=shared)
    result = run_suite(suite, out, progress, reporters=(), browser=browser)
    _, journeys = load_evidence(out)
    evidence = next(j for j in journeys if j.goal == GOALS[1])
    return next(j for j in result.journeys if j.goal == GOALS[1]), evidence, pages[GOALS[1]]


def walked(evidence: JourneyEvidence) -> list[tuple[str, str, bool]]:
    """Every step as (action, page, a step back or not): the way the journey went."""
    return [(s.action, page_key(s.url), s.backtrack) for s in evidence.steps]


def test_the_second_goal_reads_fewer_pages_along_the_same_path(zoo: Zoo, browser: Browser, tmp_path: Path) -> None:
    alone, alone_steps, fetched_alone = second_goal(zoo, browser, tmp_path / "alone", shared=False)
    shared, shared_steps, fetched_shared = second_goal(zoo, browser, tmp_path / "shared", shared=True)
    assert fetched_shared < fetched_alone, (fetched_shared, fetched_alone)
    assert any(s.from_model for s in shared_steps.steps) and not any(s.from_model for s in alone_steps.steps)
    assert (shared.outcome, shared.reason) == (alone.outcome, alone.reason)
    assert shared.effort.clicks == alone.effort.clicks
    assert shared.effort.backtracks == alone.effort.backtracks
    assert walked(shared_steps) == walked(alone_steps)
    # The evidence has the same shape: a page photographed alone is photographed shared, the file in the run
    # (a step back taken from the model may go without: it is never on a goal's path).
    for mine, theirs in zip(shared_steps.steps, alone_steps.steps, strict=True):
        assert bool(mine.screenshot) >= bool(theirs.screenshot) or (mine.from_model and mine.backtrack), mine.index
        assert mine.screenshot is None or (tmp_path / "shared" / mine.screenshot).is_file()


def test_robots_txt_and_the_sitemap_are_read_once_for_every_goal(browser: Browser, tmp_path: Path) -> None:
    site = tmp_path / "sites" / "mapco"
    (site / "pages").mkdir(parents=True)
    (site / "site.yaml").write_text("name: Map Co\n", encoding="utf-8")
    (site / "pages" / "index.html").write_text(
        '<title>Map Co</title><h1>Map Co</h1><p>Call <a href="tel:+12125550147">(212) 555-0147</a>.</p>'
        '<a href="/help">Help</a>', encoding="utf-8")
    (site / "pages" / "help.html").write_text("<title>Help</title><h1>Help</h1>", encoding="utf-8")
    (site / "pages" / "robots.txt.html").write_text(
        'User-agent: *\nDisallow: /private\nSitemap: {{ sites["mapco"] }}sitemap.xml\n', encoding="utf-8")
    (site / "pages" / "sitemap.xml.html").write_text(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{{ sites["mapco"] }}help</loc></url>'
        "</urlset>", encoding="utf-8")
    read: dict[bool, tuple[int, int]] = {}
    with serve(tmp_path / "sites") as zoo:
        for shared in (False, True):
            served = zoo.sites["mapco"]
            served.hits.clear()
            suite = suite_for_url(zoo.url("mapco"), ["find-phone", "reach-support", "sign-up"], ["new-desktop"],
                                  shared_crawl=shared)
            result = run_suite(suite, tmp_path / f"run-{shared}", reporters=(), browser=browser)
            read[shared] = (served.hits.get("/robots.txt", 0), served.hits.get("/sitemap.xml", 0))
            assert result.journeys[0].outcome == "reached"
    assert read == {False: (3, 3), True: (1, 1)}
