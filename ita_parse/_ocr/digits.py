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
    if h < SIDE or w < SIDE:
        # smaller than SIDE: area sampling would leave empty rows/columns; sample the nearest pixels
        ri = np.minimum((np.arange(SIDE) * h) // SIDE, h - 1)
        ci = np.minimum((np.arange(SIDE) * w) // SIDE, w - 1)
        out = crop[ri[:, None], ci[None, :]]
    else:
        # area sampling: each output pixel averages the input pixels it covers
        rows = np.minimum((np.arange(h) * SIDE) // h, SIDE - 1)
        cols = np.minimum((np.arange(w) * SIDE) // w, SIDE - 1)
        cell = (rows[:, None] * SIDE + cols[None, :]).reshape(-1)
        sums = np.bincount(cell, weights=crop.reshape(-1), minlength=SIDE * SIDE)
        counts = np.bincount(cell, minlength=SIDE * SIDE)
        out = (sums / np.maximum(counts, 1)).reshape(SIDE, SIDE).astype(np.float32)
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


#: distances already computed, by glyph bitmap (the same component is often matched by several readers)
_SEEN: dict[tuple[int, int, bytes], dict[str, float]] = {}


def distances(glyph: Binary) -> dict[str, float]:
    """The distance of one glyph to the nearest template of every class (remembered per bitmap)."""
    key = (glyph.shape[0], glyph.shape[1], np.packbits(glyph).tobytes())
    found = _SEEN.get(key)
    if found is None:
        if len(_SEEN) >= 20_000:
            _SEEN.clear()
        found = _SEEN[key] = _distances(glyph)
    return dict(found)


def _distances(glyph: Binary) -> dict[str, float]:
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


def _cut(blob: Blob, n: int, typical_width: float) -> list[Blob] | None:
    """``blob`` cut into ``n`` pieces at its thinnest columns near the even cuts (None: no room).

    Two digits: every column near the middle is tried and the cut whose
    pieces match digits best is kept (the tail of ๗ or ๙ reaches under the
    next digit, so no column there is thin).
    """
    col = blob.mask.sum(axis=0).astype(np.float32)
    cuts: list[int] = []
    windows: list[tuple[int, int]] = []
    for k in range(1, n):
        centre = int(blob.width * k / n)
        lo, hi = (
            max(1, centre - int(0.25 * typical_width)),
            min(blob.width - 1, centre + int(0.25 * typical_width)),
        )
        if hi <= lo:
            return None
        windows.append((lo, hi))
        cuts.append(lo + int(np.argmin(col[lo:hi])))
    if n == 2:
        lo, hi = windows[0]
        tries = list(range(lo, hi, max(1, (hi - lo) // 10)))
        scored = []
        for cut in tries:
            pieces = _pieces(blob, [cut])
            if len(pieces) == 2:
                scored.append((sum(classify(p.mask).distance for p in pieces), cut))
        if scored:
            cuts = [min(scored)[1]]
    return _pieces(blob, cuts)


def _pieces(blob: Blob, cuts: list[int]) -> list[Blob]:
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


def split_wide(blob: Blob, typical_width: float) -> list[Blob]:
    """Cut a component that is two or three touching digits at its thinnest columns.

    How many digits: the counts near width ÷ typical digit width are each
    tried, and the cut whose pieces match digits best (by their worst piece)
    is kept; digits differ in width (๐ is narrow, ๒ and ๗ wide), so the
    ratio alone can be one off.
    """
    ratio = blob.width / typical_width if typical_width > 0 else 1.0
    if ratio < 1.7:
        return [blob]
    counts = sorted({min(3, max(2, n)) for n in (math.floor(ratio), round(ratio), math.ceil(ratio))})
    best: tuple[float, list[Blob]] | None = None
    for n in counts:
        pieces = _cut(blob, n, typical_width)
        if not pieces or len(pieces) < 2:
            continue
        worst = max(classify(p.mask).distance for p in pieces)
        if best is None or worst < best[0]:
            best = (worst, pieces)
    return best[1] if best is not None else [blob]


def _union(a: Blob, b: Blob) -> Blob:
    x0, y0, x1, y1 = min(a.x0, b.x0), min(a.y0, b.y0), max(a.x1, b.x1), max(a.y1, b.y1)
    mask = np.zeros((y1 - y0, x1 - x0), dtype=bool)
    mask[a.y0 - y0 : a.y1 - y0, a.x0 - x0 : a.x1 - x0] |= a.mask
    mask[b.y0 - y0 : b.y1 - y0, b.x0 - x0 : b.x1 - x0] |= b.mask
    return Blob(x0, y0, x1, y1, mask)


def _rejoin_pieces(blobs: list[Blob], tall: int) -> list[Blob]:
    """A piece of a digit the scan broke off (the loop of ๖ at low resolution): it lies over the columns
    of a tall component and within its height, where no other digit or point can be."""
    blobs = sorted(blobs, key=lambda b: -b.height)
    out: list[Blob] = []
    for b in blobs:
        host = next(
            (
                k
                for k, a in enumerate(out)
                if a.height >= 0.5 * tall
                and b.height < a.height
                and min(a.x1, b.x1) - max(a.x0, b.x0) >= 0.5 * b.width
                and b.y0 >= a.y0 - 2
                and b.y1 <= a.y1 + 2
            ),
            None,
        )
        if host is None:
            out.append(b)
        else:
            out[host] = _union(out[host], b)
    return sorted(out, key=lambda b: (b.x0, b.y0))


def _join_halves(blobs: list[Blob], height: float) -> list[Blob]:
    """Two or three pieces of one digit side by side (thin strokes of ๒ lost at low resolution): joined
    when none matches a digit closely, together they do, and they are no wider than a digit.

    Points and specks (under a third of a digit's height) are never part of a digit, nor is anything
    taller than one; the shapes are only matched where the sizes allow a join (letters of a word side
    by side are too wide together).
    """

    def sized(b: Blob) -> bool:
        return 0.3 * height <= b.height <= 1.2 * height

    out: list[Blob] = []
    k = 0
    while k < len(blobs):
        first = blobs[k]
        partners: list[Blob] = []
        right = first.x1
        for b in blobs[k + 1 : k + 3]:
            if not sized(b) or b.x0 - right > 0.15 * height or max(right, b.x1) - first.x0 > 1.15 * height:
                break
            partners.append(b)
            right = max(right, b.x1)
        joined: Blob | None = None
        if partners and sized(first) and classify(first.mask).distance > 0.06:
            union = first
            for n, b in enumerate(partners, start=1):
                if classify(b.mask).distance <= 0.06:
                    break  # a digit of its own
                union = _union(union, b)
                if classify(union.mask).distance <= 0.08:
                    joined = union
                    k += n + 1
                    break
        if joined is None:
            out.append(first)
            k += 1
        else:
            out.append(joined)
    return out


def whole_digits(blobs: list[Blob], height: float) -> list[Blob]:
    """Components left to right, with the pieces of digits the scan broke apart joined again
    (``height``: about a digit's height)."""
    return _join_halves(sorted(_rejoin_pieces(blobs, int(height)), key=lambda b: (b.x0, b.y0)), height)


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
    if sum(1 for b in blobs if b.height >= 0.5 * tall) > 2 * MAX_DIGITS:
        return None  # a line of text, not a number: not worth matching every letter
    # as the components are; where that reads badly, also with the pieces of digits the scan broke apart
    # joined again (the thin strokes of a serif face at low resolution), and the better reading kept
    reading = _read_blobs(blobs, tall, max_candidates)
    if reading is None or reading.confidence < 0.7:
        joined = whole_digits(blobs, tall)
        if len(joined) < len(blobs):
            other = _read_blobs(joined, tall, max_candidates)
            if other is not None and (reading is None or other.confidence > reading.confidence):
                reading = other
    return reading


def _read_blobs(blobs: list[Blob], tall: int, max_candidates: int) -> Reading | None:
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
        for piece in split_wide(b, typical if len(digit_like) > 1 else height * 1.1):
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
