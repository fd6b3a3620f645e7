"""From positioned characters to lines and paragraphs, Thai marks attached.

Thai above and below marks are zero-advance glyphs drawn over their base
character.  Shaping often moves them left (over the stem of ป, or clear of
an ascender), so ordering characters by x position, as pdfplumber does, puts
a mark *before* its base.  Here each mark is attached to its base first (the
base before it in the content stream when the stream is in logical order, as
PDFs almost always are, which also survives letter-spacing and badly
positioned fonts; else the base it sits over), and only then are the
clusters ordered by position.  Lines come from baselines, not from PDFium's
own line breaking, which breaks before below-base vowels.

Nothing here knows about reports: only characters, boxes and fonts.
"""

from __future__ import annotations

import functools
import itertools
import statistics
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import regex

from .._thai import PUA_MAP

#: a line that starts a list item: "๒.", "3)", "(๑)", "- ", "• ", or a bare ". " (numbers do not start
#: with zero: "๐๔๕) …" at the start of a line is the end of a reference wrapped from the line before)
LIST_MARKER_RE = regex.compile(
    r"^\s*(?:[1-9๑-๙][0-9๐-๙]?\s*[.)](?![0-9๐-๙])|\(\s*[1-9๑-๙][0-9๐-๙]?\s*\)|[-–•●▪◦∙*](?=\s)|\.(?=\s))"
)
_OPENING = "([{“‘\"'"
_CLOSING = ")]}”’\"',;:!?%"


class GlyphLike(Protocol):
    ch: str
    x0: float
    x1: float
    top: float
    bottom: float
    base: float
    size: float
    bold: bool
    generated: bool


@functools.lru_cache(maxsize=4096)
def is_mark(ch: str) -> bool:
    """A combining mark, including the private-use shaped variants of Thai marks."""
    if unicodedata.category(ch) in ("Mn", "Me"):
        return True
    mapped = PUA_MAP.get(ord(ch))
    return mapped is not None and unicodedata.category(mapped) == "Mn"


@functools.lru_cache(maxsize=4096)
def is_tight(ch: str) -> bool:
    """Characters between which a line wrap or a small gap is not a word space: Thai and digits."""
    return "\u0e01" <= ch <= "\u0e5b" or ch.isdigit() or is_mark(ch) or ord(ch) in PUA_MAP


@functools.lru_cache(maxsize=4096)
def _is_word_char(ch: str) -> bool:
    """Latin letters and digits: a wrap next to one of them was a space."""
    return ch.isalnum() and not ("\u0e01" <= ch <= "\u0e4f")


