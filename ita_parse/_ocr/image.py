"""Page images: render, binarise, deskew, find ruling lines (numpy and Pillow only).

Why no OpenCV: the operations needed here are few and simple on a bilevel
page (a threshold, a shear search, row and column run lengths), numpy does
each in tens of milliseconds per page, and tesseract's own run dominates the
time anyway; opencv-python-headless would add ~60 MB for no measurable gain.

* Binarisation: Otsu's global threshold on the grey render.  Scans arrive
  mostly bilevel already (fax-style CCITT), where any threshold is the same.
* Skew: the angle that makes the row profile of the ink sharpest (text lines
  and rules become horizontal), searched coarse then fine over ±3°; pages
  are then rotated back with bicubic resampling on the grey image.
* Ruling lines: runs of ink much longer than any letter, in rows (horizontal
  rules) and columns (vertical rules), after bridging the one-pixel steps a
  slight residual skew leaves; gaps from scan dropout are bridged along the
  line.  The segments are handed to pdfplumber's table finder as edges, the
  same lattice algorithm the born-digital reader uses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from PIL import Image

Gray = NDArray[np.uint8]
Binary = NDArray[np.bool_]


def otsu(gray: Gray) -> int:
    """Otsu's threshold: ink is below it (from every other row and column: the histogram is the same)."""
    hist = np.bincount(gray[::2, ::2].reshape(-1), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 128
    levels = np.arange(256, dtype=np.float64)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    w1 = total - w0
    mean_all = m0[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean_all * w0 - m0 * total) ** 2 / (w0 * w1)
    between[~np.isfinite(between)] = 0
    return int(np.argmax(between)) + 1


def binarise(gray: Gray) -> Binary:
    t = otsu(gray)
    # a blank or almost blank page: Otsu splits the paper's own noise; demand real contrast
    if t > 235 or t < 20:
        t = 128
    return gray < t


def _profile_sharpness(ys: NDArray[np.float64], xs: NDArray[np.float64], angle: float, height: int) -> float:
    shifted = ys - xs * math.tan(math.radians(angle))
    hist = np.bincount(
        np.clip(np.round(shifted).astype(np.int64) + height, 0, 3 * height), minlength=3 * height + 1
    )
    h = hist.astype(np.float64)
    return float((h * h).sum())


def estimate_skew(ink: Binary, *, limit: float = 3.0) -> float:
    """The page's skew in degrees (positive: content rotated clockwise on screen, y down)."""
    # work on a quarter-size image: enough for angles of a tenth of a degree
    small = ink[::4, ::4]
    ys, xs = np.nonzero(small)
    if len(ys) < 200:
        return 0.0
    if len(ys) > 200_000:
        pick = np.random.default_rng(0).choice(len(ys), 200_000, replace=False)
        ys, xs = ys[pick], xs[pick]
    yf, xf = ys.astype(np.float64), xs.astype(np.float64)
    h = small.shape[0]
    best, best_score = 0.0, -1.0
    for angle in np.arange(-limit, limit + 1e-9, 0.25):
        s = _profile_sharpness(yf, xf, float(angle), h)
        if s > best_score:
            best, best_score = float(angle), s
    # refine on a half-resolution sample (a tenth of a degree moves a line by 3 px over a page)
    ink = ink[::2, ::2]
    ys, xs = np.nonzero(ink)
    if len(ys) > 400_000:
        pick = np.random.default_rng(0).choice(len(ys), 400_000, replace=False)
        ys, xs = ys[pick], xs[pick]
    yf, xf = ys.astype(np.float64), xs.astype(np.float64)
    h = ink.shape[0]
    centre, step = best, 0.25
    for _ in range(3):
        step /= 4
        candidates = [centre + k * step for k in range(-4, 5)]
        scores = [_profile_sharpness(yf, xf, a, h) for a in candidates]
        centre = candidates[int(np.argmax(scores))]
    return round(centre, 3)


def estimate_skew_gray(gray: Gray, *, limit: float = 3.0) -> float:
    """``estimate_skew`` from a grey page, thresholded at half resolution only (cheaper than a full pass)."""
    half = gray[::2, ::2]
    small_ink = half < otsu(half)
    big = np.zeros((small_ink.shape[0] * 2, small_ink.shape[1] * 2), dtype=bool)
    big[::2, ::2] = small_ink
    return estimate_skew(big, limit=limit)


def rotate(gray: Gray, angle: float) -> Gray:
    """Rotate a grey page about its centre by ``angle`` degrees (undoing a skew of ``-angle``)."""
    img = Image.fromarray(gray, mode="L")
    # bicubic: bilinear takes half the time, but tesseract then misreads more of the small print
    # in narrow cells (measured: plan periods right 8 of 10 instead of 9 on the sample scan)
    out = img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    return np.asarray(out, dtype=np.uint8)


# --- ruling lines -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Segment:
    """A ruling line in pixels: horizontal (y0 == y1 centre) or vertical (x0 == x1 centre), and thickness."""

    x0: float
    y0: float
    x1: float
    y1: float
    thickness: float

    @property
    def horizontal(self) -> bool:
        return self.y0 == self.y1


def _long_runs(ink: Binary, min_len: int) -> list[tuple[int, int, int]]:
    """Runs of ink of at least ``min_len`` in each row: (row, start, end exclusive).

    Only rows that can hold such a run are looked at closely: a run of
    ``min_len`` pixels fills at least ``(min_len - 7) // 8`` whole bytes of
    the row packed eight pixels to a byte, which is cheap to test.
    """
    h, w = ink.shape
    rows = np.arange(h)
    need = (min_len - 7) // 8
    if need >= 2:
        full = (np.packbits(ink, axis=1) == 255).astype(np.int32)
        counts = np.cumsum(full, axis=1)
        window = counts[:, need - 1 :].copy()
        window[:, 1:] -= counts[:, : counts.shape[1] - need]
        rows = np.nonzero((window >= need).any(axis=1))[0]
        if len(rows) == 0:
            return []
        ink = ink[rows]
    padded = np.zeros((len(rows), w + 2), dtype=np.int8)
    padded[:, 1:-1] = ink
    d = np.diff(padded, axis=1)
    sr, sc = np.nonzero(d == 1)
    _, ec = np.nonzero(d == -1)
    keep = (ec - sc) >= min_len
    return list(zip(rows[sr[keep]].tolist(), sc[keep].tolist(), ec[keep].tolist(), strict=True))


def _segments(ink: Binary, min_len: int, max_thickness: int) -> list[tuple[float, float, float, float]]:
    """Horizontal rules of an ink image: (y centre, x0, x1, thickness) in pixels."""
    # bridge one-pixel steps (residual skew) and pinholes: OR each row with its neighbours
    bridged = ink.copy()
    bridged[1:] |= ink[:-1]
    bridged[:-1] |= ink[1:]
    runs = _long_runs(bridged, min_len)
    # group runs of adjacent rows that overlap into one rule
    runs.sort(key=lambda r: (r[0], r[1]))
    open_: list[list[float]] = []  # [first row, last row, x0, x1]
    done: list[list[float]] = []
    for row, c0, c1 in runs:
        merged = False
        for seg in open_:
            if row - seg[1] <= 1 and c0 < seg[3] and seg[2] < c1:
                seg[1] = row
                seg[2] = min(seg[2], c0)
                seg[3] = max(seg[3], c1)
                merged = True
                break
        if not merged:
            open_.append([row, row, c0, c1])
        still: list[list[float]] = []
        for seg in open_:
            (still if row - seg[1] <= 1 else done).append(seg)
        open_ = still
    done.extend(open_)
    out: list[tuple[float, float, float, float]] = []
    for r0, r1, x0, x1 in done:
        thickness = r1 - r0 + 1 - 2  # the bridging added a row on each side
        if thickness > max_thickness:
            continue  # a filled block (a shaded header, a photo), not a rule
        out.append(((r0 + r1) / 2, x0, x1, max(1.0, thickness)))
    # join pieces of one rule broken by dropout: about the same row, a gap shorter than a rule
    out.sort(key=lambda s: s[1])
    joined: list[list[float]] = []
    for y, x0, x1, t in out:
        for seg in joined:
            if abs(seg[0] - y) <= max(3.0, seg[3], t) and x0 - seg[2] <= min_len:
                seg[2] = max(seg[2], x1)
                seg[3] = max(seg[3], t)
                break
        else:
            joined.append([y, x0, x1, t])
    return [(s[0], s[1], s[2], s[3]) for s in joined]


def ruling_lines(ink: Binary, dpi: float) -> list[Segment]:
    """Horizontal and vertical rules on a deskewed page.

    At full resolution: found at half resolution (2×2 blocks pooled), the gaps
    between stacked lines of a header cell close up and read as a rule.
    """
    # a rule is longer than any letter or word gap: at least ~7 mm; thinner than ~1.5 mm
    min_len = max(20, int(dpi * 0.28))
    max_thickness = max(3, int(dpi * 0.06))
    hs = _segments(ink, min_len, max_thickness)
    vs = _segments(np.ascontiguousarray(ink.T), min_len, max_thickness)
    reach = 0.3 * dpi
    hs = _snap_ends(hs, vs, reach)
    vs = _snap_ends(vs, hs, reach)
    segs = [Segment(x0, y, x1, y, t) for y, x0, x1, t in hs]
    segs += [Segment(x, y0, x, y1, t) for x, y0, y1, t in vs]
    return segs


def _snap_ends(
    segs: list[tuple[float, float, float, float]],
    across: list[tuple[float, float, float, float]],
    reach: float,
) -> list[tuple[float, float, float, float]]:
    """Extend a rule whose end stops short of a crossing rule (dropout ate the corner) to meet it.

    The lattice finder needs rules to touch to make a cell; a scan often loses
    the last few millimetres of a rule at a corner.
    """
    out: list[tuple[float, float, float, float]] = []
    for pos, a, b, t in segs:
        for cpos, ca, cb, ct in across:
            tol = max(3.0, t, ct) + 1.0
            if not ca - tol <= pos <= cb + tol:
                continue  # the crossing rule does not pass this rule's line
            if cpos < a and a - cpos <= reach:
                a = cpos
            if cpos > b and cpos - b <= reach:
                b = cpos
        out.append((pos, a, b, t))
    return out


def _blank_rules(
    img: np.ndarray[Any, Any], segments: list[Segment], value: Any, *, pad: int, reach: int
) -> None:
    """Set the band of each rule in ``img`` to ``value``: ``pad`` px beyond half its thickness across
    it, ``reach`` px past its ends along it."""
    h, w = img.shape
    for s in segments:
        across = math.ceil(s.thickness / 2) + pad
        if s.horizontal:
            y = round(s.y0)
            img[
                max(0, y - across) : min(h, y + across + 1),
                max(0, int(s.x0) - reach) : min(w, int(s.x1) + reach),
            ] = value
        else:
            x = round(s.x0)
            img[
                max(0, int(s.y0) - reach) : min(h, int(s.y1) + reach),
                max(0, x - across) : min(w, x + across + 1),
            ] = value


def erase_lines(ink: Binary, segments: list[Segment]) -> Binary:
    """A copy of the ink with the rules removed (so tesseract does not read them as letters)."""
    out: Binary = ink.copy()
    _blank_rules(out, segments, False, pad=2, reach=1)
    return out


def paint_out_lines(gray: Gray, segments: list[Segment]) -> Gray:
    """A copy of a grey page with the rules painted white, with the grey fringe along them."""
    out: Gray = gray.copy()
    _blank_rules(out, segments, 255, pad=3, reach=2)
    return out


def edges_in_points(segments: list[Segment], scale: float) -> list[dict[str, Any]]:
    """Rules as pdfplumber edge dicts in points (``scale`` = points per pixel)."""
    edges: list[dict[str, Any]] = []
    for s in segments:
        if s.horizontal:
            y = s.y0 * scale
            x0, x1 = s.x0 * scale, s.x1 * scale
            edges.append(
                {
                    "x0": x0,
                    "x1": x1,
                    "top": y,
                    "bottom": y,
                    "doctop": y,
                    "width": x1 - x0,
                    "height": 0.0,
                    "orientation": "h",
                    "object_type": "line",
                }
            )
        else:
            x = s.x0 * scale
            top, bottom = s.y0 * scale, s.y1 * scale
            edges.append(
                {
                    "x0": x,
                    "x1": x,
                    "top": top,
                    "bottom": bottom,
                    "doctop": top,
                    "width": 0.0,
                    "height": bottom - top,
                    "orientation": "v",
                    "object_type": "line",
                }
            )
    return edges
