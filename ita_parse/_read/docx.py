"""Word (.docx) reader: paragraphs and tables in document order, as a reader of the page sees them.

python-docx opens the package (the zip, its content types and relationships,
the main document, numbering and styles parts); the body is then walked in
its XML, because the parts that matter here are below what python-docx
models:

* **tables** become the grid a reader sees.  ``w:gridSpan`` puts a cell's text
  in its first grid column and empty cells after it; a ``w:vMerge``
  continuation cell is an empty cell in its column (the text stays in the
  first row of the merge, as the PDF reader gives it); ``w:gridBefore`` /
  ``w:gridAfter`` leave empty cells; grid columns in which no cell of any
  row starts (an artefact of cell borders that do not line up) are dropped.
  Rows marked ``w:tblHeader`` (Word repeats them on every page) are the
  table's header rows; header rows typed again further down the table are
  dropped by the stitcher, like the repeated headers of a PDF;
* **paragraphs**: runs, tabs, hyperlinks, fields (the result, not the
  instruction), content controls (``w:sdt``), tracked insertions (tracked
  deletions and hidden text are left out), symbols, and text boxes (their
  paragraphs follow the paragraph they are anchored in).  A line break
  (``w:br``, ``w:cr``) is a space in running text unless the next line
  starts a list item, and starts a new paragraph in a table cell
  (``_docx_text``);
* **automatic numbering** (``w:numPr``) is drawn as Word draws it
  (``_docx_numbering``), so numbered steps keep their numbers.  Bullets are
  drawn inside table cells (where they separate plan steps) and left out of
  running text (where they carry nothing the extractor uses);
* page headers, footers, footnotes and comments are furniture: not read.
  Continuation markers typed at the foot of a page ("/และบุคลากร...") are
  dropped, as in every other reader.

Provenance: documents have no pages, so every block carries a position in
the file instead.  ``TextBlock.paragraph`` is N when the block's text is in
the N-th ``w:p`` element of the document body in document order, counting
every paragraph, those in table cells and text boxes included, empty ones
too (XPath ``(/w:document/w:body//w:p)[N]``).  ``Table.line`` and
``Row.line`` hold the same number for the first paragraph of the table and
of the row.  A line break splits one ``w:p`` into several blocks with the
same number.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:  # pragma: no cover
    from docx.opc.part import Part

from .._document import Block, Cell, Document, Paragraph, Row, Table, TextBlock
from .._errors import CorruptInput, EmptyInput, EncryptedInput, UnsupportedInput
from ._docx_grid import Slot, finish_grid, prepare
from ._docx_numbering import Label, Numbering, W
from ._docx_text import paragraph_texts
from ._stitch import stitch

__all__ = ["docx_blocks", "read_docx"]

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"

#: the first bytes of an OLE compound file: encrypted .docx, and the old binary .doc
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: the uncompressed size above which a part is not read (a zip bomb, not a report)
MAX_PART_BYTES = 256 * 1024 * 1024
#: the widest span a cell may claim (Word makes at most 63 columns; browsers clamp colspan at 1000)
MAX_SPAN = 1000

_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
# other zip-based formats people name .docx by mistake, by a part only they have
_OTHER_PACKAGES = (
    ("xl/workbook.xml", "an Excel workbook (.xlsx)"),
    ("ppt/presentation.xml", "a PowerPoint presentation (.pptx)"),
    ("content.xml", "an OpenDocument file (.odt/.ods)"),
)

# inline elements whose children are read as if they stood in the paragraph
_INLINE_CONTAINERS = {
    W + name
    for name in (
        "hyperlink",
        "smartTag",
        "customXml",
        "ins",
        "moveTo",
        "fldSimple",
        "dir",
        "bdo",
        "sdtContent",
    )
}
# block-level elements whose children are read as if they stood in the body
_BLOCK_CONTAINERS = {W + "customXml", W + "sdtContent", W + "ins", W + "moveTo"}
_OFF = ("0", "false", "off")


def read_docx(data: bytes, *, path: str, sha256: str) -> Document:
    """Read a .docx into text blocks and tables (raw text; the repair comes after).

    Raises ``EncryptedInput`` for a password-protected document,
    ``UnsupportedInput`` for a zip or OLE file that is not a Word document
    (an .xlsx, an old .doc), ``CorruptInput`` for a broken zip or XML, and
    ``EmptyInput`` when the document holds no text.
    """
    blocks: list[Block] = []
    for block in docx_blocks(data, path=path):
        if isinstance(block, Table):
            blocks.extend(prepare(block))
        else:
            blocks.append(block)
    if not any(_has_text(b) for b in blocks):
        raise EmptyInput("the Word document holds no text", path=path)
    return Document(path=path, sha256=sha256, kind="docx", blocks=stitch(blocks))


def docx_blocks(data: bytes, *, path: str) -> list[Block]:
    """The blocks and tables of a .docx as they stand in the file, before tables are stitched.

    Each table is the grid a reader sees.  ``read_docx`` then cuts a table
    where its header is typed again, joins a row whose first cell is empty
    (such as the continuation of a vertically merged first column) to the
    row above, as every reader without pages does, and lets ``stitch`` join
    the pieces and tables typed again after a page break.
    """
    body, numbering = _open(data, path)
    reader = _Reader(numbering, {p: n for n, p in enumerate(body.iter(W + "p"), start=1)})
    return reader.body(body)


# --- opening --------------------------------------------------------------------------------------------


def _open(data: bytes, path: str) -> tuple[etree._Element, Numbering]:
    """The document body and its numbering, or a clear error for anything that is not a readable .docx."""
    if data.startswith(OLE_MAGIC):
        raise _ole_error(data, path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError):
        # NotImplementedError: a "version needed to extract" zipfile does not know (a damaged header)
        raise CorruptInput(
            "not a readable .docx: the zip archive is damaged or truncated", path=path
        ) from None
    with archive:
        names = set(archive.namelist())
        if "[Content_Types].xml" not in names:
            raise _not_word(names, path)
        for info in archive.infolist():
            if info.flag_bits & 0x1:
                raise EncryptedInput("the zip archive's entries are encrypted with a password", path=path)
            if info.file_size > MAX_PART_BYTES:
                size = info.file_size // 2**20
                raise UnsupportedInput(
                    f"{info.filename} is {size} MiB uncompressed: too large to be a report", path=path
                )
        try:
            # reading every entry checks its CRC: a truncated or damaged part fails here, clearly
            for name in names:
                archive.read(name)
            rels = archive.read("_rels/.rels") if "_rels/.rels" in names else b""
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
            raise CorruptInput(f"not a readable .docx: a part is damaged ({exc})", path=path) from None
    if b"purl.oclc.org/ooxml" in rels:
        # ISO 29500 Strict names its parts in other namespaces, which python-docx does not know
        raise UnsupportedInput(
            "a Strict Open XML document; save it as an ordinary Word Document (.docx) and try again",
            path=path,
        )
    # python-docx opens the package (content types, relationships); it loads only when a .docx is read
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.exceptions import PackageNotFoundError
    from docx.package import Package

    try:
        main = Package.open(io.BytesIO(data)).main_document_part
        content_type = main.content_type
    except Exception as exc:
        # python-docx meets a damaged package with whatever its parsing raises (KeyError, ValueError,
        # AttributeError on a content-types part without its namespace, …): all mean "not readable"
        if any(part in names for part, _ in _OTHER_PACKAGES):
            raise _not_word(names, path) from None
        raise CorruptInput(f"not a readable .docx: damaged package ({_short(exc)})", path=path) from None
    if content_type not in _MAIN_TYPES:
        raise _not_word(names, path)
    try:
        root = _xml(main)
        numbering = _related_xml(main, RT.NUMBERING)
        styles = _related_xml(main, RT.STYLES)
    except (etree.XMLSyntaxError, ValueError, PackageNotFoundError) as exc:
        raise CorruptInput(f"not a readable .docx: damaged XML ({_short(exc)})", path=path) from None
    body = root.find(W + "body")
    if body is None:
        raise EmptyInput("the Word document has no body", path=path)
    return body, Numbering(numbering, styles)


def _xml(part: Part) -> etree._Element:
    """A part's XML: python-docx's own tree where it models the part, else parsed here.

    python-docx models the main part of a plain .docx only; a macro-enabled
    .docm or a template (.dotx, .dotm) holds the same WordprocessingML under
    another content type, which python-docx leaves as bytes.
    """
    from docx.opc.part import XmlPart
    from docx.oxml.parser import parse_xml  # python-docx's parser: entities are not resolved

    return part.element if isinstance(part, XmlPart) else parse_xml(part.blob)


def _related_xml(part: Part, reltype: str) -> etree._Element | None:
    try:
        return _xml(part.part_related_by(reltype))
    except KeyError:
        return None  # no numbering or styles part: nothing to number


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def _not_word(names: set[str], path: str) -> UnsupportedInput:
    what = next((label for part, label in _OTHER_PACKAGES if part in names), None)
    if what is not None:
        return UnsupportedInput(f"{what}, not a Word document", path=path)
    return UnsupportedInput("a zip archive that is not a Word document", path=path)


def _ole_error(data: bytes, path: str) -> Exception:
    """What an OLE compound file is: the stream names in its directory tell (UTF-16LE)."""
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return EncryptedInput(
            "the Word document is encrypted with a password; open it in Word, remove the password "
            "(File → Info → Protect Document) and save it again",
            path=path,
        )
    if "WordDocument".encode("utf-16-le") in data:
        return UnsupportedInput(
            "a Word 97–2003 document (.doc), not a .docx; save it as .docx (Word Document) and try again",
            path=path,
        )
    return UnsupportedInput("an OLE compound file that is not a Word document", path=path)


def _has_text(block: Block) -> bool:
    if isinstance(block, TextBlock):
        return bool(block.raw.strip())
    return any(not c.is_empty for r in block.rows for c in r.cells)


# --- walking the body -----------------------------------------------------------------------------------


@dataclass
class _Lines:
    """The text of one paragraph as lines (a line break starts a new one), and the text boxes in it."""

    lines: list[list[str]] = field(default_factory=lambda: [[]])
    boxes: list[etree._Element] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.lines[-1].append(text)

    def newline(self) -> None:
        self.lines.append([])

    def texts(self, *, in_cell: bool) -> list[str]:
        return paragraph_texts(["".join(parts) for parts in self.lines], in_cell=in_cell)


class _Reader:
    def __init__(self, numbering: Numbering, index: dict[etree._Element, int]) -> None:
        self.numbering = numbering
        self.index = index
        self.last = 0  # the paragraph number of the last paragraph seen (for rows without one)

    # -- blocks --

    def body(self, container: etree._Element) -> list[Block]:
        blocks: list[Block] = []
        for el in _block_children(container):
            if el.tag == W + "p":
                number = self._number(el)
                lines = self.paragraph(el, in_cell=False)
                blocks.extend(TextBlock.of(text, paragraph=number) for text in lines.texts(in_cell=False))
                for box in lines.boxes:
                    blocks.extend(self.body(box))
            elif el.tag == W + "tbl":
                table = self.table(el)
                if table is not None:
                    blocks.append(table)
        return blocks

    def _number(self, p: etree._Element) -> int:
        number = self.index.get(p)
        if number is not None:
            self.last = number
        return self.last

    # -- paragraphs --

    def paragraph(self, p: etree._Element, *, in_cell: bool) -> _Lines:
        lines = _Lines()
        label: Label | None = self.numbering.label(p.find(W + "pPr"))
        _inline(p, lines)
        drawn = label is not None and label.text and (in_cell or not label.bullet)
        if drawn and label is not None and any("".join(parts).strip() for parts in lines.lines):
            lines.lines[0].insert(0, label.text)
        return lines

    # -- tables --

    def table(self, tbl: etree._Element) -> Table | None:
        tbl_grid = tbl.find(W + "tblGrid")
        width = len(tbl_grid.findall(W + "gridCol")) if tbl_grid is not None else 0
        raw_rows: list[tuple[list[Slot], int]] = []
        header_run = True
        header_rows = 0
        for tr in _children(tbl, W + "tr"):
            trpr = tr.find(W + "trPr")
            if trpr is not None and _on(trpr.find(W + "hidden")):
                continue
            number = self.last + 1
            first_p = next(tr.iter(W + "p"), None)
            if first_p is not None:
                number = self.index.get(first_p, number)
            cells: list[Slot] = []
            before = _int(trpr.find(W + "gridBefore") if trpr is not None else None, 0)
            for _ in range(min(max(before, 0), MAX_SPAN)):
                cells.append((Cell(), False))
            for tc in _children(tr, W + "tc"):
                tcpr = tc.find(W + "tcPr")
                span = min(max(1, _int(tcpr.find(W + "gridSpan") if tcpr is not None else None, 1)), MAX_SPAN)
                vmerge = tcpr.find(W + "vMerge") if tcpr is not None else None
                hmerge = tcpr.find(W + "hMerge") if tcpr is not None else None
                covered = (vmerge is not None and vmerge.get(W + "val") in (None, "continue")) or (
                    hmerge is not None and hmerge.get(W + "val") in (None, "continue")
                )
                cell = Cell() if covered else Cell(self.cell_paragraphs(tc))
                if covered:
                    self.cell_paragraphs(tc)  # keeps the running paragraph number right
                # a cell merged from the left (legacy hMerge) continues the cell before: not a column start
                cells.append((cell, not (hmerge is not None and covered)))
                cells.extend((Cell(), False) for _ in range(span - 1))
            is_header = trpr is not None and _on(trpr.find(W + "tblHeader"))
            if header_run and is_header:
                header_rows += 1
            else:
                header_run = False
            self.last = max(self.last, number)
            raw_rows.append((cells, number))
        if not raw_rows:
            return None
        grid = finish_grid([cells for cells, _ in raw_rows], width)
        rows = [Row(cells, line=number) for cells, (_, number) in zip(grid, raw_rows, strict=True)]
        return Table(rows=rows, line=rows[0].line, header_rows=header_rows)

    def cell_paragraphs(self, tc: etree._Element) -> list[Paragraph]:
        """Every paragraph of a cell, nested tables and text boxes included, one Paragraph per line."""
        out: list[Paragraph] = []
        for el in _block_children(tc):
            if el.tag == W + "p":
                self._number(el)
                lines = self.paragraph(el, in_cell=True)
                out.extend(Paragraph(text) for text in lines.texts(in_cell=True))
                for box in lines.boxes:
                    out.extend(self._flatten(box))
            elif el.tag == W + "tbl":
                out.extend(self._flatten_table(el))
        return out

    def _flatten(self, container: etree._Element) -> list[Paragraph]:
        out: list[Paragraph] = []
        for block in self.body(container):
            if isinstance(block, TextBlock):
                out.append(Paragraph(block.raw))
            else:
                out.extend(p for r in block.rows for c in r.cells for p in c.paragraphs)
        return out

    def _flatten_table(self, tbl: etree._Element) -> list[Paragraph]:
        table = self.table(tbl)
        if table is None:
            return []
        return [p for r in table.rows for c in r.cells for p in c.paragraphs]


def _block_children(container: etree._Element) -> Iterator[etree._Element]:
    """The paragraphs and tables of a container in document order, through content controls and the like."""
    for el in container:
        tag = el.tag
        if tag in (W + "p", W + "tbl"):
            yield el
        elif tag == W + "sdt":
            content = el.find(W + "sdtContent")
            if content is not None:
                yield from _block_children(content)
        elif tag in _BLOCK_CONTAINERS:
            yield from _block_children(el)
        elif tag == MC + "AlternateContent":
            chosen = _choose(el)
            if chosen is not None:
                yield from _block_children(chosen)


def _children(container: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Rows of a table or cells of a row, also when wrapped in a content control or custom XML."""
    for el in container:
        if el.tag == tag:
            yield el
        elif el.tag == W + "sdt":
            content = el.find(W + "sdtContent")
            if content is not None:
                yield from _children(content, tag)
        elif el.tag in (W + "customXml", W + "ins", W + "moveTo"):
            yield from _children(el, tag)


