"""The PDF reader's building blocks: Thai mark attachment, lines, paragraphs, joins, stitching, triage.

These run on synthetic characters and tables, so each rule is checked apart
from the fixtures.
"""

from __future__ import annotations

import signal
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ita_parse._document import Cell, Paragraph, Row, Table, TextBlock
from ita_parse._model import PageQuality
from ita_parse._read._layout import (
    Frame,
    Line,
    _logical_order,
    build_clusters,
    build_lines,
    join_break,
    join_lines,
    paragraphs,
)
from ita_parse._read._pdfchars import Affine, Glyph, display_transform, upright_transform
from ita_parse._read._stitch import stitch
from ita_parse._read._triage import page_quality
from ita_parse._read.pdf import _deadline, _PageLayout, _paragraph_blocks
from ita_parse._thai import repair_thai

# --- Thai mark attachment ----------------------------------------------------------------------------

CONSONANTS = "กขคงจชซดตถทนบปผพฟภมยรลวสหอฮ"
UPPER = "ิีึืั็"
LOWER = "ุู"
TONES = "่้๊๋์"
LEADING = "เแโใไ"
FOLLOWING = "าะำ"
# PUA shapes for marks moved left (over ป ฝ ฟ) or down, as legacy Thai fonts map them
PUA_LEFT = {"ิ": "\uf701", "ี": "\uf702", "ึ": "\uf703", "ื": "\uf704", "ั": "\uf710", "็": "\uf712"}
PUA_TONE = {"่": "\uf70a", "้": "\uf70b", "๊": "\uf70c", "๋": "\uf70d", "์": "\uf70e"}

SIZE = 16.0
BASE = 100.0


@st.composite
def syllables(draw: st.DrawFn) -> list[tuple[str, str, str, str]]:  # one word
    """(leading vowel, consonant, marks in logical order, following vowel) per syllable."""
    out = []
    for _ in range(draw(st.integers(1, 8))):
        lead = draw(st.sampled_from(["", "", *LEADING]))
        cons = draw(st.sampled_from(CONSONANTS))
        vowel = draw(st.sampled_from(["", "", *UPPER, *LOWER]))
        tone = draw(st.sampled_from(["", "", *TONES])) if vowel != "็" else ""
        follow = "" if vowel else draw(st.sampled_from(["", "", *FOLLOWING]))
        out.append((lead, cons, vowel + tone, follow))
    return out


def layout(
    words: list[list[tuple[str, str, str, str]]], *, shifts: list[float], spacing: float, pua: bool
) -> tuple[list[list[Glyph]], str]:
    """Glyphs for words of syllables, one list per base (the base first, then its marks), and the text.

    Words are separated by space glyphs.  Marks have no advance; ``shifts``
    moves each mark relative to its base, in base widths (negative: left, as
    shaping does over tall consonants; up to +1: over the next letter, as a
    badly positioned font draws them).  ``spacing`` letter-spaces the text;
    the marks move with it, to the right of their base.
    """
    x = 10.0
    groups: list[list[Glyph]] = []
    text = ""
    k = 0
    for w, sylls in enumerate(words):
        if w:
            groups.append([Glyph(" ", x, x + 5, BASE, BASE, BASE, SIZE, False, False)])
            text += " "
            x += 6 + spacing
        for lead, cons, marks, follow in sylls:
            text += lead + cons + marks + follow
            for ch in lead:
                groups.append([Glyph(ch, x, x + 5, BASE - 11, BASE, BASE, SIZE, False, False)])
                x += 6 + spacing
            width = 8.0
            group = [Glyph(cons, x, x + width, BASE - 11, BASE, BASE, SIZE, False, False)]
            for j, mark in enumerate(marks):
                shift = shifts[k % len(shifts)] * width + 0.8 * spacing
                k += 1
                ch = mark
                if pua and mark in PUA_TONE and not (set(marks) & set(UPPER)):
                    ch = PUA_TONE[mark]
                elif pua and mark in PUA_LEFT and cons in "ปฝฟ":
                    ch = PUA_LEFT[mark]
                top = BASE - 16 - 4 * j if mark not in LOWER else BASE + 1
                mx0 = x + shift + 0.2 * width
                group.append(Glyph(ch, mx0, mx0 + 0.6 * width, top, top + 3, BASE, SIZE, False, False))
            groups.append(group)
            x += width + 1 + spacing
            for ch in follow:
                groups.append([Glyph(ch, x, x + 6, BASE - 11, BASE, BASE, SIZE, False, False)])
                x += 7 + spacing
    return groups, unicodedata.normalize("NFC", text)


