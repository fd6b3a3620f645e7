"""Line breaks inside a paragraph, shared by the .docx and .html readers.

A line break inside a paragraph (Word's Shift+Enter ``w:br``, HTML's
``<br>``) is mostly a visual wrap: Thai authors force where a line ends, and
CMSs turn every newline typed into a post into ``<br>``.  So in running text
the lines of one paragraph stay one block, joined by a space, and only a line
that starts a list item ("๒. …", "- …", "(3) …") starts a block of its own.
In a table cell every line is a paragraph of the cell, as the text reader
makes ``<br>`` in a cell: the extractor reads a plan cell's steps paragraph by
paragraph, and joins the paragraphs of other cells itself.

Lines that are page-foot continuation markers ("/และบุคลากร...", the first
words of the next page typed at the foot of this one) are dropped.
"""

from __future__ import annotations

import regex

from ._layout import LIST_MARKER_RE
from ._stitch import is_continuation_marker

_SPACES = regex.compile(r"[ \t\n\r\f\u00a0]+")


def paragraph_texts(lines: list[str], *, in_cell: bool) -> list[str]:
    """The blocks (running text) or cell paragraphs that the lines of one paragraph make."""
    kept = [text for text in (_SPACES.sub(" ", line).strip() for line in lines) if text]
    kept = [text for text in kept if not is_continuation_marker(text)]
    if in_cell:
        return kept
    out: list[str] = []
    for text in kept:
        if out and not LIST_MARKER_RE.match(text):
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
    return out
