"""Page crops for the HTML report: the places a finding points at, cut from the rendered PDF page.

Provenance boxes are ``[x0, top, x1, bottom]`` in PDF points with the origin at
the top left of the page (as pdfplumber gives them; the OCR of scanned pages
reports its boxes in the same page coordinates).  Only the region around the
boxes is rendered (pypdfium2), in grey, and stored as a 16-grey PNG data: URI
so the HTML stays self-contained and small.  The boxes themselves are not
drawn into the image: the page draws them as positioned HTML over it, so a
reader (or a browser test) can compare them with the image's geometry.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from .._model import BBox, Provenance

if TYPE_CHECKING:  # pragma: no cover
    from PIL import Image

Role = Literal["primary", "related"]

#: points of page kept above and below the boxes, and beside them
MARGIN_Y = 30.0
MARGIN_X = 8.0
#: boxes on one page are drawn on one crop while their union stays this tall (points)
MAX_CLUSTER_HEIGHT = 200.0
#: a crop spans at least this share of a portrait page's width (the row's context) ...
CONTEXT_SHARE = 0.80
#: ... and at least this many points of a wider page, around the boxes
CONTEXT_WIDTH = 480.0
#: pixels per point: the primary crop, and the smaller related crops
SCALE_PRIMARY = 1.5
SCALE_RELATED = 1.25
#: crops per finding: the place itself and up to this many related ones; the rest are listed
MAX_RELATED_CROPS = 4

_GREYS = [min(15, (v + 8) // 17) for v in range(256)]
_PALETTE = [level * 17 for level in range(16) for _ in range(3)]


@dataclass(frozen=True)
class Place:
    """One place of a finding: its location (primary) or one of its related places."""

    prov: Provenance
    role: Role
    index: int  # 0 = the location, n = related[n - 1]


@dataclass
class Box:
    bbox: BBox
    role: Role
    index: int

    def percent(self, region: BBox) -> tuple[float, float, float, float]:
        """left, top, width, height as percentages of the crop region."""
        rx0, rtop, rx1, rbottom = region
        w, h = rx1 - rx0, rbottom - rtop
        x0, top, x1, bottom = self.bbox
        x0, x1 = max(x0, rx0), min(x1, rx1)
        top, bottom = max(top, rtop), min(bottom, rbottom)
        return (
            100.0 * (x0 - rx0) / w,
            100.0 * (top - rtop) / h,
            100.0 * max(0.0, x1 - x0) / w,
            100.0 * max(0.0, bottom - top) / h,
        )


@dataclass
class Crop:
    page: int
    region: BBox  # PDF points, top-left origin
    role: Role  # primary if it holds the finding's own location
    boxes: list[Box] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    width: int = 0  # pixels of the image
    height: int = 0
    data_uri: str = ""


def places_of(location: Provenance, related: Sequence[Provenance]) -> list[Place]:
    return [Place(location, "primary", 0)] + [Place(p, "related", i + 1) for i, p in enumerate(related)]


def _union(boxes: Sequence[BBox]) -> BBox:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def plan_crops(
    places: Sequence[Place],
    page_size: dict[int, tuple[float, float]],
    *,
    max_related: int = MAX_RELATED_CROPS,
) -> tuple[list[Crop], list[Place]]:
    """The crops that show these places, and the places left without one (no page image or too many).

    Places on one page close enough together share a crop; the crop holding the
    finding's own location comes first.
    """
    crops: list[Crop] = []
    left_out: list[Place] = []
    for place in places:
        p = place.prov
        if p.path is not None or p.page is None or p.bbox is None or p.page not in page_size:
            left_out.append(place)
            continue
        target = None
        for crop in crops:
            if crop.page != p.page:
                continue
            union = _union([*(b.bbox for b in crop.boxes), p.bbox])
            if union[3] - union[1] <= MAX_CLUSTER_HEIGHT:
                target = crop
                break
        if target is None:
            if place.role == "related" and sum(c.role == "related" for c in crops) >= max_related:
                left_out.append(place)
                continue
            target = Crop(page=p.page, region=p.bbox, role=place.role)
            crops.append(target)
        target.boxes.append(Box(p.bbox, place.role, place.index))
        target.places.append(place)
    for crop in crops:
        crop.region = _region([b.bbox for b in crop.boxes], page_size[crop.page])
    return crops, left_out


def _region(boxes: Sequence[BBox], size: tuple[float, float]) -> BBox:
    """The part of the page to show: the boxes, the lines around them, and their row's context.

    On a portrait page that is the width of the text (a table row from its first cell); on a wide
    page (a landscape plan table) a window of CONTEXT_WIDTH points around the boxes, so that one cell
    is not shown at the scale of a whole landscape row.
    """
    width, height = size
    x0, top, x1, bottom = _union(boxes)
    side = width * (1.0 - CONTEXT_SHARE) / 2.0
    if width - 2 * side <= CONTEXT_WIDTH:
        x0 = max(0.0, min(x0 - MARGIN_X, side))
        x1 = min(width, max(x1 + MARGIN_X, width - side))
    else:
        want = max(x1 - x0 + 2 * MARGIN_X, CONTEXT_WIDTH)
        middle = (x0 + x1) / 2.0
        x0 = min(max(0.0, middle - want / 2.0), max(0.0, width - want))
        x1 = min(width, x0 + want)
    top = max(0.0, top - MARGIN_Y)
    bottom = min(height, bottom + MARGIN_Y)
    if bottom - top < 1.0:  # a degenerate box: show a strip
        bottom = min(height, top + 24.0)
    return (round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2))


class PageImages:
    """A PDF opened once for rendering crops of its pages (pypdfium2)."""

    def __init__(self, data: bytes) -> None:
        import pypdfium2 as pdfium

        self._pdf: Any = pdfium.PdfDocument(data)
        self._pages: dict[int, Any] = {}
        self._rendered: dict[tuple[int, BBox, float], tuple[str, int, int]] = {}

    def __enter__(self) -> PageImages:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for page in self._pages.values():
            page.close()
        self._pages.clear()
        self._pdf.close()

    def __len__(self) -> int:
        return len(self._pdf)

    def _page(self, number: int) -> Any:
        if number not in self._pages:
            self._pages[number] = self._pdf[number - 1]
        return self._pages[number]

    def page_sizes(self, numbers: Sequence[int]) -> dict[int, tuple[float, float]]:
        """(width, height) in points of each page that exists, as displayed (rotation applied)."""
        out: dict[int, tuple[float, float]] = {}
        for n in set(numbers):
            if 1 <= n <= len(self._pdf):
                w, h = self._page(n).get_size()  # pdfium applies the page's /Rotate
                out[n] = (float(w), float(h))
        return out

    def render(self, crop: Crop) -> None:
        """Fill in the crop's image (a data: URI) and its pixel size."""
        scale = SCALE_PRIMARY if crop.role == "primary" else SCALE_RELATED
        key = (crop.page, crop.region, scale)
        if key not in self._rendered:
            page = self._page(crop.page)
            width, height = self.page_sizes([crop.page])[crop.page]
            x0, top, x1, bottom = crop.region
            bitmap = page.render(
                scale=scale,
                crop=(x0, height - bottom, width - x1, top),  # left, bottom, right, top margins
                grayscale=True,
            )
            image = bitmap.to_pil()
            self._rendered[key] = (_png_data_uri(image), image.width, image.height)
        crop.data_uri, crop.width, crop.height = self._rendered[key]


def _png_data_uri(image: Image.Image) -> str:
    """A grey image as a 16-level (4-bit) PNG data: URI: text stays sharp, the file small."""
    if image.mode != "L":
        image = image.convert("L")
    grey = image.point(_GREYS).convert("P")
    grey.putpalette(_PALETTE)
    buf = io.BytesIO()
    grey.save(buf, "PNG", bits=4, compress_level=6)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
