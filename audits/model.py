"""The data model: page facts, step records, journey evidence, findings and results."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer, model_validator

from audits.vocab import Outcome

SCHEMA_VERSION = 1

Severity = Literal["critical", "major", "minor", "info"]


def journey_key(site: str, journey: str, persona: str, repeat: int = 0) -> str:
    """The name a journey's evidence is saved under: site, journey and persona, and the repetition after the first."""
    base = f"{site}__{journey}__{persona}"
    return f"{base}__r{repeat + 1}" if repeat else base


def failed_page_loads(requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The page loads (main frame) among recorded requests that answered 4xx/5xx; not images or trackers."""
    return [r for r in requests if r.get("navigation") and (r.get("status") or 0) >= 400]


class Record(BaseModel):
    """Base for every model: tolerant of extra keys so newer files load in older tools."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True, exclude_none=False)


class Link(Record):
    """An actionable element as the browser rendered it."""

    fid: str = ""
    tag: str = "a"
    text: str = ""
    name: str = ""
    href: str | None = None
    role: str = ""
    region: str = "main"
    expanded: bool | None = None
    visible: bool = True
    x: float = 0
    y: float = 0
    w: float = 0
    h: float = 0
    new_tab: bool = False
    submit: bool = False
    controls: str = ""
    # How a person makes a hidden link visible: the element to act on and how ("click" or "hover").
    opener: str = ""
    reveal: str = ""
    frame: str = ""  # the URL of the same-origin iframe document the link sits in ("" for the page itself)
    shadow: bool = False  # inside an open shadow root


class FormField(Record):
    """One input of a form, with the label a person reads."""

    tag: str = "input"
    type: str = "text"
    name: str = ""
    label: str = ""
    required: bool = False
    visible: bool = True
    autocomplete: str = ""
    options: list[str] = Field(default_factory=list)
    # Carries a name attribute: only named fields are sent when the browser posts the form.
    named: bool = True
    fid: str = ""  # its data-friction-id: how a journey that fills the form finds it again


class FormFacts(Record):
    """A form (or a group of inputs acting as one, method "script") with its submit control."""

    id: str = ""
    action: str = ""
    method: str = "get"
    fields: list[FormField] = Field(default_factory=list)
    submit_label: str = ""
    heading: str = ""
    captcha: bool = False
    # The submit control's declared type: "submit", "default" (a <button> without one), "button", or
    # "none" when there is no control; None when the reader did not record it.
    submit_type: str | None = None
    # The control is switched off: disabled, aria-disabled or `pointer-events: none`.
    submit_disabled: bool = False
    submit_fid: str = ""  # the control's data-friction-id ("" when there is none)

    @property
    def outside_form(self) -> bool:
        """Inputs outside any <form>: the browser cannot send them by itself."""
        return self.method == "script"

    @property
    def visible_fields(self) -> list[FormField]:
        return [f for f in self.fields if f.visible and f.type not in ("hidden", "submit", "button")]

    @property
    def required_fields(self) -> list[FormField]:
        return [f for f in self.visible_fields if f.required]


class TextBlock(Record):
    """A run of page text and where it stands: header, nav, main, footer, aside, dialog, article, comment, frame."""

    region: str = "main"
    text: str = ""
    frame: str = ""


class PageFacts(Record):
    """What a customer could see and use on one rendered page."""

    url: str = ""
    title: str = ""
    status: int | None = None
    text: str = ""
    lang: str = ""
    headings: list[str] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    forms: list[FormFacts] = Field(default_factory=list)
    images: list[dict[str, str]] = Field(default_factory=list)
    frames: list[str] = Field(default_factory=list)
    scripts: list[str] = Field(default_factory=list)
    widgets: list[str] = Field(default_factory=list)
    alerts: list[str] = Field(default_factory=list)
    invalid_fields: int = 0
    overlays: list[dict[str, Any]] = Field(default_factory=list)
    signature: str = ""
    # The same text as `text`, split by where it stands on the page (phones rank by place).
    blocks: list[TextBlock] = Field(default_factory=list)
    # What the read could not take whole ("text", "links", "frame: URL"...): a cut read breaks a proof of absence.
    truncated: list[str] = Field(default_factory=list)
    cross_origin_frames: list[str] = Field(default_factory=list)
    # Set when the page shown is the browser's own error page (e.g. "net::ERR_CONNECTION_REFUSED").
    error_page: str = ""

    @model_validator(mode="after")
    def _text_from_blocks(self) -> PageFacts:
        if not self.text and self.blocks:
            self.text = "\n".join(block.text for block in self.blocks)
        return self

    @model_serializer(mode="wrap")
    def _text_once(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Saved evidence keeps the page's text once: `text` is rebuilt from `blocks` when they hold it all."""
        data: dict[str, Any] = handler(self)
        if self.blocks and self.text == "\n".join(block.text for block in self.blocks):
            data["text"] = ""
        return data


class BrowserEvents(Record):
    """What the browser reported while a step's page was in front of us."""

    console_errors: list[str] = Field(default_factory=list)
    page_errors: list[str] = Field(default_factory=list)
    failed_requests: list[dict[str, Any]] = Field(default_factory=list)
    dialogs: list[str] = Field(default_factory=list)
    popups: list[str] = Field(default_factory=list)
    redirects: list[str] = Field(default_factory=list)
    # Requests the egress policy refused: {url, reason, how (request, redirect, websocket), page (the page load)}.
    refused: list[dict[str, Any]] = Field(default_factory=list)
    # Files the page handed over (cancelled, never saved), and the main frame's document loads (a page
    # that keeps loading itself is a loop).
    downloads: list[str] = Field(default_factory=list)
    loads: list[str] = Field(default_factory=list)

    def add(self, more: BrowserEvents) -> None:
        for name in BrowserEvents.model_fields:
            getattr(self, name).extend(getattr(more, name))


class AxeIssue(Record):
    """One axe-core violation on the page a step acted on, kept small: never the full axe report."""

    rule: str
    impact: str = ""
    help: str = ""
    targets: list[str] = Field(default_factory=list)
    clicked: bool = False  # the element this step clicked is one of the violation's nodes


class StepRecord(BrowserEvents):
    """Facts about one step: what was done, where, how long it took and what the page said."""

    index: int
    action: str
    target: str | None = None
    url: str = ""
    title: str = ""
    ok: bool = True
    error: str | None = None
    ms: int = 0
    status: int | None = None
    screenshot: str | None = None
    shot_box: dict[str, float] | None = None
    html: str | None = None
    note: str = ""
    backtrack: bool = False
    facts: PageFacts | None = None
    options: int = 0
    fields_filled: int = 0
    keystrokes: int = 0
    a11y: list[AxeIssue] | None = None  # axe on the page this step acted on (None: not checked)
    # Taken from the shared crawl (the site model): the page as another read of it showed it, no browser action.
    from_model: bool = False


class Phone(Record):
    """A phone number a customer could call, where it was seen and what it is for."""

    e164: str
    display: str
    url: str = ""
    tel_link: bool = False
    context: str = "general"
    in_image: bool = False
    step: int | None = None
    # Where on the page it stands (header, footer, main, article, ...): numbers rank by place.
    place: str = "main"
    # False when libphonenumber says no such number exists, though the page shows it as one.
    valid: bool = True
    # What a tel: link's visible text spells when that is not the number it dials.
    shown_as: str = ""


class Channel(Record):
    """A way to reach a human: form, email, chat, phone, help centre, callback or social."""

    kind: str
    url: str = ""
    usable_by_new_customer: bool = True
    label: str = ""
    vendor: str = ""
    step: int | None = None


class Gate(Record):
    """Something that stands between a new customer and the goal."""

    kind: str
    url: str = ""
    evidence: str = ""
    step: int | None = None
    # A CAPTCHA on a form closes that form, not the page: the other channels on offer stay open.
    on_form: bool = False


class CoverageGap(Record):
    """Something the journey could not cover: it breaks the proof that the goal is absent."""

    kind: Literal["budget", "robots", "load-failed", "read-cut", "unvisited"]
    url: str = ""
    detail: str = ""


class Coverage(Record):
    """How much of the site the journey saw: `complete` (no gaps) is needed before anything is called absent."""

    pages_seen: int = 0
    pages_known: int = 0
    complete: bool = False
    sitemap: bool = False
    gaps: list[CoverageGap] = Field(default_factory=list)
    cross_origin_frames: list[str] = Field(default_factory=list)


class Budget(Record):
    """How far a journey may go before it gives up."""

    clicks: int = 8
    pages: int = 40
    seconds: float = 120


class RankedGate(Record):
    """A gate seen on the way, with how strongly the way to it promised the goal."""

    relevance: float
    gate: Gate


class Failure(Record):
    """Something that broke the journey (a page error, a failed step), and how much it mattered."""

    reason: str
    detail: str
    relevance: float = 1.0
    step: int | None = None
    url: str | None = None


class Reach(Record):
    """Where the goal was met: the step, the page and the path of steps that led there."""

    step: int
    url: str
    detail: str = ""
    required_fields: int = 0
    path: list[int] = Field(default_factory=list)


class SentField(Record):
    """One field a journey filled in: its label, what it was read as asking for, the value (secrets masked)."""

    label: str
    asks: str
    value: str = ""
    required: bool = False


class Completion(Record):
    """What happened when a journey filled in and sent the form it was after (vocab.COMPLETIONS)."""

    submitted: bool = False
    result: str = "not-tried"
    fields_filled: int = 0
    errors_shown: list[str] = Field(default_factory=list)
    attempts: int = 0
    form: str = ""  # the form's heading or button, as the page shows it
    url: str = ""  # where the form was
    detail: str = ""
    fields: list[SentField] = Field(default_factory=list)
    # What went out on each submit: method, path and the status it answered (never the body).
    requests: list[dict[str, Any]] = Field(default_factory=list)
    step: int | None = None  # the last submit


class Sightings(Record):
    """What a journey saw, recorded in the browser; the judge decides the outcome from it."""

    phones: list[Phone] = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=list)
    gates: list[RankedGate] = Field(default_factory=list)
    failures: list[Failure] = Field(default_factory=list)
    deflections: list[str] = Field(default_factory=list)
    reached: Reach | None = None
    completion: Completion | None = None
    signed_in: Completion | None = None  # how an existing customer's sign-in went, before the journey


class JourneyEvidence(Record):
    """Everything recorded for one journey and persona: the input to every detector."""

    id: str
    goal: str
    persona: str = "new-desktop"
    persona_kind: str = "new-customer"
    device: str = "desktop"
    kind: Literal["scripted", "goal"] = "scripted"
    site: str = ""
    start_url: str = ""
    region: str = "US"
    started_at: str = ""
    wall_seconds: float = 0
    # The verdict: decided by the judge from `sightings` (judge/verdict.py); stored by older runs only.
    outcome: Outcome = "failed"
    reason: str | None = None
    reason_detail: str = ""
    target_url: str | None = None
    budget: Budget = Field(default_factory=Budget)
    coverage: Coverage | None = None
    steps: list[StepRecord] = Field(default_factory=list)
    phones: list[Phone] = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=list)
    gates: list[Gate] = Field(default_factory=list)
    required_fields: int = 0
    path: list[int] = Field(default_factory=list)
    sightings: Sightings | None = None

    repeat: int = 0
    # Files beside the evidence, relative to the run folder: {"trace": "traces/k.zip", "har": "har/k.har"}.
    artifacts: dict[str, str] = Field(default_factory=dict)

    @property
    def key(self) -> str:
        return journey_key(self.site, self.id, self.persona, self.repeat)


