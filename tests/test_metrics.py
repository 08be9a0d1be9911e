"""Effort per journey and the keystroke-level model, on evidence built in code or saved. No browser."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from audits.judge import metrics
from audits.judge.metrics import clicks, effort, human_seconds, options_seen, pages, required_fields_seen, step_seconds
from audits.model import FormFacts, FormField, JourneyEvidence, Link, PageFacts, StepRecord

SAVED = Path(__file__).parent / "data" / "evidence"
CLICK = 1.35 + 1.1 + 0.2  # M + P + BB


def step(action: str, index: int = 0, **kw: Any) -> StepRecord:
    return StepRecord(index=index, action=action, **kw)


def numbered(*steps: StepRecord) -> list[StepRecord]:
    return [s.model_copy(update={"index": i}) for i, s in enumerate(steps)]


def test_klm_constants_are_the_published_ones() -> None:
    assert (metrics.KLM_MENTAL, metrics.KLM_POINT, metrics.KLM_BUTTON) == (1.35, 1.1, 0.2)
    assert (metrics.KLM_KEYSTROKE, metrics.KLM_HOME) == (0.28, 0.4)


@pytest.mark.parametrize(("action", "kw", "seconds"), [
    ("click", {}, CLICK),
    ("open-menu", {}, CLICK),
    ("dismiss", {}, CLICK),
    ("back", {}, CLICK),
    ("check", {}, CLICK),
    ("select", {}, CLICK + 1.1 + 0.2),
    ("fill", {"keystrokes": 5, "fields_filled": 1}, CLICK + 0.8 + 5 * 0.28),
    ("fill", {"keystrokes": 10, "fields_filled": 2}, 2 * (CLICK + 0.8) + 10 * 0.28),
    ("press", {"keystrokes": 1}, 1.35 + 0.28),
    ("expect", {}, 0),
    ("wait_for", {}, 0),
    ("screenshot", {}, 0),
])
def test_operators_per_action(action: str, kw: dict[str, Any], seconds: float) -> None:
    assert step_seconds(step(action, **kw)) == pytest.approx(seconds)


def test_arriving_costs_nothing_but_a_later_goto_is_a_click() -> None:
    assert step_seconds(step("goto"), first=True) == 0
    assert step_seconds(step("goto")) == pytest.approx(CLICK)


def test_human_time_adds_the_pages_waits_but_not_the_robots_typing() -> None:
    steps = numbered(step("goto", ms=800), step("click", ms=1200), step("fill", ms=900, keystrokes=3),
                     step("expect", ms=4000))
    expected = CLICK + (CLICK + 0.8 + 3 * 0.28) + 0.8 + 1.2
    assert human_seconds(steps) == pytest.approx(round(expected, 1))


def test_clicks_count_forward_clicks_only() -> None:
    steps = numbered(step("goto"), step("dismiss"), step("click"), step("open-menu"), step("back", backtrack=True),
                     step("click", backtrack=True), step("fill"), step("select"), step("press"), step("submit"))
    assert clicks(steps) == 3
    assert clicks(steps, upto=3) == 2


def test_pages_are_distinct_urls_without_fragments() -> None:
    steps = numbered(step("goto", url="https://a.example/"), step("click", url="https://a.example/#top"),
                     step("click", url="https://a.example/contact"), step("click", url="chrome-error://chromewebdata/"),
                     step("expect", url=""))
    assert pages(steps) == 2


def test_options_are_the_visible_choices_at_each_click() -> None:
    links = [Link(name=f"l{i}", visible=i < 4) for i in range(6)]
    steps = numbered(step("goto", facts=PageFacts(links=links)), step("fill"), step("click"), step("click", options=9))
    assert options_seen(steps) == 4 + 9


def form_page(required: int, optional: int) -> PageFacts:
    fields = [FormField(label=f"r{i}", required=True) for i in range(required)]
    fields += [FormField(label=f"o{i}") for i in range(optional)]
    return PageFacts(forms=[FormFacts(fields=fields)])


def test_required_fields_from_the_navigator_or_the_form_filled() -> None:
    filled = numbered(step("goto", facts=form_page(2, 0)), step("fill", facts=form_page(5, 3)))
    assert required_fields_seen(JourneyEvidence(id="j", goal="sign-up", steps=filled)) == 5
    assert required_fields_seen(JourneyEvidence(id="j", goal="sign-up", steps=filled, required_fields=7)) == 7
    seen_only = numbered(step("goto", facts=form_page(5, 3)))
    assert required_fields_seen(JourneyEvidence(id="j", goal="sign-up", steps=seen_only)) == 0


def test_effort_of_a_recorded_journey() -> None:
    saved = json.loads((SAVED / "contact-silent.json").read_text(encoding="utf-8"))
    spent = effort(JourneyEvidence.model_validate(saved["evidence"]))
    # goto /, close the pop-up (a click on "No thanks", as scripted), "Support", "Contact us", two fields, send.
    assert (spent.clicks, spent.pages, spent.backtracks, spent.fields, spent.required_fields) == (4, 2, 0, 2, 2)
    assert spent.overlays == 0  # a scripted click, not a navigator's dismiss
    assert 20 < spent.human_seconds < 30


def test_clicks_follow_the_path_but_the_search_costs_time() -> None:
    steps = numbered(step("goto", url="https://a.example/"), step("click", url="https://a.example/jobs", ms=900),
                     step("back", url="https://a.example/", backtrack=True),
                     step("click", url="https://a.example/contact"))
    evidence = JourneyEvidence(id="j", goal="find-phone", steps=steps, path=[0, 3])
    spent = effort(evidence)
    assert (spent.clicks, spent.pages, spent.backtracks) == (1, 3, 1)
    assert effort(evidence.model_copy(update={"path": []})).clicks == 2
    assert spent.human_seconds == pytest.approx(round(3 * CLICK + 0.9, 1))


def test_wall_time_falls_back_to_the_steps() -> None:
    evidence = JourneyEvidence(id="j", goal="g", steps=numbered(step("goto", ms=1500), step("click", ms=500)))
    assert effort(evidence).seconds == 2.0
    assert effort(evidence.model_copy(update={"wall_seconds": 7.25})).seconds == 7.2
