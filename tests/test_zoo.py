"""The zoo's manifests stay true: site.yaml and answers.yaml load, and plain HTTP confirms what they say."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import phonenumbers
import pytest
from bs4 import BeautifulSoup

from audits.demo.answers import JOURNEYS, PERSONAS, AnswerKeyError, Answers, load_answers, parse_answers
from audits.demo.server import ZOO, Site, Zoo, find_sites
from audits.vocab import reasons_for

SITES = find_sites(ZOO)
SLUGS = [site.slug for site in SITES]
FINDING_IDS = {
    "phone-not-found", "phone-not-clickable", "phone-only-in-image", "inconsistent-phone-numbers",
    "no-business-hours", "chat-only", "faq-deflection", "login-wall", "account-number-wall", "address-gate",
    "captcha-gate", "app-only", "existing-customers-only", "excess-required-fields", "silent-form-failure",
    "form-loop", "redirect-loop", "dead-end-link", "broken-link", "overlay-obstruction", "js-errors-on-path",
    "slow-step", "approval-required", "unlabelled-control", "low-contrast-control", "keyboard-trap",
}
MAX_PAGES = 1000  # per site: a guard against a link generator, above the largest zoo site (~560 pages)


@dataclass
class Fetched:
    """One URL as plain HTTP saw it, after redirects."""

    url: str
    status: int
    body: str
    content_type: str = ""
    links: list[str] = field(default_factory=list)


def fetch(url: str) -> Fetched:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            body = response.read().decode("utf-8", "replace")
            return Fetched(response.geturl(), response.status, body, response.headers.get("Content-Type", ""))
    except urllib.error.HTTPError as error:
        return Fetched(error.geturl() or url, error.code, error.read().decode("utf-8", "replace"))


def slow_paths(site: Site) -> set[str]:
    """Routes that answer late on purpose: never fetched, the tests stay fast."""
    return {route.path for route in site.routes if route.delay}


def declared_errors(site: Site) -> set[str]:
    """GET routes that answer 4xx/5xx on purpose."""
    return {route.path for route in site.routes if route.method == "GET" and route.status >= 400}


def soup_of(page: Fetched) -> BeautifulSoup:
    xml = "xml" in page.content_type or page.body.lstrip().startswith("<?xml")
    return BeautifulSoup(page.body, "xml" if xml else "lxml")


def same_origin_links(page: Fetched, origin: str) -> list[str]:
    """Every same-origin link on a page (and every <loc> of a sitemap), without fragments."""
    soup = soup_of(page)
    hrefs = [a.get("href") for a in soup.find_all(["a", "area"])] + [loc.get_text() for loc in soup.find_all("loc")]
    links = []
    for href in hrefs:
        if not isinstance(href, str) or not href.strip() or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        url = urldefrag(urljoin(page.url, href.strip()))[0]
        if urlparse(url).netloc == origin:
            links.append(url)
    return links


def crawl(zoo: Zoo, slug: str) -> dict[str, Fetched]:
    """Every page reachable by links from the home page and from sitemap.xml (when there is one)."""
    site = zoo.sites[slug]
    origin = urlparse(site.url).netloc
    skip = slow_paths(site)
    sitemap = fetch(zoo.url(slug, "/sitemap.xml"))
    queue = [zoo.url(slug, "/"), *(same_origin_links(sitemap, origin) if sitemap.status == 200 else [])]
    seen: dict[str, Fetched] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen or urlparse(url).path in skip:
            continue
        page = fetch(url)
        seen[url] = page
        if urlparse(page.url).netloc == origin and page.status < 400:
            page.links = same_origin_links(page, origin)
            queue.extend(link for link in page.links if link not in seen)
    return seen


@pytest.fixture(scope="session")
def crawled(zoo: Zoo) -> Callable[[str], dict[str, Fetched]]:
    """Crawl each site once per session, on demand."""
    cache: dict[str, dict[str, Fetched]] = {}

    def get(slug: str) -> dict[str, Fetched]:
        if slug not in cache:
            cache[slug] = crawl(zoo, slug)
        return cache[slug]

    return get


def visible_text(html: str) -> str:
    """What the page shows as text, plus image alt text (a number only in a picture is still shown)."""
    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "template", "noscript"]):
        tag.decompose()
    alts = [str(img.get("alt", "")) for img in soup.find_all("img")]
    return "\n".join([soup.get_text(" "), *alts])


def scripts_of(page: Fetched) -> str:
    """Inline scripts and same-origin script files: where a single-page app or a chat widget keeps its text."""
    soup = BeautifulSoup(page.body, "lxml")
    origin = urlparse(page.url).netloc
    parts = [tag.get_text() for tag in soup.find_all("script") if not tag.get("src")]
    for tag in soup.find_all("script", src=True):
        url = urljoin(page.url, str(tag["src"]))
        if urlparse(url).netloc == origin:
            parts.append(fetch(url).body)
    return "\n".join(parts)


def all_text(page: Fetched) -> str:
    """Text, attribute values and scripts: everything a customer might read, chat bots included."""
    soup = BeautifulSoup(page.body, "lxml")
    for tag in soup(["style"]):
        tag.decompose()
    values = [v for tag in soup.find_all(True) for v in tag.attrs.values() if isinstance(v, str)]
    return "\n".join([soup.get_text(" "), *values, scripts_of(page)])


def numbers_in(text: str, regions: set[str] | None = None) -> set[str]:
    """Numbers in a text, read in each region's national format (US by default)."""
    return {
        phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        for region in sorted(regions or {"US"})
        for match in phonenumbers.PhoneNumberMatcher(text, region)
    }


