"""Phones read as a person reads them, without a browser: region, national formats, labels, tel: links, rank."""

from __future__ import annotations

import pytest

from audits.facts.phones import phones_on, rank_phones
from audits.facts.region import region_of
from audits.judge.detectors import DETECTORS, load_builtins
from audits.model import JourneyEvidence, Link, PageFacts, Phone, StepRecord, TextBlock
from audits.scenario import SiteSpec

load_builtins()
LOCAL = "http://127.0.0.1:8000/"


def page(text: str = "", lang: str = "", url: str = LOCAL, **kw: object) -> PageFacts:
    return PageFacts(url=url, text=text, lang=lang, **kw)


def numbers(facts: PageFacts, region: str = "auto") -> list[str]:
    return [p.e164 for p in phones_on(facts, region)]


# --- where a site is from ----------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "url", "region"), [
    ("fr-FR", LOCAL, "FR"), ("en-GB", LOCAL, "GB"), ("en-IE", LOCAL, "IE"), ("en-UK", LOCAL, "GB"),
    ("de", LOCAL, "DE"), ("fr", LOCAL, "FR"), ("nl", LOCAL, "NL"), ("sv", LOCAL, "SE"), ("nb", LOCAL, "NO"),
    ("no", LOCAL, "NO"), ("da", LOCAL, "DK"), ("fi", LOCAL, "FI"), ("it", LOCAL, "IT"), ("es", LOCAL, "ES"),
    ("pt", LOCAL, "PT"), ("en", LOCAL, "US"), ("", LOCAL, "US"), ("es-419", LOCAL, "ES"),
    ("", "https://www.acme.co.uk/contact", "GB"), ("en", "https://acme.de/", "DE"), ("de", "https://acme.ch/", "CH"),
    ("de", "https://acme.at/", "AT"), ("", "https://acme.io/", "US"), ("fr", "https://acme.de/", "FR"),
    ("en-US", LOCAL, "US"), ("en-US", "https://acme.co.uk/", "GB"), ("fr-FR", "https://acme.de/", "FR"),
])
def test_region_from_language_and_domain(lang: str, url: str, region: str) -> None:
    assert region_of(page(lang=lang, url=url)) == region


def test_region_from_numbers_and_addresses_on_the_page() -> None:
    assert region_of(page("Appelez-nous au +33 1 23 45 67 89")) == "FR"
    assert region_of(page("", links=[Link(text="Call", href="tel:+4722123456")])) == "NO"
    assert region_of(page("Acme Ltd, 1 High Street, London SW1A 1AA")) == "GB"
    assert region_of(page("Acme GmbH\nMusterstraße 1\n10115 Berlin\nDeutschland")) == "DE"
    assert region_of(page("Acme AG, CH-8001 Zürich")) == "CH"
    assert region_of(page("Rue de la Loi 16, 1000 Bruxelles, Belgique", lang="fr")) == "BE"
    assert region_of(page("Since 1987 Acme has shipped to France")) == "US"


def test_a_page_that_writes_one_number_with_its_country_code_reads_the_others_there() -> None:
    facts = page("Sentralbord: +47 22 12 34 56\nKundeservice: 22 12 34 57")
    assert numbers(facts) == ["+4722123457", "+4722123456"]


def test_a_foreign_office_does_not_move_a_site_abroad() -> None:
    """National numbers decide between the countries a page names: a US page listing its London
    office in +44 form still reads its own numbers as US numbers."""
    facts = page("Customer service: 1-800-555-0142\nLondon office: +44 20 7946 0018")
    assert region_of(facts) == "US"
    assert numbers(facts) == ["+18005550142", "+442079460018"]


def test_an_explicit_region_wins_and_auto_is_the_default() -> None:
    assert region_of(page(lang="fr-FR"), hint="GB") == "GB"
    assert region_of(page(lang="fr-FR"), hint="auto") == "FR"
    assert SiteSpec(name="Acme", start_url="https://acme.fr/").region == "auto"
    assert SiteSpec(name="Acme", start_url="https://acme.fr/", region="US").region == "US"


