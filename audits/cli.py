"""The command line: friction run | audit | worker | replay | report | diff | history | schema | demo."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from audits import __version__
from audits.ci.diff import BaselineError
from audits.gather.browser import BrowserNotFound, find_browser
from audits.goals import GOALS
from audits.model import RunResult
from audits.run.rundir import RunDirError
from audits.scenario import ScenarioError, json_schema, load_suite
from audits.secrets import scrubbed_terminal
from audits.store import StoreError
from audits.usage import Parser, start_url
from audits.vocab import audited

EXIT_OK, EXIT_TOOL, EXIT_FRICTION = 0, 1, 2
EXIT_PIPE = 141  # stdout closed early (`| head`): 128 + SIGPIPE, as other Unix tools end
DEBUG_ENV = "FRICTION_DEBUG"


class _GoalChoices:
    """The registered goals as --journey choices, read only when a value is checked or help is shown."""

    def __contains__(self, name: object) -> bool:
        return name in GOALS

    def __iter__(self) -> Iterator[str]:
        return iter(GOALS.names())


class Console:
    """What a person reads on stderr: progress and journey lines (audits/terminal.py), quiet in --json mode."""

    def __init__(self, quiet: bool) -> None:
        from rich.console import Console as RichConsole

        from audits.terminal import Progress

        self.quiet = quiet
        self.rich = RichConsole(stderr=True, highlight=False)
        self.journey = Progress(self.rich, quiet)  # the pipeline's progress: told each journey's start and end

    def say(self, text: str) -> None:
        self.journey.stop()  # after the run: lines go below the journeys, not under a live bar
        if not self.quiet:
            self.rich.print(text, soft_wrap=True)


def escape(text: str) -> str:
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def default_out(name: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path("reports") / f"{name}-{stamp}"


def _exit_code(result: RunResult) -> int:
    from audits.ci.gate import exit_code

    return exit_code(result)


GATE_STYLES = {"error": "red", "warn": "yellow", "ok": "green", "info": "dim"}


def _gate_printer(console: Console) -> Callable[[str, str], None]:
    def emit(style: str, text: str) -> None:
        colour = GATE_STYLES.get(style, "default")
        console.say(f"[{colour}]{escape(text)}[/{colour}]")

    return emit


def _finish(result: RunResult, out: Path, args: argparse.Namespace, console: Console) -> int:
    from audits.ci.publish import publish

    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
    stream = sys.stderr if args.json else sys.stdout  # workflow commands; stdout stays JSON-only
    publish(result, out, _gate_printer(console), lambda line: print(line, file=stream, flush=True),
            getattr(args, "suite", "") or "")
    scored = any(audited(j.outcome) for j in result.journeys)
    said = f"score {result.score}/100" if scored else "could not audit"
    console.say(f"{said} · report: {(out / 'report.html').resolve()}")  # last, where it cannot scroll away
    return _exit_code(result)


def _ci_options(args: argparse.Namespace) -> dict[str, Any]:
    """--runs, --baseline, --store/--no-store and --ref as keyword arguments for run_suite."""
    from audits.store import open_store

    if args.runs < 1:
        raise ScenarioError([f"--runs: expected 1 or more, got {args.runs}"])
    if args.resume and not args.out:
        raise ScenarioError(["--resume: expected --out DIR, the run folder to finish"])
    store = None if args.no_store else open_store(args.store)
    return {"runs": args.runs, "baseline": args.baseline, "store": store,
            "ref": args.ref or os.environ.get("GITHUB_SHA", ""), "resume": args.resume}


def _fleet_options(args: argparse.Namespace) -> dict[str, Any]:
    """--executor, --workers, --per-host, --host-gap and --broker as keyword arguments for run_suite."""
    from audits.run.politeness import Politeness

    try:
        politeness = Politeness(per_host=args.per_host, gap=args.host_gap)
    except ValueError as error:
        raise ScenarioError([str(error)]) from None
    if args.executor == "celery":
        if not args.broker:
            raise ScenarioError(["--executor celery: expected --broker redis://HOST:PORT/0"])
        return {"executor": "celery", "executor_options": {"broker": args.broker, "politeness": politeness}}
    executor = args.executor or ("serial" if args.workers == 1 else "parallel")
    options = {"workers": args.workers, "politeness": politeness} if executor == "parallel" else {}
    return {"executor": executor, "executor_options": options}


def cmd_run(args: argparse.Namespace, console: Console) -> int:
    from audits.run.pipeline import run_suite

    suite = load_suite(args.suite)
    suite.options.allow_private = suite.options.allow_private or args.allow_private
    suite.options.submit = suite.options.submit or args.submit
    suite.options.trace = args.trace or suite.options.trace
    if args.executor != "celery":
        find_browser()
    out = Path(args.out or default_out(Path(args.suite).stem))
    console.say(f"running {args.suite} → {out}")
    result = run_suite(suite, out, console.journey, **_ci_options(args), **_fleet_options(args))
    return _finish(result, out, args, console)


def cmd_audit(args: argparse.Namespace, console: Console) -> int:
    from audits.run.pipeline import audit
    from audits.urllist import read_url_list

    sites: list[str | tuple[str, str]] = [*args.url, *(read_url_list(args.urls) if args.urls else [])]
    if args.executor != "celery":
        find_browser()
    out = Path(args.out or default_out("audit"))
    goals = args.journey or [name for name, goal in GOALS.items() if goal.default]
    options = {"allow_private": args.allow_private, "submit": args.submit,
               **({"trace": args.trace} if args.trace else {})}
    result = audit(sites, out, goals, args.persona, console.journey, options=options,
                   **_ci_options(args), **_fleet_options(args))
    return _finish(result, out, args, console)


def cmd_worker(args: argparse.Namespace, console: Console) -> int:
    from audits.run.fleet import work

    if args.recycle < 1:
        raise ScenarioError([f"--recycle: expected 1 or more journeys, got {args.recycle}"])
    find_browser()
    return work(args.broker, concurrency=args.concurrency, visibility_timeout=args.visibility_timeout,
                recycle=args.recycle, say=console.say)


def cmd_replay(args: argparse.Namespace, console: Console) -> int:
    from audits.run.replay import replay

    find_browser()
    out = Path(args.out or f"{Path(args.dir).resolve()}-replay")
    console.say(f"replaying {args.dir} offline from its HARs → {out}")
    return _finish(replay(args.dir, out, console.journey, trace=args.trace or "off"), out, args, console)


def cmd_report(args: argparse.Namespace, console: Console) -> int:
    from audits.run.pipeline import report

    out = Path(args.dir)
    if args.workers < 1:
        raise ScenarioError([f"--workers: expected 1 or more, got {args.workers}"])
    result = report(out, workers=args.workers)
    for problem in result.skipped:
        console.say(f"[yellow]skipped: {escape(problem)}[/yellow]")
    code = _finish(result, out, args, console)
    if args.pdf:
        from audits.reporters.pdf import write_pdf

        console.say(f"pdf: {write_pdf(out, f'Friction report: {result.site.name}').resolve()}")
    return code


def cmd_diff(args: argparse.Namespace, console: Console) -> int:
    from audits.ci.assertions import AssertConfig
    from audits.ci.diff import compare, load_result
    from audits.ci.gate import EXIT_FRICTION

    old, new = load_result(args.old), load_result(args.new)
    config = load_suite(args.suite).assertions if args.suite else AssertConfig.model_validate(new.assertions or {})
    diff = compare(old, new, config.tolerance)
    if args.json:
        print(json.dumps(diff.to_dict() | {"regressions": len(diff.regressions)}, ensure_ascii=False))
    else:
        from audits.ci.publish import gate_lines

        new.diff, new.assertion_results = diff, []
        for style, text in gate_lines(new)[:-1]:
            print(text if style != "info" else text.strip())
        print(f"{len(diff.regressions)} regression(s)" if diff.regressions else "no regressions")
    return EXIT_FRICTION if diff.regressions else EXIT_OK


def cmd_history(args: argparse.Namespace, console: Console) -> int:
    from audits.store import open_store

    store = open_store(args.store, must_exist=True)
    try:
        runs = store.runs(args.site, args.limit)
    finally:
        store.close()
    if args.json:
        print(json.dumps([vars(r) for r in runs], ensure_ascii=False))
        return EXIT_OK
    if not runs:
        print(f"no runs of {args.site!r} in {store.location}" if args.site else f"no runs in {store.location}")
        return EXIT_OK
    print(f"{'recorded (UTC)':<20} {'suite':<24} {'score':>5} {'reached':>8} {'err':>4} {'warn':>4} "
          f"{'regr':>4} {'flaky':>5} {'exit':>4}  run directory")
    for r in runs:
        print(f"{r.recorded_at[:19].replace('T', ' '):<20} {r.suite[:24]:<24} {r.score:>5} "
              f"{f'{r.reached}/{r.journeys}':>8} {r.errors:>4} {r.warnings:>4} {r.regressions:>4} {r.flaky:>5} "
              f"{r.exit_code:>4}  {r.run_dir}")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace, console: Console) -> int:
    print(json.dumps(json_schema(), indent=2))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, console: Console) -> int:
    from audits.demo.run import demo, serve_forever

    if args.action == "serve":
        return serve_forever(console.say)
    result, out = demo(Path(args.out), console.journey, console.say)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
    console.say(f"demo score {result.score}/100 · open the report: {(out / 'report.html').resolve()}")
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    top = Parser(
        prog="friction",
        description="Drive a real browser through a company's website like a customer, and report the friction.",
        epilog="Exit codes: 0 every journey within budget; 1 the tool failed or could not audit (bad usage, "
               "bad suite, no browser, site unreachable); 2 friction over budget or a regression.",
    )
    top.add_argument("--version", action="version", version=f"friction {__version__}")
    top.add_argument("--debug", action="store_true",
                     help=f"show the traceback of an unexpected error (or set {DEBUG_ENV}=1)")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, run: Callable[[argparse.Namespace, Console], int], text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=text, description=text)
        p.set_defaults(run=run)
        p.add_argument("--json", action="store_true", help="print the result as JSON on stdout")
        p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        return p

    def submit_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--submit", action="store_true",
                       help="fill in and send the forms the goals are after (sign-up, contact) as a synthetic "
                            "customer, on the site's own hosts only; never a payment, order or delete form")

    def ci_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--runs", type=int, default=1, metavar="N",
                       help="run each journey N times: median effort, majority outcome, flaky when outcomes differ")
        p.add_argument("--baseline", metavar="RESULT",
                       help="an earlier result.json (or its run directory) to diff against; regressions exit 2")
        p.add_argument("--store", metavar="PATH|URL",
                       help="history store: a SQLite file or postgresql://... (default: $FRICTION_STORE "
                            "or reports/history.sqlite)")
        p.add_argument("--no-store", action="store_true", help="do not record this run in the history")
        p.add_argument("--ref", default="", help="commit or label stored with the run (default: $GITHUB_SHA)")
        p.add_argument("--resume", action="store_true",
                       help="finish the run in --out, keeping its finished journeys (a run cut short is "
                            "always finished, not started over)")
        p.add_argument("--allow-private", action="store_true",
                       help="let the browser reach private, loopback and cloud metadata addresses "
                            "(refused unless the start URL is on such a network; docs/security.md)")

    def fleet_options(p: argparse.ArgumentParser) -> None:
        from audits.run.executors.parallel import default_workers
        from audits.run.politeness import DEFAULT_GAP_SECONDS, DEFAULT_PER_HOST

        p.add_argument("--workers", type=int, default=default_workers(), metavar="N",
                       help="journeys at once, each worker with its own browser (default: the number of cores, "
                            "%(default)s; 1 runs them one after the other)")
        p.add_argument("--executor", choices=["serial", "parallel", "celery"],
                       help="where journeys run (default: parallel, or serial with --workers 1); celery: on "
                            "`friction worker` processes fed through --broker")
        p.add_argument("--broker", metavar="URL", help="the Celery broker for --executor celery, e.g. "
                       "redis://127.0.0.1:6379/0; --out must be a folder every worker sees")
        p.add_argument("--per-host", type=int, default=DEFAULT_PER_HOST, metavar="M",
                       help="at most M journeys at once on one real host (loopback is exempt; default: %(default)s)")
        p.add_argument("--host-gap", type=float, default=DEFAULT_GAP_SECONDS, metavar="SECONDS",
                       help="at least this long between two journeys starting on one real host (default: %(default)s)")

    def trace_option(p: argparse.ArgumentParser, default: str) -> None:
        p.add_argument("--trace", choices=["on", "off", "failed"],
                       help=f"a Playwright trace.zip and a HAR per journey: for all, none, or the journeys that "
                            f"missed their goal (default: {default})")

    p = command("run", cmd_run, "Run a suite file (YAML) and write its reports.")
    p.add_argument("suite", help="the suite file, e.g. scenarios/demo.yaml")
    p.add_argument("--out", help="run directory (default: reports/<suite>-<time>)")
    submit_option(p)
    ci_options(p)
    fleet_options(p)
    trace_option(p, "the suite's `trace` option, else failed")

    p = command("audit", cmd_audit, "Goal-seeking journeys on one site or many, no suite file needed.")
    p.add_argument("url", nargs="*", type=start_url, help="start URLs, e.g. https://www.example.com/ (one per company)")
    p.add_argument("--urls", metavar="FILE", help="a file of companies: one URL a line, or a CSV with a name "
                   "and a url column (# comments and blank lines are skipped)")
    p.add_argument("--journey", action="append", choices=_GoalChoices(), metavar="GOAL",
                   help="a goal to seek: %(choices)s (repeatable; default: all)")
    p.add_argument("--persona", action="append", help="new-desktop, new-mobile, desktop or mobile (repeatable)")
    p.add_argument("--out", help="run directory (default: reports/audit-<time>)")
    submit_option(p)
    ci_options(p)
    fleet_options(p)
    trace_option(p, "failed")

    from audits.run.executors.parallel import RECYCLE_AFTER

    p = command("worker", cmd_worker, "Run journeys for `--executor celery` runs, taken from the broker.")
    p.add_argument("--broker", required=True, metavar="URL", help="the Celery broker, e.g. redis://HOST:6379/0")
    p.add_argument("--concurrency", type=int, default=1, metavar="N",
                   help="journeys at once in this worker, one browser each (default: 1)")
    p.add_argument("--visibility-timeout", type=float, default=3600, metavar="SECONDS",
                   help="a journey taken by a worker that died goes back to the queue after this long; "
                        "longer than the longest journey (default: %(default)s)")
    p.add_argument("--recycle", type=int, default=RECYCLE_AFTER, metavar="K",
                   help="a new browser after K journeys (default: %(default)s)")

    p = command("replay", cmd_replay,
                "Run a recorded run's journeys again offline, every request answered from its HARs "
                "(record with --trace on); the report diffs against the recorded run.")
    p.add_argument("dir", help="a run directory recorded with --trace on")
    p.add_argument("--out", help="run directory for the replay (default: DIR-replay)")
    trace_option(p, "off")

    from audits.run.executors.parallel import default_workers

    p = command("report", cmd_report,
                "Judge a run directory's saved evidence again and re-render its reports (no browser).")
    p.add_argument("dir", help="a run directory holding evidence.json")
    p.add_argument("--workers", type=int, default=default_workers(), metavar="N",
                   help="processes judging side by side when there are many journeys (default: the number "
                        "of cores, %(default)s)")
    p.add_argument("--pdf", action="store_true",
                   help="also print the report to report.pdf through Chromium (every section unfolded)")

    p = command("diff", cmd_diff, "Compare two results: what changed per journey; exit 2 on a regression.")
    p.add_argument("old", help="the baseline result.json (or its run directory)")
    p.add_argument("new", help="the newer result.json (or its run directory)")
    p.add_argument("--suite", help="take tolerances from this suite's `assert:` (default: the newer result's)")

    p = command("history", cmd_history, "List the last stored runs of a site or suite (newest first).")
    p.add_argument("site", nargs="?", help="a site id, site name or suite name (default: every run)")
    p.add_argument("--store", metavar="PATH|URL",
                   help="history store (default: $FRICTION_STORE or reports/history.sqlite)")
    p.add_argument("--limit", type=int, default=20, help="how many runs (default: 20)")

    command("schema", cmd_schema, "Print the JSON Schema of the suite format.")

    p = command("demo", cmd_demo, "Serve the demo companies and audit them (or just serve them).")
    p.add_argument("action", nargs="?", choices=["run", "serve"], default="run")
    p.add_argument("--out", default="reports/demo", help="run directory (default: reports/demo)")
    return top


def main(argv: list[str] | None = None) -> int:
    with scrubbed_terminal():  # a run's secrets never reach the terminal, whoever prints
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    args = parser().parse_args(argv)
    console = Console(quiet=args.json)
    try:
        code: int = args.run(args, console)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except ScenarioError as error:
        for problem in error.problems:
            print(f"friction: {problem}", file=sys.stderr)
        return EXIT_TOOL
    except (BrowserNotFound, StoreError, BaselineError, RunDirError) as error:
        print(f"friction: {error}", file=sys.stderr)
        return EXIT_TOOL
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_PIPE
    except OSError as error:  # a file or folder named on the command line (or inside a suite)
        where = f": {error.filename}" if error.filename else ""
        print(f"friction: {error.strerror or error}{where}", file=sys.stderr)
        return EXIT_TOOL
    except KeyboardInterrupt:
        print("friction: interrupted; journeys finished so far are saved", file=sys.stderr)
        return EXIT_TOOL
    except Exception as error:  # no traceback for a user: one line, the traceback on demand
        return _unexpected(error, args)
    finally:
        console.journey.stop()


def _quiet_stdout() -> None:
    """The reader went away: point stdout at /dev/null so the exit flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _unexpected(error: Exception, args: argparse.Namespace) -> int:
    if getattr(args, "debug", False) or os.environ.get(DEBUG_ENV):
        import traceback

        traceback.print_exception(error)
    what = (str(error).strip().splitlines() or [""])[0][:300]
    hint = "" if getattr(args, "debug", False) else f"; --debug or {DEBUG_ENV}=1 shows the traceback"
    print(f"friction {args.command}: unexpected {type(error).__name__}: {what}{hint}", file=sys.stderr)
    return EXIT_TOOL
