"""The page reader's forms in a real Chromium: how each submit control can be pressed, and which can be sent."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from audits.demo.server import Zoo
from audits.gather.recorder import Recorder
from audits.judge.detectors import DETECTORS, load_builtins
from audits.model import FormFacts, JourneyEvidence, PageFacts, StepRecord
from audits.run.rundir import RunDir

load_builtins()
Read = Callable[[str], PageFacts]


@pytest.fixture
def read(browser: Browser, tmp_path: Path, fixture_site: Zoo) -> Iterator[Read]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page: Page = context.new_page()
    recorder = Recorder(context, RunDir(tmp_path / "run"), "t")

    def facts(path: str) -> PageFacts:
        page.goto(fixture_site.url("formsco", path), wait_until="load")
        return recorder.facts(page)

    yield facts
    context.close()


def form(facts: PageFacts, submit: str) -> FormFacts:
    return next(f for f in facts.forms if f.submit_label == submit)


def judged(facts: PageFacts, goal: str) -> bool | None:
    evidence = JourneyEvidence(id=goal, goal=goal, kind="goal", outcome="not-found",
                               steps=[StepRecord(index=0, action="goto", url=facts.url, facts=facts)])
    found = DETECTORS.get("form-not-submittable").run(evidence)
    return None if found is None else found.passed


def test_a_switched_off_button_and_inputs_outside_a_form_are_read(read: Read) -> None:
    facts = read("/contact")
    off, loose = form(facts, "Submit"), form(facts, "Send message")
    assert off.submit_disabled and off.submit_type == "submit" and not off.outside_form
    assert not any(f.named for f in off.fields) and off.action == ""
    assert loose.outside_form and loose.submit_type == "submit" and not loose.submit_disabled
    assert [f.label for f in loose.fields] == ["Name", "E-Mail", "Message"]  # the header's search box is apart
    (search,) = [f for f in facts.forms if f.outside_form and f is not loose]
    assert [f.type for f in search.fields] == ["search"] and search.submit_type == "default"
    assert judged(facts, "reach-support") is False


def test_forms_a_script_or_a_server_may_send_pass(read: Read) -> None:
    facts = read("/contact-ok")
    named, scripted = form(facts, "Send"), form(facts, "Ask")
    assert named.submit_disabled and all(f.named for f in named.fields) and named.action == "/contact-ok"
    assert scripted.outside_form and scripted.submit_type == "button"
    assert judged(facts, "reach-support") is True


def test_a_sign_up_posting_to_a_static_page_cannot_be_sent(read: Read) -> None:
    facts = read("/register")
    assert form(facts, "Register").submit_type == "submit" and form(facts, "Register").method == "post"
    assert judged(facts, "sign-up") is False
    assert judged(facts, "find-phone") is None