# --- national formats --------------------------------------------------------------------------

@pytest.mark.parametrize(("printed", "lang", "url", "region", "e164"), [
    ("02.99.51.69.00", "fr", LOCAL, "FR", "+33299516900"),
    ("04 91 90 38 11", "fr", LOCAL, "FR", "+33491903811"),
    ("030 12345678", "de", LOCAL, "DE", "+493012345678"),
    ("+49 (0)30 1234 5678", "de", LOCAL, "DE", "+493012345678"),
    ("0800 123 4567", "en-GB", LOCAL, "GB", "+448001234567"),
    ("(0)20 7946 0018", "en", "https://acme.co.uk/", "GB", "+442079460018"),
    ("01 234 5678", "en-IE", LOCAL, "IE", "+35312345678"),
    ("01 512 34 56", "de-AT", LOCAL, "AT", "+4315123456"),
    ("044 668 18 00", "de-CH", LOCAL, "CH", "+41446681800"),
    ("02 511 22 33", "fr-BE", LOCAL, "BE", "+3225112233"),
    ("020 123 4567", "nl", LOCAL, "NL", "+31201234567"),
    ("912 345 678", "es", LOCAL, "ES", "+34912345678"),
    ("06 1234 5678", "it", LOCAL, "IT", "+390612345678"),
    ("21 123 4567", "pt", LOCAL, "PT", "+351211234567"),
    ("22 12 34 56", "nb", LOCAL, "NO", "+4722123456"),
    ("08-123 456 78", "sv", LOCAL, "SE", "+46812345678"),
    ("33 12 34 56", "da", LOCAL, "DK", "+4533123456"),
    ("09 1234 567", "fi", LOCAL, "FI", "+35891234567"),
    ("(212) 555-0147", "en", LOCAL, "US", "+12125550147"),
    ("416-555-0100", "en-CA", LOCAL, "CA", "+14165550100"),
])
def test_national_formats(printed: str, lang: str, url: str, region: str, e164: str) -> None:
    facts = page(f"Tel. {printed}", lang=lang, url=url)
    assert region_of(facts) == region
    (phone,) = phones_on(facts)
    assert (phone.e164, phone.display, phone.valid) == (e164, printed, True)


def test_a_french_page_gives_french_numbers_not_us_ones() -> None:
    facts = page("Service client : 02.99.51.69.00\nStandard : 04 91 90 38 11", lang="fr")
    assert numbers(facts) == ["+33299516900", "+33491903811"]
    assert [p.context for p in phones_on(facts)] == ["support", "general"]
    assert not [n for n in numbers(facts, "US") if n.startswith("+33")]


# --- shown as a phone number, dialled or not ---------------------------------------------------

@pytest.mark.parametrize(("text", "e164"), [
    ("Phone: +1 345 67890123", "+134567890123"),
    ("Call us during office hours at (555) 847-2210.", "+15558472210"),
    ("Reach the team\n+1 (555) 246-8135\n", "+15552468135"),
    ("☎ (555) 847-2210", "+15558472210"),
])
def test_a_number_shown_as_one_counts_though_it_cannot_exist(text: str, e164: str) -> None:
    (phone,) = phones_on(page(text))
    assert (phone.e164, phone.valid) == (e164, False)


def test_a_foreign_national_number_on_a_page_that_names_no_country_is_not_made_american() -> None:
    (phone,) = phones_on(page("Tél : 04 91 90 38 11"))
    assert (phone.e164, phone.valid) == ("0491903811", False)


def test_labels_in_other_languages() -> None:
    for label in ("Téléphone :", "Telefon:", "Teléfono:", "Telefono:", "Tlf.", "Tel.:"):
        (phone,) = phones_on(page(f"{label} (555) 847-2210"))
        assert not phone.valid, label


