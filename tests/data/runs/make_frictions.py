# ruff: noqa: E501  (mock page markup reads better unwrapped)
"""Make tests/data/runs/frictions: hand-built evidence covering every outcome, with mock screenshots.

The journeys are made up (two fictional companies, Acme Mobile and Pocket Bank); the screenshots
are of small mock pages rendered by Chromium at half scale, each with the acted-on element's box
recorded as the navigator records it (viewport CSS pixels). Some strings carry HTML on purpose,
to prove the reports escape what a site says.

    .venv/bin/python tests/data/runs/make_frictions.py

Then regenerate the goldens: FRICTION_UPDATE_GOLDENS=1 .venv/bin/pytest tests/golden
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

from audits.gather.browser import launch

OUT = Path(__file__).parent / "frictions"
ACME = "http://127.0.0.1:8123"
POCKET = "http://127.0.0.1:8124"
STARTED = "2026-11-23T10:00:00Z"

CSS = """
* { box-sizing: border-box; } body { margin: 0; font: 16px/1.5 Arial, sans-serif; color: #222; }
header { display: flex; align-items: center; gap: 28px; padding: 18px 48px; background: #5b1fa6; color: #fff; }
header .logo { font-weight: 700; font-size: 24px; margin-right: 20px; }
header nav { display: flex; gap: 24px; } header a { color: #fff; text-decoration: none; } header .cta { margin-left: auto; background: #ffcc00; color: #222;
  padding: 10px 20px; border-radius: 22px; font-weight: 700; }
main { padding: 36px 48px; } h1 { font-size: 38px; margin: 0 0 16px; }
.tiles { display: grid; grid-template-columns: repeat(3, 1fr); gap: 20px; }
.tile { border: 1px solid #ddd; border-radius: 10px; padding: 22px; font-weight: 700; color: #5b1fa6; }
.banner { position: fixed; left: 0; right: 0; bottom: 0; background: #111; color: #eee; padding: 26px 48px;
  display: flex; align-items: center; gap: 24px; }
.banner button { background: #ffcc00; border: 0; padding: 12px 26px; font-size: 16px; border-radius: 6px; }
footer { background: #f1f1f4; padding: 26px 48px; font-size: 14px; color: #555; }
input, textarea { display: block; width: 420px; padding: 10px; margin: 4px 0 14px; font-size: 16px; }
.btn { display: inline-block; background: #5b1fa6; color: #fff; padding: 10px 24px; border-radius: 6px; border: 0;
  font-size: 16px; }
.feedback button { margin-left: 10px; padding: 6px 18px; }
.chat { position: fixed; right: 20px; bottom: 20px; background: #5b1fa6; color: #fff; padding: 14px 18px;
  border-radius: 26px; font-weight: 700; }
.menu { position: fixed; top: 64px; left: 0; right: 0; background: #fff; border-bottom: 1px solid #ccc; }
.menu a { display: block; padding: 14px 20px; border-top: 1px solid #eee; color: #222; text-decoration: none; }
@media (max-width: 500px) { header { padding: 14px 16px; gap: 10px; } header nav { display: none; }
  header .logo { font-size: 20px; } header .cta { padding: 8px 14px; } main { padding: 20px 16px; }
  h1 { font-size: 28px; } .tiles { grid-template-columns: 1fr; } footer { padding: 16px; }
  input, textarea { width: 100%; } }
"""


def acme_page(title: str, body: str, extra: str = "", brand: str = "acme mobile") -> str:
    nav = ('<nav><a href="#">Phones</a><a id="plans" href="#">Plans</a>'
           '<a href="#">Deals</a><a id="help" href="#">Help</a></nav>')
    return ('<!doctype html><html><head><meta name="viewport" content="width=device-width">'
            f"<title>{title}</title><style>{CSS}</style></head><body>"
            f'<header><span id="menu" class="logo">☰ {brand}</span>{nav}<a class="cta" id="start" href="#">Get started</a>'
            f"</header><main>{body}</main>{extra}</body></html>")


HOME = acme_page("Acme Mobile", """
<h1>Unlimited data, no surprises.</h1><p>Switch to Acme and keep your number.</p>
<div class="tiles"><div class="tile">Phones from $0 down</div><div class="tile">Unlimited from $35</div>
<div class="tile">Bring your own phone</div></div>""")
COOKIES = '<div class="banner"><span>We use cookies to improve your experience.</span><button id="accept">Accept all</button></div>'
HELP = acme_page("Help | Acme Mobile", """
<h1>How can we help?</h1><div class="tiles"><a class="tile" id="billing">Billing &amp; payments</a>
<div class="tile">Your account</div><div class="tile">Network &amp; coverage</div><div class="tile">Phones &amp; devices</div>
<div class="tile">Moving to Acme</div><div class="tile">International</div></div>""")
BILLING = acme_page("Billing and payments | Acme Mobile", """
<h1>Understanding your bill</h1><p>Your bill arrives on the same day each month. You can pay online, in the app or
by autopay. Late payments may incur a fee.</p>
<p class="feedback">Did this answer your question? <button>Yes</button><button id="no">No</button></p>""")
BILLING_FOOTER = acme_page("Billing and payments | Acme Mobile", """
<h1>Understanding your bill</h1><p>Your bill arrives on the same day each month.</p>""",
    '<footer style="position:fixed;bottom:0;left:0;right:0">Billing questions? Call <span id="phone">'
    "1-800-555-0100</span>, Mon-Fri 8am-6pm. © Acme Mobile</footer>")
GET_STARTED = acme_page("Get started | Acme Mobile", """
<h1>Let's get you started</h1><p>To get started, enter your 10-digit Acme account number.</p>
<label>Account number<input id="account" placeholder="0000000000"></label><button class="btn">Continue</button>""")
PLANS = acme_page("Plans | Acme Mobile", """
<h1>Pick a plan</h1><div class="tiles"><div class="tile">Essentials $25<br><button class="btn">Get started</button></div>
<div class="tile">Unlimited $35<br><button class="btn" id="unlimited">Get started</button></div>
<div class="tile">Premium $55<br><button class="btn">Get started</button></div></div>""")
MOBILE_HOME = acme_page("Acme Mobile", """
<h1>Unlimited data, no surprises.</h1><div class="tiles"><div class="tile">Phones from $0 down</div>
<div class="tile">Unlimited from $35</div></div>""")
MOBILE_MENU = acme_page("Acme Mobile", "<h1>Unlimited data, no surprises.</h1>",
                        '<div class="menu"><a>Phones</a><a>Plans</a><a id="support">Support</a><a>Log in</a></div>')
SUPPORT = acme_page("Support | Acme Mobile", """
<h1>Support</h1><div class="tiles"><div class="tile">Pay my bill</div><div class="tile">Track my order</div>
<a class="tile" id="contact">Contact us</a></div>""")
CHAT_ONLY = acme_page("Contact us | Acme Mobile", """
<h1>Contact us</h1><p>The fastest way to get help is our 24/7 chat.</p>
<p><a class="btn" href="#">Message us (log in required)</a></p>""", '<div class="chat" id="chat">💬 Chat with us</div>')
CONTACT_FORM = acme_page("Contact us | Acme Mobile", """
<h1>Send us a message</h1><label>Name<input value=""></label><label>Email<input value=""></label>
<label>Message<textarea rows="3"></textarea></label><button class="btn" id="send">Send</button>""")
POCKET_HOME = acme_page("Pocket Bank", """<h1>Banking that fits in your pocket.</h1>
<p>Open an account in five minutes.</p>""", brand="pocket bank")

# (file stem, html, highlighted selector or None, mobile?)
SHOTS: dict[str, tuple[str, str | None, bool]] = {
    "fp-0": (HOME.replace("</body>", COOKIES + "</body>"), None, False),
    "fp-1": (HOME.replace("</body>", COOKIES + "</body>"), "#accept", False),
    "fp-2": (HOME, "#help", False),
    "fp-3": (HELP, "#billing", False),
    "fp-4": (BILLING, "#no", False),
    "fp-6": (BILLING_FOOTER, "#phone", False),
    "su-1": (HOME, "#start", False),
    "su-2": (GET_STARTED, "#account", False),
    "su-3": (HOME, "#plans", False),
    "su-4": (PLANS, "#unlimited", False),
    "su-5": (GET_STARTED, "#account", False),
    "rs-0": (MOBILE_HOME, None, True),
    "rs-1": (MOBILE_HOME, "#menu", True),
    "rs-2": (MOBILE_MENU, "#support", True),
    "rs-3": (SUPPORT, "#contact", True),
    "rs-4": (CHAT_ONLY, "#chat", True),
    "cf-0": (CONTACT_FORM, None, False),
    "cf-4": (CONTACT_FORM, "#send", False),
    "pb-0": (POCKET_HOME, None, False),
}


def shoot(page: Page, stem: str, html: str, highlight: str | None) -> tuple[str, dict[str, float] | None]:
    page.set_content(html)
    box = None
    if highlight:
        found = page.locator(highlight).first.bounding_box()
        assert found, highlight
        box = {k: round(found[k], 1) for k in ("x", "y", "width", "height")}
    relative = f"screens/{stem}.jpg"
    page.screenshot(path=str(OUT / relative), type="jpeg", quality=55)
    return relative, box


def step(index: int, action: str, target: str | None, url: str, title: str, ms: int = 400,
         shot: tuple[str, dict[str, float] | None] | None = None, **extra: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"index": index, "action": action, "target": target, "url": url, "title": title,
                              "ok": True, "ms": ms, "status": 200}
    if shot:
        record["screenshot"], record["shot_box"] = shot
    record.update(extra)
    return record


def journey(**fields: Any) -> dict[str, Any]:
    base = {"persona": "new-desktop", "persona_kind": "new-customer", "device": "desktop", "kind": "goal",
            "site": "acme-mobile", "start_url": ACME + "/", "region": "US", "started_at": STARTED,
            "budget": {"clicks": 8, "pages": 25, "seconds": 90}}
    return {**base, **fields}


def build(shots: dict[str, tuple[str, dict[str, float] | None]]) -> dict[str, Any]:
    home, help_, billing = ACME + "/", ACME + "/help", ACME + "/help/billing"
    feedback = billing + "/feedback"
    find_phone = journey(
        id="find-phone", goal="find-phone", wall_seconds=9.6, outcome="reached",
        reason_detail="a phone number is on the billing page", target_url=billing,
        steps=[
            step(0, "goto", "/", home, "Acme Mobile", 820, shots["fp-0"]),
            step(1, "dismiss", 'button "Accept all"', home, "Acme Mobile", 150, shots["fp-1"],
                 note="cookie banner"),
            step(2, "click", 'link "Help"', home, "Acme Mobile", 610, shots["fp-2"]),
            step(3, "click", 'link "Billing & payments"', help_, "Help | Acme Mobile", 540, shots["fp-3"]),
            step(4, "click", 'button "Did this answer your question? No"', billing,
                 "Billing and payments | Acme Mobile", 700, shots["fp-4"]),
            step(5, "back", None, feedback, "Sorry about that | Acme Mobile", 380, backtrack=True,
                 note="a 'more articles' page with no contact details"),
            step(6, "expect", 'text "1-800-555-0100"', billing, "Billing and payments | Acme Mobile", 30,
                 shots["fp-6"]),
        ],
        phones=[{"e164": "+18005550100", "display": "1-800-555-0100", "url": billing, "tel_link": False,
                 "context": "billing", "in_image": False, "step": 6, "region": "footer"}],
        channels=[{"kind": "help-centre", "url": help_, "usable_by_new_customer": True, "label": "Help", "step": 3}],
    )
    start = ACME + "/get-started"
    sign_up = journey(
        id="sign-up", goal="sign-up", wall_seconds=7.1, outcome="gated", reason="account-number",
        reason_detail="every 'Get started' path asks for an existing account number", target_url=start + "?plan=unlimited",
        steps=[
            step(0, "goto", "/", home, "Acme Mobile", 790),
            step(1, "click", 'link "Get started"', home, "Acme Mobile", 520, shots["su-1"]),
            step(2, "back", None, start, "Get started | Acme Mobile", 300, shots["su-2"], backtrack=True),
            step(3, "click", 'link "Plans"', home, "Acme Mobile", 480, shots["su-3"]),
            step(4, "click", 'button "Get started"', ACME + "/plans", "Plans | Acme Mobile", 610, shots["su-4"]),
            step(5, "expect", 'label "Account number"', start + "?plan=unlimited", "Get started | Acme Mobile", 20,
                 shots["su-5"]),
        ],
        gates=[{"kind": "account-number", "url": start, "step": 2,
                "evidence": "To get started, enter your 10-digit Acme account number."},
               {"kind": "account-number", "url": start + "?plan=unlimited", "step": 5,
                "evidence": "To get started, enter your 10-digit Acme account number."}],
        required_fields=1,
    )
    support, contact = ACME + "/support", ACME + "/support/contact"
    reach_support = journey(
        id="reach-support", goal="reach-support", persona="new-mobile", device="mobile", wall_seconds=8.4,
        outcome="deflected", reason="chat-only", target_url=contact,
        steps=[
            step(0, "goto", "/", home, "Acme Mobile", 900, shots["rs-0"]),
            step(1, "open-menu", 'button "Menu"', home, "Acme Mobile", 260, shots["rs-1"]),
            step(2, "click", 'link "Support"', home, "Acme Mobile", 640, shots["rs-2"]),
            step(3, "click", 'link "Contact us"', support, "Support | Acme Mobile", 590, shots["rs-3"]),
            step(4, "expect", 'button "Chat with us"', contact, "Contact us | Acme Mobile", 40, shots["rs-4"],
                 page_errors=["TypeError: Cannot read properties of undefined (reading '<script>alert(1)</script>')"]),
        ],
        channels=[
            {"kind": "chat", "url": contact, "usable_by_new_customer": True, "label": "Chat with us 24/7",
             "vendor": "LivePerson", "step": 4},
            {"kind": "form", "url": contact, "usable_by_new_customer": False, "label": "Message us (log in required)",
             "step": 4},
            {"kind": "help-centre", "url": support, "usable_by_new_customer": True, "label": "Support", "step": 3},
        ],
    )
    form = ACME + "/contact"
    xss_title = 'Contact us <script>alert("xss")</script> | Acme Mobile'
    contact_form = journey(
        id="contact-form", goal="reach-support", kind="scripted", wall_seconds=11.2, outcome="failed",
        reason="silent-error", target_url=form,
        reason_detail="pressed Send on the contact form: no confirmation, no error, the form just emptied",
        steps=[
            step(0, "goto", "/contact", form, xss_title, 700, shots["cf-0"]),
            step(1, "fill", 'label "Name"', form, xss_title, 40, fields_filled=1, keystrokes=9),
            step(2, "fill", 'label "Email"', form, xss_title, 35, fields_filled=1, keystrokes=17),
            step(3, "fill", 'label "Message"', form, xss_title, 60, fields_filled=1, keystrokes=42),
            step(4, "submit", 'button "Send"', form, xss_title, 7400, shots["cf-4"]),
            {**step(5, "expect", 'text "Thanks"', form, xss_title, 5000), "ok": False,
             "error": 'expect: text "Thanks" not on the page within 5 s'},
        ],
        channels=[{"kind": "form", "url": form, "usable_by_new_customer": True, "label": "Send us a message",
                   "step": 0}],
        required_fields=3,
    )
    path = ["Help", "Your account", "Manage my account", "Billing", "Payments", "More help", "Still need help?"]
    deep = [step(0, "goto", "/", home, "Acme Mobile", 880, shots["rs-0"]),
            step(1, "open-menu", 'button "Menu"', home, "Acme Mobile", 240)]
    url, title = home, "Acme Mobile"
    for i, name in enumerate(path, start=2):
        deep.append(step(i, "click", f'link "{name}"', url, title, 500))
        url, title = ACME + "/help/" + name.lower().replace(" ", "-").rstrip("?"), f"{name} | Acme Mobile"
    deep.append(step(9, "back", None, url, title, 300, backtrack=True))
    not_found = journey(
        id="find-phone", goal="find-phone", persona="new-mobile", device="mobile", wall_seconds=24.5,
        outcome="not-found", reason="budget-spent",
        reason_detail="spent the 8-click budget in the help centre without seeing a number", steps=deep,
        coverage={"pages_seen": 11, "pages_known": 64, "complete": False},
    )
    pocket = POCKET + "/"
    absent = journey(
        id="find-phone", goal="find-phone", site="pocket-bank", start_url=pocket, wall_seconds=31.0,
        outcome="absent", reason="not-on-site",
        steps=[
            step(0, "goto", "/", pocket, "Pocket Bank", 650, shots["pb-0"]),
            step(1, "click", 'link "Help"', pocket, "Pocket Bank", 420),
            step(2, "click", 'link "Contact"', POCKET + "/help", "Help | Pocket Bank", 380),
        ],
        coverage={"pages_seen": 23, "pages_known": 23, "complete": True, "sitemap": True},
        channels=[{"kind": "form", "url": POCKET + "/contact", "usable_by_new_customer": True, "step": 2},
                  {"kind": "email", "url": "mailto:help@pocketbank.example", "label": "help@pocketbank.example",
                   "step": 2}],
    )
    return {
        "schema_version": 1, "tool_version": "0.1.0", "suite": "Friction fixtures",
        "source": "tests/data/runs/make_frictions.py", "started_at": STARTED, "assertions": {},
        "sites": [{"id": "acme-mobile", "name": "Acme Mobile", "start_url": ACME + "/"},
                  {"id": "pocket-bank", "name": "Pocket Bank", "start_url": pocket}],
        "journeys": [find_phone, sign_up, reach_support, contact_form, not_found, absent],
    }


def main() -> None:
    shutil.rmtree(OUT / "screens", ignore_errors=True)
    (OUT / "screens").mkdir(parents=True)
    shots: dict[str, tuple[str, dict[str, float] | None]] = {}
    with launch() as browser:
        desktop = browser.new_context(viewport={"width": 1366, "height": 768}, device_scale_factor=0.5)
        mobile = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=0.5)
        pages = {False: desktop.new_page(), True: mobile.new_page()}
        for stem, (html, highlight, is_mobile) in SHOTS.items():
            shots[stem] = shoot(pages[is_mobile], stem, html, highlight)
    (OUT / "evidence.json").write_text(json.dumps(build(shots), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