def read_back(glyphs: list[Glyph]) -> str:
    lines = build_lines(build_clusters(glyphs))
    assert len(lines) == 1
    return repair_thai(lines[0].text, restore_nikhahit=False)


# "เปิด ปี่": marks moved left over ป; in a stream sorted by position they come before their
# base, after เ or at the start of a word, which is how such a stream gives itself away
CONTEXT = [[("เ", "ป", "ิ", "ด")], [("", "ป", "ี่", "")]]
CONTEXT_SHIFTS = [-0.35, -0.35, -0.35]

words = st.lists(syllables(), min_size=1, max_size=4)
shift_lists = st.lists(st.floats(-0.35, 0.25), min_size=1, max_size=6)


def glyphs_of(groups: list[list[Glyph]]) -> list[Glyph]:
    return [g for group in groups for g in group]


@given(words, st.lists(st.floats(-0.35, 1.0), min_size=1, max_size=6), st.booleans())
@settings(max_examples=300, deadline=None)
def test_marks_attach_to_their_base_in_logical_order(
    ws: list[list[tuple[str, str, str, str]]], shifts: list[float], pua: bool
) -> None:
    """Wherever a mark is drawn, even over the next letter, a stream in logical order says whose it is."""
    groups, text = layout(ws, shifts=shifts, spacing=0.0, pua=pua)
    assert read_back(glyphs_of(groups)) == text


def _with_context(
    ws: list[list[tuple[str, str, str, str]]], shifts: list[float], pua: bool
) -> tuple[list[list[Glyph]], str]:
    groups, text = layout([*CONTEXT, *ws], shifts=CONTEXT_SHIFTS + shifts, spacing=0.0, pua=pua)
    return groups, text


@given(words, shift_lists, st.booleans())
@settings(max_examples=300, deadline=None)
def test_marks_attach_to_their_base_when_sorted_by_position(
    ws: list[list[tuple[str, str, str, str]]], shifts: list[float], pua: bool
) -> None:
    """pdfplumber's order: by x0, which puts a mark moved left before its base."""
    groups, text = _with_context(ws, shifts, pua)
    glyphs = sorted(glyphs_of(groups), key=lambda g: g.x0)
    assert read_back(glyphs) == text


@given(words, st.lists(st.floats(0.0, 0.25), min_size=1, max_size=6), st.booleans())
@settings(max_examples=200, deadline=None)
def test_marks_attach_to_their_base_when_drawn_first(
    ws: list[list[tuple[str, str, str, str]]], shifts: list[float], pua: bool
) -> None:
    groups, text = _with_context(ws, shifts, pua)
    glyphs = [g for group in groups for g in [*group[1:], group[0]]]
    assert read_back(glyphs) == text


@given(words, shift_lists, st.floats(2.0, 6.0))
@settings(max_examples=200, deadline=None)
def test_marks_stay_with_their_base_in_letter_spaced_text(
    ws: list[list[tuple[str, str, str, str]]], shifts: list[float], spacing: float
) -> None:
    """Distributed justification moves marks right of their base, towards the next one."""
    groups, text = layout(ws, shifts=shifts, spacing=spacing, pua=False)
    assert read_back(glyphs_of(groups)) == text


def test_sara_am_from_actual_text_and_decomposed() -> None:
    # PDFium gives ำ whole where /ActualText says so; a Word-style layer gives ํ + า
    whole = [
        Glyph("ด", 10, 18, 89, 100, 100, 16, False, False),
        Glyph("ำ", 14, 26, 84, 100, 100, 16, False, False),
    ]
    split = [
        Glyph("ด", 10, 18, 89, 100, 100, 16, False, False),
        Glyph("\u0e4d", 14, 17, 84, 87, 100, 16, False, False),
        Glyph("า", 19, 26, 89, 100, 100, 16, False, False),
    ]
    assert read_back(whole) == read_back(split) == "ดำ"


# --- lines ---------------------------------------------------------------------------------------------


def g(ch: str, x: float, base: float = 100.0, *, gen: bool = False, size: float = 16.0) -> Glyph:
    width = 0.0 if ch == " " and gen else 7.0
    return Glyph(ch, x, x + width, base - 11, base, base, size, False, gen)