def test_an_unlabelled_impossible_number_is_not_a_phone() -> None:
    assert phones_on(page("Our 2024 figures: (555) 847-2210 units shipped")) == []
    assert phones_on(page("1\tCall of the Wild\t318-552-907\tPaperback\t$12.50")) == []
    (phone,) = phones_on(page("Call (555) 847-2210 today"))
    assert not phone.valid


def journey_over(facts: PageFacts) -> JourneyEvidence:
    steps = [StepRecord(index=0, action="goto", url=facts.url, facts=facts)]
    return JourneyEvidence(id="find-phone", goal="find-phone", kind="goal", outcome="reached", steps=steps,
                           region="auto", phones=phones_on(facts, "auto", 0))


def test_an_undiallable_number_reaches_the_goal_and_fails_the_finding() -> None:
    evidence = journey_over(page("Phone: +1 345 67890123"))
    assert DETECTORS.get("phone-not-found").run(evidence).passed
    found = DETECTORS.get("phone-not-diallable").run(evidence)
    assert not found.passed and found.title == "Phone number cannot be dialled as printed"
    assert "+1 345 67890123 is not a number that exists" in found.detail


def test_real_numbers_pass_the_finding() -> None:
    found = DETECTORS.get("phone-not-diallable").run(journey_over(page("Tel. 02.99.51.69.00", lang="fr")))
    assert found.passed and found.title == "Phone number can be dialled"


def test_a_tel_link_dials_its_target_and_a_vanity_text_is_its_display() -> None:
    vanity = Link(text="(800) GET-HELP", name="(800) GET-HELP", href="tel:1-800-555-0123", region="footer")
    facts = page("Help desk\n(800) GET-HELP", links=[vanity])
    (phone,) = phones_on(facts)
    assert (phone.e164, phone.display, phone.tel_link) == ("+18005550123", "(800) GET-HELP", True)
    assert phone.place == "footer"
    assert phone.shown_as == "+18004384357"
    found = DETECTORS.get("phone-not-diallable").run(journey_over(facts))
    assert not found.passed and "spells +18004384357, but its link dials +18005550123" in found.detail


def test_a_tel_link_whose_text_is_its_number_is_not_noted() -> None:
    link = Link(text="02 99 51 69 00", href="tel:+33299516900")
    (phone,) = phones_on(page("Nous appeler\n02 99 51 69 00", lang="fr", links=[link]))
    assert phone.tel_link and phone.shown_as == "" and phone.e164 == "+33299516900"


# --- ranked by purpose and place ---------------------------------------------------------------

def blocks(*placed: tuple[str, str]) -> list[TextBlock]:
    return [TextBlock(region=region, text=text) for region, text in placed]


def test_support_before_general_before_sales() -> None:
    facts = page("Sales: 1-800-555-0101\nSwitchboard: 1-800-555-0102\nCustomer service: 1-800-555-0103")
    assert numbers(facts) == ["+18005550103", "+18005550102", "+18005550101"]


def test_fax_and_press_lines_are_left_out() -> None:
    facts = page("Fax: 1-800-555-0101\n\nPress office: 1-800-555-0102\n\nService de presse : 1-800-555-0104\n\n"
                 "Impressum\nTelefon: 1-800-555-0103")
    assert numbers(facts) == ["+18005550103"]


def test_a_number_in_a_comment_and_in_the_footer_is_the_sites() -> None:
    facts = page(blocks=blocks(("comment", "Call them on 1-800-555-0103"), ("footer", "Help line 1-800-555-0103")))
    assert [(p.e164, p.place) for p in phones_on(facts)] == [("+18005550103", "footer")]


def test_a_price_is_not_a_phone_but_a_rate_beside_a_phone_is() -> None:
    assert numbers(page("Service client : 09 69 32 15 15 €0,15/min", lang="fr")) == ["+33969321515"]


