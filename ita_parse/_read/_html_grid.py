"""HTML table rows with rowspan and colspan → the grid a reader of the page sees.

The HTML table model, cut down to what text needs: each row's cells are
placed left to right in the first grid positions not already covered by a
rowspan from a row above; a cell covers ``rowspan`` × ``colspan``
positions.  Its text goes in its top-left position and the positions it
covers are empty cells, as the PDF reader gives merged cells, so columns
keep their places.  Spans are clamped as browsers clamp them (colspan ≤
1000, rowspan ≤ 65534 and never past the last row; rowspan 0 runs to the
last row); a table whose spans would fill more than ``MAX_SLOTS`` positions
has its later spans read as single cells, so a hostile page cannot make the
grid huge.
"""

from __future__ import annotations

from dataclasses import dataclass

from .._document import Cell
from ._docx_grid import Slot

MAX_COLSPAN = 1000
MAX_ROWSPAN = 65534
#: grid positions a table may fill through its spans; past that, spans count as 1×1 (a hostile page)
MAX_SLOTS = 100_000


@dataclass(slots=True)
class SpanCell:
    cell: Cell
    rowspan: int = 1
    colspan: int = 1


def span_value(raw: str | None, *, maximum: int, zero_means_rest: bool = False) -> int:
    """A rowspan/colspan attribute as browsers read it: leading digits, clamped; anything else is 1."""
    digits = ""
    for ch in (raw or "").strip():
        if not ch.isascii() or not ch.isdigit():
            break
        digits += ch
    if not digits:
        return 1
    value = int(digits[:6])
    if value == 0:
        return 0 if zero_means_rest else 1
    return min(value, maximum)


def expand(rows: list[list[SpanCell]]) -> list[list[Slot]]:
    """Place the cells of each row on the grid; every position gets a cell (covered ones empty)."""
    nrows = len(rows)
    grid: list[dict[int, Slot]] = [{} for _ in range(nrows)]
    budget = MAX_SLOTS
    for r, row in enumerate(rows):
        c = 0
        for span in row:
            while c in grid[r]:
                c += 1
            height = nrows - r if span.rowspan == 0 else min(span.rowspan, nrows - r)
            width = span.colspan
            if height * width > budget:
                height = width = 1
            budget -= height * width
            for dr in range(height):
                for dc in range(width):
                    top_left = dr == 0 and dc == 0
                    # a later cell may already sit where a long rowspan reaches: the first one keeps it
                    grid[r + dr].setdefault(c + dc, (span.cell, True) if top_left else (Cell(), False))
            c += width
    out: list[list[Slot]] = []
    for placed in grid:
        width = max(placed, default=-1) + 1
        out.append([placed.get(j, (Cell(), False)) for j in range(width)])
    return out
