"""The forms a run filled in and sent, in every report: what came of each and every field sent (secrets masked).

- HTML: `templates/sections/forms.html.j2`, calling `sent_forms(result)`.
- Markdown: `markdown_lines(result)`, a section of summary.md.
"""

from __future__ import annotations

from audits.model import Completion, JourneyResult, RunResult
from audits.reporters import SECTIONS, Section
from audits.reporters.markdown import md
from audits.vocab import COMPLETIONS


def sent_forms(result: RunResult) -> list[tuple[JourneyResult, Completion]]:
    """Each journey that found the form its goal is after, with what came of it."""
    return [(j, j.completion) for j in result.journeys if j.completion is not None]


def markdown_lines(result: RunResult) -> list[str]:
    found = sent_forms(result)
    if not found:
        return []
    lines = ["### Forms tried", ""]
    for journey, done in found:
        said = COMPLETIONS[done.result].said
        lines.append(f"- **{md(journey.site)} · {md(journey.id)}** ({md(journey.persona)}): the “{md(done.form)}” "
                     f"form {md(said)}" + (f" — {md(done.detail)}" if done.detail else ""))
        if done.fields:
            sent = "; ".join(f"{f.label}: {f.value}" for f in done.fields)
            lines.append(f"  - sent ({done.attempts} {'try' if done.attempts == 1 else 'tries'}): {md(sent)}")
        for error in done.errors_shown:
            lines.append(f"  - the page said: {md(error)}")
    return [*lines, ""]


SECTIONS.add("forms-sent", Section(markdown=markdown_lines, html={"sent_forms": sent_forms}))
