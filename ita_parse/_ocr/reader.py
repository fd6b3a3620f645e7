"""OCR the pages of a PDF in parallel, one worker process per core.

Why processes: a page is about a second of tesseract plus a few hundred
milliseconds of numpy and Python (deskew, rules, digit shapes, layout), and
the Python part holds the GIL; separate processes keep both cores busy.  Each
worker opens the PDF once (from the bytes, inherited when forked) and renders
its own pages, so no page image crosses a process boundary.  Tesseract gets
one thread per run (``OMP_THREAD_LIMIT=1``): two pages at once beat one page
on two threads.  Pages go to the workers costliest first (by the size of
their images), so that the run does not end with one worker busy on a long
page and the other idle.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

import numpy as np

from .engine import TesseractFailed, engine
from .page import DEFAULT_DPI, PageResult, ocr_page
from .progress import report

_worker_pdf: Any = None
_worker_binary: str = ""


def _init_worker(data: bytes, binary: str) -> None:
    global _worker_pdf, _worker_binary
    import pypdfium2 as pdfium

    _worker_pdf = pdfium.PdfDocument(data)
    _worker_binary = binary


def _close_worker() -> None:
    """Close the document of an in-process run: it must not outlive the call (it holds the whole file)."""
    global _worker_pdf
    if _worker_pdf is not None:
        _worker_pdf.close()
        _worker_pdf = None


def render_gray(pdf: Any, index: int, dpi: int) -> tuple[np.ndarray[Any, np.dtype[np.uint8]], float, float]:
    """A page as displayed, grey, at ``dpi``; and its size in points."""
    page = pdf[index]
    try:
        width, height = page.get_size()
        rotation = page.get_rotation() % 180
        if rotation == 90:
            width, height = height, width
        bitmap = page.render(scale=dpi / 72.0, grayscale=True)
        img = bitmap.to_pil().convert("L")
        return np.asarray(img, dtype=np.uint8).copy(), float(width), float(height)
    finally:
        page.close()


def _work(index: int, dpi: int) -> PageResult:
    gray, width, height = render_gray(_worker_pdf, index, dpi)
    try:
        return ocr_page(_worker_binary, gray, index + 1, dpi, width, height)
    except TesseractFailed as exc:
        from .._read._pdfchars import PageContent

        return PageResult(index + 1, PageContent(index + 1, width, height), error=str(exc))


def _by_cost(data: bytes, indices: list[int]) -> list[int]:
    """The pages, costliest first (the bytes of their images: 0.84 correlation with OCR time on the
    fixture scan), so that no worker is left with a long page while the other has run out."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    weights: dict[int, int] = {}
    try:
        pdf = pdfium.PdfDocument(data)
        try:
            for index in indices:
                page = pdf[index]
                try:
                    weights[index] = sum(
                        pdfium_c.FPDFImageObj_GetImageDataRaw(obj.raw, None, 0)
                        for obj in page.get_objects(max_depth=1)
                        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE
                    )
                finally:
                    page.close()
        finally:
            pdf.close()
    except Exception:  # only an ordering hint: keep the page order
        return list(indices)
    return sorted(indices, key=lambda i: -weights.get(i, 0))


def workers_for(pages: int) -> int:
    """One worker per core, never more than pages (``ITA_PARSE_OCR_WORKERS`` overrides)."""
    named = os.environ.get("ITA_PARSE_OCR_WORKERS", "")
    if named.isdigit() and int(named) > 0:
        return min(int(named), pages)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, pages))


def _context() -> Any:
    """fork where it is safe (no other threads: fast, inherits the PDF bytes), else a fresh interpreter."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def dpi_for() -> int:
    """The resolution pages are rendered at (``ITA_PARSE_OCR_DPI`` overrides, 150–600)."""
    named = os.environ.get("ITA_PARSE_OCR_DPI", "")
    if named.isdigit() and 150 <= int(named) <= 600:
        return int(named)
    return DEFAULT_DPI


def ocr_document(
    data: bytes,
    indices: list[int],
    *,
    path: str,
    dpi: int | None = None,
    check: Callable[[], None] = lambda: None,
) -> list[PageResult]:
    """OCR pages ``indices`` (0-based) of a PDF; results in page order.

    Raises ``OCRUnavailable`` when tesseract or its Thai data is missing; a page
    tesseract fails on comes back with ``error`` set.
    """
    binary = engine(path).binary
    dpi = dpi or dpi_for()
    total = len(indices)
    results: dict[int, PageResult] = {}
    report(path, 0, total)
    n = workers_for(total)
    if n == 1:
        _init_worker(data, binary)
        try:
            for index in indices:
                check()
                results[index] = _work(index, dpi)
                report(path, len(results), total)
        finally:
            _close_worker()
        return [results[i] for i in indices]
    executor = ProcessPoolExecutor(
        max_workers=n, mp_context=_context(), initializer=_init_worker, initargs=(data, binary)
    )
    try:
        pending: dict[Future[PageResult], int] = {
            executor.submit(_work, i, dpi): i for i in _by_cost(data, indices)
        }
        while pending:
            check()
            done, _ = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            for fut in done:
                index = pending.pop(fut)
                results[index] = fut.result()
                report(path, len(results), total)
    except BaseException:
        # a time limit or an interrupt: stop the workers now, not after the queue drains
        processes = list(getattr(executor, "_processes", {}).values())
        executor.shutdown(wait=False, cancel_futures=True)
        for proc in processes:
            proc.terminate()
        raise
    executor.shutdown(wait=True)
    return [results[i] for i in indices]
