"""PDFs with the broken text layers of Word exports, made here from the clean fixtures.

``tests/pdfvariants.py`` rewrites the fonts' ToUnicode maps of laksaman.pdf, garuda.pdf, norasi.pdf and
arabic_digits.pdf (and removes LibreOffice's ``/ActualText`` spans): the pages draw the same glyphs, but
the text layer reads ำ as a space, as ้า, as ํา, as U+FFFD + า or as a lone า, reads every า as ำ,
reads marks as private-use code points, or reads digits in the other script.  These are the forms the
real files in ``../shared/realpdf/`` show (tests/test_realpdf.py reads those when they are there).

For each variant: its raw text layer really is broken (so nothing passes by accident), ``parse`` gives
the report of the clean fixture, ``check`` the same findings, and ``ita-parse text`` the same text.
Where the dictionary cannot choose (a word that reads as a word either way: ทา/ทำ, นา/นำ, น้า/นำ), the
repair leaves the word and reports it in ``Quality.ambiguous``; such words are the only text allowed to
differ from the clean report, with one exception for the forms only the dictionary can repair
(``MAX_UNEXPLAINED``: with every า read as ำ, "ที่ที่นำทรัพย์" comes out ที่ที่นา…, a compound of fewer
words).  The analysis CER is at most 0.1%, except where ำ reads as ้า: there the ambiguous words cost two
characters each and the CER is 0.12% (``CER_AM_AS_TONE``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import regex

import ita_parse
from ita_parse._read.pdftext import page_texts as raw_page_texts
from ita_parse._render.pages import repaired_pages

from . import pdfvariants as pv
from .helpers import semantic
from .test_pdf import PDF_DIR, edit_bound, squash

IDS = [f"{v.source}-{v.name}" for v in pv.VARIANTS]
#: the forms whose repair needs no dictionary: the report must come out identical
LOSSLESS = {"am_split", "am_fffd", "pua_lowered", "pua_apple", "am_split_pua", "digits_arabic", "digits_thai"}
#: the analysis CER allowed; where ำ reads as ้า, the words left as found (น้า, ท้า for นำ, ทำ: words
#: either way, so the repair leaves and reports them) cost two characters each
CER = 0.001
CER_AM_AS_TONE = 0.002
#: word differences not reported as ambiguous that a dictionary form may leave (a compound the
#: dictionary prefers: "ที่|ที่|นำ|ทรัพย์" read with า is "ที่|ที่นา|ทรัพย์", fewer words)
MAX_UNEXPLAINED = 1
BBOX_TOLERANCE = 1.0  # points: a nikhahit glyph read as a space has another character box


@pytest.fixture(scope="session")
def variant_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pdfvariants")


_made: dict[str, Path] = {}


def made(v: pv.Variant, folder: Path) -> Path:
    key = f"{v.source}-{v.name}"
    if key not in _made:
        _made[key] = pv.make(v, PDF_DIR / f"{v.source}.pdf", folder / v.filename)
    return _made[key]


@cache
def parsed(path: Path) -> ita_parse.Report:
    return ita_parse.parse(path)


@cache
def raw_text(path: Path) -> str:
    """PDFium's text of every page, as found (no repair)."""
    pdf = pdfium.PdfDocument(path)
    try:
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(pages)
    finally:
        pdf.close()


@pytest.fixture(params=pv.VARIANTS, ids=IDS)
def variant(request: pytest.FixtureRequest, variant_dir: Path) -> tuple[pv.Variant, Path]:
    v: pv.Variant = request.param
    return v, made(v, variant_dir)


# --- the variants are what they claim to be ------------------------------------------------------------

_GAP_AA = regex.compile("[\u0e01-\u0e2e][\u0e48-\u0e4b]? \u0e32")
_PUA_WINDOWS = regex.compile("[\uf700-\uf71a]")
_PUA_APPLE = regex.compile("[\uf884-\uf89e]")
_MARKS = regex.compile("[\u0e31\u0e34-\u0e39\u0e47-\u0e4c]")  # every mark but the nikhahit


