"""The scripted journey: run a suite's steps in order through the driver; the first failure ends it."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from audits.gather.actions import ACTIONS, StepContext, StepFailed
from audits.gather.driver import first_line
from audits.gather.egress import REASON_CODE, is_refused
from audits.gather.faults import load_reason
from audits.journeys import JOURNEYS, Gathered, Session
from audits.journeys.reachable import could_not_reach, unreachable
from audits.model import Failure, Reach, Sightings, StepRecord
from audits.scenario import StepSpec, resolve_env

if TYPE_CHECKING:
    from playwright.sync_api import Page


def _runner(spec: StepSpec, ctx: StepContext) -> Any:
    action = ACTIONS.get(spec.action)
    args = spec.args
    if hasattr(args, "value"):
        args = args.model_copy(update={"value": resolve_env(args.value)})

    def run(page: Page, step: StepRecord) -> None:
        done = action.run(page, args, ctx)
        step.target = done.target or step.target
        step.keystrokes, step.fields_filled = done.keystrokes, done.fields

    return run


def _wants_shot(session: Session, spec: StepSpec, step: StepRecord) -> bool:
    policy = session.options.screenshots
    if spec.action == "screenshot" or policy == "all":
        return True
    if policy == "none":
        return False
    return not step.ok or ACTIONS.get(spec.action).navigates


def _failure(spec: StepSpec, index: int, step: StepRecord, error: BaseException | None) -> tuple[str, str] | None:
    """(reason, detail) when the step failed: what was expected and where."""
    said = f"step {index} ({spec.describe()})"
    if is_refused(step.error):  # whatever the action reported, the load it led to was refused
        return REASON_CODE, f"{said} led to {step.error}"
    if index == 0 and spec.action == "goto" and unreachable(step):
        return "unreachable", could_not_reach(step, step.target or spec.describe(), 1).detail
    if isinstance(error, StepFailed):
        step.error = str(error)
        return ("expectation-failed" if spec.action == "expect" else "step-failed"), f"{said}: {error}"
    if error is not None:
        step.error = f"{spec.action}: {first_line(error)}"
        return ("timeout" if "Timeout" in type(error).__name__ else "step-failed"), f"{said}: {step.error}"
    if not step.ok:
        return load_reason(step.error) or "http-error", f"{said} led to {step.error}"
    return None


@JOURNEYS.register("scripted")
def run_scripted(session: Session) -> Gathered:
    """Run each step; an implicit `goto` of the start URL comes first unless the script starts with one."""
    steps = list(session.journey.steps or [])
    if not steps or steps[0].action != "goto":
        steps.insert(0, StepSpec.model_validate({"goto": session.site.start_url}))
    ctx = StepContext(base_url=session.site.start_url, timeout_ms=session.options.step_timeout_ms)
    seen = Sightings()
    for index, spec in enumerate(steps):
        if session.out_of_time():
            budget = f"{session.budget.seconds:g}s"
            detail = f"the journey ran out of its {budget} budget before step {index} ({spec.describe()})"
            seen.failures.append(Failure(reason="timeout", detail=detail, url=session.page.url))
            return Gathered(seen)
        step, error = session.driver.act(spec.action, spec.describe().partition(" ")[2] or None,
                                         _runner(spec, ctx), navigates=ACTIONS.get(spec.action).navigates,
                                         shot=partial(_wants_shot, session, spec))
        failed = _failure(spec, index, step, error)
        if failed is not None:
            seen.failures.append(Failure(reason=failed[0], detail=failed[1], step=step.index, url=session.page.url))
            return Gathered(seen)
    seen.reached = Reach(step=len(session.steps) - 1, url=session.page.url, detail=f"all {len(steps)} steps passed")
    return Gathered(seen)
