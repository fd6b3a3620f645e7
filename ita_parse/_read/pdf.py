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
import ctypes
import functools
import signal
import sys
import threading
import time
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import regex

from .._document import Block, Cell, Document, OcrNumber, Paragraph, Row, Table, TextBlock
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

if TYPE_CHECKING:  # pragma: no cover
    from .._ocr.page import NumberRead

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
    quality = page_quality(number, "\n".join(texts), controls=content.controls)
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

    armed = [True]

    def on_alarm(signum: int, frame: object) -> None:
        if armed[0]:
            raise InputTimeout(message, path=path)

    # A signal handler's exception is lost when it lands in a finaliser or a gc callback
    # (Python prints "Exception ignored in ..." and goes on): the timer repeats until the
    # exception gets through, and the lost ones are not reported as unraisable.
    outer_hook = sys.unraisablehook

    def quiet_timeouts(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, InputTimeout):
            outer_hook(unraisable)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    sys.unraisablehook = quiet_timeouts
    try:
        # armed inside the try: a limit so short that the alarm fires at once must still be disarmed
        signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)
        yield check
    finally:
        # the alarm may fire here too: disarm first (retrying if it lands before that), so
        # that a repeating timer can never outlive this file and stop the next one
        while True:
            try:
                armed[0] = False
                signal.setitimer(signal.ITIMER_REAL, 0)
                break
            except InputTimeout:
                continue
        signal.signal(signal.SIGALRM, previous)
        sys.unraisablehook = outer_hook


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
    ocr: str = "auto",
) -> Document:
    """Read a PDF into text blocks and tables (raw text; the repair comes after).

    ``ocr``: ``auto`` OCRs the pages whose text layer is unusable or empty
    (a page with nothing drawn on it is left alone), ``always`` every page,
    ``never`` none.  OCR'd pages go through the same layout code as text
    layers (``_ocr.page`` builds glyphs and rules for ``_layout_page``).

    Raises ``CorruptInput``, ``EncryptedInput``, ``EmptyInput``, ``InputTimeout``,
    ``OCRUnavailable`` when OCR is needed but tesseract or its Thai data is
    missing, or ``NeedsOCR`` when no page has a usable text layer and OCR is off.
    """
    with _deadline(timeout, path) as check:
        pdf = _open(data, path)
        try:
            count = len(pdf)
            if count == 0:
                raise EmptyInput("the PDF has no pages", path=path)
            layouts: list[_PageLayout] = []
            drawn: list[bool] = []
            for index in range(count):
                check()
                try:
                    content = read_page(pdf, index)
                except ctypes.ArgumentError as exc:
                    # the time limit's signal landed while ctypes converted an argument: ctypes wraps the
                    # InputTimeout in its own error (seen under load in tests/test_pdf.py::test_time_limit)
                    if "InputTimeout" in str(exc):
                        raise InputTimeout(
                            f"reading took longer than the time limit ({timeout or 0:g} s); "
                            "the file may be damaged or unusually large",
                            path=path,
                        ) from None
                    raise
                except pdfium.PdfiumError:
                    # one page PDFium cannot load: record it and read the others
                    empty = PageQuality(
                        page=index + 1, verdict="unusable", score=0.0, counts={"unreadable": 1}
                    )
                    layouts.append(_PageLayout(index + 1, 0.0, 0.0, Affine(), [], empty))
                    drawn.append(False)
                    continue
                drawn.append(_has_objects(pdf, index))
                layouts.append(_layout_page(content))
        finally:
            pdf.close()
        quality = [layout.quality for layout in layouts]
        usable = [q.page for q in quality if q.verdict in ("good", "repaired")]
        if ocr == "always":
            to_ocr = [q.page for q in quality if drawn[q.page - 1]]
        elif ocr == "auto":
            to_ocr = [
                q.page
                for q in quality
                if q.verdict == "unusable" or (q.verdict == "empty" and drawn[q.page - 1])
            ]
        else:
            to_ocr = []
        if not usable and not to_ocr:
            pages = [q.page for q in quality]
            if ocr != "never" and not any(drawn):
                raise EmptyInput("the PDF's pages are blank: no text and nothing drawn", path=path)
            garbage = [q.page for q in quality if q.verdict == "unusable"]
            blank = [q.page for q in quality if q.verdict == "empty"]
            why = "; ".join(
                part
                for part in (
                    f"{_page_list(garbage)} have a text layer that is not text (unusable)" if garbage else "",
                    f"{_page_list(blank)} have no text layer (a scan?)" if blank else "",
                )
                if part
            )
            raise NeedsOCR(
                f"no page has a usable text layer ({why}): the PDF needs OCR, which --ocr never forbids; "
                "use --ocr auto (or --ocr always) to read it",
                path=path,
                pages=pages,
                verdicts={q.page: q.verdict for q in quality},
            )
        ocr_pages: list[int] = []
        numbers: list[OcrNumber] = []
        if to_ocr:
            ocr_pages, numbers = _ocr(data, path, to_ocr, layouts, check)
        # pages whose text is garbage are left out; their quality entry says why
        kept = [
            layout
            for layout in layouts
            if layout.quality.verdict in ("good", "repaired") or layout.number in ocr_pages
        ]
        check()
        blocks = stitch(_paragraph_blocks(kept), join_break, merge_same_page=False, page_pieces=True)
        if ocr_pages:
            _fix_ocr_text(blocks, set(ocr_pages))
    return Document(
        path=path,
        sha256=sha256,
        kind="pdf-ocr" if ocr_pages else "pdf",
        blocks=blocks,
        pages=count,
        page_quality=quality,
        ocr_pages=ocr_pages,
        ocr_numbers=numbers,
    )


