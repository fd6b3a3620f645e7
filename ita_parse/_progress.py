"""Progress of a batch run on stderr: a rich bar on a terminal, plain lines otherwise.

The library never prints; the command line wraps a run in
:class:`BatchProgress` and tells it each outcome.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from types import TracebackType
from typing import Any, TextIO


class BatchProgress:
    """Files done, failed, rate and ETA while a batch runs."""

    #: seconds between plain progress lines when stderr is not a terminal
    PLAIN_EVERY = 10.0

    def __init__(self, total: int, *, stream: TextIO | None = None, label: str = "files") -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.label = label
        self.done = 0
        self.failed = 0
        self.errors: Counter[str] = Counter()
        self.started = time.monotonic()
        self._last_line = self.started
        self._rich: Any = None
        self._task: Any = None

    @property
    def interactive(self) -> bool:
        try:
            return self.stream.isatty()
        except (AttributeError, ValueError):
            return False

    def __enter__(self) -> BatchProgress:
        if self.total > 1 and self.interactive:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._rich = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[failed]} failed"),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=Console(file=self.stream),
                transient=True,
            )
            self._rich.start()
            self._task = self._rich.add_task(self.label, total=self.total, failed=0, rate="")
        return self

    def advance(self, error_code: str | None = None) -> None:
        self.done += 1
        if error_code is not None:
            self.failed += 1
            self.errors[error_code] += 1
        elapsed = max(1e-6, time.monotonic() - self.started)
        rate = f"{self.done / elapsed:.1f}/s"
        if self._rich is not None:
            self._rich.update(self._task, advance=1, failed=self.failed, rate=rate)
        elif self.total > 1 and (
            time.monotonic() - self._last_line >= self.PLAIN_EVERY or self.done == self.total
        ):
            self._last_line = time.monotonic()
            self.stream.write(
                f"ita-parse: {self.done}/{self.total} {self.label}, {self.failed} failed, {rate}\n"
            )

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._rich is not None:
            self._rich.stop()

    def summary(self, *, with_findings: int | None = None, skipped: int = 0) -> str:
        """One line for the end of the run."""
        ok = self.done - self.failed
        parts = [f"{self.done} {self.label}", f"{ok} read"]
        if with_findings is not None:
            parts.append(f"{with_findings} with findings")
        if self.failed:
            reasons = ", ".join(f"{n} {code}" for code, n in self.errors.most_common())
            parts.append(f"{self.failed} failed ({reasons})")
        if skipped:
            parts.append(f"{skipped} skipped (hidden or unsupported kinds)")
        seconds = time.monotonic() - self.started
        return "ita-parse: " + ", ".join(parts) + f" in {seconds:.1f} s"
