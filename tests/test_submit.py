"""Trying the form for real: permission, the synthetic customer, filling, and what sending came to, in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from audits.demo.server import Zoo
from audits.facts.fields import asks
from audits.journeys import Session
from audits.journeys.completion import classify
from audits.journeys.customer import IdentitySpec, customer_for, locale_for, password_for
from audits.journeys.permission import allowed, refusal
from audits.model import Budget, FormFacts, FormField, JourneyResult, PageFacts, RunResult
from audits.run.pipeline import run_suite
from audits.scenario import JourneySpec, Options, PersonaSpec, SiteSpec, parse_suite

SIGNUP_SITES = {"skyway-air": "account-created", "loomcable": "loop", "appsupport": "account-created",
                "porchlight": "account-created", "kiezrad": "email-verification", "pixelphone": "pending-approval"}
SUPPORT_SITES = {"skyway-air": "message-sent", "appsupport": "silent-failure"}


def suite_text(zoo: Zoo, slugs: list[str], submit: bool, journeys: str) -> str:
    sites = "\n".join(f"  - {{id: {slug}, name: {slug}, start_url: '{zoo.url(slug)}', submit: {str(submit).lower()}}}"
                      for slug in slugs)
    return (f"sites:\n{sites}\npersonas: [{{id: new-desktop}}]\njourneys:\n{journeys}\n"
            "options: {seed: test-seed}\n")


def by_key(result: RunResult) -> dict[tuple[str, str], JourneyResult]:
    return {(j.site, j.goal): j for j in result.journeys}


@pytest.fixture(scope="module")
def sent(zoo: Zoo, _chromium: list[Browser], tmp_path_factory: pytest.TempPathFactory) -> tuple[RunResult, Path]:
    """One run that sends the sign-up form on six companies and the support form on two."""
    slugs = sorted(SIGNUP_SITES)
    journeys = (f"  - {{goal: sign-up}}\n  - {{goal: reach-support, sites: {sorted(SUPPORT_SITES)}}}")
    out = tmp_path_factory.mktemp("submit") / "run"
    suite = parse_suite(suite_text(zoo, slugs, True, journeys), "submit.yaml")
    return run_suite(suite, out, browser=_chromium[0]), out


# --- in the browser ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", sorted(SIGNUP_SITES))
def test_each_sign_up_comes_to_its_result(sent: tuple[RunResult, Path], slug: str) -> None:
    journey = by_key(sent[0])[(slug, "sign-up")]
    assert journey.completion is not None and journey.completion.submitted
    assert journey.completion.result == SIGNUP_SITES[slug], journey.completion


@pytest.mark.parametrize("slug", sorted(SUPPORT_SITES))
def test_each_support_form_comes_to_its_result(sent: tuple[RunResult, Path], slug: str) -> None:
    journey = by_key(sent[0])[(slug, "reach-support")]
    assert journey.completion is not None and journey.completion.result == SUPPORT_SITES[slug]


def test_the_comcast_loop_fails_the_journey(sent: tuple[RunResult, Path]) -> None:
    journey = by_key(sent[0])[("loomcable", "sign-up")]
    assert (journey.outcome, journey.reason) == ("failed", "form-loop")
    assert journey.completion and journey.completion.attempts == 3  # step one, then the password step twice
    assert {"form-loop"} <= {f.id for f in journey.findings if not f.passed}
    assert "came back empty" in journey.story
    fields = next(f for f in journey.findings if f.id == "excess-required-fields")
    assert fields.passed and fields.title.startswith("The form asks for 6 required fields")  # both steps


def test_a_silent_support_form_fails_the_journey(sent: tuple[RunResult, Path]) -> None:
    journey = by_key(sent[0])[("appsupport", "reach-support")]
    assert (journey.outcome, journey.reason) == ("failed", "silent-error")
    assert journey.completion and journey.completion.requests[0]["status"] == 500
    assert "silent-form-failure" in {f.id for f in journey.findings if not f.passed}


def test_rules_shown_after_failing_are_met_on_the_second_try(sent: tuple[RunResult, Path]) -> None:
    done = by_key(sent[0])[("porchlight", "sign-up")].completion
    assert done is not None and done.attempts == 2
    assert done.errors_shown == ["Your password must be at least 18 characters long."]


def test_waiting_accounts_are_findings(sent: tuple[RunResult, Path]) -> None:
    found = {slug: {f.id: f for f in by_key(sent[0])[(slug, "sign-up")].findings} for slug in ("kiezrad", "pixelphone")}
    assert not found["pixelphone"]["approval-required"].passed
    assert found["pixelphone"]["approval-required"].severity == "major"
    assert found["kiezrad"]["approval-required"].severity == "minor"


def test_a_german_site_gets_a_german_customer(sent: tuple[RunResult, Path]) -> None:
    done = by_key(sent[0])[("kiezrad", "sign-up")].completion
    assert done is not None
    given = customer_for("test-seed:kiezrad:new-desktop", "de_DE").given_name
    assert [f.value for f in done.fields if f.asks == "given-name"] == [given]


def test_filling_counts_keystrokes_and_the_form_lists_what_was_sent(sent: tuple[RunResult, Path]) -> None:
    journey = by_key(sent[0])[("skyway-air", "sign-up")]
    assert journey.completion and journey.completion.fields_filled == 4
    assert journey.effort.fields >= 4 and journey.effort.human_seconds > 20
    assert [f.value for f in journey.completion.fields if f.asks == "password"] == ["••••••"]


def test_no_artifact_shows_a_password(sent: tuple[RunResult, Path]) -> None:
    out = sent[1]
    secrets = [customer_for(f"test-seed:{slug}:new-desktop", locale).password
               for slug, locale in [(s, "en_US") for s in SIGNUP_SITES] + [("kiezrad", "de_DE")]]
    secrets.append(password_for("at least 18 characters", "test-seed:retry", secrets[0]) or "")
    files = [p for p in out.rglob("*") if p.is_file() and p.suffix not in (".jpg", ".png")]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert not any(s and s in text for s in secrets), f"a password in {path}"


def test_nothing_is_sent_without_permission(zoo: Zoo, browser: Browser, tmp_path: Path) -> None:
    slugs = ["loomcable", "skyway-air"]
    before = {slug: zoo.sites[slug].posts for slug in slugs}
    suite = parse_suite(suite_text(zoo, slugs, False, "  - {goal: sign-up}\n  - {goal: reach-support}"), "x.yaml")
    result = run_suite(suite, tmp_path / "run", browser=browser)
    assert {slug: zoo.sites[slug].posts for slug in slugs} == before
    for journey in result.journeys:
        assert journey.outcome == "reached"
        assert journey.completion is not None and not journey.completion.submitted
        assert journey.completion.result == "not-tried"
        assert "found but not tried" in journey.story


def test_server_error_and_captcha(fixture_site: Zoo, browser: Browser, tmp_path: Path) -> None:
    text = suite_text(fixture_site, ["submitco"], True, "  - {goal: sign-up}\n  - {goal: reach-support}")
    journeys = by_key(run_suite(parse_suite(text, "x.yaml"), tmp_path / "run", browser=browser))
    signup, support = journeys[("submitco", "sign-up")], journeys[("submitco", "reach-support")]
    assert signup.completion and signup.completion.result == "server-error"
    assert (signup.outcome, signup.reason) == ("failed", "http-error")
    assert [f.asks for f in signup.completion.fields] == ["email", "password", "terms"]  # no marketing opt-in
    # The only contact form carries a CAPTCHA: the journey is gated before it, and nothing is sent to it.
    assert (support.outcome, support.reason) == ("gated", "captcha")
    assert fixture_site.sites["submitco"].posts == 1  # the sign-up only


# --- without a browser ------------------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_customer() -> None:
    assert customer_for("run:site:p", "de_DE") == customer_for("run:site:p", "de_DE")
    assert customer_for("run:site:p", "de_DE") != customer_for("other:site:p", "de_DE")
    assert locale_for("de", "DE") == "de_DE" and locale_for("en", "GB") == "en_GB"
    password = customer_for("x", "en_US").password
    assert len(password) >= 12 and any(c.isdigit() for c in password) and any(c.isupper() for c in password)


def test_identity_overrides_and_inbox_domain() -> None:
    made = customer_for("x", "en_US", IdentitySpec(inbox_domain="qa.example.org", given_name="Ada"))
    assert made.given_name == "Ada" and made.email.endswith("@qa.example.org")


@pytest.mark.parametrize(("field", "wanted"), [
    (FormField(label="Confirm password", type="password"), "password-confirm"),
    (FormField(label="Straße und Hausnummer"), "street"),
    (FormField(label="PLZ", name="plz"), "postcode"),
    (FormField(label="Send me offers and news", type="checkbox"), "marketing"),
    (FormField(label="I accept the AGB", type="checkbox"), "terms"),
    (FormField(label="Card number", autocomplete="cc-number"), "payment"),
])
def test_what_a_field_asks_for(field: FormField, wanted: str) -> None:
    assert asks(field, "de") == wanted


def test_words_alone_do_not_make_a_result() -> None:
    form = FormFacts(fields=[FormField(label="Email", type="email"), FormField(label="Message", type="textarea")],
                     submit_label="Send")
    before = PageFacts(url="http://a/contact", text="Contact us", forms=[form])
    after = PageFacts(url="http://a/contact", text="Contact us\nThank you for your message", forms=[form])
    # The thanks was on the page, but nothing went out and the page did not move: it confirms nothing.
    assert classify(form, before, after, [], []).result == "silent-failure"
    sent = [{"method": "POST", "path": "/contact", "status": 200, "navigation": True}]
    assert classify(form, before, after, sent, []).result == "message-sent"
    guarded = after.model_copy(update={"forms": [form.model_copy(update={"captcha": True})]})
    assert classify(form, before, guarded, sent, []).result == "captcha"


def test_a_second_factor_is_named(fixture_site: Zoo, browser: Browser, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIXTURE_PASSWORD", "Fixture-Secret-77")
    text = (f"site: {{name: submitco, start_url: '{fixture_site.url('submitco')}'}}\n"
            "personas: [{id: member, kind: existing-customer, "
            "credentials: {email: member@example.com, password: '${FIXTURE_PASSWORD}'}}]\n"
            "journeys: [{goal: find-phone}]\n")
    (journey,) = run_suite(parse_suite(text, "x.yaml"), tmp_path / "run", browser=browser).journeys
    assert (journey.outcome, journey.reason) == ("failed", "second-factor")
    assert not any("Fixture-Secret-77" in p.read_text(errors="replace")
                   for p in (tmp_path / "run").rglob("*") if p.is_file() and p.suffix not in (".jpg", ".png"))


def session_for(start: str, submit: bool = True) -> Session:
    """A session for the pure permission rules (no browser is touched)."""
    site = SiteSpec(name="shop", start_url=start, submit=submit)
    return Session(None, None, site, JourneySpec(goal="sign-up"), PersonaSpec(id="p"),  # type: ignore[arg-type]
                   Options(), Budget())


@pytest.mark.parametrize(("form", "page", "refused"), [
    (FormFacts(fields=[FormField(label="Email", type="email")], submit_label="Create account"), "", False),
    (FormFacts(fields=[FormField(label="Card number", autocomplete="cc-number")], submit_label="Start"), "", True),
    (FormFacts(fields=[FormField(label="Email", type="email")], submit_label="Place order"), "", True),
    (FormFacts(fields=[FormField(label="Email")], submit_label="Delete my account"), "", True),
    (FormFacts(action="https://forms.example.net/x", fields=[FormField(label="Email")], submit_label="Join"), "", True),
    (FormFacts(fields=[FormField(label="Email")], submit_label="Join"), "https://other.example.org/join", True),
])
def test_what_is_never_sent(form: FormFacts, page: str, refused: bool) -> None:
    session = session_for("https://shop.example.com/")
    assert allowed(session)
    assert bool(refusal(session, form, page or "https://shop.example.com/join")) is refused


def test_permission_comes_from_the_suite_or_the_command_line() -> None:
    assert not allowed(session_for("https://shop.example.com/", submit=False))
