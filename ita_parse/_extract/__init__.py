"""Extraction: a repaired ``Document`` → a ``Report``.

The extractor finds the parts of an ITA improvement report by what they
contain, not by where they are: a table whose rows start with item codes is
the items table, one with seven columns headed มาตรการ/ขั้นตอน/ระยะเวลา is
the plan, a line "ตัวชี้วัดที่ N … คะแนน X" outside tables heads an analysis.
Whatever is absent stays null or empty.
"""

from __future__ import annotations

from .._document import Document
from .._model import Quality, Report
from ._report import ReportBuilder

__all__ = ["extract"]


def extract(doc: Document, quality: Quality | None = None) -> Report:
    """Build the report from a document whose text has been repaired."""
    return ReportBuilder(doc, quality or Quality()).build()
