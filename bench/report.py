"""The auditor's HTML report: its cost against the parse and check it shows, and its size.

    python bench/report.py [--no-scan]

1. laksaman.pdf (36 pages, born digital), warm, in one process: parse + check (baseline) against
   parse + check + the HTML page (page crops rendered by pypdfium2). Target: the page adds at most
   0.5× the parse + check. The same as whole commands (``ita-parse check`` against ``ita-parse report``,
   start-up included).
2. The size of the page for laksaman.pdf and for the whole of scanned.pdf (36 scanned pages, read by OCR;
   58 findings, each with its crops). Target: at most 3 MB.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from _util import ENV, ROOT, best_of, row

LAKSAMAN = ROOT / "tests" / "data" / "pdf" / "laksaman.pdf"
SCANNED = ROOT / "tests" / "data" / "pdf" / "scanned.pdf"
CLI = [sys.executable, "-m", "ita_parse"]


def _mb(n: int) -> str:
    return f"{n / 1e6:.2f} MB"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-scan", action="store_true", help="skip the scanned PDF (its OCR takes a minute)")
    args = ap.parse_args()

    import ita_parse
    from ita_parse._render.html_report import render_report

    def parse_check() -> tuple[ita_parse.Report, list[ita_parse.Finding]]:
        report = ita_parse.parse(LAKSAMAN)
        return report, ita_parse.check(report).findings

    def parse_check_report() -> str:
        report, findings = parse_check()
        return render_report(report, findings)

    parse_check()  # warm: imports, caches
    parse_check_report()
    base = best_of(parse_check, 7)
    full = best_of(parse_check_report, 7)
    report, findings = parse_check()
    page = render_report(report, findings)
    crops = page.count("<figure")
    print(f"laksaman.pdf: {report.source.pages} pages, {len(findings)} findings, {crops} page crops")
    print(row("parse + check, warm (baseline)", base))
    print(row("parse + check + HTML page", full, base, "baseline"))
    print(f"  the page adds {(full - base) / base:.2f}× the parse + check (target <= 0.5)")

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        check_wall = _wall_ok([*CLI, "check", str(LAKSAMAN)])
        report_wall = _wall_ok([*CLI, "report", str(LAKSAMAN), "-o", str(out)])
        print(row("ita-parse check laksaman.pdf, wall (baseline)", check_wall))
        print(row("ita-parse report laksaman.pdf -o DIR, wall", report_wall, check_wall, "baseline"))
        size = (out / "laksaman.html").stat().st_size
        print(f"  laksaman.html: {_mb(size)} (target <= 3 MB)")

        if args.no_scan:
            return
        t0 = time.perf_counter()
        scan = ita_parse.parse(SCANNED)
        scan_findings = ita_parse.check(scan).findings
        t1 = time.perf_counter()
        scan_page = render_report(scan, scan_findings)
        t2 = time.perf_counter()
        data = scan_page.encode("utf-8")
        print(
            f"scanned.pdf: {scan.source.pages} pages (OCR), {len(scan_findings)} findings, "
            f"{scan_page.count('<figure')} page crops"
        )
        print(row("parse (OCR) + check, one run (baseline)", t1 - t0))
        print(row("HTML page of it", t2 - t1, t1 - t0, "baseline"))
        print(f"  scanned.html: {_mb(len(data))} (target <= 3 MB)")


def _wall_ok(argv: list[str]) -> float:
    """Wall time of a command that exits 0 or 1 (1: the report's own findings)."""
    import subprocess

    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, env=ENV, cwd=ROOT)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{argv}: exit {done.returncode}\n{done.stderr.decode()}")
        best = min(best, time.perf_counter() - t0)
    return best


if __name__ == "__main__":
    main()
