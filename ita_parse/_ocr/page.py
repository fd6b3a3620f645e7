"""One scanned page → the same layout the born-digital reader builds (runs in a worker process).

Steps (each choice measured on the fixture scan and on scans made by
``tests/test_ocr_scans.py`` from other fonts; numbers in ``bench/RESULTS.md``):

1. render the page with PDFium at ``dpi`` (300 by default: at 250 dpi the
   plan table's small print came out worse, 6 of 10 plan periods against 10
   of 10, for 20 % less time), estimate the skew (the sharpest row profile)
   and rotate it away, binarise (Otsu);
2. find the ruling lines and the table cells (pdfplumber's lattice finder on
   the rules, as for born-digital pages); label the ink's components once
   (rules erased), specks left out;
3. read every table cell that holds one line of digits by shape
   (``digits``), with several candidates and a confidence for the solver:
   tesseract's ``tha`` model reads the Thai digits of common faces wrongly
   (๙ as ๕, ๖ as ๒, points lost);
4. find the text lines in the ink (``lines``: the running text with the
   tables left out, and each text cell on its own), cut each out of the grey
   page (its model was trained on smooth glyphs) with every other line's ink
   painted out, and read them all as the pages of one image, each as a single
   line (psm 7): one tesseract run for the running text with ``tha+eng``
   (English words otherwise come out as Thai letters), one for the cells with
   ``tha`` alone (the short Thai of narrow cells otherwise comes out as Latin
   letters).  Tesseract's own layout analysis is not used: it took rows of
   tall marks for lines of their own (Garuda: analysis CER 10.4 % with it,
   0.5 % without) and ran table cells together, and skipping it costs less
   (tesseract time on the fixture scan 0.64 s a page against 0.89 s).  The
   text output gives the characters and spaces (``preserve_interword_spaces``),
   the box output (``makebox``) a box per character;
5. numbers in running text and cells read again by shape: indicator numbers,
   item codes ("i๑" that tesseract reads "[ ๑" or "io"), numbered steps
   ("๗." read "ฒ่"), dates, scores in headings;
6. the characters become the born-digital reader's glyphs, in tesseract's
   order, at the line's baseline measured from the ink, and its own layout code
   (``_read.pdf._layout_page``) builds lines, paragraphs and table cells,
   so extraction and checks are shared.

Coordinates: the *reading space* is the deskewed page in points; its
``to_display`` maps back to the page as displayed (the skew rotation undone),
so provenance boxes are in PDF points on the page as shown.
"""

from __future__ import annotations

import math
import statistics
import time
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import regex
from numpy.typing import NDArray

from .._read._pdfchars import Affine, Glyph, PageContent
from .._thai import THAI_DIGITS
from . import image as im
from .digits import Blob, Reading, classify, components, distances, read_number, split_wide, whole_digits
from .engine import run
from .lines import Components, TextLine, find_lines, label, x_height
from .text import CONFUSABLE

#: resolution pages are rendered at for OCR (see the module docstring)
DEFAULT_DPI = 300
#: pages of running text only are read with Thai and English (analysis CER 1.4 % against 3.2 % with Thai
#: alone: English words such as ITA and E-Service come out as Thai letters otherwise)
PROSE_LANGUAGES = ("tha", "eng")
#: spaces as printed (Thai words have none between them; a space is a real gap); no second reading of
#: every line as white on black (tesseract 5's default: about 10 % of its time, for no change here)
TESSERACT_CONFIG = {"preserve_interword_spaces": "1", "tessedit_do_invert": "0"}
#: pages with tables are read in one run with the Thai model alone (with English too, dates and short
#: Thai words in narrow cells come out as Latin letters: "A.A." for ต.ค., "vin" for ทุก)
CELL_LANGUAGES = ("tha",)

_GROUP = {ch: k for k, group in enumerate(CONFUSABLE) for ch in group}
# a token of one character that may stand for a digit tesseract misread (ๆ for ๗, | for ๑)
_LONE_SYMBOL = regex.compile(r"^[ๆฯ|!\[\](){}?.,:;'\"`~^*_\-A-Za-z]$")
_DIGIT = regex.compile(r"^[0-9๐-๙]$")
_NUMBER_PUNCT = {".", ","}
_THAI_LETTER = regex.compile(r"^[\u0e01-\u0e2e]$")
_SHORT_THAI = regex.compile(r"^[เแโใไ]?[\u0e01-\u0e2e]{1,3}$")
# the same with marks: only where the token is a table cell's whole line (a year alone: "งดค่" for ๖๙)
_SHORT_THAI_MARKED = regex.compile(
    r"^[เแโใไ]?(?:[\u0e01-\u0e2e][\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]{0,2}){1,3}$"
)
#: mean shape distance per digit below which Thai letters are taken for misread digits (digits: 0.01–0.04)
STRICT_DISTANCE = 0.045
# letters tesseract puts where a digit was (bases with no marks): only between digits are they re-read
_SANDWICH = regex.compile(r"^[\u0e01-\u0e2eA-Za-z]$")


@dataclass(slots=True)
class NumberRead:
    """A number read by shape: where (display points), what, and the alternatives."""

    page: int
    bbox: tuple[float, float, float, float]
    text: str
    candidates: list[str]  # every reading, best first (``text`` is the first)
    costs: list[float]  # shape distance of each reading
    confidence: float
    cell: bool  # a whole table cell (else a number inside running text)


@dataclass(slots=True)
class PageResult:
    number: int
    content: PageContent
    numbers: list[NumberRead] = field(default_factory=list)
    seconds: float = 0.0
    skew: float = 0.0
    error: str | None = None


