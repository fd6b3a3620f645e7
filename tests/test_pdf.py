"""The PDF reader, end to end on the fixture PDFs, and on bad or unusual PDFs built here.

The reference for every value is the text sample: the fixtures are the same
report typed into Word files and exported by LibreOffice, so ``parse`` of a
fixture must give the same values as ``parse`` of the sample, and its text
must match the fixtures' ground truth (``tests/data/pdf/groundtruth_*.json``).
"""

from __future__ import annotations

import difflib
import io
import json
import os
import signal
import threading
import time
from functools import cache
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import regex

import ita_parse
from ita_parse import _cli
from ita_parse._document import Table, TextBlock
from ita_parse._extract._patterns import ANALYSIS_LABEL_RE, ITEM_CODE_RE
from ita_parse._extract._steps import split_steps
from ita_parse._read import ReadOptions, load_source, read
from ita_parse._thai import to_arabic_digits

from .helpers import DATA, SAMPLE, golden_check, semantic

PDF_DIR = DATA / "pdf"
FIXTURES = ["laksaman", "garuda", "norasi", "arabic_digits"]
#: the same pages as laksaman.pdf with a Word-style text layer (PUA marks, ํา): must read the same
ALL = [*FIXTURES, "word_style_laksaman"]
# where each part is, from the fixtures' README (used only to check provenance)
PAGES = {
    "laksaman": {"items": (2, 7), "analysis": (8, 18), "plan": (19, 36)},
    "garuda": {"items": (3, 8), "analysis": (9, 21), "plan": (22, 44)},
    "norasi": {"items": (2, 7), "analysis": (8, 17), "plan": (18, 33)},
    "arabic_digits": {"items": (2, 7), "analysis": (8, 18), "plan": (19, 36)},
    "word_style_laksaman": {"items": (2, 7), "analysis": (8, 18), "plan": (19, 36)},
}
LOCATION = {"page", "bbox", "line", "paragraph"}


# --- what the text sample gives, and the ground truth --------------------------------------------------


def without_location(obj: Any) -> Any:
    """Provenance without page, box, line and paragraph: what differs between a PDF and a text dump."""
    if isinstance(obj, dict):
        return {k: without_location(v) for k, v in obj.items() if k not in LOCATION}
    if isinstance(obj, list):
        return [without_location(v) for v in obj]
    return obj


@cache
def reference() -> dict[str, Any]:
    data: dict[str, Any] = without_location(semantic(ita_parse.parse(SAMPLE), keep_text=False))
    return data


@cache
def ground_truth(arabic: bool) -> dict[str, Any]:
    name = "groundtruth_arabic.json" if arabic else "groundtruth_thai.json"
    data: dict[str, Any] = json.loads((PDF_DIR / name).read_text(encoding="utf-8"))
    return data


def squash(text: str) -> str:
    return regex.sub(r"\s+", "", to_arabic_digits(text))


def edit_bound(a: str, b: str) -> int:
    """An upper bound of the edit distance (exact when the texts differ in few places)."""
    if a == b:
        return 0
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")


def expected_analyses(gt: dict[str, Any]) -> dict[int, str]:
    """The analysis text per indicator, as the extractor builds it, from the ground truth."""
    parts: dict[int, list[str]] = {}
    current: int | None = None
    for para in gt["analysis"]:
        m = regex.match(r"^ตัวชี้วัดที่\s*([0-9๐-๙]+)", para)
        if m:
            current = int(to_arabic_digits(m.group(1)))
            parts[current] = []
        elif current is not None and not regex.match(r"^\s*/\S.*(?:\.{2,}|…)\s*$", para):
            parts[current].append(para)
    out = {}
    for n, paras in parts.items():
        if paras:
            paras[0] = ANALYSIS_LABEL_RE.sub("", paras[0], count=1)
        out[n] = "\n".join(p for p in paras if p.strip())
    return out


