"""report.html: a self-contained report (inline CSS, relative screenshots) that prints cleanly.

Everything the site said (titles, URLs, quotes, finding details) goes through jinja's autoescape;
links to anything but http(s) or a relative path are dropped (`safe_href`), and a CSP meta forbids
every script, so a site's words cannot run in the report whatever slips through.

Sections that need data this module does not compute render from `templates/sections/`:
`checks.html.j2` when the result carries `assertion_results`, `diff.html.j2` for `r.diff` (changes
since a baseline) and `history.html.j2` for `r.history` (earlier runs, for a trend), each only when
the template exists; they call the helpers their registered report section names (`Section.html`).
A template may also override the blocks `after_summary` and `after_journeys` of report.html.j2.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any
from urllib.parse import urlparse

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from audits.judge import metrics
from audits.judge.scoring import explanation
from audits.judge.story import CHANNEL_WORDS, PHONE_CONTEXTS, page_name, tell_company, worst_first
from audits.model import Finding, JourneyResult, RunResult, SiteInfo
from audits.personas import DEVICES
from audits.reporters import reporter, sections
from audits.vocab import OUTCOMES, TONES, audited, rank

# The report runs no script at all; it shows its own screenshots and styles, and sends nothing anywhere.
# The report's one script (sorting the league table) is allowed by its hash; nothing else can run,
# whatever a site managed to put in the text.
SORT_JS = files("audits.reporters").joinpath("templates/sort_table.js").read_text(encoding="utf-8")
_SORT_HASH = base64.b64encode(hashlib.sha256(SORT_JS.encode("utf-8")).digest()).decode("ascii")
CSP = ("default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; "
       f"script-src 'sha256-{_SORT_HASH}'; form-action 'none'; base-uri 'none'")

ENV = Environment(
    loader=PackageLoader("audits.reporters", "templates"),
    autoescape=select_autoescape(["html", "j2"], default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)

# What each keystroke-level-model constant of audits/judge/metrics.py stands for.
KLM_WORDS = {
    "KLM_MENTAL": "Mental step: deciding what to do next",
    "KLM_POINT": "Pointing at a link or field",
    "KLM_BUTTON": "Pressing the mouse button or tapping",
    "KLM_KEYSTROKE": "One keystroke while typing",
    "KLM_HOME": "Moving a hand between mouse and keyboard",
}


def _clamp(value: float) -> float:
    return max(0.0, min(100.0, value))


def box_style(box: dict[str, float] | None, device: str) -> str:
    """CSS placing an outline over the acted-on element, in percentages of the viewport screenshot.

    The box is in viewport CSS pixels; the screenshot is the viewport, so percentages of the
    device's viewport line it up at any displayed size. Clamped to the picture; empty when the
    element lies wholly outside it.
    """
    if not box or not all(k in box for k in ("x", "y", "width", "height")):
        return ""
    spec = DEVICES.get(device, DEVICES["desktop"])
    left, top = 100 * box["x"] / spec.width, 100 * box["y"] / spec.height
    right = 100 * (box["x"] + box["width"]) / spec.width
    bottom = 100 * (box["y"] + box["height"]) / spec.height
    left, top, right, bottom = _clamp(left), _clamp(top), _clamp(right), _clamp(bottom)
    if right - left <= 0 or bottom - top <= 0:
        return ""
    return f"left:{left:.2f}%;top:{top:.2f}%;width:{right - left:.2f}%;height:{bottom - top:.2f}%"


def safe_href(url: str | None) -> str:
    """The URL when it is http(s), mailto, tel or relative, else '#' (no javascript: or data: links from a site)."""
    if not url:
        return "#"
    scheme = urlparse(url.strip()).scheme.lower()
    return url if scheme in ("", "http", "https", "mailto", "tel") else "#"


def short_url(url: str | None, home: str | None = None) -> str:
    """Path and query of a URL on the journey's own host; host and path of any other (a social page, a help site)."""
    if not url:
        return ""
    parsed = urlparse(url)
    if not parsed.scheme:
        return url
    if parsed.scheme in ("mailto", "tel"):
        return parsed.path
    tail = parsed.path or "/"
    tail += (f"?{parsed.query}" if parsed.query else "") + (f"#{parsed.fragment}" if parsed.fragment else "")
    if home is not None and urlparse(home).netloc != parsed.netloc:
        return parsed.netloc + tail
    return tail


