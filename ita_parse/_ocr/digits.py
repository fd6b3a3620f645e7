"""Digit recognition for score cells and numbers in text: shape matching, several candidates.

Why not tesseract: the Debian ``tha`` model reads the Thai digits of common
Thai fonts badly (measured on a clean 300 dpi render of the sample report:
๙๙.๒๙ → "๕.๒๕", ๔ → ๕, ๖ → ๒, ๗ → ๓), and a character whitelist does not
help, because the model itself confuses the shapes.  Digits are a closed set
of 20 shapes (๐–๙, 0–9) plus the point, printed in a handful of fonts, so
matching each connected component against templates rendered from many fonts
is both more accurate and two orders of magnitude cheaper than a tesseract
call.  The templates (``digits.npz``) are rendered from the TLWG Thai fonts
and DejaVu by ``python -m ita_parse._ocr.templates``; they are not taken from
any scan.

Each component is compared by its normalised bitmap (blurred, so that stroke
weight and scan noise matter less) and its aspect ratio; every class gets a
distance, and the close runners-up become alternative readings, which the
report's arithmetic later chooses between (``solve``).
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass
from importlib import resources

import numpy as np
from numpy.typing import NDArray

from .._thai import THAI_DIGITS

#: side of the square the templates and components are normalised to
SIDE = 20
#: digit classes: Thai ๐–๙ then Arabic 0–9 (both mean the same value), then the letter e of item codes
CLASSES = THAI_DIGITS + "0123456789" + "e"
DIGIT_CLASSES = CLASSES[:20]

Binary = NDArray[np.bool_]
Floats = NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class Templates:
    vectors: Floats  # (n, SIDE*SIDE), unit length, sorted by label
    log_aspects: Floats  # (n,) log(height / width)
    labels: NDArray[np.int16]  # (n,) index into CLASSES
    starts: NDArray[np.intp]  # where each label's run of templates starts


def _blur(img: Floats) -> Floats:
    """A small binomial blur in both directions (numpy only)."""
    k = np.array([1.0, 2.0, 1.0], dtype=np.float32) / 4.0
    padded = np.pad(img, 1, mode="constant")
    h = padded[:, :-2] * k[0] + padded[:, 1:-1] * k[1] + padded[:, 2:] * k[2]
    v: Floats = (h[:-2, :] * k[0] + h[1:-1, :] * k[1] + h[2:, :] * k[2]).astype(np.float32)
    return v


def normalise(glyph: Binary) -> Floats:
    """A glyph's ink (True = ink) cropped, scaled to SIDE×SIDE, blurred and made unit length."""
    ys, xs = np.nonzero(glyph)
    if len(ys) == 0:
        return np.zeros(SIDE * SIDE, dtype=np.float32)
    crop = glyph[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1].astype(np.float32)
    h, w = crop.shape
    # area sampling: each output pixel averages the input pixels it covers
    rows = np.minimum((np.arange(h) * SIDE) // h, SIDE - 1)
    cols = np.minimum((np.arange(w) * SIDE) // w, SIDE - 1)
    out = np.zeros((SIDE, SIDE), dtype=np.float32)
    np.add.at(out, (rows[:, None], cols[None, :]), crop)
    counts = np.zeros((SIDE, SIDE), dtype=np.float32)
    np.add.at(counts, (rows[:, None], cols[None, :]), 1.0)
    out = np.divide(out, counts, out=np.zeros_like(out), where=counts > 0)
    # a glyph smaller than SIDE leaves empty rows/columns: fill them from their neighbours
    if h < SIDE or w < SIDE:
        ri = np.minimum((np.arange(SIDE) * h) // SIDE, h - 1)
        ci = np.minimum((np.arange(SIDE) * w) // SIDE, w - 1)
        out = crop[ri[:, None], ci[None, :]]
    out = _blur(_blur(out))
    flat = out.reshape(-1)
    norm = float(np.linalg.norm(flat))
    return (flat / norm).astype(np.float32) if norm > 0 else flat.astype(np.float32)


@functools.lru_cache(maxsize=1)
def templates() -> Templates:
    with resources.files(__package__).joinpath("digits.npz").open("rb") as fh:
        data = np.load(fh)
        labels = data["labels"].astype(np.int16)
        order = np.argsort(labels, kind="stable")
        labels = labels[order]
        starts = np.flatnonzero(np.r_[True, labels[1:] != labels[:-1]])
        return Templates(
            data["vectors"].astype(np.float32)[order],
            np.log(data["aspects"].astype(np.float32)[order]),
            labels,
            starts,
        )


@dataclass(frozen=True, slots=True)
class Guess:
    """One component's readings: (character, distance), best first; distance 0 = identical."""

    choices: tuple[tuple[str, float], ...]

    @property
    def best(self) -> str:
        return self.choices[0][0]

    @property
    def distance(self) -> float:
        return self.choices[0][1]


#: weight of the aspect-ratio difference (log scale) against the shape distance
_ASPECT_WEIGHT = 0.35
#: a runner-up within this much of the best distance is kept as an alternative reading
ALTERNATIVE_MARGIN = 0.06


def distances(glyph: Binary) -> dict[str, float]:
    """The distance of one glyph to the nearest template of every class."""
    t = templates()
    vec = normalise(glyph)
    ys, xs = np.nonzero(glyph)
    aspect = (ys.max() - ys.min() + 1) / max(1, xs.max() - xs.min() + 1) if len(ys) else 1.0
    shape = 1.0 - np.einsum("ij,j->i", t.vectors, vec)  # cosine distance (no BLAS threads)
    dist = shape + np.abs(t.log_aspects - math.log(aspect)) * _ASPECT_WEIGHT
    mins = np.minimum.reduceat(dist, t.starts)
    return {CLASSES[int(label)]: float(d) for label, d in zip(t.labels[t.starts], mins, strict=True)}


def classify(glyph: Binary) -> Guess:
    """Distances of one glyph to every digit class, best first (Thai and Arabic of one value merged)."""
    best = distances(glyph)
    # Thai and Arabic forms of one digit are one reading; keep the script of the closer one
    merged: dict[int, tuple[str, float]] = {}
    for ch, d in best.items():
        if ch not in DIGIT_CLASSES:
            continue
        value = DIGIT_CLASSES.index(ch) % 10
        if value not in merged or d < merged[value][1]:
            merged[value] = (ch, d)
    ranked = sorted(merged.values(), key=lambda cd: cd[1])
    return Guess(tuple((ch, round(d, 4)) for ch, d in ranked))


# --- connected components -----------------------------------------------------------------------------


@dataclass(slots=True)
class Blob:
    """A connected component: its box (x0, y0, x1, y1, exclusive ends) and its mask."""

    x0: int
    y0: int
    x1: int
    y1: int
    mask: Binary

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    @property
    def height(self) -> int:
        return self.y1 - self.y0

    @property
    def area(self) -> int:
        return int(self.mask.sum())


_EIGHT = np.ones((3, 3), dtype=bool)


def components(ink: Binary, *, min_area: int = 1) -> list[Blob]:
    """8-connected components of an ink mask, left to right (scipy's labelling: C speed)."""
    from scipy import ndimage

    if ink.size == 0 or not ink.any():
        return []
    labels, count = ndimage.label(ink, structure=_EIGHT)
    areas = np.bincount(labels.reshape(-1), minlength=count + 1)
    blobs: list[Blob] = []
    for k, sl in enumerate(ndimage.find_objects(labels), start=1):
        if sl is None or areas[k] < min_area:
            continue
        ys, xs = sl
        blobs.append(Blob(xs.start, ys.start, xs.stop, ys.stop, labels[sl] == k))
    blobs.sort(key=lambda b: (b.x0, b.y0))
    return blobs


# --- reading a number ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reading:
    """A number read from an image: candidates (text, cost) best first, and a confidence 0–1."""

    candidates: tuple[tuple[str, float], ...]
    confidence: float
    digits: int  # how many digit-shaped components were found

    @property
    def text(self) -> str:
        return self.candidates[0][0] if self.candidates else ""


@dataclass(slots=True)
class _Glyph:
    blob: Blob
    guess: Guess | None  # None: a point


def _merge_fragments(blobs: list[Blob], height: int) -> list[Blob]:
    """Join pieces of one digit broken by the scan (they overlap horizontally almost wholly)."""
    out: list[Blob] = []
    for b in blobs:
        if out:
            a = out[-1]
            overlap = min(a.x1, b.x1) - max(a.x0, b.x0)
            if overlap > 0.6 * min(a.width, b.width) and max(a.y1, b.y1) - min(a.y0, b.y0) <= 1.25 * height:
                x0, y0, x1, y1 = min(a.x0, b.x0), min(a.y0, b.y0), max(a.x1, b.x1), max(a.y1, b.y1)
                mask = np.zeros((y1 - y0, x1 - x0), dtype=bool)
                mask[a.y0 - y0 : a.y1 - y0, a.x0 - x0 : a.x1 - x0] |= a.mask
                mask[b.y0 - y0 : b.y1 - y0, b.x0 - x0 : b.x1 - x0] |= b.mask
                out[-1] = Blob(x0, y0, x1, y1, mask)
                continue
        out.append(b)
    return out


def _split_wide(blob: Blob, typical_width: float) -> list[Blob]:
    """Cut a component that is two or three touching digits at its thinnest columns."""
    n = round(blob.width / typical_width) if typical_width > 0 else 1
    if n < 2 or blob.width < 1.7 * typical_width:
        return [blob]
    n = min(n, 3)
    col = blob.mask.sum(axis=0).astype(np.float32)
    cuts: list[int] = []
    for k in range(1, n):
        centre = int(blob.width * k / n)
        lo, hi = (
            max(1, centre - int(0.25 * typical_width)),
            min(blob.width - 1, centre + int(0.25 * typical_width)),
        )
        if hi <= lo:
            return [blob]
        cuts.append(lo + int(np.argmin(col[lo:hi])))
    pieces: list[Blob] = []
    edges = [0, *cuts, blob.width]
    for a, b in itertools.pairwise(edges):
        sub = blob.mask[:, a:b]
        rows = np.nonzero(sub.any(axis=1))[0]
        if len(rows) == 0:
            continue
        pieces.append(
            Blob(
                blob.x0 + a,
                blob.y0 + rows[0],
                blob.x0 + b,
                blob.y0 + rows[-1] + 1,
                sub[rows[0] : rows[-1] + 1],
            )
        )
    return pieces


#: a number's digits match their templates far better than letters do (measured: digits 0.01–0.05 per
#: component, Thai letters about 0.16 on average): above these it is text, not a number
MEAN_DISTANCE = 0.08
MAX_DISTANCE = 0.22
#: a score has at most 5 digits (100.00); a run of more is text or a code
MAX_DIGITS = 6


def _is_rule_remnant(b: Blob) -> bool:
    """A leftover piece of a ruling line: long and thin."""
    return b.width >= 6 * b.height or b.height >= 8 * b.width


def read_number(ink: Binary, *, max_candidates: int = 6) -> Reading | None:
    """Read the number in an image region (True = ink): candidates best first, or None if none is there.

    Components are sorted left to right; specks far smaller than the digits
    are dust, a small roundish component on the baseline is a decimal point.
    Where the best and second-best readings of a component are close, both
    are kept, and the combinations ranked by total distance.  A region with a
    second line of text, more than ``MAX_DIGITS`` digits, or components that
    match no digit closely is not a number (None).
    """
    blobs = [b for b in components(ink) if b.area >= 3 and not _is_rule_remnant(b)]
    if not blobs:
        return None
    tall = max(b.height for b in blobs)
    big = [b for b in blobs if b.height >= 0.5 * tall]
    height = float(np.median([b.height for b in big]))
    # the line the digits sit on: the band of the big components' middles
    mids = sorted((b.y0 + b.y1) / 2 for b in big)
    mid = mids[len(mids) // 2]
    line = [b for b in big if abs((b.y0 + b.y1) / 2 - mid) <= 0.5 * height]
    if len(line) < len(big):
        return None  # another line of text (or a mark above letters): not a number cell
    if not line:
        return None
    base = float(np.median([b.y1 for b in line]))
    top = float(np.median([b.y0 for b in line]))
    digit_like = _merge_fragments(sorted(line, key=lambda b: b.x0), int(height))
    widths = sorted(b.width for b in digit_like)
    typical = float(np.median(widths[: max(1, len(widths) - 1)])) if len(widths) > 1 else float(widths[0])
    glyphs: list[_Glyph] = []
    for b in digit_like:
        # a lone component is only cut when it is much wider than tall (Thai ๓ and ๔ are wide themselves)
        for piece in _split_wide(b, typical if len(digit_like) > 1 else height * 1.1):
            glyphs.append(_Glyph(piece, classify(piece.mask)))
    if len(glyphs) > MAX_DIGITS:
        return None
    # points: small, roughly square, sitting on the baseline, between or after digits
    for b in blobs:
        if b.height >= 0.5 * tall:
            continue
        small = b.height <= 0.4 * height and b.width <= 0.6 * height
        on_base = b.y1 >= base - 0.25 * height and b.y0 >= top + 0.45 * height
        inside = digit_like[0].x1 <= b.x0 and b.x1 <= digit_like[-1].x0 + 0.2 * height
        if small and on_base and inside and b.area >= 0.008 * height * height:
            glyphs.append(_Glyph(b, None))
        elif b.area >= 0.05 * height * height and b.height >= 0.25 * height:
            return None  # a mark or a letter part: Thai text, not a number
    glyphs.sort(key=lambda g: g.blob.x0)
    if sum(1 for g in glyphs if g.guess is None) > 1:
        return None
    digits = [g.guess for g in glyphs if g.guess is not None]
    if not digits:
        return None
    distances = [d.distance for d in digits]
    if max(distances) > MAX_DISTANCE or sum(distances) / len(distances) > MEAN_DISTANCE:
        return None
    # per position: the choices worth trying
    options: list[list[tuple[str, float]]] = []
    for g in glyphs:
        if g.guess is None:
            options.append([(".", 0.0)])
            continue
        best = g.guess.distance
        options.append([(ch, d) for ch, d in g.guess.choices[:3] if d <= best + ALTERNATIVE_MARGIN])
    combos: list[tuple[str, float]] = []
    for combo in itertools.islice(itertools.product(*options), 0, 243):
        text = "".join(ch for ch, _ in combo)
        cost = sum(d for _, d in combo)
        combos.append((text, cost))
    combos.sort(key=lambda tc: tc[1])
    seen: set[str] = set()
    unique: list[tuple[str, float]] = []
    for text, cost in combos:
        if text not in seen:
            seen.add(text)
            unique.append((text, round(cost, 4)))
        if len(unique) >= max_candidates:
            break
    worst = max(distances)
    margins = [d.choices[1][1] - d.distance for d in digits if len(d.choices) > 1]
    margin = min(margins) if margins else 1.0
    confidence = max(0.0, min(1.0, (1.0 - worst / MAX_DISTANCE) * 0.5 + min(1.0, margin / 0.1) * 0.5))
    return Reading(tuple(unique), round(confidence, 3), len(digits))