@dataclass(slots=True)
class _Word:
    text: str
    left: int
    top: int
    right: int
    bottom: int
    conf: float
    space_before: bool = False
    #: already read by shape (a code's or a list number's digits): not to be read again
    shaped: bool = False


def _parse_box(box: str, txt: str, height: int) -> list[list[_Word]]:
    """Tesseract's character boxes (``makebox``) put into the lines and words of its text output.

    The text output has the lines and the spaces as printed
    (``preserve_interword_spaces``); the box output has one box per
    character, in the same order, with nothing between.  Each character
    becomes a word of its own, marks joined to the character before them.
    (The TSV output has boxes, lines and words too, but costs about 10 % more
    tesseract time for nothing this reader uses: measured over the fixture
    scan, 0.89 s a page against 0.79 s.)
    """
    boxes: list[tuple[str, int, int, int, int]] = []
    for row in box.splitlines():
        parts = row.rsplit(" ", 5)
        if len(parts) != 6 or not parts[0]:
            continue
        try:
            left, bottom, right, top = (int(v) for v in parts[1:5])
        except ValueError:
            continue
        # box files count y upwards from the image's bottom edge
        boxes.append((parts[0], left, height - top, right, height - bottom))
    if not boxes:
        return []
    # the characters of the text output, each with the box of the box-file entry it falls in
    flat = "".join(b[0] for b in boxes)
    owner: list[int] = [k for k, b in enumerate(boxes) for _ in b[0]]
    plain = regex.sub(r"\s", "", txt)
    aligned = plain == flat
    lines: list[list[_Word]] = []
    pos = 0
    for line in txt.splitlines():
        words: list[_Word] = []
        space = False
        for ch in line:
            if ch.isspace():
                space = True
                continue
            # out of step (never seen): the boxes in order, as far as they go
            k = owner[min(pos, len(owner) - 1)] if aligned else min(pos, len(boxes) - 1)
            pos += 1
            _, left, top, right, bottom = boxes[k]
            if _is_mark(ch) and words and not space:
                w = words[-1]
                w.text += ch
                w.left, w.top = min(w.left, left), min(w.top, top)
                w.right, w.bottom = max(w.right, right), max(w.bottom, bottom)
                continue
            words.append(_Word(ch, left, top, right, bottom, 0.0, space_before=space and bool(words)))
            space = False
        if words:
            lines.append(words)
    return lines


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me")


@dataclass(slots=True)
class _Setup:
    number: int
    dpi: int
    width_pt: float
    height_pt: float
    skew: float
    ink: im.Binary
    clean: im.Binary
    edges: list[dict[str, Any]]
    to_display: Affine
    #: what tesseract sees: the deskewed grey page with the rules painted white
    gray: im.Gray
    #: the components of the ink (rules erased); specks marked
    comps: Components
    #: the page's x-height in pixels (the commonest component height)
    xh: float


def _deskew_transform(angle: float, width: float, height: float) -> Affine:
    """Deskewed page (points) → page as displayed: the rotation by ``angle`` (ccw on screen) undone."""
    t = math.radians(angle)
    c, s = math.cos(t), math.sin(t)
    cx, cy = width / 2, height / 2
    return Affine(c, s, -s, c, cx - c * cx + s * cy, cy - s * cx - c * cy)


def prepare(gray: im.Gray, number: int, dpi: int, width_pt: float, height_pt: float) -> _Setup:
    skew = im.estimate_skew_gray(gray)
    if abs(skew) >= 0.05:
        gray = im.rotate(gray, skew)
    else:
        skew = 0.0
    ink = im.binarise(gray)
    segments = im.ruling_lines(ink, dpi)
    # specks (dust, dithered shading) are far smaller than any letter part or mark: measured on scans at
    # 300 dpi, specks are under 9 pixels, the smallest Thai marks and points over 30
    comps = label(im.erase_lines(ink, segments), max(2, int(12 * (dpi / 300.0) ** 2)))
    clean = comps.ink()
    kept = np.nonzero(comps.keep)[0]
    xh = x_height(comps, kept, max(6, int(0.02 * dpi))) or 0.05 * dpi
    scale = 72.0 / dpi
    edges = im.edges_in_points(segments, scale)
    # what tesseract reads: grey (its model was trained on smooth glyphs, not thresholded ones), rules
    # painted out; specks and the ink of other lines are painted out line by line (``_strip``)
    return _Setup(
        number,
        dpi,
        width_pt,
        height_pt,
        skew,
        ink,
        clean,
        edges,
        _deskew_transform(skew, width_pt, height_pt),
        im.paint_out_lines(gray, segments),
        comps,
        xh,
    )


def _in_reading_order(words: list[_Word]) -> list[_Word]:
    """Spread a line's words over its extent in tesseract's order.

    Tesseract's character boxes for Thai are approximate and often overlap or
    swap (a leading vowel boxed after its consonant), but its text is in the
    right order.  The layout code orders characters by position, so each word
    gets a slice of the line's extent in proportion to its characters, in
    tesseract's order: positions stay close to the truth and the order is kept.
    """
    if len(words) < 2:
        return words
    left = min(w.left for w in words)
    right = max(w.right for w in words)
    weights = [
        max(1, sum(1 for ch in w.text if not _is_mark(ch))) + (1 if w.space_before else 0) for w in words
    ]
    total = sum(weights)
    out: list[_Word] = []
    pos = 0.0
    for w, weight in zip(words, weights, strict=True):
        start = pos + (1 if w.space_before else 0)
        x0 = left + (right - left) * start / total
        x1 = left + (right - left) * (pos + weight) / total
        out.append(_Word(w.text, int(x0), w.top, max(int(x0) + 1, int(x1)), w.bottom, w.conf, w.space_before))
        pos += weight
    return out


