"""PDF reader for born-digital PDFs: text blocks and ruled tables, with page and box.

How (measured in docs/extraction-measurements.md):

* text comes from PDFium (pypdfium2), which applies ``/ActualText`` and reads
  Thai almost perfectly, about 40 times faster than pdfminer; characters are
  taken one by one with their boxes (``_pdfchars``) and put into lines and
  paragraphs here (``_layout``), with Thai marks attached to their base;
* ruled tables: the page's drawn lines (read with PDFium too) go through
  pdfplumber's table finder (the Nurminen/Tabula lattice algorithm), and each
  cell is filled with the characters whose base lies in it.  Cells covered by
  a merged cell come out empty, so columns keep their positions;
* tables that run over pages are stitched by ``_stitch`` (repeated header
  rows dropped, a row continued on the next page merged into its row);
* page furniture (lines repeated in the top or bottom margin of many pages,
  lone page numbers) and continuation markers (a slash and the first words of
  the next page, "/…") are dropped;
  a paragraph cut by a page break is joined back.

Every block, row and cell carries its page (1-based) and its box in PDF
points, top-left origin, on the page as displayed (pdfplumber's convention).
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import regex

from .._document import Block, Cell, Document, Paragraph, Row, Table, TextBlock
from .._errors import CorruptInput, EmptyInput, EncryptedInput, InputTimeout, NeedsOCR
from .._model import PageQuality
from ._layout import (
    LIST_MARKER_RE,
    Cluster,
    Frame,
    Line,
    build_clusters,
    build_lines,
    centered,
    join_break,
    join_lines,
    line_pitch,
    paragraphs,
)
from ._pdfchars import Affine, BBox, PageContent, open_document, read_page
from ._stitch import is_continuation_marker, stitch
from ._triage import page_quality

__all__ = ["read_pdf"]

# share of the page height at the top and bottom where running heads and page numbers live
_MARGIN_BAND = 0.075
_PAGE_NUMBER_RE = regex.compile(
    r"^[\s\-–—(\[]*(?:(?:หน้า|page|p\.)\s*)?[0-9๐-๙]{1,4}(?:\s*(?:/|of|จาก)\s*[0-9๐-๙]{1,4})?[\s\-–—)\]]*$",
    regex.IGNORECASE,
)
_DIGITS_RE = regex.compile(r"[0-9๐-๙]+")
_SPACES_RE = regex.compile(r"\s+")


# --- one page -------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Grid:
    """A ruled table found on a page: its cells, and a lookup from a point to a cell."""

    bbox: BBox
    rows: list[list[int | None]]  # cell ids per row, None where a merged cell covers the position
    cells: list[BBox]
    xs: list[float]
    ys: list[float]
    slots: dict[tuple[int, int], int]
    members: list[list[Cluster]] = field(default_factory=list)

    def cell_at(self, x: float, y: float) -> int | None:
        x0, top, x1, bottom = self.bbox
        if not (x0 <= x <= x1 and top <= y <= bottom):
            return None
        i = bisect_right(self.xs, x) - 1
        j = bisect_right(self.ys, y) - 1
        return self.slots.get((i, j))


class _EdgePage:
    """What pdfplumber's TableFinder needs of a page: its edges and its box."""

    def __init__(self, edges: list[dict[str, Any]], width: float, height: float) -> None:
        self.edges = edges
        self.bbox = (0.0, 0.0, width, height)


# more rules than this on one page is a drawing (a chart, a map): looking for cells in it is quadratic
_MAX_EDGES = 4000


def _grids(content: PageContent) -> list[_Grid]:
    if not 4 <= len(content.edges) <= _MAX_EDGES:
        return []
    from pdfplumber.table import TableFinder  # pdfminer loads only for pages with rules

    finder = TableFinder(_EdgePage(content.edges, content.width, content.height))  # type: ignore[arg-type]
    grids: list[_Grid] = []
    for table in finder.tables:
        cells: list[BBox] = []
        ids: dict[BBox, int] = {}
        rows: list[list[int | None]] = []
        for row in table.rows:
            ids_row: list[int | None] = []
            for box in row.cells:
                if box is None:
                    ids_row.append(None)
                    continue
                key = (float(box[0]), float(box[1]), float(box[2]), float(box[3]))
                if key not in ids:
                    ids[key] = len(cells)
                    cells.append(key)
                ids_row.append(ids[key])
            rows.append(ids_row)
        if not cells:
            continue
        xs = sorted({c[0] for c in cells} | {c[2] for c in cells})
        ys = sorted({c[1] for c in cells} | {c[3] for c in cells})
        slots: dict[tuple[int, int], int] = {}
        for k, (x0, top, x1, bottom) in enumerate(cells):
            for i in range(bisect_right(xs, x0) - 1, bisect_right(xs, x1 - 1e-6)):
                for j in range(bisect_right(ys, top) - 1, bisect_right(ys, bottom - 1e-6)):
                    slots.setdefault((i, j), k)
        bbox = (xs[0], ys[0], xs[-1], ys[-1])
        grids.append(_Grid(bbox, rows, cells, xs, ys, slots, [[] for _ in cells]))
    return grids


