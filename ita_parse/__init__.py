"""ita_parse: read Thai ITA reports and check them for consistency.

    >>> import ita_parse
    >>> report = ita_parse.parse("samples/samruean-2569.txt")
    >>> report.total_score
    96.79
    >>> result = ita_parse.check(report)
    >>> sorted({f.code for f in result.findings if f.severity == "error"})
    ['ITA201', 'ITA301', 'ITA304', 'ITA501']

Everything public is listed in ``__all__``; modules starting with an
underscore are private and may change without notice.
"""

from __future__ import annotations

import contextlib as _contextlib

from ._api import parse
from ._check import check
from ._dates import DateRange, fiscal_year_of, fiscal_year_range, parse_thai_date, parse_thai_period
from ._errors import (
    CorruptInput,
    DecodeFailed,
    EmptyInput,
    EncryptedInput,
    FileMissing,
    InputError,
    InputTimeout,
    ItaParseError,
    NeedsOCR,
    NotAReport,
    UnsupportedInput,
    UsageError,
)
from ._findings import CheckResult, ErrorInfo, Finding, InputStatus, Stats
from ._model import (
    Agency,
    Analysis,
    AnalysisPart,
    Indicator,
    Item,
    LowConfidence,
    PageQuality,
    Period,
    PlanRow,
    Previous,
    Provenance,
    Quality,
    Report,
    Source,
    Step,
    ToolScores,
)
from ._thai import normalize_thai, repair_thai, to_arabic_digits, to_thai_digits
from ._version import __version__

__all__ = [
    "Agency",
    "Analysis",
    "AnalysisPart",
    "CheckResult",
    "CorruptInput",
    "DateRange",
    "DecodeFailed",
    "EmptyInput",
    "EncryptedInput",
    "ErrorInfo",
    "FileMissing",
    "Finding",
    "Indicator",
    "InputError",
    "InputStatus",
    "InputTimeout",
    "ItaParseError",
    "Item",
    "LowConfidence",
    "NeedsOCR",
    "NotAReport",
    "PageQuality",
    "Period",
    "PlanRow",
    "Previous",
    "Provenance",
    "Quality",
    "Report",
    "Source",
    "Stats",
    "Step",
    "ToolScores",
    "UnsupportedInput",
    "UsageError",
    "__version__",
    "check",
    "fiscal_year_of",
    "fiscal_year_range",
    "normalize_thai",
    "parse",
    "parse_thai_date",
    "parse_thai_period",
    "repair_thai",
    "to_arabic_digits",
    "to_thai_digits",
]

# Show public objects as ita_parse.X in reprs and docs, as httpx does.
for _name in __all__:
    if _name != "__version__":
        _obj = globals()[_name]
        if hasattr(_obj, "__module__"):
            with _contextlib.suppress(AttributeError, TypeError):  # builtins cannot be renamed
                _obj.__module__ = "ita_parse"
del _name, _contextlib
