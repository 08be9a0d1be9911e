"""The story: a sharp customer's few sentences for each outcome, from evidence built in code."""

from __future__ import annotations

from typing import Any

import pytest

from audits.judge.metrics import effort
from audits.judge.story import count, page_name, tell, tell_company, tell_cost, tell_phones
from audits.model import Channel, Coverage, Effort, Finding, Gate, JourneyEvidence, JourneyResult, Phone, StepRecord

SITE = "https://www.example.com"


def evidence(**fields: Any) -> JourneyEvidence:
    base: dict[str, Any] = {"id": "find-phone", "goal": "find-phone", "kind": "goal", "site": "example",
                            "start_url": SITE + "/"}
    return JourneyEvidence.model_validate({**base, **fields})


def finding(id: str, title: str, severity: str = "major", passed: bool = False) -> Finding:
    return Finding(id=id, title=title, severity=severity, passed=passed)  # type: ignore[arg-type]


def sentences(text: str) -> list[str]:
    return [s for s in text.replace("”", "").split(". ") if s]


def test_reached_find_phone_names_the_number_where_it_is_and_its_flaw() -> None:
    spent = Effort(clicks=7, pages=4, backtracks=2, overlays=1, human_seconds=41)
    phone = Phone.model_validate({"e164": "+18005550100", "display": "1-800-555-0100", "url": SITE + "/help/billing",
                                  "tel_link": False, "context": "billing", "region": "footer"})
    story = tell(evidence(outcome="reached", phones=[phone]), spent, [])
    assert story.startswith("Tried to find a phone number as a new customer. Seven clicks, four pages, ")
    assert "two dead ends to back out of" in story and "one pop-up to close" in story
    assert "the only number, 1-800-555-0100 (billing), is in the footer of the billing page, not clickable" in story
    assert "about 41 s of a person's time" in story


def test_reached_find_phone_does_not_repeat_what_the_phone_clause_already_says() -> None:
    phone = Phone(e164="+18005550100", display="1-800-555-0100", url=SITE + "/contact", tel_link=False)
    found = [finding("phone-not-clickable", "1 phone number shown as plain text, not tap-to-call", "minor")]
    story = tell(evidence(outcome="reached", phones=[phone]), Effort(clicks=1, pages=2), found)
    assert "plain text" not in story and "not clickable" in story


def test_several_numbers_pick_the_one_the_goal_wants() -> None:
    phones = [
        Phone(e164="+18005550199", display="1-800-555-0199", url=SITE + "/contact", tel_link=True, context="fraud"),
        Phone(e164="+18005550100", display="1-800-555-0100", url=SITE + "/contact", tel_link=False, context="sales"),
        Phone(e164="+18005550111", display="1-800-555-0111", url=SITE + "/", tel_link=False, context="support"),
    ]
    said = tell_phones(phones, "find-phone")
    assert said.startswith("three numbers turn up; the sales line 1-800-555-0100 is on the contact page")
    assert "two numbers of 3 can't be tapped to call" in said
    assert "the support line 1-800-555-0111" in tell_phones(phones, "reach-support")


def test_gated_says_you_cant_and_quotes_the_gate() -> None:
    gates = [Gate(kind="account-number", url=SITE + "/get-started", evidence="Enter your 10-digit account number."),
             Gate(kind="account-number", url=SITE + "/plans/start", evidence="Enter your 10-digit account number.")]
    story = tell(evidence(id="sign-up", goal="sign-up", outcome="gated", reason="account-number", gates=gates,
                          reason_detail="every 'Get started' path asks for an existing account number"),
                 Effort(clicks=3, pages=4, human_seconds=20),
                 [finding("account-number-wall", "An account number is demanded before going on", "critical")])
    assert story.startswith("Tried to sign up as a new customer. Turns out you can't: every 'Get started' path "
                            "asks for an existing account number.")
    assert "It says, on two pages: “Enter your 10-digit account number.”" in story
    assert "demanded" not in story  # the verdict already said it


