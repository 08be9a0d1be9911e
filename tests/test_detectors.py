"""Every detector on evidence built in code or saved as JSON: pass, fail and not applicable. No browser."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from audits import registry
from audits.gather.recorder import signature
from audits.judge.detectors import DETECTORS, Check, Detector, load_builtins, run_detectors
from audits.model import (
    Channel,
    FormFacts,
    FormField,
    Gate,
    JourneyEvidence,
    Link,
    PageFacts,
    Phone,
    StepRecord,
)

SITE = "https://acme.example"
SAVED = Path(__file__).parent / "data" / "evidence"
REQUIRED_IDS = {
    "form-not-submittable", "approval-required",
    "phone-not-found", "phone-not-clickable", "phone-only-in-image", "inconsistent-phone-numbers",
    "no-business-hours", "chat-only", "faq-deflection", "login-wall", "account-number-wall",
    "address-gate", "captcha-gate", "app-only", "existing-customers-only", "excess-required-fields",
    "silent-form-failure", "form-loop", "redirect-loop", "dead-end-link", "broken-link",
    "overlay-obstruction", "js-errors-on-path", "slow-step",
}

load_builtins()


# --- building evidence -------------------------------------------------------------------------

def link(name: str, href: str | None = "/other", **kw: Any) -> Link:
    return Link(name=name, text=name, href=href, **kw)


def field(label: str, required: bool = True, type: str = "text") -> FormField:
    return FormField(label=label, name=label.lower().replace(" ", "_"), required=required, type=type)


def form(*labels: str, optional: tuple[str, ...] = (), submit: str = "Send", heading: str = "",
         captcha: bool = False) -> FormFacts:
    fields = [field(label) for label in labels] + [field(label, required=False) for label in optional]
    return FormFacts(fields=fields, submit_label=submit, heading=heading, captcha=captcha)


def page(path: str = "/", text: str = "", **kw: Any) -> PageFacts:
    """A page as page_facts.js would record it, with the recorder's own DOM signature."""
    kw.setdefault("title", path)
    facts = PageFacts(url=SITE + path, text=text or f"Welcome to {path}", **kw)
    facts.signature = signature(facts)
    return facts


def step(action: str, target: str | None = None, facts: PageFacts | None = None, **kw: Any) -> StepRecord:
    return StepRecord(index=0, action=action, target=target, facts=facts, url=facts.url if facts else "", **kw)


def journey(*steps: StepRecord, goal: str = "find-phone", **kw: Any) -> JourneyEvidence:
    """A journey whose steps are numbered in order."""
    kw.setdefault("kind", "goal")
    kw.setdefault("outcome", "reached")
    numbered = [s.model_copy(update={"index": i}) for i, s in enumerate(steps)]
    return JourneyEvidence(id=goal, goal=goal, steps=numbered, **kw)


def phone(e164: str = "+18005550142", path: str = "/contact", step: int | None = 1, **kw: Any) -> Phone:
    return Phone(e164=e164, display=e164, url=SITE + path, step=step, **kw)


def home_then(path: str = "/contact", text: str = "", **kw: Any) -> list[StepRecord]:
    """Start on the home page and click once to `path`."""
    target = page(path, text, **kw)
    return [step("goto", "/", page("/", links=[link("Contact us", path)])), step("click", 'link "Contact us"', target)]


def judge(id: str, evidence: JourneyEvidence) -> Any:
    return DETECTORS.get(id).run(evidence)


def verdict(id: str, evidence: JourneyEvidence) -> bool | None:
    found = judge(id, evidence)
    return None if found is None else found.passed


# --- the registry ------------------------------------------------------------------------------

def test_every_required_detector_is_registered() -> None:
    assert set(DETECTORS.names()) >= REQUIRED_IDS


@pytest.mark.parametrize("id", sorted(REQUIRED_IDS))
def test_detector_meta_reads_well(id: str) -> None:
    found = DETECTORS.get(id)
    assert found.title_pass and found.title_fail and found.title_pass != found.title_fail
    assert found.why.endswith(".") and len(found.why) > 40
    assert found.severity in ("critical", "major", "minor", "info")
    assert found.category and found.needs
    assert found.how, f"{id}: the check function needs a docstring saying how it decides"


# --- phones ------------------------------------------------------------------------------------

def test_phone_found_after_one_click() -> None:
    found = judge("phone-not-found", journey(*home_then(), phones=[phone()]))
    assert found.passed and found.title == "Phone number visible within 1 click" and found.steps == [1]


def test_phone_found_on_first_page() -> None:
    evidence = journey(step("goto", "/", page("/")), phones=[phone(path="/", step=0)])
    assert judge("phone-not-found", evidence).title == "Phone number visible on the first page"


def test_phone_not_found_after_five_clicks() -> None:
    steps = [step("goto", "/", page("/"))] + [step("click", f'link "p{i}"', page(f"/p{i}")) for i in range(5)]
    found = judge("phone-not-found", journey(*steps, outcome="not-found", reason="budget-spent", budget={"clicks": 5}))
    assert not found.passed and found.severity == "critical"
    assert found.title == "No phone number found within 5 clicks"
    absent = judge("phone-not-found", journey(*steps, outcome="absent", reason="not-on-site"))
    assert absent.title == "No phone number found on any of the 6 pages within reach"


def test_phone_found_along_the_path_not_the_detours() -> None:
    steps = [step("goto", "/", page("/")), step("click", "Help", page("/help")),
             step("back", "/", page("/"), backtrack=True), step("click", "Contact", page("/contact"))]
    evidence = journey(*steps, phones=[phone(step=3)], path=[0, 3])
    assert judge("phone-not-found", evidence).title == "Phone number visible within 1 click"


def test_fax_number_is_not_a_phone_to_call() -> None:
    evidence = journey(*home_then(), phones=[phone(context="fax")], outcome="absent")
    assert verdict("phone-not-found", evidence) is False


def test_phone_not_found_applies_to_find_phone_only() -> None:
    assert verdict("phone-not-found", journey(*home_then(), goal="sign-up")) is None
    assert verdict("phone-not-found", journey()) is None


def test_tel_links_pass() -> None:
    assert verdict("phone-not-clickable", journey(*home_then(), phones=[phone(tel_link=True)])) is True


