"""The text reader and extractor, end to end on the sample report."""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ita_parse

from . import corrupt
from .helpers import SAMPLE, golden_check, sample_text, semantic


@pytest.fixture(scope="module")
def report() -> ita_parse.Report:
    return ita_parse.parse(SAMPLE)


def test_sample_header(report: ita_parse.Report) -> None:
    assert report.agency.name == "องค์การบริหารส่วนตำบลสามเรือน"
    assert report.agency.type == "องค์การบริหารส่วนตำบล"
    assert report.agency.district == "เมืองราชบุรี"
    assert report.agency.province == "ราชบุรี"
    assert report.fiscal_year == 2569
    assert report.assessed_year == 2568
    assert report.total_score == 96.79
    assert report.level == "ผ่านดี"
    assert report.tool_scores.model_dump() == {"IIT": 96.86, "EIT": 95.77, "OIT": 97.5}
    assert report.previous is not None
    assert (report.previous.assessed_year, report.previous.total_score, report.previous.claimed_change) == (
        2568,
        96.01,
        0.78,
    )
    assert report.source.kind == "text"


def test_sample_indicators(report: ita_parse.Report) -> None:
    assert [i.number for i in report.indicators] == list(range(1, 11))
    scores = {i.number: i.score for i in report.indicators}
    assert scores == {
        1: 99.29,
        2: 99.05,
        3: 100.0,
        4: 89.05,
        5: 96.9,
        6: 96.29,
        7: 95.16,
        8: 95.9,
        9: 95.0,
        10: 100.0,
    }
    tools = {i.number: i.tool for i in report.indicators}
    assert tools == {**dict.fromkeys(range(1, 6), "IIT"), 6: "EIT", 7: "EIT", 8: "EIT", 9: "OIT", 10: "OIT"}
    six = report.indicator(6)
    assert six is not None
    assert [(s.table, s.value) for s in six.sources] == [
        ("summary", 96.29),
        ("items", 96.26),
        ("plan", 96.26),
        ("analysis", 96.26),
    ]
    assert six.name == "คุณภาพการดำเนินงาน"


def test_sample_items(report: ita_parse.Report) -> None:
    codes = [i.code for i in report.items]
    assert codes == [f"i{n}" for n in range(1, 16)] + [f"e{n}" for n in range(1, 10)] + [
        f"o{n}" for n in range(1, 29)
    ]
    by_code = {i.code: i for i in report.items}
    assert by_code["i10"].score == 71.43
    assert by_code["o13"].score == 50.0
    assert by_code["o13"].code_raw == "๐๑๓"  # a Thai zero where the letter o belongs
    assert by_code["o13"].text.startswith("รายงานผลการจัดซื้อจัดจ้าง")
    assert by_code["o20"].indicator == 10  # as the report places it
    assert by_code["e1"].indicator == 6
    assert all(i.score is not None for i in report.items)


def test_sample_analyses(report: ita_parse.Report) -> None:
    assert [a.indicator for a in report.analyses] == list(range(1, 11))
    assert [a.score for a in report.analyses] == [
        99.29,
        99.05,
        100.0,
        89.05,
        96.9,
        96.26,
        95.16,
        95.9,
        95.0,
        100.0,
    ]
    six = report.analyses[5]
    assert [p.number for p in six.parts] == [1, 2]
    assert "(EIT Public)" in six.parts[0].title
    assert not any(a.text.startswith("วิเคราะห์ผล") for a in report.analyses)
    # the continuation marker "/และบุคลากร..." is gone, the text on both sides kept
    five = report.analyses[4].text
    assert "/และบุคลากร" not in five and "และบุคลากรภายในหน่วยงาน" in five


def test_sample_plan(report: ita_parse.Report) -> None:
    plan = report.plan
    assert [r.indicator for r in plan] == list(range(1, 11))
    fy2569 = (dt.date(2025, 10, 1), dt.date(2026, 9, 30))
    fy2568 = (dt.date(2024, 10, 1), dt.date(2025, 9, 30))
    periods = [(r.period.start, r.period.end) if r.period else None for r in plan]
    assert periods == [fy2569] * 6 + [fy2568] + [fy2569] * 3
    assert [r.owner for r in plan] == [
        "ทุกสำนัก/กอง",
        "กองคลัง",
        "สำนักปลัด",
        "ทุกสำนัก/กอง",
        "สำนักปลัด",
        "ทุกสำนัก/กอง",
        "ทุกสำนัก/กอง",
        "ทุกสำนัก/กอง",
        "ทุกสำนัก/กอง",
        "ทุกสำนัก/กอง",
    ]
    numbers = [[s.number for s in r.steps] for r in plan]
    assert numbers == [
        [1, 2, 3, 4, 5, 6],
        [1, 2, 3, 4, 5],
        [1, 2, 3, 4, 5, 6, 7],
        [None, 2, 3, 4, 5, 6, 7, 8],
        [1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 2, 3, 4, 5, 6],
        [1, 2, 3, 4, 5, 6, 7],
        [1, 2],
        [1, 2, 3, 2, 3, 4, 5, 6, 7],
        [1, 2, 3, 4, 5, 6, 7],
    ]
    # a step continued over a page break is one step
    assert plan[3].steps[2].text == "จัดให้มีการตรวจสอบวัสดุและครุภัณฑ์ของหน่วยงาน เป็นระยะ"
    # "(1) … (4)" sub-items stay inside their step
    assert "(1) ประเด็นหรือเรื่องใน" in plan[7].steps[0].text
    assert [r.score for r in plan] == [99.29, 99.05, 100.0, 89.05, 96.9, 96.26, 95.16, 95.9, 95.0, 100.0]
    assert plan[4].measure.startswith("1. สร้างกลไก")


