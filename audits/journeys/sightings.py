"""The navigator's log of what it saw (phones, channels, gates, failures, the goal), kept as `Sightings`."""

from __future__ import annotations

from audits.goals import Observation
from audits.model import Failure, RankedGate, Reach, Sightings


class SightingsLog:
    """Adds what each page showed to the journey's sightings, once each."""

    def __init__(self) -> None:
        self.seen = Sightings()

    @property
    def reached(self) -> bool:
        return self.seen.reached is not None

    def add(self, observed: Observation, relevance: float, url: str) -> None:
        known_phones = {p.e164 for p in self.seen.phones}
        self.seen.phones += [p for p in observed.phones if p.e164 not in known_phones]
        for channel in observed.channels:
            if not any((c.kind, c.url, c.label) == (channel.kind, channel.url, channel.label)
                       for c in self.seen.channels):
                self.seen.channels.append(channel)
        for gate in observed.gates:
            if not any((g.gate.kind, g.gate.url) == (gate.kind, gate.url) for g in self.seen.gates):
                self.seen.gates.append(RankedGate(relevance=relevance, gate=gate))
        if observed.deflection and url not in self.seen.deflections:
            self.seen.deflections.append(url)

    def failure(self, reason: str, detail: str, relevance: float = 1.0, step: int | None = None,
                url: str | None = None) -> None:
        self.seen.failures.append(Failure(reason=reason, detail=detail, relevance=relevance, step=step, url=url))

    def reach(self, observed: Observation, step: int, url: str, path: list[int]) -> None:
        self.seen.reached = Reach(step=step, url=url, detail=observed.detail,
                                  required_fields=observed.required_fields, path=path)