def region_of(e164: str) -> str:
    """The region whose national format a page would write this number in."""
    return phonenumbers.region_code_for_number(phonenumbers.parse(e164)) or "US"


def page_regions(page: Fetched) -> set[str]:
    """US, plus the region the page's language names (<html lang="de"> -> DE, "en-GB" -> GB)."""
    soup = BeautifulSoup(page.body, "lxml")
    lang = str(soup.html.get("lang", "")) if soup.html else ""
    language, _, country = lang.replace("_", "-").partition("-")
    region = country or ("" if language == "en" else language)
    return {"US", region.upper()} if region else {"US"}


def frames_of(page: Fetched) -> list[Fetched]:
    """Same-origin iframes' documents: a contact page may hold its number and form in one."""
    soup = BeautifulSoup(page.body, "lxml")
    origin = urlparse(page.url).netloc
    urls = [urljoin(page.url, str(tag["src"])) for tag in soup.find_all("iframe", src=True)]
    return [fetch(url) for url in urls if urlparse(url).netloc == origin]


def tel_links(text: str) -> set[str]:
    """Numbers of tel: links, in markup or in scripts that render markup."""
    return {"+" + re.sub(r"\D", "", raw).lstrip("+") for raw in re.findall(r"tel:(\+?[\d\-. ()]{7,})", text)}


def answers_for(slug: str) -> Answers:
    return load_answers(ZOO / slug)


def all_findings(answers: Answers) -> set[str]:
    return {f for expectation in answers.expectations.values() for f in expectation.findings}


# --- site.yaml and answers.yaml load and are complete ---------------------------------------------------


@pytest.mark.parametrize("site", SITES, ids=SLUGS)
def test_site_yaml_is_complete(site: Site) -> None:
    assert site.config.get("name"), f"{site.slug}: site.yaml needs a name"
    assert isinstance(site.config.get("port"), int), f"{site.slug}: site.yaml needs a fixed port"
    pattern = site.config.get("pattern")
    assert isinstance(pattern, str) and pattern.strip() and "\n" not in pattern.strip(), "pattern: one line"
    assert (site.root / "pages").is_dir(), f"{site.slug}: no pages/ folder"


def test_ports_are_unique() -> None:
    ports = [int(site.config.get("port", 0)) for site in SITES]
    assert len(ports) == len(set(ports)), f"two sites share a port: {sorted(p for p in ports if ports.count(p) > 1)}"


@pytest.mark.parametrize("site", SITES, ids=SLUGS)
def test_answer_key_is_complete(site: Site) -> None:
    answers = answers_for(site.slug)
    assert answers.site == site.slug
    assert not answers.missing(), f"{site.slug}: no answer for {answers.missing()}"
    for (journey, persona), expected in answers.expectations.items():
        where = f"{site.slug} {journey} [{persona}]"
        assert expected.reason in reasons_for(expected.outcome) or expected.reason is None, where
        assert set(expected.findings) <= FINDING_IDS, f"{where}: unknown finding {set(expected.findings) - FINDING_IDS}"
        if expected.outcome not in ("absent", "not-found"):
            assert expected.target and expected.target.startswith("/"), f"{where}: needs a target path"
        for phone in expected.phones:
            parsed = phonenumbers.parse(phone.e164)
            assert phonenumbers.is_valid_number(parsed), f"{where}: {phone.e164} is not a valid number"
        if journey == "find-phone" and expected.outcome == "reached":
            assert expected.phones, f"{where}: a reached find-phone lists its phones"
        if journey == "sign-up" and expected.outcome == "reached":
            assert expected.required_fields is not None, f"{where}: a reached sign-up counts required fields"
    assert {journey for journey, _ in answers.expectations} >= set(JOURNEYS)


