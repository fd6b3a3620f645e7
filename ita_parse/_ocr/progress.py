"""A progress bar for OCR on a terminal (the command line turns it on; the library never prints).

OCR is the one slow step (about a second per page per core), so the command
line shows how far it is, on stderr and only when stderr is a terminal: a
bar redrawn in place with a carriage return, erased when done.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import TextIO

Reporter = Callable[[str, int, int], None]

_reporter: Reporter | None = None


def set_reporter(reporter: Reporter | None) -> None:
    """Where OCR reports (path, pages done, pages in all); None: nowhere."""
    global _reporter
    _reporter = reporter


def report(path: str, done: int, total: int) -> None:
    if _reporter is not None:
        # a closed terminal must not stop the work
        with contextlib.suppress(OSError, ValueError):
            _reporter(path, done, total)


class TerminalBar:
    """``OCR  name  [#####.....]  12/36 pages  0:14`` redrawn in place; cleared at the end."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.started: dict[str, float] = {}

    def __call__(self, path: str, done: int, total: int) -> None:
        start = self.started.setdefault(path, time.monotonic())
        name = path if len(path) <= 32 else "…" + path[-31:]
        if done >= total:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self.started.pop(path, None)
            return
        filled = int(self.width * done / max(1, total))
        elapsed = int(time.monotonic() - start)
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(
            f"\r\x1b[2KOCR {name} [{bar}] {done}/{total} pages {elapsed // 60}:{elapsed % 60:02d}"
        )
        self.stream.flush()
