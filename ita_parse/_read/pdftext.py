"""The plain text of each PDF page, fast: what ``ita-parse text`` prints by default.

PDFium's own page text (content-stream order, its line breaks) is as fast as
poppler's ``pdftotext`` and, unlike it, applies ``/ActualText`` (which is
where LibreOffice and Word keep a whole ำ).  Two things are taken out: the
spaces PDFium *generates* between two Thai characters (it guesses word gaps
from glyph positions, and Thai has none), and control characters, which only a
garbage text layer holds (they are counted for the triage instead).  PDFium
also breaks a line around a Thai mark drawn below or above its letter
("ข้อม\nู\nล" for ข้อมูล): a line break next to a mark goes when the letters
on either side of it sit on one baseline.  The Thai repair runs afterwards,
as for every reader; for tables and paragraphs in reading order,
``ita-parse text --layout`` uses the full PDF reader instead.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .._errors import CorruptInput, EmptyInput, EncryptedInput
from .._model import PageQuality
from .._thai import MARKS, PUA_MAP
from ._triage import page_quality


@dataclass
class RawPage:
    page: int
    text: str
    quality: PageQuality


def _is_thai(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e5b"


#: Thai marks drawn above or below their letter, and the private-use glyphs of shifted marks
_MARKS = frozenset(MARKS) | {chr(code) for code, ch in PUA_MAP.items() if ch in MARKS}


def _mark_beyond(text: str, j: int) -> bool:
    """Whether the other character of a CR LF pair at ``j`` has a mark beside it."""
    if text[j] == "\r":
        return text[j + 2 : j + 3] in _MARKS
    return text[j - 2 : j - 1] in _MARKS if j >= 2 else False


def _letter_at(text: str, j: int, step: int) -> int:
    """The index of the nearest character from ``j`` on (``step`` ±1) that is not a mark or a line break."""
    while 0 <= j < len(text) and (text[j] in _MARKS or text[j] in "\r\n"):
        j += step
    return j if 0 <= j < len(text) else -1


def _one_line(textpage: Any, pdfium_c: Any, text: str, j: int, origin: tuple[Any, ...]) -> bool:
    """Whether the line break at ``j`` (next to a mark) falls inside one line of the page.

    ``origin``: four ``ctypes.c_double`` for PDFium to write two characters' origins into.
    """
    following = j + 1 if text[j] == "\n" else j + 2  # the character after the CR LF pair
    if text[following : following + 1] in _MARKS:
        return _letter_at(text, j - 1, -1) >= 0  # no Thai line starts with a mark
    before, after = _letter_at(text, j - 1, -1), _letter_at(text, j + 1, 1)
    if before < 0 or after < 0:
        return False
    x0, y0, x1, y1 = origin
    pdfium_c.FPDFText_GetCharOrigin(textpage, before, x0, y0)
    pdfium_c.FPDFText_GetCharOrigin(textpage, after, x1, y1)
    size = max(float(pdfium_c.FPDFText_GetFontSize(textpage, before)), 1.0)
    dy, dx = abs(float(y1.value) - float(y0.value)), float(x1.value) - float(x0.value)
    return dy < 0.25 * size and dx >= -0.1 * size


def page_texts(data: bytes, path: str, pages: set[int] | None = None) -> Iterator[RawPage]:
    """Each page's raw text (1-based page numbers), with its triage."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise EncryptedInput(
                "the PDF is encrypted with a password; it cannot be opened", path=path
            ) from None
        raise CorruptInput("not a readable PDF (damaged or truncated)", path=path) from None
    try:
        if len(pdf) == 0:
            raise EmptyInput("the PDF has no pages", path=path)
        for index in range(len(pdf)):
            number = index + 1
            if pages is not None and number not in pages:
                continue
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                try:
                    n = textpage.count_chars()
                    text = textpage.get_text_range() if n > 0 else ""
                    aligned = len(text) == n
                    origin = tuple(ctypes.c_double() for _ in range(4))
                    out: list[str] = []
                    controls = 0
                    for j, ch in enumerate(text):
                        if (
                            ch in "\r\n"
                            and aligned
                            and (
                                text[j - 1 : j] in _MARKS
                                or text[j + 1 : j + 2] in _MARKS
                                or _mark_beyond(text, j)
                            )
                            and pdfium_c.FPDFText_IsGenerated(textpage, j)
                            and _one_line(textpage, pdfium_c, text, j, origin)
                        ):
                            continue
                        if ch < " " and ch not in "\t\r\n":
                            controls += 1
                            continue
                        if (
                            ch == " "
                            and aligned
                            and 0 < j < len(text) - 1
                            and _is_thai(text[j - 1])
                            and _is_thai(text[j + 1])
                            and pdfium_c.FPDFText_IsGenerated(textpage, j)
                        ):
                            continue
                        out.append(ch)
                finally:
                    textpage.close()
            finally:
                page.close()
            plain = "".join(out).replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "-")
            yield RawPage(number, plain, page_quality(number, plain, controls=controls))
    finally:
        pdf.close()
