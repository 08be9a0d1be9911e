"""Reporters: escaping of everything a site says, the HTML's parts and extension points, JUnit and Markdown."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from jinja2 import UndefinedError

from audits.judge import judge_run, metrics
from audits.judge.scoring import explanation
from audits.model import Channel, Effort, Finding, Gate, JourneyResult, Phone, RunResult, SiteInfo, TrendPoint
from audits.reporters import REPORTERS, SECTIONS, Section, load_builtins, write_reports
from audits.reporters.html import box_style, klm_constants, render_html, safe_href, short_url
from audits.reporters.junit import render_junit
from audits.reporters.markdown import md, render_markdown
from audits.run.rundir import load_evidence

EVIL = '<script>alert("x")</script>'
RUNS = Path(__file__).parent / "data" / "runs"


def journey(**fields: Any) -> JourneyResult:
    base: dict[str, Any] = {
        "id": "find-phone", "goal": "find-phone", "persona": "new-desktop", "site": "evil", "outcome": "gated",
        "reason": "login", "reason_detail": f"the page says {EVIL}", "story": f"Tried. Then {EVIL}.",
        "effort": Effort(clicks=2, pages=3, human_seconds=12.5, seconds=3.2), "score": 40,
        "findings": [Finding(id="login-wall", passed=False, severity="critical", title=f"Wall {EVIL}",
                             detail=f"at | step {EVIL}", why="why", steps=[1])],
        "phones": [Phone(e164="+18005550100", display=f"1-800 {EVIL}", url="javascript:alert(1)")],
        "channels": [Channel(kind="chat", vendor=f"Vendor {EVIL}", url="https://evil.example/chat")],
        "gates": [Gate(kind="login", url="https://evil.example/login", evidence=f"Sign in {EVIL}")],
        "steps": [
            {"index": 0, "action": "goto", "target": "/", "url": "https://evil.example/", "title": f"Home {EVIL}",
             "ok": True, "ms": 120, "screenshot": "screens/a-0.jpg", "shot_box": None},
            {"index": 1, "action": "click", "target": f'link "{EVIL}"', "url": "https://evil.example/login",
             "title": f"Login {EVIL}", "ok": False, "error": f"boom {EVIL}", "ms": 80,
             "screenshot": "screens/a-1.jpg", "shot_box": {"x": 683, "y": 384, "width": 136.6, "height": 76.8}},
        ],
    }
    return JourneyResult.model_validate({**base, **fields})


def result(*journeys: JourneyResult, **fields: Any) -> RunResult:
    site = SiteInfo(id="evil", name=f"Evil | Corp {EVIL}", start_url="https://evil.example/")
    return RunResult(tool_version="9.9.9", started_at="2026-01-01T00:00:00Z", site=site, sites=[site],
                     journeys=list(journeys) or [journey()], **fields)


# --- escaping ------------------------------------------------------------------------------


def test_html_escapes_everything_the_site_says() -> None:
    html = render_html(result())
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html or "&lt;script&gt;alert(&quot;x&quot;)" in html
    for said in ("Home &lt;script&gt;", "Wall &lt;script&gt;", "at | step &lt;script&gt;", "Sign in &lt;script&gt;",
                 "Vendor &lt;script&gt;", "boom &lt;script&gt;", "Evil | Corp &lt;script&gt;"):
        assert said in html, said
    assert "javascript:" not in html  # a site's javascript: link is never made clickable


def test_markdown_escapes_cells_and_text() -> None:
    text = render_markdown(result())
    assert "<script" not in text
    assert "&lt;script&gt;" in text
    row = next(line for line in text.splitlines() if line.startswith("| evil · find-phone"))
    assert len(re.findall(r"(?<!\\)\|", row)) == 5  # four columns: an escaped `|` cannot add one
    assert "at \\| step" in row


def test_markdown_md_helper() -> None:
    assert md("a|b") == "a\\|b"
    assert md("<b>x</b> & [link](javascript:x) *em* `code`") == (
        "&lt;b&gt;x&lt;/b&gt; &amp; \\[link\\](javascript:x) \\*em\\* \\`code\\`")
    assert md("two\nlines") == "two lines"
    assert md("x" * 50, limit=10) == "x" * 9 + "…"
    assert md(None) == ""


def test_junit_escapes_and_stays_well_formed() -> None:
    text = render_junit(result(journey(story=f"bad \x00\x08 control {EVIL}")))
    assert "<script>" not in text
    root = ET.fromstring(text.split("\n", 1)[1])
    case = root.find("./testsuite/testcase")
    assert case is not None
    failure = case.find("failure")
    assert failure is not None
    assert EVIL in failure.get("message", "")  # round-trips as text, not markup
    assert "bad  control" in (failure.text or "")


# --- JUnit ---------------------------------------------------------------------------------


def test_junit_one_testcase_per_journey_failing_with_verdict_and_top_findings() -> None:
    reached = journey(id="contact", outcome="reached", reason=None, reason_detail="", findings=[])
    gated = journey(reason_detail="asks for an account number")
    root = ET.fromstring(render_junit(result(reached, gated)).split("\n", 1)[1])
    cases = root.findall("./testsuite/testcase")
    assert [c.get("name") for c in cases] == ["contact [new-desktop]", "find-phone [new-desktop]"]
    assert cases[0].find("failure") is None
    failure = cases[1].find("failure")
    assert failure is not None and failure.get("type") == "gated"
    assert failure.get("message", "").startswith("gated (login): asks for an account number | critical: Wall ")
    assert "[critical] Wall" in (failure.text or "") and "(step 1)" in (failure.text or "")
    assert root.get("tests") == "2" and root.get("failures") == "1"


def test_junit_section_suites_are_added_when_not_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    def gate_suite(r: RunResult) -> ET.Element:
        suite = ET.Element("testsuite", name="extra gate", tests="1", failures="1")
        ET.SubElement(ET.SubElement(suite, "testcase", name="rule"), "failure", message="no")
        return suite

    monkeypatch.setitem(SECTIONS._items, "extra-gate", Section(junit=gate_suite))
    monkeypatch.setitem(SECTIONS._items, "extra-empty", Section(junit=lambda r: ET.Element("testsuite", name="empty")))
    root = ET.fromstring(render_junit(result()).split("\n", 1)[1])
    assert [s.get("name") for s in root.findall("testsuite")] == ["evil", "extra gate"]
    assert root.get("tests") == "2" and root.get("failures") == "2"


# --- Markdown ------------------------------------------------------------------------------


def test_markdown_has_a_row_per_journey_the_stories_and_top_findings() -> None:
    reached = journey(id="contact", outcome="reached", reason=None, findings=[], story="It worked.")
    text = render_markdown(result(reached, journey()))
    assert text.startswith("## friction: Evil \\| Corp &lt;script&gt;")
    assert "| contact | new-desktop | ✅ reached | 2 | 12 s | 40 |" in text
    assert "⛔ gated (login)" in text
    assert "### What a customer would tell you" in text and "It worked." in text
    assert "| evil · find-phone (new-desktop) | critical | Wall &lt;script&gt;" in text


def test_markdown_sections_come_from_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    extra = Section(markdown=lambda r: ["### Extra", ""] if getattr(r, "diff", None) else [])
    monkeypatch.setitem(SECTIONS._items, "extra", extra)
    assert "### Extra" not in render_markdown(result())
    assert "### Extra" in render_markdown(result(diff={"changed": []}))
    assert "### CI gate" in render_markdown(result()), "the built-in CI gate section registers itself"


def test_html_sections_give_their_templates_helpers(monkeypatch: pytest.MonkeyPatch) -> None:
    load_builtins()
    assert "gate_verdict" in SECTIONS.get("ci-gate").html
    monkeypatch.setitem(SECTIONS._items, "ci-gate", Section())
    with pytest.raises(UndefinedError, match="gate_verdict"):
        render_html(result(assertion_results=[{"name": "clicks"}]))


# --- HTML ----------------------------------------------------------------------------------


def test_html_is_self_contained() -> None:
    html = render_html(result())
    assert "<link" not in html and "<script" not in html and "@import" not in html
    two = render_html(result(journey(), journey(site="other")))
    assert "<script src" not in two and two.count("<script") <= 1  # one inline block: a CSP hash can allow it
    for src in re.findall(r'src="([^"]+)"', html):
        assert not src.startswith(("http:", "https:", "//", "/")), src


def test_html_summary_first_then_journeys_then_scoring() -> None:
    html = render_html(result())
    order = [html.index(marker) for marker in
             ('id="summary"', 'id="journeys"', 'id="story"', 'id="j1"', 'id="how-scored"')]
    assert order == sorted(order)
    assert "I could not find a phone number" in html[: html.index('id="journeys"')]
    assert "Tried. Then" in html[html.index('id="story"'): html.index('id="j1"')]


def test_html_explains_the_score_and_the_keystroke_level_model() -> None:
    html = render_html(result())
    assert explanation().split(".")[0] in html
    constants = klm_constants()
    assert {name for name, _, _ in constants} >= {"KLM_MENTAL", "KLM_POINT", "KLM_BUTTON", "KLM_KEYSTROKE"}
    for _, meaning, value in constants:
        assert meaning in html and f"{value:.2f} s" in html
    assert f"{metrics.KLM_MENTAL:.2f} s" in html


def test_html_journey_parts() -> None:
    html = render_html(result())
    assert 'id="j1-s1"' in html  # steps have anchors that findings link to
    assert 'href="#j1-s1"' in html
    assert "Ways to reach the company" in html and "What stands in the way" in html
    assert 'class="box" style="left:50.00%;top:50.00%;width:10.00%;height:10.00%"' in html
    assert "not clickable" in html


def test_html_optional_sections_render_only_with_data(tmp_path: Path) -> None:
    plain = render_html(result())
    assert 'id="ci-diff"' not in plain and 'id="ci-trend"' not in plain


def test_box_style() -> None:
    assert box_style(None, "desktop") == ""
    assert box_style({"x": 0, "y": 0}, "desktop") == ""
    assert box_style({"x": 0, "y": 0, "width": 1366, "height": 768}, "desktop") == (
        "left:0.00%;top:0.00%;width:100.00%;height:100.00%")
    assert box_style({"x": 39, "y": 422, "width": 195, "height": 84.4}, "mobile") == (
        "left:10.00%;top:50.00%;width:50.00%;height:10.00%")
    # partly outside the picture: clamped; wholly outside: nothing drawn
    assert box_style({"x": -100, "y": 700, "width": 200, "height": 200}, "desktop").startswith("left:0.00%;top:91.15%")
    assert box_style({"x": 0, "y": 900, "width": 10, "height": 10}, "desktop") == ""


def test_safe_href_and_short_url() -> None:
    assert safe_href("javascript:alert(1)") == "#"
    assert safe_href(" JavaScript:alert(1)") == "#"
    assert safe_href("data:text/html,x") == "#"
    assert safe_href("https://x.example/a") == "https://x.example/a"
    assert safe_href("screens/a.jpg") == "screens/a.jpg"
    assert safe_href("mailto:help@x.example") == "mailto:help@x.example"
    assert short_url("https://x.example/help/billing?x=1") == "/help/billing?x=1"
    assert short_url("https://x.example") == "/"
    assert short_url("https://x.example/a", "https://x.example/") == "/a"
    assert short_url("https://www.facebook.com/x", "https://x.example/") == "www.facebook.com/x"
    assert short_url("mailto:help@x.example") == "help@x.example"


def test_empty_run_renders() -> None:
    empty = RunResult(tool_version="1", started_at="", site=SiteInfo(name="Nothing", start_url=""), journeys=[])
    load_builtins()
    for name in ("json", "html", "markdown", "junit"):
        assert REPORTERS.get(name).render(empty)
    assert "No journeys were run." in render_html(empty)


def test_write_reports_writes_every_default(tmp_path: Path) -> None:
    written = write_reports(result(), tmp_path)
    assert {p.name for p in written.values()} >= {"result.json", "report.html", "junit.xml", "summary.md"}


# --- the report in a real browser ----------------------------------------------------------


@pytest.mark.browser
def test_report_looks_right_in_chromium(tmp_path: Path, browser: Any) -> None:
    """Screenshots load from file://, each outline sits inside its screenshot, and it prints to PDF."""
    run = tmp_path / "frictions"
    shutil.copytree(RUNS / "frictions", run)
    meta, journeys = load_evidence(run)
    write_reports(judge_run(meta, journeys), run, ("html",))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto((run / "report.html").as_uri())
        page.evaluate("document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
        # Polled from here: the report's CSP forbids the eval that wait_for_function's polling needs.
        deadline = time.monotonic() + 15
        while not page.evaluate("[...document.images].every(i => i.complete)") and time.monotonic() < deadline:
            page.wait_for_timeout(100)
        broken = page.evaluate("[...document.images].filter(i => !i.naturalWidth).map(i => i.src)")
        assert broken == []
        boxes = page.evaluate("""[...document.querySelectorAll('.shot .box')].map(b => {
            const s = b.parentElement.querySelector('img').getBoundingClientRect(), r = b.getBoundingClientRect();
            return [r.left - s.left, r.top - s.top, s.right - r.right, s.bottom - r.bottom, r.width, r.height]; })""")
        assert len(boxes) >= 10
        for left, top, right, bottom, width, height in boxes:
            assert min(left, top, right, bottom) >= -1 and width > 0 and height > 0  # inside the picture
        pdf = page.pdf(format="A4", print_background=True)
        assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") > 3
    finally:
        page.close()


def test_html_trend_needs_two_runs() -> None:
    def point(run: str) -> TrendPoint:
        return TrendPoint(run_id=run, started_at=f"2026-01-0{run}T00:00:00Z", site="evil", journey="find-phone",
                          persona="new-desktop", outcome="gated", score=40)

    once = render_html(result(history=[point("1")]))
    assert "first stored run" in once and "<svg" not in once.split('id="ci-trend"')[1].split("</section>")[0]
    twice = render_html(result(history=[point("1"), point("2")]))
    assert "<svg" in twice.split('id="ci-trend"')[1].split("</section>")[0]


def test_html_outcomes_differ_without_colour() -> None:
    html = render_html(result())
    marks = re.findall(r'<span class="pill o-([a-z-]+)"><span class="mk" aria-hidden="true">(.)</span>', html)
    by_outcome = dict(marks)
    assert len(set(by_outcome.values())) == len(by_outcome) == 6  # the key shows every outcome, each its own mark
    assert "--wall:" in html and ".o-gated { background:var(--wall-bg)" in html  # gated is not failed's red