def test_sample_golden(report: ita_parse.Report) -> None:
    data = report.model_dump(mode="json")
    data["source"]["path"] = "samples/samruean-2569.txt"
    golden_check("samruean-2569.json", json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def test_provenance_points_into_the_file(report: ita_parse.Report) -> None:
    lines = sample_text().split("\n")
    six = report.indicator(6)
    assert six is not None
    for src in six.sources:
        assert src.line is not None
        assert src.raw and src.raw in lines[src.line - 1]
    for row in report.plan:
        assert row.provenance.table == "plan" and row.provenance.line is not None


# --- the same report through broken text layers -------------------------------


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    return semantic(ita_parse.parse(SAMPLE))


@pytest.mark.parametrize("kind", corrupt.LOSSLESS)
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1))
def test_lossless_corruptions_parse_field_for_field(kind: str, seed: int, reference: dict[str, Any]) -> None:
    broken = corrupt.CORRUPTIONS[kind](sample_text(), random.Random(seed))
    assert semantic(ita_parse.parse(broken)) == reference


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 2**32 - 1), kinds=st.lists(st.sampled_from(corrupt.LOSSLESS), min_size=2, max_size=4)
)
def test_combined_corruptions_parse_field_for_field(
    seed: int, kinds: list[str], reference: dict[str, Any]
) -> None:
    rnd = random.Random(seed)
    text = sample_text()
    for kind in kinds:
        text = corrupt.CORRUPTIONS[kind](text, rnd)
    assert semantic(ita_parse.parse(text)) == reference


def test_lost_nikhahit_keeps_every_value_and_counts_what_it_cannot_restore() -> None:
    """Every ำ lost: the values are the same; text differs only where a word reads both ways."""
    original = ita_parse.parse(SAMPLE)
    broken = ita_parse.parse(corrupt.lose_nikhahit(sample_text()))
    assert semantic(broken, keep_text=False) == semantic(original, keep_text=False)
    assert broken.agency == original.agency
    assert [i.name for i in broken.indicators] == [i.name for i in original.indicators]
    repaired = json.dumps(semantic(broken), ensure_ascii=False)
    truth = json.dumps(semantic(original), ensure_ascii=False)
    lost = truth.count("ำ") - repaired.count("ำ")
    assert broken.quality.repairs["nikhahit_restored"] > 0
    # every ำ not restored was counted as an ambiguous word
    assert 0 <= lost <= sum(broken.quality.ambiguous.values()) * 8
    assert lost / truth.count("ำ") < 0.12


def test_arabic_digits_parse_to_the_same_values(reference: dict[str, Any]) -> None:
    arabic = ita_parse.to_arabic_digits(sample_text())
    report = ita_parse.parse(arabic)
    assert semantic(report) == reference
    assert report.quality.thai_digits == 0


def test_thai_digits_everywhere_parse_to_the_same_values(reference: dict[str, Any]) -> None:
    """Arabic digits turned Thai (letters untouched: "o13" typed as "o๑๓")."""
    thai = ita_parse.to_thai_digits(ita_parse.to_arabic_digits(sample_text()))
    assert semantic(ita_parse.parse(thai)) == reference


def test_regression_bare_dot_step_keeps_the_numbered_steps_after_it() -> None:
    """A step that lost its number must not swallow the numbered steps in the same paragraph."""
    from ita_parse._extract._steps import split_steps

    steps = split_steps([". จัดทำคู่มือการยืม 2. จัดให้มีการขออนุญาต 3. ตรวจสอบ"])
    assert [(s.number, s.text) for s in steps] == [
        (None, "จัดทำคู่มือการยืม"),
        (2, "จัดให้มีการขออนุญาต"),
        (3, "ตรวจสอบ"),
    ]


def test_regression_impossible_fiscal_year_does_not_stop_the_parse() -> None:
    """A title year of 3112 made the period parser raise; periods are now left undated instead."""
    report = ita_parse.parse(sample_text().replace("ประจำปีงบประมาณ พ.ศ. ๒๕๖๙", "ประจำปีงบประมาณ พ.ศ. ๓๑๑๒"))
    assert report.fiscal_year == 3112
    assert report.plan[0].period is not None and report.plan[0].period.start is not None
