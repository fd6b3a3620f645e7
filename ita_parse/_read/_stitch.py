"""Table stitching shared by every reader.

Readers hand over tables as they find them: one per page, or one per run of
tab-separated lines.  A report's long tables run over several pages with
their header rows repeated, and a row whose text does not fit continues on
the next page as a row with an empty first cell.  This module puts such
pieces back together so the extractor sees one table per table.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable

import regex

from .._document import Block, Cell, Paragraph, Row, Table, TextBlock
from .._thai import repair_thai, to_arabic_digits
from ._layout import LIST_MARKER_RE

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
    return _SPACES.sub("", to_arabic_digits(repair_thai(raw, restore_nikhahit=False)))


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


def _merge_cell(target: Cell, extra: Cell, joiner: Joiner, *, keep_items: bool = False) -> None:
    paras = [p for p in extra.paragraphs if p.raw.strip()]
    if not paras:
        return
    # with keep_items, a piece that starts with a list item ("๒. …") starts its own paragraph
    if target.paragraphs and not (keep_items and LIST_MARKER_RE.match(paras[0].raw)):
        last = target.paragraphs[-1]
        last.raw = joiner(last.raw, paras[0].raw)
        paras = paras[1:]
    target.paragraphs.extend(Paragraph(p.raw) for p in paras)
    if extra.bbox is not None or extra.page is not None:
        if target.bbox is None and target.page is None:
            target.bbox, target.page = extra.bbox, extra.page
        else:
            target.more.append((extra.page, extra.bbox))


def _merge_rows(target: Row, extra: Row, joiner: Joiner, *, keep_items: bool = False) -> None:
    width = max(len(target.cells), len(extra.cells))
    while len(target.cells) < width:
        target.cells.append(Cell())
    for i, cell in enumerate(extra.cells):
        _merge_cell(target.cells[i], cell, joiner, keep_items=keep_items)


def _rows_match(a: list[Row], b: list[Row]) -> bool:
    """Whether two runs of header rows are the same header.

    Exact after repair and without whitespace, or nearly so: a repeated header
    may lose a character on one page (a PDF producer clipping an overfull
    cell), and a header that differs by one bracket is still the header.
    """
    if len(a) != len(b):
        return False
    ka = [_key(r) for r in a]
    kb = [_key(r) for r in b]
    if ka == kb:
        return True
    for x, y in zip(ka, kb, strict=True):
        if len(x) != len(y) or [bool(c) for c in x] != [bool(c) for c in y]:
            return False
        joined_x, joined_y = "|".join(x), "|".join(y)
        if difflib.SequenceMatcher(None, joined_x, joined_y, autojunk=False).ratio() < 0.95:
            return False
    return True


def _number_columns(row: Row) -> set[int]:
    return {i for i, c in enumerate(row.cells) if c.raw and _NUMBER_CELL.match(c.raw)}


# how a row's first cell starts: with a number or a code ("๓.", "i๑", "(2)"), or with a word of some script
_NUMBERED_START = regex.compile(r"^\s*(?:[A-Za-z]{0,3}\s*[0-9๐-๙]|\(\s*[0-9๐-๙])")


def _start_kind(row: Row) -> str:
    text = row.cells[0].raw.strip() if row.cells else ""
    if not text:
        return "empty"
    if _NUMBERED_START.match(text):
        return "numbered"
    return "thai" if "\u0e00" <= text[0] <= "\u0e7f" else "other"


def _cut_by_page(table: Table, row: Row) -> bool:
    """Whether the first row of a page is the rest of the last row of the page before.

    * its first cell is empty (the text dump's convention, and what a row cut
      by the break looks like when only later columns ran over); or
    * it is empty in every column where the row before has a number: a row of
      a score table has its score, so a row without one at the top of a page
      is the overflow of the row the break cut; or
    * every row so far starts the same way (all numbered, say) and this one
      does not: it starts mid-text.  This catches a row cut so early that even
      its number was split ("๘" | "๕.๕๐").
    """
    prev = table.rows[-1]
    if _is_continuation_row(row):
        return True
    if row.cells and row.cells[0].is_empty:
        return False
    numbers = _number_columns(prev)
    if numbers and all(i >= len(row.cells) or row.cells[i].is_empty for i in numbers):
        return True
    kinds = {_start_kind(r) for r in table.body}
    return len(table.body) >= 3 and len(kinds) == 1 and _start_kind(row) not in kinds


def _append(target: Table, piece: Table, joiner: Joiner, *, page_pieces: bool = False) -> None:
    h = target.header_rows
    rows = piece.rows
    if h and len(rows) >= h and _rows_match(rows[:h], target.rows[:h]):
        rows = rows[h:]
    elif piece.header_rows:
        rows = rows[piece.header_rows :]
    for k, row in enumerate(rows):
        has_body = len(target.rows) > target.header_rows
        if page_pieces:
            # one piece per page: only its first row can be the rest of a row cut by the page break
            if k == 0 and has_body and _cut_by_page(target, row):
                _merge_rows(target.rows[-1], row, joiner, keep_items=True)
            else:
                target.rows.append(row)
        elif _is_continuation_row(row) and has_body:
            _merge_rows(target.rows[-1], row, joiner)
        else:
            target.rows.append(row)


def _same_header(a: Table, b: Table) -> bool:
    h = a.header_rows
    return bool(h) and len(b.rows) >= h and _rows_match(b.rows[:h], a.rows[:h])


def _last_page(table: Table) -> int | None:
    pages = [r.page for r in table.rows if r.page is not None]
    return max(pages) if pages else table.page


def stitch(
    blocks: list[Block],
    joiner: Joiner = join_with_space,
    *,
    merge_same_page: bool = True,
    page_pieces: bool = False,
) -> list[Block]:
    """Merge the pieces of tables that run over pages; merge continued rows.

    Two tables that follow each other with nothing in between are one table
    when they have as many columns and the second either repeats the first's
    header rows or has none of its own.

    A reader that knows where pages break passes ``merge_same_page=False``
    (two tables on one page stay apart) and ``page_pieces=True``: each piece
    is one page of a table, so only the first row of a piece can continue the
    row before it, a row with an empty first cell inside a page is a row of
    its own (its first cell is covered by a merged cell), and a continued cell
    whose part on the next page starts with a list item ("๒. …") keeps that
    item as a paragraph of its own.
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
            and (merge_same_page or block.page is None or _last_page(prev) != block.page)
        ):
            _append(prev, block, joiner, page_pieces=page_pieces)
            continue
        fresh = Table(rows=[], page=block.page, line=block.line, bbox=block.bbox, header_rows=0)
        fresh.rows = block.rows[: block.header_rows]
        fresh.header_rows = block.header_rows
        if page_pieces:
            fresh.rows.extend(block.rows[block.header_rows :])
        else:
            _append(fresh, Table(rows=block.rows[block.header_rows :]), joiner)
        out.append(fresh)
    return out
