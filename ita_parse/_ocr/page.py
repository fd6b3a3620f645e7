"""One scanned page → the same layout the born-digital reader builds (runs in a worker process).

Steps (each choice measured on the fixture scan and on scans made by
``tests/test_ocr_scans.py`` from other fonts; numbers in ``bench/RESULTS.md``):

1. render the page with PDFium at ``dpi`` (300 by default: at 250 dpi the
   plan table's small print came out worse, 6 of 10 plan periods against 10
   of 10, for 20 % less time), estimate the skew (the sharpest row profile)
   and rotate it away, binarise (Otsu);
2. find the ruling lines and the table cells (pdfplumber's lattice finder on
   the rules, as for born-digital pages); erase the rules and specks;
3. read every table cell that holds one line of digits by shape
   (``digits``), with several candidates and a confidence for the solver:
   tesseract's ``tha`` model reads the Thai digits of common faces wrongly
   (๙ as ๕, ๖ as ๒, points lost);
4. one tesseract run per page, on the grey page (its model was trained on
   smooth glyphs; the thresholded image lost more marks), rules and specks
   painted out: a page of running text with ``tha+eng`` and automatic layout
   (psm 3); a page with tables as one *mosaic*: the running text with the
   tables painted out, and every text cell cropped to its ink, stacked with
   blank space between, read in sparse mode (psm 11) with ``tha`` alone
   (tesseract's layout analysis runs a table's cells together, and with
   ``eng`` too the short Thai of narrow cells comes out as Latin letters);
   the plain-text output gives the characters and spaces
   (``preserve_interword_spaces``; the TSV output alone puts a space after
   every Thai character), the TSV output the boxes, aligned line by line;
5. numbers in running text and cells read again by shape: indicator numbers,
   item codes ("i๑" that tesseract reads "[ ๑" or "io"), numbered steps
   ("๗." read "ฒ่"), dates, scores in headings;
6. the characters become the born-digital reader's glyphs, in tesseract's
   order, at the baseline measured from the ink, and its own layout code
   (``_read.pdf._layout_page``) builds lines, paragraphs and table cells,
   so extraction and checks are shared.

Coordinates: the *reading space* is the deskewed page in points; its
``to_display`` maps back to the page as displayed (the skew rotation undone),
so provenance boxes are in PDF points on the page as shown.
"""

from __future__ import annotations

import bisect
import itertools
import math
import statistics
import time
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import regex

from .._read._pdfchars import Affine, Glyph, PageContent
from . import image as im
from .digits import Blob, Reading, classify, components, distances, read_number
from .engine import LANGUAGES, run

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

_DIGIT = regex.compile(r"^[0-9๐-๙]$")
_NUMBER_PUNCT = {".", ","}
_THAI_LETTER = regex.compile(r"^[\u0e01-\u0e2e]$")
_SHORT_THAI = regex.compile(r"^[เแโใไ]?[\u0e01-\u0e2e]{1,3}$")
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


def _parse_tsv(tsv: str) -> list[list[_Word]]:
    """TSV rows → lines of words (level 5), in tesseract's order."""
    lines: dict[tuple[int, int, int, int], list[_Word]] = {}
    order: list[tuple[int, int, int, int]] = []
    for row in tsv.splitlines()[1:]:
        parts = row.split("\t")
        if len(parts) < 12 or parts[0] != "5":
            continue
        text = parts[11]
        if not text.strip():
            continue
        try:
            key = (int(parts[1]), int(parts[2]), int(parts[3]), int(parts[4]))
            left, top, width, height = int(parts[6]), int(parts[7]), int(parts[8]), int(parts[9])
            conf = float(parts[10])
        except ValueError:
            continue
        if key not in lines:
            lines[key] = []
            order.append(key)
        lines[key].append(_Word(text.strip(), left, top, left + width, top + height, conf))
    return [lines[k] for k in order]


def _align_spaces(lines: list[list[_Word]], txt: str) -> None:
    """Mark the words that the plain-text output puts a space before.

    The text output's lines, without whitespace, are the TSV words of the
    same line run together; where that does not hold for a line, its spaces
    are guessed from the gaps instead.
    """
    text_lines = [t for t in txt.splitlines() if t.strip()]
    if len(text_lines) != len(lines):
        text_lines = []
    for k, words in enumerate(lines):
        ok = False
        if text_lines:
            line = text_lines[k]
            joined = "".join(w.text for w in words)
            if regex.sub(r"\s", "", line) == joined:
                pos = 0
                for w in words:
                    space = False
                    while pos < len(line) and line[pos].isspace():
                        space = True
                        pos += 1
                    w.space_before = space and w is not words[0]
                    pos += len(w.text)
                ok = True
        if not ok:
            heights = [w.bottom - w.top for w in words]
            h = statistics.median(heights) if heights else 10
            for a, b in itertools.pairwise(words):
                b.space_before = b.left - a.right > 0.35 * h


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Me")


