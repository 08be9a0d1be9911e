"""Traces and HARs per journey (`--trace on|off|failed`), `friction replay` from them offline, axe on the path."""

from __future__ import annotations

import gzip
import json
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from audits.demo.server import ZOO, Zoo, serve
from audits.gather.discovery import discover
from audits.judge import judge_journey
from audits.model import AxeIssue, JourneyEvidence, RunResult, StepRecord
from audits.reporters.junit import render_junit
from audits.run.pipeline import audit
from audits.run.replay import replay
from audits.scenario import ScenarioError
from tests.conftest import RunText

A11Y = {"unlabelled-control", "low-contrast-control", "keyboard-trap"}


@contextmanager
def one_company(tmp_path: Path, slug: str) -> Iterator[Zoo]:
    """One zoo company on its own server, so a test can stop it without touching the shared zoo."""
    folder = tmp_path / "zoo"
    folder.mkdir(exist_ok=True)
    (folder / slug).symlink_to(ZOO / slug, target_is_directory=True)
    with serve(folder) as served:
        yield served


def outcomes(result: RunResult) -> dict[str, tuple[str, str | None, str | None]]:
    return {f"{j.site}/{j.id}/{j.persona}": (j.outcome, j.reason, j.target_url) for j in result.journeys}


@pytest.mark.browser
def test_failed_journey_keeps_a_trace_and_a_har(tmp_path: Path, browser: Browser) -> None:
    with one_company(tmp_path, "plainbrochure") as zoo:
        result = audit(zoo.url("plainbrochure"), tmp_path / "run", ["find-phone"], ["new-desktop"],
                       browser=browser, options={"trace": "failed"})
    journey = result.journeys[0]
    assert journey.outcome != "reached"
    trace, har = (tmp_path / "run" / journey.artifacts[name] for name in ("trace", "har"))
    with zipfile.ZipFile(trace) as archive:
        names = archive.namelist()
        assert archive.testzip() is None
    assert {"trace.trace", "trace.network"} <= set(names), names
    assert any(name.startswith("resources/") for name in names), names
    entries = json.loads(har.read_text(encoding="utf-8"))["log"]["entries"]
    assert any(entry["request"]["url"].endswith("/robots.txt") for entry in entries)
    # Listed in result.json, linked from the HTML report, attached to the JUnit test case.
    saved = json.loads((tmp_path / "run" / "result.json").read_text(encoding="utf-8"))
    assert saved["journeys"][0]["artifacts"] == journey.artifacts
    assert f'href="{journey.artifacts["trace"]}"' in (tmp_path / "run" / "report.html").read_text(encoding="utf-8")
    assert f"[[ATTACHMENT|{journey.artifacts['trace']}]]" in render_junit(result)


@pytest.mark.browser
def test_trace_off_keeps_nothing_and_a_reached_journey_keeps_nothing_when_failed(
        tmp_path: Path, browser: Browser) -> None:
    with one_company(tmp_path, "kiezrad") as zoo:
        off = audit(zoo.url("kiezrad"), tmp_path / "off", ["find-phone"], ["new-desktop"],
                    browser=browser, options={"trace": "off"})
        failed = audit(zoo.url("kiezrad"), tmp_path / "failed", ["find-phone"], ["new-desktop"],
                       browser=browser, options={"trace": "failed"})
    assert off.journeys[0].artifacts == {} and failed.journeys[0].artifacts == {}
    assert failed.journeys[0].outcome == "reached"
    for run in ("off", "failed"):
        assert not list((tmp_path / run).glob("traces/*")) and not list((tmp_path / run).glob("har/*"))


@pytest.mark.browser
def test_replay_with_the_site_stopped_gives_the_same_outcomes(tmp_path: Path, browser: Browser) -> None:
    with one_company(tmp_path, "plainbrochure") as zoo:
        recorded = audit(zoo.url("plainbrochure"), tmp_path / "run", ["find-phone", "sign-up"], ["new-desktop"],
                         browser=browser, options={"trace": "on"})
        site = zoo.sites["plainbrochure"]
    hits = dict(site.hits)
    replayed = replay(tmp_path / "run", tmp_path / "replay", browser=browser)
    assert site.hits == hits  # the server is stopped; nothing reached it anyway
    assert outcomes(replayed) == outcomes(recorded)
    effort = [(j.effort.clicks, j.effort.pages) for j in recorded.journeys]
    assert [(j.effort.clicks, j.effort.pages) for j in replayed.journeys] == effort
    assert all(pages > 1 for _, pages in effort), effort  # the journeys walked the site, not just its home page
    assert replayed.diff is not None and not replayed.diff.changed


@pytest.mark.browser
def test_replay_needs_a_har_for_every_journey(tmp_path: Path, browser: Browser) -> None:
    with one_company(tmp_path, "kiezrad") as zoo:
        audit(zoo.url("kiezrad"), tmp_path / "run", ["find-phone"], ["new-desktop"], browser=browser,
              options={"trace": "failed"})
    with pytest.raises(ScenarioError, match=r"no HAR for .*--trace on"):
        replay(tmp_path / "run", tmp_path / "replay", browser=browser)