def test_plain_text_number_is_worse_on_mobile() -> None:
    numbers = [phone(tel_link=False), phone(tel_link=True, path="/")]
    desktop = judge("phone-not-clickable", journey(*home_then(), phones=numbers))
    mobile = judge("phone-not-clickable", journey(*home_then(), phones=numbers, device="mobile"))
    assert not desktop.passed and desktop.severity == "minor"
    assert mobile.severity == "major"
    assert desktop.title == "1 phone number shown as plain text, not tap-to-call"
    assert "/contact" in desktop.detail


def test_phone_not_clickable_needs_a_text_number() -> None:
    assert verdict("phone-not-clickable", journey(*home_then())) is None
    assert verdict("phone-not-clickable", journey(*home_then(), phones=[phone(in_image=True)])) is None
    assert verdict("phone-not-clickable", journey(*home_then(), goal="sign-up", phones=[phone()])) is None


def test_number_only_in_an_image() -> None:
    found = judge("phone-only-in-image", journey(*home_then(), phones=[phone(in_image=True)]))
    assert not found.passed and found.title == "1 phone number only inside an image"


def test_numbers_are_read_again_from_every_page_seen() -> None:
    banner = [{"src": SITE + "/call.png", "alt": "Call us: 1-800-555-0128", "region": "header"}]
    steps = [step("goto", "/", page("/", images=banner)),
             step("click", "Contact", page("/contact", "Support: 1-800-555-0142, Mon-Fri 9am-5pm"))]
    evidence = journey(*steps, goal="reach-support")
    assert judge("phone-only-in-image", evidence).detail == "1-800-555-0128: only in an image"
    assert judge("phone-not-clickable", evidence).detail == "1-800-555-0142 on https://acme.example/contact"
    assert verdict("no-business-hours", evidence) is True


def test_number_in_image_and_in_text_passes() -> None:
    numbers = [phone(in_image=True), phone(path="/", step=0)]
    assert verdict("phone-only-in-image", journey(*home_then(), phones=numbers)) is True
    assert verdict("phone-only-in-image", journey(*home_then())) is None


def test_different_support_numbers_on_different_pages() -> None:
    numbers = [phone("+18005550100", path="/", step=0, context="support"),
               phone("+18005550199", path="/help", step=1, context="support")]
    found = judge("inconsistent-phone-numbers", journey(*home_then("/help"), phones=numbers))
    assert not found.passed and found.title == "Different support numbers on different pages"
    assert "+18005550100" in found.detail and "+18005550199" in found.detail


def test_a_contact_page_listing_more_numbers_is_consistent() -> None:
    numbers = [phone("+18005550100", path="/", step=0, context="support"),
               phone("+18005550100", step=1, context="support"),
               phone("+18005550199", step=1, context="support")]
    assert verdict("inconsistent-phone-numbers", journey(*home_then(), phones=numbers)) is True


def test_inconsistency_needs_two_pages_for_one_purpose() -> None:
    one_page = [phone("+18005550100", context="support"), phone("+18005550199", context="support")]
    abroad = [phone("+448005550100", path="/", context="international"), phone("+18005550199", context="international")]
    assert verdict("inconsistent-phone-numbers", journey(*home_then(), phones=one_page)) is None
    assert verdict("inconsistent-phone-numbers", journey(*home_then(), phones=abroad)) is None


@pytest.mark.parametrize("hours", ["Mon-Fri 8am-6pm", "Open 24/7", "Monday to Friday, 9:00 \u2013 17:30",
                                   "Lines are open 8 a.m. to 8 p.m.", "Saturday 9-13",
                                   "Opening hours\nMonday\n7:00 AM to 8:00 PM"])
def test_business_hours_beside_the_number(hours: str) -> None:
    evidence = journey(*home_then(text=f"Call 1-800-555-0142\n{hours}"), phones=[phone()])
    assert verdict("no-business-hours", evidence) is True


@pytest.mark.parametrize("said", ["Call us during normal business hours at 1-800-555-0142.",
                                  "Our office hours may vary.", "See our hours of operation."])
def test_naming_hours_without_stating_them(said: str) -> None:
    assert verdict("no-business-hours", journey(*home_then(text=said), phones=[phone()])) is False


def test_no_business_hours() -> None:
    found = judge("no-business-hours", journey(*home_then(text="Call 1-800-555-0142 today"), phones=[phone()]))
    assert not found.passed and found.title == "No opening hours on the page with the phone number"


def test_business_hours_need_a_number_on_a_seen_page() -> None:
    assert verdict("no-business-hours", journey(*home_then())) is None
    assert verdict("no-business-hours", journey(*home_then(), phones=[phone(path="/elsewhere")])) is None


# --- channels ----------------------------------------------------------------------------------

def support(*channels: Channel, **kw: Any) -> JourneyEvidence:
    return journey(*home_then(), goal="reach-support", channels=list(channels), **kw)


def chat(kind: str = "chat", **kw: Any) -> Channel:
    return Channel(kind=kind, url=SITE + "/contact", step=1, **kw)


def test_a_bot_and_a_form_pass() -> None:
    assert verdict("chat-only", support(chat("chatbot"), chat("form"))) is True


def test_only_a_chat_bot() -> None:
    found = judge("chat-only", support(chat("chatbot")))
    assert not found.passed and found.severity == "major" and "bot" in found.detail
    assert found.title == "Only a chat bot on offer: no person to talk or write to"


def test_a_live_chat_with_agents_is_a_person() -> None:
    assert verdict("chat-only", support(chat("chatbot"), chat())) is True


def test_channels_a_new_customer_cannot_use_do_not_count() -> None:
    members = chat("form", usable_by_new_customer=False)
    assert verdict("chat-only", support(chat("chatbot"), members)) is False
    assert verdict("chat-only", support(chat("chatbot"), members, persona_kind="existing-customer")) is True
    assert verdict("chat-only", support(chat("chatbot"), phones=[phone(context="sales")])) is False
    assert verdict("chat-only", support(chat("chatbot"), phones=[phone(context="support")])) is True


def test_chat_only_needs_a_chat_bot_not_just_a_verdict() -> None:
    """A verdict stored by an older run, or words about bots on a page, are no chat bot on offer."""
    evidence = support(outcome="deflected", reason="chat-only", reason_detail="only a bot answers")
    assert verdict("chat-only", evidence) is None


def test_chat_only_not_applicable() -> None:
    assert verdict("chat-only", support()) is None
    assert verdict("chat-only", journey(*home_then(), channels=[chat("chatbot")])) is None


