"""Importing files: parse in many workers, write through one Store.

``prepare`` runs in a worker (it is a plain module-level function, so process
pools can pickle it) and never raises for a bad input; ``run_import`` decides
what needs parsing (a file whose content and parser version are already stored
is not parsed again, only its path is recorded), hands that list to the caller's
``parse_many`` (a process pool, the batch runner) and saves the results in
batches, in the order they arrive.  Interrupting it at any point
leaves whole reports only; running it again does the rest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime, timezone
from functools import partial
from pathlib import Path

from .._errors import ItaParseError
from .._findings import ErrorInfo
from .._read import DEFAULT_TIMEOUT
from .._version import __version__
from ._store import Imported, ImportItem, SaveOutcome, Store

#: Given the paths that need parsing, their results in any order (e.g. from a process pool).
ParseMany = Callable[[list[str]], Iterable[ImportItem]]


def file_sha256(path: str) -> str | None:
    """The sha256 of a file's bytes (None if it cannot be read: the worker will say why)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def prepare(path: str, *, ocr: str = "auto", timeout: float | None = DEFAULT_TIMEOUT) -> Imported:
    """Parse and check one file for the store (in a worker).  Input errors become ``error``."""
    from .._api import parse
    from .._check import check

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return Imported(path, None, error=ErrorInfo(code="file-missing", message=f"cannot be read: {reason}"))
    sha = hashlib.sha256(data).hexdigest()
    try:
        report = parse(data, ocr=ocr, timeout=timeout, name=path)
        findings = check(report).findings
    except ItaParseError as exc:
        return Imported(path, sha, error=ErrorInfo(code=exc.code, message=exc.message))
    except Exception as exc:  # an internal error on one input must not stop the others
        return Imported(
            path, sha, error=ErrorInfo(code="internal-error", message=f"{type(exc).__name__}: {exc}")
        )
    return Imported(path, sha, report=report, findings=findings)


def _batches(items: Iterable[ImportItem], size: int) -> Iterator[list[ImportItem]]:
    batch: list[ImportItem] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def run_import(
    store: Store,
    paths: Iterable[str],
    *,
    reimport: bool = False,
    parse_many: ParseMany | None = None,
    ocr: str = "auto",
    timeout: float | None = DEFAULT_TIMEOUT,
    batch_size: int = 20,
    on_saved: Callable[[SaveOutcome], None] | None = None,
) -> list[SaveOutcome]:
    """Import files into ``store`` (migrating it first); one outcome per path.

    A file whose content this parser version already stored is not parsed: only
    its path is recorded (unless ``reimport``).  ``parse_many`` parses the rest and
    yields one result per path as it completes: a process pool, the batch runner;
    by default :func:`prepare` one file after another here (with ``ocr`` and
    ``timeout``).  Results are saved ``batch_size`` at a time by this process alone.
    """
    store.upgrade()
    started = datetime.now(timezone.utc)
    outcomes: list[SaveOutcome] = []

    def save(batch: Sequence[ImportItem]) -> None:
        for outcome in store.save(batch, reimport=reimport, run_started=started):
            outcomes.append(outcome)
            if on_saved is not None:
                on_saved(outcome)

    todo: list[str] = []
    known: list[ImportItem] = []
    for path in paths:
        sha = file_sha256(path)
        if sha is not None and not reimport and store.known(sha, __version__):
            known.append(Imported(path, sha))
        else:
            todo.append(path)
    for batch in _batches(known, 200):
        save(batch)
    if todo:
        results = parse_many(todo) if parse_many else map(partial(prepare, ocr=ocr, timeout=timeout), todo)
        for batch in _batches(results, batch_size):
            save(batch)
    return outcomes
