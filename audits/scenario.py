"""Load and validate suites before any browser starts; every error cites file:line."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

import yaml
from pydantic import BaseModel, ConfigDict, Field, GetJsonSchemaHandler, ValidationError, model_validator
from pydantic.json_schema import JsonSchemaValue, SkipJsonSchema
from pydantic_core import core_schema

from audits.ci.assertions import AssertConfig, unknown_scopes
from audits.gather.actions import ACTIONS
from audits.goals import GOALS
from audits.journeys.customer import IdentitySpec
from audits.model import Budget
from audits.personas import DEFAULT_PERSONAS, DEVICES
from audits.usage import did_you_mean, one_of

ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


# Far beyond any real suite (hundreds of sites fit in a few hundred kilobytes), far below what hurts.
MAX_SUITE_CHARS = 2_000_000
MAX_DEPTH = 64
MAX_NODES = 200_000


class ScenarioError(Exception):
    """A suite file that cannot be run; `problems` lists each as 'file:line: what'."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def _action_list() -> str:
    return ", ".join(ACTIONS.names())


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class StepSpec(BaseModel):
    """One scripted step, written as `{action: arguments}`."""

    action: str
    args: Any = None

    @model_validator(mode="before")
    @classmethod
    def _from_mapping(cls, value: Any) -> Any:
        if isinstance(value, StepSpec):
            return value
        if isinstance(value, str) and value in ACTIONS:
            value = {value: None}
        if not isinstance(value, dict) or len(value) != 1:
            raise ValueError(f"a step is one action, like `click: Sign up`; expected one of: {_action_list()}")
        ((name, raw),) = value.items()
        if name not in ACTIONS:
            raise ValueError(f"unknown action {name!r}; expected one of: {_action_list()}")
        try:
            args = ACTIONS.get(name).args.model_validate(raw)
        except ValidationError as error:
            raise ValueError(f"{name}: {_brief(error)}") from None
        return {"action": name, "args": args}

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        variants = []
        for name, spec in ACTIONS.items():
            args_schema = handler(spec.args.__pydantic_core_schema__)
            variants.append({
                "type": "object",
                "title": name,
                "properties": {name: args_schema},
                "required": [name],
                "additionalProperties": False,
            })
        return {"oneOf": variants, "description": "One scripted step: {action: arguments}."}

    def describe(self) -> str:
        target = getattr(self.args, "describe", None)
        return f"{self.action} {target()}" if target else self.action


class BudgetSpec(Budget):
    """A journey's budget as written in a suite: unknown keys are mistakes."""

    model_config = ConfigDict(extra="forbid")