@dataclass(slots=True)
class _PageLayout:
    number: int
    width: float
    height: float
    to_display: Affine
    #: in reading order: runs of prose lines, and tables
    items: list[list[Line] | Table]
    quality: PageQuality


def _display(layout_to_display: Affine, box: BBox) -> BBox:
    x0, top, x1, bottom = layout_to_display.box(*box)
    return (round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2))


def _union(boxes: list[BBox]) -> BBox:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _line_box(line: Line) -> BBox:
    return (line.x0, line.top, line.x1, line.bottom)


def _cell_paragraphs(lines: list[Line], box: BBox, pitch: float | None) -> list[Paragraph]:
    frame = Frame(box[0], box[2], pitch)
    return [Paragraph(join_lines(group)) for group in paragraphs(lines, frame, prose=False)]


def _layout_page(content: PageContent) -> _PageLayout:
    clusters = build_clusters(content.glyphs)
    content.glyphs = []  # the clusters hold all that is needed from here on
    grids = _grids(content)
    prose: list[Cluster] = []
    for c in clusters:
        y = c.base - 0.3 * c.size
        for grid in grids:
            k = grid.cell_at(c.cx, y)
            if k is not None:
                grid.members[k].append(c)
                break
        else:
            prose.append(c)
    prose_lines = build_lines(prose)
    cell_lines: list[list[list[Line]]] = [[build_lines(m) for m in grid.members] for grid in grids]
    # the page's usual line pitch, from prose and from the lines inside each cell
    pitches = [p for p in [line_pitch(prose_lines)] + [line_pitch(ls) for g in cell_lines for ls in g] if p]
    pitch = min(pitches) if pitches else None
    to_display = content.to_display
    number = content.number
    placed: list[tuple[float, list[Line] | Table]] = []
    texts: list[str] = [line.text for line in prose_lines]
    for grid, lines_per_cell in zip(grids, cell_lines, strict=True):
        if not any(lines_per_cell):
            continue  # a ruled frame with nothing in it
        ncols = max(len(r) for r in grid.rows)
        if ncols == 1:
            # a one-column "table" is a box drawn around text: read it as text
            for lines in lines_per_cell:
                if lines:
                    texts.extend(line.text for line in lines)
                    placed.append((lines[0].top, list(lines)))
            continue
        rows: list[Row] = []
        for ids in grid.rows:
            cells: list[Cell] = []
            for k in ids:
                if k is None:
                    cells.append(Cell())
                    continue
                lines = lines_per_cell[k]
                texts.extend(line.text for line in lines)
                paras = _cell_paragraphs(lines, grid.cells[k], pitch)
                cells.append(
                    Cell([p for p in paras if p.raw], bbox=_display(to_display, grid.cells[k]), page=number)
                )
            boxes = [grid.cells[k] for k in ids if k is not None]
            rows.append(Row(cells, page=number, bbox=_display(to_display, _union(boxes))))
        placed.append((grid.bbox[1], Table(rows=rows, page=number, bbox=_display(to_display, grid.bbox))))
    # prose lines between tables form runs; a table interrupts a run
    table_tops = sorted(top for top, item in placed if isinstance(item, Table))
    runs: dict[int, list[Line]] = defaultdict(list)
    for line in prose_lines:
        runs[bisect_right(table_tops, line.top)].append(line)
    for k in sorted(runs):
        placed.append((runs[k][0].top, runs[k]))
    placed.sort(key=lambda p: p[0])
    quality = page_quality(number, "\n".join(texts))
    return _PageLayout(
        number, content.width, content.height, to_display, [item for _, item in placed], quality
    )


# --- the whole document ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Para:
    lines: list[Line]  # on the page where the paragraph starts
    page: _PageLayout
    text: str = ""
    #: where a paragraph joined across page breaks ends (None: on its first page)
    end: tuple[_PageLayout, Line] | None = None

    @property
    def last(self) -> tuple[_PageLayout, Line]:
        return self.end or (self.page, self.lines[-1])


