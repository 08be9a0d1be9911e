"""The goal-seeking navigator in Chromium on the zoo and fixture sites: outcomes, gates, overlays."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from audits.demo.server import Zoo
from audits.gather.driver import COVERED_ERROR
from audits.model import JourneyResult
from audits.run.pipeline import audit, report, run_suite
from audits.run.rundir import load_evidence
from audits.scenario import parse_suite

Audit = Callable[..., dict[str, JourneyResult]]
DOWN = "http://127.0.0.1:1"  # an address Chromium refuses before sending any packet


@pytest.fixture
def run_audit(tmp_path: Path, browser: object, zoo: Zoo) -> Audit:
    """Audit a zoo site; journeys by id."""

    def run(slug: str, goals: list[str], persona: str = "new-desktop", site: Zoo | None = None) -> dict:
        served = site or zoo
        out = tmp_path / f"{slug}-{persona}-{len(list(tmp_path.iterdir()))}"
        result = audit(served.url(slug), out, goals, [persona], browser=browser)  # type: ignore[arg-type]
        return {j.id: j for j in result.journeys}

    return run


def clicked(journey: JourneyResult) -> list[str]:
    """The way the journey went; closing a pop-up is left out, as a timed pop-up may come a moment sooner or later."""
    return [f"{s['action']}:{s['target']}" for s in journey.steps if s["action"] != "dismiss"]


def test_tel_phone_on_the_first_page_and_a_short_sign_up(run_audit: Audit) -> None:
    found = run_audit("skyway-air", ["find-phone", "sign-up"])
    phone, signup = found["find-phone"], found["sign-up"]
    assert (phone.outcome, phone.effort.clicks) == ("reached", 0)
    assert {p.e164: p.tel_link for p in phone.phones}["+18005550199"] is True
    assert (signup.outcome, signup.effort.clicks, signup.effort.required_fields) == ("reached", 1, 4)
    assert signup.target_url and signup.target_url.endswith("/signup")


def test_same_site_same_path(run_audit: Audit) -> None:
    # A site whose pop-ups come on a timer is only as repeatable as the machine's speed: this one has none.
    first = run_audit("harborbank", ["sign-up"])["sign-up"]
    second = run_audit("harborbank", ["sign-up"])["sign-up"]
    assert len(clicked(first)) > 10 and clicked(first) == clicked(second)


def test_consent_wall_is_dismissed_and_captcha_gates_support(run_audit: Audit) -> None:
    found = run_audit("cookiejar", ["find-phone", "reach-support"])
    phone, support = found["find-phone"], found["reach-support"]
    assert phone.steps[1]["action"] == "dismiss" and phone.effort.overlays >= 1
    assert phone.outcome == "reached"
    assert (support.outcome, support.reason) == ("gated", "captcha")


def test_mobile_menu_and_a_phone_hidden_on_mobile(run_audit: Audit) -> None:
    desktop = run_audit("mobilediff", ["find-phone"])["find-phone"]
    mobile = run_audit("mobilediff", ["find-phone"], "new-mobile")["find-phone"]
    assert (desktop.outcome, desktop.effort.clicks) == ("reached", 0)
    assert mobile.outcome == "reached" and mobile.effort.clicks >= 1
    assert any(s["action"] == "open-menu" for s in mobile.steps)
    assert mobile.target_url and mobile.target_url.endswith("/contact")


def test_text_phone_without_link_and_phone_only_in_an_image(run_audit: Audit) -> None:
    found = run_audit("pixelphone", ["find-phone"])["find-phone"]
    assert found.outcome == "reached"
    assert any(p.in_image for p in found.phones)
    assert any(f.id == "phone-only-in-image" and not f.passed for f in found.findings)


def test_support_on_a_second_origin_is_followed(run_audit: Audit) -> None:
    found = run_audit("gadgetco", ["reach-support"])["reach-support"]
    assert found.outcome == "reached"
    assert found.target_url and found.target_url.startswith("http://localhost:")


def test_app_only_account_opening_is_gated(run_audit: Audit) -> None:
    found = run_audit("harborbank", ["sign-up"])["sign-up"]
    assert (found.outcome, found.reason) == ("gated", "app-only")


def test_existing_customers_only_and_account_number_gates(run_audit: Audit) -> None:
    found = run_audit("comcastic", ["reach-support", "sign-up"])
    assert (found["sign-up"].outcome, found["sign-up"].reason) == ("gated", "existing-customers-only")
    assert (found["reach-support"].outcome, found["reach-support"].reason) == ("gated", "account-number")


def test_sign_up_page_answering_500_fails_the_journey(run_audit: Audit) -> None:
    found = run_audit("brokenpath", ["sign-up"])["sign-up"]
    assert (found.outcome, found.reason) == ("failed", "http-error")
    assert "HTTP 500" in found.reason_detail


def test_absent_needs_complete_coverage(run_audit: Audit) -> None:
    found = run_audit("plainbrochure", ["find-phone", "sign-up"])
    for journey in found.values():
        assert (journey.outcome, journey.reason) == ("absent", "not-on-site")
        assert journey.coverage is not None and journey.coverage.complete
        assert journey.coverage.pages_seen == journey.coverage.pages_known


def test_budget_spent_is_not_found_not_absent(tmp_path: Path, browser: object, zoo: Zoo) -> None:
    suite = parse_suite(
        f"site: {{name: Brochure, start_url: '{zoo.url('plainbrochure')}'}}\n"
        "personas: [{id: new-desktop}]\n"
        "journeys: [{goal: find-phone, budget: {clicks: 8, pages: 2, seconds: 60}}]\n"
    )
    (journey,) = run_suite(suite, tmp_path / "run", browser=browser).journeys  # type: ignore[arg-type]
    assert (journey.outcome, journey.reason) == ("not-found", "budget-spent")
    assert journey.coverage is not None and not journey.coverage.complete


def test_a_pop_up_that_opens_as_the_pointer_arrives_is_closed_and_the_click_made_again(
        run_audit: Audit, fixture_site: Zoo) -> None:
    found = run_audit("lateco", ["find-phone"], site=fixture_site)["find-phone"]
    assert (found.outcome, found.effort.clicks) == ("reached", 1)
    acted = [(s["action"], s["target"], s.get("error")) for s in found.steps]
    covered = acted.index(("click", "Contact us", COVERED_ERROR))
    assert acted[covered + 1][0] == "dismiss" and acted[covered + 2] == ("click", "Contact us", None)


def test_a_link_that_opens_a_new_tab_is_followed_to_its_page(run_audit: Audit, fixture_site: Zoo) -> None:
    found = run_audit("newtabco", ["find-phone"], site=fixture_site)["find-phone"]
    assert (found.outcome, found.effort.clicks) == ("reached", 1)
    clicked = next(s for s in found.steps if s["action"] == "click")
    assert (clicked["target"], clicked["url"].rsplit("/", 1)[-1]) == ("Contact us", "contact")


def test_a_new_tab_that_cannot_load_is_a_failed_load_tried_once(run_audit: Audit, fixture_site: Zoo) -> None:
    """Every page links to customer service in a new tab, at an address the browser refuses (port 1: no packet)."""
    found = run_audit("deadhelpco", ["find-phone"], site=fixture_site)["find-phone"]
    tried = [s for s in found.steps if s["target"] == "Customer service"]
    assert len(tried) == 1 and "could not load the page behind" in tried[0]["error"], tried
    assert (found.outcome, found.reason) == ("failed", "network-error")


def test_a_link_whose_page_comes_late_is_clicked_again_and_never_counted_as_seen_before(
        run_audit: Audit, fixture_site: Zoo) -> None:
    """Each click on a link is held back 400 ms (click tracking): the first click leaves the journey where it was."""
    found = run_audit("slowleaveco", ["find-phone"], site=fixture_site)["find-phone"]
    assert (found.outcome, found.reason) == ("reached", None), (found.reason_detail, clicked(found))
    assert found.steps[-1]["url"].endswith("/contact")


def test_a_server_out_of_reach_is_tried_once_for_all_its_pages(run_audit: Audit, fixture_site: Zoo) -> None:
    """Contact, customer service and help all live on a server the browser refuses (port 1: no packet)."""
    found = run_audit("downhostco", ["find-phone"], site=fixture_site)["find-phone"]
    tried = [s for s in found.steps if s["target"] in ("Contact us", "Customer service", "Help centre")]
    assert len(tried) == 1 and "ERR_UNSAFE_PORT" in tried[0]["error"], tried
    assert found.coverage is not None
    gaps = {g.url: g.detail for g in found.coverage.gaps if g.url.startswith(DOWN)}
    assert sorted(gaps) == [f"{DOWN}/contact", f"{DOWN}/customer-service", f"{DOWN}/help"], gaps
    assert sum(detail.startswith("not tried: its server was out of reach") for detail in gaps.values()) == 2, gaps
    assert (found.outcome, found.reason) == ("failed", "network-error")


def test_friction_clicks_what_lies_clear_itself_and_leaves_a_missed_press_to_playwright(
        tmp_path: Path, browser: object, fixture_site: Zoo) -> None:
    """The pop-up arriving with the pointer takes the first press: the guard keeps it from the page, and
    Playwright's click, asked then, says what covers the link. The close button and the second click are ours."""
    audit(fixture_site.url("lateco"), tmp_path / "run", ["find-phone"], ["new-desktop"], browser=browser,  # type: ignore[arg-type]
          options={"trace": "on"})
    _, (found,) = load_evidence(tmp_path / "run")
    with zipfile.ZipFile(tmp_path / "run" / found.artifacts["trace"]) as archive:
        actions = [json.loads(line) for line in archive.read("trace.trace").decode().splitlines()]
    clicks = [a for a in actions if a.get("type") == "before" and a.get("method") == "click"]
    assert [(s.action, s.target, s.ok) for s in found.steps if s.action in ("click", "dismiss")] == [
        ("click", "Contact us", False), ("dismiss", "No thanks", True), ("click", "Contact us", True)]
    assert len(clicks) == 1, clicks