class SiteSpec(Strict):
    id: str = ""
    name: str
    start_url: str
    allowed_domains: list[str] = Field(default_factory=list)
    region: str = "auto"  # the country national phone numbers are read in; "auto": from each page
    submit: bool = False  # journeys on this site may send the forms they are after (audits/journeys/permission.py)

    @model_validator(mode="after")
    def _check(self) -> SiteSpec:
        parsed = urlparse(self.start_url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError(f"start_url must be an http(s) URL, got {self.start_url!r}")
        if not self.id:
            self.id = re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")
        return self


class PersonaSpec(Strict):
    id: str
    kind: Literal["new-customer", "existing-customer"] = "new-customer"
    device: Literal["desktop", "mobile"] = "desktop"
    credentials: dict[str, str] = Field(default_factory=dict)
    storage_state: str | None = Field(default=None, description=(
        "A Playwright storage-state file (cookies and local storage saved from a logged-in session), "
        "relative to the suite file; the persona starts every journey logged in."))


class JourneySpec(Strict):
    id: str = ""
    goal: str
    personas: list[str] | None = None
    sites: list[str] | None = None
    budget: BudgetSpec | None = None
    steps: list[StepSpec] | None = None
    submit: bool = False

    @model_validator(mode="after")
    def _check(self) -> JourneySpec:
        if self.steps is None and self.goal not in GOALS:
            known = ", ".join(GOALS.names())
            raise ValueError(f"goal {self.goal!r} has no goal-seeking journey; expected one of {known}, or give steps"
                             + did_you_mean(self.goal, GOALS.names()))
        if not self.id:
            self.id = self.goal
        return self

    @property
    def scripted(self) -> bool:
        return self.steps is not None


class Options(Strict):
    # Goal journeys of a site and persona share the pages read (audits/journeys/site_model.py).
    shared_crawl: bool = True
    screenshots: Literal["path", "all", "none"] = "path"
    html: bool = True
    robots: bool = True
    step_timeout_ms: int = 5000
    allow_private: bool = False
    submit: bool = False  # every journey may send the forms it is after (`--submit`)
    seed: str = "friction"  # the same seed gives the same synthetic customer on every run
    trace: Literal["on", "off", "failed"] = Field(default="failed", description=(
        "A Playwright trace.zip and a HAR per journey: kept for every journey (on), for none (off), "
        "or only for journeys that did not reach their goal (failed)."))
    accessibility: bool = Field(default=True, description=(
        "Run axe-core on each page a journey clicks on; violations on the element clicked become findings."))
    # `friction replay`: the run folder whose HARs answer every request; never set from a suite file.
    replay: SkipJsonSchema[str] = Field(default="", exclude=True)


class Suite(Strict):
    """A validated suite: sites, personas, journeys and options."""

    name: str = ""
    site: SiteSpec | None = None
    sites: list[SiteSpec] = Field(default_factory=list)
    personas: list[PersonaSpec] = Field(
        default_factory=lambda: [PersonaSpec.model_validate(p) for p in DEFAULT_PERSONAS]
    )
    journeys: list[JourneySpec]
    options: Options = Field(default_factory=Options)
    assertions: AssertConfig = Field(default_factory=AssertConfig, alias="assert")
    identity: IdentitySpec = Field(default_factory=IdentitySpec)
    source: str = Field(default="", exclude=True)
    # How to build this suite again (`friction replay`): the suite text, or the `friction audit` arguments.
    recipe: SkipJsonSchema[dict[str, Any]] = Field(default_factory=dict, exclude=True)

    @model_validator(mode="after")
    def _check(self) -> Suite:
        if self.site and self.sites:
            raise ValueError("give `site` or `sites`, not both")
        if self.site:
            self.sites = [self.site]
        if not self.sites:
            raise ValueError("a suite needs a `site` (or a list of `sites`)")
        self.site = self.sites[0]
        self.name = self.name or self.site.name
        persona_ids = {p.id for p in self.personas}
        site_ids = {s.id for s in self.sites}
        seen: set[str] = set()
        for journey in self.journeys:
            unknown = set(journey.personas or []) - persona_ids
            if unknown:
                raise ValueError(
                    f"journey {journey.id!r} names unknown persona(s) {sorted(unknown)}; defined: {sorted(persona_ids)}"
                    + did_you_mean(min(unknown), persona_ids)
                )
            unknown = set(journey.sites or []) - site_ids
            if unknown:
                raise ValueError(
                    f"journey {journey.id!r} names unknown site(s) {sorted(unknown)}; defined: {sorted(site_ids)}"
                )
            if journey.id in seen:
                raise ValueError(f"journey id {journey.id!r} is used twice; give each journey its own `id`")
            seen.add(journey.id)
        return self

    def personas_for(self, journey: JourneySpec) -> list[PersonaSpec]:
        wanted = journey.personas
        return [p for p in self.personas if wanted is None or p.id in wanted]

    def sites_for(self, journey: JourneySpec) -> list[SiteSpec]:
        return [s for s in self.sites if journey.sites is None or s.id in journey.sites]


def _brief(error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts)


def _line_map(text: str) -> dict[tuple[Any, ...], int]:
    """Map each path in the YAML document (keys and list indexes) to its 1-based line."""
    lines: dict[tuple[Any, ...], int] = {}

    def walk(node: yaml.Node, path: tuple[Any, ...]) -> None:
        lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = (*path, key.value)
                walk(value, child)
                lines[child] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*path, index))

    root = yaml.compose(text)
    if root is not None:
        walk(root, ())
    return lines