def test_below_vowel_does_not_break_the_line() -> None:
    """PDFium breaks its text before ู; baselines keep สูง on one line."""
    glyphs = [g("ส", 10), Glyph("ู", 13, 17, 101, 104, 100, 16, False, False), g("ง", 18)]
    lines = build_lines(build_clusters(glyphs))
    assert [line.text for line in lines] == ["สูง"]


def test_generated_spaces_between_thai_letters_are_dropped() -> None:
    glyphs = [g("ป", 10), g(" ", 17.5, gen=True), g("ง", 19)]
    assert build_lines(build_clusters(glyphs))[0].text == "ปง"


def test_a_real_word_gap_without_a_space_glyph_is_a_space() -> None:
    # justified lines may carry word gaps as positions only; PDFium flags them
    glyphs = [g("ป", 10), g(" ", 17, gen=True), g("พ", 25)]
    assert build_lines(build_clusters(glyphs))[0].text == "ป พ"
    latin = [g("a", 10), g(" ", 17, gen=True), g("b", 20)]
    assert build_lines(build_clusters(latin))[0].text == "a b"


def test_letter_spaced_line_gets_no_spaces_between_its_letters() -> None:
    """Distributed justification: PDFium flags every gap; only the wider word gap is a space."""
    glyphs: list[Glyph] = []
    x = 10.0
    for i, ch in enumerate("จากนั้นนำผล"):
        if i == 7:
            x += 9.0  # the word gap, wider than the letter gaps
        if i:
            glyphs.append(g(" ", x - 0.5, gen=True))
        if ch in "ั้":
            glyphs.append(Glyph(ch, x - 10, x - 5, 84, 87, 100, 16, False, False))
            continue
        glyphs.append(g(ch, x))
        x += 7.0 + 7.0  # 7 pt letters, 7 pt (0.44 em) letter spacing
    assert build_lines(build_clusters(glyphs))[0].text == "จากนั้น นำผล"


def test_logical_order_detection() -> None:
    logical = [g("เ", 10), g("ป", 16), Glyph("ิ", 14, 20, 84, 87, 100, 16, False, False), g("ด", 24)]
    assert _logical_order(logical)
    by_x = sorted(logical, key=lambda x: x.x0)
    assert not _logical_order(
        [*by_x, g(" ", 40), Glyph("ี", 46, 52, 84, 87, 100, 16, False, False), g("ป", 47)]
    )


def test_lines_come_top_to_bottom_and_left_to_right() -> None:
    glyphs = [g("ข", 30, 130), g("ก", 10, 130), g("ค", 10, 100)]
    assert [line.text for line in build_lines(build_clusters(glyphs))] == ["ค", "กข"]


# --- joining and paragraphs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("การปฏิบัติ", "หน้าที่", "การปฏิบัติหน้าที่"),  # a wrap inside Thai text is no space
        ("Open Data", "Integrity", "Open Data Integrity"),
        ("ผ่านมา", "๐.๗๘ คะแนน", "ผ่านมา ๐.๗๘ คะแนน"),
        ("ต.ค.", "๖๘ ถึง", "ต.ค. ๖๘ ถึง"),
        ("๑๐", "๐.๐๐", "๑๐๐.๐๐"),  # a number too long for its cell
        ("E-", "Service", "E-Service"),
        ("(อ้างอิงจาก ๐๘)", "พร้อมทั้ง", "(อ้างอิงจาก ๐๘) พร้อมทั้ง"),
        ("ภารกิจงาน", "๒. เสนอรายงาน", "ภารกิจงาน ๒. เสนอรายงาน"),
        ("ประจำปี ๒๕๖๗", "๒. จัดทำ", "ประจำปี ๒๕๖๗ ๒. จัดทำ"),  # a step number is not the rest of a number
        ("สำนัก/", "กอง", "สำนัก/กอง"),
        ("ปฏิบัติ ", "หน้าที่", "ปฏิบัติ หน้าที่"),
    ],
)
def test_join_break(left: str, right: str, joined: str) -> None:
    assert join_break(left, right) == joined


def line(
    text: str,
    x0: float,
    x1: float,
    base: float,
    *,
    size: float = 16.0,
    bold: bool = False,
    first_run: float = 60.0,
) -> Line:
    return Line(text, x0, x1, base - 12, base + 4, base, size, bold, first_run=first_run)


FRAME = Frame(85.0, 538.0, 27.4 / 16)


def texts(groups: list[list[Line]]) -> list[str]:
    return [join_lines(gr) for gr in groups]