class Finding(Record):
    """A named, proven piece of friction (or its absence) from one detector."""

    id: str
    passed: bool
    severity: Severity = "minor"
    title: str
    why: str = ""
    detail: str = ""
    category: str = ""
    steps: list[int] = Field(default_factory=list)
    error: bool = False


class Effort(Record):
    """What the journey cost a customer."""

    clicks: int = 0
    pages: int = 0
    backtracks: int = 0
    fields: int = 0
    required_fields: int = 0
    options: int = 0
    overlays: int = 0
    seconds: float = 0
    human_seconds: float = 0


class RepeatSample(Record):
    """One of N repeated runs of a journey (`--runs N`): its own verdict, effort and score."""

    outcome: str
    reason: str | None = None
    score: int = 100
    effort: Effort = Field(default_factory=Effort)


class Leaving(Record):
    """What ending a membership took along the way out: clicks (the final button included), pages, the
    choices on those pages and the retention offers ("Are you sure?", "50% off") passed."""

    clicks: int = 0
    pages: int = 0
    options: int = 0
    offers: int = 0


class Asymmetry(Record):
    """Per site, what joining cost beside leaving, and new beside existing customers per goal (clicks)."""

    site: str
    joining_clicks: int | None = None
    leaving: Leaving | None = None
    ratio: float | None = None  # leaving clicks per joining click
    by_goal: dict[str, dict[str, int]] = Field(default_factory=dict)  # goal -> persona kind -> clicks
    said: str = ""


