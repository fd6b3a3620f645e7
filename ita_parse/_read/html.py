"""HTML reader: agency result pages and news articles, the page's content without its furniture.

* **decoding** (``_html_charset``): byte-order mark, then what the bytes
  are (valid UTF-8, or Thai in windows-874/TIS-620), then the declared
  charset; a page that declares the wrong charset is read by its bytes;
* **parsing**: lxml's HTML parser (libxml2), which repairs tag soup as
  browsers do;
* **furniture dropped**: scripts, styles, forms, navigation, menus, the page's
  own header and footer (a header inside an ``<article>`` is the article's
  and stays), sidebars, breadcrumbs, share buttons, hidden elements; found by
  tag, by ARIA role, and by class or id words (nav, menu, footer,
  breadcrumb, sidebar, …).  An element named so is kept when it holds most
  of the page's text (a wrapper ``<div class="has-sidebar">`` is the page);
* **blocks**: headings, paragraphs, list items, divs and other block
  elements each end a block; ``<br>`` is a space in running text unless the
  next line starts a list item, and a new paragraph in a table cell
  (``_docx_text``).  Whitespace collapses as a browser collapses it.
  ``<ol>`` items get the number the browser draws (type, start and value
  honoured; ``list-style-type: thai`` gives Thai digits);
  ``<ul>`` bullets are drawn only inside table cells, where they separate
  plan steps;
* **tables**: data tables become grids with rowspan and colspan expanded
  (``_html_grid``): a merged cell's text in its first row and column, empty
  cells where it reaches.  Header rows are the ``<thead>`` rows, else the
  leading rows of ``<th>`` cells.  Layout tables (a table holding another
  table, a single column, or ``role="presentation"``), which old Thai sites
  wrap whole pages in, are read as the blocks they contain.  A cell's
  paragraphs, ``<br>`` lines and list items are paragraphs of the cell.

Provenance: ``TextBlock.paragraph`` is the block's 1-based index in the
page's blocks, where a table row counts as one block; ``Table.line`` and
``Row.line`` hold the same index for the table's first row and each row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import regex
from lxml import etree
from lxml import html as lxml_html

from .._document import Block, Cell, Document, Paragraph, Row, Table, TextBlock
from .._errors import CorruptInput, EmptyInput
from ._docx_grid import finish_grid, prepare
from ._docx_numbering import BULLET, format_number
from ._docx_text import paragraph_texts
from ._html_charset import decode_html
from ._html_grid import MAX_COLSPAN, MAX_ROWSPAN, SpanCell, expand, span_value
from ._stitch import stitch

__all__ = ["read_html"]

# fmt: off
_DROP_TAGS = frozenset((
    "head", "script", "style", "noscript", "template", "iframe", "frame", "frameset", "svg", "math", "canvas",
    "nav", "aside", "form", "button", "select", "option", "optgroup", "input", "textarea", "menu", "dialog",
    "object", "embed", "audio", "video", "map", "area", "link", "meta",
))
_BLOCK_TAGS = frozenset((
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "ul", "caption",
    "legend", "td", "th", "tr", "tbody", "thead", "tfoot",
))
_DROP_ROLES = frozenset((
    "navigation", "banner", "contentinfo", "menu", "menubar", "search", "complementary", "dialog", "alert",
))
# class or id words that name page furniture
_FURNITURE_WORDS = frozenset((
    "nav", "navbar", "navigation", "menu", "menubar", "mainmenu", "topmenu", "submenu", "megamenu",
    "breadcrumb", "breadcrumbs", "footer", "sidebar", "widget", "widgets", "share", "sharing", "social",
    "cookie", "cookies", "pagination", "pager", "skip", "topbar", "toolbar", "related", "comments", "comment",
    "advert", "ads", "masthead", "header",
))
# fmt: on
_NEVER_DROP = frozenset(("html", "body", "main", "article"))
_WORDS = regex.compile(r"[A-Za-z]+")
_HIDDEN_STYLE = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.IGNORECASE)
_WHITESPACE = regex.compile(r"[ \t\n\r\f]+")
_OL_TYPES = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}


def read_html(data: bytes, *, path: str, sha256: str) -> Document:
    """Read a web page into text blocks and tables (raw text; the repair comes after).

    Raises ``EmptyInput`` when the page holds no text once furniture is
    dropped, ``CorruptInput`` when it cannot be parsed at all.
    """
    text, encoding, _declared = decode_html(data)
    text = text.replace("\x00", "")
    if not text.strip():
        raise EmptyInput("the page is empty", path=path)
    root, too_deep = _parse(text, path)
    if too_deep:
        # unclosed <font>/<span>/<b> tags, thousands deep: they carry no structure, so read without them
        root, too_deep = _parse(_INLINE_TAG.sub("", text), path)
        if too_deep:
            raise CorruptInput(
                f"the page nests its elements more than {_MAX_DEPTH} deep (unclosed tags); "
                "it cannot be read whole",
                path=path,
            )
    body = root.find("body")
    reader = _Reader(body if body is not None else root)
    blocks = reader.blocks()
    if not blocks:
        raise EmptyInput("the page holds no text", path=path)
    prepared: list[Block] = []
    for block in blocks:
        prepared.extend(prepare(block) if isinstance(block, Table) else [block])
    return Document(path=path, sha256=sha256, kind="html", blocks=stitch(prepared), encoding=encoding)


#: libxml2's depth limit with huge_tree; deeper content is dropped and parsing stops
_MAX_DEPTH = 2048
_INLINE_TAG = regex.compile(
    r"<\s*/?\s*(?:font|span|b|i|u|em|strong|small|big|a|sup|sub|s|strike|tt|abbr|cite|mark|q|nobr|blink)\b[^>]*>",
    regex.IGNORECASE,
)


def _parse(text: str, path: str) -> tuple[etree._Element, bool]:
    """The parsed page, and whether the parser stopped at its depth limit (losing the rest)."""
    # huge_tree: without it libxml2 drops whatever is nested more than 256 elements deep
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        root = lxml_html.document_fromstring(text.encode("utf-8"), parser=parser)
    except etree.ParserError:
        raise EmptyInput("the page holds no text", path=path) from None
    except (etree.LxmlError, ValueError) as exc:
        raise CorruptInput(f"the page cannot be parsed as HTML ({exc})", path=path) from None
    too_deep = any(e.type_name == "ERR_RESOURCE_LIMIT" or "depth" in e.message for e in parser.error_log)
    return root, too_deep


# --- what to drop ---------------------------------------------------------------------------------------


def _attr(el: etree._Element, name: str) -> str:
    value = el.get(name)
    return value if isinstance(value, str) else ""


def _hidden(el: etree._Element) -> bool:
    return (
        el.get("hidden") is not None
        or _attr(el, "aria-hidden").strip().lower() == "true"
        or bool(_HIDDEN_STYLE.search(_attr(el, "style")))
    )


def _inside(el: etree._Element, tags: tuple[str, ...]) -> bool:
    return any(a.tag in tags for a in el.iterancestors())


def _text_length(el: etree._Element) -> int:
    return len(_WHITESPACE.sub("", "".join(el.itertext())))


# --- numbering of lists ---------------------------------------------------------------------------------


@dataclass
class _List:
    ordered: bool
    fmt: str = "decimal"
    next: int = 1
    step: int = 1


def _list_of(el: etree._Element) -> _List:
    if el.tag != "ol":
        return _List(ordered=False)
    style = _attr(el, "style").lower()
    fmt = (
        "thaiNumbers"
        if regex.search(r"list-style(?:-type)?\s*:\s*thai", style)
        else _OL_TYPES.get(_attr(el, "type").strip(), "decimal")
    )
    items = sum(1 for child in el if child.tag == "li")
    reversed_ = el.get("reversed") is not None
    start = _int(_attr(el, "start"), items if reversed_ else 1)
    return _List(ordered=True, fmt=fmt, next=start, step=-1 if reversed_ else 1)


def _int(raw: str, default: int) -> int:
    m = regex.match(r"\s*([+-]?[0-9]{1,9})", raw)
    return int(m.group(1)) if m else default


# --- walking the page -----------------------------------------------------------------------------------


# a <br> in the gathered text (NUL never reaches the parser: it is removed from the page first)
_BREAK = "\x00"


@dataclass
class _Flow:
    """Inline text gathered until a block ends; ``emit`` receives each finished block's text."""

    emit: Callable[[str], None]
    in_cell: bool
    parts: list[str] = field(default_factory=list)

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text.replace(_BREAK, ""))

    def line_break(self) -> None:
        self.parts.append(_BREAK)

    def flush(self) -> None:
        lines = "".join(self.parts).split(_BREAK)
        self.parts = []
        for text in paragraph_texts(lines, in_cell=self.in_cell):
            self.emit(text)


