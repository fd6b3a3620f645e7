"""The auditor's HTML report (``ita-parse report``, ``check --format html``): structure, counts, no network.

What a browser shows is tested in tests/test_browser.py; here the page is read as HTML.
"""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path

import lxml.html
import pytest
from PIL import Image

import ita_parse
from ita_parse._findings import ErrorInfo
from ita_parse._render.crops import Box, Place, plan_crops
from ita_parse._render.html_report import CSP, FileEntry, render_report, render_run, where_list

from .helpers import DATA, SAMPLE, sample_text
from .test_cli import run

LAKSAMAN = DATA / "pdf" / "laksaman.pdf"
THAI_DIGIT = re.compile("[๐-๙]")


def _page(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_text(encoding="utf-8"))


def _findings_json(*paths: str) -> dict[str, object]:
    code, out, err = run("check", *paths, "--format", "json")
    assert code in (0, 1), err
    data: dict[str, object] = json.loads(out)
    return data


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("report")
    code, _, err = run("report", str(SAMPLE), str(LAKSAMAN), "-o", str(out), "--jobs", "1")
    assert code == 1, err  # the sample's own findings
    assert f"wrote {out / 'samruean-2569.html'}" in err and f"wrote {out / 'laksaman.html'}" in err
    return {"text": out / "samruean-2569.html", "pdf": out / "laksaman.html"}


def _self_contained(page: lxml.html.HtmlElement) -> None:
    metas = page.xpath('//meta[@http-equiv="Content-Security-Policy"]')
    assert len(metas) == 1 and metas[0].get("content") == CSP
    assert "default-src 'none'" in CSP and "img-src data:" in CSP
    assert not page.xpath("//script|//link|//iframe|//object|//embed|//base")
    for el in page.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in ("src", "href", "srcset", "poster", "data", "action"):
            value = el.get(attr)
            if value is None:
                continue
            assert value.startswith(("#", "data:")), f"<{el.tag} {attr}={value[:60]!r}>"
    css = "".join(page.xpath("//style/text()")) + "".join(page.xpath("//@style"))
    assert "url(" not in css and "@import" not in css
    for fill in page.xpath("//@fill"):
        assert not fill.startswith("url(") or fill.startswith("url(#"), fill


@pytest.mark.parametrize("kind", ["text", "pdf"])
def test_one_page_per_input_self_contained(pages: dict[str, Path], kind: str) -> None:
    page = _page(pages[kind])
    _self_contained(page)
    assert page.get("lang") == "th"


@pytest.mark.parametrize(("kind", "source"), [("text", SAMPLE), ("pdf", LAKSAMAN)])
def test_finding_entries_match_the_json(pages: dict[str, Path], kind: str, source: Path) -> None:
    page = _page(pages[kind])
    data = _findings_json(str(source))
    findings = data["findings"]
    assert isinstance(findings, list) and len(findings) == 11
    articles = page.xpath('//article[contains(@class, "finding")]')
    assert len(articles) == len(findings)
    assert sorted(a.get("data-code") for a in articles) == sorted(f["code"] for f in findings)
    messages = [" ".join(a.xpath('string(.//p[@class="message"])').split()) for a in articles]
    assert sorted(messages) == sorted(" ".join(f["message"].split()) for f in findings)
    # grouped by severity, errors first
    order = [a.get("data-severity") for a in articles]
    assert order == sorted(order, key=["error", "warning", "info"].index)
    groups = page.xpath('//section[contains(@class, "severity")]')
    assert [len(g.xpath('.//article[contains(@class, "finding")]')) for g in groups] == [4, 4, 3]
    # every code links to its rule's description on the page, with the description as a tooltip
    for a in articles:
        link = a.xpath('.//a[@class="code"]')[0]
        target = link.get("href")[1:]
        assert page.xpath(f'//*[@id="{target}"]'), target
        assert len(link.get("title")) > 40
    # expected and actual of ITA201
    ita201 = page.xpath('//article[@data-code="ITA201"]')[0]
    assert ita201.xpath('string(.//tr[@class="expected"]/td)') == "96.26"
    assert ita201.xpath('string(.//tr[@class="actual"]/td)') == "96.29"


