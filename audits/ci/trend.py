"""Trend charts as inline SVG (no scripts, no external assets): score, clicks and outcome per journey.

Pure functions of stored history points (`RunResult.history`), so reports stay self-contained
and `friction report DIR` draws the same chart again.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from audits.model import TrendPoint
from audits.vocab import OUTCOMES, TONES

SCORE_COLOUR = "#3451b2"
CLICKS_COLOUR = "#b26a00"
WIDTH, HEIGHT = 640, 210
LEFT, RIGHT, TOP, BOTTOM = 60, 44, 30, 58  # plot margins; the outcome row sits under the plot


@dataclass
class Chart:
    """One journey's chart and the words around it."""

    site: str
    journey: str
    persona: str
    runs: int
    svg: str
    summary: str


def series(points: list[TrendPoint]) -> dict[tuple[str, str, str], list[TrendPoint]]:
    """Points grouped by (site, journey, persona), each group in time order as stored."""
    grouped: dict[tuple[str, str, str], list[TrendPoint]] = {}
    for point in points:
        grouped.setdefault((point.site, point.journey, point.persona), []).append(point)
    return grouped


def _labels(points: list[TrendPoint]) -> list[str]:
    """'11-23 09:44' per point; with seconds when two runs share a minute."""
    short = [p.started_at[5:16].replace("T", " ") if len(p.started_at) >= 16 else p.started_at for p in points]
    if len(set(short)) == len(short):
        return short
    return [p.started_at[5:19].replace("T", " ") if len(p.started_at) >= 19 else p.started_at for p in points]


def _nice_max(value: int) -> int:
    for top in (2, 4, 5, 8, 10, 15, 20, 25, 30, 40, 50, 60, 80, 100):
        if value <= top:
            return top
    return value