def _frames(layouts: list[_PageLayout]) -> dict[tuple[int, int], Frame]:
    """Per page shape: the body text's left and right edges and line pitch, from every page of that shape."""
    lefts: dict[tuple[int, int], Counter[int]] = defaultdict(Counter)
    rights: dict[tuple[int, int], list[float]] = defaultdict(list)
    pitches: dict[tuple[int, int], list[float]] = defaultdict(list)
    for layout in layouts:
        shape = (round(layout.width), round(layout.height))
        for item in layout.items:
            if isinstance(item, Table):
                continue
            for line in item:
                lefts[shape][round(line.x0)] += 1
                rights[shape].append(line.x1)
            p = line_pitch(item)
            if p:
                pitches[shape].append(p)
    frames: dict[tuple[int, int], Frame] = {}
    for shape, counter in lefts.items():
        xs = sorted(rights[shape])
        (mode, _), *_ = counter.most_common(1)
        # the margin: the most common start, or a little left of it (some glyphs overhang)
        left = min((x for x in counter if mode - 3 <= x <= mode), default=mode)
        right = xs[int(0.9 * (len(xs) - 1))]
        ps = sorted(pitches[shape])
        frames[shape] = Frame(float(left), right, ps[len(ps) // 2] if ps else None)
    return frames


def _furniture(layouts: list[_PageLayout]) -> set[int]:
    """Margin lines that are page furniture (by ``id``): page numbers, or text repeated on many pages.

    Only lines in the top or bottom band of a page qualify; digits are masked
    so that "หน้า ๓ จาก ๑๒" on every page counts as one repeated line.
    """
    seen: dict[str, set[int]] = defaultdict(set)
    candidates: list[tuple[Line, str]] = []
    for layout in layouts:
        band = _MARGIN_BAND * layout.height
        for item in layout.items:
            if isinstance(item, Table):
                continue
            for line in item:
                if line.top < band or line.bottom > layout.height - band:
                    key = _DIGITS_RE.sub("#", _SPACES_RE.sub(" ", line.text.strip()))
                    seen[key].add(layout.number)
                    candidates.append((line, key))
    many = max(3, int(0.3 * len(layouts)))
    return {
        id(line) for line, key in candidates if _PAGE_NUMBER_RE.match(line.text) or len(seen[key]) >= many
    }


def _paragraph_blocks(layouts: list[_PageLayout]) -> list[Block]:
    frames = _frames(layouts)
    furniture = _furniture(layouts)
    pieces: list[_Para | Table] = []
    for layout in layouts:
        shape = (round(layout.width), round(layout.height))
        page_items: list[_Para | Table] = []
        for item in layout.items:
            if isinstance(item, Table):
                page_items.append(item)
                continue
            lines = [line for line in item if id(line) not in furniture]
            if not lines:
                continue
            frame = frames.get(shape) or Frame(min(x.x0 for x in lines), max(x.x1 for x in lines), None)
            if frame.pitch is None:
                frame = Frame(frame.left, frame.right, line_pitch(lines))
            for group in paragraphs(lines, frame, prose=True):
                page_items.append(_Para(group, layout, join_lines(group)))
        # a continuation marker ends the page: the first words of the next page, repeated
        while page_items and isinstance(page_items[-1], _Para):
            last = page_items[-1]
            if not is_continuation_marker(last.lines[-1].text):
                break
            last.lines.pop()
            if last.lines:
                last.text = join_lines(last.lines)
            else:
                page_items.pop()
        if page_items and pieces:
            _join_across_pages(pieces, page_items, frames)
        pieces.extend(page_items)
    blocks: list[Block] = []
    for piece in pieces:
        if isinstance(piece, Table):
            blocks.append(piece)
            continue
        text = piece.text.strip()
        if not text:
            continue
        box = _union([_line_box(line) for line in piece.lines])
        blocks.append(
            TextBlock(
                Paragraph(text),
                page=piece.page.number,
                bbox=_display(piece.page.to_display, box),
            )
        )
    return blocks


def _join_across_pages(
    pieces: list[_Para | Table], page_items: list[_Para | Table], frames: dict[tuple[int, int], Frame]
) -> None:
    """Join the first paragraph of a page to the last of the page before when it runs on."""
    prev, first = pieces[-1], page_items[0]
    if not isinstance(prev, _Para) or not isinstance(first, _Para):
        return
    last_page, last_line = prev.last
    if last_page.number + 1 != first.page.number:
        return
    first_line = first.lines[0]
    frame = frames.get((round(last_page.width), round(last_page.height)))
    next_frame = frames.get((round(first.page.width), round(first.page.height)))
    if frame is None or next_frame is None:
        return
    em = max(last_line.size, first_line.size, 1.0)
    runs_on = (
        last_line.x1 >= frame.right - 1.5 * em  # the last line is full: the paragraph goes on
        and not centered(last_line, frame)
        and first_line.x0 <= next_frame.left + 0.5 * em  # not indented: no new paragraph
        and abs(last_line.size - first_line.size) <= 0.12 * em
        and last_line.bold == first_line.bold
        and not LIST_MARKER_RE.match(first_line.text)
    )
    if runs_on:
        prev.text = join_break(prev.text, first.text)
        prev.end = first.last
        # the block keeps the page and box where it starts
        page_items.pop(0)


# --- errors, time limit -------------------------------------------------------------------------------


@contextlib.contextmanager
def _deadline(seconds: float | None, path: str) -> Iterator[Callable[[], None]]:
    """A time limit for reading one file: a timer signal where possible, and a check between pages.

    The signal (POSIX, main thread, no other timer running) also stops a page
    that takes long by itself; elsewhere the limit is checked between pages.
    """
    if seconds is None or seconds <= 0:
        yield lambda: None
        return
    message = (
        f"reading took longer than the time limit ({seconds:g} s); the file may be damaged or unusually large"
    )
    end = time.monotonic() + seconds

    def check() -> None:
        if time.monotonic() > end:
            raise InputTimeout(message, path=path)

    use_signal = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )
    if not use_signal:
        yield check
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise InputTimeout(message, path=path)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield check
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _open(data: bytes, path: str) -> pdfium.PdfDocument:
    try:
        return open_document(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedInput(
                "the PDF is encrypted with a password; ita_parse cannot open it", path=path
            ) from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise EncryptedInput(
                "the PDF uses an encryption scheme that cannot be opened", path=path
            ) from None
        raise CorruptInput("the PDF is damaged or truncated and cannot be read", path=path) from None
    except (ValueError, OSError) as exc:
        raise CorruptInput(f"the PDF cannot be read ({exc})", path=path) from None


def read_pdf(
    data: bytes,
    *,
    path: str,
    sha256: str,
    timeout: float | None = None,
) -> Document:
    """Read a born-digital PDF into text blocks and tables (raw text; the repair comes after).

    Raises ``CorruptInput``, ``EncryptedInput``, ``EmptyInput``, ``InputTimeout``,
    or ``NeedsOCR`` when no page has a usable text layer.
    """
    with _deadline(timeout, path) as check:
        pdf = _open(data, path)
        try:
            count = len(pdf)
            if count == 0:
                raise EmptyInput("the PDF has no pages", path=path)
            layouts: list[_PageLayout] = []
            for index in range(count):
                check()
                try:
                    content = read_page(pdf, index)
                except pdfium.PdfiumError:
                    # one page PDFium cannot load: record it and read the others
                    empty = PageQuality(
                        page=index + 1, verdict="unusable", score=0.0, counts={"unreadable": 1}
                    )
                    layouts.append(_PageLayout(index + 1, 0.0, 0.0, Affine(), [], empty))
                    continue
                layouts.append(_layout_page(content))
        finally:
            pdf.close()
        quality = [layout.quality for layout in layouts]
        usable = [q.page for q in quality if q.verdict in ("good", "repaired")]
        if not usable:
            pages = [q.page for q in quality]
            raise NeedsOCR(
                f"no page has a usable text layer ({_page_list(pages)}): the PDF looks scanned and "
                "needs OCR, which this version cannot do yet; once it can, use --ocr always",
                path=path,
                pages=pages,
            )
        # pages whose text is garbage are left out; their quality entry says why
        kept = [layout for layout in layouts if layout.quality.verdict in ("good", "repaired")]
        check()
        blocks = stitch(_paragraph_blocks(kept), join_break, merge_same_page=False, page_pieces=True)
    return Document(
        path=path,
        sha256=sha256,
        kind="pdf",
        blocks=blocks,
        pages=count,
        page_quality=quality,
    )


def _page_list(pages: list[int]) -> str:
    if len(pages) == 1:
        return f"page {pages[0]}"
    if pages == list(range(pages[0], pages[-1] + 1)):
        return f"pages {pages[0]}–{pages[-1]}"
    return "pages " + ", ".join(str(p) for p in pages)
