"""Joining against leaving: what cancelling took beside signing up, and an existing beside a new customer."""

from __future__ import annotations

from audits.facts import first_phrase, language_of, lexicon
from audits.judge.metrics import clicks_to
from audits.model import Asymmetry, JourneyEvidence, JourneyResult, Leaving, PageFacts

WAY_OUT_GOAL = "cancel"
WAY_IN_GOAL = "sign-up"
COMPARED_GOALS = ("find-phone", "reach-support")
OFFER = "'Are you sure?' offer"


def leaving(evidence: JourneyEvidence) -> Leaving | None:
    """The way out along the cancel journey's path: its clicks (and the final button, pressed or not),
    pages, the links and buttons shown on each and the retention offers among them."""
    seen = evidence.sightings
    if evidence.goal != WAY_OUT_GOAL or seen is None or seen.reached is None:
        return None
    on_path = [s for s in evidence.steps if s.index in set(seen.reached.path) and s.facts is not None]
    offers = sum(1 for step in on_path[1:] if step.facts is not None and _offers(step.facts))
    options = sum(sum(1 for link in s.facts.links if link.visible and link.region == "main")
                  for s in on_path[1:] if s.facts is not None)
    # The path ends in front of the final button; pressing it (done or not) is one more click.
    return Leaving(clicks=clicks_to(evidence, seen.reached.step) + 1, pages=len(on_path) - 1,
                   options=options, offers=offers)


def _offers(facts: PageFacts) -> bool:
    """The page's own content (not its header or footer) holds a retention offer or an "Are you sure?"."""
    main = "\n".join(block.text for block in facts.blocks if block.region in ("main", "dialog", "article"))
    return bool(first_phrase(main or facts.text, lexicon(language_of(facts))["cancellation"]["offers"]))


def _joining(result: JourneyResult) -> int:
    """The clicks to the sign-up form, and its button (pressed or not)."""
    return result.effort.clicks + 1


def _n(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def said(joining: int | None, out: Leaving) -> str:
    """ "Joining took 2 clicks; leaving took 9 clicks, 4 pages and 3 'Are you sure?' offers" """
    way_out = (f"leaving took {_n(out.clicks, 'click')}, {_n(out.pages, 'page')} and "
               f"{_n(out.offers, OFFER)}")
    return f"Joining took {_n(joining, 'click')}; {way_out}" if joining is not None else way_out.capitalize()


def asymmetries(results: list[JourneyResult]) -> list[Asymmetry]:
    """Per site with a cancel journey that found the way out, or goals run by new and existing customers."""
    found = []
    for site in dict.fromkeys(r.site for r in results):
        mine = [r for r in results if r.site == site]
        by_goal = {goal: {r.persona_kind: r.effort.clicks for r in mine if r.goal == goal and r.outcome == "reached"}
                   for goal in COMPARED_GOALS}
        by_goal = {goal: kinds for goal, kinds in by_goal.items() if len(kinds) > 1}
        out = next((r.leaving for r in mine if r.leaving is not None), None)
        joins = [_joining(r) for r in mine if r.goal == WAY_IN_GOAL and r.outcome == "reached"
                 and r.persona_kind == "new-customer"]
        joining = min(joins) if joins else None
        if out is None and not by_goal:
            continue
        ratio = round(out.clicks / joining, 1) if out is not None and joining else None
        found.append(Asymmetry(site=site, joining_clicks=joining, leaving=out, ratio=ratio, by_goal=by_goal,
                               said=said(joining, out) if out is not None else ""))
    return found
