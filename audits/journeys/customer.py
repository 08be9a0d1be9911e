"""The synthetic customer a journey signs up as: a seeded Faker identity in the site's locale, and its secrets."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from audits.secrets import MASK, REGISTRY

if TYPE_CHECKING:
    from faker import Faker

# A reserved domain (RFC 2606): nothing is ever delivered to a real mailbox unless a team names its own.
DEFAULT_INBOX = "example.com"
FALLBACK_LOCALE = "en_US"
PASSWORD_LENGTH = 16
# What a field reads as asking for, when the value is a secret: masked in everything a run writes.
SECRET_ASKS = ("password", "password-confirm")
# "at least 12 characters", "mindestens 12 Zeichen", "au moins 12 caractères", "12+ characters"
MIN_LENGTH = re.compile(r"(\d{1,2})\s*\+?\s*(?:or more\s+)?(?:characters|chars|zeichen|caract[eè]res|letters)", re.I)


class IdentitySpec(BaseModel):
    """A suite's `identity:` overrides of the generated customer, and the inbox its mail goes to."""

    model_config = ConfigDict(extra="forbid")

    inbox_domain: str = DEFAULT_INBOX
    given_name: str | None = None
    family_name: str | None = None
    email: str | None = None
    phone: str | None = None
    street: str | None = None
    house_number: str | None = None
    postcode: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    birthdate: str | None = None  # YYYY-MM-DD
    company: str | None = None
    password: str | None = None  # ${ENV} references are resolved when the suite loads


@dataclass(frozen=True)
class Customer:
    """Everything a form may ask a new customer for."""

    locale: str
    given_name: str
    family_name: str
    email: str
    phone: str
    street: str
    house_number: str
    postcode: str
    city: str
    state: str
    country: str
    country_code: str
    birthdate: date
    company: str
    password: str

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def username(self) -> str:
        return self.email.split("@")[0].replace(".", "_")

    @property
    def secrets(self) -> list[str]:
        """Values no artifact may show."""
        return [self.password]

    def with_password(self, password: str) -> Customer:
        return replace(self, password=password)


def locale_for(language: str, region: str) -> str:
    """Faker's locale for a site: its language in its country ("de", "DE" -> de_DE), else the language's own."""
    from faker.config import AVAILABLE_LOCALES

    lang, country = (language or "en").lower()[:2], (region or "US").upper()
    exact = f"{lang}_{country}"
    if exact in AVAILABLE_LOCALES:
        return exact
    own = f"{lang}_{lang.upper()}"
    if own in AVAILABLE_LOCALES:
        return own
    return next((code for code in sorted(AVAILABLE_LOCALES) if code.startswith(f"{lang}_")), FALLBACK_LOCALE)


def _seed(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.replace("ß", "ss")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", folded.lower())


@cache
def _faker(locale: str) -> Faker:
    from faker import Faker

    return Faker(locale)


def strong_password(seed: str, length: int = PASSWORD_LENGTH) -> str:
    """A password that satisfies common rules: upper and lower case, digits and a symbol, `length` long."""
    fake = _faker(FALLBACK_LOCALE)
    fake.seed_instance(_seed(f"password:{seed}:{length}"))
    return str(fake.password(length=length, special_chars=True, digits=True, upper_case=True, lower_case=True))


def password_for(rules: str, seed: str, current: str) -> str | None:
    """A password meeting what an error message asks for ("at least 18 characters"), or None when
    the message asks for nothing the current one lacks that we can read."""
    wanted = max((int(n) for n in MIN_LENGTH.findall(rules)), default=0)
    if wanted > len(current):
        return strong_password(seed, wanted + 2)
    return None


def customer_for(seed: str, locale: str, spec: IdentitySpec | None = None) -> Customer:
    """The same customer for the same seed and locale, every run; `spec` overrides any part of it."""
    spec = spec or IdentitySpec()
    fake = _faker(locale)
    fake.seed_instance(_seed(f"{seed}:{locale}"))
    given, family = fake.first_name(), fake.last_name()
    number = fake.random_int(1000, 9999)
    made = Customer(
        locale=locale, given_name=given, family_name=family,
        email=f"{_ascii(given)}.{_ascii(family)}.{number}@{spec.inbox_domain}",
        phone=_phone(fake), street=fake.street_name(), house_number=str(fake.building_number()),
        postcode=fake.postcode(), city=fake.city(), state=_state(fake), country=fake.current_country(),
        country_code=fake.current_country_code(), birthdate=fake.date_of_birth(minimum_age=25, maximum_age=60),
        company=fake.company(), password=strong_password(seed),
    )
    overrides = {k: v for k, v in spec.model_dump(exclude={"inbox_domain"}).items() if v is not None}
    if "password" in overrides:
        from audits.scenario import resolve_env

        overrides["password"] = resolve_env(overrides["password"])
    if "birthdate" in overrides:
        overrides["birthdate"] = date.fromisoformat(overrides["birthdate"])
    return replace(made, **overrides)


def _phone(fake: Faker, tries: int = 20) -> str:
    """A number the site's country would accept (libphonenumber says it is valid), written the national way."""
    import phonenumbers

    region = fake.current_country_code()
    for _ in range(tries):
        try:
            number = phonenumbers.parse(str(fake.phone_number()).split("x")[0], region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL) if example else ""


def _state(fake: Faker) -> str:
    for provider in ("state", "administrative_unit", "region"):
        if hasattr(fake, provider):
            return str(getattr(fake, provider)())
    return ""


def shown(value: str, asks: str) -> str:
    """A filled value as a report may show it: secrets masked."""
    return MASK if asks in SECRET_ASKS else value


def keep_secrets(customer: Customer) -> None:
    """Make the customer's secrets secret for the run, so no file, report or line shows them."""
    REGISTRY.add(customer.secrets)
