"""pytest plugin: a `friction` fixture for auditing a site from a team's own test suite.

    def test_phone_is_easy_to_find(friction):
        result = friction.audit("https://staging.example.com/", journey="find-phone")
        assert result.outcome == "reached" and result.effort.clicks <= 3

Each audit writes its run directory (report.html, result.json, screenshots) under
`--friction-output` (default `test-results/friction/<test>/`); the path is attached to the
test as the `friction_report` user property (in pytest's JUnit XML) and shown in the output
of a failing test. One Chromium is shared by the whole session, started on first use.
Registered through the `pytest11` entry point, so installing friction is enough.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from audits.model import JourneyResult, RunResult

DEFAULT_OUTPUT = "test-results/friction"
REPORTS_KEY = "friction_report"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("friction", "friction audits")
    group.addoption("--friction-output", default=DEFAULT_OUTPUT, metavar="DIR",
                    help=f"where the `friction` fixture writes each test's reports (default: {DEFAULT_OUTPUT})")


class _SharedBrowser:
    """One Chromium for the session, launched on first use."""

    def __init__(self) -> None:
        self._stack = ExitStack()
        self._browser: Browser | None = None

    def get(self) -> Browser:
        if self._browser is None:
            from audits.gather.browser import launch

            self._browser = self._stack.enter_context(launch())
        return self._browser

    def close(self) -> None:
        self._stack.close()
        self._browser = None


@pytest.fixture(scope="session")
def friction_browser() -> Iterator[_SharedBrowser]:
    """The session's shared Chromium (started lazily by the first audit)."""
    shared = _SharedBrowser()
    yield shared
    shared.close()


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")[:120] or "test"


class Friction:
    """What the `friction` fixture gives a test: `audit(url, ...)` and `run(suite, ...)`."""

    def __init__(self, request: pytest.FixtureRequest, output: Path, browser: _SharedBrowser) -> None:
        self._request = request
        self._output = output
        self._browser = browser
        self.reports: list[Path] = []
        self.last: RunResult | None = None

    def _next_dir(self) -> Path:
        base = self._output / _slug(self._request.node.nodeid)
        out = base if not self.reports else base.with_name(f"{base.name}-{len(self.reports) + 1}")
        return out

    def run(self, suite: str | Path | dict[str, Any], **ci: Any) -> RunResult:
        """Run a suite (a file, or the suite as a dict) and return the whole result.

        `ci` takes run_suite's keywords: runs, baseline, store (history is off unless given).
        """
        import yaml

        from audits.run.pipeline import run_suite
        from audits.scenario import load_suite, parse_suite

        loaded = parse_suite(yaml.safe_dump(suite), "friction-fixture") if isinstance(suite, dict) \
            else load_suite(suite)
        out = self._next_dir()
        result = run_suite(loaded, out, browser=self._browser.get(), **ci)
        self.reports.append(out / "report.html")
        self._request.node.user_properties.append((REPORTS_KEY, str((out / "report.html").resolve())))
        self.last = result
        return result

    def audit(self, url: str, journey: str = "find-phone", *, steps: list[Any] | None = None,
              persona: str = "new-desktop", device: str | None = None, budget: dict[str, Any] | None = None,
              options: dict[str, Any] | None = None, **ci: Any) -> JourneyResult:
        """One journey on one site: goal-seeking (`journey="find-phone"`), or scripted with `steps`.

        Returns that journey's result: `outcome`, `reason`, `effort`, `findings`, `phones`, `score`.
        """
        from urllib.parse import urlparse

        spec: dict[str, Any] = {"id": journey, "goal": journey, "personas": [persona]}
        if steps is not None:
            spec["steps"] = steps
        if budget:
            spec["budget"] = budget
        kind = {"id": persona, "device": device or ("mobile" if "mobile" in persona else "desktop")}
        suite = {
            "site": {"name": urlparse(url).hostname or url, "start_url": url},
            "personas": [kind],
            "journeys": [spec],
            "options": options or {},
            "assert": {"preset": "none"},
        }
        result = self.run(suite, **ci)
        return result.journeys[0]


@pytest.fixture
def friction(request: pytest.FixtureRequest, friction_browser: _SharedBrowser) -> Friction:
    """Audit a site like a customer: `friction.audit(url, journey="find-phone")`."""
    output = Path(request.config.getoption("--friction-output"))
    return Friction(request, output, friction_browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    paths = [str(value) for key, value in item.user_properties if key == REPORTS_KEY]
    if paths and report.when == "call":
        report.sections.append(("friction reports", "\n".join(paths)))
