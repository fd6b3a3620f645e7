"""The plain text of each PDF page, fast: what ``ita-parse text`` prints by default.

PDFium's own page text (content-stream order, its line breaks) is as fast as
poppler's ``pdftotext`` and, unlike it, applies ``/ActualText`` (which is
where LibreOffice and Word keep a whole ำ).  Two things are taken out: the
spaces PDFium *generates* between two Thai characters (it guesses word gaps
from glyph positions, and Thai has none), and control characters, which only a
garbage text layer holds (they are counted for the triage instead).  The Thai
repair runs afterwards, as for every reader; for tables and paragraphs in
reading order, ``ita-parse text --layout`` uses the full PDF reader instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .._errors import CorruptInput, EmptyInput, EncryptedInput
from .._model import PageQuality
from ._triage import page_quality


@dataclass
class RawPage:
    page: int
    text: str
    quality: PageQuality


def _is_thai(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e5b"


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
                    out: list[str] = []
                    controls = 0
                    for j, ch in enumerate(text):
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
