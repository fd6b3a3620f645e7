"""Every rule, one small class each, grouped by category (importing registers them)."""

from . import (
    arithmetic,
    cross_report,
    cross_table,
    duplicate_text,
    fiscal_year,
    level,
    numbering,
    structure,
    text_quality,
)

__all__ = [
    "arithmetic",
    "cross_report",
    "cross_table",
    "duplicate_text",
    "fiscal_year",
    "level",
    "numbering",
    "structure",
    "text_quality",
]