def test_gated_without_detail_uses_the_reason_and_does_not_quote_twice() -> None:
    gate = Gate(kind="login", url=SITE + "/account/login", evidence="Sign in to continue")
    detail = f"the site asks a new customer to sign in (“Sign in to continue”) at {SITE}/account/login"
    story = tell(evidence(outcome="gated", reason="login", gates=[gate], reason_detail=detail), Effort(), [])
    assert ("Turns out you can't: the site asks a new customer to sign in (“Sign in to continue”) "
            "at the login page") in story
    assert story.count("Sign in to continue") == 1
    assert "https://" not in story  # URLs are named as pages
    generic = tell(evidence(outcome="gated", reason="login"), Effort(), [])
    assert "Turns out you can't: the way forward asks you to log in first." in generic


def test_deflected_names_the_chat_vendor_and_the_closed_channels() -> None:
    channels = [Channel(kind="chat", vendor="LivePerson", url=SITE + "/contact"),
                Channel(kind="form", usable_by_new_customer=False, url=SITE + "/contact")]
    story = tell(evidence(id="reach-support", goal="reach-support", outcome="deflected", reason="chat-only",
                          channels=channels, device="mobile"),
                 Effort(clicks=3, pages=3, human_seconds=12),
                 [finding("chat-only", "Only a chat window on offer", "minor"),
                  finding("js-errors-on-path", "1 JavaScript error(s) on the path", "minor")])
    assert story.startswith("Tried to reach a person in support as a new customer on a phone. Nobody to talk to: "
                            "the only way in is a chat window")
    assert "On offer: a live chat (LivePerson); a contact form only for existing customers." in story
    assert "On top of that: one JavaScript error on the path." in story
    assert "Only a chat window" not in story


def test_failed_says_what_broke_in_plain_words() -> None:
    story = tell(evidence(id="contact-form", goal="reach-support", kind="scripted", outcome="failed",
                          reason="silent-error"), Effort(clicks=1, pages=1, fields=3), [])
    assert "The site broke the journey: the form was sent and nothing happened: no confirmation, no error." in story
    assert "three fields typed in" in story


def test_failed_keeps_a_runners_technical_detail_in_brackets() -> None:
    detail = 'step 2 (click text "Contact"): Timeout 5000ms exceeded'
    story = tell(evidence(kind="scripted", outcome="failed", reason="timeout", reason_detail=detail), Effort(), [])
    assert f"The site broke the journey: a page never finished loading ({detail})." in story


def test_not_found_says_it_gave_up_and_how_much_was_seen() -> None:
    story = tell(evidence(outcome="not-found", reason="budget-spent",
                          coverage=Coverage(pages_seen=11, pages_known=64)),
                 Effort(clicks=8, pages=9, human_seconds=95),
                 [finding("phone-not-found", "No phone number found within 8 clicks", "critical")])
    assert "Gave up: the click budget ran out." in story
    assert "Eight clicks, nine pages; about 2 min of a person's time; it may be deeper" in story
    assert "Saw 11 of the 64 pages known." in story
    assert "No phone number found" not in story  # the verdict says so already


def test_absent_cites_the_coverage() -> None:
    story = tell(evidence(outcome="absent", reason="not-on-site", coverage=Coverage(pages_seen=23, pages_known=23,
                                                                                   complete=True)),
                 Effort(clicks=2, pages=2), [])
    assert "It isn't there: went through all 23 pages within reach and none has a phone number." in story
    partial = tell(evidence(outcome="absent", coverage=Coverage(pages_seen=12, pages_known=15)), Effort(), [])
    assert "went through 12 of the 15 pages within reach" in partial


def test_reached_sign_up_counts_the_required_fields() -> None:
    story = tell(evidence(id="join", goal="sign-up", outcome="reached", target_url=SITE + "/join"),
                 Effort(clicks=1, pages=2, required_fields=11), [])
    assert "the sign-up form on the join page asks for eleven required fields" in story
    assert story.count("required") == 1


