"""The .docx reader: the fixture Word files read like their PDFs, Word's features, and bad files.

The fixtures (tests/data/docx/*.docx) are the Word files the fixture PDFs
were exported from, so each must give the values of the text sample
(``samples/samruean-2569.txt``), the ground truth's text, and the same
findings.  The reader is called directly and the rest of the pipeline run
here (``pipeline``), so these tests do not depend on how ``read`` dispatches.
Synthetic documents are built from WordprocessingML written here
(``make_docx``), one feature at a time.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import regex
from lxml import etree

import ita_parse
from ita_parse import _api, _cli
from ita_parse._check import run_rules
from ita_parse._document import Block, Document, Table, TextBlock
from ita_parse._errors import UnsupportedInput
from ita_parse._extract import extract
from ita_parse._read import ReadOptions, load_source
from ita_parse._read import read as real_read
from ita_parse._read._docx_numbering import THAI_LETTERS, format_number, roman
from ita_parse._read.docx import docx_blocks, read_docx
from ita_parse._repair import repair_document
from ita_parse._thai import to_arabic_digits

from .helpers import DATA, SAMPLE, golden_check, semantic
from .test_pdf import compare_with_ground_truth, ground_truth, reference, squash, without_location

DOCX_DIR = DATA / "docx"
FIXTURES = ["laksaman", "garuda", "norasi", "arabic_digits"]


# --- the pipeline, run by hand -----------------------------------------------------------------------


def read_bytes(data: bytes, path: str = "<test>.docx") -> Document:
    return read_docx(data, path=path, sha256=hashlib.sha256(data).hexdigest())


def pipeline(data: bytes, path: str = "<test>.docx") -> ita_parse.Report:
    """read → repair → extract, as ``ita_parse.parse`` does once the reader is wired into ``read``."""
    doc = read_bytes(data, path)
    doc.quality = repair_document(doc)
    return extract(doc, doc.quality)


def finding_keys(findings: list[ita_parse.Finding]) -> list[tuple[str, int | None]]:
    # ITA701 is about a text layer's repairs; a .docx has none to report
    return sorted((f.code, f.indicator) for f in findings if f.code != "ITA701")


@cache
def parsed(name: str) -> ita_parse.Report:
    return pipeline((DOCX_DIR / f"{name}.docx").read_bytes(), f"tests/data/docx/{name}.docx")


# --- the fixtures ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FIXTURES)
def test_values_equal_the_text_sample(name: str) -> None:
    got = without_location(semantic(parsed(name), keep_text=False))
    want = reference()
    if got != want:
        import difflib

        a = json.dumps(want, ensure_ascii=False, indent=1, sort_keys=True).splitlines()
        b = json.dumps(got, ensure_ascii=False, indent=1, sort_keys=True).splitlines()
        diff = "\n".join(list(difflib.unified_diff(a, b, "text sample", name, lineterm="", n=2))[:80])
        pytest.fail(f"{name}.docx differs from the text sample:\n{diff}")


@pytest.mark.parametrize("name", FIXTURES)
def test_text_equals_the_ground_truth(name: str) -> None:
    stats = compare_with_ground_truth(parsed(name), ground_truth(name == "arabic_digits"))
    assert stats == {
        "indicator names": 10,
        "item texts": 52,
        "items": 52,
        "analysis cer": 0.0,
        "plan steps": (66, 66),
        "plan cells": (40, 40),
        "plan rows": 10,
    }


@pytest.mark.parametrize("name", FIXTURES)
def test_findings_equal_those_of_the_text_sample(name: str) -> None:
    assert finding_keys(run_rules(parsed(name))) == finding_keys(ita_parse.check(SAMPLE).findings)


@pytest.mark.parametrize("name", FIXTURES)
def test_golden(name: str) -> None:
    data = parsed(name).model_dump(mode="json")
    golden_check(f"docx-{name}.json", json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _body_paragraphs(data: bytes) -> list[tuple[str, str]]:
    """For every N, the text of (/w:document/w:body//w:p)[N] and of the table row it is in ("" outside)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    body = root.find(w + "body")
    assert body is not None

    def text(el: etree._Element) -> str:
        return "".join(t.text or "" for t in el.iter(w + "t"))

    out = []
    for para in body.iter(w + "p"):
        row = next(para.iterancestors(w + "tr"), None)
        out.append((text(para), text(row) if row is not None else ""))
    return out


def _where(prov: ita_parse.Provenance) -> int:
    """The paragraph number a provenance points at.

    Table rows carry it in ``Row.line``, which the extractor copies to ``line``
    (or, for inputs without lines, to ``paragraph``): either is accepted.
    """
    n = prov.paragraph if prov.paragraph is not None else prov.line
    assert n is not None, prov
    return n


@pytest.mark.parametrize("name", FIXTURES)
def test_provenance_points_at_the_paragraph_in_the_file(name: str) -> None:
    """A block's ``paragraph`` and a row's ``line`` N is the N-th w:p of the body; the value is printed there.

    A table row's number is its first paragraph's: the value is in that row.
    """
    report = parsed(name)
    paras = _body_paragraphs((DOCX_DIR / f"{name}.docx").read_bytes())
    for ind in report.indicators:
        for src in ind.sources:
            assert src.raw, src
            text, row_text = paras[_where(src) - 1]
            if src.table == "analysis":
                assert src.paragraph is not None and not row_text
                assert squash(src.raw) in squash(text)
            else:
                assert squash(src.raw) in squash(row_text), (src, row_text)
    for item in report.items:
        assert squash(paras[_where(item.provenance) - 1][0]).startswith(squash(item.code_raw))
    for analysis in report.analyses:
        n = analysis.provenance.paragraph
        assert n is not None and squash(paras[n - 1][0]).startswith(squash("ตัวชี้วัดที่"))
    for row in report.plan:
        text, row_text = paras[_where(row.provenance) - 1]
        assert row_text.startswith(text) and squash(row.provenance.raw).startswith(squash(text))
    assert report.source.kind == "docx" and report.source.pages is None


def test_document_structure() -> None:
    """One table per table, the merged cells as in the PDF, the plan's two header rows from w:tblHeader."""
    doc = read_bytes((DOCX_DIR / "laksaman.docx").read_bytes())
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert [(t.ncols, len(t.body), t.header_rows) for t in tables] == [(3, 10, 1), (2, 62, 1), (7, 10, 2)]
    summary, _, plan = tables
    assert [r.cells[2].raw for r in summary.body] == ["๙๖.๘๖", "", "", "", "", "๙๕.๗๗", "", "", "๙๗.๕๐", ""]
    assert [[c.raw for c in r.cells] for r in plan.rows[:2]] == ground_truth(False)["plan_header"]
    texts = [b.raw for b in doc.blocks if isinstance(b, TextBlock)]
    assert "ตัวชี้วัดที่ ๖ คุณภาพการดำเนินงาน คะแนน ๙๖.๒๖" in texts
    # the continuation markers typed after a line break at the foot of a page are dropped
    assert not any(t.startswith("/") or "/และบุคลากร" in t for t in texts)
    # numbered steps: one paragraph each in the cell
    steps = plan.body[3].cells[4].paragraphs
    assert [p.raw[:3] for p in steps] == [". จ", "๒. ", "๓. ", "๔. ", "๕. ", "๖. ", "๗. ", "๘. "]


# --- synthetic documents -----------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
)
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def make_docx(body: str, *, numbering: str | None = None, styles: str | None = None) -> bytes:
    """A minimal valid .docx whose body is ``body`` (WordprocessingML, the w: prefix bound)."""
    overrides = f'<Override PartName="/word/document.xml" ContentType="{_MAIN}.document.main+xml"/>'
    rels = ""
    if numbering is not None:
        overrides += f'<Override PartName="/word/numbering.xml" ContentType="{_MAIN}.numbering+xml"/>'
        rels += f'<Relationship Id="rId1" Type="{_REL}/numbering" Target="numbering.xml"/>'
    if styles is not None:
        overrides += f'<Override PartName="/word/styles.xml" ContentType="{_MAIN}.styles+xml"/>'
        rels += f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>' + overrides + "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
        )
        z.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>{body}</w:body></w:document>',
        )
        z.writestr(
            "word/_rels/document.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}'
            "</Relationships>",
        )
        if numbering is not None:
            z.writestr("word/numbering.xml", f'<w:numbering xmlns:w="{W_NS}">{numbering}</w:numbering>')
        if styles is not None:
            z.writestr("word/styles.xml", f'<w:styles xmlns:w="{W_NS}">{styles}</w:styles>')
    return out.getvalue()


