"""Reporters by name: pure functions from the run result to a file's text."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from audits.model import RunResult
from audits.registry import Registry


@dataclass(frozen=True)
class Reporter:
    """Writes one file of the report set."""

    name: str
    filename: str
    render: Callable[[RunResult], str]


REPORTERS: Registry[Reporter] = Registry("reporter", "friction.reporters")
DEFAULT = ("json", "html", "junit", "markdown")


def reporter(name: str, filename: str) -> Callable[[Callable[[RunResult], str]], Callable[[RunResult], str]]:
    def add(render: Callable[[RunResult], str]) -> Callable[[RunResult], str]:
        REPORTERS.add(name, Reporter(name, filename, render))
        return render

    return add


def load_builtins() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


def write_reports(result: RunResult, out: Path, names: tuple[str, ...] = DEFAULT) -> dict[str, Path]:
    """Render each named reporter into `out`; returns name -> path."""
    load_builtins()
    written = {}
    for name in names:
        chosen = REPORTERS.get(name)
        path = out / chosen.filename
        path.write_text(chosen.render(result), encoding="utf-8")
        written[name] = path
    return written