def help_path(*paths: str) -> list[StepRecord]:
    steps = [step("goto", "/", page("/"))]
    steps += [step("click", f'link "{p}"', page(p, headings=["How can we help?"])) for p in paths]
    return steps


def test_one_help_page_before_contact_is_fine() -> None:
    steps = [*help_path("/help"), step("click", 'link "Contact us"', page("/contact"))]
    evidence = journey(*steps, goal="reach-support", channels=[Channel(kind="form", url=SITE + "/contact", step=2)])
    assert verdict("faq-deflection", evidence) is True


def test_three_help_pages_before_a_person() -> None:
    steps = [*help_path("/help", "/help/billing", "/articles/refunds"), step("click", "Contact", page("/contact"))]
    evidence = journey(*steps, goal="reach-support", channels=[Channel(kind="email", url=SITE + "/contact")])
    found = judge("faq-deflection", evidence)
    assert not found.passed and found.title == "Sent through 3 help pages before reaching a person"
    assert found.steps == [1, 2, 3]


def test_only_help_pages_on_the_path_count() -> None:
    steps = [*help_path("/help", "/help/billing", "/faq"), step("click", "Contact", page("/contact"))]
    evidence = journey(*steps, goal="reach-support", path=[0, 1, 4],
                       channels=[Channel(kind="email", url=SITE + "/contact", step=4)])
    assert verdict("faq-deflection", evidence) is True


def test_help_pages_and_never_a_person() -> None:
    evidence = journey(*help_path("/faq", "/faq/more"), goal="reach-support", outcome="deflected", reason="faq-loop")
    found = judge("faq-deflection", evidence)
    assert not found.passed and found.title == "Sent through 2 help pages and never offered a person"


def test_help_pages_a_search_wandered_through_prove_nothing_alone() -> None:
    article = page("/help/billing", "Paying your bill\nDid this answer your question?")
    steps = [step("goto", "/", page("/")), step("click", "Help", article),
             step("click", "Refunds", page("/help/refunds", "Refunds\nWas this article helpful?"))]
    assert verdict("faq-deflection", journey(*steps, goal="reach-support", outcome="not-found")) is None


def test_help_pages_a_vain_search_read_are_not_a_detour_even_with_a_person_somewhere() -> None:
    """A large documentation site searched for a phone number: FAQ pages read, a mailing list address seen."""
    steps = [*help_path("/faq", "/faq/library", "/faq/design"), step("click", "Installing", page("/install"))]
    mail = Channel(kind="email", url=SITE + "/install", step=4)
    assert verdict("faq-deflection", journey(*steps, outcome="not-found", channels=[mail])) is None
    assert verdict("faq-deflection", journey(*steps, outcome="reached", channels=[mail])) is False


def test_faq_deflection_not_applicable() -> None:
    assert verdict("faq-deflection", journey(*home_then(), goal="reach-support", outcome="not-found")) is None
    assert verdict("faq-deflection", journey(*help_path("/help", "/faq"), goal="sign-up")) is None


# --- gates -------------------------------------------------------------------------------------

GATE_KINDS = {
    "login-wall": "login", "account-number-wall": "account-number", "address-gate": "address",
    "captcha-gate": "captcha", "app-only": "app-only", "existing-customers-only": "existing-customers-only",
}


@pytest.mark.parametrize("id", sorted(GATE_KINDS))
def test_gate_recorded_fails(id: str) -> None:
    said = "Please enter your account number to continue"
    gate = Gate(kind=GATE_KINDS[id], url=SITE + "/join", evidence=said, step=1)
    found = judge(id, journey(*home_then("/join"), goal="sign-up", outcome="gated", reason=gate.kind, gates=[gate]))
    assert not found.passed and found.title == DETECTORS.get(id).title_fail
    assert "“Please enter your account number to continue”" in found.detail and found.steps == [1]


@pytest.mark.parametrize("id", sorted(GATE_KINDS))
def test_gate_from_the_verdict_alone(id: str) -> None:
    evidence = journey(*home_then(), goal="sign-up", outcome="gated", reason=GATE_KINDS[id], reason_detail="stopped")
    assert verdict(id, evidence) is False


@pytest.mark.parametrize("id", sorted(GATE_KINDS))
def test_goal_reached_without_the_gate_passes(id: str) -> None:
    assert verdict(id, journey(*home_then("/signup"), goal="sign-up")) is True


@pytest.mark.parametrize("id", sorted(GATE_KINDS))
def test_gate_cannot_be_judged_when_the_goal_was_not_reached(id: str) -> None:
    assert verdict(id, journey(*home_then(), goal="sign-up", outcome="not-found")) is None
    assert verdict(id, journey(*home_then(), goal="sign-up", kind="scripted")) is None


@pytest.mark.parametrize("id", sorted(GATE_KINDS))
def test_a_gate_on_a_side_branch_is_not_in_the_way(id: str) -> None:
    gate = Gate(kind=GATE_KINDS[id], url=SITE + "/account", step=1)
    assert verdict(id, journey(*home_then(), goal="sign-up", gates=[gate])) is True
    assert verdict(id, journey(*home_then(), goal="sign-up", gates=[gate], outcome="not-found")) is None


@pytest.mark.parametrize("id", ["login-wall", "account-number-wall", "existing-customers-only"])
def test_existing_customers_are_expected_to_sign_in(id: str) -> None:
    gate = Gate(kind=GATE_KINDS[id], url=SITE + "/login", step=1)
    evidence = journey(*home_then(), goal="reach-support", persona_kind="existing-customer", gates=[gate])
    assert verdict(id, evidence) is None


def sign_in_page(path: str = "/login") -> PageFacts:
    """A sign-in page that names only the site: its one task form asks for a login and a password."""
    login = FormFacts(fields=[field("Login"), field("Password", type="password")], submit_label="Login")
    return page(path, "Login\nPassword\nLost password", title="Acme", forms=[login])


def test_a_support_action_answered_by_a_sign_in_page_is_a_login_wall() -> None:
    home = page("/", links=[link("Open a ticket", "/tickets/new")])
    bounced = step("click", 'link "Open a ticket"', sign_in_page(), redirects=[SITE + "/tickets/new"])
    found = judge("login-wall", journey(step("goto", "/", home), bounced, goal="reach-support", outcome="not-found"))
    assert not found.passed and found.steps == [1] and found.severity == "critical"
    assert found.detail == "“Open a ticket” led to a sign-in page at https://acme.example/login, " \
                           "redirected from https://acme.example/tickets/new"