@dataclass(frozen=True, slots=True)
class _Enter:
    el: etree._Element


@dataclass(frozen=True, slots=True)
class _Text:
    text: str | None


@dataclass(frozen=True, slots=True)
class _End:
    block: bool
    pop_list: bool


_Step = _Enter | _Text | _End


class _Reader:
    def __init__(self, body: etree._Element) -> None:
        self.body = body
        self.page_text = max(_text_length(body), 1)
        self.out: list[Block] = []
        self.index = 0  # running block index: text blocks and table rows
        self.lists: list[_List] = []

    def blocks(self) -> list[Block]:
        flow = _Flow(self._text_block, in_cell=False)
        self.walk(self.body, flow)
        flow.flush()
        return [b for b in self.out if _has_text(b)]

    def _text_block(self, text: str) -> None:
        self.index += 1
        self.out.append(TextBlock.of(text, paragraph=self.index))

    def dropped(self, el: etree._Element) -> bool:
        tag = el.tag
        if tag in _DROP_TAGS or _hidden(el):
            return True
        if tag in ("header", "footer") and not _inside(el, ("article", "main")):
            return True
        if _attr(el, "role").strip().lower() in _DROP_ROLES:
            return True
        if tag in _NEVER_DROP:
            return False
        words = {w.lower() for w in _WORDS.findall(f"{_attr(el, 'class')} {_attr(el, 'id')}")}
        if not words & _FURNITURE_WORDS:
            return False
        # "header" in a class inside an article is the article's title block
        if words & _FURNITURE_WORDS <= {"header", "masthead"} and _inside(el, ("article", "main")):
            return False
        # a wrapper named after what sits beside it ("content-with-sidebar") is the page itself
        if any(True for _ in el.iter("main", "article")):
            return False
        return _text_length(el) < 0.5 * self.page_text

    def walk(self, el: etree._Element, flow: _Flow) -> None:
        """Read ``el`` and everything in it into ``flow``."""
        self._run([_Enter(el)], flow)

    def read_inside(self, el: etree._Element, flow: _Flow) -> None:
        """Read what is inside ``el`` (not ``el``'s own kind) into ``flow``, as one block."""
        stack: list[_Step] = []
        self._schedule(stack, el, block=True, pop_list=False)
        self._run(stack, flow)

    def _run(self, stack: list[_Step], flow: _Flow) -> None:
        # an explicit stack, not recursion: pages full of unclosed tags nest elements thousands deep
        while stack:
            step = stack.pop()
            if isinstance(step, _Text):
                flow.add(step.text)
            elif isinstance(step, _End):
                if step.pop_list:
                    self.lists.pop()
                if step.block:
                    flow.flush()
            else:
                self._enter(step.el, flow, stack)

    @staticmethod
    def _schedule(stack: list[_Step], el: etree._Element, *, block: bool, pop_list: bool) -> None:
        """Push el's text, children and their tails, and its end, to be read in document order."""
        stack.append(_End(block, pop_list))
        for child in reversed(list(el)):
            stack.append(_Text(child.tail))
            stack.append(_Enter(child))
        stack.append(_Text(el.text))

    def _enter(self, el: etree._Element, flow: _Flow, stack: list[_Step]) -> None:
        tag = el.tag
        if not isinstance(tag, str) or self.dropped(el):
            return
        if tag == "br":
            flow.line_break()
            return
        if tag == "table":
            flow.flush()
            if flow.in_cell or _is_layout(el):
                self._schedule(stack, el, block=True, pop_list=False)
            else:
                self.table(el)
            return
        if tag == "pre":
            flow.flush()
            for line in "".join(el.itertext()).splitlines():
                flow.add(line)
                flow.flush()
            return
        block = tag in _BLOCK_TAGS
        if block:
            flow.flush()
        if tag == "li":
            self._list_label(el, flow)
        is_list = tag in ("ol", "ul")
        if is_list:
            self.lists.append(_list_of(el))
        self._schedule(stack, el, block=block, pop_list=is_list)

    def _list_label(self, li: etree._Element, flow: _Flow) -> None:
        current = self.lists[-1] if self.lists else None
        if current is None:
            return
        if not current.ordered:
            if flow.in_cell:
                flow.add(BULLET + " ")
            return
        value = li.get("value")
        if isinstance(value, str) and regex.match(r"\s*[+-]?[0-9]", value):
            current.next = _int(value, current.next)
        flow.add(f"{format_number(current.next, current.fmt)}. ")
        current.next += current.step

    # -- tables --

    def table(self, table: etree._Element) -> None:
        caption = table.find("caption")
        if caption is not None and not self.dropped(caption):
            self.read_inside(caption, _Flow(self._text_block, in_cell=False))
        head: list[etree._Element] = []
        body: list[etree._Element] = []
        foot: list[etree._Element] = []
        for child in table:
            if child.tag == "tr":
                body.append(child)
            elif child.tag in ("thead", "tbody", "tfoot"):
                section = {"thead": head, "tbody": body, "tfoot": foot}[child.tag]
                section.extend(tr for tr in child if tr.tag == "tr")
        trs = head + body + foot
        spans: list[list[SpanCell]] = []
        all_th: list[bool] = []
        for tr in trs:
            tds = [c for c in tr if c.tag in ("td", "th") and not _hidden(c)]
            spans.append(
                [
                    SpanCell(
                        Cell(self.cell_paragraphs(c)),
                        rowspan=span_value(c.get("rowspan"), maximum=MAX_ROWSPAN, zero_means_rest=True),
                        colspan=span_value(c.get("colspan"), maximum=MAX_COLSPAN),
                    )
                    for c in tds
                ]
            )
            all_th.append(bool(tds) and all(c.tag == "th" for c in tds))
        if not spans:
            return
        header_rows = len(head)
        if not header_rows:
            while header_rows < len(all_th) - 1 and all_th[header_rows]:
                header_rows += 1
        rows: list[Row] = []
        for grid_row in finish_grid(expand(spans)):
            self.index += 1
            rows.append(Row(grid_row, line=self.index))
        self.out.append(Table(rows=rows, line=rows[0].line, header_rows=header_rows))

    def cell_paragraphs(self, cell: etree._Element) -> list[Paragraph]:
        out: list[Paragraph] = []
        self.read_inside(cell, _Flow(lambda text: out.append(Paragraph(text)), in_cell=True))
        return out


def _is_layout(table: etree._Element) -> bool:
    """A table used to lay out the page, not to hold data: read as the blocks in it."""
    if _attr(table, "role").strip().lower() in ("presentation", "none"):
        return True
    if any(True for _ in table.iterdescendants("table")):
        return True
    widths = [sum(1 for c in tr if c.tag in ("td", "th")) for tr in table.iter("tr")]
    return max(widths, default=0) <= 1


def _has_text(block: Block) -> bool:
    if isinstance(block, TextBlock):
        return bool(block.raw.strip())
    return any(not c.is_empty for r in block.rows for c in r.cells)
