"""Whether a journey may send a form: only when the suite or the command line says so, only on the
site's own hosts, and never a form that pays, orders, charges or deletes."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urljoin

from audits.facts import first_phrase, lexicon
from audits.facts.fields import takes_payment
from audits.journeys.scope import Scope
from audits.model import FormFacts

if TYPE_CHECKING:
    from audits.journeys import Session


def allowed(session: Session) -> bool:
    """`--submit`, or `submit: true` on the site or the journey."""
    return session.options.submit or session.site.submit or session.journey.submit


def refusal(session: Session, form: FormFacts, page_url: str, lang: str = "") -> str:
    """Why this form is never sent, or "" when it may be (permission aside)."""
    own = Scope(session.site.start_url, session.site.allowed_domains, session.options.allow_private)
    target = urljoin(page_url, form.action) if form.action else page_url
    if not own.allows(page_url) or not own.allows(target):
        return f"it sends to {target}, which is not the site's own host"
    if takes_payment(form, lang):
        return "it asks for a card or bank account"
    said = first_phrase(f"{form.heading} {form.submit_label}", lexicon(lang)["submit_refuse"])
    if said:
        return f"its words say it would {said!r}"
    return ""
