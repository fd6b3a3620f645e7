"""Text lines found in the ink, so that tesseract reads each line on its own.

Why not tesseract's own layout analysis: in faces whose marks stand tall
above the letters (Garuda), it takes the row of marks over a line for a line
of its own, reads it as Latin garbage ("fou ca A ณะ wa") and reads the line
below without its marks ("วชีวัดที" for "ตัวชี้วัดที่"); in tables it runs
cells together.  Cut out here, each line with its own marks and nothing of
its neighbours, the lines become the pages of one multi-page image that
tesseract reads in one run as single text lines (``--psm 7``): no layout
analysis at all, which also makes the run cheaper.

How (numpy over connected components, no loop over pixels):

* the components of the page's ink (rules erased) are labelled once; specks
  are the components too small to be any letter part;
* the x-height is the commonest component height: most Thai consonants and
  vowels stand exactly x-height tall;
* *letters* (components at least 0.6 x-height tall) are grouped into lines
  by their vertical centre; a group that is only the tall marks over the line
  below it (ending right on top of its core) is dissolved;
* every other component (marks, vowels below the line, points) joins the
  line whose core it is nearest to: above a core by up to 1.3 x-height (marks
  stack two high), below by up to 0.8 (vowels below, descenders).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Ints = NDArray[np.int64]
Binary = NDArray[np.bool_]

_EIGHT = np.ones((3, 3), dtype=bool)

#: letters: components at least this tall (× x-height); shorter ones are marks, points, vowels below
LETTER = 0.6
#: a letter whose centre is this far (× x-height) from the one before it (by height) starts a new line
LINE_GAP = 0.5
#: how far (× x-height) above and below a line's core its marks and descenders reach
REACH_ABOVE = 1.3
REACH_BELOW = 0.8
#: a group of "letters" ending less than this (× x-height) above the next line's core is its marks
MARKS_GAP = 0.5
#: components this many x-heights tall are not text (a logo, a photo, a frame): not read
TOO_TALL = 4.0


@dataclass(slots=True)
class Components:
    """The 8-connected components of an ink image: label image and per-component boxes (exclusive ends)."""

    labels: NDArray[np.int32]  # 0: background; k + 1: component k
    x0: Ints
    y0: Ints
    x1: Ints
    y1: Ints
    area: Ints
    keep: Binary  # not a speck

    def __len__(self) -> int:
        return len(self.x0)

    @property
    def height(self) -> Ints:
        return self.y1 - self.y0

    def ink(self) -> Binary:
        """The ink without the specks."""
        lut = np.concatenate(([False], self.keep))
        out: Binary = lut[self.labels]
        return out


def label(ink: Binary, speck_area: int) -> Components:
    """Label the components of ``ink``; those of at most ``speck_area`` pixels are specks."""
    from scipy import ndimage

    labels, count = ndimage.label(ink, structure=_EIGHT)
    labels = labels.astype(np.int32, copy=False)
    if count == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Components(labels, empty, empty, empty, empty, empty, np.zeros(0, dtype=bool))
    # counted over the ink pixels only (a twentieth of the page): the same counts, a third of the time
    area = np.bincount(labels[ink], minlength=count + 1)[1:].astype(np.int64)
    slices = ndimage.find_objects(labels)
    boxes = np.array(
        [(s[1].start, s[0].start, s[1].stop, s[0].stop) if s is not None else (0, 0, 0, 0) for s in slices],
        dtype=np.int64,
    )
    return Components(labels, boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3], area, area > speck_area)


def x_height(comps: Components, ids: Ints, min_height: int) -> float | None:
    """The commonest height of the components ``ids`` at least ``min_height`` tall (a 3-pixel window)."""
    h = comps.height[ids]
    h = h[h >= min_height]
    if len(h) < 5:
        return None
    hist = np.bincount(h).astype(np.float64)
    window = np.convolve(hist, np.ones(3), mode="same")
    peak = int(np.argmax(window))
    lo, hi = max(0, peak - 1), min(len(hist), peak + 2)
    weights = hist[lo:hi]
    return float((np.arange(lo, hi) * weights).sum() / max(1.0, weights.sum()))


@dataclass(slots=True)
class TextLine:
    """One line of text: its components, box (pixels, exclusive ends), baseline and x-height."""

    members: Ints
    x0: int
    y0: int
    x1: int
    y1: int
    base: float
    xh: float


def _group(centres: NDArray[np.float64], gap: float) -> list[NDArray[np.intp]]:
    """Indices into ``centres`` grouped where sorted neighbours lie more than ``gap`` apart."""
    order = np.argsort(centres, kind="stable")
    cuts = np.nonzero(np.diff(centres[order]) > gap)[0] + 1
    return list(np.split(order, cuts))


def find_lines(comps: Components, ids: Ints, xh: float) -> list[TextLine]:
    """The text lines made of the components ``ids`` (specks already left out), top to bottom."""
    if len(ids) == 0:
        return []
    h = comps.height[ids]
    ids = ids[h <= TOO_TALL * xh]
    if len(ids) == 0:
        return []
    h = comps.height[ids]
    y0, y1 = comps.y0[ids].astype(np.float64), comps.y1[ids].astype(np.float64)
    centre = (y0 + y1) / 2
    is_letter = h >= LETTER * xh
    letters = np.nonzero(is_letter)[0]
    groups = [letters[g] for g in _group(centre[letters], LINE_GAP * xh)] if len(letters) else []
    # each group's core band: the median top and bottom of its letters; its own x-height
    cores = [
        (float(np.median(y0[g])), float(np.median(y1[g])), float(np.median(h[g])), len(g)) for g in groups
    ]
    # a group that is only the marks over the line below (tall stacked marks, as tall as letters in bold
    # faces): it ends right on top of that line's core, where the next line of text never starts (lines
    # are at least an x-height apart)
    keep_group = [True] * len(groups)
    for k in range(len(groups) - 1):
        _, bottom, _, _ = cores[k]
        below_top, _, below_h, _ = cores[k + 1]
        if below_top - bottom < MARKS_GAP * below_h:
            keep_group[k] = False
    groups = [g for g, keep in zip(groups, keep_group, strict=True) if keep]
    cores = [c for c, keep in zip(cores, keep_group, strict=True) if keep]
    owner = np.full(len(ids), -1, dtype=np.int64)
    for k, g in enumerate(groups):
        owner[g] = k
    rest = np.nonzero(owner < 0)[0]
    if len(rest) and cores:
        tops = np.array([c[0] for c in cores])
        bottoms = np.array([c[1] for c in cores])
        heights = np.array([c[2] for c in cores])
        c = centre[rest][:, None]
        above = np.clip(tops[None, :] - c, 0, None) / (REACH_ABOVE * heights[None, :])
        below = np.clip(c - bottoms[None, :], 0, None) / (REACH_BELOW * heights[None, :])
        dist = above + below  # at most one of them is non-zero
        best = np.argmin(dist, axis=1)
        ok = dist[np.arange(len(rest)), best] <= 1.0
        owner[rest[ok]] = best[ok]
    # what no line took and is not tiny (a dash, a bullet, a lone symbol): lines of its own
    stray = np.nonzero((owner < 0) & (h >= 0.3 * xh))[0]
    extra = _group(centre[stray], LINE_GAP * xh) if len(stray) else []
    lines: list[TextLine] = []
    for k in range(len(groups) + len(extra)):
        if k < len(groups):
            local = np.nonzero(owner == k)[0]
            core = groups[k]
        else:
            local = stray[extra[k - len(groups)]]
            core = local
        members = ids[local]
        hs = h[core]
        usual = float(np.median(hs))
        plain = core[np.abs(hs - usual) <= 0.25 * usual]
        if len(plain) == 0:
            plain = core
        lines.append(
            TextLine(
                members,
                int(comps.x0[members].min()),
                int(comps.y0[members].min()),
                int(comps.x1[members].max()),
                int(comps.y1[members].max()),
                float(np.median(y1[plain])),
                max(1.0, float(np.median(h[plain]))),
            )
        )
    lines.sort(key=lambda line: (line.base, line.x0))
    return lines