def test_a_sign_in_page_is_no_wall_when_chosen_or_when_another_way_worked() -> None:
    chosen = [step("goto", "/", page("/")), step("click", 'link "Sign in"', sign_in_page())]
    assert verdict("login-wall", journey(*chosen, goal="reach-support", outcome="not-found")) is None
    bounced = [step("goto", "/", page("/")), step("click", 'link "Contact us"', sign_in_page())]
    assert verdict("login-wall", journey(*bounced, goal="reach-support")) is True
    signup = sign_in_page().model_copy(update={"forms": [*sign_in_page().forms, form("Email", "Password",
                                                                                      submit="Create account")]})
    both = [step("goto", "/", page("/")), step("click", 'link "Contact us"', signup)]
    assert verdict("login-wall", journey(*both, goal="reach-support", outcome="not-found")) is None
    assert verdict("login-wall", journey(*bounced, goal="reach-support", outcome="not-found",
                                         persona_kind="existing-customer")) is None


def test_captcha_on_the_form_filled_in() -> None:
    signup = page("/signup", forms=[form("Email", "Password", heading="Create your account", captcha=True)])
    evidence = journey(step("goto", "/signup", signup), step("fill", 'label "Email"', signup), goal="sign-up")
    found = judge("captcha-gate", evidence)
    assert not found.passed and "Create your account" in found.detail


# --- forms -------------------------------------------------------------------------------------

def signup_with(*labels: str, optional: tuple[str, ...] = (), goal: str = "sign-up") -> JourneyEvidence:
    signup = page("/signup", forms=[form(*labels, optional=optional, heading="Join us")])
    return journey(step("goto", "/signup", signup), step("fill", 'label "Email"', signup, fields_filled=1), goal=goal)


def test_four_required_fields_pass() -> None:
    found = judge("excess-required-fields", signup_with("Name", "Email", "Password", "Zip", optional=("Phone",)))
    assert found.passed and found.title == "The form asks for 4 required fields, within the norm of about 8"


def test_ten_required_fields_fail() -> None:
    found = judge("excess-required-fields", signup_with(*[f"Field {i}" for i in range(10)]))
    assert not found.passed and found.severity == "minor"
    assert found.title == "The form asks for 10 required fields; about 8 is the norm"
    assert "“Join us”" in found.detail


def test_twelve_required_fields_are_major() -> None:
    assert judge("excess-required-fields", signup_with(*[f"Field {i}" for i in range(12)])).severity == "major"


def test_unmarked_fields_all_count() -> None:
    found = judge("excess-required-fields", signup_with(optional=tuple(f"Field {i}" for i in range(9))))
    assert not found.passed and "no field is marked required" in found.detail


def test_navigators_count_is_used() -> None:
    assert verdict("excess-required-fields", journey(*home_then(), goal="sign-up", required_fields=11)) is False


def test_required_fields_not_applicable() -> None:
    assert verdict("excess-required-fields", journey(*home_then(), goal="sign-up")) is None
    assert verdict("excess-required-fields", signup_with("A", "B", goal="find-phone")) is None
    search = page("/", forms=[FormFacts(fields=[field("Search", type="search")])])
    assert verdict("excess-required-fields", journey(step("goto", "/", search), goal="sign-up")) is None


CONTACT_TEXT = "Contact us\nName * Email * Send message\nSupport: 1-800-555-0142"


def contact(**kw: Any) -> PageFacts:
    kw.setdefault("text", CONTACT_TEXT)
    return page("/contact", forms=[form("Name", "Email", submit="Send message")],
                links=[link("Send message", None, tag="button", submit=True)], headings=["Contact us"], **kw)


def sent(after: PageFacts, *later: StepRecord, target: str = 'button "Send message"', **kw: Any) -> JourneyEvidence:
    before = contact()
    steps = [step("goto", "/contact", before), step("fill", 'label "Name"', before, fields_filled=1),
             step("fill", 'label "Email"', before, fields_filled=1), step("click", target, after), *later]
    return journey(*steps, goal="reach-support", kind="scripted", **kw)


def test_submit_with_no_change_is_silent() -> None:
    found = judge("silent-form-failure", sent(contact()))
    assert not found.passed and found.steps == [3] and found.severity == "critical"
    assert "stayed as it was" in found.detail


def test_silent_even_when_a_clock_ticks() -> None:
    assert verdict("silent-form-failure", sent(contact(text=CONTACT_TEXT.replace("0142", "0143")))) is False


def test_silent_with_a_failed_expectation_after() -> None:
    later = step("expect", "Thanks", contact(), ok=False, error="expect: text Thanks to be visible")
    assert verdict("silent-form-failure", sent(contact(), later)) is False


@pytest.mark.parametrize("after", [
    contact(alerts=["Please enter a valid email"]),
    contact(invalid_fields=1),
    page("/thanks", "Thank you, we will reply within a day"),
    contact(text=CONTACT_TEXT + "\nThanks, we got your message"),
], ids=["alert", "aria-invalid", "new-page", "new-text"])
def test_submit_with_an_answer_passes(after: PageFacts) -> None:
    assert verdict("silent-form-failure", sent(after)) is True


def test_an_answer_a_moment_later_passes() -> None:
    later = step("expect", "Thanks", contact(text=CONTACT_TEXT + "\nThanks!"))
    assert verdict("silent-form-failure", sent(contact(), later)) is True


def test_a_browser_dialog_is_an_answer() -> None:
    evidence = sent(contact())
    evidence.steps[3].dialogs = ["alert: Please fill in your phone number"]
    assert verdict("silent-form-failure", evidence) is True


@pytest.mark.parametrize("target", ['text "Send message"', "Send message", 'css "button[type=submit]"', "Enter"])
def test_submits_are_recognised_by_label_css_or_key(target: str) -> None:
    evidence = sent(contact(), target=target)
    if target == "Enter":
        evidence.steps[3].action = "press"
    assert verdict("silent-form-failure", evidence) is False


def test_no_form_sent_is_not_applicable() -> None:
    assert verdict("silent-form-failure", journey(*home_then())) is None


def test_required_fields_left_empty_are_the_browsers_to_answer() -> None:
    evidence = sent(contact())
    del evidence.steps[2]
    assert verdict("silent-form-failure", evidence) is None