def test_persona_overrides_default_field_by_field() -> None:
    answers = parse_answers({"site": "x", "journeys": {"sign-up": {
        "default": {"outcome": "reached", "target": "/signup", "min_clicks": 1, "required_fields": 4},
        "new-mobile": {"min_clicks": 2},
    }}})
    desktop, mobile = answers.expect("sign-up", "new-desktop"), answers.expect("sign-up", "new-mobile")
    assert (desktop.min_clicks, mobile.min_clicks) == (1, 2)
    assert mobile.required_fields == 4 and mobile.target == "/signup"
    assert ("find-phone", "new-desktop") in answers.missing()


@pytest.mark.parametrize("fields", [
    {"outcome": "gated", "reason": "budget-spent"},
    {"outcome": "reached", "reason": "login"},
    {"outcome": "absent"},
    {"outcome": "reached", "min_click": 1},
])
def test_answer_key_mistakes_are_refused(fields: dict[str, object]) -> None:
    with pytest.raises(AnswerKeyError, match="find-phone"):
        parse_answers({"site": "x", "journeys": {"find-phone": {"default": fields}}})


def test_only_tests_and_benchmarks_read_answer_keys() -> None:
    package = Path(__file__).resolve().parents[1] / "audits"
    loader = package / "demo" / "answers.py"
    readers = [p for p in package.rglob("*.py")
               if p != loader and re.search(r"demo\.answers|import load_answers", p.read_text(encoding="utf-8"))]
    assert not readers, f"the crawler or the server reads answer keys: {readers}"


# --- the manifests stay true (plain HTTP, no browser) ------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_phones_are_on_their_pages(zoo: Zoo, slug: str) -> None:
    answers = answers_for(slug)
    for (journey, persona), expected in answers.expectations.items():
        for phone in expected.phones:
            page = fetch(zoo.url(phone.on_site or slug, phone.page))
            where = f"{slug} {journey} [{persona}] {phone.e164} on {phone.page}"
            assert page.status == 200, f"{where}: page answered {page.status}"
            regions = {"US", region_of(phone.e164)}
            # A same-origin iframe's document is part of what the page shows.
            documents = [page, *frames_of(page)]
            markup = "\n".join(doc.body for doc in documents)
            shown = numbers_in("\n".join(visible_text(doc.body) for doc in documents), regions)
            needs_scripts = phone.e164 not in shown or phone.tel_link
            scripted = "\n".join(scripts_of(doc) for doc in documents) if needs_scripts else ""
            # A single-page app renders its numbers from script: the digits must still be there.
            shown |= numbers_in(scripted, regions)
            assert phone.e164 in shown, f"{where}: not on the page (found {sorted(shown)})"
            if phone.tel_link:
                assert phone.e164 in tel_links(markup + scripted), f"{where}: no tel: link"


@pytest.mark.parametrize("slug", SLUGS)
def test_targets_answer(zoo: Zoo, slug: str) -> None:
    site = zoo.sites[slug]
    for (journey, persona), expected in answers_for(slug).expectations.items():
        if not expected.target or urlparse(expected.target).path in slow_paths(site):
            continue
        page = fetch(zoo.url(slug, expected.target))
        where = f"{slug} {journey} [{persona}] target {expected.target}"
        if expected.outcome == "failed" and expected.reason == "http-error":
            assert page.status >= 400, f"{where}: expected an HTTP error, got {page.status}"
        else:
            assert page.status == 200, f"{where}: answered {page.status}"


def without_phone(slug: str) -> bool:
    """Whether the key says no phone number exists on the site (a broken key fails elsewhere)."""
    try:
        answers = answers_for(slug)
        return all(answers.expect("find-phone", p).outcome == "absent" for p in PERSONAS)
    except (ValueError, KeyError):
        return False


@pytest.mark.parametrize("slug", [slug for slug in SLUGS if without_phone(slug)])
def test_no_phone_where_the_key_says_absent(crawled: Callable[[str], dict[str, Fetched]], slug: str) -> None:
    found = {}
    for url, page in crawled(slug).items():
        if page.status < 400 and "html" in (page.content_type or "text/html"):
            text = all_text(page)
            numbers = numbers_in(text, page_regions(page)) | tel_links(text)
            if numbers:
                found[url] = sorted(numbers)
    assert not found, f"{slug}: phone-like numbers on a site whose key says absent: {found}"


@pytest.mark.parametrize("slug", SLUGS)
def test_every_linked_page_is_served(zoo: Zoo, crawled: Callable[[str], dict[str, Fetched]], slug: str) -> None:
    site = zoo.sites[slug]
    allowed_404 = "broken-link" in all_findings(answers_for(slug))
    intended = declared_errors(site)
    bad = {
        url: page.status
        for url, page in crawled(slug).items()
        if page.status >= 400
        and urlparse(url).path not in intended
        and not (page.status == 404 and allowed_404)
    }
    assert not bad, f"{slug}: linked pages that fail: {bad}"
    if allowed_404:
        assert any(p.status == 404 for p in crawled(slug).values()), f"{slug}: the key says broken-link, none found"