def _choose(alternate: etree._Element) -> etree._Element | None:
    """The one branch of mc:AlternateContent a reader sees: the first Choice, else the Fallback.

    Both branches hold the same content (DrawingML and its VML fallback), so
    reading both would repeat every text box.
    """
    choice = alternate.find(MC + "Choice")
    return choice if choice is not None else alternate.find(MC + "Fallback")


def _inline(container: etree._Element, out: _Lines) -> None:
    for el in container:
        tag = el.tag
        if tag == W + "r":
            _run(el, out)
        elif tag in _INLINE_CONTAINERS:
            _inline(el, out)
        elif tag == W + "sdt":
            content = el.find(W + "sdtContent")
            if content is not None:
                _inline(content, out)
        elif tag in (M + "oMath", M + "oMathPara"):
            out.add("".join(t.text or "" for t in el.iter(M + "t")))
        elif tag == MC + "AlternateContent":
            chosen = _choose(el)
            if chosen is not None:
                _inline(chosen, out)
        # w:del, w:moveFrom (tracked deletions), w:pPr, bookmarks, comments, proofing marks: nothing to read


def _run(run: etree._Element, out: _Lines) -> None:
    rpr = run.find(W + "rPr")
    if rpr is not None and _on(rpr.find(W + "vanish")):
        return  # hidden text: not what a reader sees
    for el in run:
        tag = el.tag
        if tag == W + "t":
            out.add(el.text or "")
        elif tag in (W + "tab", W + "ptab"):
            out.add("\t")
        elif tag in (W + "br", W + "cr"):
            out.newline()
        elif tag == W + "noBreakHyphen":
            out.add("-")
        elif tag == W + "sym":
            code = el.get(W + "char") or ""
            try:
                ch = chr(int(code, 16))
            except ValueError:
                continue
            if not 0xE000 <= ord(ch) <= 0xF8FF:  # symbol fonts' private-use glyphs mean nothing as text
                out.add(ch)
        elif tag in (W + "drawing", W + "pict", W + "object", MC + "AlternateContent"):
            out.boxes.extend(_text_boxes(el))
        # w:delText and w:instrText (a field's instruction; its result is in ordinary runs) are left out


def _text_boxes(el: etree._Element) -> list[etree._Element]:
    """The outermost text boxes in a drawing, from one branch of any AlternateContent."""
    if el.tag == MC + "AlternateContent":
        chosen = _choose(el)
        boxes = _text_boxes(chosen) if chosen is not None else []
        if not boxes and chosen is not None and chosen.tag == MC + "Choice":
            fallback = el.find(MC + "Fallback")
            boxes = _text_boxes(fallback) if fallback is not None else []
        return boxes
    out: list[etree._Element] = []
    for child in el:
        if child.tag == W + "txbxContent":
            out.append(child)
        elif child.tag == MC + "AlternateContent":
            out.extend(_text_boxes(child))
        else:
            out.extend(_text_boxes(child))
    return out


def _on(el: etree._Element | None) -> bool:
    """A Word on/off property: present and not switched off."""
    return el is not None and (el.get(W + "val") or "true").lower() not in _OFF


def _int(el: etree._Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(W + "val") or default)
    except ValueError:
        return default