def test_a_page_drawn_piece_by_piece_after_it_loads_is_read_once_it_is_still(
        tmp_path: Path, browser: object, fixture_site: Zoo) -> None:
    """Each page draws its links and its phone number last, in twelve pieces 10 ms apart after the load event."""
    audit(fixture_site.url("drawnco"), tmp_path / "run", ["find-phone"], ["new-desktop"], browser=browser)  # type: ignore[arg-type]
    _, (found,) = load_evidence(tmp_path / "run")
    home, contact = (step.facts for step in found.steps if step.facts)
    assert "Contact us" in [link.name for link in home.links]
    assert "tel:+18005550142" in [link.href for link in contact.links]


def test_a_page_that_never_holds_still_is_waited_for_each_time_it_is_reached_again(
        tmp_path: Path, browser: object, fixture_site: Zoo) -> None:
    """A clock redraws the home page every 15 ms, and its menu must be opened again after a dead end. Read at
    once, the page changes before it is left; from then on it is waited for, or each return would loop."""
    suite = parse_suite(
        f"site: {{name: Ticker Co, start_url: '{fixture_site.url('tickerco')}'}}\n"
        "personas: [{id: new-desktop}]\n"
        "journeys: [{goal: find-phone, budget: {seconds: 30}}]\n"
    )
    (journey,) = run_suite(suite, tmp_path / "run", browser=browser).journeys  # type: ignore[arg-type]
    _, (found,) = load_evidence(tmp_path / "run")
    assert journey.outcome == "reached"
    assert [(s.action, s.target) for s in found.steps] == [
        ("goto", found.start_url), ("open-menu", "Menu"), ("click", "Contact us"),
        ("back", found.start_url), ("open-menu", "Menu"), ("click", "Help centre")]


