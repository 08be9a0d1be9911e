"""Per journey on the field set: the findings expected, maybe and reported (after `score.py --out DIR`)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

FIELD = Path(os.environ.get("FIELD", Path(__file__).resolve().parents[2] / "shared" / "field"))
KEYS = {"find_phone": "find-phone", "reach_support": "reach-support", "signup": "sign-up"}


def main(out: str) -> None:
    sys.path.insert(0, str(FIELD))
    from score import TAXONOMY, reported_findings  # the scorer's own reading

    for truth_path in sorted(FIELD.glob("sites/*/truth.json")):
        truth = json.loads(truth_path.read_text())
        site = truth_path.parent.name
        result_path = Path(out) / site / "result.json"
        result = json.loads(result_path.read_text()) if result_path.exists() else {"journeys": []}
        journeys: dict[str, dict] = {}
        for journey in result["journeys"]:
            journeys.setdefault(journey["id"], journey)  # the first persona, as score.py reads it
        for key, jid in KEYS.items():
            t = truth["journeys"][key]
            want, maybe = set(t.get("expected_findings", [])), set(t.get("maybe_findings", []))
            got = reported_findings(journeys.get(jid)) & TAXONOMY
            missed, extra = want - got, got - want - maybe
            if missed or extra:
                print(f"{site:20} {jid:14} missed {sorted(missed)} extra {sorted(extra)}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/evalsites/out")
