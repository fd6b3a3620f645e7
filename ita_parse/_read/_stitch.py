"""Table stitching shared by every reader.

Readers hand over tables as they find them: one per page, or one per run of
tab-separated lines.  A report's long tables run over several pages with
their header rows repeated, and a row whose text does not fit continues on
the next page as a row with an empty first cell.  This module puts such
pieces back together so the extractor sees one table per table.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import regex

from .._document import Block, Cell, Paragraph, Row, Table, TextBlock
from .._thai import repair_thai, to_arabic_digits

_SPACES = regex.compile(r"\s+")
# a cell that holds only a number, as score cells do (Thai or Arabic digits)
_NUMBER_CELL = regex.compile(r"^\s*[0-9๐-๙]{1,3}(?:[.,][0-9๐-๙]{1,4})?\s*(?:คะแนน|%)?\s*$")
# "/และบุคลากร..." at the foot of a page: the first words of the next page
_CONTINUATION_MARKER = regex.compile(r"^\s*/\s*\S.{0,80}?(?:\.{2,}|…)\s*$")

Joiner = Callable[[str, str], str]


def join_with_space(left: str, right: str) -> str:
    """Join two pieces of one paragraph split by a page break."""
    if not left:
        return right
    if not right:
        return left
    return left.rstrip() + " " + right.lstrip()


def is_continuation_marker(text: str) -> bool:
    """Whether a line is a page-foot continuation marker such as "/ส่วนที่ ๒..."."""
    return bool(_CONTINUATION_MARKER.match(text))


@functools.lru_cache(maxsize=4096)
def _cell_key(raw: str) -> str:
    # compared as repaired text: two pages may encode the same header differently
    return _SPACES.sub("", to_arabic_digits(repair_thai(raw)))


def _key(row: Row) -> tuple[str, ...]:
    return tuple(_cell_key(c.raw) for c in row.cells)


def guess_header_rows(table: Table, limit: int = 3) -> int:
    """Leading rows with no number-only cell, if a later row has one.

    A table piece that starts with a continued row (empty first cell) has no
    header: it is the rest of a table from the page before.
    """
    if not table.rows or _is_continuation_row(table.rows[0]):
        return 0
    count = 0
    for row in table.rows[:limit]:
        if any(_NUMBER_CELL.match(c.raw) for c in row.cells if c.raw):
            break
        count += 1
    else:
        if count == len(table.rows):
            return 0
    has_numbers_later = any(
        _NUMBER_CELL.match(c.raw) for row in table.rows[count:] for c in row.cells if c.raw
    )
    return count if has_numbers_later else 0


def _is_continuation_row(row: Row) -> bool:
    return bool(row.cells) and row.cells[0].is_empty and any(not c.is_empty for c in row.cells[1:])


def _merge_cell(target: Cell, extra: Cell, joiner: Joiner) -> None:
    paras = [p for p in extra.paragraphs if p.raw.strip()]
    if not paras:
        return
    if target.paragraphs:
        last = target.paragraphs[-1]
        last.raw = joiner(last.raw, paras[0].raw)
        paras = paras[1:]
    target.paragraphs.extend(Paragraph(p.raw) for p in paras)
    if extra.bbox is not None or extra.page is not None:
        if target.bbox is None and target.page is None:
            target.bbox, target.page = extra.bbox, extra.page
        else:
            target.more.append((extra.page, extra.bbox))


def _merge_rows(target: Row, extra: Row, joiner: Joiner) -> None:
    width = max(len(target.cells), len(extra.cells))
    while len(target.cells) < width:
        target.cells.append(Cell())
    for i, cell in enumerate(extra.cells):
        _merge_cell(target.cells[i], cell, joiner)


def _append(target: Table, piece: Table, joiner: Joiner) -> None:
    h = target.header_rows
    rows = piece.rows
    if h and len(rows) >= h and [_key(r) for r in rows[:h]] == [_key(r) for r in target.rows[:h]]:
        rows = rows[h:]
    elif piece.header_rows:
        rows = rows[piece.header_rows :]
    for row in rows:
        if _is_continuation_row(row) and len(target.rows) > target.header_rows:
            _merge_rows(target.rows[-1], row, joiner)
        else:
            target.rows.append(row)


def _same_header(a: Table, b: Table) -> bool:
    h = a.header_rows
    return bool(h) and len(b.rows) >= h and [_key(r) for r in b.rows[:h]] == [_key(r) for r in a.rows[:h]]


def stitch(blocks: list[Block], joiner: Joiner = join_with_space) -> list[Block]:
    """Merge the pieces of tables that run over pages; merge continued rows.

    Two tables that follow each other with nothing in between are one table
    when they have as many columns and the second either repeats the first's
    header rows or has none of its own.
    """
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, TextBlock):
            out.append(block)
            continue
        if not block.header_rows:
            block.header_rows = guess_header_rows(block)
        prev = out[-1] if out else None
        if (
            isinstance(prev, Table)
            and prev.ncols == block.ncols
            and (_same_header(prev, block) or block.header_rows == 0)
        ):
            _append(prev, block, joiner)
            continue
        fresh = Table(rows=[], page=block.page, line=block.line, bbox=block.bbox, header_rows=0)
        fresh.rows = block.rows[: block.header_rows]
        fresh.header_rows = block.header_rows
        _append(fresh, Table(rows=block.rows[block.header_rows :]), joiner)
        out.append(fresh)
    return out