def test_header_card(pages: dict[str, Path]) -> None:
    page = _page(pages["pdf"])
    card = " ".join(page.xpath('string(//header[contains(@class, "report-header")])').split())
    for text in (
        "องค์การบริหารส่วนตำบลสามเรือน",
        "2569",
        "2568",
        "96.79",
        "ผ่านดี",
        "IIT 96.86",
        "EIT 95.77",
        "OIT 97.50",
        "tests/data/pdf/laksaman.pdf",
        ita_parse.parse(LAKSAMAN).source.sha256,
        "Fiscal year",
        "Total",
    ):
        assert text in card, text
    # the values a finding disputes are flagged with a link to it: the previous round (ITA304)
    flags = page.xpath('//header[contains(@class, "report-header")]//a[contains(@class, "flag")]')
    assert [f.xpath("string(.)").split()[-1] for f in flags] == ["ITA304"]
    assert page.xpath(f'//article[@id="{flags[0].get("href")[1:]}"]/@data-code') == ["ITA304"]


def test_chart_has_ten_indicators_and_marks_the_disputed_one(pages: dict[str, Path]) -> None:
    for kind in ("text", "pdf"):
        page = _page(pages[kind])
        groups = page.xpath('//*[local-name()="svg"][contains(@class, "score-chart")]//*[local-name()="g"]')
        assert [g.get("data-indicator") for g in groups] == [str(n) for n in range(1, 11)]
        disputed = [g.get("data-indicator") for g in groups if g.get("data-disputed") == "true"]
        assert disputed == ["6"]
        six = groups[5]
        assert six.get("data-score") == "96.29" and "96.26" in six.xpath("string(.)")


def test_pdf_findings_have_page_crops_with_boxes(pages: dict[str, Path]) -> None:
    page = _page(pages["pdf"])
    report = ita_parse.parse(LAKSAMAN)
    finding = next(f for f in ita_parse.check(report).findings if f.code == "ITA201")
    article = page.xpath('//article[@data-code="ITA201"]')[0]
    figures = article.xpath('.//figure[contains(@class, "crop")]')
    assert [f.get("data-page") for f in figures] == ["2", "4", "27", "12"]
    boxes = article.xpath('.//div[contains(@class, "box")]')
    assert len(boxes) == 4
    primary = article.xpath('.//div[contains(@class, "box") and contains(@class, "primary")]')[0]
    assert finding.location.bbox is not None
    assert [float(v) for v in primary.get("data-bbox").split()] == pytest.approx(finding.location.bbox)
    for fig in figures:
        img = fig.xpath(".//img")[0]
        assert img.get("src").startswith("data:image/png;base64,")
        image = Image.open(io.BytesIO(base64.b64decode(img.get("src").split(",", 1)[1])))
        assert image.size == (int(img.get("width")), int(img.get("height"))) and image.width > 200
        x0, top, x1, bottom = (float(v) for v in fig.get("data-region").split())
        for box in fig.xpath('.//div[contains(@class, "box")]'):
            bx0, btop, bx1, bbottom = (float(v) for v in box.get("data-bbox").split())
            assert x0 <= bx0 < bx1 <= x1 and top <= btop < bbottom <= bottom
            style = dict(
                (k.strip(), float(v.strip().rstrip("%")))
                for k, v in (p.split(":") for p in box.get("style").split(";"))
            )
            assert style["left"] == pytest.approx(100 * (bx0 - x0) / (x1 - x0), abs=0.01)
            assert style["top"] == pytest.approx(100 * (btop - top) / (bottom - top), abs=0.01)
    # ITA702 names 28 places: a few crops, the others listed by location
    many = page.xpath('//article[@data-code="ITA702"]')[0]
    assert 2 <= len(many.xpath(".//figure")) <= 5
    assert "more places" in many.xpath('string(.//p[@class="more-places"])')


