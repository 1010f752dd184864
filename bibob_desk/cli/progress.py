"""A progress bar on the terminal for long commands (issue 18): `import` of many files, `score --all`,
`check --herstel`. Drawn on stderr with rich when stderr is a terminal; a script or a pipe gets one
line at the end instead ("Beoordelen: 9/9")."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def terminal_progress(title: str) -> Iterator[Callable[[int, int], None]]:
    # imported here: rich costs ~50 ms, and the window's first paint goes through the cli package
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

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
    last: list[int] = []

    def step(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)
        last[:] = [done, total]

    with bar:
        yield step
    if not console.is_terminal and last:
        print(f"{title}: {last[0]}/{last[1]}", file=sys.stderr)