# consonants with no ascender or descender: their box height is the x-height
_X_HEIGHT_LETTERS = set("กขคฆงจฉชซฌดตถทธนบพภมยรลวศษสหอฮผ")


def _line_metrics(words: list[_Word]) -> tuple[float, float]:
    """A line's baseline (pixels) and x-height (pixels), from its plain consonants."""
    plain = [w for w in words if len(w.text) == 1 and w.text in _X_HEIGHT_LETTERS]
    if len(plain) >= 2:
        base = statistics.median(w.bottom for w in plain)
        xh = statistics.median(w.bottom - w.top for w in plain)
    else:
        base = statistics.median(w.bottom for w in words)
        xh = 0.55 * statistics.median(w.bottom - w.top for w in words)
    return float(base), float(max(xh, 1.0))


def _ink_metrics(clean: im.Binary, words: list[_Word]) -> tuple[float, float] | None:
    """A line's baseline and x-height (pixels) from its ink: the dense band of its row profile.

    Thai letters fill the band between baseline and x-height; marks above and
    vowels below are sparse.  Tesseract's boxes are too rough for this (the
    layout code splits paragraphs on baseline steps and sizes).
    """
    left, right = min(w.left for w in words), max(w.right for w in words)
    top, bottom = min(w.top for w in words), max(w.bottom for w in words)
    crop = _crop(clean, left, top, right, bottom)
    if crop.size == 0:
        return None
    profile = crop.sum(axis=1).astype(np.float64)
    if profile.max() <= 0:
        return None
    dense = np.nonzero(profile >= 0.4 * profile.max())[0]
    if len(dense) < 2:
        return None
    xh = float(dense[-1] - dense[0] + 1)
    if xh < 4:
        return None
    return float(top + dense[-1] + 1), xh


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
    #: what tesseract sees: the deskewed grey page with rules and specks painted white
    gray: im.Gray


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
    clean = im.despeckle(im.erase_lines(ink, segments), dpi)
    # what tesseract reads: grey (its model was trained on smooth glyphs, not thresholded ones), with the
    # rules and specks painted out together with the grey fringe around them
    removed = ink & ~clean
    grown = removed.copy()
    grown[1:] |= removed[:-1]
    grown[:-1] |= removed[1:]
    grown[:, 1:] |= removed[:, :-1]
    grown[:, :-1] |= removed[:, 1:]
    tess = gray.copy()
    tess[grown & ~clean] = 255
    scale = 72.0 / dpi
    edges = im.edges_in_points(segments, scale)
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
        tess,
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
    """One TSV word → glyphs: its bases share the box evenly; marks sit on their base."""
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


# a whole token that may be a number tesseract read as Latin letters or symbols ("mo" for ๓๐, "DR" for ๖๙)
_MISREAD_NUMBER = regex.compile(
    r"^(?=.*[^\u0e01-\u0e2e])[A-Za-z0-9๐-๙@«»©°&%$#|!\[\]\u0e01-\u0e2e]{1,5}[.,]?$"
)


def _token_end(words: list[_Word], i: int) -> int:
    j = i + 1
    while j < len(words) and not words[j].space_before:
        j += 1
    return j


def _number_runs(words: list[_Word]) -> list[tuple[int, int, bool]]:
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
            thai_only = _SHORT_THAI.match(text) is not None
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
    lo, hi = hint[0] - x0 - 0.3 * line_h, hint[2] - x0 + 0.3 * line_h
    # the seeds: under the hint and shaped like a digit (tesseract's box may reach over the next letter)
    seeds = [
        b
        for b in blobs
        if lo <= (b.x0 + b.x1) / 2 <= hi and b.height >= 0.25 * line_h and classify(b.mask).distance <= 0.1
    ]
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

    def fits(b: Blob) -> bool:
        if b.height < 0.45 * dh:  # a point: small, low
            return b.height <= 0.4 * dh and b.y0 >= mid - 0.1 * dh
        return abs(b.height - dh) <= 0.35 * dh and classify(b.mask).distance <= 0.08

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


