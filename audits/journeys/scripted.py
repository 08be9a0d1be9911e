"""The scripted journey: run a suite's steps in order; the first failure ends it with a reason."""

from __future__ import annotations

import contextlib
import time

from audits.gather.actions import ACTIONS, StepContext, StepFailed
from audits.journeys import JOURNEYS, Session, Verdict, http_failure
from audits.model import StepRecord
from audits.scenario import StepSpec, resolve_env

SETTLE_MS = 3000


def _settle(session: Session) -> None:
    # A page that never finishes loading is judged on what it shows.
    with contextlib.suppress(Exception):
        session.page.wait_for_load_state("load", timeout=SETTLE_MS)


def _run_step(session: Session, index: int, spec: StepSpec, ctx: StepContext) -> Verdict | None:
    action = ACTIONS.get(spec.action)
    args = spec.args
    if hasattr(args, "value"):
        args = args.model_copy(update={"value": resolve_env(args.value)})
    step = StepRecord(index=index, action=spec.action, target=spec.describe().partition(" ")[2] or None)
    started = time.monotonic()
    verdict = None
    try:
        done = action.run(session.page, args, ctx)
        step.target = done.target or step.target
        step.keystrokes, step.fields_filled = done.keystrokes, done.fields
        if action.navigates:
            _settle(session)
    except StepFailed as error:
        step.ok, step.error = False, str(error)
        reason = "expectation-failed" if spec.action == "expect" else "step-failed"
        verdict = Verdict("failed", reason, f"step {index} ({spec.describe()}): {error}")
    except Exception as error:
        step.ok, step.error = False, f"{spec.action}: {str(error).splitlines()[0][:300]}"
        verdict = Verdict("failed", "timeout" if "Timeout" in type(error).__name__ else "step-failed",
                          f"step {index} ({spec.describe()}): {step.error}")
    http = http_failure(session.recorder.events.failed_requests)
    if verdict is None and http:
        step.ok, step.error = False, http
        verdict = Verdict("failed", "http-error", f"step {index} ({spec.describe()}) led to {http}")
    step.ms = int((time.monotonic() - started) * 1000)
    session.steps.append(session.recorder.record(step, session.page, shot=_wants_shot(session, spec, verdict)))
    return verdict


def _wants_shot(session: Session, spec: StepSpec, verdict: Verdict | None) -> bool:
    policy = session.options.screenshots
    if spec.action == "screenshot" or policy == "all":
        return True
    if policy == "none":
        return False
    return verdict is not None or ACTIONS.get(spec.action).navigates


@JOURNEYS.register("scripted")
def run_scripted(session: Session) -> Verdict:
    """Run each step; an implicit `goto` of the start URL comes first unless the script starts with one."""
    steps = list(session.journey.steps or [])
    if not steps or steps[0].action != "goto":
        steps.insert(0, StepSpec.model_validate({"goto": session.site.start_url}))
    ctx = StepContext(base_url=session.site.start_url, timeout_ms=session.options.step_timeout_ms)
    for index, spec in enumerate(steps):
        if session.out_of_time():
            budget = f"{session.budget.seconds:g}s"
            return Verdict("failed", "timeout",
                           f"the journey ran out of its {budget} budget before step {index} ({spec.describe()})")
        verdict = _run_step(session, index, spec, ctx)
        if verdict is not None:
            verdict.target_url = session.page.url
            return verdict
    return Verdict("reached", None, f"all {len(steps)} steps passed", target_url=session.page.url)