def _glyphs_of_word(w: _Word, base: float, size: float, scale: float, bold: bool) -> list[Glyph]:
    """One word → glyphs: its bases share the box evenly; marks sit on their base."""
    bases = [ch for ch in w.text if not _is_mark(ch)]
    n = max(1, len(bases))
    step = (w.right - w.left) / n
    out: list[Glyph] = []
    k = 0
    for ch in w.text:
        if _is_mark(ch) and out:
            prev = out[-1]
            out.append(Glyph(ch, prev.x0, prev.x1, prev.top, prev.bottom, prev.base, size, bold, False))
            continue
        x0 = (w.left + k * step) * scale
        x1 = (w.left + (k + 1) * step) * scale
        out.append(Glyph(ch, x0, x1, w.top * scale, w.bottom * scale, base * scale, size, bold, False))
        k += 1
    return out


# a whole token that may be a number tesseract read as Latin letters or symbols ("mo" for ๓๐, "DR" for ๖๙),
# or as a digit and Thai letters with marks ("๒ผ่" for ๖๙: the loops and tails of Thai digits read as marks)
_MISREAD_NUMBER = regex.compile(
    r"^(?=.*[^\u0e01-\u0e2e\u0e31\u0e34-\u0e3a\u0e47-\u0e4e.,])"
    r"[A-Za-z0-9๐-๙@«»©°&%$#|!\[\]\u0e01-\u0e2e\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]{1,5}[.,]?$"
)


def _token_end(words: list[_Word], i: int) -> int:
    j = i + 1
    while j < len(words) and not words[j].space_before:
        j += 1
    return j


def _number_runs(words: list[_Word], *, cell: bool = False) -> list[tuple[int, int, bool]]:
    """Runs of words [i, j) that may be one number: digits, points, and letters misread between digits.

    Also whole tokens that tesseract read as a short Latin word or symbols
    (Thai digits often come out so); those are kept unless they read as a
    number by shape.
    """
    runs: list[tuple[int, int, bool]] = []
    i = 0
    n = len(words)
    while i < n:
        if words[i].shaped:
            i += 1
            continue
        if words[i].space_before or i == 0:
            j = _token_end(words, i)
            text = "".join(w.text for w in words[i:j])
            # a short run of Thai letters with no marks may be digits read as letters ("เฉอง" for ๖๙);
            # such a token is only taken as a number when its shapes are plainly digits
            alone = cell and i == 0 and j == n
            thai_only = (_SHORT_THAI_MARKED if alone else _SHORT_THAI).match(text) is not None
            if _MISREAD_NUMBER.match(text) or thai_only:
                runs.append((i, j, thai_only))
                i = j
                continue
        if not _DIGIT.match(words[i].text):
            i += 1
            continue
        j = i + 1
        while j < n and not words[j].space_before:
            t = words[j].text
            if _DIGIT.match(t) or t in _NUMBER_PUNCT:
                j += 1
                continue
            # a letter between two digits is a misread digit ("๕๒๐.ฒ๕")
            if (
                _SANDWICH.match(t)
                and j + 1 < n
                and not words[j + 1].space_before
                and _DIGIT.match(words[j + 1].text)
            ):
                j += 1
                continue
            break
        # a point glued after the last digit is punctuation, not part of the number
        while j > i and words[j - 1].text in _NUMBER_PUNCT:
            j -= 1
        runs.append((i, j, False))
        i = max(j, i + 1)
    return runs


def _crop(ink: im.Binary, x0: float, y0: float, x1: float, y1: float) -> im.Binary:
    h, w = ink.shape
    a, b = max(0, int(x0)), min(w, math.ceil(x1))
    c, d = max(0, int(y0)), min(h, math.ceil(y1))
    if b <= a or d <= c:
        return np.zeros((0, 0), dtype=bool)
    return ink[c:d, a:b]


def _script_distance(b: Blob, thai: bool) -> float:
    """How close a component is to the nearest digit of one script (Thai, or Arabic)."""
    d = distances(b.mask)
    return min(d[ch] for ch in (THAI_DIGITS if thai else "0123456789"))