def test_heading_stays_apart_from_the_indented_paragraph_after_it() -> None:
    lines = [
        line("ตัวชี้วัดที่ ๖ คุณภาพการดำเนินงาน คะแนน ๙๖.๒๖", 85, 420, 100, bold=True),
        line("วิเคราะห์ผล มีผู้รับบริการหรือผู้มาติดต่อ", 156, 538, 127.4),
        line("ราชการกับหน่วยงาน", 85, 538, 154.8),
        line("บางรายเห็นว่า", 85, 300, 182.2),
    ]
    assert texts(paragraphs(lines, FRAME, prose=True)) == [
        "ตัวชี้วัดที่ ๖ คุณภาพการดำเนินงาน คะแนน ๙๖.๒๖",
        "วิเคราะห์ผล มีผู้รับบริการหรือผู้มาติดต่อราชการกับหน่วยงานบางรายเห็นว่า",
    ]


def test_heading_with_no_indent_spacing_or_weight_change_ends_at_its_short_line() -> None:
    lines = [
        line("ส่วนที่ ๑ ผู้รับบริการ", 85, 260, 100, first_run=120),
        line("มีผู้รับบริการหรือผู้มาติดต่อราชการ", 85, 538, 127.4, first_run=150),
        line("กับหน่วยงาน", 85, 250, 154.8),
    ]
    assert len(paragraphs(lines, FRAME, prose=True)) == 2


def test_centred_title_wrapped_over_two_lines_is_one_paragraph() -> None:
    lines = [
        line("การนำผลการประเมิน ITA ไปสู่การ", 112, 512, 245.6, size=28, bold=True),
        line("พัฒนาองค์กร", 235, 388, 293.7, size=28, bold=True, first_run=153),
        line("ประจำปีงบประมาณ พ.ศ. ๒๕๖๙", 123, 501, 347.7, size=28, bold=True, first_run=200),
    ]
    assert texts(paragraphs(lines, FRAME, prose=True)) == [
        "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร",
        "ประจำปีงบประมาณ พ.ศ. ๒๕๖๙",
    ]


def test_list_items_start_paragraphs_and_hanging_lines_continue_them() -> None:
    first = line("๑. จัดประชุมเจ้าหน้าที่", 85, 538, 100)
    first.marker_end = 100.0
    lines = [first, line("เพื่อรับฟังปัญหา", 100, 300, 127.4), line("๒. เสนอรายงาน", 85, 300, 154.8)]
    assert texts(paragraphs(lines, FRAME, prose=True)) == ["๑. จัดประชุมเจ้าหน้าที่เพื่อรับฟังปัญหา", "๒. เสนอรายงาน"]
    assert len(paragraphs(lines, FRAME, prose=False)) == 2


def test_reference_wrapped_to_the_start_of_a_line_is_not_a_list_item() -> None:
    lines = [line("ตามแผน (อ้างอิงจาก", 85, 538, 100), line("๐๒๗) ประกอบกับ", 85, 538, 127.4)]
    assert len(paragraphs(lines, FRAME, prose=True)) == 1


# --- coordinates ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_display_transform_maps_the_mediabox_onto_the_displayed_page(rotation: int) -> None:
    t, w, h = display_transform(rotation, (10.0, 20.0, 610.0, 862.0))
    corners = [t.apply(x, y) for x in (10.0, 610.0) for y in (20.0, 862.0)]
    assert sorted({round(c[0], 6) for c in corners}) == [0.0, w]
    assert sorted({round(c[1], 6) for c in corners}) == [0.0, h]
    assert (w, h) == ((600.0, 842.0) if rotation in (0, 180) else (842.0, 600.0))
    # the top-left corner of the unrotated page goes where the rotation takes it
    top_left = t.apply(10.0, 862.0)
    assert top_left == {0: (0, 0), 90: (w, 0), 180: (w, h), 270: (0, h)}[rotation]


@pytest.mark.parametrize("turns", [0, 1, 2, 3])
def test_upright_transform_makes_text_run_left_to_right(turns: int) -> None:
    t, w, h = upright_transform(turns, 600.0, 842.0)
    direction = {0: (1.0, 0.0), 1: (0.0, 1.0), 2: (-1.0, 0.0), 3: (0.0, -1.0)}[turns]
    assert t.vector(*direction) == pytest.approx((1.0, 0.0))
    back = t.inverse()
    assert isinstance(back, Affine)
    assert back.apply(*t.apply(17.0, 33.0)) == pytest.approx((17.0, 33.0))
    x0, y0, x1, y1 = t.box(0.0, 0.0, 600.0, 842.0)
    assert (round(x1 - x0), round(y1 - y0)) == (round(w), round(h))


