"""The report on every screen: no sideways scrolling from 360 px up, sized screenshots, the league table
sorting in the page, the customer's paragraph worst problem first, and the PDF Chromium prints."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from audits.judge import judge_run
from audits.judge.story import worst_first
from audits.model import RunResult
from audits.reporters import write_reports
from audits.reporters.html import companies
from audits.reporters.pdf import print_pdf
from audits.run.rundir import load_evidence

RUNS = Path(__file__).parent / "data" / "runs"
pytestmark = pytest.mark.browser


def rendered(tmp_path: Path, name: str) -> tuple[Path, RunResult]:
    """A saved run copied beside its screenshots, judged and rendered to report.html."""
    run = tmp_path / name
    shutil.copytree(RUNS / name, run)
    result = judge_run(*load_evidence(run))
    write_reports(result, run, ("html",))
    return run / "report.html", result


@pytest.fixture
def frictions(tmp_path: Path) -> tuple[Path, RunResult]:
    """Two companies, every outcome but one, desktop and mobile personas."""
    return rendered(tmp_path, "frictions")


def opened(browser: Any, html: Path, width: int) -> Any:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(html.as_uri())
    return page


@pytest.mark.parametrize("width", [360, 390, 1280])
def test_no_sideways_scrolling_and_sized_screenshots(frictions: tuple[Path, RunResult], browser: Any,
                                                     width: int) -> None:
    page = opened(browser, frictions[0], width)
    try:
        page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        images = page.evaluate("[...document.images].map((i) => [i.getAttribute('width'), i.getAttribute('height')])")
        assert images and all(w and h for w, h in images)
        # Every screenshot fits its card: none is wider than the box it sits in.
        too_wide = """[...document.images].filter((i) =>
            i.getBoundingClientRect().width > i.parentElement.parentElement.getBoundingClientRect().width + 1)"""
        assert page.evaluate(too_wide + ".length") == 0
    finally:
        page.close()


def test_league_table_sorts_in_the_page(frictions: tuple[Path, RunResult], browser: Any) -> None:
    html, result = frictions
    page = opened(browser, html, 1280)
    try:
        names = "[...document.querySelectorAll('#league tbody tr')].map((r) => r.cells[0].innerText.trim())"
        scores = "[...document.querySelectorAll('#league tbody tr')].map((r) => Number(r.cells[1].innerText))"
        assert page.evaluate(scores) == sorted(s.score for s in result.sites if s.score is not None)
        page.click("#league th >> text=Company")
        assert page.evaluate(names) == sorted(s.name for s in result.sites)
        page.click("#league th >> text=Company")
        assert page.evaluate(names) == sorted((s.name for s in result.sites), reverse=True)
        page.click("#league th >> text=Score")
        assert page.evaluate(scores) == sorted(s.score for s in result.sites if s.score is not None)
        assert page.get_attribute("#league th:nth-child(2)", "aria-sort") == "ascending"
        # Every company's row links to its part of the summary.
        links = "[...document.querySelectorAll('#league tbody td:first-child a')].map((a) => a.hash)"
        for link in page.evaluate(links):
            assert page.locator(link).count() == 1
    finally:
        page.close()


def test_one_company_has_no_league_table(tmp_path: Path) -> None:
    html, _ = rendered(tmp_path, "skyway-demo")
    text = html.read_text()
    assert 'id="league"' not in text and "<script" not in text
    assert 'id="summary"' in text


def test_each_company_paragraph_names_the_worst_problem_first(frictions: tuple[Path, RunResult]) -> None:
    html, result = frictions
    text = html.read_text()
    assert text.index('id="league"') < text.index('id="summary"') < text.index('id="j1"')
    for company in companies(result):
        worst = worst_first(company.journeys)[0]
        first = company.story.split(". ")[0]
        assert first.startswith(("I could not", "I found no", "I gave up")), company.story
        assert worst.outcome != "reached"
        said = {"find-phone": "phone number", "sign-up": "sign up", "reach-support": "reach a person"}[worst.goal]
        assert said in first, (worst.goal, company.story)
        assert company.story in text.replace("&#39;", "'")
        assert 1 <= len(company.proofs) <= 3


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_pdf_is_printed_with_every_fold_open(frictions: tuple[Path, RunResult], browser: Any) -> None:
    html, _ = frictions
    pdf = print_pdf(browser, html, html.with_name("report.pdf")).read_bytes()
    assert pdf.startswith(b"%PDF") and pages(pdf) >= 1
    # Unfolded, the path of every journey is printed: far more than the first screen's worth.
    folded = html.with_name("folded.pdf")
    page = browser.new_page()
    try:
        page.goto(html.as_uri())
        page.pdf(path=str(folded), format="A4")
    finally:
        page.close()
    assert pages(pdf) > pages(folded.read_bytes())


def test_friction_report_pdf_writes_report_pdf(tmp_path: Path) -> None:
    run = tmp_path / "frictions"
    shutil.copytree(RUNS / "frictions", run)
    # A process of its own: a second Playwright cannot start in a thread that runs the session's.
    subprocess.run([sys.executable, "-m", "audits", "report", str(run), "--pdf"], check=False, timeout=180,
                   capture_output=True)
    pdf = (run / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pages(pdf) >= 1
