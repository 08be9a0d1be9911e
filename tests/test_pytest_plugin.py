"""The pytest plugin: a team's own test uses the `friction` fixture (run in a separate pytest)."""

from __future__ import annotations

import pytest

from audits.demo.server import Zoo

pytest_plugins = ("pytester",)


def test_plugin_is_registered_by_entry_point(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("--help")
    result.stdout.fnmatch_lines(["*--friction-output=DIR*"])


@pytest.mark.browser
def test_friction_fixture_audits_and_attaches_reports(pytester: pytest.Pytester, fixture_site: Zoo) -> None:
    pytester.makepyfile(test_team=f'''
        def test_phone_within_budget(friction):
            result = friction.audit("{fixture_site.url("ci-shop")}", journey="call-sales",
                                    steps=[{{"click": "Contact"}}, {{"expect": {{"text": "1-800-555-0101"}}}}],
                                    options={{"step_timeout_ms": 1500}})
            assert result.outcome == "reached" and result.effort.clicks <= 3

        def test_goal_seeking(friction):
            result = friction.audit("{fixture_site.url("ci-shop")}", journey="find-phone")
            assert result.outcome == "reached" and result.effort.clicks <= 3, result.story
            assert "+18005550101" in [p.e164 for p in result.phones]

        def test_phone_gone(friction):
            result = friction.audit("{fixture_site.url("ci-shop-changed")}", journey="call-sales",
                                    steps=[{{"click": "Contact"}}, {{"expect": {{"text": "1-800-555-0101"}}}}],
                                    options={{"step_timeout_ms": 1500}})
            assert result.outcome == "reached", result.story
    ''')
    result = pytester.runpytest_subprocess("--friction-output", "out", "--junitxml", "junit.xml", "-p", "no:xdist")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*friction reports*", "*out/test_team.py-test_phone_gone/report.html*"])
    for name in ("test_team.py-test_phone_within_budget", "test_team.py-test_phone_gone"):
        assert (pytester.path / "out" / name / "report.html").is_file()
        assert (pytester.path / "out" / name / "result.json").is_file()
    junit = (pytester.path / "junit.xml").read_text()
    assert 'name="friction_report"' in junit