def p(text: str = "", ppr: str = "", runs: str | None = None) -> str:
    """A paragraph of one run (or of the given runs)."""
    content = runs if runs is not None else f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{content}</w:p>"


def tc(*paras: str, tcpr: str = "") -> str:
    body = "".join(x if x.startswith("<") else p(x) for x in paras) or "<w:p/>"
    return f"<w:tc>{f'<w:tcPr>{tcpr}</w:tcPr>' if tcpr else ''}{body}</w:tc>"


def tr(*cells: str, trpr: str = "") -> str:
    return f"<w:tr>{f'<w:trPr>{trpr}</w:trPr>' if trpr else ''}{''.join(cells)}</w:tr>"


def tbl(ncols: int, *rows: str) -> str:
    grid = "".join('<w:gridCol w:w="1000"/>' for _ in range(ncols))
    return f"<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def texts(doc: Document) -> list[str]:
    return [b.raw for b in doc.blocks if isinstance(b, TextBlock)]


def grid(table: Table) -> list[list[str]]:
    return [[c.raw for c in r.cells] for r in table.rows]


def only_table(doc: Document | list[Block]) -> Table:
    blocks = doc.blocks if isinstance(doc, Document) else doc
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 1
    return tables[0]


def unstitched(data: bytes) -> list[Block]:
    return docx_blocks(data, path="<test>.docx")