# --- stitching: regressions found on the fixtures ----------------------------------------------------------


def row(*cells: str, page: int) -> Row:
    return Row([Cell.of(c, page=page) for c in cells], page=page)


HEADER = ("ตัวชี้วัดที่", "ผลการประเมิน (คะแนน)", "มาตรการ")


def test_repeated_header_that_lost_a_bracket_is_still_dropped() -> None:
    # LibreOffice clipped ")" from an overfull header cell on one page of the plan table
    a = Table([row(*HEADER, page=1), row("๑. การปฏิบัติ", "๙๙.๒๙", "ก", page=1)], page=1)
    b = Table(
        [row("ตัวชี้วัดที่", "ผลการประเมิน (คะแนน", "มาตรการ", page=2), row("๒. การใช้", "๙๙.๐๕", "ข", page=2)],
        page=2,
    )
    (out,) = stitch([a, b], join_break, merge_same_page=False, page_pieces=True)
    assert isinstance(out, Table)
    assert [r.cells[0].raw for r in out.body] == ["๑. การปฏิบัติ", "๒. การใช้"]


def test_row_cut_by_a_page_break_is_joined_even_with_text_in_its_first_cell() -> None:
    # the item label overflowed to the next page; its score fitted on the page before
    a = Table([row("ประเด็น", "คะแนน", page=2), row("i๑ การปฏิบัติงาน มากน้อย", "๙๗.๘๖", page=2)], page=2)
    b = Table(
        [row("ประเด็น", "คะแนน", page=3), row("เพียงใด", "", page=3), row("i๒ ในหน่วยงาน", "๑๐๐", page=3)],
        page=3,
    )
    (out,) = stitch([a, b], join_break, merge_same_page=False, page_pieces=True)
    assert isinstance(out, Table)
    assert [(r.cells[0].raw, r.cells[1].raw) for r in out.body] == [
        ("i๑ การปฏิบัติงาน มากน้อยเพียงใด", "๙๗.๘๖"),
        ("i๒ ในหน่วยงาน", "๑๐๐"),
    ]
    assert out.body[0].cells[0].more == [(3, None)]


def test_row_cut_so_early_that_even_its_score_was_split() -> None:
    # only the first line of each cell fitted: "๑๐" on one page, "๐.๐๐" on the next
    first = [row(*HEADER, page=21)] + [row(f"{n}. ตัวชี้วัด", "๙๙.๐๐", "ก", page=21) for n in "๑๒"]
    a = Table([*first, row("๓. การใช้", "๑๐", "การมอบหมาย", page=21)], page=21)
    b = Table([row(*HEADER, page=22), row("อำนาจ", "๐.๐๐", "งานมีความเป็นธรรม", page=22)], page=22)
    (out,) = stitch([a, b], join_break, merge_same_page=False, page_pieces=True)
    assert isinstance(out, Table)
    assert [c.raw for c in out.body[-1].cells] == ["๓. การใช้อำนาจ", "๑๐๐.๐๐", "การมอบหมายงานมีความเป็นธรรม"]


def test_next_row_with_its_score_is_not_a_continuation() -> None:
    a = Table([row("ตัวชี้วัด", "คะแนน", "เครื่องมือ", page=2), row("ตัวชี้วัดที่ ๑", "๙๙.๒๙", "๙๖.๘๖", page=2)], page=2)
    b = Table([row("ตัวชี้วัด", "คะแนน", "เครื่องมือ", page=3), row("ตัวชี้วัดที่ ๒", "๙๙.๐๕", "", page=3)], page=3)
    (out,) = stitch([a, b], join_break, merge_same_page=False, page_pieces=True)
    assert isinstance(out, Table) and len(out.body) == 2


def test_row_under_a_merged_first_cell_stays_a_row() -> None:
    t = Table(
        [
            row("ตัวชี้วัด", "ข้อ", "คะแนน", page=1),
            row("ตัวชี้วัดที่ ๑", "i๑", "๙๗", page=1),
            row("", "i๒", "๑๐๐", page=1),
        ],
        page=1,
    )
    (out,) = stitch([t], join_break, merge_same_page=False, page_pieces=True)
    assert isinstance(out, Table) and len(out.body) == 2
    # the text reader's convention is unchanged: there a row with an empty first cell continues
    (text_out,) = stitch([Table([*(Row(list(r.cells)) for r in t.rows)])])
    assert isinstance(text_out, Table) and len(text_out.body) == 1


