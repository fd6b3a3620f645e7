"""Text: import time, parse time of the sample, Thai repair throughput, ``ita-parse text`` vs pdftotext.

    python bench/text.py

Baselines, each measured in the same run: importing ita_parse's own dependencies (pydantic, regex,
pythainlp's util) for the import; pythainlp's ``normalize`` over the same text for a warm parse and for
the repair throughput (the cheapest thing that touches every character); a bare ``python -c pass`` for a
whole command; poppler's ``pdftotext`` for ``ita-parse text`` on a 360-page PDF (laksaman.pdf ×10).
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
from pathlib import Path

from _util import ROOT, SAMPLE, best_of, in_fresh_process, row, wall

IMPORT = """
import json, sys, time
t0 = time.perf_counter()
{stmt}
t1 = time.perf_counter()
print(json.dumps({{"t": t1 - t0, "pdf": int(any(m in sys.modules for m in ("pdfplumber", "pypdfium2")))}}))
"""


def main() -> None:
    deps = in_fresh_process(IMPORT.format(stmt="import pydantic, regex, pythainlp.util"))
    own = in_fresh_process(IMPORT.format(stmt="import ita_parse"))
    python = wall([sys.executable, "-c", "pass"])
    cli = wall([sys.executable, "-m", "ita_parse", "parse", str(SAMPLE)])

    from pythainlp.util import normalize

    import ita_parse

    text = SAMPLE.read_text(encoding="utf-8")
    ita_parse.parse(SAMPLE)  # warm the dictionary and caches
    warm = best_of(lambda: ita_parse.parse(SAMPLE), 10)
    base = best_of(lambda: normalize(text), 10)

    print(f"python {sys.version.split()[0]}, sample {len(text):,} characters")
    print(row("import pydantic + regex + pythainlp.util (baseline)", deps["t"]))
    print(row("import ita_parse", own["t"], deps["t"], "baseline"))
    print(f"  pdfplumber/pypdfium2 imported by `import ita_parse`: {'yes' if own['pdf'] else 'no'}")
    print(row("pythainlp.util.normalize(sample) (baseline)", base))
    print(row("ita_parse.parse(sample), warm", warm, base, "baseline"))
    print(row("python -c pass, wall (baseline)", python))
    print(row("python -m ita_parse parse sample, wall", cli, python, "baseline"))


def broken_text(times: int = 20) -> str:
    """The sample repeated, with every ำ lost (as a space or as nothing) and marks as PUA glyphs."""
    sys.path.insert(0, str(ROOT))
    from tests import corrupt

    rnd = random.Random(1)
    text = SAMPLE.read_text(encoding="utf-8")
    parts = []
    for i in range(times):
        kind = ("sara_am_as_space", "lost_nikhahit", "pua", "sara_am_as_tone")[i % 4]
        # every line of every copy distinct, so no cache of the repair helps
        copy = "\n".join(f"{line} ({i})" if line.strip() else line for line in text.split("\n"))
        parts.append(corrupt.CORRUPTIONS[kind](copy, rnd))
    return "\n".join(parts)


def repair_throughput() -> None:
    from pythainlp.util import normalize

    from ita_parse._read.text import read_text
    from ita_parse._repair import repair_document

    text = broken_text()
    chars = len(text)

    from ita_parse import _thai

    def repair() -> None:
        _thai._segment.cache_clear()  # the tokenizer's cache would make a second run unfairly fast
        _thai._score.cache_clear()
        doc = read_text(text, path="broken.txt", sha256="")
        repair_document(doc)

    repair()  # load the dictionary once (about 0.3 s per process)
    t_repair = best_of(repair, 3)
    t_norm = best_of(lambda: normalize(text), 3)
    print(
        f"\nThai repair of a broken text of {chars:,} characters (the sample ×20: ำ lost, as a space, as ้า;"
    )
    print("PUA marks)")
    print(row("pythainlp.util.normalize (baseline)", t_norm))
    print(row("ita_parse repair stage", t_repair, t_norm, "baseline"))
    print(f"  throughput: {chars / t_repair / 1000:,.0f} k characters/s")


def text_vs_pdftotext() -> None:
    if not shutil.which("pdftotext"):
        print("\npdftotext (poppler-utils) is not installed: skipped")
        return
    import pypdfium2 as pdfium

    src = ROOT / "tests" / "data" / "pdf" / "laksaman.pdf"
    tmp = Path(tempfile.mkdtemp(prefix="ita-text-"))
    try:
        big = tmp / "x10.pdf"
        out = pdfium.PdfDocument.new()
        one = pdfium.PdfDocument(src)
        for _ in range(10):
            out.import_pages(one)
        out.save(big)
        pages = len(out)
        out.close()
        one.close()
        base = wall(["pdftotext", "-enc", "UTF-8", str(big), str(tmp / "p.txt")])
        ours = wall([sys.executable, "-m", "ita_parse", "text", str(big), "-o", str(tmp / "o.txt")])
        print(f"\nita-parse text vs pdftotext on a {pages}-page PDF (laksaman.pdf ×10), whole commands")
        print(row("pdftotext -enc UTF-8 (baseline)", base))
        print(row("ita-parse text", ours, base, "baseline (target <= 3)"))
        probe = "ดำเนินการ"
        theirs = (tmp / "p.txt").read_text(encoding="utf-8")
        mine = (tmp / "o.txt").read_text(encoding="utf-8")
        print(
            f"  occurrences of {probe!r}: pdftotext {theirs.count(probe)}, ita-parse text {mine.count(probe)}"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
    repair_throughput()
    text_vs_pdftotext()
