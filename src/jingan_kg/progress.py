"""Progress of long work (build phases and counts, push parts), told to whoever listens.

The library reports through a `Progress`; by default nobody listens (`SILENT`). The CLI listens
with `terminal()` — rich's live display on standard error, only when standard error is a
terminal, so pipes, files and tests see exactly the output they saw before.
"""

from __future__ import annotations

import sys
from typing import Protocol


class Progress(Protocol):
    def phase(self, name: str, total: int | None = None) -> None:
        """A phase starts (the previous one ends); `total`: how many steps it has, if known."""

    def advance(self, steps: int = 1) -> None:
        """Steps of the current phase are done."""

    def note(self, text: str) -> None:
        """What the current phase found (counts), shown beside its name when it ends."""

    def close(self) -> None:
        """The work is over (or failed): the display ends."""


class _Silent:
    def phase(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        pass

    def note(self, text: str) -> None:
        pass

    def close(self) -> None:
        pass


SILENT: Progress = _Silent()


class _Rich:
    """Each phase a line on standard error: a bar while it runs, then its time and counts."""

    def __init__(self, stream) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._bar = Progress(
            SpinnerColumn(finished_text="✓"),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[note]}"),
            console=Console(file=stream, stderr=True),
            transient=False,
            auto_refresh=False,  # no refresh thread: a build may fork (pipeline/parallel.py)
        )
        self._bar.start()
        self._task = None

    def _end(self) -> None:
        if self._task is not None:
            task = self._bar.tasks[self._task]
            total = task.total if task.total is not None else 1
            self._bar.update(self._task, total=total, completed=total)
            self._bar.stop_task(self._task)
            self._bar.refresh()

    def phase(self, name: str, total: int | None = None) -> None:
        self._end()
        self._task = self._bar.add_task(name, total=total, note="")
        self._bar.refresh()

    def advance(self, steps: int = 1) -> None:
        if self._task is not None:
            self._bar.advance(self._task, steps)
            self._bar.refresh()

    def note(self, text: str) -> None:
        if self._task is not None:
            self._bar.update(self._task, note=text)
            self._bar.refresh()

    def close(self) -> None:
        self._end()
        self._bar.stop()


def terminal(stream=None) -> Progress:
    """Progress on `stream` (standard error) when it is a terminal; else SILENT."""
    stream = stream or sys.stderr
    isatty = getattr(stream, "isatty", None)
    return _Rich(stream) if isatty is not None and isatty() else SILENT