def test_merged_cells_resolve_to_the_grid_a_reader_sees() -> None:
    vm_start, vm_cont = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    body = tbl(
        4,
        tr(tc("A"), tc("B", tcpr='<w:gridSpan w:val="3"/>')),
        tr(tc("x", tcpr=vm_start), tc("1"), tc("2"), tc("3")),
        tr(tc("", tcpr=vm_cont), tc("4"), tc("5", tcpr='<w:gridSpan w:val="2"/>')),
        tr(tc("y"), tc("6"), tc("7"), tc("8")),
        tr(tc("9"), tc("10"), trpr='<w:gridBefore w:val="2"/>'),
        tr(tc("p", tcpr='<w:gridSpan w:val="2"/>'), tc("q"), tc("r")),
    )
    table = only_table(unstitched(make_docx(body)))
    assert grid(table) == [
        ["A", "B", "", ""],
        ["x", "1", "2", "3"],
        ["", "4", "5", ""],
        ["y", "6", "7", "8"],
        ["", "", "9", "10"],
        ["p", "", "q", "r"],  # a span in the middle of a row moves the cells after it
    ]
    assert [r.line for r in table.rows] == [1, 3, 7, 10, 14, 16]


def test_a_merged_first_column_continues_its_row_once_stitched() -> None:
    """As for text dumps: a row whose first cell is empty (merged from above) is the rest of the row above."""
    vm_start, vm_cont = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    period, owner = tc("ต.ค. 68 - ก.ย. 69"), tc("สำนักปลัด")
    body = tbl(
        5,
        tr(*map(tc, ("ตัวชี้วัด", "มาตรการ", "ขั้นตอน", "ระยะเวลา", "ผู้รับผิดชอบ")), trpr="<w:tblHeader/>"),
        tr(tc("1. การปฏิบัติหน้าที่", tcpr=vm_start), tc("คู่มือ"), tc("1. ประชุม"), period, owner),
        tr(tc("", tcpr=vm_cont), tc("อบรม"), tc("2. อบรม"), tc(""), tc("")),
        tr(tc("2. การใช้งบประมาณ"), tc("แผน"), tc("1. จัดทำ"), period, owner),
    )
    assert len(only_table(unstitched(make_docx(body))).rows) == 4
    table = only_table(read_bytes(make_docx(body)))
    # each paragraph stays a paragraph (stitch alone would give "1. ประชุม 2. อบรม")
    assert [[[x.raw for x in c.paragraphs] for c in r.cells[:3]] for r in table.body] == [
        [["1. การปฏิบัติหน้าที่"], ["คู่มือ", "อบรม"], ["1. ประชุม", "2. อบรม"]],
        [["2. การใช้งบประมาณ"], ["แผน"], ["1. จัดทำ"]],
    ]
    report = pipeline(make_docx(body))
    assert [(r.indicator, r.measure, [s.number for s in r.steps]) for r in report.plan] == [
        (1, "คู่มือ\nอบรม", [1, 2]),
        (2, "แผน", [1]),
    ]


def test_grid_columns_where_no_cell_starts_are_dropped() -> None:
    """Borders that do not line up make Word add grid columns no reader sees as columns."""
    two = '<w:gridSpan w:val="2"/>'
    body = tbl(4, tr(tc("a", tcpr=two), tc("b"), tc("c")), tr(tc("d", tcpr=two), tc("e"), tc("f")))
    assert grid(only_table(unstitched(make_docx(body)))) == [["a", "b", "c"], ["d", "e", "f"]]