def _line_of(lines: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int:
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in lines:
            return lines[loc[:cut]]
    return 1


def _where(loc: tuple[Any, ...], data: Any) -> str:
    """A readable path such as `journeys[2] (order-new-service) steps[3]`."""
    words: list[str] = []
    node = data
    for part in loc:
        if isinstance(part, int):
            words[-1] += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, dict) and ("id" in node or "goal" in node):
                words[-1] += f" ({node.get('id') or node.get('goal')})"
        else:
            words.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return " ".join(words) or "suite"


def _depth_ok(text: str, source: str) -> None:
    """Refuse nesting deeper than a suite needs, before the (recursive) composer sees it."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1 if event.start_mark else 1
                too_deep = f"nesting deeper than {MAX_DEPTH} levels; a suite needs far less"
                raise ScenarioError([f"{source}:{line}: {too_deep}"])
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _size_ok(node: yaml.Node, source: str) -> None:
    """Refuse documents whose aliases expand past MAX_NODES (a 'billion laughs' is a few lines)."""
    count, stack = 0, [node]
    while stack:
        current = stack.pop()
        count += 1
        if count > MAX_NODES:
            line = node.start_mark.line + 1
            raise ScenarioError([f"{source}:{line}: the document expands to more than {MAX_NODES} values "
                                 "(aliases repeated inside aliases); a suite needs far less"])
        if isinstance(current, yaml.MappingNode):
            stack += [part for pair in current.value for part in pair]
        elif isinstance(current, yaml.SequenceNode):
            stack += current.value


def _safe_yaml(text: str, source: str) -> Any:
    """YAML with its nesting and alias expansion bounded before anything is built from it."""
    _depth_ok(text, source)
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _size_ok(node, source)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def parse_suite(text: str, source: str = "<suite>") -> Suite:
    """Validate suite text; raise ScenarioError naming file, line and what was expected."""
    if len(text) > MAX_SUITE_CHARS:
        raise ScenarioError([f"{source}:1: the suite is {len(text):,} characters; the limit is {MAX_SUITE_CHARS:,}"])
    try:
        data = _safe_yaml(text, source)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"{mark.line + 1}:{mark.column + 1}" if mark else "1"
        problem = getattr(error, "problem", None) or str(error)
        raise ScenarioError([f"{source}:{line}: invalid YAML: {problem}"]) from None
    if not isinstance(data, dict):
        raise ScenarioError([f"{source}:1: expected a mapping with `site` and `journeys`, got {type(data).__name__}"])
    try:
        suite = Suite.model_validate(data)
    except ValidationError as error:
        lines = _line_map(text)
        problems = []
        for item in error.errors():
            loc = tuple(p for p in item["loc"] if p not in ("function-after[_from_mapping(), StepSpec]",))
            message = item["msg"].removeprefix("Value error, ")
            if item["type"] == "extra_forbidden":
                message = f"unknown key {loc[-1]!r}"
            problems.append(f"{source}:{_line_of(lines, loc)}: {_where(loc, data)}: {message}")
        raise ScenarioError(problems) from None
    suite.source = source
    suite.recipe = {"suite": text, "source": source}
    _check_env(suite, text, source)
    _resolve_storage_states(suite, text, source)
    _check_assert_scopes(suite, text, source)
    return suite


def _check_assert_scopes(suite: Suite, text: str, source: str) -> None:
    """Every scope in `assert:` must name a journey, goal, persona or site of the suite."""
    known = {"journey": {j.id for j in suite.journeys}, "goal": {j.goal for j in suite.journeys},
             "persona": {p.id for p in suite.personas}, "site": {s.id for s in suite.sites}}
    problems = unknown_scopes(suite.assertions, known)
    if problems:
        lines = _line_map(text)
        raise ScenarioError([f"{source}:{_line_of(lines, ('assert', *path))}: assert {' '.join(path)}: {message}"
                             for path, message in problems])


def _resolve_storage_states(suite: Suite, text: str, source: str) -> None:
    """Each persona's `storage_state` as a path from the suite file's folder; the file must exist."""
    folder = Path(source).parent if Path(source).is_file() else Path()
    missing = []
    for number, persona in enumerate(suite.personas):
        if persona.storage_state is None:
            continue
        path = folder / persona.storage_state
        if not path.is_file():
            line = _line_of(_line_map(text), ("personas", number, "storage_state"))
            missing.append(f"{source}:{line}: persona {persona.id!r}: storage_state file {str(path)!r} does not exist")
        persona.storage_state = str(path)
    if missing:
        raise ScenarioError(missing)


def _check_env(suite: Suite, text: str, source: str) -> None:
    missing = []
    for number, line in enumerate(text.splitlines(), 1):
        for name in ENV_REF.findall(line.split("#", 1)[0]):
            if name not in os.environ:
                missing.append(f"{source}:{number}: environment variable {name} is not set")
    if missing:
        raise ScenarioError(missing)


def resolve_env(value: str) -> str:
    """Replace ${NAME} with the environment's value (checked at load time)."""
    return ENV_REF.sub(lambda m: os.environ.get(m.group(1), ""), value)


