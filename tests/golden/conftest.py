"""Golden files: reports rendered from saved evidence, with volatile fields normalised.

Regenerate after a deliberate change (a detector, the scoring weights, a template):

    .venv/bin/pytest tests/golden --update-goldens
    FRICTION_UPDATE_GOLDENS=1 .venv/bin/pytest tests/golden        # the same, from anywhere

then read the diff (`git diff tests/golden`) before committing it.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from audits import __version__

GOLDEN = Path(__file__).parent
ROOT = GOLDEN.parents[1]
UPDATE_ENV = "FRICTION_UPDATE_GOLDENS"

# (pattern, replacement): what changes from run to run or machine to machine.
VOLATILE: list[tuple[re.Pattern[str], str]] = [
    # timestamps
    (re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"), "<TIMESTAMP>"),
    # ports in URLs (servers on free ports)
    (re.compile(r"((?:https?|wss?)://[^/\s:\"'<>]+):\d{2,5}\b"), r"\1:<PORT>"),
    # measured durations: result.json, JUnit, HTML
    (re.compile(r"\"(ms|seconds|wall_seconds)\": \d+(?:\.\d+)?"), r'"\1": 0'),
    (re.compile(r"\btime=\"\d+(?:\.\d+)?\""), 'time="0"'),
    (re.compile(r"\b\d+ ms\b"), "<N> ms"),
    (re.compile(r"(<dt>Measured</dt><dd>)\d+(?:\.\d+)? s"), r"\1<N> s"),
    # the tool's version
    (re.compile(r"(friction |\"tool_version\": \")" + re.escape(__version__)), r"\1<VERSION>"),
]


def normalise(text: str) -> str:
    """The report text with volatile fields replaced by placeholders."""
    for path, name in ((str(ROOT), "<ROOT>"), (os.path.realpath(tempfile.gettempdir()), "<TMP>"),
                       (tempfile.gettempdir(), "<TMP>")):
        text = text.replace(path, name)
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="rewrite tests/golden/** from the current output instead of comparing")


Golden = Callable[[str, str], None]


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """Compare normalised text with tests/golden/<relative>, or rewrite it when updating."""
    update = bool(request.config.getoption("--update-goldens", default=False)) or os.environ.get(UPDATE_ENV) == "1"

    def check(relative: str, text: str) -> None:
        path = GOLDEN / relative
        actual = normalise(text)
        if update or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            if not update:
                pytest.fail(f"{relative} did not exist; written now: review and commit it")
            return
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, (
            f"{relative} differs from its golden file; if the change is intended, regenerate with "
            f"`pytest tests/golden --update-goldens` (or {UPDATE_ENV}=1) and review the diff"
        )

    return check