def _read_code(setup: _Setup, words: list[_Word], xh: float) -> list[_Word]:
    """An item code at the start of a line ("i๑", "e๙"), read by shape: the letter, then the digits.

    Tesseract reads a Latin letter followed by Thai digits badly ("[ ๑", "| ๒",
    "io", "เ2", "e@", "0 4"): the code's first ink word is found again, its
    letter told by shape (i: a stem with a dot; e: closest to the e
    templates), its digits read as a number.  Lines whose first word is no
    such code are left alone.
    """
    if len(words) < 2:
        return words
    end = next((k for k in range(1, len(words)) if words[k].space_before), len(words))
    if not _CODE_LIKE.match("".join(w.text for w in words[:end])):
        return words
    band = (min(w.top for w in words), max(w.bottom for w in words))
    blobs = _line_start_blobs(setup.clean, band, min(w.left for w in words[:end]))
    # the x-height from the ink itself (tesseract's boxes for a line are too rough for it)
    tall = [b.height for b in blobs if b.height >= 0.2 * (band[1] - band[0])]
    if not tall:
        return words
    xh = float(statistics.median(tall))
    big = [b for b in blobs if b.height >= 0.6 * xh]
    if len(big) < 2:
        return words
    first = big[0]
    letter = ""
    dot = [b for b in blobs if b.y1 <= first.y0 + 0.2 * first.height and b.x0 < first.x1 and b.x1 > first.x0]
    # i: a stem with its dot above, or one tall stem where the scan joined the dot to it
    if first.width <= 0.45 * first.height and (dot or first.height >= 1.2 * xh):
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
        # the first digit may stand a little apart from the letter; the next one sits close
        gap_limit, match_limit = (0.9 * xh, 0.12) if not rest else (0.35 * xh, 0.08)
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


def _box(w: _Word) -> tuple[int, int, int, int]:
    return (w.left, w.top, w.right, w.bottom)


def _reread_numbers(
    setup: _Setup, words: list[_Word], numbers: list[NumberRead], scale: float
) -> list[_Word]:
    """Replace the digits tesseract read in a line by their reading by shape."""
    runs = _number_runs(words)
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


@dataclass(slots=True)
class _Slot:
    """Where one cell's crop sits in the mosaic: mosaic rows [top, bottom) ← page box at (x, y)."""

    top: int
    bottom: int
    x: int
    y: int


def _mosaic(
    clean: im.Binary,
    image: im.Gray,
    boxes: list[tuple[int, int, int, int]],
    gap: int,
    sources: list[tuple[im.Binary, im.Gray]] | None = None,
) -> tuple[im.Gray, list[_Slot]]:
    """Text cells cropped to their ink and stacked in one image, one tesseract run for all of them.

    Tesseract reads a page's table badly as a whole (its layout analysis runs
    the cells of a row together and loses short cells); run on each cell
    alone it reads them well but pays its start-up per cell.  Stacking the
    cells with blank space between gives the per-cell reading at the cost of
    one run.
    """
    crops: list[tuple[im.Gray, int, int]] = []
    for k, (x0, y0, x1, y1) in enumerate(boxes):
        src_ink, src_image = sources[k] if sources is not None else (clean, image)
        ink = _crop(src_ink, x0, y0, x1, y1)
        if ink.size == 0 or not ink.any():
            continue
        rows = np.nonzero(ink.any(axis=1))[0]
        cols = np.nonzero(ink.any(axis=0))[0]
        ax, ay = max(0, x0) + int(cols[0]), max(0, y0) + int(rows[0])
        crops.append(
            (src_image[ay : ay + int(rows[-1] - rows[0]) + 1, ax : ax + int(cols[-1] - cols[0]) + 1], ax, ay)
        )
    if not crops:
        return np.zeros((0, 0), dtype=np.uint8), []
    width = max(c.shape[1] for c, _, _ in crops) + 2 * gap
    height = sum(c.shape[0] + gap for c, _, _ in crops) + gap
    out = np.full((height, width), 255, dtype=np.uint8)
    slots: list[_Slot] = []
    y = gap
    for crop, px, py in crops:
        h, w = crop.shape
        out[y : y + h, gap : gap + w] = crop
        slots.append(_Slot(y, y + h, px - gap, py - y))
        y += h + gap
    return out, slots