def test_a_continued_merge_holds_no_text_even_if_the_xml_has_some() -> None:
    start, cont = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    body = tbl(2, tr(tc("1"), tc("k", tcpr=start)), tr(tc("2"), tc("stale", tcpr=cont)))
    assert grid(only_table(read_bytes(make_docx(body)))) == [["1", "k"], ["2", ""]]


def test_header_rows_from_tblheader_and_repeated_headers_dropped() -> None:
    header = tr(tc("ประเด็น"), tc("คะแนน"), trpr="<w:tblHeader/>")
    typed_again = tr(tc("ประเด็น"), tc("คะแนน"))
    rows = [tr(tc(f"i{i} ข้อ {i}"), tc(f"{90 + i}.00")) for i in range(1, 7)]
    body = tbl(2, header, *rows[:3], typed_again, *rows[3:])
    table = only_table(read_bytes(make_docx(body)))
    assert table.header_rows == 1
    assert [r.cells[0].raw for r in table.body] == [f"i{i} ข้อ {i}" for i in range(1, 7)]
    # without the flag the header is recognised by its lack of numbers, and its repeat still dropped
    body = tbl(2, typed_again, *rows[:3], typed_again, *rows[3:])
    table = only_table(read_bytes(make_docx(body)))
    assert table.header_rows == 1 and len(table.body) == 6


def test_a_table_typed_again_after_a_page_break_is_one_table() -> None:
    header = tr(tc("ประเด็น"), tc("คะแนน"), trpr="<w:tblHeader/>")
    first = tbl(2, header, tr(tc("i1 ก"), tc("90.00")), tr(tc("i2 ข"), tc("91.00")))
    second = tbl(2, header, tr(tc("i3 ค"), tc("92.00")))
    doc = read_bytes(make_docx(first + p("") + p("/ต่อ...") + second))
    assert [r.cells[0].raw for r in only_table(doc).body] == ["i1 ก", "i2 ข", "i3 ค"]


def test_cell_paragraphs_line_breaks_and_nested_tables() -> None:
    runs = "<w:r><w:t>1. แรก</w:t><w:br/><w:t>2. สอง</w:t></w:r>"
    nested = tbl(2, tr(tc("n1"), tc("n2")))
    body = tbl(2, tr(tc("หัว"), tc(p(runs=runs), p("ต่อ"), nested, p("ท้าย"))))
    cell = only_table(read_bytes(make_docx(body))).rows[0].cells[1]
    assert [x.raw for x in cell.paragraphs] == ["1. แรก", "2. สอง", "ต่อ", "n1", "n2", "ท้าย"]


def test_line_breaks_in_running_text() -> None:
    """A soft break is a wrap (a space); a line that starts a list item is a block; a marker line goes."""
    runs = (
        "<w:r><w:t>ได้รับผลการประเมิน ITA ปี 2568</w:t><w:br/>"
        '<w:t xml:space="preserve">ได้คะแนน 88.10 คะแนน</w:t><w:br/><w:t>2. ข้อสอง</w:t>'
        "<w:br/><w:tab/><w:t>/ส่วนที่ ๒...</w:t></w:r>"
    )
    doc = read_bytes(make_docx(p("หัวเรื่อง") + p(runs=runs)))
    assert texts(doc) == ["หัวเรื่อง", "ได้รับผลการประเมิน ITA ปี 2568 ได้คะแนน 88.10 คะแนน", "2. ข้อสอง"]
    assert [b.paragraph for b in doc.blocks if isinstance(b, TextBlock)] == [1, 2, 2]


