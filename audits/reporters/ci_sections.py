"""The CI gate in every report: assertions, flaky journeys, the baseline diff and the trend.

- HTML: templates `sections/checks.html.j2`, `sections/diff.html.j2` and
  `sections/history.html.j2`, calling the helpers the section names.
- Markdown: `markdown_lines(result)`, a section of summary.md.
- JUnit: `junit_suite(result)`, a `friction gate` test suite with one case per journey (its failed
  error rules and regressions), added to junit.xml; a journey already failing counts once.

All three are one report section, registered as `ci-gate`.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from audits.ci.diff import COUNTED, describe
from audits.ci.gate import verdict
from audits.ci.trend import charts, legend_svg
from audits.model import JourneyChange, MetricChange, RunResult
from audits.reporters import SECTIONS, Section
from audits.reporters.junit import fails, xml_text
from audits.reporters.markdown import md
from audits.vocab import audited


def changed_metrics(change: JourneyChange) -> list[MetricChange]:
    """The metrics worth showing for a change: whole numbers that moved, and any regression."""
    return [m for m in change.metrics if m.regression or (m.name in COUNTED and m.delta)]


def markdown_lines(result: RunResult) -> list[str]:
    """The gate's section of summary.md: verdict, failed rules, flaky journeys, the diff."""
    gate = verdict(result)
    lines = [f"### CI gate: {'❌' if gate.exit_code else '✅'} {gate.line()}", ""]
    failed = [a for a in result.assertion_results if not a.passed]
    if failed:
        lines += ["| level | journey | rule | expected | actual | from |", "| --- | --- | --- | --- | --- | --- |"]
        for a in failed:
            level = "🔴 error" if a.level == "error" else "🟡 warn" + (" (flaky)" if a.flaky else "")
            who = f"{a.site} / {a.journey} [{a.persona}]"
            lines.append(f"| {level} | {md(who)} | {md(a.name)} | {md(a.expected)} | {md(a.actual)} "
                         f"| {md(a.source)} |")
        lines.append("")
    flaky = [j for j in result.journeys if j.flaky]
    for j in flaky:
        outcomes = ", ".join(r.outcome for r in j.repeats)
        lines.append(f"- 🎲 **flaky**: {md(j.site)} / {md(j.id)} [{j.persona}]: outcomes differ between "
                     f"{len(j.repeats)} runs ({outcomes}); reported as {j.outcome}, not failing the build")
    if flaky:
        lines.append("")
    if result.diff is not None:
        diff = result.diff
        lines += [f"**Since the baseline** ({md(diff.baseline_started_at or 'earlier run')}): score "
                  f"{diff.score_before} → {diff.score_after}, {len(diff.changed)} journey(s) changed, "
                  f"{len(diff.regressions)} regression(s)", ""]
        if diff.changed:
            lines += ["| | journey | outcome | changes |", "| --- | --- | --- | --- |"]
            for change in diff.changed:
                mark = "🔴 regression" if change.regression else "🎲 flaky" if change.regressions else change.status
                before = change.outcome_before or "-"
                after = change.outcome_after or "-"
                text = describe(change)[0].split(": ", 1)[-1]
                lines.append(f"| {mark} | {md(change.site)} / {md(change.journey)} [{change.persona}] "
                             f"| {before} → {after} | {md(text)} |")
            lines.append("")
    return lines


def _gate_problems(result: RunResult) -> dict[tuple[str, str, str], list[tuple[str, str]]]:
    """Per journey (site, id, persona): what fails the build, as (type, text): error rules, then regressions."""
    problems: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    for a in result.assertion_results:
        if not a.passed and a.level == "error":
            problems.setdefault((a.site, a.journey, a.persona), []).append(
                ("assertion", f"{a.message} [{a.source}]"))
    for change in result.diff.journeys if result.diff else []:
        if change.regression:
            problems.setdefault((change.site, change.journey, change.persona), []).append(
                ("regression", "; ".join(describe(change))))
    return problems


def junit_suite(result: RunResult) -> ET.Element:
    """`friction gate`: a test case per journey, failing when its error rules failed or it regressed.

    A journey whose own test case already fails (it missed its goal) is not failed again here:
    JUnit counts each failing journey once, and this case says what the gate found in `system-out`.
    """
    problems = _gate_problems(result)
    own = {(j.site, j.id, j.persona) for j in result.journeys if fails(j)}
    checked = {(a.site, a.journey, a.persona) for a in result.assertion_results}
    checked |= {(c.site, c.journey, c.persona) for c in (result.diff.journeys if result.diff else [])}
    keys = [key for key in ((j.site, j.id, j.persona) for j in result.journeys if audited(j.outcome)) if key in checked]
    warned = {(a.site, a.journey, a.persona): a.message for a in result.assertion_results
              if not a.passed and a.level == "warn"}
    suite = ET.Element("testsuite", name="friction gate", timestamp=result.started_at, tests=str(len(keys)),
                       failures=str(sum(1 for k in keys if k in problems and k not in own)), errors="0",
                       skipped="0")
    for site, journey, persona in keys:
        key = (site, journey, persona)
        case = ET.SubElement(suite, "testcase", classname=f"friction.gate.{site}", name=f"{journey} [{persona}] gate")
        found = problems.get(key, [])
        text = "\n".join(line for _, line in found)
        if found and key not in own:
            ET.SubElement(case, "failure", message=xml_text(found[0][1]), type=found[0][0]).text = xml_text(text)
        elif found:
            ET.SubElement(case, "system-out").text = xml_text(f"counted as failing in friction.{site}: {text}")
        elif key in warned:
            ET.SubElement(case, "system-out").text = xml_text(f"warning: {warned[key]}")
    return suite


SECTIONS.add("ci-gate", Section(
    markdown=markdown_lines, junit=junit_suite,
    html={"trend_charts": charts, "trend_legend": legend_svg, "gate_verdict": verdict,
          "changed_metrics": changed_metrics, "describe_change": describe},
))
