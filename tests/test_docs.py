"""docs/detectors.md lists every detector (and nothing else) and states the scoring weights in use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from audits.goals import GOALS
from audits.judge import metrics
from audits.judge.detectors import DETECTORS, load_builtins
from audits.judge.scoring import weights

DOC = Path(__file__).parent.parent / "docs" / "detectors.md"
SECTION = re.compile(r"^### `([a-z0-9-]+)`$", re.M)

load_builtins()


def sections() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    found = list(SECTION.finditer(text))
    ends = [m.start() for m in found[1:]] + [len(text)]
    return {m.group(1): text[m.end():end] for m, end in zip(found, ends, strict=True)}


def test_every_registered_detector_has_a_section_and_vice_versa() -> None:
    documented = sections()
    assert sorted(documented) == DETECTORS.names()
    assert len(SECTION.findall(DOC.read_text(encoding="utf-8"))) == len(documented), "a detector is documented twice"


@pytest.mark.parametrize("id", DETECTORS.names())
def test_section_matches_the_detector(id: str) -> None:
    section, found = sections()[id], DETECTORS.get(id)
    assert f"| Pass | {found.title_pass}" in section
    assert f"| Fail | {found.title_fail}" in section
    assert f"| Severity | {found.severity} |" in section
    assert f"| Evidence it reads | {found.needs} |" in section
    assert found.why in section
    assert f"**How it decides.** {' '.join(found.how.split())}" in section
    assert "**Not applicable when**" in section
    assert (f"| Family | {found.family} |" in section) == bool(found.family)


def test_family_table_names_each_familys_detectors_and_goals() -> None:
    rows = re.findall(r"^\| `([a-z-]+)` \| ([a-z, -]+) \| ([a-z, -]+) \|$", DOC.read_text(encoding="utf-8"), re.M)
    documented = {family: (set(names.split(", ")), set(goals.split(", "))) for family, names, goals in rows}
    bound = {d.family for _, d in DETECTORS.items() if d.family}
    assert documented == {
        family: ({n for n, d in DETECTORS.items() if d.family == family},
                 {n for n, g in GOALS.items() if family in g.detector_families})
        for family in bound
    }


def table_rows(text: str) -> dict[str, int]:
    return {name: int(points) for name, points in re.findall(r"^\s*\| ([a-z-]+) \| (\d+) \|$", text, re.M)}


def test_scoring_section_states_the_weights_in_use() -> None:
    text = DOC.read_text(encoding="utf-8").split("## How the score is computed", 1)[1]
    table = weights()
    assert table_rows(text) == {**table["outcome_penalty"], **table["severity_weight"]}
    effort = table["effort"]
    assert f"at most {table['findings_cap']} points" in text and f"at most {effort['cap']} points" in text
    assert f"{effort['per_extra_click']} per click beyond {effort['free_clicks']}" in text
    assert f"beyond {effort['free_human_seconds']} s" in text


def test_effort_section_states_the_klm_constants() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name, value in [("M (decide)", metrics.KLM_MENTAL), ("P (point)", metrics.KLM_POINT),
                        ("BB (mouse button)", metrics.KLM_BUTTON), ("K (keystroke)", metrics.KLM_KEYSTROKE),
                        ("H (hand between mouse and keyboard)", metrics.KLM_HOME)]:
        assert f"{name} {value:g} s" in text
