"""Scores as printed: "96.79", "๙๖.๗๙", "100", "96.79 คะแนน", "96,79"."""

from __future__ import annotations

import regex

from .._thai import to_arabic_digits

_SCORE_CELL_RE = regex.compile(
    r"^\s*[(\[]?\s*(?P<num>[0-9]{1,3}(?:[.,][0-9]{1,4})?)\s*[)\]]?\s*(?:คะแนน|%|points?)?\s*[.)]?\s*$",
    regex.IGNORECASE,
)
_SCORE_ANY_RE = regex.compile(r"(?<![0-9.,])(?P<num>[0-9]{1,3}(?:[.,][0-9]{1,4})?)(?![0-9]|[.,][0-9])")


def _to_float(num: str) -> float | None:
    value = float(num.replace(",", "."))
    return value if 0.0 <= value <= 100.0 else None


def parse_score(text: str | None) -> float | None:
    """The score a cell holds when the cell is only a score (0–100), else None."""
    if not text:
        return None
    m = _SCORE_CELL_RE.match(to_arabic_digits(text))
    return _to_float(m.group("num")) if m else None


def find_scores(text: str) -> list[tuple[float, int, int]]:
    """Every number 0–100 in running text, as (value, start, end)."""
    out: list[tuple[float, int, int]] = []
    for m in _SCORE_ANY_RE.finditer(to_arabic_digits(text)):
        value = _to_float(m.group("num"))
        if value is not None:
            out.append((value, m.start(), m.end()))
    return out


def format_score(value: float, decimals: int = 2) -> str:
    """A score written as reports print it: 96.79, 100.00."""
    return f"{value:.{decimals}f}"