def journey_home(result: RunResult, journey: JourneyResult) -> str:
    """The start URL of the journey's site (whose host short URLs leave out)."""
    for site in result.sites:
        if site.id == journey.site and site.start_url:
            return site.start_url
    first = next((s.get("url") for s in journey.steps if s.get("url")), None)
    return str(first or result.site.start_url or "")


def score_class(score: int | None) -> str:
    if score is None:
        return "fair"
    return "good" if score >= 80 else "fair" if score >= 50 else "poor"


def seconds(value: float) -> str:
    """'9 s', '1 min 40 s'."""
    if value < 90:
        return f"{value:.0f} s"
    minutes, rest = divmod(round(value), 60)
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def klm_constants() -> list[tuple[str, str, float]]:
    """(name, meaning, seconds) for every KLM_* constant in audits/judge/metrics.py."""
    found = [(name, getattr(metrics, name)) for name in dir(metrics) if name.startswith("KLM_")]
    order = list(KLM_WORDS)
    found.sort(key=lambda item: (order.index(item[0]) if item[0] in order else len(order), item[0]))
    return [(name, KLM_WORDS.get(name, name[4:].replace("_", " ").capitalize()), float(value))
            for name, value in found if isinstance(value, int | float)]


def screenshot_steps(journey: JourneyResult, indexes: list[int]) -> list[dict[str, Any]]:
    """The steps among `indexes` that have a screenshot: the pictures that prove a finding."""
    wanted = set(indexes)
    return [s for s in journey.steps if s.get("index") in wanted and s.get("screenshot")]


CHANNEL_ORDER = ("phone", "form", "email", "chat", "callback", "messaging", "chatbot", "help-centre", "social")


def _rows(items: list[Any], key: Any) -> list[dict[str, Any]]:
    """Group repeated sightings of the same thing: the first one, with every URL it was seen on."""
    rows: dict[Any, dict[str, Any]] = {}
    for item in items:
        row = rows.setdefault(key(item), {"item": item, "urls": []})
        if item.url and item.url not in row["urls"]:
            row["urls"].append(item.url)
    return list(rows.values())


def phone_rows(journey: JourneyResult) -> list[dict[str, Any]]:
    """Each distinct number once (per context), with the pages it is on."""
    return _rows(journey.phones, lambda p: (p.e164 or p.display, p.context, p.tel_link, p.in_image))


def channel_rows(journey: JourneyResult) -> list[dict[str, Any]]:
    """Each distinct channel once, human channels first, with the pages it is on."""
    rows = _rows(journey.channels, lambda c: (c.kind, c.vendor, " ".join(c.label.split()), c.usable_by_new_customer))
    order = {kind: i for i, kind in enumerate(CHANNEL_ORDER)}
    return sorted(rows, key=lambda row: order.get(row["item"].kind, len(order)))


def outcome_tones() -> list[tuple[str, list[str]]]:
    """Outcome ids grouped by tone, in vocabulary order: the stylesheet colours each group alike."""
    groups: dict[str, list[str]] = {}
    for outcome in OUTCOMES.values():
        groups.setdefault(outcome.tone, []).append(outcome.id)
    return list(groups.items())


# A mark per outcome, so that outcomes read apart without colour (in grey print, for colour-blind readers).
MARKS = {"reached": "✓", "deflected": "↪", "not-found": "?", "gated": "⊘", "failed": "✕", "absent": "∅"}


def outcome_mark(outcome: str) -> str:
    return MARKS.get(outcome, "•")


def outcome_label(outcome: str) -> str:
    known = OUTCOMES.get(outcome)
    return known.label if known else outcome.replace("-", " ")


def _tint(colour: str, share: float = 0.12) -> str:
    """The colour mixed into white: the background of a pill in that colour."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * share):02x}" for c in (red, green, blue))


def tone_vars() -> str:
    """CSS custom properties for each tone: `--good` and its background `--good-bg`, from the vocabulary."""
    return " ".join(f"--{t.id}:{t.chart}; --{t.id}-bg:{_tint(t.chart)};" for t in TONES.values())


def shot_size(device: str) -> tuple[int, int]:
    """Width and height of a screenshot in CSS pixels: the device's viewport (the page keeps its layout)."""
    spec = DEVICES.get(device, DEVICES["desktop"])
    return spec.width, spec.height


