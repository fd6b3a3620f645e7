"""OCR: ``ita-parse parse`` on a scan against plain tesseract run once per page, and the acceptance numbers.

    python bench/ocr.py [--no-accuracy]

1. Timing (issue #6): the pages of tests/data/pdf/scanned.pdf are rendered once,
   at the resolution the OCR reader uses, and saved as PNG; the baseline is
   ``tesseract <page> - -l tha+eng`` on each page image, one after another,
   once with OMP_THREAD_LIMIT=1 (as the reader runs it: the strict baseline)
   and once with tesseract's defaults (its OpenMP threads, which on 2 busy
   cores spin and take several times as long); against them, the wall time of
   ``ita-parse parse scanned.pdf`` as a subprocess (start-up, rendering and
   everything included), in the same run on the same machine.  The issue's
   target is a ratio of at most 0.75 on 2 cores.
2. Accuracy on the fixture scan and on three scans made here (tests/test_ocr_scans.py):
   two from other fonts (Garuda, Norasi), one of the fixture's own font at a
   lower resolution, a larger skew the other way and more noise and dust:
   score values exact of the 66, wrong values without a low-confidence mark,
   plan periods and owners right of 10, analysis CER after repair
   (tests/test_ocr_metrics.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _util import ENV, ROOT

sys.path.insert(0, str(ROOT))

from ita_parse._ocr.page import DEFAULT_DPI
from tests.test_ocr_metrics import analysis_cer, plan_rows_right, score_accuracy
from tests.test_ocr_scans import ScanSpec, make_scan

SCAN = ROOT / "tests" / "data" / "pdf" / "scanned.pdf"
OWN_SCANS = {
    "garuda, 250 dpi, -0.8°": ("garuda.pdf", ScanSpec(dpi=250, angle=-0.8, seed=7)),
    "norasi, 300 dpi, +0.5°": ("norasi.pdf", ScanSpec(dpi=300, angle=0.5, seed=7)),
    "laksaman, 200 dpi, +1.4°, more noise and dust": (
        "laksaman.pdf",
        ScanSpec(dpi=200, angle=1.4, noise=14.0, dust=300, seed=11),
    ),
}


def timing(scan: Path) -> dict[str, float]:
    import pypdfium2 as pdfium

    env = {**ENV, "OMP_THREAD_LIMIT": "1"}
    plain_env = {k: v for k, v in ENV.items() if k != "OMP_THREAD_LIMIT"}
    with tempfile.TemporaryDirectory() as tmp:
        pdf = pdfium.PdfDocument(str(scan))
        images = []
        for i in range(len(pdf)):
            path = Path(tmp) / f"page-{i + 1:03d}.png"
            pdf[i].render(scale=DEFAULT_DPI / 72, grayscale=True).to_pil().save(path)
            images.append(path)
        pdf.close()
        t0 = time.perf_counter()
        for path in images:
            subprocess.run(
                ["tesseract", str(path), "-", "-l", "tha+eng"], env=env, capture_output=True, check=True
            )
        baseline = time.perf_counter() - t0
        # the same command with tesseract's defaults (OpenMP threads on): what "plain tesseract" runs
        t0 = time.perf_counter()
        for path in images:
            subprocess.run(
                ["tesseract", str(path), "-", "-l", "tha+eng"], env=plain_env, capture_output=True, check=True
            )
        plain = time.perf_counter() - t0
    exe = Path(sys.executable).with_name("ita-parse")
    t0 = time.perf_counter()
    subprocess.run([str(exe), "parse", str(scan)], env=ENV, capture_output=True, check=True)
    ours = time.perf_counter() - t0
    return {
        "pages": float(len(images)),
        "baseline": baseline,
        "plain": plain,
        "ita_parse": ours,
        "ratio": ours / baseline,
        "ratio_plain": ours / plain,
    }


def accuracy(scan: Path) -> str:
    from ita_parse._api import read_document, report_of

    doc = read_document(scan)
    report = report_of(doc)
    scores = score_accuracy(report)
    plan, _ = plan_rows_right(report)
    cer = analysis_cer(doc)
    marked = len(report.quality.low_confidence)
    return (
        f"scores exact {scores.exact}/{scores.total} ({100 * scores.share:.1f} %), "
        f"wrong without a mark {len(scores.wrong_unmarked)}, wrong but marked {len(scores.wrong_marked)}, "
        f"missing {len(scores.missing)}; low-confidence marks {marked}; plan periods+owners right "
        f"{plan}/10; analysis CER {100 * cer:.2f} %"
    )


def main(argv: list[str]) -> int:
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    cores = len(os.sched_getaffinity(0))
    load = " / ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"machine: {cores} cores; tesseract pages at {DEFAULT_DPI} dpi; load average before: {load}")
    t = timing(SCAN)
    print(
        f"timing on {SCAN.name} ({t['pages']:.0f} pages): ita-parse parse {t['ita_parse']:.1f} s; "
        f"tesseract -l tha+eng per page, sequential, OMP_THREAD_LIMIT=1 {t['baseline']:.1f} s "
        f"(ratio {t['ratio']:.2f}); the same with tesseract's default threads {t['plain']:.1f} s "
        f"(ratio {t['ratio_plain']:.2f}); load average after: "
        + " / ".join(f"{v:.2f}" for v in os.getloadavg())
    )
    if "--no-accuracy" in argv:
        return 0
    print(f"{SCAN.name}: {accuracy(SCAN)}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, (source, spec) in OWN_SCANS.items():
            import pypdfium2 as pdfium

            count = len(pdfium.PdfDocument(str(ROOT / "tests" / "data" / "pdf" / source)))
            path = Path(tmp) / f"{source}.scan.pdf"
            path.write_bytes(make_scan(source, list(range(1, count + 1)), spec))
            print(f"{name}: {accuracy(path)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