def chart_svg(points: list[TrendPoint], title: str) -> str:
    """An SVG line chart: score (left axis, 0-100), clicks (right axis), an outcome dot per run."""
    n = len(points)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    clicks_max = _nice_max(max([p.clicks for p in points] + [1]))

    def x(i: int) -> float:
        return LEFT + (plot_w / 2 if n == 1 else plot_w * i / (n - 1))

    def y_score(score: float) -> float:
        return TOP + plot_h * (1 - score / 100)

    def y_clicks(clicks: float) -> float:
        return TOP + plot_h * (1 - clicks / clicks_max)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
           f'role="img" aria-label="{escape(title)}" class="trend-chart" '
           'style="max-width:640px;font:11px system-ui,sans-serif">',
           f"<title>{escape(title)}</title>"]
    for score in (0, 50, 100):  # grid and left axis
        y = y_score(score)
        out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#e3e6ec"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{SCORE_COLOUR}">{score}</text>')
    for clicks in (0, clicks_max // 2, clicks_max):
        y = y_clicks(clicks)
        out.append(f'<text x="{WIDTH - RIGHT + 6}" y="{y + 4:.1f}" fill="{CLICKS_COLOUR}">{clicks}</text>')
    out.append(f'<text x="{LEFT - 6}" y="{TOP - 12}" text-anchor="end" fill="{SCORE_COLOUR}">score</text>')
    out.append(f'<text x="{WIDTH - RIGHT + 6}" y="{TOP - 12}" fill="{CLICKS_COLOUR}">clicks</text>')
    if n > 1:
        score_line = " ".join(f"{x(i):.1f},{y_score(p.score):.1f}" for i, p in enumerate(points))
        clicks_line = " ".join(f"{x(i):.1f},{y_clicks(p.clicks):.1f}" for i, p in enumerate(points))
        out.append(f'<polyline points="{clicks_line}" fill="none" stroke="{CLICKS_COLOUR}" stroke-width="2" '
                   'stroke-dasharray="5 4"/>')
        out.append(f'<polyline points="{score_line}" fill="none" stroke="{SCORE_COLOUR}" stroke-width="2.5"/>')
    row = HEIGHT - BOTTOM + 18
    out.append(f'<text x="{LEFT - 12}" y="{row + 4}" text-anchor="end" fill="#5b6474">outcome</text>')
    label_every = max(1, (n + 5) // 6)
    labels = _labels(points)
    for i, p in enumerate(points):
        xi = x(i)
        last = i == n - 1
        tip = escape(f"{p.started_at}: {p.outcome}{' (flaky)' if p.flaky else ''}, score {p.score}, "
                     f"{p.clicks} clicks, {p.human_seconds:g} s for a person")
        out.append(f"<g><title>{tip}</title>")
        out.append(f'<rect x="{xi - 4:.1f}" y="{y_clicks(p.clicks) - 4:.1f}" width="8" height="8" '
                   f'fill="#fff" stroke="{CLICKS_COLOUR}" stroke-width="2"/>')
        out.append(f'<circle cx="{xi:.1f}" cy="{y_score(p.score):.1f}" r="{5 if last else 4}" '
                   f'fill="{SCORE_COLOUR}" stroke="#fff" stroke-width="1.5"/>')
        colour = OUTCOMES[p.outcome].colour if p.outcome in OUTCOMES else TONES["grey"].chart
        dash = ' stroke-dasharray="2 2"' if p.flaky else ""
        out.append(f'<circle cx="{xi:.1f}" cy="{row}" r="7" fill="{colour}" stroke="#1d2330" '
                   f'stroke-width="{1.5 if p.flaky else 0}"{dash}/>')
        out.append("</g>")
        if i % label_every == 0 or last:
            out.append(f'<text x="{xi:.1f}" y="{row + 26}" text-anchor="middle" fill="#5b6474">'
                       f"{escape(labels[i])}</text>")
    out.append("</svg>")
    return "".join(out)


def _summary(points: list[TrendPoint]) -> str:
    first, last = points[0], points[-1]
    outcomes = sorted({p.outcome for p in points})
    flaky = sum(1 for p in points if p.flaky)
    parts = [f"score {first.score} → {last.score}", f"clicks {first.clicks} → {last.clicks}",
             "outcomes: " + ", ".join(outcomes)]
    if flaky:
        parts.append(f"{flaky} flaky run(s)")
    return "; ".join(parts)


def charts(points: list[TrendPoint]) -> list[Chart]:
    """One chart per journey and persona, in the order the journeys first appear."""
    made = []
    for (site, journey, persona), group in series(points).items():
        title = f"{site} / {journey} [{persona}]: score, clicks and outcome over {len(group)} runs"
        made.append(Chart(site, journey, persona, len(group), chart_svg(group, title), _summary(group)))
    return made


def legend_svg() -> str:
    """The chart's key, drawn with the same marks."""
    items = [
        f'<line x1="0" y1="8" x2="22" y2="8" stroke="{SCORE_COLOUR}" stroke-width="2.5"/>'
        f'<circle cx="11" cy="8" r="4" fill="{SCORE_COLOUR}"/><text x="28" y="12">score (0-100)</text>',
        f'<line x1="120" y1="8" x2="142" y2="8" stroke="{CLICKS_COLOUR}" stroke-width="2" stroke-dasharray="5 4"/>'
        f'<rect x="127" y="4" width="8" height="8" fill="#fff" stroke="{CLICKS_COLOUR}" stroke-width="2"/>'
        '<text x="148" y="12">clicks</text>',
    ]
    x = 210
    for outcome in ("reached", "deflected", "gated", "failed", "absent"):
        items.append(f'<circle cx="{x + 7}" cy="8" r="6" fill="{OUTCOMES[outcome].colour}"/>'
                     f'<text x="{x + 17}" y="12">{outcome}</text>')
        x += 30 + 7 * len(outcome)
    items.append(f'<circle cx="{x + 7}" cy="8" r="6" fill="#fff" stroke="#1d2330" stroke-width="1.5" '
                 f'stroke-dasharray="2 2"/><text x="{x + 17}" y="12">flaky</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {x + 60} 16" width="{x + 60}" height="16" '
            'style="font:11px system-ui,sans-serif" aria-hidden="true">' + "".join(items) + "</svg>")
