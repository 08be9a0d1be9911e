"""Goals by id: what a goal-seeking journey is after, one module per goal, plugins through `friction.goals`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from audits.facts import lexicon
from audits.facts.channels import channels_on, deflection_prompt
from audits.facts.gates import gates_on
from audits.facts.phones import phones_on
from audits.model import Channel, Gate, PageFacts, Phone
from audits.registry import Registry

# Which number a customer wants first when the goal does not say: the one that sells.
PHONE_ORDER = ("sales", "general", "support", "billing", "international", "tty", "fraud", "fax")


@dataclass
class Observation:
    """One page judged against the goal."""

    reached: bool
    detail: str = ""
    phones: list[Phone] = field(default_factory=list)
    channels: list[Channel] = field(default_factory=list)
    gates: list[Gate] = field(default_factory=list)
    required_fields: int = 0
    deflection: str | None = None
    highlight: str | None = None


def observe_page(facts: PageFacts, region: str, step: int) -> Observation:
    """What every goal notes on a page before judging it: phones, channels, gates, 'did this help?' prompts."""
    phones = phones_on(facts, region, step)
    return Observation(
        reached=False, phones=phones, channels=channels_on(facts, phones, step),
        gates=gates_on(facts, step), deflection=deflection_prompt(facts),
    )


@dataclass(frozen=True, eq=False)  # one per lexicon, goal and language (`_scent`): known by identity
class Scent:
    """What promises the goal on a link: phrases and URL tokens weighted 0..1, and words that lead away."""

    phrases: Mapping[str, float]
    href: Mapping[str, float]
    away: Mapping[str, float]


@dataclass(frozen=True)
class Goal:
    """Everything the crawler, the verdict, the story and the detectors know about one goal."""

    id: str
    # Judges one page: (facts, the site's phone region, step index) -> Observation.
    observe: Callable[[PageFacts, str, int], Observation]
    words: str  # what a customer tried to do: "find a phone number"
    thing: str  # what a page can have or lack: "a phone number"
    scent: str  # the key of this goal's tables under `scent:` and `away:` in the lexicon
    # A lexicon file of the goal's own (the shape of facts/lexicon.yaml); None: the built-in one.
    lexicon: Path | None = None
    # Gate kinds that end the journey as `gated`; None: every kind.
    blocking_gates: tuple[str, ...] | None = None
    # A human channel closed to new customers is itself the gate (reaching a person is the goal).
    closed_channel_is_gate: bool = False
    # Ends `deflected` (chat-only, faq-loop) when only a bot or help pages answered.
    deflects: bool = False
    # What a story of success names, the first the journey has: "phones", "channels", "sign-up-form".
    tells: tuple[str, ...] = ()
    phone_order: tuple[str, ...] = PHONE_ORDER
    # Finding ids a missed goal says already, left out of the story's "on top of that".
    implied_by_miss: tuple[str, ...] = ()
    # Goal-bound detector families that judge this goal's journeys (see Detector.family).
    detector_families: tuple[str, ...] = ()
    # Form purposes (facts/forms.py) a journey with permission fills in and sends once the goal is reached.
    tries: tuple[str, ...] = ()
    # Run by `friction audit` when no --journey is named; goals for existing customers are not.
    default: bool = True

    def blocked_by(self, kind: str) -> bool:
        return self.blocking_gates is None or kind in self.blocking_gates

    def scent_tables(self, lang: str = "") -> Scent:
        """This goal's scent tables in English and `lang` (the page's language), read from its lexicon once."""
        return _scent(self.lexicon, self.scent, lang)


@cache
def _lexicon_file(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


@cache
def _scent(path: Path | None, key: str, lang: str) -> Scent:
    tables = lexicon(lang) if path is None else _lexicon_file(path)
    scent = tables["scent"][key]
    return Scent(scent["phrases"], scent["href"], tables["away"][key])


GOALS: Registry[Goal] = Registry("goal", "friction.goals", builtins=__name__, accepts=Goal)


def goal_of(name: str) -> Goal | None:
    """The registered goal of that name; None for a name only a script uses."""
    return GOALS.get(name) if name in GOALS else None
