"""Characters and ruling lines of one PDF page, read with PDFium.

PDFium (through pypdfium2's raw bindings) is the text source: it applies
``/ActualText`` spans, which LibreOffice uses to encode ำ and repositioned
Thai marks, and it is an order of magnitude faster than pdfminer.  Its own
line breaking is not used (it breaks lines before below-base vowels); each
character comes out with its box, baseline, size and font, and the layout
module builds lines from those.

Coordinates are turned into a *reading space*: points, origin at the top
left, y growing downwards, text running left to right.  On an ordinary page
that is pdfplumber's coordinate system; on a page shown rotated (``/Rotate``)
or whose text is drawn rotated, the reading space is the page turned so that
its text is upright, and ``Page.to_display`` maps boxes back to the page as
displayed (pdfplumber's coordinates) for provenance.
"""

from __future__ import annotations

import ctypes
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

BBox = tuple[float, float, float, float]
Segment = tuple[float, float, float, float]  # x0, y0, x1, y1 of a straight piece of a path

# more path segments than this on one page is a drawing, not a table's rules
_MAX_SEGMENTS = 20000
_MAX_FORM_DEPTH = 4
# characters sampled per page to find the direction of its text
_DIRECTION_SAMPLE = 48


@dataclass(frozen=True, slots=True)
class Affine:
    """``x' = a·x + c·y + e``, ``y' = b·x + d·y + f`` (PDF matrix order)."""

    a: float = 1.0
    b: float = 0.0
    c: float = 0.0
    d: float = 1.0
    e: float = 0.0
    f: float = 0.0

    def apply(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f

    def vector(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.c * y, self.b * x + self.d * y

    def then(self, other: Affine) -> Affine:
        """This transform followed by ``other``."""
        return Affine(
            other.a * self.a + other.c * self.b,
            other.b * self.a + other.d * self.b,
            other.a * self.c + other.c * self.d,
            other.b * self.c + other.d * self.d,
            other.a * self.e + other.c * self.f + other.e,
            other.b * self.e + other.d * self.f + other.f,
        )

    def inverse(self) -> Affine:
        det = self.a * self.d - self.b * self.c
        a, b, c, d = self.d / det, -self.b / det, -self.c / det, self.a / det
        return Affine(a, b, c, d, -(a * self.e + c * self.f), -(b * self.e + d * self.f))

    def box(self, x0: float, y0: float, x1: float, y1: float) -> BBox:
        """The axis-aligned box around the image of a box (exact for quarter turns)."""
        p = (self.apply(x0, y0), self.apply(x1, y1), self.apply(x0, y1), self.apply(x1, y0))
        xs = [q[0] for q in p]
        ys = [q[1] for q in p]
        return (min(xs), min(ys), max(xs), max(ys))


def display_transform(rotation: int, mediabox: BBox) -> tuple[Affine, float, float]:
    """PDF user space → the page as displayed, top-left origin (as pdfplumber): transform, width, height."""
    mx0, my0, mx1, my1 = mediabox
    w, h = mx1 - mx0, my1 - my0
    rotation %= 360
    if rotation == 90:
        return Affine(0, 1, 1, 0, -my0, -mx0), h, w
    if rotation == 180:
        return Affine(-1, 0, 0, 1, mx1, -my0), w, h
    if rotation == 270:
        return Affine(0, -1, -1, 0, my1, mx1), h, w
    return Affine(1, 0, 0, -1, -mx0, my1), w, h


def upright_transform(quarter_turns: int, width: float, height: float) -> tuple[Affine, float, float]:
    """Displayed page → reading space, for text running in direction ``quarter_turns`` × 90° (clockwise).

    Text running down the displayed page (one quarter turn) has its glyph tops
    to the right and its lines following each other leftwards; turning the
    page back by a quarter makes it read left to right, top to bottom.
    """
    q = quarter_turns % 4
    if q == 1:
        return Affine(0, -1, 1, 0, 0, width), height, width
    if q == 2:
        return Affine(-1, 0, 0, -1, width, height), width, height
    if q == 3:
        return Affine(0, 1, -1, 0, height, 0), height, width
    return Affine(), width, height


@dataclass(slots=True)
class Glyph:
    """One character as PDFium reports it, in reading space."""

    ch: str
    x0: float
    x1: float
    top: float
    bottom: float
    base: float  # baseline (y of the glyph origin)
    size: float
    bold: bool
    generated: bool  # a space PDFium inferred from the layout, not a glyph in the file


@dataclass(slots=True)
class PageContent:
    number: int  # 1-based
    width: float  # of the reading space
    height: float
    glyphs: list[Glyph] = field(default_factory=list)
    #: ruling lines as pdfplumber edge dicts (x0, x1, top, bottom, width, height, orientation)
    edges: list[dict[str, Any]] = field(default_factory=list)
    to_display: Affine = field(default_factory=Affine)
    rotation: int = 0  # /Rotate of the page
    text_turns: int = 0  # quarter turns of the text on the displayed page
    #: control characters in the text layer (left out of the glyphs): a sign of a garbage layer
    controls: int = 0


def open_document(data: bytes) -> pdfium.PdfDocument:
    """Open a PDF from bytes (an empty user password is tried by PDFium itself)."""
    return pdfium.PdfDocument(data)


# --- text ---------------------------------------------------------------------------------------------


_BOLD_NAMES: dict[bytes, bool] = {}


def _font_is_bold(textpage: Any, index: int, buf: Any, flags: Any) -> bool:
    n = pdfium_c.FPDFText_GetFontInfo(textpage, index, buf, len(buf), flags)
    if n <= 0:
        return False
    if n > len(buf):  # PDFium leaves a too-small buffer untouched
        buf = ctypes.create_string_buffer(n)
        pdfium_c.FPDFText_GetFontInfo(textpage, index, buf, n, flags)
    raw = buf.raw[:n]
    bold = _BOLD_NAMES.get(raw)
    if bold is None:
        name = raw.rstrip(b"\0").decode("latin-1").lower()
        # PostScript names say it ("Laksaman-Bold", "THSarabunNew,Bold")
        bold = "bold" in name or "black" in name or "heavy" in name
        if len(_BOLD_NAMES) < 4096:
            _BOLD_NAMES[raw] = bold
    # so does the font descriptor's ForceBold flag
    return bold or bool(flags.value & 0x40000)


def _page_text(textpage: Any, n: int) -> str | None:
    """The page's characters in one call; None if it does not line up one unit per character."""
    if n <= 0:
        return ""
    buf = ctypes.create_string_buffer(2 * (n + 1))
    written = pdfium_c.FPDFText_GetText(textpage, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    if written <= 0:
        return None
    text = buf.raw[: 2 * n].decode("utf-16-le", errors="replace")
    return text if len(text) == n and not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text) else None


def _text_turns(textpage: Any, n: int, to_display: Affine) -> int:
    """Quarter turns (clockwise) of most of the page's text as displayed."""
    if n <= 0:
        return 0
    votes: Counter[int] = Counter()
    step = max(1, n // _DIRECTION_SAMPLE)
    for i in range(0, n, step):
        angle = pdfium_c.FPDFText_GetCharAngle(textpage, i)
        if angle < 0:
            continue
        # PDFium measures the angle clockwise from the x axis of PDF user space (y up)
        dx, dy = to_display.vector(math.cos(angle), -math.sin(angle))
        if abs(dx) >= abs(dy):
            votes[0 if dx > 0 else 2] += 1
        else:
            votes[1 if dy > 0 else 3] += 1
    if not votes:
        return 0
    turns, count = votes.most_common(1)[0]
    return turns if count > 0.6 * sum(votes.values()) else 0


def read_glyphs(textpage: Any, to_reading: Affine, controls: list[int] | None = None) -> list[Glyph]:
    """Every character of a page, generated line breaks left out.

    Control characters are left out too; their number is added to ``controls[0]``
    (a layer made of them is garbage the triage must see).
    """
    n = pdfium_c.FPDFText_CountChars(textpage)
    if n <= 0:
        return []
    text = _page_text(textpage, n)
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    buf = ctypes.create_string_buffer(96)
    flags = ctypes.c_int()
    a, b, c, d, e, f = to_reading.a, to_reading.b, to_reading.c, to_reading.d, to_reading.e, to_reading.f
    upright = b == 0 and c == 0
    out: list[Glyph] = []
    get_box = pdfium_c.FPDFText_GetCharBox
    get_origin = pdfium_c.FPDFText_GetCharOrigin
    get_size = pdfium_c.FPDFText_GetFontSize
    is_generated = pdfium_c.FPDFText_IsGenerated
    last_size = 0.0
    last_bold = False
    for i in range(n):
        ch = text[i] if text is not None else chr(pdfium_c.FPDFText_GetUnicode(textpage, i))
        if ch in "\r\n" or ch == "\x00":
            continue
        if ch < " " and ch != "\t":
            if controls is not None:
                controls[0] += 1
            continue
        if ch == "\ufffe" or ch == "\u00ad":
            # PDFium's mark for a hyphen that ends a line (the glyph drawn is a hyphen)
            ch = "-"
        generated = bool(is_generated(textpage, i)) if ch == " " else False
        get_box(textpage, i, left, right, bottom, top)
        get_origin(textpage, i, ox, oy)
        if generated:
            size, bold = last_size, last_bold
        else:
            size = get_size(textpage, i)
            bold = _font_is_bold(textpage, i, buf, flags)
            last_size, last_bold = size, bold
        if upright:
            x0, x1 = a * left.value + e, a * right.value + e
            y0, y1 = d * top.value + f, d * bottom.value + f
            base = d * oy.value + f
        else:
            x0, y0, x1, y1 = to_reading.box(left.value, bottom.value, right.value, top.value)
            base = to_reading.apply(ox.value, oy.value)[1]
        if x0 > x1:
            x0, x1 = x1, x0
        if y0 > y1:
            y0, y1 = y1, y0
        out.append(Glyph(ch, x0, x1, y0, y1, base, size, bold, generated))
    return out


# --- ruling lines -------------------------------------------------------------------------------------


def _matrix(obj: Any) -> Affine:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return Affine()
    return Affine(m.a, m.b, m.c, m.d, m.e, m.f)


def _is_white(obj: Any, getter: Any) -> bool:
    r, g, b, alpha = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, r, g, b, alpha):
        return False
    return alpha.value == 0 or (r.value > 250 and g.value > 250 and b.value > 250)


def _path_segments(obj: Any, to_reading: Affine, out: list[Segment]) -> None:
    fillmode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fillmode, stroke):
        return
    stroked = bool(stroke.value) and not _is_white(obj, pdfium_c.FPDFPageObj_GetStrokeColor)
    filled = fillmode.value != 0 and not _is_white(obj, pdfium_c.FPDFPageObj_GetFillColor)
    if not (stroked or filled):
        return  # a clipping path or white paint: nothing a reader sees as a rule
    count = pdfium_c.FPDFPath_CountSegments(obj)
    if count <= 1 or len(out) + count > _MAX_SEGMENTS:
        return
    m = _matrix(obj).then(to_reading)
    x, y = ctypes.c_float(), ctypes.c_float()
    start: tuple[float, float] | None = None
    prev: tuple[float, float] | None = None
    for s in range(count):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, s)
        if not seg or not pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        point = m.apply(x.value, y.value)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or prev is None:
            start = point
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
            out.append((prev[0], prev[1], point[0], point[1]))
        # Bézier segments are not rules; their end point still moves the pen
        prev = point
        if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None and start != point:
            out.append((point[0], point[1], start[0], start[1]))
            prev = start


