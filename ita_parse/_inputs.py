"""Command-line inputs: files, folders (walked recursively) and ``-`` for stdin."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ._read import SUPPORTED_SUFFIXES


@dataclass(frozen=True)
class Input:
    """One input of a run: a file path, or text read from stdin."""

    path: str
    data: bytes | None = None  # stdin content

    @property
    def source(self) -> Path | bytes:
        return self.data if self.data is not None else Path(self.path)


@dataclass
class Walk:
    inputs: list[Input]
    skipped: list[str]  # hidden files and folders, and files of unsupported kinds, found in folders
    missing: list[str]  # paths that do not exist


def walk(paths: list[str]) -> Walk:
    """Expand folders (recursively, skipping hidden files and unsupported kinds)."""
    out = Walk([], [], [])
    seen: set[str] = set()
    for arg in paths:
        if arg == "-":
            out.inputs.append(Input("<stdin>", sys.stdin.buffer.read()))
            continue
        p = Path(arg)
        if p.is_dir():
            for f in _walk_dir(p, out):
                key = os.path.realpath(f)
                if key not in seen:
                    seen.add(key)
                    out.inputs.append(Input(str(f)))
        elif p.exists() or p.is_symlink():
            out.inputs.append(Input(arg))
        else:
            out.missing.append(arg)
            out.inputs.append(Input(arg))  # reported as an unreadable input
    return out


def _walk_dir(root: Path, out: Walk) -> Iterator[Path]:
    visited: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = folder.stat()
        except OSError:
            continue
        key = (st.st_dev, st.st_ino)
        if key in visited:  # a symlink loop
            continue
        visited.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        subdirs: list[Path] = []
        for entry in entries:
            if entry.name.startswith("."):
                out.skipped.append(entry.path)  # hidden files and folders
                continue
            path = Path(entry.path)
            try:
                if entry.is_dir():
                    subdirs.append(path)
                    continue
            except OSError:
                continue
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                yield path
            else:
                out.skipped.append(str(path))
        stack.extend(reversed(subdirs))
