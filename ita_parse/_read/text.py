"""Text reader: text dumps of reports, and plain or markdown web announcements.

What it understands:

* lines of running text (one block per line; blank lines separate nothing
  but tables);
* tab-separated table rows, and markdown tables (``| a | b |``);
* ``<p>…</p>`` paragraphs and ``<br>`` inside table cells;
* form feeds (``\\f``) as page breaks; rows of dashes between table rows as
  the page breaks of the document the text was dumped from;
* markdown headings, emphasis and list markers, which are dropped;
* page-foot continuation markers ("/และบุคลากร...") are dropped.
"""

from __future__ import annotations

import regex

from .._document import Block, Cell, Document, Paragraph, Row, Table, TextBlock
from .._errors import DecodeFailed, EmptyInput
from ._stitch import is_continuation_marker, stitch

_SEPARATOR_ROW = regex.compile(r"^[\s\-–—=_|+:]*$")
_MD_TABLE_RULE = regex.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_HEADING = regex.compile(r"^\s{0,3}#{1,6}\s+")
_MD_EMPHASIS = regex.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_LIST = regex.compile(r"^\s*[*+]\s+")
_P_TAG = regex.compile(r"<p\b[^>]*>(.*?)</p\s*>", regex.IGNORECASE | regex.DOTALL)
_BR_TAG = regex.compile(r"<br\s*/?>", regex.IGNORECASE)
_ANY_TAG = regex.compile(r"</?[A-Za-z][^>]{0,200}>")

_ENCODINGS = ("utf-8", "cp874", "tis-620")


def decode_text(data: bytes, path: str) -> tuple[str, str]:
    """Decode the bytes of a text file: UTF-8 (with or without BOM), UTF-16 with BOM, or TIS-620/cp874."""
    if not data.strip():
        raise EmptyInput("the file is empty", path=path)
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise DecodeFailed("this is not a text file (it holds binary data)", path=path)
    for enc in _ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, enc
    raise DecodeFailed(
        "the text is in none of the encodings ita_parse knows (UTF-8, UTF-16, TIS-620)", path=path
    )


def _looks_like_text(text: str) -> bool:
    if not text:
        return False
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r\f") or 0x80 <= ord(ch) < 0xA0)
    return bad / len(text) < 0.01


def _cell(raw: str, line: int, page: int | None) -> Cell:
    raw = raw.strip()
    raw = _BR_TAG.sub("</p><p>", raw)
    if _P_TAG.search(raw):
        parts: list[str] = []
        pos = 0
        for m in _P_TAG.finditer(raw):
            outside = raw[pos : m.start()].strip()
            if outside:
                parts.append(outside)
            parts.append(m.group(1))
            pos = m.end()
        tail = raw[pos:].strip()
        if tail:
            parts.append(tail)
    else:
        parts = [raw]
    paras = [Paragraph(_ANY_TAG.sub("", p).strip()) for p in parts]
    return Cell([p for p in paras if p.raw], page=page)


def _strip_markdown(line: str) -> str:
    line = _MD_HEADING.sub("", line)
    line = _MD_LIST.sub("", line)
    line = _MD_EMPHASIS.sub(r"\2", line)
    return line


def _split_row(line: str) -> list[str] | None:
    """The cells of a table row, or None if the line is not one."""
    if "\t" in line:
        return line.split("\t")
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        inner = stripped[1:-1] if stripped.endswith("|") else stripped[1:]
        return [c.strip() for c in inner.split("|")]
    return None


def read_text(text: str, *, path: str, sha256: str, encoding: str | None = None) -> Document:
    """Read a text dump or announcement into blocks and tables."""
    if not text.strip():
        raise EmptyInput("the file holds no text", path=path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    has_pages = "\f" in text
    page: int | None = 1 if has_pages else None
    blocks: list[Block] = []
    rows: list[Row] = []
    table_line = 0
    paragraph = 0

    def flush() -> None:
        nonlocal rows
        if rows:
            blocks.append(Table(rows=rows, page=rows[0].page, line=table_line))
            rows = []

    for lineno, line in enumerate(text.split("\n"), start=1):
        while "\f" in line:
            before, line = line.split("\f", 1)
            if before.strip():
                flush()
                paragraph += 1
                blocks.append(
                    TextBlock.of(_strip_markdown(before).strip(), page=page, line=lineno, paragraph=paragraph)
                )
            flush()
            page = (page or 1) + 1
        cells = _split_row(line)
        if cells is not None:
            if _MD_TABLE_RULE.match(line) or (all(_SEPARATOR_ROW.match(c) for c in cells)):
                flush()  # a page break of the source document, or a markdown rule
                continue
            if not rows:
                table_line = lineno
            rows.append(Row([_cell(c, lineno, page) for c in cells], page=page, line=lineno))
            continue
        if not line.strip():
            flush()
            continue
        flush()
        content = _strip_markdown(line).strip()
        if not content or is_continuation_marker(content):
            continue
        paragraph += 1
        blocks.append(TextBlock.of(content, page=page, line=lineno, paragraph=paragraph))
    flush()
    doc = Document(path=path, sha256=sha256, kind="text", blocks=stitch(blocks), encoding=encoding)
    doc.pages = page if has_pages else None
    return doc
