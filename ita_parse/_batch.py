"""Batch runs: many inputs, a pool of worker processes (or a Dask cluster), one result stream.

Workers parse (and check) files; the calling process receives one
:class:`Outcome` per input, in completion order, and is the only one that
writes anything (stdout, a database), so SQLite is never locked by parallel
writers.  One input's failure (unreadable, encrypted, too slow, a worker
killed under it) is that input's error; the others go on.

Executors:

* ``jobs=1``: in this process, one input after another;
* ``jobs=N``: a ``ProcessPoolExecutor`` of N workers.  A worker that dies
  (killed, out of memory) breaks the pool: the inputs it was running are
  retried once in a fresh pool, then reported as ``worker-crashed``.  An
  input that overruns its time limit by far (a hung C call the reader's own
  limit cannot interrupt) gets the pool's workers terminated, and is
  reported as ``timeout``;
* ``executor="dask"``: tasks on a dask.distributed cluster
  (``pip install 'ita_parse[dask]'``), results back to this process.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import hashlib
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ._errors import ItaParseError, UsageError
from ._findings import ErrorInfo, Finding
from ._model import Report

#: parse: the report; check: report and findings (no report at all is finding ITA801);
#: import: report and findings, and no report at all is an error (nothing to store)
Mode = Literal["parse", "check", "import"]
NOT_A_REPORT = "no part of an ITA report was found (no scores, indicators, items, analysis or plan)"
WORKER_DIED = "the worker process died while reading this file (killed or out of memory)"


@dataclass(frozen=True)
class Task:
    """What a worker needs to process one input (picklable)."""

    path: str
    mode: Mode = "parse"
    ocr: str = "auto"
    timeout: float | None = 300.0
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    data: bytes | None = None  # stdin


@dataclass
class Outcome:
    path: str
    sha256: str | None = None
    report: Report | None = None
    findings: list[Finding] = field(default_factory=list)
    error: ErrorInfo | None = None
    seconds: float = 0.0


def sha256_of(path: str) -> str | None:
    """The file's sha256, or None if it cannot be read (the worker will say why)."""
    try:
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()
    except OSError:
        return None


def process(task: Task) -> Outcome:
    """Parse (and check) one input; every failure becomes the outcome's error, never an exception."""
    from ._api import is_empty, read_document, report_of
    from ._check import run_rules, selected_rules

    t0 = time.perf_counter()
    source: Any = task.data if task.data is not None else Path(task.path)
    try:
        doc = read_document(source, ocr=task.ocr, timeout=task.timeout, name=task.path)
        report = report_of(doc)
        findings: list[Finding] = []
        if task.mode in ("check", "import"):
            findings = run_rules(report, selected_rules(task.select, task.ignore))
        if task.mode != "check" and is_empty(report):
            return Outcome(
                task.path,
                doc.sha256,
                None,
                [],
                ErrorInfo(
                    code="not-an-ita-report",
                    message=NOT_A_REPORT,
                ),
                time.perf_counter() - t0,
            )
        return Outcome(task.path, doc.sha256, report, findings, None, time.perf_counter() - t0)
    except ItaParseError as exc:
        error = ErrorInfo(code=exc.code, message=exc.message)
    except MemoryError:
        error = ErrorInfo(code="out-of-memory", message="the input needs more memory than is available")
    except Exception as exc:  # an internal error on one input must not stop the run
        error = ErrorInfo(code="internal-error", message=f"{type(exc).__name__}: {exc}")
    return Outcome(
        task.path,
        sha256_of(task.path) if task.data is None else None,
        None,
        [],
        error,
        time.perf_counter() - t0,
    )


def _init_worker() -> None:
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    # the parent handles Ctrl-C; workers just stop when the pool is shut down
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def run(
    tasks: Iterable[Task],
    *,
    jobs: int | None = None,
    executor: str = "process",
    scheduler: str | None = None,
    on_start: Callable[[Task], None] | None = None,
) -> Iterator[Outcome]:
    """Process every task; yield outcomes as they complete."""
    tasks = list(tasks)
    if executor == "dask":
        yield from _run_dask(tasks, scheduler)
        return
    if executor != "process":
        raise UsageError(f"unknown executor {executor!r}: use 'process' or 'dask'")
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if jobs == 1 or len(tasks) <= 1:
        for task in tasks:
            if on_start:
                on_start(task)
            yield process(task)
        return
    yield from _run_pool(tasks, jobs)