def _has_objects(pdf: pdfium.PdfDocument, index: int) -> bool:
    """Whether anything at all is drawn on a page (a blank page needs no OCR)."""
    page = pdf[index]
    try:
        return bool(pdfium_c.FPDFPage_CountObjects(page) > 0)
    finally:
        page.close()


def _ocr(
    data: bytes, path: str, pages: list[int], layouts: list[_PageLayout], check: Callable[[], None]
) -> tuple[list[int], list[OcrNumber]]:
    """OCR these pages and put their layouts in place of the text layer's.

    The page's quality entry keeps the text layer's verdict (it is still
    unusable) and counts the characters OCR found (``ocr_chars``).
    """
    from .._ocr.reader import ocr_document  # numpy and the OCR code load only for scans

    done: list[int] = []
    numbers: list[OcrNumber] = []
    for result in ocr_document(data, [p - 1 for p in pages], path=path, check=check):
        layout = layouts[result.number - 1]
        if result.error is not None:
            layout.quality.counts["ocr_failed"] = 1
            continue
        ocr_layout = _layout_page(result.content)
        old = layout.quality
        chars = ocr_layout.quality.chars
        counts = {**old.counts, "ocr_chars": chars}
        ocr_layout.quality = old.model_copy(update={"counts": counts})
        layouts[result.number - 1] = ocr_layout
        _attach_numbers(ocr_layout, result.numbers)
        numbers.extend(
            OcrNumber(
                n.page,
                n.bbox,
                n.text,
                [c for c in n.candidates if c != n.text],
                n.confidence,
                list(n.costs),
                n.cell,
            )
            for n in result.numbers
        )
        done.append(result.number)
    _harmonise_headers([layouts[n - 1] for n in done])
    return done, numbers


_NUMBER_ONLY = regex.compile(r"^\s*[0-9๐-๙]{1,3}(?:[.,][0-9๐-๙]{1,4})?\s*$")


def _header_candidates(table: Table) -> list[Row]:
    """The leading rows of a table piece before its first row with a number-only cell (at most 3)."""
    rows: list[Row] = []
    for row in table.rows[:3]:
        if any(_NUMBER_ONLY.match(c.raw) for c in row.cells if c.raw):
            break
        rows.append(row)
    return rows


def _same_shape(a: Row, b: Row, a_left: float, b_left: float) -> bool:
    if len(a.cells) != len(b.cells):
        return False
    for x, y in zip(a.cells, b.cells, strict=True):
        if (x.bbox is None) != (y.bbox is None):
            return False
        if (
            x.bbox is not None
            and y.bbox is not None
            and (
                abs((x.bbox[0] - a_left) - (y.bbox[0] - b_left)) > 6
                or abs((x.bbox[2] - a_left) - (y.bbox[2] - b_left)) > 6
            )
        ):
            return False
    return True


@functools.lru_cache(maxsize=2048)
def _known_chars(text: str) -> int:
    """How many letters of ``text`` fall in dictionary words (after the Thai repair): how well it reads."""
    from pythainlp.tokenize import word_tokenize

    from .._thai import is_thai_word, repair_thai

    fixed = repair_thai(text, restore_nikhahit=False)
    return sum(len(tok) for tok in word_tokenize(regex.sub(r"\s+", "", fixed)) if is_thai_word(tok))


def _closeness(text: str, texts: list[str]) -> float:
    import difflib

    return sum(difflib.SequenceMatcher(None, text, u, autojunk=False).ratio() for u in texts)