def test_text_input_has_no_images_and_quotes_the_lines(pages: dict[str, Path]) -> None:
    page = _page(pages["text"])
    assert not page.xpath("//img")
    article = page.xpath('//article[@data-code="ITA201"]')[0]
    places = article.xpath('.//div[contains(concat(" ", @class, " "), " place ")]')
    assert len(places) == 4
    assert "บรรทัด 22" in places[0].xpath("string(.)")
    assert places[0].xpath("string(.//mark)") == "96.29"
    assert [p.xpath("string(.//mark)") for p in places[1:]] == ["96.26"] * 3
    # quoted text is repaired Thai with Arabic digits
    for quote in page.xpath('//blockquote[@class="source-text"]'):
        assert not THAI_DIGIT.search(quote.xpath("string(.)"))


def test_plan_rows_with_their_findings_inline(pages: dict[str, Path]) -> None:
    page = _page(pages["text"])
    rows = page.xpath('//table[@class="plan-table"]//tr[contains(@class, "plan-row")]')
    assert len(rows) == 10
    inline = {
        tr.get("data-row"): sorted(a.xpath("string(.)").split()[1] for a in tr.xpath(".//a"))
        for tr in page.xpath('//tr[@class="plan-findings"]')
    }
    assert inline["7"] == ["ITA301"] and inline["9"] == ["ITA501"] and "ITA502" in inline["4"]
    seven = rows[6].xpath("string(.)")
    assert "1 ต.ค. 67 ถึง 30 ก.ย. 68" in seven and "2024-10-01" in seven
    assert not THAI_DIGIT.search(" ".join(r.xpath("string(.)") for r in rows))


