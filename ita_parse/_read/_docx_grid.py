"""Table grids for readers of whole-row formats (.docx, and .html which shares this module).

Word and HTML tables are stored row by row with spans; a reader of the page
sees a grid.  These helpers finish such a grid the way the PDF reader's
tables come out, so the stitcher and the extractor see the same thing
whatever the input:

* ``finish_grid``: rows padded to one width, and grid columns in which no
  cell of any row starts dropped (Word adds such columns when cell borders
  do not line up; an HTML colspan may reach past the last column);
* ``split_at_repeated_header``: a table cut where its header rows are typed
  again, so that ``stitch`` drops the repeats as it does for PDF pages;
* ``merge_continued_rows``: a row whose first cell is empty joined to the
  row above, paragraphs kept apart (rows of these formats are never cut in
  the middle of a paragraph, unlike a text dump's page-broken rows).
"""

from __future__ import annotations

import regex

from .._document import Cell, Row, Table
from ._stitch import guess_header_rows

_SPACES = regex.compile(r"\s+")

#: one grid position: the cell there, and whether a cell starts there (False: covered by a span)
Slot = tuple[Cell, bool]


def finish_grid(rows: list[list[Slot]], width: int = 0) -> list[list[Cell]]:
    """Rows of the same width, without the columns in which no cell starts."""
    ncols = max([width, *(len(r) for r in rows)])
    starts = {j for row in rows for j, (_, start) in enumerate(row) if start}
    keep = [j for j in range(ncols) if j in starts] or list(range(ncols))
    out: list[list[Cell]] = []
    for row in rows:
        padded = row + [(Cell(), False) for _ in range(ncols - len(row))]
        out.append([padded[j][0] for j in keep])
    return out


def _key(row: Row) -> tuple[str, ...]:
    return tuple(_SPACES.sub("", c.raw) for c in row.cells)


def split_at_repeated_header(table: Table) -> list[Table]:
    """A table cut where its header rows are typed again, so the stitcher drops the repeats.

    Word repeats ``w:tblHeader`` rows by itself; documents typed without that
    flag (and web pages pasted from them) repeat the header by hand at the
    top of each page.  Each repeat starts a piece with the same header, and
    ``stitch`` joins the pieces and keeps one header, as for a PDF's pages.
    """
    h = table.header_rows or guess_header_rows(table)
    if not h or len(table.rows) < 2 * h:
        return [table]
    header = [_key(r) for r in table.rows[:h]]
    if not any(any(k) for k in header):
        return [table]
    pieces: list[Table] = []
    start = 0
    i = h
    while i + h <= len(table.rows):
        if [_key(r) for r in table.rows[i : i + h]] == header:
            pieces.append(Table(rows=table.rows[start:i], line=table.rows[start].line, header_rows=h))
            start = i
            i += h
        else:
            i += 1
    pieces.append(Table(rows=table.rows[start:], line=table.rows[start].line, header_rows=h))
    return pieces


def merge_continued_rows(table: Table) -> Table:
    """Rows whose first cell is empty (merged from above, or left blank) joined to the row above.

    This is what ``stitch`` does for every reader without pages: such a row
    is the rest of the row above it, as when one indicator of a plan table
    spans two rows.  Doing it here keeps each paragraph of the lower row a
    paragraph of its own, where ``stitch`` would join the first one to the
    last paragraph above (right for a row cut by a page break, not here).
    """
    h = table.header_rows or guess_header_rows(table)
    rows: list[Row] = table.rows[:h]
    for row in table.rows[h:]:
        continued = (
            len(rows) > h
            and bool(row.cells)
            and row.cells[0].is_empty
            and any(not c.is_empty for c in row.cells[1:])
        )
        if not continued:
            rows.append(row)
            continue
        above = rows[-1]
        for j, cell in enumerate(row.cells):
            if j < len(above.cells):
                above.cells[j].paragraphs.extend(cell.paragraphs)
            else:
                above.cells.append(cell)
    return Table(rows=rows, line=table.line, header_rows=h)


def prepare(table: Table) -> list[Table]:
    """A whole-row table ready for ``stitch``: cut at repeated headers, continued rows joined."""
    return [merge_continued_rows(piece) for piece in split_at_repeated_header(table)]