@pytest.mark.browser
def test_an_unlabelled_button_on_the_path_is_a_finding(tmp_path: Path, browser: Browser) -> None:
    with one_company(tmp_path, "brightwater") as zoo:
        checked = audit(zoo.url("brightwater"), tmp_path / "on", ["find-phone"], ["new-desktop"], browser=browser)
        unchecked = audit(zoo.url("brightwater"), tmp_path / "off", ["find-phone"], ["new-desktop"],
                          browser=browser, options={"accessibility": False})
    journey = checked.journeys[0]
    assert journey.outcome == "reached"
    finding = next(f for f in journey.findings if f.id == "unlabelled-control")
    assert not finding.passed and finding.severity == "major" and finding.steps == [0, 1]
    assert "button-name" in finding.detail
    trap = next(f for f in journey.findings if f.id == "keyboard-trap")
    assert not trap.passed and trap.steps == [1, 2] and "Contact us" in trap.detail
    evidence = json.loads(next((tmp_path / "on" / "journeys").glob("*.json")).read_text(encoding="utf-8"))
    issue = evidence["steps"][1]["a11y"][0]
    assert issue == {"rule": "button-name", "impact": "critical", "help": "Buttons must have discernible text",
                     "targets": issue["targets"], "clicked": True}
    assert {f.id for f in unchecked.journeys[0].findings}.isdisjoint(A11Y)
    assert unchecked.journeys[0].outcome == "reached"


def _clicked(issue: AxeIssue) -> JourneyEvidence:
    steps = [StepRecord(index=0, action="goto", target="/"),
             StepRecord(index=1, action="click", target="Buy now", a11y=[issue]),
             StepRecord(index=2, action="click", target="Checkout", a11y=[])]
    return JourneyEvidence(id="sign-up", goal="sign-up", kind="goal", steps=steps)


def test_only_violations_on_the_clicked_element_count() -> None:
    contrast = AxeIssue(rule="color-contrast", impact="serious", help="Elements must meet minimum color contrast",
                        targets=[".cta"], clicked=True)
    found = {f.id: f for f in judge_journey(_clicked(contrast)).findings}
    assert not found["low-contrast-control"].passed and found["low-contrast-control"].steps == [0, 1]
    assert found["unlabelled-control"].passed
    elsewhere = contrast.model_copy(update={"clicked": False})
    found = {f.id: f for f in judge_journey(_clicked(elsewhere)).findings}
    assert found["low-contrast-control"].passed
    unchecked = JourneyEvidence(id="sign-up", goal="sign-up", kind="goal",
                                steps=[StepRecord(index=0, action="goto", target="/")])
    assert {f.id for f in judge_journey(unchecked).findings}.isdisjoint(A11Y)


def _sitemap_site(site: Path, base: str) -> None:
    """robots.txt -> a sitemap index -> a gzipped sitemap the browser would download (application/octet-stream)."""
    (site / "static" / "maps").mkdir(parents=True)
    (site / "static" / "robots.txt").write_text("User-agent: *\nDisallow: /private\nSitemap: /index.xml\n",
                                                 encoding="utf-8")
    xmlns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    urls = "".join(f"<url><loc>{base}/page-{n}</loc></url>" for n in range(3))
    (site / "static" / "maps" / "pages.gz").write_bytes(gzip.compress(f"<urlset {xmlns}>{urls}</urlset>".encode()))
    (site / "static" / "index.xml").write_text(
        f"<sitemapindex {xmlns}><sitemap><loc>{base}/maps/pages.gz</loc></sitemap>"
        "<sitemap><loc>http://elsewhere.invalid/other.xml</loc></sitemap></sitemapindex>", encoding="utf-8")


@pytest.mark.browser
def test_a_sitemap_index_and_a_gzipped_sitemap_are_read_through_the_page(tmp_path: Path, browser: Browser) -> None:
    site = tmp_path / "sites" / "mapped"
    (site / "pages").mkdir(parents=True)
    (site / "site.yaml").write_text("name: Mapped\nport: 1\n", encoding="utf-8")
    (site / "pages" / "index.html").write_text("<title>Mapped</title><h1>Mapped</h1>", encoding="utf-8")
    with serve(tmp_path / "sites") as served:
        base = served.url("mapped").rstrip("/")
        _sitemap_site(site, base)  # once the port is known: a sitemap lists absolute URLs
        context = browser.new_context()
        requests: list[str] = []
        context.on("request", lambda request: requests.append(request.url))
        found = discover(context.new_page(), served.url("mapped"), respect_robots=True)
        context.close()
    assert found.pages == [f"{base}/page-{n}" for n in range(3)]
    assert found.sitemaps_read == 2 and not found.allows(f"{base}/private/x")
    assert not any("elsewhere" in url for url in requests)  # another host's sitemap is never fetched


@pytest.mark.browser
def test_credentials_are_masked_in_the_trace_and_the_har(run_text: RunText, fixture_site: Zoo, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIXTURE_SECRET", "hunter2-secret")
    result = run_text("""
site: {{name: Fixture Co, start_url: "{url}"}}
personas: [{{id: me, kind: existing-customer, credentials: {{password: "${{FIXTURE_SECRET}}"}}}}]
options: {{trace: "on"}}
journeys:
  - id: form
    goal: reach-support
    steps:
      - goto: /form
      - fill: {{label: Secret, value: "${{FIXTURE_SECRET}}"}}
      - press: {{key: Enter, target: {{label: Secret}}}}
""", url=fixture_site.url("fixture"))
    files = [tmp_path / "run" / path for path in result.journeys[0].artifacts.values()]
    assert len(files) == 2
    with zipfile.ZipFile(files[0]) as trace:
        assert not any(b"hunter2-secret" in trace.read(name) for name in trace.namelist())
    assert "hunter2-secret" not in files[1].read_text(encoding="utf-8")
