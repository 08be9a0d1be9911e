"""The CI gate in every report: assertions, flaky journeys, the baseline diff and the trend.

- HTML: templates `sections/checks.html.j2`, `sections/diff.html.j2` and
  `sections/history.html.j2`, calling the helpers the section names.
- Markdown: `markdown_lines(result)`, a section of summary.md.
- JUnit: `junit_suite(result)`, a `friction gate` test suite with one case per assertion
  and per regression, added to junit.xml.

All three are one report section, registered as `ci-gate`.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from audits.ci.diff import COUNTED, describe
from audits.ci.gate import verdict
from audits.ci.trend import charts, legend_svg
from audits.model import JourneyChange, MetricChange, RunResult
from audits.reporters import SECTIONS, Section
from audits.reporters.junit import xml_text
from audits.reporters.markdown import md


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


def junit_suite(result: RunResult) -> ET.Element:
    """`friction gate`: a test case per assertion (failure when an error rule failed) and per regression."""
    gate = verdict(result)
    suite = ET.Element("testsuite", name="friction gate", timestamp=result.started_at,
                       tests=str(len(result.assertion_results) + (len(result.diff.journeys) if result.diff else 0)),
                       failures=str(gate.errors + gate.regressions), errors="0",
                       skipped=str(sum(1 for c in result.diff.journeys if c.regressions and not c.regression)
                                   if result.diff else 0))
    for a in result.assertion_results:
        case = ET.SubElement(suite, "testcase", classname=f"friction.gate.{a.site or 'run'}",
                             name=f"{a.journey} [{a.persona}] {a.name}")
        if not a.passed and a.level == "error":
            ET.SubElement(case, "failure", message=xml_text(a.message), type="assertion").text = xml_text(
                f"expected {a.expected}, got {a.actual} ({a.source})")
        elif not a.passed:
            ET.SubElement(case, "system-out").text = xml_text(f"warning: {a.message}")
    if result.diff is not None:
        for change in result.diff.journeys:
            case = ET.SubElement(suite, "testcase", classname=f"friction.diff.{change.site}",
                                 name=f"{change.journey} [{change.persona}] no regression")
            if change.regression:
                ET.SubElement(case, "failure", message=xml_text("; ".join(change.regressions)),
                              type="regression").text = xml_text("\n".join(describe(change)))
            elif change.regressions:
                ET.SubElement(case, "skipped", message=xml_text("flaky: " + "; ".join(change.regressions)))
    return suite


SECTIONS.add("ci-gate", Section(
    markdown=markdown_lines, junit=junit_suite,
    html={"trend_charts": charts, "trend_legend": legend_svg, "gate_verdict": verdict,
          "changed_metrics": changed_metrics, "describe_change": describe},
))