def test_step_at_the_top_of_the_next_page_stays_a_paragraph() -> None:
    a = Table([row(*HEADER, page=4), row("๔. การใช้", "๘๙.๐๕", ". จัดทำคู่มือ", page=4)], page=4)
    b = Table([row(*HEADER, page=5), row("", "", "๒. จัดให้มีการขออนุญาต", page=5)], page=5)
    (out,) = stitch([a, b], join_break, merge_same_page=False, page_pieces=True)
    assert isinstance(out, Table)
    assert [p.raw for p in out.body[0].cells[2].paragraphs] == [". จัดทำคู่มือ", "๒. จัดให้มีการขออนุญาต"]


def test_two_tables_on_one_page_stay_apart() -> None:
    a = Table([row("ชื่อ", "คะแนน", page=2), row("ก", "๑", page=2)], page=2)
    b = Table([row("ข", "๒", page=2)], page=2)
    assert len(stitch([a, b], join_break, merge_same_page=False, page_pieces=True)) == 2
    assert len(stitch([a, TextBlock(Paragraph("x")), b])) == 3


# --- triage ---------------------------------------------------------------------------------------------


def test_triage_verdicts() -> None:
    clean = "ผลการประเมิน ITA ขององค์การบริหารส่วนตำบล มีผลคะแนน ๙๖.๗๙ คะแนน" * 5
    assert page_quality(1, clean).verdict == "good"
    pua = clean.replace("่", "\uf70a")
    q = page_quality(2, pua)
    assert q.verdict == "repaired" and q.counts["pua"] > 0 and 0.5 < q.score < 1.0
    assert page_quality(3, "   \n ").verdict == "empty"
    garbage = "(cid:12)(cid:44)(cid:3) " * 30
    assert page_quality(4, garbage).verdict == "unusable"
    mojibake = "¼Å¡ÒÃ»ÃÐàÁÔ¹ ITA ¢Í§Í§¤ì¡Òà " * 10  # TIS-620 bytes read as Latin-1
    assert page_quality(5, mojibake).verdict == "unusable"
    lost = "ก\ufffdา ข\ufffdา " * 20
    assert page_quality(6, lost).verdict == "unusable"


def test_deadline_restores_the_timer_and_handler() -> None:
    before = signal.getsignal(signal.SIGALRM)
    with _deadline(30.0, "x.pdf") as check:
        check()
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is before


# --- paragraphs over page breaks ---------------------------------------------------------------------


def _page(number: int, lines: list[Line]) -> _PageLayout:
    return _PageLayout(number, 595.0, 842.0, Affine(), [lines], PageQuality(page=number))


def test_paragraph_running_over_three_pages_is_one_block_and_markers_go() -> None:
    full = 538.0
    pages = [
        _page(1, [line("หัวข้อ", 85, 200, 100, bold=True), line("ย่อหน้าเริ่ม", 156, full, 127.4)]),
        _page(2, [line("ต่อทั้งหน้า", 85, full, 100)]),
        _page(3, [line("จบที่นี่", 85, 300, 100), line("/ย่อหน้าถัดไป...", 440, full, 127.4)]),
        _page(4, [line("ย่อหน้าถัดไป", 85, 300, 100)]),
    ]
    blocks = _paragraph_blocks(pages)
    assert [(b.page, b.raw) for b in blocks if isinstance(b, TextBlock)] == [
        (1, "หัวข้อ"),
        (1, "ย่อหน้าเริ่มต่อทั้งหน้าจบที่นี่"),
        (4, "ย่อหน้าถัดไป"),  # the continuation marker went; its paragraph had ended
    ]


def test_running_heads_and_page_numbers_are_dropped() -> None:
    pages = [
        _page(
            n,
            [
                line("รายงานประจำปี", 250, 345, 40),
                line(f"เนื้อหา {n}", 85, 300, 100),
                line(f"- {n} -", 290, 305, 810),
            ],
        )
        for n in range(1, 5)
    ]
    blocks = _paragraph_blocks(pages)
    assert [b.raw for b in blocks if isinstance(b, TextBlock)] == [f"เนื้อหา {n}" for n in range(1, 5)]