def load_suite(path: str | Path) -> Suite:
    """Read and validate a suite file: text in UTF-8, of a size a suite can have."""
    path = Path(path)
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_SUITE_CHARS * 4 + 1)
    except OSError as error:
        raise ScenarioError([f"{path}: cannot read suite file: {error.strerror}"]) from None
    if len(raw) > MAX_SUITE_CHARS * 4:
        raise ScenarioError([f"{path}:1: the file is larger than a suite can be ({MAX_SUITE_CHARS:,} characters)"])
    if b"\0" in raw:
        raise ScenarioError([f"{path}:1: a binary file, not a YAML suite"])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        byte = f"byte 0x{raw[error.start]:02x}"
        raise ScenarioError([f"{path}:{line}: not UTF-8 text ({byte}); save the suite as UTF-8"]) from None
    return parse_suite(text, str(path))


def suite_for_url(url: str, goals: list[str], personas: list[str] | None = None, **options: Any) -> Suite:
    """A suite for `friction audit URL`: goal-seeking journeys on one site."""
    return suite_for_sites([url], goals, personas, **options)


def _site_entries(sites: list[str | tuple[str, str]]) -> list[dict[str, str]]:
    """Each URL (or (name, URL)) as a site, named after its host unless named; a repeated id gets -2, -3..."""
    entries, seen = [], set()
    for site in sites:
        name, url = site if isinstance(site, tuple) else ("", site)
        name = name or urlparse(url).netloc or url
        base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "site"
        site_id, number = base, 1
        while site_id in seen:
            number += 1
            site_id = f"{base}-{number}"
        seen.add(site_id)
        entries.append({"id": site_id, "name": name, "start_url": url})
    return entries


def suite_for_sites(sites: list[str | tuple[str, str]], goals: list[str], personas: list[str] | None = None,
                    **options: Any) -> Suite:
    """A suite for `friction audit URL...`: goal-seeking journeys on every site (URLs or (name, URL) pairs)."""
    if not sites:
        raise ScenarioError(["audit: expected at least one URL (arguments or --urls FILE)"])
    entries = _site_entries(sites)
    name = entries[0]["name"] if len(entries) == 1 else f"{len(entries)} sites"
    journeys = [{"goal": goal} for goal in goals]
    data: dict[str, Any] = {"name": name, "sites": entries, "journeys": journeys, "options": options}
    try:
        suite = Suite.model_validate(data)
    except ValidationError as error:
        raise ScenarioError([f"audit: {_brief(error)}"]) from None
    if personas:
        known = {p.id: p for p in suite.personas}
        chosen = []
        for name in personas:
            if name in known:
                chosen.append(known[name])
            elif name in DEVICES:
                chosen.append(PersonaSpec(id=f"new-{name}", device=name))  # type: ignore[arg-type]
            else:
                raise ScenarioError([f"--persona: {one_of(name, [*known, *DEVICES], 'a persona')}"])
        suite.personas = chosen
    suite.recipe = {"audit": {"sites": sites, "goals": goals, "personas": personas, "options": options}}
    return suite


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the suite format, for editors."""
    schema = Suite.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "friction suite"
    return schema
