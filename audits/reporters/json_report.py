"""result.json: the machine-readable contract (see DESIGN.md)."""

from __future__ import annotations

import json

from audits.model import RunResult
from audits.reporters import reporter


@reporter("json", "result.json")
def render_json(result: RunResult) -> str:
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"