class JourneyResult(Record):
    """The judged journey: verdict, effort, findings and score (one entry of result.json)."""

    id: str
    goal: str
    persona: str
    site: str = ""
    device: str = "desktop"
    kind: str = "scripted"
    outcome: Outcome
    reason: str | None = None
    reason_detail: str = ""
    target_url: str | None = None
    effort: Effort = Field(default_factory=Effort)
    score: int = 100
    phones: list[Phone] = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=list)
    gates: list[Gate] = Field(default_factory=list)
    coverage: Coverage | None = None
    findings: list[Finding] = Field(default_factory=list)
    steps: list[dict[str, Any]] = Field(default_factory=list)
    story: str = ""
    flaky: bool = False
    repeats: list[RepeatSample] = Field(default_factory=list)
    completion: Completion | None = None
    persona_kind: str = "new-customer"
    leaving: Leaving | None = None
    artifacts: dict[str, str] = Field(default_factory=dict)  # the Playwright trace and HAR kept for it


class SiteInfo(Record):
    """An audited site and its score."""

    id: str = ""
    name: str
    start_url: str
    score: int | None = None


class RunResult(Record):
    """The whole run: the `result.json` contract."""

    schema_version: int = SCHEMA_VERSION
    tool_version: str
    started_at: str
    site: SiteInfo
    sites: list[SiteInfo] = Field(default_factory=list)
    score: int = 100
    suite: str = ""
    assertions: dict[str, Any] = Field(default_factory=dict)
    journeys: list[JourneyResult] = Field(default_factory=list)
    # CI (docs/ci.md): repetitions, evaluated `assert:` rules, changes since a baseline, earlier runs.
    runs: int = 1
    assertion_results: list[AssertionResult] = Field(default_factory=list)
    diff: RunDiff | None = None
    history: list[TrendPoint] = Field(default_factory=list)
    # What `friction report` could not read from damaged evidence, and why; the rest is judged as usual.
    skipped: list[str] = Field(default_factory=list)
    # Joining against leaving, and new against existing customers, per site (judge/asymmetry.py).
    asymmetry: list[Asymmetry] = Field(default_factory=list)