def test_reached_scripted_journey_without_channels_just_says_it_worked() -> None:
    story = tell(evidence(id="contact-page", goal="reach-support", kind="scripted", outcome="reached",
                          target_url=SITE + "/contact", reason_detail="all 4 steps passed"),
                 Effort(clicks=1, pages=2, human_seconds=3), [])
    assert story == ("Tried to reach a person in support as a new customer. It worked, ending on the contact page. "
                     "One click, two pages; about 3 s of a person's time.")


def test_existing_customer_and_unknown_goal() -> None:
    story = tell(evidence(id="update-card", goal="update-card", kind="scripted", persona_kind="existing-customer",
                          outcome="reached"), Effort(), [])
    assert story.startswith("Tried to update card as an existing customer.")


@pytest.mark.parametrize("outcome", ["reached", "gated", "deflected", "failed", "not-found", "absent"])
def test_every_outcome_reads_as_whole_sentences(outcome: str) -> None:
    story = tell(evidence(outcome=outcome), Effort(clicks=2, pages=3, human_seconds=10),
                 [finding("slow-step", "1 step(s) took longer than 5 s", "minor")])
    assert story.startswith("Tried to find a phone number as a new customer.")
    assert story.endswith(".")
    assert ".." not in story and " ." not in story and "(s)" not in story
    assert all(s[0].isupper() for s in sentences(story)), story


def test_info_and_passed_and_error_findings_stay_out() -> None:
    found = [finding("a", "Passed check", passed=True), finding("b", "Just so you know", "info"),
             Finding(id="c", title="Detector c could not judge this journey", passed=False, error=True)]
    assert "On top of that" not in tell(evidence(outcome="reached"), Effort(), found)


def test_helpers() -> None:
    assert count(1, "click") == "one click"
    assert count(7, "click") == "seven clicks"
    assert count(14, "click") == "14 clicks"
    assert count(2, "dead end") == "two dead ends"
    assert page_name("https://x.example/") == "the home page"
    assert page_name("https://x.example/help/billing-and-payments/") == "the billing and payments page"
    assert page_name("https://x.example/contact.html?x=1") == "the contact page"
    assert tell_cost(Effort()) == "All on the first page"


def judged_journey(goal: str, outcome: str, **fields: Any) -> JourneyResult:
    return JourneyResult.model_validate({"id": goal, "goal": goal, "persona": "new-desktop", "outcome": outcome,
                                         **fields})


def test_a_company_paragraph_puts_the_worst_problem_first_in_the_customer_s_voice() -> None:
    journeys = [
        judged_journey("find-phone", "reached", effort=Effort(clicks=1, pages=2), score=95),
        judged_journey("reach-support", "gated", reason="account-number", score=10,
                       gates=[Gate(kind="account-number", url=SITE + "/callback")]),
        judged_journey("sign-up", "absent", coverage=Coverage(pages_seen=22), score=5),
        judged_journey("find-phone", "reached", device="mobile", effort=Effort(), score=100),
    ]
    story = tell_company(journeys)
    assert story.split(". ")[0] == "I found no way to sign up on any of the 22 pages I could reach"
    assert ("I could not reach a person in support: on the callback page, it asks for an existing account number "
            "before anything else.") in story
    assert story.endswith("What did work: I could find a phone number in one click and find a phone number "
                          "on my phone on the first page.")
    assert tell_company([]) == ""


def test_a_page_opened_only_by_its_address_is_not_reached_by_no_clicks() -> None:
    steps = [StepRecord(index=0, action="goto", url=SITE + "/"),
             *(StepRecord(index=i, action="click", url=f"{SITE}/p{i}") for i in range(1, 6)),
             StepRecord(index=6, action="goto", url=SITE + "/join-us")]
    found = evidence(id="sign-up", goal="sign-up", outcome="reached", target_url=SITE + "/join-us", path=[0, 6],
                     steps=steps, coverage=Coverage(pages_seen=7, sitemap=True))
    spent = effort(found)
    assert spent.clicks == 5  # every click the search made, not the path's none
    story = tell(found, spent, [])
    assert "only by opening the join us page by its address, taken from the site's sitemap, at step 6" in story
    assert "Before that, the search took five clicks, seven pages; about" in story
