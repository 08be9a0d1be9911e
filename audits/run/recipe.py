"""How a run's suite is built again (`friction replay`): its text, or the `friction audit` arguments, kept beside it."""

from __future__ import annotations

import json
from pathlib import Path

from audits.files import write_atomic
from audits.scenario import ScenarioError, Suite, parse_suite, suite_for_sites

RECIPE = "recipe.json"


def keep_recipe(suite: Suite, root: Path) -> None:
    """Write the suite's recipe into the run folder (no evidence in it: `${...}` stay references)."""
    write_atomic(root / RECIPE, json.dumps(suite.recipe, indent=1))


def rebuild(root: Path, hint: str) -> Suite:
    """The suite the run in `root` was made from; `hint` says how to record a run that can be rebuilt."""
    path = root / RECIPE
    if not path.is_file():
        raise ScenarioError([f"{root}: no {RECIPE} here, so the suite cannot be built again (a run made by an "
                             f"older friction); run it again and {hint}"])
    recipe = json.loads(path.read_text(encoding="utf-8"))
    if "suite" in recipe:
        return parse_suite(recipe["suite"], recipe.get("source") or "<suite>")
    audit = recipe["audit"]
    sites = [tuple(site) if isinstance(site, list) else site for site in audit.get("sites") or [audit["url"]]]
    return suite_for_sites(sites, audit["goals"], audit.get("personas"), **audit.get("options") or {})
