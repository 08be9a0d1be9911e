"""JUnit XML: one test case per journey, failing when the journey did not reach its goal.

A journey that could not reach its site at all is an `<error>` (the test could not run), not a failure.

The failure message is the verdict and the top findings; the failure body tells the story, lists
the failed findings with their evidence and the effort. ElementTree escapes markup; characters XML
1.0 cannot hold at all (control characters a page may contain) are dropped.

Registered report sections (`audits.reporters.SECTIONS`) may add a `<testsuite>` each, e.g. the CI
gate's assertions and regressions; empty suites are left out.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from audits.model import Finding, JourneyResult, RunResult
from audits.reporters import reporter, sections
from audits.vocab import audited

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
TOP_FINDINGS = 3


def xml_text(text: object) -> str:
    return _NOT_XML.sub("", str(text if text is not None else ""))


def failed(journey: JourneyResult) -> list[Finding]:
    return [f for f in journey.findings if not f.passed and not f.error]


def verdict(journey: JourneyResult) -> str:
    """'gated (account-number): every path asks for an account number'."""
    reason = f" ({journey.reason})" if journey.reason else ""
    detail = " ".join(journey.reason_detail.split())
    return f"{journey.outcome}{reason}" + (f": {detail}" if detail else "")


def message(journey: JourneyResult) -> str:
    """The verdict, then the top failed findings by severity."""
    top = [f"{f.severity}: {f.title}" for f in failed(journey)[:TOP_FINDINGS]]
    return verdict(journey) + (f" | {'; '.join(top)}" if top else "")


def _n(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _effort(journey: JourneyResult) -> str:
    e = journey.effort
    return (f"Effort: {_n(e.clicks, 'click')}, {_n(e.pages, 'page')}, {_n(e.backtracks, 'backtrack')}, "
            f"{_n(e.fields, 'field')} filled, about {e.human_seconds:.0f} s for a person. Score {journey.score}/100.")


def body(journey: JourneyResult) -> str:
    """The story, the failed findings with their evidence, the effort and where the journey ended."""
    lines = [journey.story, ""]
    bad = failed(journey)
    if bad:
        lines.append("Findings:")
        for f in bad:
            said = ", ".join(str(i) for i in f.steps)
            steps = f" (step{'s' if len(f.steps) > 1 else ''} {said})" if f.steps else ""
            detail = f": {' '.join(f.detail.split())}" if f.detail else ""
            lines.append(f"- [{f.severity}] {f.title}{detail}{steps}")
        lines.append("")
    lines.append(_effort(journey))
    if journey.target_url:
        lines.append(f"Ended on {journey.target_url}")
    return xml_text("\n".join(lines))


def attachments(journey: JourneyResult) -> str:
    """The journey's trace and HAR as Jenkins and GitLab read attachments: `[[ATTACHMENT|path]]`, one a line."""
    return "".join(f"\n[[ATTACHMENT|{path}]]" for path in journey.artifacts.values())


def fails(journey: JourneyResult) -> bool:
    """A journey that missed its goal fails its test case; a flaky one is reported, not failed."""
    return journey.outcome != "reached" and audited(journey.outcome) and not journey.flaky


@reporter("junit", "junit.xml")
def render_junit(result: RunResult) -> str:
    by_site: dict[str, list[JourneyResult]] = {}
    for journey in result.journeys:
        by_site.setdefault(journey.site or result.site.name, []).append(journey)
    suites = ET.Element("testsuites", name=xml_text(f"friction: {result.site.name}"))
    for site, journeys in by_site.items():
        suite = ET.SubElement(
            suites, "testsuite", name=xml_text(site), tests=str(len(journeys)),
            failures=str(sum(1 for j in journeys if fails(j))),
            errors=str(sum(1 for j in journeys if not audited(j.outcome))), skipped="0",
            timestamp=xml_text(result.started_at), time=f"{sum(j.effort.seconds for j in journeys):.2f}",
        )
        for journey in journeys:
            case = ET.SubElement(suite, "testcase", classname=xml_text(f"friction.{site}"),
                                 name=xml_text(f"{journey.id} [{journey.persona}]"),
                                 time=f"{journey.effort.seconds:.2f}")
            if fails(journey):
                failure = ET.SubElement(case, "failure", message=xml_text(message(journey)), type=journey.outcome)
                failure.text = body(journey)
            elif not audited(journey.outcome):  # JUnit's error: the test could not run, not a failed check
                error = ET.SubElement(case, "error", message=xml_text(verdict(journey)), type=journey.reason or "error")
                error.text = body(journey)
            said = f"{journey.story}\n{_effort(journey)}{attachments(journey)}"
            ET.SubElement(case, "system-out").text = xml_text(said)
    for section in sections():
        added = section.junit(result) if section.junit else None
        if added is not None and len(added):
            suites.append(added)
    for key in ("tests", "failures", "errors"):
        suites.set(key, str(sum(int(suite.get(key) or 0) for suite in suites)))
    suites.set("time", f"{sum(j.effort.seconds for j in result.journeys):.2f}")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
