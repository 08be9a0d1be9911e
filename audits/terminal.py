"""What a person sees on stderr while a run goes: a live progress display on a terminal, plain lines in CI.

Journeys may end in any order (a parallel executor): the tally counts by label, so done/total,
journeys per minute and the time left hold whatever order they start and end in.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from audits.vocab import OUTCOMES, TONES, audited

if TYPE_CHECKING:
    from rich.console import Console as RichConsole
    from rich.progress import Progress as RichProgress

    from audits.model import JourneyResult

OUTCOME_WIDTH = max(len(o) for o in OUTCOMES)
STATUS_EVERY_SECONDS = 30.0  # plain mode: how often a status line joins the journey lines


def clock_text(seconds: float) -> str:
    """'45s', '3m05s', '1h02m'."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


def clicks_text(clicks: int) -> str:
    """'1 click ' and '2 clicks' take the same width."""
    return f"{clicks:>2} {'click' if clicks == 1 else 'clicks':<6}"


class Tally:
    """The counts behind the progress: planned, running, done, misses; rate and time left from a clock."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.began = clock()
        self.total: int | None = None
        self.width = 0  # the longest planned label, for aligned lines
        self.running: dict[str, float] = {}
        self.done = 0
        self.missed = 0  # journeys that did not reach their goal
        self.unaudited = 0  # journeys that could not reach the site

    def plan(self, labels: Sequence[str]) -> None:
        self.began = self.clock()  # the rate counts from the first journey, not from start-up
        self.total = len(labels)
        self.width = max((len(label) for label in labels), default=0)

    def start(self, label: str) -> None:
        self.running[label] = self.clock()

    def end(self, label: str, judged: JourneyResult) -> None:
        self.running.pop(label, None)
        self.done += 1
        self.missed += judged.outcome != "reached" and audited(judged.outcome)
        self.unaudited += not audited(judged.outcome)

    @property
    def current(self) -> str:
        """The journey started last among those still running."""
        return next(reversed(self.running), "") if self.running else ""

    @property
    def elapsed(self) -> float:
        return self.clock() - self.began

    @property
    def per_minute(self) -> float | None:
        return self.done / self.elapsed * 60 if self.done and self.elapsed > 0 else None

    @property
    def seconds_left(self) -> float | None:
        rate = self.per_minute
        if rate is None or self.total is None:
            return None
        return max(0, self.total - self.done) / rate * 60

    def counter(self) -> str:
        """'[ 3/12]' (or '[3]' when the total is not known), the same width all run long."""
        if self.total is None:
            return f"[{self.done}]"
        return f"[{self.done:>{len(str(self.total))}}/{self.total}]"

    def failures(self) -> str:
        parts = [f"{self.missed} not reached"]
        if self.unaudited:
            parts.append(f"{self.unaudited} could not audit")
        return ", ".join(parts)

    def rate_text(self) -> str:
        rate = self.per_minute
        return f"{rate:.1f} journeys/min" if rate is not None else "? journeys/min"

    def left_text(self) -> str:
        left = self.seconds_left
        return f"about {clock_text(left)} left" if left is not None else "time left: ?"

    def status(self) -> str:
        """One plain line: 'progress [ 3/12] 3m05s elapsed, 1.0 journeys/min, about 9m00s left, 1 not reached'."""
        return (f"progress {self.counter()} {clock_text(self.elapsed)} elapsed, {self.rate_text()}, "
                f"{self.left_text()}, {self.failures()}")


def journey_line(judged: JourneyResult, label: str, width: int, markup: Callable[[str], str]) -> str:
    """One aligned line per journey: outcome, label, clicks, seconds, then why (escaped by `markup`)."""
    colour = TONES[OUTCOMES[judged.outcome].tone].terminal if judged.outcome in OUTCOMES else "default"
    why = f"{judged.reason}: {judged.reason_detail}" if judged.reason else judged.reason_detail
    return (f"[{colour}]{judged.outcome:<{OUTCOME_WIDTH}}[/{colour}] {markup(f'{label:<{width}}')}  "
            f"[dim]{clicks_text(judged.effort.clicks)} {judged.effort.seconds:>6.1f}s[/dim]  {markup(why)}")


class Progress:
    """Told each journey's start (None) and end (its result): renders the tally on `console`.

    On a terminal a live bar (current journey, done/total, elapsed, rate, time left, misses)
    stays under the journey lines; elsewhere each line starts with its counter and a status
    line comes every STATUS_EVERY_SECONDS.
    """

    def __init__(self, console: RichConsole, quiet: bool = False, tally: Tally | None = None) -> None:
        self.console = console
        self.quiet = quiet
        self.tally = tally or Tally()
        self.live: RichProgress | None = None
        self.task: Any = None
        self.last_status = self.tally.clock()
        self.lock = threading.Lock()

    def planned(self, labels: Sequence[str]) -> None:
        """The pipeline's hook: the journeys to come, before the first starts."""
        self.tally.plan(labels)
        if not self.quiet and self.console.is_terminal:
            self._start_live()

    def __call__(self, label: str, judged: JourneyResult | None) -> None:
        with self.lock:  # an executor may report from several threads
            if judged is None:
                self.tally.start(label)
            else:
                self.tally.end(label, judged)
                self._say_journey(label, judged)
            self._refresh()

    def _say_journey(self, label: str, judged: JourneyResult) -> None:
        if self.quiet:
            return
        from rich.markup import escape

        width = max(self.tally.width, len(label))
        line = journey_line(judged, label, width, escape)
        if self.live is None:
            line = f"{self.tally.counter()} {line}"
        # Labels and details carry the site's own words: escaped, never read as markup.
        self.console.print(line, soft_wrap=True, highlight=False)

    def _refresh(self) -> None:
        if self.quiet:
            return
        if self.live is not None:
            from rich.markup import escape

            self.live.update(self.task, completed=self.tally.done, current=escape(self.tally.current or "…"),
                             rate=self.tally.rate_text(), left=self.tally.left_text(), failures=self.tally.failures())
            if self.tally.total is not None and self.tally.done >= self.tally.total:
                self.stop()
        elif self.tally.clock() - self.last_status >= STATUS_EVERY_SECONDS and self.tally.done != self.tally.total:
            self.last_status = self.tally.clock()
            self.console.print(self.tally.status(), soft_wrap=True, highlight=False, markup=False)

    def _start_live(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as RichProgress
        from rich.table import Column

        fixed = Column(no_wrap=True)
        self.live = RichProgress(
            SpinnerColumn(), BarColumn(bar_width=16), MofNCompleteColumn(table_column=fixed),
            TimeElapsedColumn(table_column=fixed),
            TextColumn("{task.fields[rate]} · {task.fields[left]} · {task.fields[failures]}", table_column=fixed),
            # The journey under way takes what width is left, cut short rather than wrapped.
            TextColumn("[dim]{task.fields[current]}", table_column=Column(no_wrap=True, overflow="ellipsis", ratio=1)),
            console=self.console, transient=True, redirect_stdout=False, redirect_stderr=False,
            refresh_per_second=4, expand=True,
        )
        self.task = self.live.add_task("journeys", total=self.tally.total, current="…", rate=self.tally.rate_text(),
                                       left=self.tally.left_text(), failures=self.tally.failures())
        self.live.start()

    def stop(self) -> None:
        """Take the live display down (idempotent): what follows prints below the journey lines."""
        if self.live is not None:
            self.live.stop()
            self.live = None