def _hard_limit(task: Task) -> float | None:
    """How long a task may take before its workers are killed: well past the reader's own limit."""
    return None if not task.timeout else task.timeout * 1.5 + 30.0


#: how often an input is tried again after a worker died under it
RETRIES = 2


def _run_pool(tasks: list[Task], jobs: int) -> Iterator[Outcome]:
    pending = list(reversed(tasks))  # pop() takes them in order
    attempts: dict[str, int] = {}
    ctx = multiprocessing.get_context("forkserver" if sys.platform.startswith("linux") else "spawn")
    while pending:
        pool = cf.ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker)
        running: dict[cf.Future[Outcome], tuple[Task, float]] = {}
        broken = False
        finished = False
        try:
            while pending or running:
                while pending and len(running) < jobs * 2:
                    task = pending.pop()
                    running[pool.submit(process, task)] = (task, time.monotonic())
                done, _ = cf.wait(running, timeout=1.0, return_when=cf.FIRST_COMPLETED)
                for fut in done:
                    task, _started = running.pop(fut)
                    try:
                        outcome = fut.result()
                    except cf.process.BrokenProcessPool:
                        broken = True
                        attempts[task.path] = attempts.get(task.path, 0) + 1
                        if attempts[task.path] > RETRIES:
                            yield Outcome(
                                task.path,
                                sha256_of(task.path),
                                error=ErrorInfo(
                                    code="worker-crashed",
                                    message=WORKER_DIED,
                                ),
                            )
                        else:
                            pending.append(task)
                        continue
                    yield outcome
                now = time.monotonic()
                overdue = [
                    (f, t)
                    for f, (t, s) in running.items()
                    if (limit := _hard_limit(t)) is not None and now - s > limit
                ]
                for fut, task in overdue:
                    running.pop(fut)
                    broken = True
                    yield Outcome(
                        task.path,
                        sha256_of(task.path),
                        error=ErrorInfo(
                            code="timeout", message="reading this file did not finish in time; it was stopped"
                        ),
                    )
                if broken:
                    # the other inputs in flight go back to the queue for a fresh pool
                    for task, _s in running.values():
                        pending.append(task)
                    running.clear()
                    break
            finished = not broken
        finally:
            if not finished:
                _kill(pool)  # broken, overdue, or the caller stopped (Ctrl-C): do not wait for workers
            pool.shutdown(wait=finished, cancel_futures=True)


def _kill(pool: cf.ProcessPoolExecutor) -> None:
    """Terminate a pool's workers (concurrent.futures offers no public way to stop one task)."""
    for proc in list(getattr(pool, "_processes", {}).values()):
        with contextlib.suppress(OSError, ValueError):
            proc.terminate()


def _run_dask(tasks: list[Task], scheduler: str | None) -> Iterator[Outcome]:
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise UsageError("the dask executor needs dask.distributed: pip install 'ita_parse[dask]'") from None
    if not scheduler:
        raise UsageError("--executor dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    try:
        client = Client(scheduler, timeout="20s")  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    try:
        futures = {
            client.submit(process, task, pure=False, key=f"ita-{i}-{Path(task.path).name}"): task
            for i, task in enumerate(tasks)
        }
        for fut in as_completed(futures):  # type: ignore[no-untyped-call]
            task = futures[fut]
            try:
                yield fut.result()
            except Exception as exc:  # a worker lost for good, a cancelled task
                yield Outcome(
                    task.path,
                    sha256_of(task.path),
                    error=ErrorInfo(
                        code="worker-crashed", message=f"the Dask task failed: {type(exc).__name__}: {exc}"
                    ),
                )
    finally:
        client.close()  # type: ignore[no-untyped-call]
