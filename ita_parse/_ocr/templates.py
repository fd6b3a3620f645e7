"""Build ``digits.npz``, the digit (and item-code letter e) templates ``digits`` matches against.

Run ``python -m ita_parse._ocr.templates`` (needs Debian's fonts-thai-tlwg and
fonts-dejavu-core) to rebuild it.  Every digit ๐–๙ and 0–9 is drawn in the
upright regular and bold faces of every TLWG family (the free Thai fonts;
Laksaman is the free TH Sarabun, the Thai government's standard face) and of
DejaVu, at two sizes and three ink thresholds (thin, normal and heavy
strokes, as scans print them), then normalised exactly as a scanned
component is.  Nothing here comes from a scan.
"""

from __future__ import annotations

import glob
import os
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from .digits import CLASSES, SIDE, normalise

FONT_GLOBS = (
    "/usr/share/fonts/truetype/tlwg/*.ttf",
    "/usr/share/fonts/opentype/tlwg/*.otf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans*.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif*.ttf",
)
_SKIP = ("Oblique", "Italic", "Condensed", "ExtraLight", "Mono")
SIZES = (30, 56)
THRESHOLDS = (0.3, 0.5, 0.7)


def font_files() -> list[str]:
    files: dict[str, str] = {}
    for pattern in FONT_GLOBS:
        for path in sorted(glob.glob(pattern)):
            name = os.path.splitext(os.path.basename(path))[0]
            if any(s in name for s in _SKIP) or name in files:
                continue
            files[name] = path
    return [files[k] for k in sorted(files)]


def render(ch: str, font: ImageFont.FreeTypeFont, threshold: float) -> np.ndarray | None:
    size = int(font.size)
    img = Image.new("L", (size * 3, size * 3), 0)
    ImageDraw.Draw(img).text((size, size // 2), ch, font=font, fill=255)
    arr = np.asarray(img, dtype=np.float32) / 255.0
    ink = arr >= threshold
    return ink if ink.any() else None


def build(out: str) -> int:
    vectors: list[np.ndarray] = []
    aspects: list[float] = []
    labels: list[int] = []
    fonts = font_files()
    if not fonts:
        raise SystemExit("no fonts found: apt-get install fonts-thai-tlwg fonts-dejavu-core")
    for path in fonts:
        for size in SIZES:
            font = ImageFont.truetype(path, size)
            for k, ch in enumerate(CLASSES):
                for threshold in THRESHOLDS:
                    ink = render(ch, font, threshold)
                    if ink is None:
                        continue
                    ys, xs = np.nonzero(ink)
                    vectors.append(normalise(ink))
                    aspects.append((ys.max() - ys.min() + 1) / (xs.max() - xs.min() + 1))
                    labels.append(k)
    np.savez_compressed(
        out,
        vectors=np.asarray(vectors, dtype=np.float16),
        aspects=np.asarray(aspects, dtype=np.float16),
        labels=np.asarray(labels, dtype=np.int16),
    )
    sys.stdout.write(f"{len(vectors)} templates from {len(fonts)} fonts → {out} ({SIDE}×{SIDE})\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(build(os.path.join(os.path.dirname(__file__), "digits.npz")))
