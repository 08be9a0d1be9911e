"""The command line: friction run | audit | replay | report | diff | history | schema | demo."""

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
from audits.model import JourneyResult, RunResult
from audits.scenario import ScenarioError, json_schema, load_suite
from audits.store import StoreError
from audits.vocab import OUTCOMES, TONES

EXIT_OK, EXIT_TOOL, EXIT_FRICTION = 0, 1, 2


class _GoalChoices:
    """The registered goals as --journey choices, read only when a value is checked or help is shown."""

    def __contains__(self, name: object) -> bool:
        return name in GOALS

    def __iter__(self) -> Iterator[str]:
        return iter(GOALS.names())


class Console:
    """Progress on stderr: one line per journey on a terminal, quiet in --json mode."""

    def __init__(self, quiet: bool) -> None:
        from rich.console import Console as RichConsole

        self.quiet = quiet
        self.rich = RichConsole(stderr=True, highlight=False)

    def say(self, text: str) -> None:
        if not self.quiet:
            self.rich.print(text, soft_wrap=True)

    def journey(self, label: str, judged: JourneyResult | None) -> None:
        if self.quiet:
            return
        if judged is None:
            if self.rich.is_terminal:
                self.rich.print(f"[dim]… {escape(label)}[/dim]", end="\r")
            return
        colour = TONES[OUTCOMES[judged.outcome].tone].terminal
        reason = f" ({judged.reason})" if judged.reason else ""
        self.rich.print(
            # Labels and details carry the site's own words: escaped, never read as markup.
            f"[{colour}]{judged.outcome:>9}[/{colour}]{escape(reason)} {escape(label)}  "
            f"[dim]{judged.effort.clicks} clicks, {judged.effort.seconds:.1f}s[/dim]  {escape(judged.reason_detail)}",
            soft_wrap=True,
        )


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
    else:
        console.say(f"score {result.score}/100 · report: {(out / 'report.html').resolve()}")
    stream = sys.stderr if args.json else sys.stdout  # workflow commands; stdout stays JSON-only
    publish(result, out, _gate_printer(console), lambda line: print(line, file=stream, flush=True),
            getattr(args, "suite", "") or "")
    return _exit_code(result)


def _ci_options(args: argparse.Namespace) -> dict[str, Any]:
    """--runs, --baseline, --store/--no-store and --ref as keyword arguments for run_suite."""
    from audits.store import open_store

    if args.runs < 1:
        raise ScenarioError([f"--runs: expected 1 or more, got {args.runs}"])
    store = None if args.no_store else open_store(args.store)
    return {"runs": args.runs, "baseline": args.baseline, "store": store,
            "ref": args.ref or os.environ.get("GITHUB_SHA", "")}


def cmd_run(args: argparse.Namespace, console: Console) -> int:
    from audits.run.pipeline import run_suite

    suite = load_suite(args.suite)
    suite.options.trace = args.trace or suite.options.trace
    find_browser()
    out = Path(args.out or default_out(Path(args.suite).stem))
    console.say(f"running {args.suite} → {out}")
    return _finish(run_suite(suite, out, console.journey, **_ci_options(args)), out, args, console)


def cmd_audit(args: argparse.Namespace, console: Console) -> int:
    from audits.run.pipeline import audit

    find_browser()
    out = Path(args.out or default_out("audit"))
    options = {"trace": args.trace} if args.trace else {}
    result = audit(args.url, out, args.journey or GOALS.names(), args.persona, console.journey,
                   options=options, **_ci_options(args))
    return _finish(result, out, args, console)


def cmd_replay(args: argparse.Namespace, console: Console) -> int:
    from audits.run.replay import replay

    find_browser()
    out = Path(args.out or f"{Path(args.dir).resolve()}-replay")
    console.say(f"replaying {args.dir} offline from its HARs → {out}")
    return _finish(replay(args.dir, out, console.journey, trace=args.trace or "off"), out, args, console)


def cmd_report(args: argparse.Namespace, console: Console) -> int:
    from audits.run.pipeline import report

    out = Path(args.dir)
    return _finish(report(out), out, args, console)


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

    store = open_store(args.store)
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
    top = argparse.ArgumentParser(
        prog="friction",
        description="Drive a real browser through a company's website like a customer, and report the friction.",
        epilog="Exit codes: 0 every journey within budget; 1 the tool failed (bad suite, no browser); "
               "2 friction over budget or a regression.",
    )
    top.add_argument("--version", action="version", version=f"friction {__version__}")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, run: Callable[[argparse.Namespace, Console], int], text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=text, description=text)
        p.set_defaults(run=run)
        p.add_argument("--json", action="store_true", help="print the result as JSON on stdout")
        return p

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

    def trace_option(p: argparse.ArgumentParser, default: str) -> None:
        p.add_argument("--trace", choices=["on", "off", "failed"],
                       help=f"a Playwright trace.zip and a HAR per journey: for all, none, or the journeys that "
                            f"missed their goal (default: {default})")

    p = command("run", cmd_run, "Run a suite file (YAML) and write its reports.")
    p.add_argument("suite", help="the suite file, e.g. scenarios/demo.yaml")
    p.add_argument("--out", help="run directory (default: reports/<suite>-<time>)")
    ci_options(p)
    trace_option(p, "the suite's `trace` option, else failed")

    p = command("audit", cmd_audit, "Goal-seeking journeys on one site, no suite file needed.")
    p.add_argument("url", help="the start URL, e.g. https://www.example.com/")
    p.add_argument("--journey", action="append", choices=_GoalChoices(), metavar="GOAL",
                   help="a goal to seek: %(choices)s (repeatable; default: all)")
    p.add_argument("--persona", action="append", help="new-desktop, new-mobile, desktop or mobile (repeatable)")
    p.add_argument("--out", help="run directory (default: reports/audit-<time>)")
    ci_options(p)
    trace_option(p, "failed")

    p = command("replay", cmd_replay,
                "Run a recorded run's journeys again offline, every request answered from its HARs "
                "(record with --trace on); the report diffs against the recorded run.")
    p.add_argument("dir", help="a run directory recorded with --trace on")
    p.add_argument("--out", help="run directory for the replay (default: DIR-replay)")
    trace_option(p, "off")

    p = command("report", cmd_report,
                "Judge a run directory's saved evidence again and re-render its reports (no browser).")
    p.add_argument("dir", help="a run directory holding evidence.json")

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
    args = parser().parse_args(argv)
    console = Console(quiet=args.json)
    try:
        code: int = args.run(args, console)
        return code
    except ScenarioError as error:
        for problem in error.problems:
            print(f"friction: {problem}", file=sys.stderr)
        return EXIT_TOOL
    except BrowserNotFound as error:
        print(f"friction: {error}", file=sys.stderr)
        return EXIT_TOOL
    except FileNotFoundError as error:
        print(f"friction: {error}", file=sys.stderr)
        return EXIT_TOOL
    except (StoreError, BaselineError) as error:
        print(f"friction: {error}", file=sys.stderr)
        return EXIT_TOOL
    except KeyboardInterrupt:
        print("friction: interrupted; journeys finished so far are saved", file=sys.stderr)
        return EXIT_TOOL
