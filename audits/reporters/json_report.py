"""result.json: the machine-readable contract (see DESIGN.md)."""

from __future__ import annotations

from audits.model import RunResult
from audits.reporters import reporter


@reporter("json", "result.json")
def render_json(result: RunResult) -> str:
    # pydantic's own encoder writes what json.dumps(to_dict()) would, byte for byte, some ten times faster.
    return result.model_dump_json(indent=2, by_alias=True) + "\n"
