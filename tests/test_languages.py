"""Pages in other languages, without a browser: scent, overlays, forms, gates and channels read in the page's
language beside English, and chats known by what they are."""

from __future__ import annotations

import random
from typing import Any

import pytest

from audits.facts import first_phrase, has_phrase, language_of, languages, lexicon, mentions
from audits.facts.channels import channels_on, is_human, vendor_of
from audits.facts.forms import gate_fields, purpose
from audits.facts.gates import gates_on
from audits.journeys.overlays import blocking, dismiss_button
from audits.journeys.scent import is_menu_toggle, score
from audits.model import Channel, FormFacts, FormField, Gate, Link, PageFacts, Phone

STRONG = 0.5


def page(text: str = "", lang: str = "", **extra: Any) -> PageFacts:
    return PageFacts(url="https://www.example.com/p", title="Page", text=text, lang=lang, **extra)


def link(text: str, href: str = "/x", region: str = "footer") -> Link:
    return Link(text=text, name=text, href=href, region=region)


CONTACT = {
    "de": ["Kontakt", "Kundenservice", "Hilfe & Kontakt"],
    "fr": ["Nous contacter", "Contactez-nous", "Service client"],
    "es": ["Contacto", "Atención al cliente"],
    "it": ["Contatti", "Assistenza clienti"],
    "nl": ["Klantenservice", "Neem contact op"],
    "pt": ["Fale conosco", "Apoio ao cliente"],
    "sv": ["Kontakta oss", "Kundtjänst"],
    "no": ["Kontakt oss", "Kundeservice"],
    "da": ["Kontakt os", "Kundeservice"],
    "fi": ["Ota yhteyttä", "Asiakaspalvelu"],
}
SIGN_UP = {
    "de": ["Registrieren", "Konto erstellen"],
    "fr": ["Créer un compte", "S\u2019inscrire"],
    "es": ["Crear cuenta", "Regístrate"],
    "it": ["Registrati", "Crea un account"],
    "nl": ["Registreren", "Account aanmaken"],
    "pt": ["Criar conta", "Cadastre-se"],
    "sv": ["Skapa konto", "Registrera dig"],
    "no": ["Opprett konto", "Registrer deg"],
    "da": ["Opret konto", "Registrer dig"],
    "fi": ["Luo tili", "Rekisteröidy"],
}


@pytest.mark.parametrize("lang", sorted(CONTACT))
def test_contact_and_sign_up_links_score_under_their_page_language(lang: str) -> None:
    for text in CONTACT[lang]:
        assert score(link(text), "find-phone", lang) > 0.7, text
        assert score(link(text), "reach-support", lang) > 0.7, text
    for text in SIGN_UP[lang]:
        assert score(link(text, region="header"), "sign-up", lang) > 0.8, text


def test_english_always_applies_and_other_languages_only_on_their_pages() -> None:
    assert score(link("Contact us"), "find-phone", "de") > 0.8
    assert score(link("Kundenservice"), "find-phone") < STRONG
    assert score(link("Kundenservice"), "find-phone", "fr") < STRONG


def test_the_imprint_and_the_legal_notice_carry_phone_scent() -> None:
    assert score(link("Impressum", "/impressum"), "find-phone", "de") > STRONG
    assert score(link("Mentions légales", "/mentions-legales"), "find-phone", "fr") > STRONG
    assert score(link("Aviso legal"), "find-phone", "es") > STRONG
    assert score(link("Impressum", "/impressum"), "sign-up", "de") < 0.2


def test_sign_in_words_lead_away_from_sign_up() -> None:
    assert score(link("Einloggen", "/login", "header"), "sign-up", "de") < 0.3
    assert score(link("Se connecter", "/connexion", "header"), "sign-up", "fr") < 0.3
    # "Anmelden" signs in more often than it signs up: a weak promise, never a strong one.
    assert 0.2 < score(link("Anmelden", "/anmelden", "header"), "sign-up", "de") < STRONG


def test_hrefs_in_other_languages() -> None:
    assert score(Link(text="", name="", href="/de/kundenservice/kontakt"), "find-phone", "de") > STRONG
    assert score(Link(text="", name="", href="/nous-contacter"), "reach-support", "fr") > STRONG
    assert score(Link(text="", name="", href="/cr%C3%A9er-un-compte"), "sign-up", "fr") > STRONG


