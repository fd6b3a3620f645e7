"""Scans made here, for the OCR tests and bench/ocr.py: not tuned to the one scan in the fixtures.

A born-digital fixture's pages are rendered with pypdfium2 at a chosen
resolution, rotated by a chosen angle, blurred, given sensor noise, uneven
light and dust, thresholded to black and white, and saved as an image-only
PDF (Pillow), page size kept.  Every knob is a parameter, and the noise comes
from a seeded generator, so a scan is reproducible.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

PDF_DIR = Path(__file__).parent / "data" / "pdf"


@dataclass(frozen=True)
class ScanSpec:
    dpi: int = 200
    angle: float = 0.6  # degrees, counter-clockwise
    blur: float = 0.8  # Gaussian radius in pixels
    noise: float = 12.0  # grey levels of sensor noise (standard deviation)
    light: float = 40.0  # how much darker one edge is than the other (grey levels)
    dust: int = 150  # specks per page
    threshold: int = 150
    seed: int = 0


def scan_page(pdf: pdfium.PdfDocument, index: int, spec: ScanSpec, rng: np.random.Generator) -> Image.Image:
    page = pdf[index]
    img = page.render(scale=spec.dpi / 72, grayscale=True).to_pil().convert("L")
    page.close()
    img = img.rotate(spec.angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    if spec.blur:
        img = img.filter(ImageFilter.GaussianBlur(spec.blur))
    arr = np.asarray(img, dtype=np.float32)
    h, w = arr.shape
    arr = arr - np.linspace(0, spec.light, w, dtype=np.float32)[None, :]  # light falls off to one side
    arr = arr + rng.normal(0, spec.noise, arr.shape).astype(np.float32)
    for _ in range(spec.dust):
        y, x = int(rng.integers(0, h - 3)), int(rng.integers(0, w - 3))
        size = int(rng.integers(1, 3))
        arr[y : y + size, x : x + size] = 0
    bw = np.where(arr < spec.threshold, 0, 255).astype(np.uint8)
    return Image.fromarray(bw, mode="L").convert("1")


def make_scan(source: str | Path, pages: list[int], spec: ScanSpec) -> bytes:
    """An image-only PDF of ``pages`` (1-based) of ``source``, scanned as ``spec`` says."""
    pdf = pdfium.PdfDocument(str(source if Path(source).is_absolute() else PDF_DIR / source))
    rng = np.random.default_rng(spec.seed)
    images = [scan_page(pdf, p - 1, spec, rng) for p in pages]
    pdf.close()
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=float(spec.dpi))
    return out.getvalue()
