"""The shared words: outcomes, reason codes, gate kinds and step actions, each defined once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol, TypeVar

# The static form of OUTCOMES' ids, for type checkers and pydantic fields (tests keep the two equal).
Outcome = Literal["reached", "gated", "deflected", "failed", "not-found", "absent", "error"]
GateKind = Literal["login", "account-number", "address", "captcha", "app-only", "existing-customers-only"]


class _Named(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=_Named)


def _by_id(*records: R) -> dict[str, R]:
    """A table of records keyed by id, in the order given."""
    return {record.id: record for record in records}


@dataclass(frozen=True)
class Tone:
    """A colour family shared by outcomes that read alike: CSS variables, chart colour, terminal colour."""

    id: str
    chart: str
    terminal: str


TONES: dict[str, Tone] = _by_id(
    Tone("good", "#1a7f4b", "green"),
    Tone("fair", "#b26a00", "yellow"),
    Tone("poor", "#c2272d", "red"),
    # A wall is not a breakage: gated reads apart from failed in every report, in colour and in mark.
    Tone("wall", "#7b3294", "red"),
    Tone("unsure", "#3d5a99", "yellow"),
    # On a terminal `absent` stays a warning like `not-found`: nothing broke, the goal is just not there.
    Tone("grey", "#6b7280", "yellow"),
    # The tool's trouble, not the site's: told apart from every friction colour.
    Tone("tool", "#0e7490", "magenta"),
)


@dataclass(frozen=True)
class OutcomeWord:
    """One outcome: how bad it is, and how each report says and colours it."""

    id: str
    rank: int  # worse is larger: a regression is a move to a larger rank
    label: str  # the report's pill
    said: str  # how a customer's story opens
    icon: str  # Markdown
    tone: str

    @property
    def colour(self) -> str:
        return TONES[self.tone].chart


OUTCOMES: dict[str, OutcomeWord] = _by_id(
    OutcomeWord("reached", 0, "reached", "It worked", "✅", "good"),
    OutcomeWord("gated", 2, "gated", "Turns out you can't", "⛔", "wall"),
    OutcomeWord("deflected", 1, "deflected", "Nobody to talk to", "↪️", "fair"),
    OutcomeWord("failed", 5, "failed", "The site broke the journey", "❌", "poor"),
    OutcomeWord("not-found", 3, "not found", "Gave up", "❔", "unsure"),
    OutcomeWord("absent", 4, "absent", "It isn't there", "🚫", "grey"),
    # The site could not be reached at all: no verdict on it, no findings, no score, exit 1.
    OutcomeWord("error", 6, "could not audit", "Could not audit the site", "⚠️", "tool"),
)
OUTCOME_RANK: dict[str, int] = {o.id: o.rank for o in OUTCOMES.values()}
UNRANKED = 99  # an outcome this version does not know ranks below every known one


def rank(outcome: str) -> int:
    return OUTCOME_RANK.get(outcome, UNRANKED)


def audited(outcome: str) -> bool:
    """Whether the journey saw the site at all: every outcome but `error` says something about the site."""
    return outcome != "error"


@dataclass(frozen=True)
class Gate:
    """Something in front of the goal: what the verdict says the site does, and how a customer says it."""

    id: str
    does: str  # "the site ..." in a verdict's detail
    said: str  # the story's words for the `gated` reason of the same id


GATES: dict[str, Gate] = _by_id(
    Gate("login", "asks a new customer to sign in", "the way forward asks you to log in first"),
    Gate("account-number", "asks for an existing account number",
         "it asks for an existing account number before anything else"),
    Gate("address", "stops at a service-address check", "it wants a service address before it shows you anything"),
    Gate("captcha", "puts a CAPTCHA in the way", "a CAPTCHA stands in the way"),
    Gate("app-only", "sends you to download the app", "it sends you off to download the app"),
    Gate("existing-customers-only", "says it is for existing customers only", "it is for existing customers only"),
)


@dataclass(frozen=True)
class Reason:
    """A reason code: the outcome it explains and the words a customer would use for it."""

    id: str
    outcome: str
    said: str


REASONS: dict[str, Reason] = _by_id(
    *(Reason(g.id, "gated", g.said) for g in GATES.values()),
    Reason("chat-only", "deflected", "the only way in is a chat window; no phone number, no email, no form"),
    Reason("faq-loop", "deflected", "every 'contact us' leads back into help articles"),
    Reason("social-only", "deflected", "the only contact offered is social media"),
    Reason("self-service-only", "deflected", "only self-service pages, no human channel"),
    Reason("silent-error", "failed", "the form was sent and nothing happened: no confirmation, no error"),
    Reason("visible-error", "failed", "it showed an error and went no further"),
    Reason("loop", "failed", "it went round in circles"),
    Reason("wrong-credentials", "failed", "the site did not take the customer's own e-mail and password"),
    Reason("second-factor", "failed", "signing in asked for a code the audit cannot give"),
    Reason("no-sign-in", "failed", "there was no way to sign in"),
    Reason("form-loop", "failed", "the form came back empty after every try, without a word of why"),
    Reason("dead-end", "failed", "a link led nowhere"),
    Reason("http-error", "failed", "a page came back broken"),
    Reason("timeout", "failed", "a page never finished loading"),
    Reason("no-connection", "failed", "a page could not be reached: no such address, or nobody answering there"),
    Reason("network-error", "failed", "the connection to the site broke off"),
    Reason("download", "failed", "a link handed over a file to download instead of a page"),
    Reason("dialog-storm", "failed", "the page kept throwing up one message box after another"),
    Reason("page-closed", "failed", "the page closed its own window"),
    Reason("memory", "failed", "a page kept eating memory until it had to be stopped"),
    Reason("unresponsive", "failed", "a page froze: its own script never let it respond"),
    Reason("step-failed", "failed", "a step could not be done"),
    Reason("expectation-failed", "failed", "the page did not show what it should have"),
    Reason("crash", "failed", "the run stopped before the journey finished"),
    Reason("blocked", "failed", "the site blocked the visit"),
    Reason("egress-refused", "failed",
           "the site sent the browser to a private or internal address, which friction refuses"),
    Reason("budget-spent", "not-found", "the click budget ran out"),
    Reason("robots-disallowed", "not-found", "the site's robots.txt keeps crawlers from the pages that may have it"),
    Reason("pages-failed", "not-found", "some pages that may have it would not load"),
    Reason("read-cut", "not-found", "some pages were too big to read whole"),
    Reason("pages-unvisited", "not-found", "some pages that may have it were never reached"),
    Reason("not-on-site", "absent", "no page within reach has it"),
    Reason("unreachable", "error", "the site did not answer"),
)


@dataclass(frozen=True)
class CompletionWord:
    """What sending a form came to (`completion.result`): the verdict it makes, and how a story says it."""

    id: str
    said: str  # "it ..." in a story
    # The failed verdict's reason when the journey fails on it; a gate kind when it is `gated`; None: reached.
    fails: str | None = None
    gate: str | None = None


COMPLETIONS: dict[str, CompletionWord] = _by_id(
    CompletionWord("not-tried", "was found but not tried (nothing is sent without --submit)"),
    CompletionWord("refused", "was not sent: friction never sends a payment form, nor one that orders, "
                   "charges or deletes, nor one on another site"),
    CompletionWord("account-created", "created the account"),
    CompletionWord("pending-approval", "created an account that waits for an administrator's approval"),
    CompletionWord("email-verification", "created an account that waits for a link sent by e-mail"),
    CompletionWord("message-sent", "sent the message, and the site confirmed it"),
    CompletionWord("validation-error", "was refused with an error the customer could not get past",
                   fails="visible-error"),
    CompletionWord("silent-failure", "went out and nothing happened: no confirmation, no error",
                   fails="silent-error"),
    CompletionWord("loop", "came back empty, with no message, after a valid entry", fails="form-loop"),
    CompletionWord("server-error", "broke the site: it answered with a server error", fails="http-error"),
    CompletionWord("captcha", "stopped at a CAPTCHA", gate="captcha"),
    # Signing in as an existing customer (journeys/login.py).
    CompletionWord("logged-in", "let the customer in"),
    CompletionWord("wrong-credentials", "did not accept the customer's own e-mail and password",
                   fails="wrong-credentials"),
    CompletionWord("second-factor", "asked for a second factor (a code) the audit cannot give", fails="second-factor"),
    CompletionWord("no-sign-in", "was not found", fails="no-sign-in"),
    # Ending a membership (journeys/leaving.py).
    CompletionWord("cancelled", "ended the membership, and the site confirmed it"),
    CompletionWord("not-cancelled", "did not end the membership: no confirmation followed", fails="silent-error"),
    # Only while a journey fills a form in several steps: the page asked for the next one and the budget ended.
    CompletionWord("next-step", "led to another step that was not sent"),
)


def reasons_for(outcome: str) -> tuple[str, ...]:
    """The reason codes that may explain `outcome` (none for `reached`)."""
    return tuple(r.id for r in REASONS.values() if r.outcome == outcome)


@dataclass(frozen=True)
class StepAction:
    """A kind of recorded step, and what it costs a person (judge/metrics.py) or does to the page."""

    id: str
    click: bool = False  # a forward click: counted in `clicks`
    pointer: bool = False  # the person points and presses (keystroke-level model)
    entry: bool = False  # the person enters data into a form field
    waits: bool = False  # the page loads or changes: its measured time is the person's wait too
    navigates: bool = False  # may bring the browser to another page
    loads: bool = False  # loads a URL itself: a failure there is the site's, not a missed target

    @property
    def watches(self) -> bool:
        """Only looks at the page (expect, wait, screenshot): the customer does nothing."""
        return not (self.pointer or self.entry or self.navigates)


STEP_ACTIONS: dict[str, StepAction] = _by_id(
    StepAction("goto", waits=True, navigates=True, loads=True),
    StepAction("click", click=True, pointer=True, waits=True, navigates=True),
    StepAction("open-menu", click=True, pointer=True, waits=True, navigates=True),
    # Pointing at a menu that opens on hover: a move of the mouse, not a click.
    StepAction("hover", pointer=True, waits=True),
    StepAction("submit", click=True, pointer=True, waits=True, navigates=True),
    # Closing a pop-up and going back are counted as overlays and backtracks, not clicks.
    StepAction("dismiss", pointer=True, waits=True),
    StepAction("back", pointer=True, waits=True, navigates=True, loads=True),
    StepAction("fill", entry=True),
    StepAction("select", entry=True),
    StepAction("check", pointer=True, entry=True),
    StepAction("press", waits=True, navigates=True),
    StepAction("wait_for", waits=True),
    StepAction("expect"),
    StepAction("screenshot"),
)


def actions(flag: str) -> tuple[str, ...]:
    """The step actions with `flag` set, e.g. actions("click")."""
    return tuple(a.id for a in STEP_ACTIONS.values() if getattr(a, flag))