def test_what_a_reader_sees_in_runs() -> None:
    """Fields give their result, content controls and insertions their text; deletions and hidden text go."""
    runs = (
        "<w:r><w:t>ก</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:fldSimple w:instr=" DATE "><w:r><w:t>ข</w:t></w:r></w:fldSimple>'
        "<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>ค</w:t></w:r></w:sdtContent></w:sdt>"
        '<w:ins w:id="1" w:author="x"><w:r><w:t>ง</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="x"><w:r><w:delText>ลบ</w:delText></w:r></w:del>'
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>ซ่อน</w:t></w:r>"
        '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>จ</w:t></w:r>'
        '<w:hyperlink w:anchor="x"><w:r><w:t>ฉ</w:t></w:r></w:hyperlink>'
        '<w:r><w:tab/><w:t>ช</w:t><w:noBreakHyphen/><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>'
    )
    block_sdt = (
        "<w:sdt><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>ในกล่อง</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    assert texts(read_bytes(make_docx(p(runs=runs) + block_sdt))) == ["ก7ขคงจฉ ช-", "ในกล่อง"]


def test_text_boxes_are_read_once() -> None:
    """A text box is stored twice (DrawingML and its VML fallback); it is read once, after its anchor."""
    box = "<w:txbxContent><w:p><w:r><w:t>ข้อความในกล่อง</w:t></w:r></w:p></w:txbxContent>"
    runs = (
        "<w:r><w:t>ย่อหน้า</w:t></w:r><w:r><mc:AlternateContent>"
        f'<mc:Choice Requires="wps"><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>'
        f"<mc:Fallback><w:pict><v:textbox>{box}</v:textbox></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    assert texts(read_bytes(make_docx(p(runs=runs)))) == ["ย่อหน้า", "ข้อความในกล่อง"]


NUMBERING = """
<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="thaiNumbers"/><w:lvlText w:val="%1)"/>
    <w:suff w:val="space"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="2">
  <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="3">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="thaiLetters"/><w:lvlText w:val="%1."/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="0"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
<w:num w:numId="5"><w:abstractNumId w:val="3"/></w:num>
"""
STYLES = """
<w:style w:type="paragraph" w:styleId="Steps"><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="MySteps"><w:basedOn w:val="Steps"/></w:style>
"""


def num(num_id: int, level: int = 0) -> str:
    return f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'


def test_automatic_numbering_is_drawn_as_word_draws_it() -> None:
    body = (
        p("หนึ่ง", num(1))
        + p("ย่อย", num(1, 1))
        + p("ย่อยสอง", num(1, 1))
        + p("สอง", num(1))
        + p("ย่อยใหม่", num(1, 1))
        + p("ปิด", '<w:numPr><w:numId w:val="0"/></w:numPr>')
        + p("ไทย", '<w:pStyle w:val="MySteps"/>')
        + p("ไทยสอง", '<w:pStyle w:val="MySteps"/>')
        + p("ห้า", num(4))
        + p("ตัวอักษร", num(5))
        + p("จุด", num(3))
        + p("", num(1))
        + p("ต่อ", num(1))
    )
    doc = read_bytes(make_docx(body, numbering=NUMBERING, styles=STYLES))
    assert texts(doc) == [
        "1. หนึ่ง",
        "1.1 ย่อย",
        "1.2 ย่อยสอง",
        "2. สอง",
        "2.1 ย่อยใหม่",
        "ปิด",
        "๑) ไทย",
        "๒) ไทยสอง",
        "5. ห้า",  # the override restarts the shared list at 5
        "ก. ตัวอักษร",
        "จุด",  # a bullet in running text is left out
        "7. ต่อ",  # an empty numbered paragraph still counts
    ]


def test_numbered_steps_in_a_plan_cell_keep_their_numbers_and_bullets() -> None:
    cell = tc(p("ประชุม", num(2)), p("รายงาน", num(2)), p("ติดตาม", num(3)))
    doc = read_bytes(make_docx(tbl(2, tr(tc("1. การปฏิบัติหน้าที่"), cell)), numbering=NUMBERING))
    assert [x.raw for x in only_table(doc).rows[0].cells[1].paragraphs] == [
        "๑) ประชุม",
        "๒) รายงาน",
        "• ติดตาม",
    ]


def test_numbering_formats() -> None:
    assert [format_number(n, "thaiNumbers") for n in (1, 10, 25)] == ["๑", "๑๐", "๒๕"]
    assert [format_number(n, "lowerLetter") for n in (1, 26, 27, 28)] == ["a", "z", "aa", "bb"]
    assert [format_number(n, "upperRoman") for n in (4, 9, 14, 1994)] == ["IV", "IX", "XIV", "MCMXCIV"]
    assert format_number(3, "decimalZero") == "03" and format_number(3, "ordinalText") == "3"
    assert [format_number(n, "thaiLetters") for n in (1, 2, 3)] == ["ก", "ข", "ค"]
    # huge numbers (a start of 999999999) are drawn in decimal, not as a million "m"s
    assert (
        format_number(999_999_999, "lowerRoman") == format_number(999_999_999, "upperLetter") == "999999999"
    )
    assert format_number(0, "lowerRoman") == "0" and format_number(-3, "lowerLetter") == "-3"


# roman numerals and letter counting are parsers of my own: every number round-trips
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def _from_roman(text: str) -> int:
    total = 0
    for a, b in zip(text, [*text[1:], ""], strict=True):
        value = _ROMAN_VALUES[a]
        total += -value if b and _ROMAN_VALUES[b] > value else value
    return total


def test_roman_and_letters_round_trip() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    @given(st.integers(min_value=1, max_value=3999))
    def roman_round_trip(n: int) -> None:
        assert _from_roman(roman(n)) == n

    @given(st.integers(min_value=1, max_value=780))
    def letters_round_trip(n: int) -> None:
        text = format_number(n, "thaiLetters")
        assert len(set(text)) == 1
        assert (len(text) - 1) * len(THAI_LETTERS) + THAI_LETTERS.index(text[0]) + 1 == n

    roman_round_trip()
    letters_round_trip()


# --- the whole report through a synthetic document ---------------------------------------------------


def auto_numbered(src: bytes, fmt: str) -> tuple[bytes, int]:
    """The fixture with the typed step numbers of its plan table turned into Word automatic numbering.

    Each steps cell numbered 1…n gets a list of its own (restarting at 1), its paragraphs lose their
    typed "๑. " and carry ``w:numPr`` instead, as when the steps were typed with Word's numbering on.
    Cells numbered otherwise (row 4 starts with a bare dot, row 8 has "(๑)" sub-items, row 9 repeats
    numbers) stay as typed.
    """
    w = f"{{{W_NS}}}"
    with zipfile.ZipFile(io.BytesIO(src)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    doc = etree.fromstring(parts["word/document.xml"])
    numbering = etree.fromstring(parts["word/numbering.xml"])
    abstract = etree.fromstring(
        f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/><w:suff w:val="space"/></w:lvl></w:abstractNum>'
    )
    numbering.findall(w + "abstractNum")[-1].addnext(abstract)
    plan = doc.findall(f"{w}body/{w}tbl")[-1]
    converted = 0
    for k, tr in enumerate(plan.findall(w + "tr")[2:], start=100):
        paras = tr.findall(w + "tc")[4].findall(w + "p")
        firsts = [p.find(f"{w}r/{w}t") for p in paras]
        marks = [regex.match(r"([0-9๐-๙]+)\. ", t.text or "") if t is not None else None for t in firsts]
        numbers = [int(to_arabic_digits(m.group(1))) if m else None for m in marks]
        if numbers != list(range(1, len(paras) + 1)):
            continue
        numbering.append(
            etree.fromstring(
                f'<w:num xmlns:w="{W_NS}" w:numId="{k}"><w:abstractNumId w:val="90"/>'
                '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
            )
        )
        for para, first, mark in zip(paras, firsts, marks, strict=True):
            assert first is not None and mark is not None
            first.text = (first.text or "")[mark.end() :]
            ppr = para.find(w + "pPr")
            if ppr is None:
                ppr = etree.SubElement(para, w + "pPr")
                para.insert(0, ppr)
            ppr.insert(
                0,
                etree.fromstring(
                    f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="0"/><w:numId w:val="{k}"/></w:numPr>'
                ),
            )
        converted += 1
    parts["word/document.xml"] = etree.tostring(doc, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["word/numbering.xml"] = etree.tostring(
        numbering, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue(), converted


@pytest.mark.parametrize("name", ["laksaman", "arabic_digits"])
def test_the_report_with_word_numbering_parses_the_same(name: str) -> None:
    data, converted = auto_numbered(
        (DOCX_DIR / f"{name}.docx").read_bytes(), "decimal" if "arabic" in name else "thaiNumbers"
    )
    assert converted == 7  # every steps cell but rows 4, 8 and 9
    assert "๒. ".encode() not in data and b">2. " not in data  # the numbers are gone from the text
    report = pipeline(data)
    assert without_location(semantic(report, keep_text=False)) == reference()
    stats = compare_with_ground_truth(report, ground_truth(name == "arabic_digits"))
    assert stats["plan steps"] == (66, 66) and stats["plan cells"] == (40, 40)


def test_a_small_report_in_word_parses_like_its_text() -> None:
    """Tool scores in a merged column, a numbered plan cell: the values a text dump of it gives."""
    vm_start, vm_cont = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    header = tr(tc("ตัวชี้วัด"), tc("คะแนน"), tc("คะแนนรายเครื่องมือ"), trpr="<w:tblHeader/>")
    rows = [tr(tc("ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่"), tc("99.29"), tc("96.86", tcpr=vm_start))]
    rows += [tr(tc(f"ตัวชี้วัดที่ {n} ชื่อ {n}"), tc("95.00"), tc("", tcpr=vm_cont)) for n in (2, 3)]
    body = (
        p("ผลการประเมิน ITA ของ เทศบาลตำบลบ้านใหม่ ปีงบประมาณ พ.ศ. 2568")
        + p("จากผลการประเมิน ITA ปีงบประมาณ พ.ศ. 2568 พบว่า มีผลคะแนน 96.79 คะแนน อยู่ในระดับ ผ่านดี")
        + tbl(3, header, *rows)
    )
    report = pipeline(make_docx(body))
    assert (report.total_score, report.level, report.assessed_year) == (96.79, "ผ่านดี", 2568)
    assert [(i.number, i.score) for i in report.indicators] == [(1, 99.29), (2, 95.0), (3, 95.0)]
    assert report.tool_scores.IIT == 96.86


# --- bad input -------------------------------------------------------------------------------------------


@pytest.fixture
def wired(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``parse``/``check``/the CLI reading .docx, whether or not ``read`` dispatches to this reader yet."""

    def read(loaded: Any, options: ReadOptions | None = None) -> Document:
        try:
            return real_read(loaded, options)
        except UnsupportedInput as exc:
            if "not supported yet" not in exc.message:
                raise
            return read_docx(loaded.data, path=loaded.path, sha256=hashlib.sha256(loaded.data).hexdigest())

    monkeypatch.setattr(_api, "read", read)
    yield


def assert_clean_failure(
    path: Path, error: type[ita_parse.InputError], capsys: pytest.CaptureFixture[str]
) -> str:
    """``parse`` raises ``error``; the CLI exits 2 with its code and no traceback."""
    with pytest.raises(error) as info:
        ita_parse.parse(path)
    code = _cli.main(["parse", str(path)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err and f"error[{error.code}]" in err, err
    return str(info.value)


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return out.getvalue()


def test_a_renamed_zip_of_something_else(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], wired: None
) -> None:
    path = tmp_path / "photos.docx"
    path.write_bytes(_zip({"photo1.jpg": b"\xff\xd8\xff" + bytes(100), "notes.txt": b"hello"}))
    assert "a zip archive that is not a Word document" in assert_clean_failure(
        path, ita_parse.UnsupportedInput, capsys
    )


def test_a_renamed_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str], wired: None) -> None:
    path = tmp_path / "scores.docx"
    path.write_bytes(_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}))
    assert "Excel workbook" in assert_clean_failure(path, ita_parse.UnsupportedInput, capsys)


def test_a_real_workbook_package(tmp_path: Path, capsys: pytest.CaptureFixture[str], wired: None) -> None:
    """A well-formed .xlsx package: python-docx opens it, its main part says what it is."""
    sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    path = tmp_path / "scores.docx"
    path.write_bytes(
        _zip(
            {
                "[Content_Types].xml": (
                    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                    '<Default Extension="rels" '
                    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                    f'<Override PartName="/xl/workbook.xml" ContentType="{sheet}"/></Types>'
                ).encode(),
                "_rels/.rels": (
                    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
                    "</Relationships>"
                ).encode(),
                "xl/workbook.xml": b"<workbook/>",
            }
        )
    )
    assert "Excel workbook" in assert_clean_failure(path, ita_parse.UnsupportedInput, capsys)


@pytest.mark.parametrize("kind", ["document.macroEnabled", "template", "template.macroEnabledTemplate"])
def test_macro_enabled_documents_and_templates_read_like_a_docx(kind: str) -> None:
    """.docm, .dotx, .dotm: the same WordprocessingML under another content type (which python-docx
    leaves unparsed)."""
    with zipfile.ZipFile(io.BytesIO((DOCX_DIR / "laksaman.docx").read_bytes())) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    main = f"{_MAIN}.document.main+xml".encode()
    if kind == "document.macroEnabled":
        other = b"application/vnd.ms-word.document.macroEnabled.main+xml"
    elif kind == "template":
        other = f"{_MAIN}.template.main+xml".encode()
    else:
        other = b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml"
    assert main in entries["[Content_Types].xml"]
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(main, other)
    report = pipeline(_zip(entries))
    assert without_location(semantic(report, keep_text=False)) == reference()


def test_a_strict_open_xml_document(tmp_path: Path, capsys: pytest.CaptureFixture[str], wired: None) -> None:
    """Word's "Strict Open XML" format names its parts in other namespaces: said so, not "damaged"."""
    with zipfile.ZipFile(io.BytesIO(make_docx(p("ข้อความ")))) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    transitional = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    entries["_rels/.rels"] = entries["_rels/.rels"].replace(
        transitional + b"/officeDocument",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
    )
    path = tmp_path / "strict.docx"
    path.write_bytes(_zip(entries))
    assert "Strict Open XML" in assert_clean_failure(path, ita_parse.UnsupportedInput, capsys)


def test_a_password_protected_docx(tmp_path: Path, capsys: pytest.CaptureFixture[str], wired: None) -> None:
    """A real encrypted .docx (ECMA-376 agile encryption, made by msoffcrypto-tool)."""
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    out = io.BytesIO()
    ooxml.OOXMLFile(io.BytesIO((DOCX_DIR / "laksaman.docx").read_bytes())).encrypt("secret", out)
    path = tmp_path / "locked.docx"
    path.write_bytes(out.getvalue())
    assert "encrypted with a password" in assert_clean_failure(path, ita_parse.EncryptedInput, capsys)


def _ole(stream_name: str) -> bytes:
    """An OLE compound file header and a directory sector naming one stream (enough to be recognised)."""
    header = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504)
    name = stream_name.encode("utf-16-le") + b"\0\0"
    entry = name + bytes(64 - len(name)) + len(name).to_bytes(2, "little") + bytes(62)
    return header + entry * 4


def test_an_ole_file_is_told_apart(tmp_path: Path, capsys: pytest.CaptureFixture[str], wired: None) -> None:
    path = tmp_path / "hand-made-encrypted.docx"
    path.write_bytes(_ole("EncryptedPackage"))
    assert_clean_failure(path, ita_parse.EncryptedInput, capsys)
    path = tmp_path / "old.docx"
    path.write_bytes(_ole("WordDocument"))
    assert "Word 97–2003" in assert_clean_failure(path, ita_parse.UnsupportedInput, capsys)


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.99])
def test_a_truncated_docx(
    fraction: float, tmp_path: Path, capsys: pytest.CaptureFixture[str], wired: None
) -> None:
    data = (DOCX_DIR / "laksaman.docx").read_bytes()
    path = tmp_path / "truncated.docx"
    path.write_bytes(data[: int(len(data) * fraction)])
    assert "damaged" in assert_clean_failure(path, ita_parse.CorruptInput, capsys)


def test_a_damaged_zip_header(tmp_path: Path, capsys: pytest.CaptureFixture[str], wired: None) -> None:
    """Regression (found by fuzzing): a central directory asking for zip version 14.3 crashed zipfile."""
    data = bytearray(make_docx(p("ข้อความ")))
    entry = data.index(b"PK\x01\x02")
    data[entry + 6 : entry + 8] = (143).to_bytes(2, "little")  # "version needed to extract"
    path = tmp_path / "bad-header.docx"
    path.write_bytes(bytes(data))
    assert "damaged" in assert_clean_failure(path, ita_parse.CorruptInput, capsys)


def test_damaged_xml(tmp_path: Path, capsys: pytest.CaptureFixture[str], wired: None) -> None:
    with zipfile.ZipFile(io.BytesIO(make_docx(p("ข้อความ")))) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    entries["word/document.xml"] = entries["word/document.xml"][:-40]
    path = tmp_path / "damaged.docx"
    path.write_bytes(_zip(entries))
    assert_clean_failure(path, ita_parse.CorruptInput, capsys)


def test_a_docx_without_text(tmp_path: Path, capsys: pytest.CaptureFixture[str], wired: None) -> None:
    path = tmp_path / "blank.docx"
    path.write_bytes(make_docx(p("") + p("  ") + tbl(2, tr(tc(""), tc("")))))
    assert "no text" in assert_clean_failure(path, ita_parse.EmptyInput, capsys)


def test_a_word_document_that_is_not_a_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], wired: None
) -> None:
    path = tmp_path / "minutes.docx"
    path.write_bytes(make_docx(p("บันทึกการประชุมคณะกรรมการ ครั้งที่ 3") + p("เรื่องงบประมาณจัดซื้อวัสดุสำนักงาน")))
    assert_clean_failure(path, ita_parse.NotAReport, capsys)
    assert [f.code for f in ita_parse.check(path).findings] == ["ITA801"]


def test_the_cli_reads_a_docx(capsys: pytest.CaptureFixture[str], wired: None) -> None:
    code = _cli.main(["check", str(DOCX_DIR / "laksaman.docx"), "--format", "json"])
    out = capsys.readouterr().out
    assert code in (0, 1)
    data = json.loads(out)
    got = sorted((f["code"], f.get("indicator")) for f in data["findings"] if f["code"] != "ITA701")
    assert got == finding_keys(ita_parse.check(SAMPLE).findings)


def test_loaded_through_load_source(wired: None) -> None:
    """The bytes of a path reach the reader unchanged (sha256 of the file)."""
    loaded = load_source(DOCX_DIR / "garuda.docx")
    doc = _api.read(loaded)
    assert doc.kind == "docx" and doc.sha256 == hashlib.sha256(loaded.data).hexdigest()
