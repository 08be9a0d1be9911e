"""Exit codes that tell CI the truth: usage 1, could not audit 1, friction 2; one line, never a traceback."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from rich.console import Console as RichConsole
from rich.markup import escape
from rich.text import Text

from audits import cli
from audits.ci.gate import exit_code, finish
from audits.ci.publish import workflow_commands
from audits.demo.server import Zoo
from audits.journeys.reachable import unreachable
from audits.model import Effort, JourneyResult, StepRecord
from audits.reporters import write_reports
from audits.terminal import Progress, Tally, clicks_text, journey_line
from tests.ci_helpers import journey, result
from tests.conftest import RunText


def friction(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "audits", *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


# --- usage ---------------------------------------------------------------------------------


def test_a_typo_in_a_command_exits_1_and_names_the_command_meant() -> None:
    done = friction("audti", "http://127.0.0.1/")
    assert done.returncode == 1
    assert "'audti' is not a command" in one_line(done) and "did you mean 'audit'?" in done.stderr


@pytest.mark.parametrize("args, meant", [
    (["audit", "http://127.0.0.1/", "--journey", "find-phon"], "did you mean 'find-phone'?"),
    (["audit", "http://127.0.0.1/", "--persona", "mobil"], "did you mean 'mobile' or 'new-mobile'?"),
    (["demo", "serv"], "did you mean 'serve'?"),
])
def test_close_misses_of_goals_personas_and_choices_are_named(args: list[str], meant: str) -> None:
    done = friction(*args, "--no-store") if args[0] == "audit" else friction(*args)
    assert done.returncode == 1 and meant in one_line(done)


def test_a_close_miss_of_a_preset_in_a_suite_is_named(tmp_path: Path) -> None:
    suite = tmp_path / "suite.yaml"
    suite.write_text("site: {name: a, start_url: 'http://127.0.0.1:9/'}\njourneys: [{goal: find-phone}]\n"
                     "assert: {preset: recomended}\n")
    done = friction("run", suite, "--no-store")
    assert done.returncode == 1 and "did you mean 'recommended'?" in one_line(done)


@pytest.mark.parametrize("url", ["not-a-url", "ftp://example.com/", "http://", "http://127.0.0.1:port/"])
def test_a_bad_url_exits_1_on_one_line(url: str) -> None:
    done = friction("audit", url, "--no-store")
    assert done.returncode == 1
    line = one_line(done)
    assert line.startswith("friction audit: ") and "expected" in line and "pydantic" not in line


def test_history_on_a_store_that_does_not_exist_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.sqlite"
    done = friction("history", "--store", missing)
    assert done.returncode == 1 and f"no history store at {missing}" in one_line(done)
    assert not missing.exists()  # asking did not create it


def test_an_unexpected_error_is_one_line_and_the_traceback_only_on_demand(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def broken(args: object, console: object) -> int:
        raise ValueError("the schema went missing\nsecond line")

    monkeypatch.setattr(cli, "cmd_schema", broken)
    monkeypatch.delenv(cli.DEBUG_ENV, raising=False)
    assert cli.main(["schema"]) == 1
    said = capsys.readouterr().err
    assert said.strip() == ("friction schema: unexpected ValueError: the schema went missing; "
                            f"--debug or {cli.DEBUG_ENV}=1 shows the traceback")
    assert cli.main(["--debug", "schema"]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_diff_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    for name in ("old", "new"):
        (tmp_path / f"{name}.json").write_text(json.dumps(result(journey(), journey("sign-up")).to_dict()))
    reader = subprocess.Popen([sys.executable, "-m", "audits", "diff", tmp_path / "old.json", tmp_path / "new.json",
                               "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert reader.stdout is not None
    reader.stdout.close()  # `| head` that has already gone: the first write meets a closed pipe
    _, err = reader.communicate(timeout=60)
    assert reader.returncode == cli.EXIT_PIPE and err == "", err


# --- a site that cannot be reached -----------------------------------------------------------


def test_a_site_that_is_down_could_not_be_audited_exit_1(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/"
    done = friction("audit", url, "--journey", "find-phone", "--persona", "desktop", "--no-store",
                    "--out", tmp_path / "run")
    assert done.returncode == 1, done.stderr
    data = json.loads((tmp_path / "run" / "result.json").read_text())
    [down] = data["journeys"]
    assert (down["outcome"], down["reason"]) == ("error", "unreachable")
    assert "ERR_CONNECTION_REFUSED" in down["reason_detail"] and "tried 3 times" in down["reason_detail"]
    assert down["findings"] == [] and down["score"] == 100  # not friction: nothing held against the site
    assert data["sites"][0]["score"] is None and not data["assertion_results"]
    assert "could not audit" in done.stderr and "phone-not-found" not in done.stderr
    assert done.stderr.rstrip().splitlines()[-1].startswith("could not audit · report: ")  # the report path last
    junit = ET.parse(tmp_path / "run" / "junit.xml").getroot()
    assert (junit.get("errors"), junit.get("failures")) == ("1", "0")


def test_a_start_page_answering_500_every_time_could_not_be_audited(run_text: RunText, fixture_site: Zoo) -> None:
    run = run_text(f"site: {{name: F, start_url: '{fixture_site.url('fixture')}boom'}}\n"
                   "personas: [{id: new-desktop}]\njourneys:\n  - goal: find-phone\n"
                   "  - {id: scripted, goal: find-phone, steps: [expect: {text: anything}]}\n")
    goal, scripted = run.journeys
    assert (goal.outcome, goal.reason) == ("error", "unreachable") and "HTTP 500" in goal.reason_detail
    assert sum(1 for s in goal.steps if s["action"] == "goto") == 3
    assert (scripted.outcome, scripted.reason) == ("error", "unreachable")
    assert not goal.findings and not scripted.findings and run.score == 100
    assert exit_code(run) == 1


@pytest.mark.parametrize("error, requests, said", [
    ("Page.goto: net::ERR_NAME_NOT_RESOLVED at http://nowhere.invalid/", [], "net::ERR_NAME_NOT_RESOLVED"),
    ("Page.goto: net::ERR_CONNECTION_REFUSED at http://127.0.0.1:9/", [], "net::ERR_CONNECTION_REFUSED"),
    ("HTTP 503 at http://127.0.0.1:9/", [{"url": "/", "status": 503, "navigation": True}], "HTTP 503"),
    ("Page.goto: net::ERR_TOO_MANY_REDIRECTS at http://127.0.0.1:9/", [], None),  # the site's own loop
    ("HTTP 404 at http://127.0.0.1:9/", [{"url": "/", "status": 404, "navigation": True}], None),
    ("Timeout 15000ms exceeded", [], None),  # slow is friction a customer meets
])
def test_what_counts_as_a_site_that_cannot_be_reached(error: str, requests: list[dict[str, object]],
                                                      said: str | None) -> None:
    step = StepRecord(index=0, action="goto", ok=False, error=error, failed_requests=requests)
    assert unreachable(step) == said
    assert unreachable(step.model_copy(update={"ok": True})) is None


def test_could_not_audit_exits_1_unless_another_journey_shows_friction(tmp_path: Path) -> None:
    down = journey("reach-support", outcome="error", reason="unreachable")
    assert exit_code(finish(result(journey(), down), {"assertions": {}}, tmp_path)) == 1
    friction_too = finish(result(journey(outcome="gated", reason="login"), down), {"assertions": {}}, tmp_path)
    assert exit_code(friction_too) == 2
    baseline = result(journey(), journey("reach-support"))
    from audits.ci.diff import compare

    assert not compare(baseline, result(journey(), down)).regressions  # down is not a regression either


def test_repeated_runs_judge_by_the_runs_that_reached_the_site() -> None:
    from audits.ci.repeat import majority

    assert majority(["error", "error", "gated"]) == "gated"
    assert majority(["error", "error"]) == "error"


# --- CI output -----------------------------------------------------------------------------


def test_junit_counts_each_failing_journey_once(tmp_path: Path) -> None:
    run = finish(result(journey(outcome="gated", reason="login", score=20, findings=[("x", "critical")]),
                        journey("sign-up", outcome="failed", reason="dead-end"),
                        journey("reach-support", outcome="error", reason="unreachable"), journey("contact")),
                 {"assertions": {"preset": "strict"}}, tmp_path)
    root = ET.fromstring(write_reports(run, tmp_path, ("junit",))["junit"].read_text().split("\n", 1)[1])
    assert (root.get("failures"), root.get("errors")) == ("2", "1")


def test_annotations_are_capped_with_a_line_saying_how_many_more(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    many = [journey(f"goal-{i}", outcome="gated", reason="login", clicks=9) for i in range(14)]
    run = finish(result(*many), {"assertions": {}}, tmp_path)
    lines = workflow_commands(run)
    assert sum(line.startswith("::error ") for line in lines) == 10
    assert sum(line.startswith("::warning ") for line in lines) == 10
    assert lines[-1].startswith("::notice title=friction::4 more errors and ")
    assert "more warnings not shown as annotations" in lines[-1]


# --- the terminal --------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def judged(outcome: str = "reached", clicks: int = 1) -> JourneyResult:
    return JourneyResult(id="find-phone", goal="find-phone", persona="new-desktop", outcome=outcome,  # type: ignore[arg-type]
                         effort=Effort(clicks=clicks, seconds=4.25))


def test_plain_progress_counts_journeys_ending_out_of_order() -> None:
    clock = Clock()
    tally = Tally(clock)
    tally.plan(["a x", "a y", "b x", "b y"])
    assert tally.counter() == "[0/4]" and "time left: ?" in tally.status()
    tally.start("a x")
    tally.start("a y")
    assert tally.current == "a y"
    clock.now += 30
    tally.end("a y", judged("gated"))  # the later journey ends first (a parallel executor)
    assert tally.current == "a x"
    assert tally.status() == ("progress [1/4] 30s elapsed, 2.0 journeys/min, about 1m30s left, 1 not reached")
    clock.now += 30
    tally.end("a x", judged("error"))
    assert tally.status() == ("progress [2/4] 1m00s elapsed, 2.0 journeys/min, about 1m00s left, "
                              "1 not reached, 1 could not audit")


def test_plain_progress_prints_a_counter_per_journey_and_a_status_now_and_then() -> None:
    clock = Clock()
    out = io.StringIO()
    progress = Progress(RichConsole(file=out, width=200), tally=Tally(clock))
    progress.planned(["acme find-phone [new-desktop]", "acme sign-up [new-desktop]"])
    progress("acme find-phone [new-desktop]", None)
    progress("acme sign-up [new-desktop]", None)
    clock.now += 40
    progress("acme sign-up [new-desktop]", judged("gated", 3))  # ends first
    progress("acme find-phone [new-desktop]", judged("reached", 1))
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("[1/2] gated     acme sign-up [new-desktop]      3 clicks    4.2s")
    assert lines[1] == "progress [1/2] 40s elapsed, 1.5 journeys/min, about 40s left, 1 not reached"
    assert lines[2].startswith("[2/2] reached   acme find-phone [new-desktop]   1 click     4.2s")
    assert len(lines) == 3  # no status once all are done: the verdict follows


def test_journey_lines_line_up() -> None:
    assert clicks_text(1) == " 1 click " and clicks_text(2) == " 2 clicks"
    one = journey_line(judged("reached", 1), "acme find-phone [new-desktop]", 40, escape)
    two = journey_line(judged("not-found", 12), "acme sign-up [new-desktop]", 40, escape)
    plain = [Text.from_markup(line).plain for line in (one, two)]
    assert plain[0].index("click") == plain[1].index("clicks") and plain[0].index("4.2s") == plain[1].index("4.2s")
    assert plain[0].startswith("reached   acme find-phone [new-desktop]") and "1 clicks" not in plain[0]
