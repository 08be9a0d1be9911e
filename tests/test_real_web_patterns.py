"""The navigator on the zoo companies built for how real sites are made: each against its answer key.

German and French national numbers and words, a hover mega menu, a collapsed tree, hash and
pushState routes, shadow-DOM navigation, a contact page in an iframe, a blog quoting strangers'
numbers and a 500-page catalogue with one deep number. The test reads the key; it knows no site.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from audits.demo.answers import load_answers
from audits.demo.server import ZOO, Zoo
from audits.run.pipeline import audit

PATTERNS = ["kiezrad", "kerbrat", "lanternworks", "bramblehost", "tidewell", "quarryvine", "orchardlane",
            "tallowwick", "porchlight", "ostrander"]


@pytest.mark.parametrize("slug", PATTERNS)
def test_find_phone_matches_the_answer_key(slug: str, tmp_path: Path, browser: object, zoo: Zoo) -> None:
    expected = load_answers(ZOO / slug).expect("find-phone", "new-desktop")
    (journey,) = audit(zoo.url(slug), tmp_path / "run", ["find-phone"], ["new-desktop"],
                       browser=browser).journeys  # type: ignore[arg-type]
    assert (journey.outcome, journey.reason) == (expected.outcome, expected.reason), journey.reason_detail
    want = {p.e164 for p in expected.phones}
    have = [p.e164 for p in journey.phones]
    assert want <= set(have), (want, have)
    assert have[0] in want  # the first number reported is the company's own, never a stranger's
    if expected.min_clicks is not None:
        assert journey.effort.clicks <= expected.min_clicks + 1
