"""What a batch shows on stderr while it runs: a rich progress bar (articles, articles/s,
errors, ETA) when stderr is a terminal, nothing otherwise; one line per failed input
(above the bar, which stays put); never anything on stdout (the records may be there).
"""
from __future__ import annotations

import sys
from typing import Callable

from .batch import Outcome


class Reporter:
    def __init__(self, total: int | None, *, quiet: bool = False, say: Callable[[str], None] | None = None):
        self.quiet = quiet
        self.say = say or (lambda message: print(f"vnie: {message}", file=sys.stderr, flush=True))
        self.errors = 0
        self.progress = None
        if not quiet and _stderr_is_terminal():
            self.progress = _make_progress()
            self.task = self.progress.add_task("extract", total=total, errors=0)

    def __enter__(self) -> "Reporter":
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()

    def advance(self, outcome: Outcome) -> None:
        if outcome.failure is not None:
            self.errors += 1
            self.note(f"{outcome.source or outcome.doc_id}: {outcome.failure}")
        if self.progress is not None:
            self.progress.update(self.task, advance=1, errors=self.errors)

    def note(self, message: str) -> None:
        if self.quiet:
            return
        if self.progress is not None:
            self.progress.console.print(f"vnie: {message}", markup=False, highlight=False)
        else:
            self.say(message)


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _make_progress():
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)

    class _Rate(TextColumn):
        def render(self, task):
            speed = task.finished_speed or task.speed
            return super().render(task) if speed is None else _text(f"{speed:5.1f} articles/s")

    def _text(value: str):
        from rich.text import Text
        return Text(value)

    return Progress(
        TextColumn("[bold]vnie[/bold]"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
        _Rate("  -   articles/s"), TextColumn("[red]{task.fields[errors]} failed"),
        TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
        console=Console(stderr=True), transient=False, refresh_per_second=4)