def _breakage(v: pv.Variant, clean: str, broken: str) -> Iterator[str]:
    """What is wrong with the claim that ``broken`` is ``clean`` read through the variant's text layer."""
    am = clean.count("ำ")
    assert am > 200, "the clean fixture reads its ำ whole (PDFium applies /ActualText)"

    def expect(what: str, got: int, want: int | tuple[int, int]) -> Iterator[str]:
        lo, hi = (want, want) if isinstance(want, int) else want
        if not lo <= got <= hi:
            yield f"{what}: {got}, expected {want}"

    if v.sara_aa == "ำ":  # every sara aa reads as ำ; ำ itself still reads ำ
        yield from expect("า", broken.count("า"), 0)
        yield from expect("ำ", broken.count("ำ"), clean.count("า") + am)
    elif v.nikhahit is not None:
        yield from expect("ำ", broken.count("ำ"), 0)
        if v.nikhahit == " ":  # (PDFium also makes spaces of letter spacing: "จ า ก")
            gaps = len(_GAP_AA.findall(broken)) - len(_GAP_AA.findall(clean))
            yield from expect("consonant + space + า beyond the clean text's", gaps, (am, 2 * am))
        elif v.nikhahit == "\u0e49" and v.pua == "apple":  # every real ้ reads as a PUA code point
            yield from expect("้า", broken.count("้า"), am)
        elif v.nikhahit == "\u0e49":
            yield from expect("้า beyond the clean text's", broken.count("้า") - clean.count("้า"), am)
        elif v.nikhahit == "\u0e4d":
            yield from expect("ํา", broken.count("ํา"), am)
        elif v.nikhahit == "\ufffd":
            yield from expect("U+FFFD + า", broken.count("\ufffdา"), am)
        elif v.nikhahit == "":
            yield from expect("า", broken.count("า"), clean.count("า") + am)
            yield from expect("ํ or U+200B", len(regex.findall("[\u0e4d\u200b]", broken)), 0)
    if v.pua == "lowered":
        yield from expect("Windows PUA", len(_PUA_WINDOWS.findall(broken)), (1000, 10**6))
    if v.pua == "apple":
        yield from expect("Apple PUA", len(_PUA_APPLE.findall(broken)), (3000, 10**6))
        # all but the nikhahit read as mai tho, when it does
        yield from expect("marks left", len(_MARKS.findall(broken)), am if v.nikhahit == "\u0e49" else 0)
    if v.digits:
        thai_c, arabic_c = len(regex.findall("[๐-๙]", clean)), len(regex.findall("[0-9]", clean))
        thai_b, arabic_b = len(regex.findall("[๐-๙]", broken)), len(regex.findall("[0-9]", broken))
        yield from expect("digits", thai_b + arabic_b, thai_c + arabic_c)
        if v.digits == "swap":
            yield from expect("digits in the clean text's script", thai_b if thai_c else arabic_b, 0)
        else:
            yield from expect(
                "numbers mixing the scripts", len(regex.findall("[0-9][๐-๙]|[๐-๙][0-9]", broken)), (5, 10**6)
            )
    for form in v.broken:
        if not regex.search(form, broken):
            yield f"the raw text does not show the broken form {form!r}"
        if regex.search(form, clean):
            yield f"the clean text already shows {form!r}: the check proves nothing"


def test_the_raw_text_layer_is_broken(variant: tuple[pv.Variant, Path]) -> None:
    v, path = variant
    clean = raw_text(PDF_DIR / f"{v.source}.pdf")
    assert list(_breakage(v, clean, raw_text(path))) == []


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("laksaman-am_space", " \u0e32"),
        ("garuda-am_tone", "\u0e49\u0e32"),
        ("norasi-am_split", "\u0e4d\u0e32"),
        ("laksaman-am_fffd", "\ufffd\u0e32"),
        ("garuda-am_lost", "\u200b\u0e32"),  # pdfminer ignores the span that hides the nikhahit
    ],
)
def test_pdfplumber_reads_the_same_broken_forms(name: str, form: str, variant_dir: Path) -> None:
    """pdfplumber (pdfminer), which ignores /ActualText, reads each ำ of the page in the broken form too."""
    import pdfplumber

    v = pv.VARIANTS[IDS.index(name)]

    def chars(path: Path) -> str:
        with pdfplumber.open(path) as pdf:
            return "".join(c["text"] for c in pdf.pages[9].chars)

    clean, broken = chars(PDF_DIR / f"{v.source}.pdf"), chars(made(v, variant_dir))
    am = clean.count("\u0e33")  # the nikhahit glyph's own ToUnicode entry in the fixture is ำ
    assert am >= 3
    assert "\u0e33" not in broken
    extra = broken.count(form) - (clean.count(form) if form == "\u0e49\u0e32" else 0)
    assert extra == am


