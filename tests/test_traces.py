"""Playwright traces and HARs per journey (`--trace on|off|failed`), and `friction replay` from them, offline."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from audits.demo.server import ZOO, Zoo, serve
from audits.model import RunResult
from audits.reporters.junit import render_junit
from audits.run.pipeline import audit
from audits.run.replay import replay
from audits.scenario import ScenarioError

pytestmark = pytest.mark.browser


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


def test_replay_needs_a_har_for_every_journey(tmp_path: Path, browser: Browser) -> None:
    with one_company(tmp_path, "kiezrad") as zoo:
        audit(zoo.url("kiezrad"), tmp_path / "run", ["find-phone"], ["new-desktop"], browser=browser,
              options={"trace": "failed"})
    with pytest.raises(ScenarioError, match=r"no HAR for .*--trace on"):
        replay(tmp_path / "run", tmp_path / "replay", browser=browser)
