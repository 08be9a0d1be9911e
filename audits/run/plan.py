"""The run plan: every journey a suite asks for, as work items that can run anywhere."""

from __future__ import annotations

from dataclasses import dataclass

from audits.model import journey_key
from audits.scenario import JourneySpec, PersonaSpec, SiteSpec, Suite


@dataclass(frozen=True)
class WorkItem:
    """One journey on one site for one persona, in one of `--runs N` repetitions (0 is the first).

    It holds ids only, so it travels to another process or machine; `specs` finds them in the suite.
    """

    site: str
    journey: str
    persona: str
    repeat: int = 0

    @property
    def key(self) -> str:
        """The name its evidence is saved under (`journeys/<key>.json`)."""
        return journey_key(self.site, self.journey, self.persona, self.repeat)

    def specs(self, suite: Suite) -> tuple[SiteSpec, JourneySpec, PersonaSpec]:
        """The suite's site, journey and persona this item names."""
        site = next(s for s in suite.sites if s.id == self.site)
        journey = next(j for j in suite.journeys if j.id == self.journey)
        persona = next(p for p in suite.personas if p.id == self.persona)
        return site, journey, persona


def plan(suite: Suite, runs: int = 1) -> list[WorkItem]:
    """Every item the suite will run, in order: each repetition whole; per site and persona, its journeys
    in suite order one after the other, so the later ones read the pages the earlier ones read (site model)."""
    return [
        WorkItem(site.id, journey.id, persona.id, repeat)
        for repeat in range(runs)
        for site in suite.sites
        for persona in suite.personas
        for journey in suite.journeys
        if site in suite.sites_for(journey) and persona in suite.personas_for(journey)
    ]
