"""Reporters by name (pure functions from the run result to a file's text) and the sections they add."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from audits.model import RunResult
from audits.registry import Registry
from audits.run.rundir import write_file


@dataclass(frozen=True)
class Reporter:
    """Writes one file of the report set."""

    name: str
    filename: str
    render: Callable[[RunResult], str]


@dataclass(frozen=True)
class Section:
    """What one concern (e.g. the CI gate) adds to the reports, for the results that carry its data.

    `markdown` returns extra lines of summary.md (or none), `junit` an extra `<testsuite>` of
    junit.xml (or None; empty suites are left out), and `html` names the helpers its templates
    under `templates/sections/` call.
    """

    markdown: Callable[[RunResult], list[str]] | None = None
    junit: Callable[[RunResult], ET.Element | None] | None = None
    html: Mapping[str, Callable[..., Any]] = field(default_factory=dict)


REPORTERS: Registry[Reporter] = Registry("reporter", "friction.reporters")
SECTIONS: Registry[Section] = Registry("report section", "friction.sections", builtins=__name__)
DEFAULT = ("json", "html", "junit", "markdown")


def reporter(name: str, filename: str) -> Callable[[Callable[[RunResult], str]], Callable[[RunResult], str]]:
    def add(render: Callable[[RunResult], str]) -> Callable[[RunResult], str]:
        REPORTERS.add(name, Reporter(name, filename, render))
        return render

    return add


def load_builtins() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


def sections() -> list[Section]:
    """Every registered report section, built-ins and plugins, in name order."""
    return [section for _, section in SECTIONS.items()]


def write_reports(result: RunResult, out: Path, names: tuple[str, ...] = DEFAULT) -> dict[str, Path]:
    """Render each named reporter into `out`; returns name -> path."""
    load_builtins()
    written = {}
    for name in names:
        chosen = REPORTERS.get(name)
        path = out / chosen.filename
        write_file(path, chosen.render(result))  # the run's secrets masked there
        written[name] = path
    return written