@pytest.mark.parametrize("name", ["laksaman-am_space_pua", "garuda-pua_apple", "arabic_digits-digits_thai"])
def test_the_pages_draw_the_same(name: str, variant_dir: Path) -> None:
    """Only the text layer changed: the page renders to the same pixels."""
    v = pv.VARIANTS[IDS.index(name)]
    a = pdfium.PdfDocument(PDF_DIR / f"{v.source}.pdf")
    b = pdfium.PdfDocument(made(v, variant_dir))
    try:
        for index in (1, 9, 20):  # the summary table, the analysis, the plan
            ia = a[index].render(scale=0.7).to_pil()
            ib = b[index].render(scale=0.7).to_pil()
            assert ia.tobytes() == ib.tobytes(), index
    finally:
        a.close()
        b.close()


def test_the_glyph_table_matches_what_the_glyphs_draw() -> None:
    """The generator's reading of LibreOffice's glyphs (it does not trust their ToUnicode entries)."""
    table = pv.glyph_table(PDF_DIR / "laksaman.pdf")
    regular = table["/CAAAAA+Laksaman"]
    # LibreOffice maps the glyph of ู (code 0x2C) to ่, the cluster it first drew it in
    assert regular[0x2C] == "\u0e39"
    assert sorted(c for c, ch in regular.items() if ch == "\u0e4d") == [0x26]  # the nikhahit of ำ
    # two glyphs for each of ่ and ้: a high one over upper vowels and a lowered one
    assert len([c for c, ch in regular.items() if ch == "\u0e48"]) == 2
    assert all(len(ch) <= 1 for font in table.values() for ch in font.values())


# --- parse, check and text give what the clean fixture gives ---------------------------------------------