def test_a_page_whose_own_script_breaks_scrolling_still_gets_its_pictures(
        tmp_path: Path, browser: object, fixture_site: Zoo) -> None:
    """The link to click is below the fold, and the page's scrollIntoView throws: the picture is taken unscrolled."""
    audit(fixture_site.url("polyfillco"), tmp_path / "run", ["find-phone"], ["new-desktop"], browser=browser)  # type: ignore[arg-type]
    _, (found,) = load_evidence(tmp_path / "run")
    assert [s.action for s in found.steps] == ["goto", "click"]
    assert all(step.screenshot for step in found.steps)


def test_bot_and_faq_pages_only_is_deflected(run_audit: Audit, fixture_site: Zoo) -> None:
    found = run_audit("botonly", ["reach-support"], site=fixture_site)["reach-support"]
    assert (found.outcome, found.reason) == ("deflected", "chat-only")


@pytest.mark.parametrize(("robots", "outcome"), [(True, "not-found"), (False, "reached")])
def test_robots_txt_is_respected_unless_told_not_to(tmp_path: Path, browser: object, fixture_site: Zoo,
                                                    robots: bool, outcome: str) -> None:
    suite = parse_suite(
        f"site: {{name: Robots Co, start_url: '{fixture_site.url('robotsco')}'}}\n"
        "personas: [{id: new-desktop}]\n"
        f"journeys: [{{goal: find-phone}}]\noptions: {{robots: {str(robots).lower()}}}\n"
    )
    (journey,) = run_suite(suite, tmp_path / "run", browser=browser).journeys  # type: ignore[arg-type]
    assert journey.outcome == outcome


