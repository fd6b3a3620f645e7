"""Real Word-exported government PDFs (read in place from ../shared/realpdf; skipped when absent).

These files may not be copied into the project; the same broken forms are covered by generated variants
in tests/test_thai.py (text) and tests/test_pdf_variants.py (PDFs whose ToUnicode maps tests/pdfvariants.py
breaks). Nothing from these files is in the package: the probe words live only here.
"""

from __future__ import annotations

import difflib
import json

import pytest
import regex

from ita_parse._api import read_document
from ita_parse._errors import NeedsOCR
from ita_parse._thai import is_thai_word, repair_thai

from .helpers import SHARED
from .test_cli import run as run_cli

REALPDF = SHARED / "realpdf"
pytestmark = [
    pytest.mark.realpdf,
    pytest.mark.skipif(not REALPDF.is_dir(), reason="../shared/realpdf is not here"),
]

# 13 common words with sara am (the folder's README counts these)
PROBES = (
    "ดำเนิน",
    "สำนัก",
    "ตำบล",
    "อำเภอ",
    "จำนวน",
    "ประจำ",
    "กำหนด",
    "สำคัญ",
    "จำเป็น",
    "อำนวย",
    "อำนาจ",
    "คำนำ",
    "จัดทำ",
)


def _broken(word: str) -> regex.Pattern[str]:
    """The word with its ำ in any of the forms a text layer breaks it into."""
    parts = [r"(?:ำ|\s?า|้า|ํา|\ufffdา|\s?ำ)" if ch == "ำ" else regex.escape(ch) for ch in word]
    return regex.compile("".join(parts))


def _text(name: str) -> str:
    code, out, err = run_cli("text", str(REALPDF / name), "--format", "json", "--ocr", "never")
    assert code == 0, err
    return "\n".join(p["text"] for p in json.loads(out)["pages"])


@pytest.mark.parametrize("name", ["001.pdf", "005.pdf", "012.pdf"])
def test_probe_words_come_out_right(name: str) -> None:
    text = _text(name)
    found = sum(len(_broken(w).findall(text)) for w in PROBES)
    right = sum(text.count(w) for w in PROBES)
    assert found >= 5
    assert right / found >= 0.97, (right, found)
    assert not regex.search(r"[\uE000-\uF8FF]", text)  # no private-use glyph left


@pytest.mark.parametrize("name", ["001.pdf", "005.pdf", "012.pdf"])
def test_no_word_is_made_into_a_non_word(name: str) -> None:
    """Every stretch the dictionary repair changed reads as dictionary words afterwards."""
    from pythainlp.tokenize import word_tokenize

    doc = read_document(REALPDF / name, ocr="never")
    made_wrong: list[tuple[str, str]] = []
    for para in doc.paragraphs():
        exact = repair_thai(para.raw, restore_nikhahit=False)
        final = repair_thai(para.raw)
        if exact == final:
            continue
        tokens = word_tokenize(final, engine="newmm", keep_whitespace=False)
        spans, pos = [], 0
        for tok in tokens:
            pos = final.find(tok, pos)
            spans.append((pos, pos + len(tok), tok))
            pos += len(tok)
        for op, _a, _b, c, d in difflib.SequenceMatcher(None, exact, final, autojunk=False).get_opcodes():
            if op == "equal":
                continue
            for start, end, tok in spans:
                if (
                    start < max(d, c + 1)
                    and end > c
                    and regex.search(r"\p{Thai}", tok)
                    and not is_thai_word(tok)
                ):
                    made_wrong.append((exact[max(0, c - 8) : d + 8], tok))
    assert made_wrong == []


def test_a_garbage_text_layer_is_unusable_on_every_page() -> None:
    with pytest.raises(NeedsOCR) as info:
        read_document(REALPDF / "014.pdf", ocr="never")
    assert set(info.value.verdicts.values()) == {"unusable"}
    assert info.value.pages == list(range(1, 32))


def test_a_scan_has_no_text_layer() -> None:
    with pytest.raises(NeedsOCR) as info:
        read_document(REALPDF / "007.pdf", ocr="never")
    assert set(info.value.verdicts.values()) == {"empty"}
    code, _, err = run_cli("text", str(REALPDF / "007.pdf"), "--ocr", "never")
    assert code == 2 and "--ocr auto" in err and "Traceback" not in err