def _alike(a: Row, b: Row) -> bool:
    import difflib

    ta = _SPACES_RE.sub("", " ".join(c.raw for c in a.cells))
    tb = _SPACES_RE.sub("", " ".join(c.raw for c in b.cells))
    return difflib.SequenceMatcher(None, ta, tb, autojunk=False).ratio() >= 0.6


def _harmonise_headers(layouts: list[_PageLayout]) -> None:
    """Give a header row that repeats on many OCR'd pages one reading: the one closest to all the others.

    A table's header rows repeat on every page it runs over, and the stitcher
    drops the repeats when they read the same.  OCR reads the same printed
    header a little differently each time, so rows of the same shape (same
    cells at the same places relative to the table) that read alike are given
    one reading of each cell: the one with the most dictionary words (OCR
    loses marks on one page and not on the next), else the one closest to
    all the others.
    """
    import difflib

    # (position among the header rows, [(row, its table's left edge)])
    clusters: list[tuple[int, list[tuple[Row, float]]]] = []
    for layout in layouts:
        for item in layout.items:
            if not isinstance(item, Table) or item.bbox is None:
                continue
            for k, row in enumerate(_header_candidates(item)):
                # measured from the row's own first cell: a stray rule may widen the table's box
                left = min((c.bbox[0] for c in row.cells if c.bbox is not None), default=item.bbox[0])
                for index, cluster in clusters:
                    ref, ref_left = cluster[0]
                    # the same place, the same shape, and text that reads alike: a row continued from
                    # the page before has the shape of a header row on some pages, but never its words
                    if index == k and _same_shape(ref, row, ref_left, left) and _alike(ref, row):
                        cluster.append((row, left))
                        break
                else:
                    clusters.append((k, [(row, left)]))
    for _, cluster in clusters:
        if len(cluster) < 2:
            continue
        rows = [row for row, _ in cluster]
        for j in range(len(rows[0].cells)):
            texts = [" ".join(p.raw for p in r.cells[j].paragraphs) for r in rows]
            if not any(texts):
                continue

            # the reading that is most Thai words wins; among equals, the one closest to all others
            scores = [(_known_chars(t), _closeness(t, texts), -i) for i, t in enumerate(texts)]
            best = max(range(len(rows)), key=scores.__getitem__)
            # only rows that read like the chosen one are the same header (not a body row of the same shape)
            chosen = rows[best].cells[j].paragraphs
            for r, t in zip(rows, texts, strict=True):
                if difflib.SequenceMatcher(None, t, texts[best], autojunk=False).ratio() >= 0.5:
                    r.cells[j].paragraphs = [Paragraph(p.raw) for p in chosen]


def _fix_ocr_text(blocks: list[Block], pages: set[int]) -> None:
    """OCR-only text fixes (month abbreviations in dates, the word ตัวชี้วัด), after stitching: a date
    may wrap over pages."""
    from .._ocr.text import fix_ocr_text

    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    if cell.page not in pages and not any(p in pages for p, _ in cell.more):
                        continue
                    # a date wraps over lines of a narrow cell: fix it across them, keep the lines
                    raws = [p.raw for p in cell.paragraphs]
                    fixed = fix_ocr_text("\n".join(raws)).split("\n")
                    if len(fixed) == len(raws):
                        for para, raw in zip(cell.paragraphs, fixed, strict=True):
                            para.raw = raw
        elif block.page in pages:
            block.para.raw = fix_ocr_text(block.para.raw)


def _attach_numbers(layout: _PageLayout, numbers: list[NumberRead]) -> None:
    """Give the table cells read as numbers their alternative readings and confidence."""
    cells = [n for n in numbers if n.cell]
    if not cells:
        return
    for item in layout.items:
        if not isinstance(item, Table):
            continue
        for row in item.rows:
            for cell in row.cells:
                if cell.bbox is None:
                    continue
                cx, cy = (cell.bbox[0] + cell.bbox[2]) / 2, (cell.bbox[1] + cell.bbox[3]) / 2
                for n in cells:
                    x0, top, x1, bottom = n.bbox
                    if x0 <= cx <= x1 and top <= cy <= bottom:
                        cell.candidates = [c for c in n.candidates if c != n.text]
                        cell.confidence = n.confidence
                        break


def _page_list(pages: list[int]) -> str:
    if len(pages) == 1:
        return f"page {pages[0]}"
    if pages == list(range(pages[0], pages[-1] + 1)):
        return f"pages {pages[0]}–{pages[-1]}"
    return "pages " + ", ".join(str(p) for p in pages)