def loop_steps(times: int) -> list[StepRecord]:
    """Submit the sign-up form, be sent on to a check page, and land on the same empty form again."""
    signup = page("/signup", forms=[form("Email", "Password", submit="Continue")], headings=["Join"])
    verify = page("/verify", forms=[form("Code", "Email", submit="Verify")], headings=["Verify"])
    steps = [step("goto", "/signup", signup)]
    for _ in range(times):
        steps += [step("click", 'button "Continue"', verify), step("click", 'button "Verify"', signup)]
    return steps


def test_form_that_keeps_coming_back() -> None:
    found = judge("form-loop", journey(*loop_steps(2), goal="sign-up"))
    assert not found.passed and found.title == "The same form came back 3 times" and found.steps == [0, 2, 4]


def test_a_filter_form_the_navigator_kept_passing_is_not_a_loop() -> None:
    """A list page with a filter form, reached three times by links that promise nothing: exploring."""
    listing = page("/projects", forms=[form("Status", "Project", submit="Apply")], headings=["Projects"])
    steps = [step("goto", "/", page("/")), step("click", 'link "Projects"', listing),
             step("click", 'link "News"', page("/news")), step("click", 'link "Clear"', listing),
             step("click", 'link "Home"', page("/")), step("goto", "/projects?jump=welcome", listing)]
    assert verdict("form-loop", journey(*steps, goal="sign-up", outcome="not-found")) is None
    assert verdict("form-loop", journey(*steps, goal="sign-up", kind="scripted")) is False


def test_form_seen_twice_is_not_a_loop() -> None:
    assert verdict("form-loop", journey(*loop_steps(1), goal="sign-up")) is True


def test_going_back_to_a_form_does_not_count() -> None:
    signup = page("/signup", forms=[form("Email", "Password")])
    steps = [step("goto", "/signup", signup)]
    for i in range(3):
        steps += [step("click", f'link "p{i}"', page(f"/p{i}")), step("back", None, signup, backtrack=True)]
    assert verdict("form-loop", journey(*steps, goal="sign-up")) is True


def test_form_loop_needs_a_form_and_a_journey_about_one() -> None:
    assert verdict("form-loop", journey(*home_then(), goal="sign-up")) is None
    assert verdict("form-loop", journey(*loop_steps(2), goal="find-phone")) is None


def sendable(**kw: Any) -> FormFacts:
    """A contact form as the reader records it: named fields, an address, a submit button."""
    fields = [FormField(label="Email", name="email", type="email"),
              FormField(label="Message", name="message", type="textarea")]
    given = {"fields": fields, "submit_label": "Send", "heading": "Write to us", "method": "post",
             "action": "/messages", "submit_type": "submit", **kw}
    return FormFacts(**given)


def unnamed(facts: FormFacts) -> FormFacts:
    return facts.model_copy(update={"fields": [f.model_copy(update={"named": False}) for f in facts.fields]})


def on_contact_page(*forms: FormFacts, goal: str = "reach-support") -> JourneyEvidence:
    return journey(*home_then(forms=list(forms)), goal=goal, outcome="not-found")


@pytest.mark.parametrize(("facts", "why"), [
    (sendable(method="script", action="", submit_type="submit"), "outside any form and its submit button"),
    (sendable(method="script", action="", submit_type="none"), "outside any form and there is no button"),
    (unnamed(sendable(action="", method="get", submit_disabled=True)), "button is switched off"),
    (sendable(action="../thanks.html"), "posts to a static page (../thanks.html)"),
])
def test_a_contact_form_that_cannot_be_sent(facts: FormFacts, why: str) -> None:
    found = judge("form-not-submittable", on_contact_page(facts))
    assert not found.passed and found.title == "1 form cannot be sent at all" and found.steps == [1]
    assert why in found.detail and "“Write to us” form on acme.example/contact" in found.detail


@pytest.mark.parametrize("facts", [
    sendable(),
    sendable(method="script", action="", submit_type="button"),  # a script may drive its button
    sendable(method="script", action="", submit_type="default"),
    sendable(submit_disabled=True),  # switched off until the fields are valid, but it has an address
    unnamed(sendable(submit_disabled=True)),
    sendable(action="", method="get", submit_disabled=True),  # named fields: the browser can send them
    sendable(method="get", action="/search.html"),
])
def test_forms_that_may_be_sent_pass(facts: FormFacts) -> None:
    assert verdict("form-not-submittable", on_contact_page(facts)) is True


def test_form_not_submittable_judges_the_forms_of_the_goal() -> None:
    broken = sendable(method="script", action="", submit_type="submit")
    assert verdict("form-not-submittable", on_contact_page(broken, goal="find-phone")) is None
    assert verdict("form-not-submittable", on_contact_page(broken, goal="sign-up")) is None
    lead = broken.model_copy(update={"fields": broken.fields[:1], "heading": "Ready? Sign up now!"})
    assert verdict("form-not-submittable", on_contact_page(lead, goal="sign-up")) is False
    account = unnamed(sendable(heading="", submit_label="Register", action="/index.html", fields=[
        field("Email", type="email"), field("Password", type="password"), field("Retype password", type="password")]))
    assert verdict("form-not-submittable", on_contact_page(account, goal="sign-up")) is False
    assert verdict("form-not-submittable", on_contact_page(broken.model_copy(update={"submit_type": None}))) is None


def signup_page(text: str = "") -> PageFacts:
    account = form("Username", "Email", submit="Register", heading="Register for this site")
    return page("/register", text or "Register for this site\nUsername\nEmail", forms=[account])


def test_an_account_whose_password_comes_by_email() -> None:
    text = "Username\nEmail\nRegistration confirmation will be emailed to you.\nRegister"
    found = judge("approval-required", journey(*home_then("/register", text, forms=signup_page().forms),
                                               goal="sign-up"))
    assert not found.passed and found.severity == "minor" and found.steps == [1]
    assert found.title == "The new account waits for a link sent by e-mail before it can be used"
    assert found.detail == "“will be emailed to you” on acme.example/register"


def test_an_account_pending_an_administrators_approval_after_submitting() -> None:
    done = page("/account/register", "Your account was created and is now pending administrator approval.")
    steps = [step("goto", "/register", signup_page()), step("fill", "Username", signup_page()),
             step("submit", 'button "Register"', done)]
    found = judge("approval-required", journey(*steps, goal="sign-up", kind="scripted"))
    assert not found.passed and found.severity == "major" and found.steps == [2]
    assert found.title == "The new account waits for an administrator's approval before it can be used"


def test_a_sign_up_that_promises_nothing_of_the_kind_passes() -> None:
    assert verdict("approval-required", journey(step("goto", "/register", signup_page()), goal="sign-up")) is True


