"""OCR line by line: text lines found in the ink, tesseract's output put back together, and the repairs
that made scans of other faces read as well as the fixture scan (Garuda's tall marks, Norasi's serif i,
digits the scan joined, letters read twice, digits dropped).

The page-level tests scan one or two pages each (about two seconds a page); whole documents are measured
by bench/ocr.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

import ita_parse
from ita_parse._api import read_document
from ita_parse._document import Table, TextBlock
from ita_parse._ocr import lines as ocr_lines
from ita_parse._ocr.page import _drop_stutter, _parse_pages, _Word
from ita_parse._ocr.text import fix_dates, month_of

from .test_ocr_metrics import edit_distance, expected_scores, report_scores
from .test_ocr_scans import PDF_DIR, ScanSpec, make_scan

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")

GARUDA = ScanSpec(dpi=250, angle=-0.8, seed=7)
NORASI = ScanSpec(dpi=300, angle=0.5, seed=7)


def _scan(tmp_path: Path, source: str, pages: list[int], spec: ScanSpec) -> Path:
    path = tmp_path / f"{Path(source).stem}-{'-'.join(map(str, pages))}.pdf"
    path.write_bytes(make_scan(source, pages, spec))
    return path


def _squash(text: str) -> str:
    return "".join(text.split())


# --- page level -----------------------------------------------------------------------------------


@needs_tesseract
@pytest.mark.slow
def test_garuda_marks_stay_with_their_lines(tmp_path: Path) -> None:
    """Regression: in Garuda, tesseract's layout analysis read the row of tall marks over a line as a line
    of Latin garbage and the line below without its marks (CER 10 % on the analysis).  Lines found in the
    ink keep their marks: the scanned analysis page reads as the born-digital page's text layer."""
    page = 10  # an analysis page: headings in bold, running text
    scanned = read_document(_scan(tmp_path, "garuda.pdf", [page], GARUDA))
    born = read_document(PDF_DIR / "garuda.pdf")
    want = "".join(_squash(b.text) for b in born.blocks if isinstance(b, TextBlock) and b.page == page)
    got = "".join(_squash(b.text) for b in scanned.blocks if isinstance(b, TextBlock))
    assert want
    assert edit_distance(got, want) / len(want) <= 0.02, got[:200]


@needs_tesseract
@pytest.mark.slow
def test_garuda_summary_exact(tmp_path: Path) -> None:
    """Regression: the summary table of a Garuda scan: the EIT score ๙๕.๗๗, whose two ๗ the scan joined
    into one blob, exact (cut where the pieces read best, not at the thinnest column, which is the first
    ๗'s tail: it read ๙๕.๓๗); every other value exact or marked.  (Indicator 6 is printed 96.29 here and
    96.26 everywhere else: on this page alone, the tool's mean prefers a reading of 96.24, kept marked.)"""
    report = ita_parse.parse(_scan(tmp_path, "garuda.pdf", [2], GARUDA))
    want = expected_scores()
    got = report_scores(report)
    assert got["tool EIT"] == (95.77, False)
    keys = [f"indicator {n}" for n in range(1, 11)] + ["tool IIT", "tool OIT", "total"]
    wrong = {k: got[k] for k in keys if got[k][0] != want[k] and not got[k][1]}
    assert not wrong, wrong
    exact = [k for k in keys if got[k][0] == want[k]]
    assert len(exact) >= len(keys) - 1, exact


@needs_tesseract
@pytest.mark.slow
def test_item_codes_of_a_serif_face(tmp_path: Path) -> None:
    """Regression: Norasi's i has serif feet as wide as half its height (taken for no i: 14 IIT items
    lost), and its two-digit codes space their digits wider (i๑๐ read as i๑)."""
    report = ita_parse.parse(_scan(tmp_path, "norasi.pdf", [3, 4], NORASI))
    codes = [item.code for item in report.items if item.code.startswith("i")]
    numbers = sorted(int(c[1:]) for c in codes)
    assert len(numbers) >= 8 and numbers == list(range(numbers[0], numbers[-1] + 1)), codes


@needs_tesseract
@pytest.mark.slow
def test_garuda_plan_period_and_owner(tmp_path: Path) -> None:
    """Regression: the plan table's small print in Garuda: years read as letters with marks ("๒ผ่",
    "งดค่" for ๖๙), a year glued to the next word ("๖๘ถึง" once became "๖๘0ง"), months with spaces
    inside ("ก .ุย .")."""
    doc = read_document(_scan(tmp_path, "garuda.pdf", [22], GARUDA))
    plans = [b for b in doc.blocks if isinstance(b, Table) and b.ncols == 7]
    assert plans, "no 7-column plan table found"
    row = next(r for p in plans for r in p.rows if r.cells[0].text.startswith("1."))
    assert _squash(row.cells[5].text) == _squash("1 ต.ค. 68 ถึง 30 ก.ย. 69"), row.cells[5].text
    assert _squash(row.cells[6].text) == _squash("ทุกสำนัก/กอง"), row.cells[6].text


# --- the pieces -----------------------------------------------------------------------------------


def _blob_image() -> np.ndarray:
    """Two text lines of 'letters' (10×10 squares) with a row of small 'marks' (3×3) over the second."""
    ink = np.zeros((120, 200), dtype=bool)
    for x in range(10, 190, 16):
        ink[20:30, x : x + 10] = True  # line 1: core rows 20–29
        ink[70:80, x : x + 10] = True  # line 2: core rows 70–79
    for x in range(12, 190, 32):
        ink[62:66, x : x + 4] = True  # marks over line 2
        ink[32:35, x : x + 3] = True  # vowels under line 1
    return ink