def test_report_decides_every_outcome_again_from_sightings(tmp_path: Path, browser: object, zoo: Zoo) -> None:
    """The outcome is decided in the judge: a stored verdict in the evidence is never what the report says."""
    run = tmp_path / "run"
    audit(zoo.url("comcastic"), run, ["find-phone", "reach-support", "sign-up"], ["new-desktop"],
          browser=browser)  # type: ignore[arg-type]
    before = json.loads((run / "result.json").read_text())
    assert {j["outcome"] for j in before["journeys"]} == {"absent", "gated"}
    copy = tmp_path / "copy"
    shutil.copytree(run, copy)
    tampered = 0
    for path in copy.rglob("*.json"):
        data = json.loads(path.read_text())
        for journey in data.get("journeys", [data]) if isinstance(data, dict) else []:
            if isinstance(journey, dict) and journey.get("sightings"):
                journey["outcome"], journey["reason"] = "reached", None
                tampered += 1
        path.write_text(json.dumps(data))
    assert tampered == 3
    assert report(copy).model_dump(mode="json")["journeys"] == before["journeys"]


def test_a_large_site_is_absent_only_once_every_page_is_read(tmp_path: Path, browser: object, zoo: Zoo) -> None:
    def journey(pages: int) -> JourneyResult:
        suite = parse_suite(
            f"site: {{name: Wrenfield, start_url: '{zoo.url('wrenfield')}'}}\npersonas: [{{id: new-desktop}}]\n"
            f"journeys: [{{goal: find-phone, budget: {{pages: {pages}, clicks: 8, seconds: 600}}}}]\n")
        (found,) = run_suite(suite, tmp_path / f"run-{pages}", browser=browser).journeys  # type: ignore[arg-type]
        return found

    short = journey(40)
    assert (short.outcome, short.reason) == ("not-found", "budget-spent")
    whole = journey(300)
    assert (whole.outcome, whole.reason) == ("absent", "not-on-site")
    assert whole.coverage is not None and whole.coverage.pages_seen == whole.coverage.pages_known >= 286