def test_waiting_words_away_from_the_sign_up_do_not_count() -> None:
    news = page("/news", "Our new branch is pending approval by the council.")
    steps = [step("goto", "/register", signup_page()), step("click", 'link "News"', news)]
    assert verdict("approval-required", journey(*steps, goal="sign-up")) is True
    assert verdict("approval-required", journey(step("goto", "/news", news), goal="sign-up")) is None
    assert verdict("approval-required", journey(step("goto", "/register", signup_page()), goal="find-phone")) is None


# --- navigation --------------------------------------------------------------------------------

def test_too_many_redirects() -> None:
    looped = step("click", 'link "Contact us"', None, ok=False, error="net::ERR_TOO_MANY_REDIRECTS at /contact")
    found = judge("redirect-loop", journey(step("goto", "/", page("/")), looped, outcome="failed", reason="loop"))
    assert not found.passed and found.steps == [1] and found.severity == "critical"


@pytest.mark.parametrize("id", ["redirect-loop", "broken-link", "dead-end-link"])
def test_the_navigators_exploring_is_not_the_customers_path(id: str) -> None:
    """A goal-seeking journey that wandered into trouble on a link that did not promise its goal."""
    home = page("/", links=[link("Careers", "#"), link("Contact us", "/contact")])
    trouble = {
        "redirect-loop": step("click", "Careers", None, ok=False, error="net::ERR_TOO_MANY_REDIRECTS"),
        "broken-link": step("click", "Careers", page("/careers", status=404), status=404),
        "dead-end-link": step("click", "Careers", home.model_copy(update={"url": SITE + "/#"})),
    }[id]
    steps = [step("goto", "/", home), trouble, step("back", "/", home, backtrack=True),
             step("click", "Contact us", page("/contact"))]
    assert verdict(id, journey(*steps, path=[0, 3])) is True
    assert verdict(id, journey(*steps, path=[0, 3], kind="scripted")) is False


def test_a_url_three_times_in_one_redirect_chain() -> None:
    chain = [SITE + "/a", SITE + "/b", SITE + "/a", SITE + "/b", SITE + "/a"]
    assert verdict("redirect-loop", journey(step("goto", "/a", page("/c"), redirects=chain))) is False


def test_a_sign_in_bounce_is_not_a_loop() -> None:
    chain = [SITE + "/account", SITE + "/login?next=/account"]
    assert verdict("redirect-loop", journey(step("goto", "/account", page("/login"), redirects=chain))) is True


def test_redirect_loop_needs_navigation() -> None:
    assert verdict("redirect-loop", journey()) is None


def test_placeholder_link_that_does_nothing() -> None:
    home = page("/", links=[link("Support", "#"), link("Contact us", "/contact")])
    same = home.model_copy(update={"url": SITE + "/#"})
    found = judge("dead-end-link", journey(step("goto", "/", home), step("click", 'text "Support"', same)))
    assert not found.passed and found.title == "1 link led nowhere"
    assert "(href “#”) clicked and nothing happened" in found.detail


def test_a_click_on_a_hash_bang_stub_changes_only_the_address() -> None:
    home = page("/", links=[link("Sign up", "#!"), link("Home", "/")])
    steps = [step("goto", "/", home), step("click", 'link "Sign up"', home.model_copy(update={"url": SITE + "/#!"}))]
    found = judge("dead-end-link", journey(*steps, goal="sign-up", outcome="not-found"))
    assert not found.passed and found.steps == [1] and "step 1: “Sign up” (href “#!”) clicked" in found.detail


def test_a_button_that_changes_nothing_is_a_dead_end_when_clicked() -> None:
    home = page("/", links=[Link(tag="button", name="Get a quote"), link("Contact us", "/contact")])
    steps = [step("goto", "/", home), step("click", 'button "Get a quote"', home)]
    found = judge("dead-end-link", journey(*steps, kind="scripted"))
    assert not found.passed and "“Get a quote” clicked and nothing happened" in found.detail


@pytest.mark.parametrize("href", [None, "", "#", "#!", "javascript:void(0)", "javascript:;"])
def test_a_link_that_promises_the_goal_and_goes_nowhere_fails_unclicked(href: str | None) -> None:
    home = page("/", links=[link("About", "/about"), link("Get in touch", href, region="footer")])
    found = judge("dead-end-link", journey(step("goto", "/", home), goal="reach-support", outcome="not-found"))
    assert not found.passed and found.title == "1 link led nowhere" and found.steps == [0]
    assert found.detail.startswith("“Get in touch” (") and "acme.example/" in found.detail


def test_the_same_stub_on_every_page_counts_once() -> None:
    footer = [link("Home", "/"), link("Contact", "#!", region="footer")]
    steps = [step("goto", "/", page("/", links=[link("Pricing", "/pricing"), *footer])),
             step("click", 'link "Pricing"', page("/pricing", links=[link("Choose plan", "#!"), *footer]))]
    found = judge("dead-end-link", journey(*steps, goal="find-phone", outcome="not-found"))
    assert found.title == "1 link led nowhere" and "and 1 other page" in found.detail and found.steps == [0, 1]
    signup = judge("dead-end-link", journey(*steps, goal="sign-up", outcome="not-found"))
    assert signup.title == "1 link led nowhere" and "“Choose plan”" in signup.detail


def test_stubs_with_words_that_promise_nothing_pass() -> None:
    home = page("/", links=[link("Learn more", "#"), link("Call to action", "#!"), link("Contact", "/contact")])
    assert verdict("dead-end-link", journey(step("goto", "/", home), goal="find-phone")) is True


def test_every_link_on_a_page_going_nowhere_is_a_trap_whatever_they_say() -> None:
    """A hidden menu button for small screens among them opens no submenu."""
    toggle = Link(tag="button", name="Toggle navigation", visible=False, expanded=False)
    home = page("/", links=[link("Home", "#!"), toggle, link("Services", "#!"), link("Call to action", "#!")])
    found = judge("dead-end-link", journey(step("goto", "/", home), goal="sign-up", outcome="absent"))
    assert not found.passed and found.title == "3 links led nowhere"


