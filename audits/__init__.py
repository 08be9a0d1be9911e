"""friction: a sales-prevention audit crawler (public API: load_suite, run_suite, audit)."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "audit", "load_suite", "run_suite"]


def __getattr__(name: str) -> Any:
    # Lazy, so that `python -m audits.gather.browser --check` works before dependencies are installed.
    if name == "load_suite":
        from audits.scenario import load_suite

        return load_suite
    if name in ("run_suite", "audit"):
        from audits.run import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