@dataclass(slots=True)
class Cluster:
    """A base character with the marks drawn on it (or one space)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    base: float
    size: float
    bold: bool
    space: bool = False
    gap_hint: bool = False  # PDFium saw a word gap before this character

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


def _same_line(a: GlyphLike | Cluster, b: GlyphLike) -> bool:
    return abs(a.base - b.base) < 0.4 * max(a.size, b.size, 1.0)


def _depth(g: GlyphLike, x: float) -> float:
    """How far x lies inside [x0, x1]: positive inside, negative outside."""
    return min(x - g.x0, g.x1 - x)


def _is_space(ch: str) -> bool:
    return ch == " " or ch == "\t" or ch == "\u00a0"


def _mark_candidates(glyphs: Sequence[GlyphLike]) -> list[tuple[int, int, float, float, float]]:
    """For each mark: the nearest base before and after it in the stream on its line (-1 if none),
    how deep the mark's centre lies in each (negative: outside), and the mark's size."""
    n = len(glyphs)
    prev_base = [-1] * n
    last = -1
    for i, g in enumerate(glyphs):
        if _is_space(g.ch) and not g.generated:
            last = -1  # a word space: a mark never reaches across it
        elif not is_mark(g.ch) and not _is_space(g.ch):
            last = i
        prev_base[i] = last
    next_base = [-1] * n
    last = -1
    for i in range(n - 1, -1, -1):
        g = glyphs[i]
        if _is_space(g.ch) and not g.generated:
            last = -1
        elif not is_mark(g.ch) and not _is_space(g.ch):
            last = i
        next_base[i] = last
    out: list[tuple[int, int, float, float, float]] = []
    for i, g in enumerate(glyphs):
        if not is_mark(g.ch):
            continue
        cx = (g.x0 + g.x1) / 2
        p = prev_base[i - 1] if i > 0 else -1
        q = next_base[i + 1] if i + 1 < n else -1
        if p >= 0 and not _same_line(glyphs[p], g):
            p = -1
        if q >= 0 and not _same_line(glyphs[q], g):
            q = -1
        dp = _depth(glyphs[p], cx) if p >= 0 else float("-inf")
        dq = _depth(glyphs[q], cx) if q >= 0 else float("-inf")
        out.append((p, q, dp, dq, max(g.size, 1.0)))
    return out


def _logical_order(glyphs: Sequence[GlyphLike]) -> bool:
    """Whether the stream writes each mark after its base, as Unicode does.

    Almost every producer does.  A stream sorted by position, or one that
    draws marks first, shows itself by marks where logical Thai never has
    them: after a leading or following vowel, a digit, or at a word start.
    """
    marks = bad = 0
    prev = " "
    for g in glyphs:
        ch = g.ch
        if _is_space(ch) and g.generated:
            continue
        if is_mark(ch):
            marks += 1
            if not (_is_base_consonant(prev) or is_mark(prev)):
                bad += 1
        prev = ch
    return bad < 2 or bad < 0.01 * marks


@functools.lru_cache(maxsize=4096)
def _is_base_consonant(ch: str) -> bool:
    mapped = PUA_MAP.get(ord(ch))
    return "\u0e01" <= ch <= "\u0e2e" or (mapped is not None and "\u0e01" <= mapped <= "\u0e2e")


def build_clusters(glyphs: Sequence[GlyphLike]) -> list[Cluster]:
    """Group glyphs into base + marks clusters, in stream order.

    In a stream in logical order (nearly every PDF: PDFium reports characters
    in content-stream order) a mark belongs to the base before it, wherever
    it is drawn: letter-spaced text pushes marks right of their base, and a
    font badly positioned by its producer may even draw them over the next
    letter.  Otherwise (a stream sorted by position, or one that draws marks
    first) a mark belongs to the base its centre lies over, of the bases just
    before and just after it; when it lies over neither, the page's
    unambiguous marks vote on which side marks usually are.  Marks that go
    to the next base wait for it.
    """
    logical = _logical_order(glyphs)
    candidates = _mark_candidates(glyphs)
    before = after = 0
    for _, _, dp, dq, size in candidates:
        clear = 0.05 * size  # well inside one base and outside the other
        if dp > clear and dq < 0:
            after += 1
        elif dq > clear and dp < 0:
            before += 1
    marks_first = before >= 2 and before >= 0.05 * (before + after)

    out: list[Cluster] = []
    base_cluster: dict[int, Cluster] = {}
    waiting: dict[int, list[str]] = {}  # marks for a base still to come, by its index
    gap = False
    k = 0
    for i, g in enumerate(glyphs):
        ch = g.ch
        if _is_space(ch):
            if g.generated:
                gap = True
                continue
            out.append(Cluster(" ", g.x0, g.x1, g.top, g.bottom, g.base, g.size, g.bold, space=True))
            gap = False
            continue
        if not is_mark(ch):
            c = Cluster(ch, g.x0, g.x1, g.top, g.bottom, g.base, g.size, g.bold, gap_hint=gap)
            c.text += "".join(waiting.pop(i, ()))
            base_cluster[i] = c
            out.append(c)
            gap = False
            continue
        p, q, dp, dq, _ = candidates[k]
        k += 1
        if logical:
            to_next = p < 0 and q >= 0
        elif dp >= 0 or dq >= 0:
            to_next = dq > dp or (dq == dp and marks_first)
        elif p >= 0 and q >= 0:
            to_next = marks_first
        else:
            to_next = q >= 0
        if to_next:
            waiting.setdefault(q, []).append(ch)
        elif p >= 0:
            target = base_cluster[p]
            target.text += ch
            target.top = min(target.top, g.top)
            target.bottom = max(target.bottom, g.bottom)
        else:
            # a mark with no base on its line: a dangling mark, kept for the repair to see
            out.append(Cluster(ch, g.x0, g.x1, g.top, g.bottom, g.base, g.size, g.bold))
    return out


@dataclass(slots=True)
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    base: float
    size: float
    bold: bool
    lead_space: bool = False
    trail_space: bool = False
    first_run: float = 0.0  # width of the text up to its first space
    marker_end: float | None = None  # where the text after a list marker starts

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


def _space_between(a: Cluster, b: Cluster, usual: float) -> bool:
    """Whether two neighbouring clusters with no space glyph between them are two words.

    ``usual`` is the line's typical gap between letters (in em): larger in
    letter-spaced (distributed) lines, where only a clearly wider gap counts.
    Between Thai letters PDFium's own word-gap guess is often wrong (it sees
    gaps around shifted marks), so it only counts with a real gap behind it.
    """
    em = max(a.size, b.size, 1.0)
    gap = (b.x0 - a.x1) / em
    if is_tight(a.text[0]) and is_tight(b.text[0]):
        return gap >= max(0.3, usual + 0.25) if b.gap_hint else gap >= max(1.0, usual + 0.6)
    if b.gap_hint:
        return gap >= 0.15
    return gap >= max(0.45, usual + 0.3)


def _usual_gap(clusters: list[Cluster]) -> float:
    """The median gap between neighbouring letters of a line, in em (the few word gaps do not move it)."""
    gaps = [
        (b.x0 - a.x1) / max(a.size, b.size, 1.0)
        for a, b in itertools.pairwise(clusters)
        if not a.space and not b.space
    ]
    return statistics.median(gaps) if len(gaps) >= 3 else 0.1


def _make_line(clusters: list[Cluster]) -> Line | None:
    clusters.sort(key=lambda c: c.cx)
    body = [c for c in clusters if not c.space]
    if not body:
        return None
    usual = max(0.0, _usual_gap(clusters))
    parts: list[str] = []
    prev: Cluster | None = None
    pending_space = False
    first_run_end: float | None = None
    for c in clusters:
        if c.space:
            pending_space = prev is not None
            continue
        if prev is not None and (pending_space or _space_between(prev, c, usual)):
            parts.append(" ")
            if first_run_end is None:
                first_run_end = prev.x1
        parts.append(c.text)
        prev = c
        pending_space = False
    text = "".join(parts)
    x0 = min(c.x0 for c in body)
    x1 = max(c.x1 for c in body)
    sizes = [c.size for c in body]
    bold = sum(1 for c in body if c.bold) * 2 > len(body)
    line = Line(
        text=text,
        x0=x0,
        x1=x1,
        top=min(c.top for c in body),
        bottom=max(c.bottom for c in body),
        base=statistics.median(c.base for c in body),
        size=statistics.median(sizes),
        bold=bold,
        lead_space=clusters[0].space,
        trail_space=clusters[-1].space,
        first_run=(first_run_end if first_run_end is not None else x1) - x0,
    )
    m = LIST_MARKER_RE.match(text)
    if m:
        # x of the first character after the marker and its space
        count = len(regex.sub(r"\s", "", m.group()))
        seen = 0
        for c in body:
            if seen >= count:
                line.marker_end = c.x0
                break
            seen += len(c.text)
    return line


def build_lines(clusters: Iterable[Cluster]) -> list[Line]:
    """Clusters → lines, top to bottom, each ordered left to right."""
    ordered = sorted(clusters, key=lambda c: c.base)
    lines: list[Line] = []
    current: list[Cluster] = []
    ref: Cluster | None = None
    for c in ordered:
        if ref is not None and abs(c.base - ref.base) > 0.4 * max(ref.size, c.size, 1.0):
            line = _make_line(current)
            if line is not None:
                lines.append(line)
            current = []
            ref = None
        current.append(c)
        if ref is None or (ref.space and not c.space):
            ref = c
    if current:
        line = _make_line(current)
        if line is not None:
            lines.append(line)
    return lines


# --- joining ------------------------------------------------------------------------------------------


def join_break(left: str, right: str) -> str:
    """Join two pieces of one paragraph across a line (or page) break.

    Thai puts no spaces between words, so a wrap between two Thai characters
    joins with nothing, and so does a number broken between two digits; next
    to Latin letters or digits, or after closing punctuation, the wrap was a
    space.  A list marker on the right always gets its space, so that "๒."
    stays a step number.
    """
    if not left:
        return right
    if not right:
        return left
    if left[-1].isspace() or right[0].isspace() or LIST_MARKER_RE.match(right):
        return left.rstrip() + " " + right.lstrip()
    a, b = left[-1], right[0]
    if a == "-" and len(left) > 1 and left[-2].isalnum() and b.isalnum():
        return left + right  # "E-" + "Service": wrapped after the hyphen of a compound
    if a.isdigit() and b.isdigit():
        return left + right  # a number too long for its cell, broken where it did not fit
    if _is_word_char(a) or _is_word_char(b) or a in _CLOSING or b in _OPENING:
        return left + " " + right
    return left + right


def join_lines(lines: Sequence[Line]) -> str:
    text = ""
    for i, line in enumerate(lines):
        if i == 0:
            text = line.text
            continue
        piece = line.text
        if lines[i - 1].trail_space or line.lead_space:
            text = text.rstrip() + " " + piece.lstrip()
        else:
            text = join_break(text, piece)
    return text


# --- paragraphs ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class Frame:
    """The text area that lines are judged against, and the usual line pitch (baseline step ÷ size)."""

    left: float
    right: float
    pitch: float | None

    @property
    def center(self) -> float:
        return (self.left + self.right) / 2


def line_pitch(lines: Sequence[Line]) -> float | None:
    """A low percentile of baseline step ÷ font size between consecutive same-size lines."""
    ratios: list[float] = []
    for a, b in itertools.pairwise(lines):
        if abs(a.size - b.size) <= 0.05 * max(a.size, 1.0) and a.size > 0:
            step = (b.base - a.base) / a.size
            if 0.9 <= step <= 3.5:
                ratios.append(step)
    if len(ratios) < 2:
        return None
    ratios.sort()
    return ratios[len(ratios) // 10]


def centered(line: Line, frame: Frame) -> bool:
    """Centred in the frame: clear of both margins by about the same amount."""
    em = max(line.size, 1.0)
    before, after = line.x0 - frame.left, frame.right - line.x1
    return before > 0.5 * em and after > 0.5 * em and abs(before - after) < 1.0 * em


def starts_paragraph(prev: Line, line: Line, first: Line, frame: Frame, *, prose: bool) -> bool:
    """Whether ``line`` starts a new paragraph after ``prev`` (``first`` opened the current one)."""
    em = max(prev.size, line.size, 1.0)
    if LIST_MARKER_RE.match(line.text):
        return True
    if abs(prev.size - line.size) > 0.12 * em or prev.bold != line.bold:
        return True
    if frame.pitch is not None and line.base - prev.base > 1.12 * frame.pitch * max(prev.size, line.size):
        return True
    if not prose:
        return False
    centered_prev, centered_line = centered(prev, frame), centered(line, frame)
    if line.x0 > prev.x0 + 0.9 * em and not centered_line:
        hanging = first.marker_end is not None and abs(line.x0 - first.marker_end) < 0.8 * em
        if not hanging:
            return True
    if centered_prev and centered_line:
        free = (frame.right - frame.left) - (prev.x1 - prev.x0)
    elif centered_line != centered_prev:
        return True
    else:
        free = frame.right - prev.x1
    # the next line's first word would have fitted on this one: this line was ended on purpose
    return free > line.first_run + 0.5 * em


def paragraphs(lines: Sequence[Line], frame: Frame, *, prose: bool) -> list[list[Line]]:
    out: list[list[Line]] = []
    for line in lines:
        if out and not starts_paragraph(out[-1][-1], line, out[-1][0], frame, prose=prose):
            out[-1].append(line)
        else:
            out.append([line])
    return out