def test_matching_is_blind_to_case_and_accents_but_not_to_word_ends() -> None:
    assert has_phrase("KUNDENSERVICE", "kundenservice")
    assert has_phrase("Creer un compte", "créer un compte") and has_phrase("Créer un compte", "creer un compte")
    assert has_phrase("Straße und Hausnummer", "strasse") and has_phrase("Kundestøtte", "kundestotte")
    assert not has_phrase("Kontaktlinsen", "kontakt")
    # Short words keep their accents: Spanish "sí" is not "si".
    assert has_phrase("Sí, acepto", "sí") and not has_phrase("Si vous voulez", "sí")


def test_the_language_comes_from_the_page_or_its_words() -> None:
    assert language_of(page(lang="de-AT")) == "de"
    assert language_of(page(lang="nb-NO")) == "no"
    french = "Nous sommes là pour vous aider. Si vous avez une question sur votre commande, contactez notre équipe."
    assert language_of(page(french)) == "fr"
    german = "Wir sind für Sie da. Haben Sie eine Frage zu Ihrer Bestellung? Dann schreiben Sie uns, wir helfen gern."
    assert language_of(page(german, lang="en")) == "de"  # a template's lang="en" over German text
    english = "We are here to help with your order: call the team, and they will answer what you ask."
    assert language_of(page(english, lang="en")) == "en"
    assert language_of(page("Kontakt")) == ""  # too little to tell: English alone


def test_every_language_file_uses_the_english_keys() -> None:
    def paths(tree: dict[str, Any], prefix: str = "") -> set[str]:
        found = set()
        for key, value in tree.items():
            found.add(prefix + key)
            if isinstance(value, dict) and key not in ("phrases", "href", "dismiss", "away"):
                found |= paths(value, f"{prefix}{key}.")
        return found

    english = paths(lexicon())
    assert {"de", "fr", "es", "it", "nl", "pt", "sv", "no", "da"} <= set(languages())
    for lang in languages():
        assert paths(lexicon(lang)) == english, lang
        assert lexicon(lang)["stop_words"], lang


def test_a_french_consent_banner_is_closed_with_tout_accepter() -> None:
    banner = {"fid": "7", "text": "Nous utilisons des traceurs pour mesurer l'audience. Votre consentement",
              "cover": 0.1, "buttons": [{"fid": "8", "text": "Paramétrer"}, {"fid": "9", "text": "Tout refuser"},
                                        {"fid": "10", "text": "Tout accepter"}]}
    facts = page("Bienvenue sur notre site, vous pouvez nous contacter par téléphone ou par courrier.", lang="fr",
                 overlays=[banner])
    assert blocking(facts, menu_open=False) == [banner]
    assert dismiss_button(banner, language_of(facts)) == {"fid": "10", "text": "Tout accepter"}
    german = {"buttons": [{"fid": "1", "text": "Einstellungen"}, {"fid": "2", "text": "Alle akzeptieren"}]}
    assert dismiss_button(german, "de") == {"fid": "2", "text": "Alle akzeptieren"}
    assert dismiss_button({"buttons": [{"fid": "3", "text": "OK"}, {"fid": "4", "text": "Close"}]}) == {
        "fid": "3", "text": "OK"}


def test_menus_in_other_languages() -> None:
    assert is_menu_toggle(Link(tag="button", name="Menü öffnen"), "de")
    assert is_menu_toggle(Link(tag="button", name="Meny"), "no")
    assert not is_menu_toggle(Link(tag="button", name="Chatten Sie mit uns", expanded=False), "de")


def field(label: str, type_: str = "text", **extra: Any) -> FormField:
    return FormField(label=label, type=type_, **extra)