def _number_region(
    clean: im.Binary, hint: tuple[int, int, int, int], band: tuple[int, int]
) -> tuple[tuple[int, int, int, int], bool] | None:
    """The box of the whole number that tesseract's (often misplaced) character boxes point at.

    Tesseract's boxes for Thai characters are approximate (a digit 40 px wide
    may get a box 9 px wide beside it), so the number is found again in the
    image: the components under the hint, grown left and right over
    neighbours that are digits or a point and close enough to be part of the
    same number.  Also says whether a point follows the number (the end of
    "๒." in a numbered list, which tesseract often drops or reads as a comma).
    """
    top, bottom = band
    line_h = max(1, bottom - top)
    x0 = max(0, hint[0] - 3 * line_h)
    x1 = min(clean.shape[1], hint[2] + 3 * line_h)
    y0 = max(0, top - line_h // 4)
    y1 = min(clean.shape[0], bottom + line_h // 4)
    window = clean[y0:y1, x0:x1]
    blobs = [b for b in components(window) if b.area >= 3]
    if not blobs:
        return None
    # digits the scan broke apart (thin strokes at low resolution), joined again
    tallest = max(b.height for b in blobs)
    blobs = whole_digits(blobs, float(np.median([b.height for b in blobs if b.height >= 0.5 * tallest])))
    lo, hi = hint[0] - x0 - 0.3 * line_h, hint[2] - x0 + 0.3 * line_h
    # the seeds: under the hint and shaped like a digit (tesseract's box may reach over the next letter)
    seeds = [
        b
        for b in blobs
        if lo <= (b.x0 + b.x1) / 2 <= hi and b.height >= 0.25 * line_h and classify(b.mask).distance <= 0.1
    ]
    if not seeds:
        return None
    # a number is printed in one script: a seed or neighbour that reads as a digit of the other one is a
    # letter (ถ of "๖๘ถึง" reads as the Arabic 0)
    thai = sum(classify(b.mask).best in THAI_DIGITS for b in seeds) * 2 >= len(seeds)
    seeds = [b for b in seeds if _script_distance(b, thai) <= 0.1]
    if not seeds:
        return None
    dh = max(b.height for b in seeds)
    mid = statistics.median((b.y0 + b.y1) / 2 for b in seeds)
    # components on the digits' line, in reading order
    on_line = sorted(
        (
            b
            for b in blobs
            if abs((b.y0 + b.y1) / 2 - mid) <= 0.6 * dh or (b.y1 >= mid and b.y0 <= mid + 0.6 * dh)
        ),
        key=lambda b: b.x0,
    )
    member = [any(b is s for s in seeds) for b in on_line]
    if not any(member):
        return None
    first = member.index(True)
    last = len(member) - 1 - member[::-1].index(True)

    typical = float(statistics.median(b.width for b in seeds))

    def fits(b: Blob) -> bool:
        if b.height < 0.45 * dh:  # a point: small, low
            return b.height <= 0.4 * dh and b.y0 >= mid - 0.1 * dh
        if not 0.65 * dh <= b.height <= 1.5 * dh:  # ๐ stands lower than the other Thai digits
            return False
        if b.width >= 1.7 * typical:  # two digits the scan joined ("๒๗" of o๒๗)
            pieces = split_wide(b, typical)
            return len(pieces) > 1 and all(_script_distance(p, thai) <= 0.08 for p in pieces)
        return _script_distance(b, thai) <= 0.08

    # the digits of one number sit close; a word space is wider (a letter after it may look like ๐)
    gap = 0.35 * dh
    while (
        last + 1 < len(on_line) and on_line[last + 1].x0 - on_line[last].x1 <= gap and fits(on_line[last + 1])
    ):
        last += 1
    while first > 0 and on_line[first].x0 - on_line[first - 1].x1 <= gap and fits(on_line[first - 1]):
        first -= 1
    group = on_line[first : last + 1]
    # a point at either end is punctuation, not part of the number
    point_after = False
    while group and group[-1].height < 0.45 * dh:
        group.pop()
        point_after = True
    while group and group[0].height < 0.45 * dh:
        group.pop(0)
    if not group:
        return None
    box = (
        x0 + min(b.x0 for b in group),
        y0 + min(b.y0 for b in group),
        x0 + max(b.x1 for b in group),
        y0 + max(b.y1 for b in group),
    )
    return box, point_after


# a first token that may be an item code as tesseract misreads them ("[", "|", "io", "เ2", "e@", "0", "12")
_CODE_LIKE = regex.compile(r"^(?:เ|เ?[^\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e4e\s]{1,4})$")
_CODE_RE = regex.compile(r"^[ie][0-9๐-๙]{1,2}$")


def _line_start_blobs(clean: im.Binary, band: tuple[int, int], x_from: int) -> list[Blob]:
    """The components at the start of a line, left to right (page coordinates)."""
    top, bottom = band
    line_h = max(1, bottom - top)
    y0 = max(0, top - line_h // 4)
    y1 = min(clean.shape[0], bottom + line_h // 4)
    x0 = max(0, x_from - line_h)
    x1 = min(clean.shape[1], x_from + 5 * line_h)
    blobs = sorted((b for b in components(clean[y0:y1, x0:x1]) if b.area >= 3), key=lambda b: b.x0)
    return [Blob(b.x0 + x0, b.y0 + y0, b.x1 + x0, b.y1 + y0, b.mask) for b in blobs]


def _start_digits(blobs: list[Blob], xh: float) -> list[Blob]:
    """``whole_digits`` over the start of a line only (a code or a list number is three characters at
    most): matching every letter of the line would cost more than the rest of the line's reading."""
    if not blobs:
        return blobs
    end = blobs[0].x0 + 4 * xh
    head = [b for b in blobs if b.x0 < end]
    return whole_digits(head, xh) + [b for b in blobs if b.x0 >= end]


def _read_code(setup: _Setup, words: list[_Word], xh: float, *, cell: bool = False) -> list[_Word]:
    """An item code at the start of a line ("i๑", "e๙"), read by shape: the letter, then the digits.

    Tesseract reads a Latin letter followed by Thai digits badly ("[ ๑", "| ๒",
    "io", "เ2", "e@", "0 4"): the code's first ink word is found again, its
    letter told by shape (i: a stem with a dot; e: closest to the e
    templates), its digits read as a number.  Lines whose first word is no
    such code are left alone.  In a table cell (where codes are) any first
    word of up to three characters is tried ("เซ" for i๗, "อ" for e๖): the
    shapes decide.
    """
    if len(words) < 2:
        return words
    end = next((k for k in range(1, len(words)) if words[k].space_before), len(words))
    token = "".join(w.text for w in words[:end])
    if not _CODE_LIKE.match(token) and not (cell and len(token) <= 3):
        return words
    band = (min(w.top for w in words), max(w.bottom for w in words))
    blobs = _line_start_blobs(setup.clean, band, min(w.left for w in words[:end]))
    # the x-height from the ink itself (tesseract's boxes for a line are too rough for it)
    tall = [b.height for b in blobs if b.height >= 0.2 * (band[1] - band[0])]
    if not tall:
        return words
    xh = float(statistics.median(tall))
    blobs = _start_digits(blobs, xh)  # digits the scan broke apart, joined again
    big = [b for b in blobs if b.height >= 0.6 * xh]
    if len(big) < 2:
        return words
    first = big[0]
    letter = ""
    dot = [b for b in blobs if b.y1 <= first.y0 + 0.2 * first.height and b.x0 < first.x1 and b.x1 > first.x0]
    # i: a stem with its dot above, or one tall stem where the scan joined the dot to it; a serif face's
    # stem has feet as wide as half its height, so with a dot a thin stem on average is enough
    dot = [b for b in dot if b.height <= 0.5 * first.height]
    narrow = first.width <= 0.45 * first.height
    thin = first.area <= 0.3 * first.height * first.height  # mean ink per row under 0.3 of the height
    if (dot and (narrow or thin)) or (narrow and first.height >= 1.2 * xh):
        letter = "i"
    else:
        d = distances(first.mask)
        best_digit = min(v for k, v in d.items() if k != "e")
        if d.get("e", 1.0) <= 0.12 and d["e"] < best_digit:
            letter = "e"
    if not letter:
        return words
    # the digits: the big components after the letter that match a digit closely, at most two
    rest: list[Blob] = []
    prev = first
    for b in big[1:]:
        too_tall = b.height > 1.4 * xh  # a letter with an ascender or a descender, not a digit
        # the first digit may stand a little apart from the letter; the next one sits closer than a word
        # space (serif faces space their digits wider: up to 0.4 of the x-height)
        gap_limit, match_limit = (0.9 * xh, 0.12) if not rest else (min(0.5 * xh, 0.6 * rest[0].width), 0.08)
        if (
            len(rest) == 2
            or too_tall
            or b.x0 - prev.x1 > gap_limit
            or classify(b.mask).distance > match_limit
        ):
            break
        rest.append(b)
        prev = b
    if not rest:
        return words
    crop = _crop(
        setup.clean,
        min(b.x0 for b in rest) - 1,
        min(b.y0 for b in rest) - 1,
        max(b.x1 for b in rest) + 1,
        max(b.y1 for b in rest) + 1,
    )
    reading = read_number(crop)
    if reading is None or not _CODE_RE.match(letter + reading.text):
        return words
    group = [first, *rest]
    group_right = max(b.x1 for b in group)
    keep = [w for w in words if (w.left + w.right) / 2 > group_right]
    out = [
        _Word(
            letter, first.x0, first.y0, first.x1, first.y1, words[0].conf, words[0].space_before, shaped=True
        )
    ]
    step = (max(b.x1 for b in rest) - rest[0].x0) / len(reading.text)
    for k, ch in enumerate(reading.text):
        gx = int(rest[0].x0 + k * step)
        out.append(
            _Word(ch, gx, rest[0].y0, int(gx + step), rest[0].y1, 100.0 * reading.confidence, shaped=True)
        )
    if keep:
        keep[0].space_before = True
    return out + keep


def _read_list_number(setup: _Setup, words: list[_Word]) -> list[_Word]:
    """A numbered item at the start of a line ("๗.", "๑๐."), read by shape.

    Tesseract often reads a Thai digit and its point at a line start as a
    letter and a mark ("ฒ่ประสิทธิภาพ" for "๗. ประสิทธิภาพ"); the plan table's
    rows and steps are numbered so.  Only digits that match closely, followed
    by a point and a word space, are taken.
    """
    if not words or words[0].shaped:
        return words  # empty, or an item code already read by shape
    band = (min(w.top for w in words), max(w.bottom for w in words))
    blobs = _line_start_blobs(setup.clean, band, words[0].left)
    tall = [b.height for b in blobs if b.height >= 0.2 * (band[1] - band[0])]
    if not tall:
        return words
    xh = float(statistics.median(tall))
    big = [b for b in blobs if b.height >= 0.6 * xh]
    # a first digit the scan broke apart (a narrow piece matching no digit), joined again
    if big and big[0].width <= 0.6 * big[0].height and classify(big[0].mask).distance > 0.06:
        blobs = _start_digits(blobs, xh)
        big = [b for b in blobs if b.height >= 0.6 * xh]
    digits: list[Blob] = []
    for b in big[:2]:
        if b.height > 1.4 * xh or classify(b.mask).distance > 0.06:
            break
        if digits and b.x0 - digits[-1].x1 > 0.6 * xh:
            break
        digits.append(b)
    if not digits:
        return words
    end = digits[-1].x1
    base = max(b.y1 for b in digits)
    point = next(
        (
            b
            for b in blobs
            if b.x0 >= end - 1
            and b.x0 - end <= 0.6 * xh
            and b.height <= 0.4 * xh
            and b.width <= 0.6 * xh
            and b.y1 >= base - 0.3 * xh
        ),
        None,
    )
    if point is None:
        return words
    following = [b for b in big if b.x0 > point.x1]
    if following and following[0].x0 - point.x1 < 0.25 * xh:
        return words  # no word space after the point: not a list number
    reading = read_number(
        _crop(setup.clean, digits[0].x0 - 1, min(b.y0 for b in digits) - 1, end + 1, base + 1)
    )
    if reading is None or "." in reading.text or not reading.text.isdigit():
        return words
    keep = [w for w in words if (w.left + w.right) / 2 > point.x1]
    if keep and keep[0] is words[0]:
        return words
    out = [
        _Word(ch, digits[0].x0, digits[0].y0, end, base, 100.0 * reading.confidence, shaped=True)
        for ch in reading.text
    ]
    out[0].space_before = words[0].space_before
    out.append(_Word(".", point.x0, point.y0, point.x1, point.y1, 100.0, shaped=True))
    if keep:
        keep = list(keep)
        keep[0].space_before = True
    return out + keep


def _reread_numbers(
    setup: _Setup, words: list[_Word], numbers: list[NumberRead], scale: float, *, cell: bool = False
) -> list[_Word]:
    """Replace the digits tesseract read in a line by their reading by shape."""
    runs = _number_runs(words, cell=cell)
    if not runs:
        return words
    band = (min(w.top for w in words), max(w.bottom for w in words))
    out: list[_Word] = []
    last = 0
    for i, j, strict in runs:
        if i < last:
            continue  # taken by the number before (its ink reached this far)
        out.extend(words[last:i])
        last = j
        run_words = words[i:j]
        hint = (
            min(w.left for w in run_words),
            min(w.top for w in run_words),
            max(w.right for w in run_words),
            max(w.bottom for w in run_words),
        )
        found = _number_region(setup.clean, hint, band)
        reading = None
        region = found[0] if found is not None else None
        if region is not None:
            left, top, right, bottom = region
            reading = read_number(_crop(setup.clean, left - 1, top - 1, right + 1, bottom + 1))
        # Thai letters are only misread digits when their shapes are plainly digits (ณ and กอง are words)
        if reading is not None and strict and reading.candidates[0][1] > STRICT_DISTANCE * len(reading.text):
            reading = None
        if reading is None or not reading.text or region is None:
            out.extend(run_words)
            continue
        left, top, right, bottom = region
        text = reading.text
        # Thai letters of the token clear of the number's ink are a word glued to it ("๖๘ถึง")
        j = next(
            (
                k
                for k in range(i + 1, j)
                if (words[k].left + words[k].right) / 2 > right + 0.2 * (bottom - top)
                and _THAI_LETTER.match(words[k].text[:1])
            ),
            j,
        )
        # the rest of the token over the same ink is part of the number too ("๕๒.ฆณ" for ๙๖.๗๙)
        while j < len(words) and not words[j].space_before and (words[j].left + words[j].right) / 2 <= right:
            j += 1
        last = j
        while (
            out
            and out[-1] is words[i - 1]
            and not words[i].space_before
            and ((out[-1].left + out[-1].right) / 2 >= left)
        ):
            out.pop()
            i -= 1
        # a point printed after the number that tesseract lost or read as a comma ("lo," for "๒.")
        after = words[j].text if j < len(words) and not words[j].space_before else ""
        if found is not None and found[1] and after not in _NUMBER_PUNCT and "." not in text:
            text += "."
        step = (right - left) / len(text)
        for k, ch in enumerate(text):
            out.append(
                _Word(
                    ch,
                    int(left + k * step),
                    top,
                    int(left + (k + 1) * step),
                    bottom,
                    100.0 * reading.confidence,
                    space_before=words[i].space_before if k == 0 else False,
                )
            )
        box = setup.to_display.box(left * scale, top * scale, right * scale, bottom * scale)
        numbers.append(
            NumberRead(
                setup.number,
                _round_box(box),
                text,
                [text, *[c for c, _ in reading.candidates[1:]]],
                [d for _, d in reading.candidates],
                reading.confidence,
                False,
            )
        )
    out.extend(words[last:])
    return out


def _round_box(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    return (round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2))


def _cell_px(setup: _Setup, cell_pt: tuple[float, float, float, float]) -> tuple[int, int, int, int]:
    """A cell's inside in pixels, clear of its rules."""
    px = setup.dpi / 72.0
    inset = max(3, int(0.012 * setup.dpi))
    return (
        int(cell_pt[0] * px) + inset,
        int(cell_pt[1] * px) + inset,
        math.ceil(cell_pt[2] * px) - inset,
        math.ceil(cell_pt[3] * px) - inset,
    )


def _cell_number(setup: _Setup, cell_pt: tuple[float, float, float, float]) -> Reading | None:
    """Read a table cell as a number by shape, if it holds one line of digits only."""
    crop = _crop(setup.clean, *_cell_px(setup, cell_pt))
    if crop.size == 0 or not crop.any():
        return None
    reading = read_number(crop)
    if reading is None or reading.digits < 1:
        return None
    return reading


def _strip(setup: _Setup, line: TextLine, k: int, owner: NDArray[np.int64]) -> tuple[im.Gray, int, int]:
    """Line ``k`` cut out of the grey page with a margin, every other line's ink (and specks) painted out.

    Also the top-left corner of the cut in page pixels.
    """
    h, w = setup.gray.shape
    pad = max(4, int(0.4 * line.xh))
    x0, y0 = max(0, line.x0 - pad), max(0, line.y0 - pad)
    x1, y1 = min(w, line.x1 + pad), min(h, line.y1 + pad)
    crop = setup.gray[y0:y1, x0:x1].copy()
    labels = setup.comps.labels[y0:y1, x0:x1]
    crop[(labels > 0) & (owner[labels] != k)] = 255
    return crop, x0, y0


def _drop_stutter(words: list[_Word], comps: Components, line: TextLine) -> list[_Word]:
    """One letter tesseract read as two or three look-alikes ("กถก" for ก of กอง): the last one kept.

    Consecutive consonants of one ``CONFUSABLE`` group, no space between,
    whose boxes together are no wider than a letter and cover a single
    letter of the ink (Thai consonants are one stroke each) are one consonant
    read several times.
    """
    if len(words) < 2:
        return words
    members = line.members
    tall = members[comps.height[members] >= 0.6 * line.xh]
    centres = (comps.x0[tall] + comps.x1[tall]) / 2
    out: list[_Word] = []
    i = 0
    while i < len(words):
        group = _GROUP.get(words[i].text)
        j = i + 1
        while (
            group is not None
            and j < len(words)
            and not words[j].space_before
            and _GROUP.get(words[j].text) == group
        ):
            j += 1
        if j - i >= 2 and len({w.text for w in words[i:j]}) > 1:  # บบ of รับบริการ is two letters
            left, right = min(w.left for w in words[i:j]), max(w.right for w in words[i:j])
            one = int(((centres >= left) & (centres <= right)).sum()) == 1
            if one and right - left <= 1.1 * line.xh:  # no wider than one letter
                last = words[j - 1]
                last.left, last.right, last.space_before = left, right, words[i].space_before
                out.append(last)
                i = j
                continue
        out.extend(words[i:j])
        i = j
    return out


def _recover_digits(setup: _Setup, words: list[_Word], line: TextLine) -> list[_Word]:
    """Digits tesseract left out of a line (it read "ตัวชี้วัดที่ ๗ ประสิทธิภาพ" without the ๗).

    Its character boxes follow one another across the line, gaps only at
    spaces; letters of the ink under such a gap were not read.  Where they
    read by shape plainly as a number (as strictly as Thai letters taken for
    digits), the number goes in between, a word of its own.
    """
    if not words:
        return words
    comps = setup.comps
    members = line.members
    tall = members[comps.height[members] >= 0.6 * line.xh]
    if len(tall) == 0:
        return words
    order = np.argsort(comps.x0[tall], kind="stable")
    tall = tall[order]
    centres = (comps.x0[tall] + comps.x1[tall]) / 2
    lefts = np.array([w.left for w in words])
    rights = np.array([w.right for w in words])
    covered = ((centres[:, None] >= lefts[None, :] - 2) & (centres[:, None] <= rights[None, :] + 2)).any(
        axis=1
    )
    loose = np.nonzero(~covered)[0]
    if len(loose) == 0:
        return words
    out = list(words)
    groups: list[list[int]] = []
    for k in loose.tolist():
        if groups and groups[-1][-1] == k - 1 and comps.x0[tall[k]] - comps.x1[tall[k - 1]] <= 0.5 * line.xh:
            groups[-1].append(k)
        else:
            groups.append([k])
    for group in groups:
        ids = tall[group]
        x0, x1 = int(comps.x0[ids].min()), int(comps.x1[ids].max())
        y0, y1 = int(comps.y0[ids].min()), int(comps.y1[ids].max())
        reading = read_number(_crop(setup.clean, x0 - 1, y0 - 1, x1 + 1, y1 + 1))
        if reading is None or not reading.text.strip(".") or "." in reading.text:
            continue
        if reading.candidates[0][1] > STRICT_DISTANCE * len(reading.text):
            continue
        near = [w for w in out if w.right >= x0 - 1.5 * line.xh and w.left <= x1 + 1.5 * line.xh]
        if any(_DIGIT.match(w.text) for w in near):
            continue  # a number tesseract did read, its boxes off its ink
        at = next((k for k, w in enumerate(out) if (w.left + w.right) / 2 > x1), len(out))
        # a lone symbol next to it is what tesseract made of it, its box misplaced (ๆ for ๗)
        for k in (at - 1, at):
            alone = 0 <= k < len(out) and (out[k].space_before or k == 0)
            alone = alone and (k + 1 == len(out) or out[k + 1].space_before)
            near_it = alone and x0 - 2 * line.xh <= out[k].right and out[k].left <= x1 + 2 * line.xh
            if near_it and _LONE_SYMBOL.match(out[k].text):
                space = out[k].space_before
                del out[k]
                if k < at:
                    at -= 1
                if at < len(out):
                    out[at].space_before = space or at > 0
                break
        step = (x1 - x0) / len(reading.text)
        new = [
            _Word(
                ch, int(x0 + k * step), y0, int(x0 + (k + 1) * step), y1, 100.0 * reading.confidence, k == 0
            )
            for k, ch in enumerate(reading.text)
        ]
        if at == 0:
            new[0].space_before = False
        if at < len(out):
            out[at].space_before = True
        out[at:at] = new
    return out


def _parse_pages(box: str, txt: str, heights: list[int]) -> list[list[_Word]]:
    """Tesseract's output for a multi-page image of single lines: each page's words (page coordinates).

    The text output has the pages' texts, each ended by a form feed, with the
    spaces as printed (``preserve_interword_spaces``); the box output
    (``makebox``) one box per character, in the same order, with the page's
    index last.  Each character becomes a word of its own, marks joined to the
    character before them.  (The TSV output has boxes and words too, but costs
    about 10 % more tesseract time for nothing used here.)
    """
    per_page: list[list[str]] = [[] for _ in heights]
    for row in box.splitlines():
        parts = row.rsplit(" ", 5)
        if len(parts) == 6 and parts[5].isdigit() and int(parts[5]) < len(heights):
            per_page[int(parts[5])].append(row)
    texts = txt.split("\f")
    out: list[list[_Word]] = []
    for k, height in enumerate(heights):
        text = " ".join(t for t in (texts[k] if k < len(texts) else "").splitlines() if t.strip())
        lines = _parse_box("\n".join(per_page[k]), text, height)
        out.append([w for line in lines for w in line])
    return out


def _read_lines(
    binary: str, strips: list[im.Gray], dpi: int, languages: tuple[str, ...]
) -> list[list[_Word]]:
    """One tesseract run over many line images (the pages of one TIFF), each read as a single line."""
    if not strips:
        return []
    out = run(
        binary,
        strips,
        dpi=dpi,
        psm=7,
        outputs=("txt", "makebox"),
        config=TESSERACT_CONFIG,
        languages=languages,
    )
    return _parse_pages(out.get("makebox", ""), out.get("txt", ""), [s.shape[0] for s in strips])


def ocr_page(
    binary: str, gray: im.Gray, number: int, dpi: int, width_pt: float, height_pt: float
) -> PageResult:
    """OCR one rendered page (grey, as displayed) into glyphs and rules in the reading space."""
    from .._read.pdf import _grids  # the born-digital reader's lattice finder

    started = time.monotonic()
    setup = prepare(gray, number, dpi, width_pt, height_pt)
    scale = 72.0 / dpi
    content = PageContent(
        number=number,
        width=width_pt,
        height=height_pt,
        edges=list(setup.edges),
        to_display=setup.to_display,
    )
    numbers: list[NumberRead] = []
    grids = _grids(content)
    numeric_cells: list[tuple[tuple[float, float, float, float], Reading]] = []
    text_boxes: list[tuple[int, int, int, int]] = []
    table_boxes: list[tuple[int, int, int, int]] = []
    px = dpi / 72.0
    for grid in grids:
        if max(len(r) for r in grid.rows) == 1:
            continue  # a box drawn around text: read as prose
        for cell in grid.cells:
            reading = _cell_number(setup, cell)
            if reading is not None:
                numeric_cells.append((cell, reading))
            else:
                text_boxes.append(_cell_px(setup, cell))
        x0, top, x1, bottom = grid.bbox
        table_boxes.append((int(x0 * px) - 2, int(top * px) - 2, int(x1 * px) + 3, int(bottom * px) + 3))
    comps = setup.comps
    kept = np.nonzero(comps.keep)[0]
    cx = (comps.x0[kept] + comps.x1[kept]) / 2
    cy = (comps.y0[kept] + comps.y1[kept]) / 2

    def inside(box: tuple[int, int, int, int]) -> NDArray[np.bool_]:
        x0, y0, x1, y1 = box
        return (cx >= x0) & (cx < x1) & (cy >= y0) & (cy < y1)

    in_table = np.zeros(len(kept), dtype=bool)
    for box in table_boxes:
        in_table |= inside(box)
    prose = find_lines(comps, kept[~in_table], setup.xh)
    cells = [line for box in text_boxes for line in find_lines(comps, kept[inside(box)], setup.xh)]
    owner = np.full(len(comps) + 1, -1, dtype=np.int64)
    for k, line in enumerate(prose + cells):
        owner[line.members + 1] = k
    strips = [_strip(setup, line, k, owner) for k, line in enumerate(prose + cells)]
    # running text with Thai and English (English words otherwise come out as Thai letters); table cells
    # with Thai alone (dates and short Thai words in narrow cells come out as Latin letters otherwise)
    read = _read_lines(binary, [s for s, _, _ in strips[: len(prose)]], dpi, PROSE_LANGUAGES)
    read += _read_lines(binary, [s for s, _, _ in strips[len(prose) :]], dpi, CELL_LANGUAGES)
    glyphs: list[Glyph] = []
    # one size per page: the layout starts a paragraph where the size changes
    size = setup.xh / 0.47 * scale  # x-height is about 0.47 em in Thai text faces
    for k, (line, words, (_, ox, oy)) in enumerate(zip(prose + cells, read, strips, strict=True)):
        if not words:
            continue
        for w in words:
            w.left, w.right, w.top, w.bottom = w.left + ox, w.right + ox, w.top + oy, w.bottom + oy
        words = _read_code(setup, _drop_stutter(words, setup.comps, line), line.xh, cell=k >= len(prose))
        words = _reread_numbers(setup, _read_list_number(setup, words), numbers, scale, cell=k >= len(prose))
        words = _recover_digits(setup, words, line)
        words = _in_reading_order(words)
        base = line.base
        for w in words:
            if w.space_before and glyphs:
                prev = glyphs[-1]
                glyphs.append(
                    Glyph(
                        " ", prev.x1, w.left * scale, prev.top, prev.bottom, base * scale, size, False, False
                    )
                )
            glyphs.extend(_glyphs_of_word(w, base, size, scale, False))
    for cell, reading in numeric_cells:
        text = reading.text
        x0, top, x1, bottom = cell
        # the number's glyphs across the middle of its cell
        mid = (top + bottom) / 2
        h = min(bottom - top, 16.0)
        step = (x1 - x0) / (len(text) + 2)
        for k, ch in enumerate(text):
            gx0 = x0 + (k + 1) * step
            glyphs.append(Glyph(ch, gx0, gx0 + step, mid - h / 2, mid + h / 2, mid + h / 4, h, False, False))
        numbers.append(
            NumberRead(
                number,
                _round_box(setup.to_display.box(*cell)),
                text,
                [c for c, _ in reading.candidates],
                [d for _, d in reading.candidates],
                reading.confidence,
                True,
            )
        )
    content.glyphs = glyphs
    return PageResult(number, content, numbers, time.monotonic() - started, setup.skew)