SEVERITY_RANK = {"critical": 0, "major": 1, "minor": 2, "info": 3}


@dataclass
class Proof:
    """One of a company's biggest findings, with the journey it was seen on and its first screenshot."""

    finding: Finding
    journey: JourneyResult
    number: int  # the journey's place in the report (its anchor is #j<number>)
    shot: dict[str, Any] | None


@dataclass
class Company:
    """One audited site: its journeys, the customer's paragraph and the three biggest findings."""

    site: SiteInfo
    journeys: list[JourneyResult]
    numbers: dict[int, int]  # id(journey) -> its place in the report
    story: str = ""
    proofs: list[Proof] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"company-{self.site.id or 'site'}"

    @property
    def score(self) -> int:
        return self.site.score if self.site.score is not None else 100

    def number(self, journey: JourneyResult) -> int:
        return self.numbers[id(journey)]

    def worst(self, goal: str) -> JourneyResult | None:
        """The worst journey towards `goal`, whatever the persona."""
        found = [j for j in worst_first(self.journeys) if j.goal == goal]
        return found[0] if found else None


def _proofs(journeys: list[JourneyResult], numbers: dict[int, int], limit: int = 3) -> list[Proof]:
    """The biggest failed findings over a company's journeys: by severity, then on the worst journey; each id once."""
    candidates = [(f, j) for j in journeys for f in failed(j) if f.severity != "info"]
    # Of equally severe findings, one with a screenshot to show goes first.
    candidates.sort(key=lambda fj: (SEVERITY_RANK.get(fj[0].severity, 9), not screenshot_steps(fj[1], fj[0].steps),
                                    -rank(fj[1].outcome), fj[1].score))
    chosen: dict[str, Proof] = {}
    for finding, journey in candidates:
        if finding.id not in chosen and len(chosen) < limit:
            shots = screenshot_steps(journey, finding.steps)
            chosen[finding.id] = Proof(finding, journey, numbers[id(journey)], shots[-1] if shots else None)
    return list(chosen.values())


def companies(result: RunResult) -> list[Company]:
    """Every site of the run with its journeys, paragraph and biggest findings; worst score first."""
    numbers = {id(j): n for n, j in enumerate(result.journeys, 1)}
    sites = result.sites or [result.site]
    made = []
    for site in sites:
        mine = [j for j in result.journeys if j.site == site.id or len(sites) == 1]
        if mine:
            made.append(Company(site, mine, numbers, tell_company(mine), _proofs(mine, numbers)))
    return sorted(made, key=lambda c: (c.score, c.site.name.lower())) if len(made) > 1 else made


def goals(result: RunResult) -> list[str]:
    """The goals of the run, in the order they first appear."""
    return list(dict.fromkeys(j.goal for j in result.journeys))


def failed(journey: JourneyResult) -> list[Any]:
    return [f for f in journey.findings if not f.passed and not f.error]


ENV.globals.update(box_style=box_style, companies=companies, goals=goals, shot_size=shot_size,
                   tone_vars=tone_vars, outcome_mark=outcome_mark, outcome_label=outcome_label, rank=rank,
                   audited=audited,
                   journey_home=journey_home, klm_constants=klm_constants,
                   screenshot_steps=screenshot_steps, failed=failed, phone_rows=phone_rows, channel_rows=channel_rows,
                   channel_words=CHANNEL_WORDS,
                   phone_contexts=PHONE_CONTEXTS, outcomes=OUTCOMES, outcome_tones=outcome_tones)
ENV.filters.update(score_class=score_class, safe_href=safe_href, short_url=short_url, seconds=seconds,
                   page_name=page_name)


@reporter("html", "report.html")
def render_html(result: RunResult) -> str:
    helpers = {name: helper for section in sections() for name, helper in section.html.items()}
    return ENV.get_template("report.html.j2").render(r=result, how_scored=explanation(), csp=Markup(CSP),
                                                       sort_js=Markup(SORT_JS), **helpers)