def test_form_purposes_in_german_and_french() -> None:
    contact = FormFacts(fields=[field("Name"), field("E-Mail"), field("Ihre Nachricht", "textarea")],
                        submit_label="Absenden")
    assert purpose(contact, "de") == "contact"
    passwords = [field("Passwort", "password"), field("Passwort wiederholen", "password")]
    signup = FormFacts(fields=[field("E-Mail"), *passwords], submit_label="Registrieren")
    login = FormFacts(fields=[field("E-Mail"), field("Passwort", "password")], submit_label="Anmelden")
    assert purpose(signup, "de") == "signup" and purpose(login, "de") == "login"
    new_account = FormFacts(fields=[field("Adresse e-mail", "email"), field("Mot de passe", "password")],
                            submit_label="Créer mon compte")
    assert purpose(new_account, "fr") == "signup"
    # "Adresse e-mail" is not a postal address.
    assert gate_fields(new_account, "fr") == {}
    lookup = FormFacts(fields=[field("Kundennummer"), field("Postleitzahl")], submit_label="Weiter")
    assert gate_fields(lookup, "de") == {"account-number": "Kundennummer", "address": "Postleitzahl"}


def test_gates_in_the_page_language() -> None:
    login = FormFacts(fields=[field("E-Mail"), field("Passwort", "password")], submit_label="Anmelden")
    wall = page("Melden Sie sich an, um fortzufahren.", lang="de", forms=[login], headings=["Anmelden"])
    assert [g.kind for g in gates_on(wall)] == ["login"]
    members = page("Ce service est réservé aux clients existants.", lang="fr")
    assert [g.kind for g in gates_on(members)] == ["existing-customers-only"]


def test_a_captcha_nobody_is_shown_is_no_gate() -> None:
    invisible = page("This site is protected by reCAPTCHA and the Google Privacy Policy and Terms of Service apply.",
                     frames=["https://www.google.com/recaptcha/api2/anchor?k=abc&size=invisible reCAPTCHA",
                             "https://www.google.com/recaptcha/api2/bframe?k=abc recaptcha challenge expires"])
    assert gates_on(invisible) == []
    challenge = page("Vérifiez que vous êtes humain", lang="fr")
    assert [(g.kind, g.on_form) for g in gates_on(challenge)] == [("captcha", False)]


def chats(facts: PageFacts) -> list[Channel]:
    return [c for c in channels_on(facts, []) if c.kind in ("chat", "chatbot")]


@pytest.mark.parametrize(("where", "value", "vendor"), [
    ("scripts", "https://widget.intercom.io/widget/abc123", "Intercom"),
    ("scripts", "https://static.zdassets.com/ekr/snippet.js?key=0000", "Zendesk"),
    ("scripts", "https://embed.tawk.to/5f0000/default", "Tawk.to"),
    ("scripts", "https://js.driftt.com/include/1700000000000/abc.js", "Drift"),
    ("scripts", "https://client.crisp.chat/l.js", "Crisp"),
    ("scripts", "https://js.usemessages.com/conversations-embed.js", "HubSpot"),
    ("scripts", "https://apps.mypurecloud.de/genesys-bootstrap/genesys.min.js", "Genesys"),
    ("scripts", "https://lptag.liveperson.net/tag/tag.js?site=123", "LivePerson"),
    ("scripts", "https://service.force.com/embeddedservice/5.0/esw.min.js", "Salesforce"),
    ("scripts", "https://acme.my.site.com/ESWWebMessaging1700000000/assets/js/bootstrap.min.js", "Salesforce"),
    ("scripts", "https://wchat.freshchat.com/js/widget.js", "Freshchat"),
    ("frames", "https://secure.livechatinc.com/licence/123/open_chat.cgi LiveChat chat widget", "LiveChat"),
    ("frames", "Intercom live chat", "Intercom"),
    ("cross_origin_frames", "https://beacon-v2.helpscout.net/", "Help Scout"),
    ("widgets", "hidden: zsiq_float  | Chat", "Zoho SalesIQ"),
    ("widgets", "tidio-chat  | ", "Tidio"),
])
def test_vendor_widgets_are_chats(where: str, value: str, vendor: str) -> None:
    facts = page("Welcome to our shop.", **{where: [value]})
    assert vendor_of(facts) == (vendor, False)
    (chat,) = chats(facts)
    assert chat.vendor == vendor and chat.kind == "chat" and is_human(chat)


def test_an_automated_vendor_is_a_chat_bot() -> None:
    (chat,) = chats(page(scripts=["https://static.ada.support/embed2.js"]))
    assert (chat.kind, chat.vendor) == ("chatbot", "Ada")