def test_links_a_script_answers_are_not_dead_ends() -> None:
    """Menu toggles, tabs and openers of hidden links use "#" on purpose; a chat widget opens from a stub."""
    links = [link("Contact", "#", role="button"), link("Support", "#", expanded=False),
             link("Help", "#", fid="7"), link("Phone and e-mail", "/contact", visible=False, opener="7"),
             link("Chat with us", "javascript:void(0)"), link("Register", "#"),
             link("Register v1", "/register-v1", visible=False), link("Home", "/")]
    home = page("/", links=links)
    chat = Channel(kind="chat", url=SITE + "/", step=0)
    evidence = journey(step("goto", "/", home), goal="reach-support", channels=[chat])
    assert verdict("dead-end-link", evidence) is True


def test_a_stub_a_click_showed_to_work_passes() -> None:
    home = page("/", links=[link("Contact us", "#"), link("Home", "/")])
    opened = page("/", links=home.links, overlays=[{"text": "Write to us", "cover": 0.5, "modal": True}])
    steps = [step("goto", "/", home), step("click", 'link "Contact us"', opened)]
    assert verdict("dead-end-link", journey(*steps, goal="reach-support")) is True


def test_links_that_lead_somewhere_pass() -> None:
    home = page("/", links=[link("Home", "/"), link("FAQ", "#faq")])
    anchored = home.model_copy(update={"url": SITE + "/#faq"})
    steps = [step("goto", "/", home), step("click", 'link "Home"', home), step("click", 'link "FAQ"', anchored),
             step("click", 'link "Contact us"', page("/contact"))]
    assert verdict("dead-end-link", journey(*steps)) is True


def test_dead_end_needs_a_page_or_a_click() -> None:
    assert verdict("dead-end-link", journey(step("goto", "/"))) is None
    assert verdict("dead-end-link", journey(step("goto", "/", page("/")))) is True


COOKIE_WALL = {"text": "We value your privacy. Accept all", "cover": 1.0, "modal": True, "buttons": []}
COOKIE_BAR = {"text": "We use cookies. OK", "cover": 0.1, "modal": False, "buttons": []}


def test_modal_on_arrival_obstructs() -> None:
    steps = [step("goto", "/", page("/", overlays=[COOKIE_WALL])), step("dismiss", "Accept all", page("/"))]
    found = judge("overlay-obstruction", journey(*steps))
    assert not found.passed and found.severity == "minor" and found.title == "1 pop-up covered the page on the way"
    assert "We value your privacy" in found.detail


def test_blocked_click_is_major() -> None:
    blocked = step("click", 'link "Contact"', page("/"), ok=False,
                   error='locator.click: <div class="modal"> intercepts pointer events')
    assert judge("overlay-obstruction", journey(step("goto", "/", page("/")), blocked)).severity == "major"


def test_a_small_consent_bar_marked_modal_is_not_in_the_way() -> None:
    bar = {**COOKIE_BAR, "modal": True}
    assert verdict("overlay-obstruction", journey(step("goto", "/", page("/", overlays=[bar])))) is True


def test_small_banner_or_a_dialog_the_customer_opened_passes() -> None:
    menu = {"text": "Products Services", "cover": 0.6, "modal": True, "buttons": []}
    steps = [step("goto", "/", page("/", overlays=[COOKIE_BAR])), step("open-menu", "Menu", page("/", overlays=[menu]))]
    assert verdict("overlay-obstruction", journey(*steps)) is True


def test_an_overlay_nobody_had_to_close_is_not_in_the_way() -> None:
    """A loading screen that fades by itself, a sticky panel, or a dialog the journey never had to answer."""
    loader = {"text": "", "cover": 1.0, "modal": False, "buttons": []}
    sidebar = {"text": "Dashboard Widgets Charts", "cover": 0.35, "modal": False,
               "buttons": [{"fid": "3", "text": "Dashboard"}]}
    steps = [step("goto", "/", page("/", overlays=[loader, sidebar])),
             step("click", 'link "Contact"', page("/contact"))]
    assert verdict("overlay-obstruction", journey(*steps)) is True


def test_an_overlay_answered_by_a_click_on_its_button_obstructs() -> None:
    wall = {**COOKIE_WALL, "buttons": [{"fid": "9", "text": "Accept all"}]}
    steps = [step("goto", "/", page("/", overlays=[wall])), step("click", 'button "Accept all"', page("/"))]
    assert verdict("overlay-obstruction", journey(*steps, kind="scripted")) is False


def test_overlays_need_page_facts() -> None:
    assert verdict("overlay-obstruction", journey(step("goto", "/"))) is None


# --- technical ---------------------------------------------------------------------------------

def test_http_error_page() -> None:
    steps = [step("goto", "/", page("/")), step("click", 'link "Help"', page("/help", status=404), status=404)]
    found = judge("broken-link", journey(*steps))
    assert not found.passed and found.title == "1 page on the path answered with an HTTP error" and found.steps == [1]


def test_a_broken_page_about_the_company_is_on_every_customers_way() -> None:
    """Customers open About, Privacy and Terms whatever they came for; the navigator's other wanderings are its own."""
    home = page("/", links=[link("About us", "/about-us"), link("Page tools", "/tools")])
    steps = [step("goto", "/", home), step("click", 'link "Page tools"', page("/tools", status=404), status=404),
             step("back", "/", home, backtrack=True),
             step("click", 'link "Privacy policy"', page("/privacy", status=404), status=404)]
    found = judge("broken-link", journey(*steps, outcome="not-found"))
    assert not found.passed and found.steps == [3] and "/privacy" in found.detail and "/tools" not in found.detail
    assert verdict("broken-link", journey(*steps[:3], outcome="not-found")) is True


def test_a_page_that_never_answered_is_not_a_broken_link() -> None:
    """An off-site guide whose host does not resolve ended the journey; no server answered with an error."""
    said = "the browser could not load the page behind “Help”: net::ERR_NAME_NOT_RESOLVED"
    unresolved = step("click", 'link "Help"', None, ok=False, error="net::ERR_NAME_NOT_RESOLVED")
    steps = [step("goto", "/", page("/")), unresolved]
    evidence = journey(*steps, outcome="failed", reason="http-error", reason_detail=said)
    assert verdict("broken-link", evidence) is True


def test_failed_navigation_request() -> None:
    failed = {"url": SITE + "/signup", "status": 500, "navigation": True}
    assert verdict("broken-link", journey(step("goto", "/", page("/"), failed_requests=[failed]))) is False


def test_a_missing_image_is_not_a_broken_page() -> None:
    failed = {"url": SITE + "/logo.png", "status": 404, "navigation": False}
    assert verdict("broken-link", journey(step("goto", "/", page("/"), failed_requests=[failed]))) is True
    assert verdict("broken-link", journey()) is None


