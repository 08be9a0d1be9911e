"""Scripted steps: a table of action name -> argument model and run(page, args, ctx)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import urljoin

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from audits.registry import Registry

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

DEFAULT_TIMEOUT_MS = 5000


class StepFailed(Exception):
    """A step could not be done; the message says what was expected and where."""


@dataclass
class StepContext:
    """What an action may need beyond the page."""

    base_url: str
    timeout_ms: int = DEFAULT_TIMEOUT_MS
    shots: list[str] = field(default_factory=list)


@dataclass
class Done:
    """What an action reports back to the recorder."""

    target: str
    keystrokes: int = 0
    fields: int = 0
    screenshot: bool = False


class Args(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Target(Args):
    """Where to act: by visible text, role and name, label, placeholder or CSS."""

    text: str | None = None
    role: str | None = None
    name: str | None = None
    label: str | None = None
    placeholder: str | None = None
    css: str | None = None
    exact: bool = False

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_way(self) -> Target:
        ways = [k for k in ("text", "role", "label", "placeholder", "css") if getattr(self, k)]
        if len(ways) != 1:
            raise ValueError("give exactly one of text, role (with name), label, placeholder or css")
        if self.name and not self.role:
            raise ValueError("name goes with role")
        return self

    def describe(self) -> str:
        if self.role:
            return f'{self.role} "{self.name}"' if self.name else f"role {self.role}"
        for way in ("text", "label", "placeholder", "css"):
            value = getattr(self, way)
            if value:
                return f'{way} "{value}"'
        return "?"

    def locate(self, page: Page) -> Locator:
        if self.role:
            return page.get_by_role(self.role, name=self.name, exact=self.exact)  # type: ignore[arg-type]
        if self.label:
            return page.get_by_label(self.label, exact=self.exact)
        if self.placeholder:
            return page.get_by_placeholder(self.placeholder, exact=self.exact)
        if self.css:
            return page.locator(self.css)
        return page.get_by_text(self.text or "", exact=self.exact)


class ValueTarget(Target):
    value: str = ""


class CheckArgs(Target):
    checked: bool = True


class GotoArgs(Args):
    url: str

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"url": value} if isinstance(value, str) else value


class PressArgs(Args):
    key: str
    target: Target | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"key": value} if isinstance(value, str) else value


def _regex(value: str | None) -> str | None:
    """A URL pattern is checked when the suite loads, not when the browser gets there."""
    if value is not None:
        try:
            re.compile(value)
        except re.error as error:
            raise ValueError(f"{value!r} is not a valid regular expression: {error}") from None
    return value


class WaitArgs(Args):
    """Wait for text, an element or a URL, or a fixed number of milliseconds."""

    text: str | None = None
    css: str | None = None
    url: str | None = None
    ms: int | None = None
    timeout_ms: int | None = None

    _url_is_regex = field_validator("url")(_regex)

    @model_validator(mode="after")
    def _one_way(self) -> WaitArgs:
        if sum(v is not None for v in (self.text, self.css, self.url, self.ms)) != 1:
            raise ValueError("give exactly one of text, css, url or ms")
        return self


class ExpectArgs(Args):
    """Assert what the page shows: text visible, URL matches (regular expression), element present."""

    text: str | None = None
    url: str | None = None
    css: str | None = None
    absent: bool = False
    timeout_ms: int | None = None

    _url_is_regex = field_validator("url")(_regex)

    @model_validator(mode="after")
    def _one_way(self) -> ExpectArgs:
        if sum(v is not None for v in (self.text, self.url, self.css)) != 1:
            raise ValueError("give exactly one of text, url or css")
        return self


class ShotArgs(Args):
    name: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        if value is None:
            return {}
        return {"name": value} if isinstance(value, str) else value


A = TypeVar("A", bound=Args)


@dataclass(frozen=True)
class Action(Generic[A]):
    """A scripted step kind: how its arguments look and how it runs."""

    name: str
    args: type[A]
    run: Callable[[Page, A, StepContext], Done]
    navigates: bool = True


ACTIONS: Registry[Action[Any]] = Registry("action", "friction.actions")


def action(name: str, args: type[A], navigates: bool = True) -> Callable[..., Any]:
    def add(run: Callable[[Page, A, StepContext], Done]) -> Callable[[Page, A, StepContext], Done]:
        ACTIONS.add(name, Action(name, args, run, navigates))
        return run

    return add


def _visible(page: Page, target: Target, ctx: StepContext, verb: str) -> Locator:
    from playwright.sync_api import Error

    locator = target.locate(page)
    try:
        locator.first.wait_for(state="visible", timeout=ctx.timeout_ms)
    except Error:
        seconds = ctx.timeout_ms / 1000
        raise StepFailed(
            f"{verb}: no visible element matches {target.describe()} on {page.url} "
            f"(waited {seconds:g}s)"
        ) from None
    return locator.first


@action("goto", GotoArgs)
def goto(page: Page, args: GotoArgs, ctx: StepContext) -> Done:
    page.goto(urljoin(ctx.base_url, args.url), wait_until="load", timeout=max(ctx.timeout_ms, 15000))
    return Done(target=args.url)


@action("click", Target)
def click(page: Page, args: Target, ctx: StepContext) -> Done:
    _visible(page, args, ctx, "click").click(timeout=ctx.timeout_ms)
    return Done(target=args.describe())


@action("fill", ValueTarget, navigates=False)
def fill(page: Page, args: ValueTarget, ctx: StepContext) -> Done:
    _visible(page, args, ctx, "fill").fill(args.value, timeout=ctx.timeout_ms)
    return Done(target=args.describe(), keystrokes=len(args.value), fields=1)


@action("select", ValueTarget, navigates=False)
def select(page: Page, args: ValueTarget, ctx: StepContext) -> Done:
    element = _visible(page, args, ctx, "select")
    try:
        element.select_option(label=args.value, timeout=ctx.timeout_ms)
    except Exception:
        element.select_option(args.value, timeout=ctx.timeout_ms)
    return Done(target=args.describe(), fields=1)


@action("check", CheckArgs, navigates=False)
def check(page: Page, args: CheckArgs, ctx: StepContext) -> Done:
    _visible(page, args, ctx, "check").set_checked(args.checked, timeout=ctx.timeout_ms)
    return Done(target=args.describe(), fields=1)


@action("press", PressArgs)
def press(page: Page, args: PressArgs, ctx: StepContext) -> Done:
    if args.target:
        _visible(page, args.target, ctx, "press").press(args.key, timeout=ctx.timeout_ms)
    else:
        page.keyboard.press(args.key)
    return Done(target=args.key, keystrokes=1)


@action("wait_for", WaitArgs, navigates=False)
def wait_for(page: Page, args: WaitArgs, ctx: StepContext) -> Done:
    from playwright.sync_api import Error

    timeout = args.timeout_ms or ctx.timeout_ms
    if args.ms is not None:
        time.sleep(args.ms / 1000)
        return Done(target=f"{args.ms} ms")
    try:
        if args.url is not None:
            page.wait_for_url(re.compile(args.url), timeout=timeout)
            return Done(target=f'url "{args.url}"')
        selector = args.css if args.css is not None else f"text={args.text}"
        page.wait_for_selector(selector, state="visible", timeout=timeout)
    except Error:
        raise StepFailed(f"wait_for: {args.model_dump(exclude_none=True)} did not appear on {page.url}") from None
    return Done(target=args.css or f'text "{args.text}"')


def _expect_met(page: Page, args: ExpectArgs) -> bool:
    if args.url is not None:
        return re.search(args.url, page.url) is not None
    if args.css is not None:
        return page.locator(args.css).first.is_visible()
    return page.get_by_text(args.text or "").first.is_visible()


@action("expect", ExpectArgs, navigates=False)
def expect(page: Page, args: ExpectArgs, ctx: StepContext) -> Done:
    deadline = time.monotonic() + (args.timeout_ms or ctx.timeout_ms) / 1000
    wanted = not args.absent
    while _expect_met(page, args) != wanted:
        if time.monotonic() > deadline:
            what = f'url matching "{args.url}"' if args.url else args.css or f'text "{args.text}"'
            state = "absent" if args.absent else "visible"
            raise StepFailed(f"expect: {what} to be {state} on {page.url}, but it was not")
        page.wait_for_timeout(100)
    return Done(target=args.url or args.css or args.text or "")


@action("screenshot", ShotArgs, navigates=False)
def screenshot(page: Page, args: ShotArgs, ctx: StepContext) -> Done:
    return Done(target=args.name or "", screenshot=True)
