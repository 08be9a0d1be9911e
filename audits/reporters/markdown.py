"""A Markdown summary for CI job summaries (GitHub's step summary, `$GITHUB_STEP_SUMMARY`).

Everything the site said is escaped (`md`): HTML tags cannot open, table cells cannot break
out of their column, links and emphasis cannot be injected.

Registered report sections (`audits.reporters.SECTIONS`) add their lines after the summary table,
e.g. the CI gate with the changes since a baseline when the result carries `diff`.
"""

from __future__ import annotations

import re

from audits.model import Finding, JourneyResult, RunResult
from audits.reporters import reporter, sections
from audits.vocab import OUTCOMES, audited

# Markdown and HTML specials; `&`, `<` and `>` become entities, the rest get a backslash.
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
DETAIL_LIMIT = 200



def md(text: object, limit: int | None = None) -> str:
    """Text safe inside a table cell or a paragraph: one line, escaped, optionally shortened."""
    line = " ".join(str(text if text is not None else "").split())
    if limit and len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    line = _SPECIAL.sub(r"\\\1", line)
    return "".join(_ENTITIES.get(ch, ch) for ch in line)


def failed(journey: JourneyResult) -> list[Finding]:
    return [f for f in journey.findings if not f.passed and not f.error]


def _outcome(j: JourneyResult) -> str:
    reason = f" ({md(j.reason)})" if j.reason else ""
    return f"{OUTCOMES[j.outcome].icon} {md(j.outcome)}{reason}"


def _human(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.1f} min"


def _headline(result: RunResult) -> list[str]:
    reached = sum(1 for j in result.journeys if j.outcome == "reached")
    unaudited = sum(1 for j in result.journeys if not audited(j.outcome))
    count = len(result.journeys)
    sites = f" on {len(result.sites)} sites" if len(result.sites) > 1 else ""
    down = f", {unaudited} could not reach the site" if unaudited else ""
    return [
        f"## friction: {md(result.site.name)} — score {result.score}/100",
        "",
        f"{count} journey{'s' if count != 1 else ''}{sites}: {reached} reached the goal, "
        f"{count - reached - unaudited} did not{down}.",
        "",
    ]


def _table(result: RunResult) -> list[str]:
    multi = len({j.site for j in result.journeys}) > 1
    head = ["site"] if multi else []
    lines = ["| " + " | ".join([*head, "journey", "persona", "outcome", "clicks", "human time", "score"]) + " |",
             "| " + " | ".join(["---"] * (len(head) + 3) + ["---:"] * 3) + " |"]
    for j in result.journeys:
        site = [md(j.site)] if multi else []
        cells = [*site, md(j.id), md(j.persona), _outcome(j), str(j.effort.clicks), _human(j.effort.human_seconds),
                 str(j.score)]
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def _stories(result: RunResult) -> list[str]:
    multi = len({j.site for j in result.journeys}) > 1
    lines = ["### What a customer would tell you", ""]
    for j in result.journeys:
        where = f"{md(j.site)} · " if multi else ""
        lines.append(f"- {OUTCOMES[j.outcome].icon} **{where}{md(j.id)}** ({md(j.persona)}): {md(j.story)}")
    return [*lines, ""]


def _findings(result: RunResult, per_journey: int = 3) -> list[str]:
    rows = [(j, f) for j in result.journeys for f in failed(j)[:per_journey]]
    if not rows:
        return ["No failed findings.", ""]
    lines = ["### Top findings", "", "| journey | severity | finding | detail |", "| --- | --- | --- | --- |"]
    for j, f in rows:
        label = f"{md(j.site)} · {md(j.id)} ({md(j.persona)})" if j.site else f"{md(j.id)} ({md(j.persona)})"
        lines.append(f"| {label} | {md(f.severity)} | {md(f.title)} | {md(f.detail, DETAIL_LIMIT)} |")
    return [*lines, ""]


@reporter("markdown", "summary.md")
def render_markdown(result: RunResult) -> str:
    lines = _headline(result) + _table(result)
    for section in sections():
        lines += section.markdown(result) if section.markdown else []
    lines += _stories(result) + _findings(result)
    lines.append(f"<sub>friction {md(result.tool_version)} · the full evidence is in report.html</sub>")
    return "\n".join(lines) + "\n"
