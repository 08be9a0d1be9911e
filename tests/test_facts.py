"""Page readings without a browser: phones, not-phones, channels, forms and gates from page facts."""

from __future__ import annotations

from audits.facts.channels import channels_on
from audits.facts.forms import purpose
from audits.facts.gates import gates_on
from audits.facts.phones import phones_on
from audits.journeys.scent import is_menu_toggle, score
from audits.model import FormFacts, FormField, Link, PageFacts


def page(text: str = "", links: list[Link] | None = None, forms: list[FormFacts] | None = None,
         **extra: object) -> PageFacts:
    return PageFacts(url="http://127.0.0.1/p", title="Page", text=text, links=links or [], forms=forms or [],
                     **extra)


def test_text_phone_with_context_and_tel_link() -> None:
    facts = page(
        "Customer care\nCall us on 1-800-555-0142, 8am to 8pm\nSales: (212) 555-0147",
        [Link(fid="1", text="1-800-555-0142", href="tel:+18005550142")],
    )
    phones = {p.e164: p for p in phones_on(facts)}
    assert phones["+18005550142"].tel_link and phones["+18005550142"].context == "support"
    assert not phones["+12125550147"].tel_link and phones["+12125550147"].context == "sales"


def test_numbers_that_are_not_phones_are_ignored() -> None:
    text = ("Order #2125550147 shipped. Account 8005550199. Plans from $1,299.00 a year. "
            "Open since 1987, 2026-11-23. Springfield, IL 62704. Fax: 1-800-555-0100")
    assert phones_on(page(text)) == []


def test_call_to_order_is_a_phone_and_hidden_tel_links_are_not() -> None:
    facts = page("Call us to order: 1-877-555-0128",
                 [Link(fid="1", text="Call", href="tel:+18885550162", visible=False)])
    assert [p.e164 for p in phones_on(facts)] == ["+18775550128"]


def test_phone_only_in_an_image() -> None:
    facts = page("Welcome", images=[{"src": "/phone.png", "alt": "Call 1-877-555-0128"}])
    (phone,) = phones_on(facts)
    assert phone.in_image and phone.e164 == "+18775550128"


def test_contact_form_with_order_number_is_a_gated_channel() -> None:
    form = FormFacts(fields=[
        FormField(label="Email", type="email", required=True),
        FormField(label="Order number", required=True),
        FormField(tag="textarea", type="textarea", label="Message", required=True),
    ], submit_label="Send")
    facts = page(forms=[form])
    assert purpose(form) == "contact"
    (channel,) = [c for c in channels_on(facts, []) if c.kind == "form"]
    assert not channel.usable_by_new_customer
    assert [g.kind for g in gates_on(facts)] == ["account-number"]


def test_login_signup_and_bot_chat() -> None:
    login = FormFacts(fields=[FormField(label="Username"), FormField(label="Password", type="password")],
                      submit_label="Sign in")
    signup = FormFacts(fields=[FormField(label="Email", type="email"),
                               FormField(label="Create a password", type="password")], submit_label="Join")
    assert purpose(login) == "login" and purpose(signup) == "signup"
    wall = page("Sign in", forms=[login], headings=["Sign in to your account"])
    assert [g.kind for g in gates_on(wall)] == ["login"]
    bot = Link(fid="9", tag="button", text="Ask Cassie", name="Ask Cassie",
               controls="Cassie, our virtual assistant")
    (chat,) = [c for c in channels_on(page(links=[bot]), []) if "chat" in c.kind]
    assert chat.kind == "chatbot"
    assert not is_menu_toggle(bot.model_copy(update={"expanded": False}))


def test_app_only_and_existing_customers_wording() -> None:
    store = Link(fid="1", text="App Store", href="https://apps.apple.com/app/x")
    facts = page("Open an account in minutes: download our app. Online ordering is available to existing "
                 "customers.", [store])
    assert {g.kind for g in gates_on(facts)} == {"app-only", "existing-customers-only"}


def test_scent_prefers_the_goal_and_discounts_sign_in() -> None:
    contact = Link(text="Contact us", name="Contact us", href="/contact", region="footer")
    careers = Link(text="Careers", name="Careers", href="/careers", region="footer")
    sign_in = Link(text="Sign in", name="Sign in", href="/login", region="header")
    join = Link(text="Join now", name="Join now", href="/signup", region="main")
    assert score(contact, "find-phone") > 0.7 > score(careers, "find-phone")
    assert score(join, "sign-up") > 0.8 > 0.3 > score(sign_in, "sign-up")
    assert is_menu_toggle(Link(tag="button", name="Menu", expanded=False))


def test_scope_refuses_private_networks_unless_the_start_is_private() -> None:
    from audits.journeys.scope import Scope

    public = Scope("https://www.example.com/", ["help.example.com"])
    assert public.allows("https://www.example.com/contact") and public.allows("https://help.example.com/")
    assert not public.allows("http://169.254.169.254/latest/meta-data/")
    assert not public.may_adopt("http://10.0.0.5/admin") and not public.may_adopt("https://twitter.com/x")
    assert public.may_adopt("https://example.zendesk.com/hc")
    local = Scope("http://127.0.0.1:8101/", [])
    assert local.may_adopt("http://localhost:8115/contact")


def test_a_sign_up_that_sends_the_password_later_is_a_sign_up() -> None:
    from audits.facts.forms import purpose
    from audits.model import FormFacts, FormField

    register = FormFacts(submit_label="Register", heading="Register For This Site", fields=[
        FormField(name="user_login", label="Username"), FormField(name="user_email", type="email", label="Email")])
    newsletter = FormFacts(submit_label="Sign up", heading="Get our newsletter",
                           fields=[FormField(name="email", type="email", label="Email")])
    search = FormFacts(submit_label="Go", fields=[FormField(name="q", type="search", label="Search")])
    assert purpose(register) == "signup"
    assert purpose(newsletter) == "newsletter"
    assert purpose(search) == "search"


def test_a_comment_form_under_an_article_is_no_way_to_reach_the_company() -> None:
    from audits.facts.forms import purpose
    from audits.model import FormFacts, FormField

    email = FormField(name="email", type="email", label="Email")
    comment = FormFacts(heading="Leave a Reply", submit_label="Post Comment",
                        fields=[FormField(name="comment", type="textarea", label="Comment"), email])
    contact = FormFacts(heading="Contact us", submit_label="Send",
                        fields=[FormField(name="message", type="textarea", label="Message"), email])
    assert (purpose(comment), purpose(contact)) == ("comment", "contact")