class AssertionResult(Record):
    """One `assert:` rule applied to one journey (or to the run): passed or not, at its level."""

    name: str
    level: Literal["warn", "error"] = "error"
    passed: bool = True
    site: str = ""
    journey: str = ""
    persona: str = ""
    expected: str = ""
    actual: str = ""
    message: str = ""
    source: str = ""
    flaky: bool = False


class MetricChange(Record):
    """A number before and after, its delta and whether that is beyond the tolerance."""

    name: str
    before: float
    after: float
    delta: float
    tolerance: str = ""
    regression: bool = False


class JourneyChange(Record):
    """What changed for one journey and persona since the baseline."""

    site: str
    journey: str
    persona: str
    status: Literal["changed", "unchanged", "new", "removed"] = "unchanged"
    outcome_before: str | None = None
    outcome_after: str | None = None
    reason_before: str | None = None
    reason_after: str | None = None
    metrics: list[MetricChange] = Field(default_factory=list)
    findings_appeared: list[str] = Field(default_factory=list)
    findings_vanished: list[str] = Field(default_factory=list)
    phones_appeared: list[str] = Field(default_factory=list)
    phones_vanished: list[str] = Field(default_factory=list)
    regressions: list[str] = Field(default_factory=list)
    flaky: bool = False

    @property
    def regression(self) -> bool:
        """A regression fails the build unless the journey is flaky."""
        return bool(self.regressions) and not self.flaky


class RunDiff(Record):
    """The run compared with a baseline result.json."""

    baseline_started_at: str = ""
    baseline_tool_version: str = ""
    score_before: int = 100
    score_after: int = 100
    journeys: list[JourneyChange] = Field(default_factory=list)

    @property
    def regressions(self) -> list[JourneyChange]:
        return [c for c in self.journeys if c.regression]

    @property
    def changed(self) -> list[JourneyChange]:
        return [c for c in self.journeys if c.status != "unchanged"]


class TrendPoint(Record):
    """One journey in one stored run: what the trend chart draws."""

    run_id: str
    started_at: str
    site: str
    journey: str
    persona: str
    outcome: str
    score: int
    clicks: int = 0
    human_seconds: float = 0
    flaky: bool = False