def test_chrome_before_the_page_body_and_comments_left_out() -> None:
    facts = page(blocks=blocks(("main", "Questions? 1-800-555-0101"), ("comment", "Call me on 1-800-555-0102"),
                               ("footer", "Help line 1-800-555-0103")))
    phones = phones_on(facts)
    assert [(p.e164, p.place) for p in phones] == [("+18005550103", "footer"), ("+18005550101", "main")]


def test_an_article_quoting_a_stranger_is_not_the_site_speaking() -> None:
    article = ("A reader got a call from 0800 123 4567 claiming to be her bank.\n"
               "She was told to call 0800 222 3333 at once.\nIf in doubt, call us on 0800 765 4321.")
    facts = page(lang="en-GB", url="https://acme.co.uk/blog/scam-calls", blocks=blocks(("article", article)))
    assert numbers(facts) == ["+448007654321"]


def test_article_bodies_rank_after_every_other_place() -> None:
    body = Phone(e164="+18005550101", display="", url=LOCAL + "news/1", context="support", place="article")
    header = Phone(e164="+18005550102", display="", url=LOCAL + "news/1", context="sales", place="header")
    legal = Phone(e164="+18005550103", display="", url=LOCAL + "impressum", context="sales", place="main")
    main = Phone(e164="+18005550104", display="", url=LOCAL + "news/1", context="sales", place="main")
    assert [p.e164 for p in rank_phones([body, main, legal, header])] == [
        "+18005550103", "+18005550102", "+18005550104", "+18005550101"]


def test_a_staff_list_is_left_out_and_a_lone_direct_line_ranks_last() -> None:
    staff = ("Anna Berg, head of sales, direct line 020 7946 0101\nJon Lie, engineer, mobile 07700 900123\n"
             "Switchboard 020 7946 0000")
    assert numbers(page(staff, lang="en-GB")) == ["+442079460000"]
    alone = "Jon Lie, direct line 020 7946 0101\nSales 020 7946 0000"
    assert numbers(page(alone, lang="en-GB")) == ["+442079460000", "+442079460101"]


def test_blocks_are_read_when_present_and_text_otherwise() -> None:
    text = "Customer care 1-800-555-0103"
    assert numbers(page(text)) == numbers(page("ignored", blocks=blocks(("footer", text)))) == ["+18005550103"]


# --- what is not a phone number ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Order #2125550147 shipped. Account 8005550199. Invoice 8005550177.",
    "ISBN 978-3-16-148410-0 and 9783161484100",
    "Published 2026-11-23, updated 23.11.2026",
    "Plans from $1,299.00 a year, or 2125550147 €",
    ">>> people = \"\"\"Ada Stone: 617.555.0162 12 Mill Road\n... Ben Hale: 212.555.0178 40 Oak Lane",
    "['Ben', 'Hale', '212.555.0178', '40 Oak Lane']",
    "'Ben Hale: 212.555.0178 40 Oak Lane',",
    "0 1 1 2 3 5 8 13 21 34 55 89 144 233 377 610 987 1597",
    "Springfield, IL 62704. 75001 Paris. 10115 Berlin.",
    "Session 6175550162 expired; pi is 3.14159265359",
    "1 2 3 4 5 6 7 8 9 10",
    "Host 10 10.20.30.40 answered; 3141592.6535 rounds up",
    "Examples: build-4411-2093-17 # nightly",
    "makes 12 calls\n4790016",
])
def test_distractors_are_not_phones(text: str) -> None:
    assert phones_on(page(text)) == []


def test_an_ungrouped_number_counts_when_labelled() -> None:
    assert numbers(page("Phone: 8005550199")) == ["+18005550199"]


def test_register_numbers_after_a_phone_number_are_not_phones() -> None:
    facts = page("Tél. : 01 23 45 67 89 — SIRET : 552 100 554 00012 — RCS Paris 552 100 554", lang="fr")
    assert numbers(facts) == ["+33123456789"]


def test_call_to_order_is_a_phone() -> None:
    assert numbers(page("Call us to order: 1-877-555-0128. Phone orders: 1-800-555-0185")) == [
        "+18775550128", "+18005550185"]