def test_javascript_errors_count_once_each() -> None:
    steps = [step("goto", "/", page("/"), page_errors=["TypeError: x is undefined"]),
             step("click", "Next", page("/next"), page_errors=["TypeError: x is undefined"])]
    found = judge("js-errors-on-path", journey(*steps))
    assert not found.passed and found.title == "1 JavaScript error on the path" and found.steps == [0, 1]
    assert verdict("js-errors-on-path", journey(step("goto", "/", page("/")))) is True
    assert verdict("js-errors-on-path", journey()) is None


def test_slow_step() -> None:
    steps = [step("goto", "/", page("/"), ms=7200), step("click", "Next", page("/n"), ms=400)]
    found = judge("slow-step", journey(*steps))
    assert not found.passed and found.title == "1 step took longer than 5 s" and "7.2 s" in found.detail


def test_waits_the_script_chose_are_not_slow() -> None:
    steps = [step("goto", "/", page("/"), ms=300), step("wait_for", "6000 ms", ms=6000),
             step("expect", "Thanks", ok=False, ms=5100)]
    found = judge("slow-step", journey(*steps))
    assert found.passed and found.title == "Every step answered within 5 s"
    assert verdict("slow-step", journey()) is None


# --- the journey's verdict counts as evidence ------------------------------------------------

@pytest.mark.parametrize(("id", "reason", "detail"), [
    ("silent-form-failure", "silent-error", "the form was sent and nothing changed"),
    ("broken-link", "http-error", "step 2 led to HTTP 500"),
    ("redirect-loop", "loop", "the sign-up link redirects in a circle"),
    ("form-loop", "loop", "the account form keeps coming back"),
    ("dead-end-link", "dead-end", "no link on the page goes anywhere"),
])
def test_a_verdict_blaming_the_friction_fails_its_detector(id: str, reason: str, detail: str) -> None:
    evidence = journey(*home_then(), goal="sign-up", outcome="failed", reason=reason, reason_detail=detail,
                       kind="scripted")
    found = judge(id, evidence)
    assert not found.passed and found.detail == detail
    assert "?" not in found.title and "{" not in found.title


def test_a_gated_journeys_form_is_the_gates() -> None:
    evidence = signup_with(*[f"Field {i}" for i in range(10)])
    evidence.outcome, evidence.reason = "gated", "address"
    assert verdict("excess-required-fields", evidence) is None


def test_a_click_that_failed_waited_on_our_timeout() -> None:
    steps = [step("goto", "/", page("/"), ms=300), step("click", "Old help", page("/"), ok=False, ms=5003),
             step("goto", "/slow", None, ok=False, ms=15000, error="Timeout 15000ms exceeded")]
    assert judge("slow-step", journey(*steps)).steps == [2]


# --- running them all --------------------------------------------------------------------------

def test_no_title_is_left_with_a_blank() -> None:
    evidence = sent(contact(), phones=[phone()], channels=[chat()])
    for finding in run_detectors(evidence):
        assert "?" not in finding.title and "{" not in finding.title, finding


@pytest.fixture
def extra_detector(monkeypatch: pytest.MonkeyPatch) -> Callable[[str, Any], None]:
    """Register a detector for one test only."""

    def add(id: str, check: Any) -> None:
        found = Detector(id, "ok", "not ok", "Why it matters.", "test", "minor", check)
        monkeypatch.setitem(DETECTORS._items, id, found)

    return add


def test_a_detector_that_raises_becomes_an_error_finding(extra_detector: Callable[[str, Any], None]) -> None:
    def broken(evidence: JourneyEvidence) -> Check:
        raise RuntimeError("boom")

    extra_detector("zz-broken", broken)
    findings = {f.id: f for f in run_detectors(journey(*home_then()))}
    assert findings["zz-broken"].error and "RuntimeError: boom" in findings["zz-broken"].detail
    assert "phone-not-found" in findings, "the run went on"


class FakeEntryPoint:
    def __init__(self, name: str, value: object) -> None:
        self.name, self.value = name, value

    def load(self) -> object:
        return self.value


def test_plugins_load_through_the_entry_point_group(monkeypatch: pytest.MonkeyPatch) -> None:
    plugin = Detector("zz-plugin", "Plugin passed", "Plugin failed", "Plugins matter.", "test", "info",
                      lambda evidence: Check(False))
    points = [FakeEntryPoint("zz-plugin", plugin), FakeEntryPoint("zz-not-a-detector", object())]
    seen_groups = []

    def entry_points(group: str) -> list[FakeEntryPoint]:
        seen_groups.append(group)
        return points

    monkeypatch.setattr(registry, "entry_points", entry_points)
    monkeypatch.setattr(DETECTORS, "_items", dict(DETECTORS._items))
    monkeypatch.setattr(DETECTORS, "_plugins_loaded", False)
    findings = {f.id: f for f in run_detectors(journey(*home_then()))}
    assert seen_groups == ["friction.detectors"]
    assert findings["zz-plugin"].title == "Plugin failed" and not findings["zz-plugin"].error
    assert findings["zz-not-a-detector"].error


# --- saved evidence, as the browser recorded it ------------------------------------------------

def saved_cases() -> list[Path]:
    return sorted(SAVED.glob("*.json"))


@pytest.mark.parametrize("path", saved_cases(), ids=lambda p: p.stem)
def test_saved_evidence(path: Path) -> None:
    """Each file holds one journey's evidence and the findings a careful auditor expects of it."""
    saved = json.loads(path.read_text(encoding="utf-8"))
    findings = run_detectors(JourneyEvidence.model_validate(saved["evidence"]))
    assert not [f for f in findings if f.error]
    assert sorted(f.id for f in findings if not f.passed) == sorted(saved["expect"]["fail"])
    assert sorted(f.id for f in findings if f.passed) == sorted(saved["expect"]["pass"])


def test_a_plugin_that_fails_to_import_is_skipped_with_a_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from audits import registry

    class Broken:
        name, value = "broken", "nowhere.module:thing"

        def load(self) -> object:
            raise ImportError("No module named 'nowhere'")

    monkeypatch.setattr(registry, "entry_points", lambda group: [Broken()])
    table: registry.Registry[object] = registry.Registry("detector", "friction.detectors")
    assert table.names() == []
    assert "skipped detector plugin 'broken' (nowhere.module:thing)" in capsys.readouterr().err