def test_bad_inputs_exit_2_and_the_others_are_written(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf")
    out = tmp_path / "out"
    code, _, err = run("report", str(bad), str(SAMPLE), str(tmp_path / "missing.txt"), "-o", str(out))
    assert code == 2
    assert "error[corrupt-input]" in err and "error[file-missing]" in err and "Traceback" not in err
    assert sorted(p.name for p in out.iterdir()) == ["samruean-2569.html"]


def test_output_must_be_a_folder(tmp_path: Path) -> None:
    target = tmp_path / "a-file"
    target.write_text("x")
    code, _, err = run("report", str(SAMPLE), "-o", str(target))
    assert code == 2 and "cannot create the folder" in err and "Traceback" not in err
    code, _, err = run("report", str(SAMPLE))
    assert code == 2 and "-o" in err


def test_same_names_stdin_and_exit_codes(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    clean = tmp_path / "a" / "r.txt"
    clean.write_text("ผลการประเมิน ITA ปีงบประมาณ พ.ศ. ๒๕๖๘ คะแนน ๙๖.๗๙ ระดับ ผ่านดี\n", encoding="utf-8")
    (tmp_path / "b" / "r.txt").write_text(sample_text(), encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run("report", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(out), "--jobs", "1")
    assert code == 1, err
    assert sorted(p.name for p in out.iterdir()) == ["r-2.html", "r.html"]
    code, _, err = run("report", "-", "-o", str(out), "--fail-on", "info", stdin=sample_text().encode())
    assert code == 1 and (out / "stdin.html").exists()
    code, _, err = run("report", str(SAMPLE), "-o", str(out), "--select", "ITA301", "--fail-on", "warning")
    assert code == 1
    page = _page(out / "samruean-2569.html")
    assert [a.get("data-code") for a in page.xpath("//article")] == ["ITA301"]
    code, _, err = run("report", str(SAMPLE), "-o", str(out), "--select", "ITA999")
    assert code == 2 and "ITA999" in err


def test_check_format_html_one_page_for_the_run(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 broken")
    target = tmp_path / "run.html"
    code, out, err = run("check", str(SAMPLE), str(LAKSAMAN), str(bad), "--format", "html", "-o", str(target))
    assert code == 2 and out == "" and "Traceback" not in err
    page = _page(target)
    _self_contained(page)
    rows = page.xpath('//table[@class="files"]/tbody/tr')
    assert len(rows) == 3
    cells = [[" ".join(td.xpath("string(.)").split()) for td in tr.xpath("td")] for tr in rows]
    assert cells[0][5:8] == ["4", "4", "3"] and cells[1][5:8] == ["4", "4", "3"]
    assert "unreadable" in cells[2][8]
    sections = page.xpath('//section[contains(@class, "file")]')
    assert len(sections) == 3
    assert [len(s.xpath('.//article[contains(@class, "finding")]')) for s in sections] == [11, 11, 0]
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids))
    # the same page on stdout
    code, out, _ = run("check", str(SAMPLE), "--format", "html")
    assert code == 1 and out.startswith("<!DOCTYPE html>")


def test_render_functions_directly() -> None:
    report = ita_parse.parse(SAMPLE)
    findings = ita_parse.check(report).findings
    page = render_report(report, findings)
    assert page.count('<article class="finding') == len(findings)
    run_page = render_run(
        [
            FileEntry(SAMPLE.name, report, findings),
            FileEntry("x.pdf", error=ErrorInfo(code="corrupt-input", message="broken")),
        ]
    )
    assert run_page.count('<article class="finding') == len(findings)
    empty = render_report(report, [])
    assert "no findings" in empty


def test_crop_planning() -> None:
    def prov(page: int, bbox: tuple[float, float, float, float]) -> ita_parse.Provenance:
        return ita_parse.Provenance(page=page, bbox=bbox)

    sizes = {1: (595.0, 842.0), 2: (842.0, 595.0)}
    places = [
        Place(prov(1, (300, 400, 350, 420)), "primary", 0),
        Place(prov(1, (300, 430, 350, 450)), "related", 1),  # near: the same crop
        Place(prov(1, (300, 780, 350, 800)), "related", 2),  # far below: its own crop
        Place(prov(2, (40, 100, 800, 500)), "related", 3),  # a tall plan row on another page
        Place(ita_parse.Provenance(page=1), "related", 4),  # no box: listed
        Place(prov(9, (1, 2, 3, 4)), "related", 5),  # no such page: listed
    ]
    crops, rest = plan_crops(places, sizes)
    assert [(c.page, c.role, [b.index for b in c.boxes]) for c in crops] == [
        (1, "primary", [0, 1]),
        (1, "related", [2]),
        (2, "related", [3]),
    ]
    assert [p.index for p in rest] == [4, 5]
    x0, top, x1, bottom = crops[0].region
    assert x0 < 300 and x1 > 350 and top < 400 and bottom > 450 and x1 - x0 >= 0.8 * 595
    assert all(0 <= v <= 842 for c in crops for v in c.region)
    left, top_pct, width, height = Box((300, 400, 350, 420), "primary", 0).percent((100, 350, 500, 450))
    assert (left, top_pct, width, height) == pytest.approx((50.0, 50.0, 12.5, 20.0))
    # at most four related crops
    many = (
        [Place(prov(1, (300, 10, 350, 20)), "primary", 0)]
        + [Place(prov(1, (300, 250 * i, 350, 250 * i + 20)), "related", i) for i in range(1, 4)]
        + [Place(prov(2, (40, 230 * i - 210, 800, 230 * i - 190)), "related", 3 + i) for i in range(1, 4)]
    )
    crops, rest = plan_crops(many, sizes)
    assert sum(c.role == "related" for c in crops) == 4 and len(rest) == 2


def test_where_list_runs_rows_together() -> None:
    locs = [ita_parse.Provenance(page=6, table="items", row=r) for r in (37, 38, 39, 41)]
    locs.append(ita_parse.Provenance(page=7, table="items", row=52))
    locs.append(ita_parse.Provenance(page=12, table="analysis"))
    assert (
        where_list(locs) == "หน้า 6 · ตารางรายข้อ แถว 37–39, 41; หน้า 7 · ตารางรายข้อ แถว 52; หน้า 12 · บทวิเคราะห์"
    )