def test_an_article_about_a_chatbot_is_no_chat() -> None:
    text = ("How we built our chatbot. Our chatbot answers questions about deliveries; live chat with agents "
            "is coming next year. Talk to our bot in the app.")
    facts = page(text, links=[Link(text="Read: our chatbot", name="Read: our chatbot", href="/blog/chatbot")],
                 widgets=["article chatbot-story | How we built our chatbot", "chat-teaser | Live chat soon"],
                 frames=["https://www.youtube.com/embed/abc Our chatbot in 2 minutes"],
                 scripts=["https://cdn.example.com/js/chat-article.js"])
    assert chats(facts) == []


def test_launchers_in_the_page_language() -> None:
    human = Link(tag="button", name="Chatten Sie mit uns", controls="Unsere Berater sind jetzt online")
    (chat,) = chats(page(lang="de", links=[human]))
    assert chat.kind == "chat"
    bot = Link(tag="button", name="Posez votre question", controls="Assistant virtuel, réponses automatiques")
    (chat,) = chats(page(lang="fr", links=[bot]))
    assert chat.kind == "chatbot"
    framed = page(lang="es", frames=["https://chat.example.net/w Chat en vivo"])
    assert [c.kind for c in chats(framed)] == ["chat"]


def test_a_captcha_on_the_contact_form_leaves_the_phone_and_email_open() -> None:
    form = FormFacts(fields=[field("Nom"), field("E-mail", "email"), field("Votre message", "textarea")],
                     submit_label="Envoyer", heading="Écrivez-nous", captcha=True)
    mail = Link(text="service@example.com", name="service@example.com", href="mailto:service@example.com")
    facts = page("Service client : 01 23 45 67 89, du lundi au vendredi. Écrivez-nous avec le formulaire.",
                 lang="fr", forms=[form], links=[mail])
    phone = Phone(e164="+33123456789", display="01 23 45 67 89", url=facts.url, context="support")
    offered = channels_on(facts, [phone])
    assert {(c.kind, c.usable_by_new_customer) for c in offered} == {("form", False), ("email", True), ("phone", True)}
    (captcha,) = gates_on(facts)
    assert (captcha.kind, captcha.on_form) == ("captcha", True)


def test_a_form_captcha_gates_nothing_when_another_person_can_be_reached() -> None:
    from audits.judge.verdict import decide
    from audits.model import JourneyEvidence, RankedGate, Sightings

    url = "https://www.example.com/contact"
    captcha = RankedGate(relevance=1.0, gate=Gate(kind="captcha", url=url, evidence="a CAPTCHA on the form",
                                                  on_form=True))
    closed = Channel(kind="form", url=url, usable_by_new_customer=False)

    def verdict(*channels: Channel) -> tuple[str, str | None]:
        seen = Sightings(channels=list(channels), gates=[captcha])
        decided = decide(JourneyEvidence(id="reach-support", goal="reach-support", kind="goal", sightings=seen))
        return decided.outcome, decided.reason

    assert verdict(closed, Channel(kind="email", url=url)) != ("gated", "captcha")
    assert verdict(closed) == ("gated", "captcha")


def test_one_search_for_many_phrases_finds_what_one_search_each_finds() -> None:
    """`mentions` and `first_phrase` search all phrases at once; they must agree with `has_phrase` phrase by phrase."""
    phrases = sorted({p for lang in languages() for table in _phrase_lists(lexicon(lang)) for p in table})
    rng = random.Random(7)
    for _ in range(3000):
        chosen = rng.sample(phrases, rng.randint(1, 25))
        text = rng.choice([" ".join(rng.sample(phrases, 3)), "Créer un compte", "STRASSE 5", "Kontaktlinsen", "e-mail"])
        text = rng.choice([text, text.upper(), text[1:], text + "s"])
        one_by_one = next((p for p in chosen if has_phrase(text, p)), None)
        assert (first_phrase(text, chosen), mentions(text, chosen)) == (one_by_one, one_by_one is not None), text


def _phrase_lists(table: object) -> list[list[str]]:
    if isinstance(table, dict):
        return [found for value in table.values() for found in _phrase_lists(value)]
    if isinstance(table, list) and all(isinstance(item, str) for item in table):
        return [table]
    return []
