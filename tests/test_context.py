"""The context factory: Playwright's device descriptors, a logged-in persona's saved state, trace and HAR."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from audits.demo.server import Zoo
from audits.gather.browser import _DESCRIPTORS, close_context, new_context
from audits.personas import DEVICES, USER_AGENT_SUFFIX
from audits.scenario import PersonaSpec, ScenarioError, load_suite

pytestmark = pytest.mark.browser
READ = """() => ({ua: navigator.userAgent, touch: navigator.maxTouchPoints, ratio: devicePixelRatio,
  cookie: document.cookie, stored: localStorage.getItem('member')})"""


def seen(browser: Any, persona: PersonaSpec, url: str) -> dict[str, Any]:
    context = new_context(browser, persona, start_url=url)
    try:
        page = context.new_page()
        sent: list[str] = []
        page.on("request", lambda r: sent.append(r.headers.get("user-agent", "")))
        page.goto(url)
        return {**page.evaluate(READ), "sent": sent[0], "viewport": page.viewport_size}
    finally:
        close_context(context)


@pytest.mark.parametrize("device", list(DEVICES))
def test_a_persona_browses_with_its_descriptor_at_friction_viewport(device: str, browser: Any,
                                                                   fixture_site: Zoo) -> None:
    spec = DEVICES[device]
    descriptor = _DESCRIPTORS[spec.descriptor]
    got = seen(browser, PersonaSpec(id="p", device=device), fixture_site.url("fixture"))  # type: ignore[arg-type]
    assert got["ua"] == got["sent"] == f"{descriptor['user_agent']} {USER_AGENT_SUFFIX}"
    assert got["ratio"] == descriptor["device_scale_factor"]
    assert (got["touch"] > 0) == descriptor["has_touch"]
    assert got["viewport"] == {"width": spec.width, "height": spec.height}
    assert got["cookie"] == "" and got["stored"] is None


def test_a_logged_in_persona_starts_with_its_saved_state(browser: Any, fixture_site: Zoo, tmp_path: Path) -> None:
    url = fixture_site.url("fixture")
    origin = f"{urlparse(url).scheme}://{urlparse(url).netloc}"
    state = {"cookies": [{"name": "session", "value": "s3cret", "domain": "127.0.0.1", "path": "/",
                          "expires": -1, "httpOnly": False, "secure": False, "sameSite": "Lax"}],
             "origins": [{"origin": origin, "localStorage": [{"name": "member", "value": "ada"}]}]}
    (tmp_path / "logged-in.json").write_text(json.dumps(state))
    suite = tmp_path / "suite.yaml"
    suite.write_text(f"site: {{name: F, start_url: '{url}'}}\n"
                     "personas: [{id: member, kind: existing-customer, storage_state: logged-in.json}]\n"
                     "journeys: [{goal: find-phone}]\n")
    (persona,) = load_suite(suite).personas
    assert persona.storage_state == str(tmp_path / "logged-in.json"), "relative to the suite file"
    got = seen(browser, persona, url)
    assert got["cookie"] == "session=s3cret" and got["stored"] == "ada"


def test_a_missing_storage_state_file_is_a_suite_error_with_its_line(tmp_path: Path) -> None:
    suite = tmp_path / "suite.yaml"
    suite.write_text("site: {name: F, start_url: 'http://127.0.0.1:9/'}\n"
                     "personas:\n  - id: member\n    storage_state: nowhere.json\n"
                     "journeys: [{goal: find-phone}]\n")
    with pytest.raises(ScenarioError) as caught:
        load_suite(suite)
    (problem,) = caught.value.problems
    assert problem.startswith(f"{suite}:4: persona 'member': storage_state file") and "nowhere.json" in problem


def test_trace_and_har_are_recorded_only_when_asked(browser: Any, fixture_site: Zoo, tmp_path: Path) -> None:
    har, trace = tmp_path / "run.har", tmp_path / "trace.zip"
    context = new_context(browser, PersonaSpec(id="p"), start_url=fixture_site.url("fixture"), trace=True, har=har)
    context.new_page().goto(fixture_site.url("fixture"))
    close_context(context, trace)
    entries = json.loads(har.read_text())["log"]["entries"]
    assert any(e["request"]["url"] == fixture_site.url("fixture") for e in entries)
    assert "trace.trace" in zipfile.ZipFile(trace).namelist()