def compare_with_ground_truth(report: ita_parse.Report, gt: dict[str, Any]) -> dict[str, Any]:
    """Text fields against the typed text, whitespace ignored; counts of matches and the analysis CER."""
    names = {i.number: i.name for i in report.indicators}
    summary = {}
    for row in gt["indicator_table"][1:]:
        m = regex.match(r"ตัวชี้วัดที่\s*(\S+)\s*(.*)", row[0])
        assert m
        summary[int(to_arabic_digits(m.group(1)))] = m.group(2)
    item_rows = [r for r in gt["item_table"][1:] if not r[0].startswith("ตัวชี้วัด")]
    item_texts = []
    for row in item_rows:
        m = ITEM_CODE_RE.match(to_arabic_digits(row[0]))
        assert m
        item_texts.append(m.group("rest").strip())
    analyses = expected_analyses(gt)
    errors = sum(edit_bound(squash(a.text), squash(analyses[a.indicator])) for a in report.analyses)
    total = sum(len(squash(t)) for t in analyses.values())
    steps_ok = steps_all = cells_ok = cells_all = 0
    for row, exp in zip(report.plan, gt["plan_rows"], strict=False):
        want = [
            (s.number, squash(s.text)) for s in split_steps([to_arabic_digits(p) for p in exp[4].split("\n")])
        ]
        got = [(s.number, squash(s.text)) for s in row.steps]
        steps_all += max(len(want), len(got))
        steps_ok += sum(a == b for a, b in zip(want, got, strict=False))
        period = row.period.text if row.period else ""
        for mine, theirs in (
            (row.measure, exp[2]),
            (row.rationale, exp[3]),
            (period, exp[5]),
            (row.owner, exp[6]),
        ):
            cells_all += 1
            cells_ok += squash(mine) == squash(theirs)
    return {
        "indicator names": sum(squash(names.get(n, "")) == squash(v) for n, v in summary.items()),
        "item texts": sum(
            squash(i.text) == squash(t) for i, t in zip(report.items, item_texts, strict=False)
        ),
        "items": len(report.items),
        "analysis cer": errors / total,
        "plan steps": (steps_ok, steps_all),
        "plan cells": (cells_ok, cells_all),
        "plan rows": len(report.plan),
    }


# --- the fixtures ---------------------------------------------------------------------------------------


@cache
def parsed(name: str) -> ita_parse.Report:
    return ita_parse.parse(PDF_DIR / f"{name}.pdf")


@pytest.mark.parametrize("name", ALL)
def test_values_equal_the_text_sample(name: str) -> None:
    got = without_location(semantic(parsed(name), keep_text=False))
    want = reference()
    if got != want:
        a = json.dumps(want, ensure_ascii=False, indent=1, sort_keys=True).splitlines()
        b = json.dumps(got, ensure_ascii=False, indent=1, sort_keys=True).splitlines()
        diff = "\n".join(list(difflib.unified_diff(a, b, "text sample", name, lineterm="", n=2))[:80])
        pytest.fail(f"{name}.pdf differs from the text sample:\n{diff}")


@pytest.mark.parametrize("name", ALL)
def test_text_equals_the_ground_truth(name: str) -> None:
    stats = compare_with_ground_truth(parsed(name), ground_truth(name == "arabic_digits"))
    assert stats["indicator names"] == 10
    assert (stats["item texts"], stats["items"]) == (52, 52)
    assert stats["analysis cer"] <= 0.001
    assert stats["plan rows"] == 10
    assert stats["plan steps"][0] == stats["plan steps"][1] == 66
    assert stats["plan cells"] == (40, 40)


