"""The command line: friction run | audit | report | schema | demo."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from audits import __version__
from audits.browser import BrowserNotFound, find_browser
from audits.model import JourneyEvidence, RunResult
from audits.scenario import GOALS, ScenarioError, json_schema, load_suite

EXIT_OK, EXIT_TOOL, EXIT_FRICTION = 0, 1, 2


class Console:
    """Progress on stderr: one line per journey on a terminal, quiet in --json mode."""

    def __init__(self, quiet: bool) -> None:
        from rich.console import Console as RichConsole

        self.quiet = quiet
        self.rich = RichConsole(stderr=True, highlight=False)

    def say(self, text: str) -> None:
        if not self.quiet:
            self.rich.print(text, soft_wrap=True)

    def journey(self, label: str, evidence: JourneyEvidence | None) -> None:
        if self.quiet:
            return
        if evidence is None:
            self.rich.print(f"[dim]… {label}[/dim]", end="\r")
            return
        colour = {"reached": "green", "failed": "red", "gated": "red"}.get(evidence.outcome, "yellow")
        reason = f" ({evidence.reason})" if evidence.reason else ""
        clicks = sum(1 for s in evidence.steps if s.action == "click")
        self.rich.print(
            f"[{colour}]{evidence.outcome:>9}[/{colour}]{reason} {label}  "
            f"[dim]{clicks} clicks, {evidence.wall_seconds:.1f}s[/dim]  {evidence.reason_detail}",
            soft_wrap=True,
        )


def default_out(name: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path("reports") / f"{name}-{stamp}"


def _exit_code(result: RunResult) -> int:
    return EXIT_OK if all(j.outcome == "reached" for j in result.journeys) else EXIT_FRICTION


def _finish(result: RunResult, out: Path, args: argparse.Namespace, console: Console) -> int:
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        console.say(f"score {result.score}/100 · report: {(out / 'report.html').resolve()}")
    return _exit_code(result)


def cmd_run(args: argparse.Namespace, console: Console) -> int:
    from audits.pipeline import run_suite

    suite = load_suite(args.suite)
    find_browser()
    out = Path(args.out or default_out(Path(args.suite).stem))
    console.say(f"running {args.suite} → {out}")
    return _finish(run_suite(suite, out, console.journey), out, args, console)


def cmd_audit(args: argparse.Namespace, console: Console) -> int:
    from audits.pipeline import audit

    find_browser()
    out = Path(args.out or default_out("audit"))
    result = audit(args.url, out, args.journey or list(GOALS), args.persona, console.journey)
    return _finish(result, out, args, console)


def cmd_report(args: argparse.Namespace, console: Console) -> int:
    from audits.pipeline import report

    out = Path(args.dir)
    return _finish(report(out), out, args, console)


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

    p = command("run", cmd_run, "Run a suite file (YAML) and write its reports.")
    p.add_argument("suite", help="the suite file, e.g. scenarios/demo.yaml")
    p.add_argument("--out", help="run directory (default: reports/<suite>-<time>)")

    p = command("audit", cmd_audit, "Goal-seeking journeys on one site, no suite file needed.")
    p.add_argument("url", help="the start URL, e.g. https://www.example.com/")
    p.add_argument("--journey", action="append", choices=GOALS, help="a journey to run (repeatable; default: all)")
    p.add_argument("--persona", action="append", help="new-desktop, new-mobile, desktop or mobile (repeatable)")
    p.add_argument("--out", help="run directory (default: reports/audit-<time>)")

    p = command("report", cmd_report,
                "Judge a run directory's saved evidence again and re-render its reports (no browser).")
    p.add_argument("dir", help="a run directory holding evidence.json")

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
    except KeyboardInterrupt:
        print("friction: interrupted; journeys finished so far are saved", file=sys.stderr)
        return EXIT_TOOL
