"""JUnit XML: one test case per journey, failing when the journey did not reach its goal."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from audits.model import JourneyResult, RunResult
from audits.reporters import reporter


def _message(journey: JourneyResult) -> str:
    reason = f" ({journey.reason})" if journey.reason else ""
    top = [f.title for f in journey.findings if not f.passed and not f.error][:3]
    tail = f"; {'; '.join(top)}" if top else ""
    return f"{journey.outcome}{reason}: {journey.reason_detail}{tail}"


@reporter("junit", "junit.xml")
def render_junit(result: RunResult) -> str:
    suites = ET.Element("testsuites", name=f"friction: {result.site.name}")
    by_site: dict[str, list[JourneyResult]] = {}
    for journey in result.journeys:
        by_site.setdefault(journey.site or result.site.name, []).append(journey)
    for site, journeys in by_site.items():
        failures = sum(1 for j in journeys if j.outcome != "reached")
        suite = ET.SubElement(suites, "testsuite", name=site, tests=str(len(journeys)),
                              failures=str(failures), timestamp=result.started_at)
        for journey in journeys:
            case = ET.SubElement(suite, "testcase", classname=f"friction.{site}",
                                 name=f"{journey.id} [{journey.persona}]", time=f"{journey.effort.seconds:.2f}")
            if journey.outcome != "reached":
                failure = ET.SubElement(case, "failure", message=_message(journey), type=journey.outcome)
                failure.text = journey.story
            ET.SubElement(case, "system-out").text = journey.story
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