@pytest.mark.parametrize("name", ALL)
def test_golden(name: str) -> None:
    data = parsed(name).model_dump(mode="json")
    data["source"]["path"] = f"tests/data/pdf/{name}.pdf"
    golden_check(f"pdf-{name}.json", json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _text_in_box(pdf: pdfium.PdfDocument, page: int, bbox: tuple[float, float, float, float]) -> str:
    """PDFium's text inside a provenance box (top-left origin, as displayed; these pages are not rotated)."""
    p = pdf[page - 1]
    height = p.get_height()
    x0, top, x1, bottom = bbox
    text: str = p.get_textpage().get_text_bounded(x0, height - bottom, x1, height - top)
    return text


@pytest.mark.parametrize("name", FIXTURES)
def test_provenance_points_at_the_printed_values(name: str) -> None:
    report = parsed(name)
    pdf = pdfium.PdfDocument(PDF_DIR / f"{name}.pdf")
    pages = PAGES[name]
    try:
        for ind in report.indicators:
            assert ind.sources
            for src in ind.sources:
                assert src.page is not None and src.bbox is not None, src
                assert src.raw and squash(src.raw) in squash(_text_in_box(pdf, src.page, src.bbox))
                if src.table in pages:
                    lo, hi = pages[src.table]
                    assert lo <= src.page <= hi, src
        for item in report.items:
            prov = item.provenance
            assert prov.page is not None and prov.bbox is not None
            lo, hi = pages["items"]
            assert lo <= prov.page <= hi
            assert squash(item.code_raw) in squash(_text_in_box(pdf, prov.page, prov.bbox))
        for analysis in report.analyses:
            prov = analysis.provenance
            assert prov.page is not None and prov.bbox is not None
            lo, hi = pages["analysis"]
            assert lo <= prov.page <= hi
            box_text = squash(_text_in_box(pdf, prov.page, prov.bbox))
            assert box_text.startswith(squash("ตัวชี้วัดที่"))
        for row in report.plan:
            prov = row.provenance
            assert prov.page is not None and prov.bbox is not None
            lo, hi = pages["plan"]
            assert lo <= prov.page <= hi
            width, height = pdf[prov.page - 1].get_size()
            x0, top, x1, bottom = prov.bbox
            assert 0 <= x0 < x1 <= width and 0 <= top < bottom <= height
    finally:
        pdf.close()


@pytest.mark.parametrize("name", FIXTURES)
def test_source_and_quality(name: str) -> None:
    report = parsed(name)
    assert report.source.kind == "pdf"
    count = PAGES[name]["plan"][1]
    assert report.source.pages == count
    pages = report.quality.pages
    assert [q.page for q in pages] == list(range(1, count + 1))
    # clean text layers: nothing broken, and nothing the reader broke (letter-spaced lines in garuda
    # once came out "จ า ก", which the triage saw as consonant + space + า)
    assert [(q.page, q.verdict, q.score) for q in pages if q.verdict != "good" or q.score != 1.0] == []


def test_word_style_text_layer_is_repaired_and_flagged() -> None:
    report = parsed("word_style_laksaman")
    verdicts = {q.verdict for q in report.quality.pages}
    assert verdicts <= {"good", "repaired"} and "repaired" in verdicts
    assert sum(q.counts.get("pua", 0) for q in report.quality.pages) > 1000
    assert report.quality.repairs.get("pua", 0) > 1000
    assert report.quality.repairs.get("sara_am_composed", 0) > 200
    dump = report.model_dump_json()
    assert not regex.search(r"[\uE000-\uF8FF]", json.loads(dump)["analyses"][0]["text"])


def test_document_structure() -> None:
    """One table per table (pages stitched), headings as blocks of their own, no continuation markers."""
    doc = read(load_source(PDF_DIR / "laksaman.pdf"))
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert [(t.ncols, len(t.body)) for t in tables] == [(3, 10), (2, 62), (7, 10)]
    assert tables[2].header_rows == 2
    texts = [b.raw for b in doc.blocks if isinstance(b, TextBlock)]
    assert "ตัวชี้วัดที่ ๖ คุณภาพการดำเนินงาน คะแนน ๙๖.๒๖" in texts
    assert "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร" in texts  # a title wrapped over two lines
    assert not any(t.startswith("/") for t in texts)
    # the summary table's merged tool-score cells: first row of each span holds the score, the rest are empty
    summary = tables[0]
    assert [r.cells[2].raw for r in summary.body] == ["๙๖.๘๖", "", "", "", "", "๙๕.๗๗", "", "", "๙๗.๕๐", ""]
    assert all(len(r.cells) == 3 for r in summary.rows)


# --- other shapes of the same report ----------------------------------------------------------------


def _rotated_copy(dest: Path, mode: str) -> Path:
    """laksaman.pdf with its landscape pages stored portrait: shown turned by /Rotate, or drawn turned."""
    from pypdf import PdfWriter, Transformation
    from pypdf.generic import RectangleObject

    writer = PdfWriter(clone_from=PDF_DIR / "laksaman.pdf")
    for page in writer.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        if w <= h:
            continue
        if mode == "rotate270":
            page.add_transformation(Transformation((0, -1, 1, 0, 0, w)))
        else:
            page.add_transformation(Transformation((0, 1, -1, 0, h, 0)))
        page.mediabox = RectangleObject((0, 0, h, w))
        page.cropbox = RectangleObject((0, 0, h, w))
        if mode in ("rotate90", "rotate270"):
            page.rotation = 90 if mode == "rotate90" else 270
    path = dest / f"laksaman-{mode}.pdf"
    with open(path, "wb") as f:
        writer.write(f)
    return path


@pytest.mark.parametrize("mode", ["rotate90", "rotate270", "turned-content"])
def test_rotated_pages_read_upright(mode: str, tmp_path: Path) -> None:
    path = _rotated_copy(tmp_path, mode)
    report = ita_parse.parse(path)
    assert without_location(semantic(report, keep_text=False)) == reference()
    original = parsed("laksaman")
    if mode != "turned-content":
        # shown exactly as the original: the same boxes, in the page's displayed coordinates
        assert [r.provenance.bbox for r in report.plan] == [r.provenance.bbox for r in original.plan]
    else:
        # a portrait page with the table drawn sideways: the box is the turned box
        x0, top, x1, bottom = report.plan[0].provenance.bbox or (0, 0, 0, 0)
        assert x1 - x0 < bottom - top


def _with_furniture(dest: Path) -> Path:
    """laksaman.pdf with a running head and a page number on every page."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PDF_DIR / "laksaman.pdf")
    for i, page in enumerate(writer.pages):
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        overlay = minimal_pdf(
            [[(w / 2 - 40, 28, 9, "ITA improvement plan 2026"), (w / 2 - 8, h - 24, 10, f"- {i + 1} -")]],
            (w, h),
        )
        page.merge_page(PdfReader(io.BytesIO(overlay)).pages[0])
    path = dest / "laksaman-furniture.pdf"
    with open(path, "wb") as f:
        writer.write(f)
    return path


def test_page_furniture_is_dropped(tmp_path: Path) -> None:
    path = _with_furniture(tmp_path)
    doc = read(load_source(path))
    texts = [b.raw for b in doc.blocks if isinstance(b, TextBlock)]
    assert not any("ITA improvement plan" in t or regex.fullmatch(r"- \d+ -", t) for t in texts)
    report = ita_parse.parse(path)
    assert without_location(semantic(report, keep_text=False)) == reference()
    # paragraphs that run over a page break are still joined across the running head and page number
    stats = compare_with_ground_truth(report, ground_truth(False))
    assert stats["analysis cer"] <= 0.001


# --- bad input ------------------------------------------------------------------------------------------


def minimal_pdf(
    pages: list[list[tuple[float, float, float, str]]], size: tuple[float, float] = (595.0, 842.0)
) -> bytes:
    """A small valid PDF with Helvetica text; each item is (x, distance from the top, size, text)."""
    objs: list[bytes] = []

    def add(body: bytes) -> int:
        objs.append(body)
        return len(objs)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    contents = []
    for items in pages:
        ops = []
        for x, top, sz, text in items:
            esc = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"BT /F1 {sz:g} Tf {x:g} {size[1] - top:g} Td ({esc}) Tj ET")
        stream = "\n".join(ops).encode("latin-1")
        contents.append(add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"))
    pages_id = len(objs) + len(pages) + 1
    kids = [
        add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %g %g] /Resources << /Font << /F1 %d 0 R >> >> "
            b"/Contents %d 0 R >>" % (pages_id, size[0], size[1], font, c)
        )
        for c in contents
    ]
    add(b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, catalog, xref)
    return bytes(out)


def image_pdf(pages: list[int], dest: Path) -> Path:
    """Pages of laksaman.pdf as pictures only: a PDF with no text layer."""
    pdf = pdfium.PdfDocument(PDF_DIR / "laksaman.pdf")
    images = [pdf[i - 1].render(scale=0.5).to_pil().convert("L") for i in pages]
    pdf.close()
    path = dest / "scanned.pdf"
    images[0].save(path, save_all=True, append_images=images[1:])
    return path


def run_cli(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = _cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.err


def assert_clean_failure(
    path: Path, error: type[ita_parse.InputError], capsys: pytest.CaptureFixture[str]
) -> str:
    with pytest.raises(error) as info:
        ita_parse.parse(path)
    code, err = run_cli("parse", str(path), capsys=capsys)
    assert code == 2
    assert "Traceback" not in err and f"error[{error.code}]" in err
    return str(info.value)


def test_zero_byte_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    assert "empty" in assert_clean_failure(path, ita_parse.EmptyInput, capsys)


@pytest.mark.parametrize("fraction", [0.02, 0.5, 0.98])
def test_truncated_pdf(fraction: float, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = (PDF_DIR / "laksaman.pdf").read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: int(len(data) * fraction)])
    message = assert_clean_failure(path, ita_parse.CorruptInput, capsys)
    assert "damaged or truncated" in message


@pytest.mark.parametrize("head", [b"", b"%PDF-1.7\n"])
def test_random_bytes_named_pdf(head: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "random.pdf"
    path.write_bytes(head + os.urandom(20000))
    assert_clean_failure(path, ita_parse.CorruptInput, capsys)


def _encrypted(dest: Path, user_password: str) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=PDF_DIR / "laksaman.pdf")
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    path = dest / f"encrypted-{'open' if not user_password else 'locked'}.pdf"
    with open(path, "wb") as f:
        writer.write(f)
    return path


def test_encrypted_pdf_with_empty_user_password_opens(tmp_path: Path) -> None:
    report = ita_parse.parse(_encrypted(tmp_path, ""))
    assert without_location(semantic(report, keep_text=False)) == reference()


def test_encrypted_pdf_with_a_password_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    message = assert_clean_failure(_encrypted(tmp_path, "secret"), ita_parse.EncryptedInput, capsys)
    assert "encrypted with a password" in message


def test_unrelated_pdf_is_not_a_report_and_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "minutes.pdf"
    lines = [
        (72, 72 + 18 * i, 12, f"Minutes of the committee meeting, item {i}: budget review.")
        for i in range(20)
    ]
    path.write_bytes(minimal_pdf([lines, lines[:5]]))
    doc = read(load_source(path))
    assert doc.pages == 2 and [q.verdict for q in doc.page_quality] == ["good", "good"]
    assert any("Minutes of the committee" in b.raw for b in doc.blocks if isinstance(b, TextBlock))
    assert_clean_failure(path, ita_parse.NotAReport, capsys)


def test_pdf_without_text_layer_needs_ocr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With OCR not allowed, a scan is a clear error naming its pages (with --ocr auto it is OCR'd)."""
    path = image_pdf([1, 2], tmp_path)
    with pytest.raises(ita_parse.NeedsOCR) as info:
        ita_parse.parse(path, ocr="never")
    assert info.value.pages == [1, 2]
    assert "--ocr auto" in str(info.value)
    code, err = run_cli("parse", str(path), "--ocr", "never", capsys=capsys)
    assert code == 2 and "error[needs-ocr]" in err and "Traceback" not in err


def test_a_page_without_text_is_recorded_and_the_rest_read(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PDF_DIR / "laksaman.pdf")
    writer.add_page(PdfReader(image_pdf([3], tmp_path)).pages[0])
    path = tmp_path / "mixed.pdf"
    with open(path, "wb") as f:
        writer.write(f)
    report = ita_parse.parse(path)
    assert report.source.pages == 37
    assert report.quality.pages[-1].verdict == "empty"
    assert len(report.items) == 52 and len(report.plan) == 10


def test_time_limit(capsys: pytest.CaptureFixture[str]) -> None:
    loaded = load_source(PDF_DIR / "garuda.pdf")
    with pytest.raises(ita_parse.InputTimeout, match="time limit"):
        read(loaded, ReadOptions(timeout=0.02))


def test_time_limit_outside_the_main_thread() -> None:
    """No timer signal in a worker thread: the limit is checked between pages."""
    loaded = load_source(PDF_DIR / "garuda.pdf")
    errors: list[BaseException] = []

    def work() -> None:
        try:
            read(loaded, ReadOptions(timeout=0.02))
        except BaseException as exc:  # handed to the main thread
            errors.append(exc)

    t = threading.Thread(target=work)
    t.start()
    t.join(60)
    assert len(errors) == 1 and isinstance(errors[0], ita_parse.InputTimeout)


def test_default_time_limit_leaves_no_timer_behind() -> None:
    import signal

    before = signal.getsignal(signal.SIGALRM)
    read(load_source(PDF_DIR / "norasi.pdf"))
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is before


# --- the checker on PDFs ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_check_on_the_pdf_gives_the_findings_of_the_text_sample(name: str) -> None:
    """Same codes at the same indicators; only the text-layer note may differ (ITA701)."""
    from ita_parse import check

    def keys(result: ita_parse.CheckResult) -> list[tuple[str, int | None]]:
        return sorted((f.code, f.indicator) for f in result.findings if f.code != "ITA701")

    pdf = check(PDF_DIR / f"{name}.pdf")
    assert keys(pdf) == keys(check(SAMPLE))
    # and the findings point at pages
    assert all(f.location.page is not None for f in pdf.findings if f.location.table is not None)


def test_time_limit_survives_an_alarm_lost_in_a_finaliser() -> None:
    # regression: the timer signal landed in a gc callback, where Python swallows the
    # exception ("Exception ignored in ..."), and the read then ran on without a limit
    from ita_parse._read.pdf import _deadline

    class SlowToDie:
        def __del__(self) -> None:
            stop = time.monotonic() + 0.15
            while time.monotonic() < stop:  # the alarm lands in here
                pass

    with pytest.raises(ita_parse.InputTimeout, match="time limit"), _deadline(0.05, "x.pdf"):
        SlowToDie()  # dropped at once: __del__ runs and the first alarm is lost in it
        stop = time.monotonic() + 2.0
        while time.monotonic() < stop:
            pass


def test_a_limit_that_fires_at_once_leaves_no_timer_behind() -> None:
    # regression: with a limit of 1 µs the alarm fired before the reader had entered its
    # try block, so the repeating timer was never stopped and timed out the next input
    loaded = load_source(PDF_DIR / "garuda.pdf")
    for _ in range(30):
        with pytest.raises(ita_parse.InputTimeout):
            read(loaded, ReadOptions(timeout=0.000001))
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None, signal.default_int_handler)
    assert ita_parse.parse(SAMPLE).total_score == 96.79
