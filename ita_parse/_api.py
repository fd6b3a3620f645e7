"""The pipeline behind ``ita_parse.parse`` and ``ita_parse.check``:

read → repair → extract → check
"""

from __future__ import annotations

import os

from ._document import Document
from ._errors import NotAReport
from ._extract import extract
from ._model import Report
from ._read import DEFAULT_TIMEOUT, ReadOptions, load_source, read
from ._repair import repair_document

Source = str | os.PathLike[str] | bytes


def read_document(
    source: Source, *, ocr: str = "auto", timeout: float | None = DEFAULT_TIMEOUT, name: str | None = None
) -> Document:
    """Read and repair one input: its blocks and tables, text repaired, with provenance."""
    doc = read(load_source(source, name=name), ReadOptions(ocr=ocr, timeout=timeout or None))
    doc_quality = repair_document(doc)
    doc.quality = doc_quality
    return doc


def report_of(doc: Document) -> Report:
    """The report in a repaired document, however little of one it holds.

    For a scan, OCR's alternative readings of each score are then chosen
    between by the report's own arithmetic, and values nothing confirms are
    marked low-confidence (``_ocr.solve``).
    """
    report = extract(doc, doc.quality)
    if doc.ocr_pages:
        from ._ocr.solve import needs_solving, solve

        if needs_solving(report, doc):
            solve(report, doc)
    return report


def is_empty(report: Report) -> bool:
    """Whether nothing at all of an ITA report was found."""
    return not (
        report.total_score is not None
        or report.level
        or report.indicators
        or report.items
        or report.analyses
        or report.plan
        or report.assessed_year is not None
        or (report.fiscal_year is not None and report.agency.name)
    )


def parse(
    source: Source,
    *,
    ocr: str = "auto",
    timeout: float | None = DEFAULT_TIMEOUT,
    name: str | None = None,
) -> Report:
    """Parse one ITA report (a path, bytes, or text) into a :class:`Report`.

    ``ocr`` is ``auto`` (OCR the pages without usable text), ``always`` or
    ``never``; ``timeout`` is how many seconds reading one input may take
    (None: no limit); ``name`` is the path to report for bytes or text.

    Raises an :class:`InputError` subclass when the input cannot be read, and
    :class:`NotAReport` when it is readable but holds nothing of a report.
    """
    doc = read_document(source, ocr=ocr, timeout=timeout, name=name)
    report = report_of(doc)
    if is_empty(report):
        raise NotAReport(
            "no part of an ITA report was found (no scores, indicators, items, analysis or plan)",
            path=doc.path,
        )
    return report
