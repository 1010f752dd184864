"""A progress bar on the terminal for long commands (issue 18): `import` of many files, `score --all`.
Drawn on stderr with rich, only when stderr is a terminal (a script or a pipe gets no bar)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


@contextmanager
def terminal_progress(title: str) -> Iterator[Callable[[int, int], None]]:
    console = Console(file=sys.stderr)
    bar = Progress(
        TextColumn(title),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("nog"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    task = bar.add_task(title, total=None)

    def step(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    with bar:
        yield step
