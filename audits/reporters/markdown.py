"""A Markdown summary for CI job summaries (GitHub's step summary)."""

from __future__ import annotations

from audits.model import RunResult
from audits.reporters import reporter

ICONS = {"reached": "✅", "gated": "⛔", "deflected": "↪️", "failed": "❌", "not-found": "❔", "absent": "🚫"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


@reporter("markdown", "summary.md")
def render_markdown(result: RunResult) -> str:
    lines = [f"## friction: {_cell(result.site.name)} — score {result.score}/100", ""]
    lines += ["| site | journey | persona | outcome | clicks | human time | score |",
              "| --- | --- | --- | --- | ---: | ---: | ---: |"]
    for j in result.journeys:
        outcome = f"{ICONS.get(j.outcome, '')} {j.outcome}" + (f" ({j.reason})" if j.reason else "")
        lines.append(f"| {_cell(j.site)} | {_cell(j.id)} | {j.persona} | {outcome} | {j.effort.clicks} "
                     f"| {j.effort.human_seconds:.0f} s | {j.score} |")
    lines.append("")
    for j in result.journeys:
        failed = [f for f in j.findings if not f.passed and not f.error]
        if j.outcome == "reached" and not failed:
            continue
        lines.append(f"**{_cell(j.site)} / {_cell(j.id)} [{j.persona}]**: {_cell(j.story)}")
        lines += [f"- {f.severity}: {_cell(f.title)}" for f in failed[:5]]
        lines.append("")
    return "\n".join(lines) + "\n"