def _map_words(lines: list[list[_Word]], slots: list[_Slot]) -> list[list[_Word]]:
    """Mosaic coordinates → page coordinates; a line is split where its words fall in different cells."""
    tops = [s.top for s in slots]
    out: list[list[_Word]] = []
    for words in lines:
        current: list[_Word] = []
        current_slot: int | None = None
        for w in words:
            cy = (w.top + w.bottom) / 2
            k = max(0, min(len(slots) - 1, bisect.bisect_right(tops, cy) - 1))
            slot = slots[k]
            if current and k != current_slot:
                out.append(current)
                current = []
            current_slot = k
            current.append(
                _Word(
                    w.text,
                    w.left + slot.x,
                    w.top + slot.y,
                    w.right + slot.x,
                    w.bottom + slot.y,
                    w.conf,
                    w.space_before,
                )
            )
        if current:
            out.append(current)
    return out


def _drop_mark_rows(lines: list[list[_Word]]) -> list[list[_Word]]:
    """Drop the "lines" tesseract makes of a line's upper marks alone.

    In faces with tall marks (Garuda) tesseract's layout analysis sometimes
    takes the row of marks above a line for a line of its own and reads it as
    Latin garbage ("Qe fou ca A"); the marks are lost from the line below
    either way.  Such a row is far lower than a line of text and sits right
    on top of another line.
    """
    if len(lines) < 2:
        return lines
    boxes = [
        (min(w.left for w in ws), min(w.top for w in ws), max(w.right for w in ws), max(w.bottom for w in ws))
        for ws in lines
    ]
    usual = statistics.median(b[3] - b[1] for b in boxes)
    out: list[list[_Word]] = []
    for k, (ws, (x0, top, x1, bottom)) in enumerate(zip(lines, boxes, strict=True)):
        low = bottom - top <= 0.35 * usual
        above_another = any(
            j != k and -0.3 * usual <= b[1] - bottom <= 0.5 * usual and b[0] < x1 and x0 < b[2]
            for j, b in enumerate(boxes)
        )
        if low and above_another:
            continue
        out.append(ws)
    return out


def _tesseract_lines(
    binary: str, image: im.Gray, dpi: int, psm: int, languages: tuple[str, ...] = LANGUAGES
) -> list[list[_Word]]:
    if image.size == 0 or not (image < 128).any():
        return []
    out = run(
        binary,
        im.to_pgm(image),
        dpi=dpi,
        psm=psm,
        config=TESSERACT_CONFIG,
        languages=languages,
    )
    lines = _parse_tsv(out.get("tsv", ""))
    _align_spaces(lines, out.get("txt", ""))
    return lines


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
    prose = setup.gray.copy()
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
        prose[
            max(0, int(top * px) - 2) : int(bottom * px) + 3, max(0, int(x0 * px) - 2) : int(x1 * px) + 3
        ] = 255
    gap = max(30, int(0.25 * dpi))
    if not text_boxes:
        lines = _tesseract_lines(binary, prose, dpi, 3, PROSE_LANGUAGES)
    else:
        # the running text (tables painted out) and the cells in one image: one tesseract start-up
        prose_ink = setup.clean.copy()
        prose_ink[prose == 255] = False
        h, w = prose_ink.shape
        boxes = [(0, 0, w, h), *text_boxes]
        sources = [(prose_ink, prose)] + [(setup.clean, setup.gray)] * len(text_boxes)
        mosaic, slots = _mosaic(setup.clean, setup.gray, boxes, gap=gap, sources=sources)
        lines = _map_words(_tesseract_lines(binary, mosaic, dpi, 11, CELL_LANGUAGES), slots) if slots else []
    lines = _drop_mark_rows([words for words in lines if words])
    metrics = [_ink_metrics(setup.clean, words) or _line_metrics(words) for words in lines]
    page_xh = statistics.median(m[1] for m in metrics) if metrics else 10.0
    glyphs: list[Glyph] = []
    for words, (base, xh) in zip(lines, metrics, strict=True):
        words = _reread_numbers(setup, _read_list_number(setup, _read_code(setup, words, xh)), numbers, scale)
        words = _in_reading_order(words)
        # one size per page: the layout starts a paragraph where the size changes, and a line's dense
        # band also takes in its marks where they are many, so line by line it is too rough a measure
        size = page_xh / 0.47 * scale  # x-height is about 0.47 em in Thai text faces
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