def _leaves(a: Any, b: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(a.keys() | b.keys()):
            yield from _leaves(a.get(k), b.get(k), f"{path}/{k}")
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            yield from _leaves(x, y, f"{path}[{i}]")
    else:
        yield path, a, b


def _explained(text: str, start: int, end: int, ambiguous: set[str]) -> bool:
    """Whether text[start:end] lies inside a word the repair reported as ambiguous."""
    for word in ambiguous:
        pos = text.find(word, max(0, start - len(word)))
        while 0 <= pos <= end:
            if pos <= start and end <= pos + len(word):
                return True
            pos = text.find(word, pos + 1)
    return False


def differences(clean: ita_parse.Report, broken: ita_parse.Report) -> tuple[list[str], list[str]]:
    """(values that differ, text differences not at a word reported as ambiguous)."""
    ambiguous = set(broken.quality.ambiguous)
    values: list[str] = []
    words: list[str] = []
    for path, a, b in _leaves(semantic(clean), semantic(broken)):
        if a == b:
            continue
        if (
            isinstance(a, float)
            and isinstance(b, float)
            and "/bbox[" in path
            and abs(a - b) <= BBOX_TOLERANCE
        ):
            continue
        if not (isinstance(a, str) and isinstance(b, str)):
            values.append(f"{path}: {a!r} != {b!r}")
            continue
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op != "equal" and not _explained(b, j1, max(j2, j1 + 1), ambiguous):
                words.append(f"{path}: {a[max(0, i1 - 10) : i2 + 10]!r} -> {b[max(0, j1 - 10) : j2 + 10]!r}")
    return values, words


def analysis_cer(clean: ita_parse.Report, broken: ita_parse.Report) -> float:
    want = {a.indicator: squash(a.text) for a in clean.analyses}
    got = {a.indicator: squash(a.text) for a in broken.analyses}
    assert want.keys() == got.keys()
    return sum(edit_bound(got[k], want[k]) for k in want) / sum(len(t) for t in want.values())


def test_parse_gives_the_clean_report(variant: tuple[pv.Variant, Path]) -> None:
    v, path = variant
    clean = parsed(PDF_DIR / f"{v.source}.pdf")
    broken = parsed(path)
    values, words = differences(clean, broken)
    assert values == [], "values differ"
    if v.name in LOSSLESS:
        assert words == [], "text differs where the repair needs no dictionary"
    else:
        assert len(words) <= MAX_UNEXPLAINED, words
    assert analysis_cer(clean, broken) <= (CER_AM_AS_TONE if v.nikhahit == "\u0e49" else CER)


_REPAIRS = {
    "am_space": {"space_before_vowel": 200, "nikhahit_restored": 200},
    "am_tone": {"sara_am_as_tone": 200},
    "am_split": {"sara_am_composed": 200},
    "am_fffd": {"fffd_sara_am": 200},
    "am_lost": {"nikhahit_restored": 200},
    "aa_as_am": {"spurious_sara_am": 1500},
}


def test_quality_counts_the_repairs(variant: tuple[pv.Variant, Path]) -> None:
    v, path = variant
    quality = parsed(path).quality
    want = dict(_REPAIRS.get(v.name.removesuffix("_pua"), {}))
    if v.pua:
        want["pua"] = 1000
    if v.name == "digits_mixed":
        want = _REPAIRS["am_tone"]
    assert {k: quality.repairs.get(k, 0) >= n for k, n in want.items()} == dict.fromkeys(want, True), (
        quality.repairs
    )
    # only dictionary forms leave words that read either way, and those are counted
    if v.name in LOSSLESS:
        assert quality.ambiguous == {}
    assert not any(p.verdict in ("unusable", "empty") for p in quality.pages)
    # marks as PUA, ํา and U+FFFD + า are seen on the page by the triage, before any repair
    if v.pua or v.nikhahit in ("\u0e4d", "\ufffd", " "):
        assert any(p.verdict == "repaired" for p in quality.pages)


def test_check_gives_the_clean_findings(variant: tuple[pv.Variant, Path]) -> None:
    """Same codes at the same indicators; only the text-layer note (ITA701) may differ."""
    v, path = variant

    def keys(result: ita_parse.CheckResult) -> list[tuple[str, int | None]]:
        return sorted((f.code, f.indicator) for f in result.findings if f.code != "ITA701")

    broken = ita_parse.check(parsed(path))
    assert keys(broken) == keys(ita_parse.check(parsed(PDF_DIR / f"{v.source}.pdf")))
    assert any(f.code == "ITA701" for f in broken.findings), "the repaired text layer is reported"


@cache
def _text_pages(path: Path) -> list[tuple[int | None, str, Any]]:
    raw = list(raw_page_texts(path.read_bytes(), str(path)))
    return [
        (p.page, p.text, p.suspect)
        for p in repaired_pages([(r.page, r.text, r.quality.verdict) for r in raw])
    ]


def test_text_command_gives_the_clean_text(variant: tuple[pv.Variant, Path]) -> None:
    """``ita-parse text`` (its fast path: PDFium's page text, then the repair): the fixture's text."""
    v, path = variant
    clean = _text_pages(PDF_DIR / f"{v.source}.pdf")
    broken = _text_pages(path)
    assert [p for p, _, _ in broken] == [p for p, _, _ in clean]
    ambiguous = {w for _, _, suspect in broken for w in suspect}
    unexplained = []
    for (page, a, _), (_, b, _) in zip(clean, broken, strict=True):
        # no mark left alone on a line, as PDFium's line breaks would leave it
        assert not regex.search(r"(?m)^[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]", b), page
        if v.digits:  # ``text`` keeps the digits the layer has: compare values, not scripts
            a, b = ita_parse.to_arabic_digits(a), ita_parse.to_arabic_digits(b)
        # PDFium guesses the spaces and line breaks between words from the glyphs' boxes, which
        # differ where a glyph reads as a space: compare the characters
        a, b = regex.sub(r"\s+", "", a), regex.sub(r"\s+", "", b)
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op != "equal" and not _explained(b, j1, max(j2, j1 + 1), ambiguous):
                unexplained.append((page, a[max(0, i1 - 10) : i2 + 10], b[max(0, j1 - 10) : j2 + 10]))
    limit = 0 if v.name in LOSSLESS else 3 * MAX_UNEXPLAINED
    assert len(unexplained) <= limit, unexplained


def test_regression_the_fast_text_path_keeps_marks_on_their_line() -> None:
    """PDFium breaks lines around a mark drawn below its letter: ``ita-parse text`` gave "ข้อม\\nู\\nล"."""
    pdf = PDF_DIR / "laksaman.pdf"
    pages = list(raw_page_texts(pdf.read_bytes(), str(pdf)))
    text = "\n".join(p.text for p in pages)
    assert not regex.search(r"(?m)^[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]", text)
    assert "ข้อมูล" in text
    # the lines themselves stay: as many as before, less the breaks around marks
    assert text.count("\n") > 1000
