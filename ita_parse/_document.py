"""What a reader produces: pages of text blocks and tables, each with provenance.

Readers (text, PDF, OCR, docx, html) only build these objects; they know
nothing about ITA reports.  The repair stage fills ``text`` from ``raw``; the
extractor turns a ``Document`` into a ``Report``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ._model import BBox, PageQuality, Quality, SourceKind


@dataclass(slots=True)
class Paragraph:
    """One paragraph of a cell or block: ``raw`` as read, ``text`` after repair."""

    raw: str
    text: str = ""


@dataclass(slots=True)
class Cell:
    paragraphs: list[Paragraph] = field(default_factory=list)
    bbox: BBox | None = None
    page: int | None = None
    #: extra boxes when a cell continues on another page: (page, bbox)
    more: list[tuple[int | None, BBox | None]] = field(default_factory=list)
    #: OCR: other readings of the whole cell, best first after ``raw`` (raw form, Thai digits and all)
    candidates: list[str] = field(default_factory=list)
    #: OCR: the recogniser's confidence in ``raw``, 0–1 (None for text layers)
    confidence: float | None = None

    @property
    def raw(self) -> str:
        return " ".join(p.raw for p in self.paragraphs if p.raw)

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.paragraphs if p.text)

    @property
    def is_empty(self) -> bool:
        return not any(p.raw.strip() for p in self.paragraphs)

    @classmethod
    def of(cls, raw: str, *, bbox: BBox | None = None, page: int | None = None) -> Cell:
        return cls([Paragraph(raw)] if raw else [], bbox=bbox, page=page)


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    page: int | None = None
    line: int | None = None
    bbox: BBox | None = None

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass(slots=True)
class Table:
    rows: list[Row]
    page: int | None = None
    line: int | None = None
    bbox: BBox | None = None
    #: number of leading rows that are column headers (0 if unknown)
    header_rows: int = 0

    @property
    def ncols(self) -> int:
        return max((len(r.cells) for r in self.rows), default=0)

    @property
    def body(self) -> list[Row]:
        return self.rows[self.header_rows :]


@dataclass(slots=True)
class TextBlock:
    """A line or paragraph of running text (headings included)."""

    para: Paragraph
    page: int | None = None
    line: int | None = None
    paragraph: int | None = None
    bbox: BBox | None = None

    @property
    def raw(self) -> str:
        return self.para.raw

    @property
    def text(self) -> str:
        return self.para.text

    @classmethod
    def of(cls, raw: str, **kw: object) -> TextBlock:
        return cls(Paragraph(raw), **kw)  # type: ignore[arg-type]


Block = TextBlock | Table


@dataclass(slots=True)
class OcrNumber:
    """A number OCR read by shape, with the other readings it considered (best first, raw form).

    Score cells carry theirs in ``Cell.candidates``; numbers in running text
    (an analysis heading's score, the total in a sentence) have no cell, so
    the OCR reader lists every number here, by page and box.
    """

    page: int
    bbox: tuple[float, float, float, float]
    text: str
    #: other readings, best first (raw form); ``costs`` are how well each reading matched, ``text``'s first
    candidates: list[str] = field(default_factory=list)
    confidence: float | None = None
    costs: list[float] = field(default_factory=list)
    #: a whole table cell (else a number inside running text)
    cell: bool = False


@dataclass(slots=True)
class Document:
    path: str
    sha256: str
    kind: SourceKind
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None
    encoding: str | None = None
    page_quality: list[PageQuality] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    #: OCR: every number read by shape (score cells and numbers in text), in page order
    ocr_numbers: list[OcrNumber] = field(default_factory=list)
    #: filled by the repair stage
    quality: Quality = field(default_factory=Quality)

    def paragraphs(self) -> Iterator[Paragraph]:
        """Every paragraph of every block and cell, in reading order."""
        for block in self.blocks:
            if isinstance(block, TextBlock):
                yield block.para
            else:
                for row in block.rows:
                    for cell in row.cells:
                        yield from cell.paragraphs