def _collect_paths(
    container: Any, count: int, get: Any, to_reading: Affine, depth: int, out: list[Segment]
) -> None:
    for i in range(count):
        obj = get(container, i)
        if not obj:
            continue
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            _path_segments(obj, to_reading, out)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_FORM_DEPTH:
            inner = _matrix(obj).then(to_reading)
            _collect_paths(
                obj,
                pdfium_c.FPDFFormObj_CountObjects(obj),
                pdfium_c.FPDFFormObj_GetObject,
                inner,
                depth + 1,
                out,
            )
        if len(out) >= _MAX_SEGMENTS:
            return


def read_edges(page: Any, to_reading: Affine) -> list[dict[str, Any]]:
    """Horizontal and vertical line segments drawn on the page, as pdfplumber's edges."""
    segments: list[Segment] = []
    _collect_paths(
        page, pdfium_c.FPDFPage_CountObjects(page), pdfium_c.FPDFPage_GetObject, to_reading, 0, segments
    )
    edges: list[dict[str, Any]] = []
    seen: set[tuple[str, int, int, int]] = set()
    for x0, y0, x1, y1 in segments:
        if abs(y1 - y0) < 0.5 and abs(x1 - x0) >= 1.0:
            left, right = min(x0, x1), max(x0, x1)
            y = (y0 + y1) / 2
            key = ("h", round(y * 4), round(left * 4), round(right * 4))
            if key not in seen:
                seen.add(key)
                edges.append(
                    {
                        "x0": left,
                        "x1": right,
                        "top": y,
                        "bottom": y,
                        "doctop": y,
                        "width": right - left,
                        "height": 0.0,
                        "orientation": "h",
                        "object_type": "line",
                    }
                )
        elif abs(x1 - x0) < 0.5 and abs(y1 - y0) >= 1.0:
            upper, lower = min(y0, y1), max(y0, y1)
            x = (x0 + x1) / 2
            key = ("v", round(x * 4), round(upper * 4), round(lower * 4))
            if key not in seen:
                seen.add(key)
                edges.append(
                    {
                        "x0": x,
                        "x1": x,
                        "top": upper,
                        "bottom": lower,
                        "doctop": upper,
                        "width": 0.0,
                        "height": lower - upper,
                        "orientation": "v",
                        "object_type": "line",
                    }
                )
    return edges


# --- one page -----------------------------------------------------------------------------------------


def read_page(doc: pdfium.PdfDocument, index: int) -> PageContent:
    """Glyphs and ruling lines of page ``index`` (0-based), in reading space."""
    page = doc[index]
    try:
        rotation = page.get_rotation()
        mediabox = page.get_mediabox()
        to_display, width, height = display_transform(rotation, mediabox)
        textpage = page.get_textpage()
        try:
            n = pdfium_c.FPDFText_CountChars(textpage)
            turns = _text_turns(textpage, n, to_display)
            upright, rwidth, rheight = upright_transform(turns, width, height)
            to_reading = to_display.then(upright)
            controls = [0]
            glyphs = read_glyphs(textpage, to_reading, controls)
        finally:
            textpage.close()
        edges = read_edges(page, to_reading)
    finally:
        page.close()
    return PageContent(
        number=index + 1,
        width=rwidth,
        height=rheight,
        glyphs=glyphs,
        edges=edges,
        to_display=upright.inverse(),
        rotation=rotation,
        text_turns=turns,
        controls=controls[0],
    )