def test_lines_take_their_marks_and_vowels() -> None:
    comps = ocr_lines.label(_blob_image(), speck_area=2)
    ids = np.nonzero(comps.keep)[0]
    xh = ocr_lines.x_height(comps, ids, 5)
    assert xh is not None and 9 <= xh <= 11
    found = ocr_lines.find_lines(comps, ids, xh)
    assert len(found) == 2
    first, second = found
    assert (first.y0, first.y1) == (20, 35) and (second.y0, second.y1) == (62, 80)
    assert first.base == 30 and second.base == 80


def test_a_row_of_tall_marks_is_not_a_line() -> None:
    """Marks as tall as letters (stacked, bold) right on top of a line: dissolved into it."""
    ink = np.zeros((100, 200), dtype=bool)
    for x in range(10, 190, 16):
        ink[50:60, x : x + 10] = True
    for x in range(12, 190, 48):
        ink[40:48, x : x + 6] = True  # 8 tall: "letters" by height, but ending on the line's core
    comps = ocr_lines.label(ink, speck_area=2)
    ids = np.nonzero(comps.keep)[0]
    found = ocr_lines.find_lines(comps, ids, 10.0)
    assert len(found) == 1 and found[0].y0 == 40 and len(found[0].members) == len(ids)


def test_parse_pages_puts_boxes_into_lines_and_words() -> None:
    """A multi-page run: texts end with a form feed, boxes carry their page; marks join their base;
    spaces come from the text output; y counts down from the top of each page."""
    txt = "ที่ ๑\n\f\fab\n\f"
    box = "\n".join(
        [
            "ท 0 0 10 20 0",
            "ี 0 15 10 25 0",
            "่ 0 20 10 30 0",
            "๑ 20 0 30 20 0",
            "a 0 0 5 10 2",
            "b 6 0 11 10 2",
        ]
    )
    pages = _parse_pages(box, txt, [40, 10, 12])
    assert [[w.text for w in ws] for ws in pages] == [["ที่", "๑"], [], ["a", "b"]]
    thi, one = pages[0]
    assert (thi.left, thi.top, thi.right, thi.bottom) == (0, 10, 10, 40)
    assert one.space_before and not thi.space_before
    a, b = pages[2]
    assert (a.top, a.bottom) == (2, 12) and not b.space_before


def test_a_letter_read_twice_is_one_letter() -> None:
    """Regression (fixture and Norasi scans): ก of กอง read "กถก" or "ถก", the boxes over one letter."""
    ink = np.zeros((40, 120), dtype=bool)
    ink[10:30, 10:30] = True  # ก
    ink[10:30, 40:60] = True  # อ
    comps = ocr_lines.label(ink, speck_area=2)
    ids = np.nonzero(comps.keep)[0]
    (line,) = ocr_lines.find_lines(comps, ids, 20.0)

    def word(text: str, left: int, right: int) -> _Word:
        return _Word(text, left, 10, right, 30, 0.0)

    words = [word("ก", 10, 17), word("ถ", 17, 24), word("ก", 24, 30), word("อ", 40, 60)]
    assert [w.text for w in _drop_stutter(words, comps, line)] == ["ก", "อ"]
    # two different letters over two letters of ink stay; so does a letter written twice (บบ)
    words = [word("ก", 10, 30), word("ถ", 40, 60)]
    assert [w.text for w in _drop_stutter(words, comps, line)] == ["ก", "ถ"]
    words = [word("บ", 10, 18), word("บ", 18, 28), word("อ", 40, 60)]
    assert [w.text for w in _drop_stutter(words, comps, line)] == ["บ", "บ", "อ"]


def test_months_with_look_alike_consonants() -> None:
    """ด and ค for ต count half an edit (ด.ค. is nearer ต.ค. than ธ.ค.); a month may come with spaces."""
    assert month_of("ด.ค.") == "ต.ค." and month_of("คิ.ค.") == "ต.ค." and month_of("ดด.ค.") == "ต.ค."
    assert month_of("บ.ย.") is None  # พ.ย. or ก.ย.: left as read
    assert fix_dates("1 ต.ค. 68ถึง 30 ก .ุย . 69") == "1 ต.ค. 68ถึง 30 ก.ย. 69"


@needs_tesseract
@pytest.mark.slow
def test_digits_the_scan_broke_apart(tmp_path: Path) -> None:
    """Regression: Norasi's thin strokes at 200 dpi with noise break digits into pieces (๙๖.๒๙ read
    ๙๖.1๑๙, the loop of ๖ a component of its own, i๒ read as "1๒" and dropped): pieces are joined again
    where together they match a digit and apart they do not."""
    spec = ScanSpec(dpi=200, angle=-1.1, noise=12.0, dust=250, seed=5)
    report = ita_parse.parse(_scan(tmp_path, "norasi.pdf", [2, 3], spec))
    want = expected_scores()
    got = report_scores(report)
    keys = [f"indicator {n}" for n in range(1, 11)] + ["tool IIT", "tool EIT", "tool OIT", "total"]
    assert not [k for k in keys if got[k][0] != want[k] and not got[k][1]]
    assert sum(got[k][0] == want[k] for k in keys) >= len(keys) - 1
    assert {"i1", "i2", "i3"} <= {item.code for item in report.items}
