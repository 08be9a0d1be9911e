"""Zoo accuracy: run the goal-seeking journeys on every demo site and compare each verdict with its answer key."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout: `python benchmarks/accuracy.py`
    sys.path.insert(0, str(ROOT))

from audits.demo.answers import JOURNEYS, MEMBER, PERSONAS, SUBMIT, Answers, Expectation, load_answers  # noqa: E402
from audits.demo.server import ZOO, Zoo, find_sites, serve  # noqa: E402
from audits.model import JourneyResult  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import Browser

Key = tuple[str, str]  # (journey, persona)


@dataclass
class Row:
    """One site x journey x persona: what the key expects, what the crawler said, and whether they agree."""

    site: str
    journey: str
    persona: str
    expected: Expectation
    outcome: str = "missing"
    reason: str | None = None
    phones: set[str] = field(default_factory=set)
    expected_phones: set[str] = field(default_factory=set)
    findings: set[str] = field(default_factory=set)
    completion: str | None = None
    correct: bool = False

    @property
    def want(self) -> str:
        return verdict(self.expected.outcome, self.expected.reason, self.expected.completion)

    @property
    def got(self) -> str:
        return verdict(self.outcome, self.reason, self.completion if self.expected.completion else None)


def verdict(outcome: str, reason: str | None, completion: str | None = None) -> str:
    said = f"{outcome} ({reason})" if reason else outcome
    return f"{said} [{completion}]" if completion else said


def where(zoo: Zoo, slug: str, path: str) -> tuple[str, str]:
    """A page as (host:port, path), so pages on a second origin compare correctly."""
    url = urlparse(zoo.url(slug, path))
    return url.netloc, url.path or "/"


def visited(result: JourneyResult) -> set[tuple[str, str]]:
    pages = set()
    for step in result.steps:
        url = urlparse(str(step.get("url") or ""))
        if url.netloc:
            pages.add((url.netloc, url.path or "/"))
    return pages


def expected_phones(zoo: Zoo, slug: str, expected: Expectation, seen: set[tuple[str, str]]) -> set[str]:
    """The key's numbers on the pages the journey saw: a crawler that stops early need not report the rest.

    When the journey saw none of the key's pages, the numbers on the target page stand for the key.
    """
    located = {(where(zoo, p.on_site or slug, p.page), p.e164) for p in expected.phones}
    on_seen = {e164 for page, e164 in located if page in seen}
    if on_seen or not expected.phones:
        return on_seen
    target = urlparse(expected.target or "/").path
    return {p.e164 for p in expected.phones if p.page == target} or expected.e164s


def judge(zoo: Zoo, slug: str, key: Key, expected: Expectation, result: JourneyResult | None) -> Row:
    journey, persona = key
    row = Row(slug, journey, persona, expected)
    if result is None:
        return row
    row.outcome, row.reason = result.outcome, result.reason
    row.phones = {phone.e164 for phone in result.phones}
    row.findings = {f.id for f in result.findings if not f.passed and not f.error}
    row.expected_phones = expected_phones(zoo, slug, expected, visited(result))
    row.completion = result.completion.result if result.completion else None
    row.correct = (row.outcome, row.reason) == (expected.outcome, expected.reason) and (
        journey != "find-phone" or row.phones == row.expected_phones) and (
        expected.completion is None or row.completion == expected.completion)
    return row


def audit_site(zoo: Zoo, slug: str, browser: Browser, out: Path,
               key: Answers) -> tuple[dict[Key, JourneyResult], str]:
    """Every journey and persona on one site, then the `submit:` rows with --submit; a crash becomes a
    note, never an exception."""
    from audits.run.pipeline import audit

    found: dict[Key, JourneyResult] = {}
    sending = [journey for journey, persona in key.expectations if persona == SUBMIT]
    runs = [(list(JOURNEYS), list(PERSONAS), False, "")]
    if sending:
        runs.append((sending, ["new-desktop"], True, SUBMIT))
    for journeys, personas, submit, label in runs:
        try:
            result = audit(zoo.url(slug), out / f"{slug}{'-submit' if submit else ''}", journeys,
                           personas=personas, browser=browser, options={"submit": submit})
        except Exception as error:  # the benchmark reports a broken crawler, it does not stop on it
            first = (str(error).strip().splitlines() or [type(error).__name__])[0][:200]
            return found, f"{type(error).__name__}: {first}"
        found |= {(j.goal, label or j.persona): j for j in result.journeys}
    members = [journey for journey, persona in key.expectations if persona == MEMBER]
    if members and key.member:
        try:
            found |= {(j.goal, j.persona): j for j in as_member(zoo.url(slug), key.member, members,
                                                                 out / f"{slug}-member", browser)}
        except Exception as error:
            return found, f"{type(error).__name__}: {str(error)[:200]}"
    return found, ""


def as_member(url: str, credentials: dict[str, str], journeys: list[str], out: Path,
              browser: Browser) -> list[JourneyResult]:
    """The key's member rows: an existing customer signs in with the key's credentials (passed as
    environment variables, as a suite would), then seeks each goal."""
    from audits.run.pipeline import run_suite
    from audits.scenario import parse_suite

    names = {key: f"FRICTION_ZOO_MEMBER_{key.upper()}" for key in credentials}
    os.environ.update({names[key]: value for key, value in credentials.items()})
    creds = ", ".join(f'{key}: "${{{name}}}"' for key, name in names.items())
    text = (f"site: {{name: member, start_url: '{url}'}}\n"
            f"personas: [{{id: {MEMBER}, kind: existing-customer, credentials: {{{creds}}}}}]\n"
            "journeys:\n" + "".join(f"  - {{goal: {journey}}}\n" for journey in journeys))
    return run_suite(parse_suite(text, "member.yaml"), out, browser=browser).journeys


def short(numbers: set[str]) -> str:
    return ",".join(sorted(numbers)) or "-"


def table(rows: list[Row]) -> list[str]:
    lines = [f"{'site':<16} {'journey':<14} {'persona':<18} {'expected':<44} {'got':<44} ok"]
    for row in rows:
        lines.append(f"{row.site:<16} {row.journey:<14} {row.persona:<18} {row.want:<44} {row.got:<44} "
                     f"{'yes' if row.correct else 'NO'}")
        if row.journey == "find-phone" and (row.expected_phones or row.phones):
            lines.append(f"{'':<50} phones {short(row.expected_phones):<27} phones {short(row.phones)}")
    return lines


def findings_report(rows: list[Row]) -> list[str]:
    """Precision and recall of failed finding ids against the keys, with the ids most often wrong."""
    hits = extra = missed = 0
    extras: Counter[str] = Counter()
    misses: Counter[str] = Counter()
    for row in rows:
        want = set(row.expected.findings)
        hits += len(row.findings & want)
        extra += len(row.findings - want)
        missed += len(want - row.findings)
        extras.update(row.findings - want)
        misses.update(want - row.findings)
    precision = hits / (hits + extra) if hits + extra else 1.0
    recall = hits / (hits + missed) if hits + missed else 1.0
    lines = [f"findings: precision {precision:.0%} ({hits}/{hits + extra}), "
             f"recall {recall:.0%} ({hits}/{hits + missed})"]
    if misses:
        lines.append("  missed:   " + ", ".join(f"{k} x{n}" for k, n in misses.most_common()))
    if extras:
        lines.append("  reported: " + ", ".join(f"{k} x{n}" for k, n in extras.most_common()) + " (not in the keys)")
    return lines


def keys(slugs: list[str]) -> dict[str, Answers]:
    return {slug: load_answers(ZOO / slug) for slug in slugs if (ZOO / slug / "answers.yaml").is_file()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", action="append", help="only this zoo site (repeatable); default: every site")
    parser.add_argument("--out", type=Path, help="keep the run directories here (default: a temporary folder)")
    args = parser.parse_args(argv)
    slugs = args.site or [site.slug for site in find_sites(ZOO)]
    answers = keys(slugs)
    results: dict[str, dict[Key, JourneyResult]] = {}
    notes: list[str] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="friction-accuracy-") as tmp, serve(ZOO) as zoo:
        out = args.out or Path(tmp)
        try:
            from audits.gather.browser import launch

            with launch() as browser:
                for slug in answers:
                    print(f"auditing {slug} ...", file=sys.stderr, flush=True)
                    results[slug], note = audit_site(zoo, slug, browser, out, answers[slug])
                    if note:
                        notes.append(f"{slug}: the audit crashed: {note}")
        except Exception as error:  # no browser: every row stays unanswered, and the notes say why
            notes.append(f"could not run the browser: {type(error).__name__}: {error}")
        rows = [judge(zoo, slug, k, key.expect(*k), results.get(slug, {}).get(k))
                for slug, key in answers.items() for k in sorted(key.expectations)]
    print("\n".join(table(rows)))
    for note in notes:
        print(note)
    print(f"({time.monotonic() - started:.0f} s)")
    print("\n".join(findings_report(rows)))
    correct, total = sum(r.correct for r in rows), len(rows)
    print(f"zoo accuracy: {correct}/{total} correct ({correct / total if total else 0:.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
