"""Detectors by id: pure functions from saved journey evidence to findings."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from audits.goals import goal_of
from audits.model import Finding, JourneyEvidence, Severity
from audits.registry import Registry

# Whatever its goal, a script may show numbers on any page it was told to visit.
SCRIPT_FAMILIES = ("phones",)
# A goal only a script names (no Goal record) is some task with forms on the way, perhaps a new account.
OWN_GOAL_FAMILIES = ("forms", "accounts")


@dataclass
class Check:
    """A detector's answer for one journey: passed or not, with proof."""

    passed: bool
    detail: str = ""
    steps: list[int] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    severity: Severity | None = None


@dataclass(frozen=True)
class Detector:
    """A named piece of friction: how to find it and how to talk about it."""

    id: str
    title_pass: str
    title_fail: str
    why: str
    category: str
    severity: Severity
    check: Callable[[JourneyEvidence], Check | None]
    # Goal-bound detectors name a family; a journey's goal lists the families that judge it.
    family: str = ""
    needs: str = "steps"

    @property
    def how(self) -> str:
        """The rule in words: the check function's docstring."""
        return inspect.getdoc(getattr(self.check, "func", self.check)) or ""

    def run(self, evidence: JourneyEvidence) -> Finding | None:
        if self.family and self.family not in families(evidence):
            return None
        result = self.check(evidence)
        if result is None:
            return None
        template = self.title_pass if result.passed else self.title_fail
        return Finding(
            id=self.id, passed=result.passed, severity=result.severity or self.severity,
            title=template.format_map(_Blank(result.values)), why=self.why, detail=result.detail,
            category=self.category, steps=result.steps,
        )


def families(evidence: JourneyEvidence) -> set[str]:
    """The goal-bound detector families that judge this journey."""
    goal = goal_of(evidence.goal)
    listed = set(goal.detector_families if goal else OWN_GOAL_FAMILIES)
    return listed | set(SCRIPT_FAMILIES) if evidence.kind == "scripted" else listed


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


DETECTORS: Registry[Detector] = Registry("detector", "friction.detectors")


def detector(id: str, *, title_pass: str, title_fail: str, why: str, category: str,
             severity: Severity, family: str = "", needs: str = "steps",
             ) -> Callable[[Callable[[JourneyEvidence], Check | None]], Callable[[JourneyEvidence], Check | None]]:
    """Register a check function as a detector with its titles and meaning."""

    def add(check: Callable[[JourneyEvidence], Check | None]) -> Callable[[JourneyEvidence], Check | None]:
        DETECTORS.add(id, Detector(id, title_pass, title_fail, why, category, severity, check, family, needs))
        return check

    return add


def load_builtins() -> None:
    """Import every module of this package so each built-in detector registers itself."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


def run_detectors(evidence: JourneyEvidence, only: list[str] | None = None) -> list[Finding]:
    """Every applicable detector's finding; a detector that raises gives an error finding."""
    load_builtins()
    findings = []
    for name, found in DETECTORS.items():
        if only and name not in only:
            continue
        try:
            if not isinstance(found, Detector):
                raise TypeError(f"the entry point gave a {type(found).__name__}, not a Detector")
            finding = found.run(evidence)
        except Exception as error:
            finding = _error_finding(name, found, error)
        if finding is not None:
            findings.append(finding)
    return findings


def _error_finding(name: str, found: object, error: Exception) -> Finding:
    """A detector that crashed: reported as an error finding, never as friction."""
    return Finding(
        id=name, passed=False, severity="info", error=True,
        title=f"Detector {name} could not judge this journey",
        detail=f"{type(error).__name__}: {error}", why=getattr(found, "why", ""),
        category=getattr(found, "category", ""),
    )
