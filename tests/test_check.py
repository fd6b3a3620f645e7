"""The checker: what it finds in the sample, in a corrected sample, and in copies broken one way each."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

import ita_parse
from ita_parse._check import REGISTRY, Peer, check, selected_rules
from ita_parse._errors import UsageError
from ita_parse._model import Item, LowConfidence, Quality, Report

from .helpers import DATA, SAMPLE, sample_text
from .variants import clean_sample, replace, replace_line


def keys(result: ita_parse.CheckResult) -> list[tuple[str, int | None]]:
    return sorted((f.code, f.indicator) for f in result.findings)


@pytest.fixture(scope="module")
def base() -> ita_parse.CheckResult:
    return check(SAMPLE)


# --- the sample report ------------------------------------------------------------


def test_sample_findings(base: ita_parse.CheckResult) -> None:
    assert keys(base) == sorted(
        [
            ("ITA201", 6),  # indicator 6: 96.29 in the summary, 96.26 elsewhere
            ("ITA301", 7),  # plan row 7 runs in FY 2568
            ("ITA304", None),  # the previous result labelled 2568
            ("ITA501", 9),  # steps 1 2 3 2 3 4 …
            ("ITA502", 4),  # a step with no number
            ("ITA601", 10),  # analysis 10 copies analysis 9
            ("ITA602", 6),  # analysis 6: part 2 repeats part 1
            ("ITA603", 6),  # plan row 6 repeats row 1's rationale and steps
            ("ITA603", 10),  # plan row 10 repeats row 3
            ("ITA506", 9),  # o20 printed under indicator 10
            ("ITA702", None),  # OIT codes typed with a Thai zero
        ]
    )
    assert not base.valid
    assert base.stats.error == 4


def test_no_arithmetic_or_level_finding_on_the_sample(base: ita_parse.CheckResult) -> None:
    assert not [f for f in base.findings if f.category in ("arithmetic", "level")]


def test_indicator_6_dispute(base: ita_parse.CheckResult) -> None:
    f = next(f for f in base.findings if f.code == "ITA201")
    assert f.location.table == "summary" and f.location.value == 96.29
    assert sorted(r.table for r in f.related) == ["analysis", "items", "plan"]  # type: ignore[type-var]
    assert f.ctx["supported"] == 96.26
    assert "96.26" in f.message and "EIT 95.77" in f.message


def test_period_finding_points_at_row_7(base: ita_parse.CheckResult) -> None:
    f = next(f for f in base.findings if f.code == "ITA301")
    assert (f.location.table, f.location.row, f.location.field) == ("plan", 7, "period")
    assert f.ctx["actual"] == ["2024-10-01", "2025-09-30"]


def test_numbering_findings(base: ita_parse.CheckResult) -> None:
    f = next(f for f in base.findings if f.code == "ITA501")
    assert f.ctx["actual"] == [1, 2, 3, 2, 3, 4, 5, 6, 7]
    g = next(f for f in base.findings if f.code == "ITA502")
    assert g.location.row == 4 and g.ctx["position"] == 1


def test_copied_analysis_names_both(base: ita_parse.CheckResult) -> None:
    f = next(f for f in base.findings if f.code == "ITA601")
    assert f.indicator == 10 and f.ctx["other"] == 9 and f.related


def test_corrected_sample_has_no_findings() -> None:
    result = check(clean_sample())
    assert result.findings == [], [f.message for f in result.findings]
    assert result.valid


# --- the sample broken one way at a time -------------------------------------------

T = Callable[[str], str]

MUTATIONS: dict[str, tuple[T, set[tuple[str, int | None]]]] = {
    "item score": (
        lambda t: replace(
            t, "เป็นไปตามขั้นตอนและระยะเวลา มากน้อยเพียงใด\t๙๗.๘๖", "เป็นไปตามขั้นตอนและระยะเวลา มากน้อยเพียงใด\t๙๐.๐๐"
        ),
        {("ITA101", 1)},
    ),
    "total in one place": (
        lambda t: replace(t, "มีผลคะแนน ๙๖.๗๙ คะแนน อยู่ในระดับ", "มีผลคะแนน ๙๗.๗๙ คะแนน อยู่ในระดับ"),
        {("ITA202", None)},
    ),
    "total everywhere and the claimed change": (
        lambda t: replace(
            replace(t, "๙๖.๗๙ คะแนน", "๙๖.๘๙ คะแนน", 2), "สูงกว่าปีที่ผ่านมา ๐.๗๘", "สูงกว่าปีที่ผ่านมา ๐.๘๘"
        ),
        {("ITA104", None)},
    ),
    "tool score": (lambda t: replace(t, "\t๙๖.๒๙\t๙๕.๗๗", "\t๙๖.๒๙\t๙๕.๘๗"), {("ITA103", None)}),
    "plan period": (
        lambda t: replace_line_cell(t, "๑. การปฏิบัติ หน้าที่", 5, "๑ ต.ค. ๖๙ ถึง ๓๐ ก.ย. ๗๐"),
        {("ITA301", 1)},
    ),
    "level label": (lambda t: replace(t, "อยู่ในระดับ **ผ่านดี**", "อยู่ในระดับ **AA**"), {("ITA401", None)}),
    "claimed change": (lambda t: replace(t, "สูงกว่าปีที่ผ่านมา ๐.๗๘", "สูงกว่าปีที่ผ่านมา ๐.๘๘"), {("ITA105", None)}),
    "analysis heading score": (
        lambda t: replace(t, "ตัวชี้วัดที่ ๓ การใช้อำนาจ คะแนน ๑๐๐.๐๐", "ตัวชี้วัดที่ ๓ การใช้อำนาจ คะแนน ๙๙.๐๐"),
        {("ITA201", 3)},
    ),
    "items heading score": (
        lambda t: replace(
            t, "ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ\t๘๙.๐๕\n\n", "ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ\t๘๙.๕๐\n\n"
        ),
        {("ITA201", 4)},
    ),
    "plan score": (
        lambda t: replace(t, "๕. การแก้ไขปัญหาการทุจริต\t๙๖.๙๐", "๕. การแก้ไขปัญหาการทุจริต\t๙๖.๙๘"),
        {("ITA201", 5)},
    ),
    "arabic digits": (ita_parse.to_arabic_digits, set()),
}


def replace_line_cell(text: str, startswith: str, column: int, value: str) -> str:
    line = next(line for line in text.split("\n") if line.startswith(startswith))
    cells = line.split("\t")
    cells[column] = value
    return replace_line(text, startswith, "\t".join(cells))


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_one_change_one_finding(name: str, base: ita_parse.CheckResult) -> None:
    mutate, expected = MUTATIONS[name]
    result = check(mutate(sample_text()))
    before, after = set(keys(base)), set(keys(result))
    assert after - before == expected, [
        f.message for f in result.findings if (f.code, f.indicator) not in before
    ]
    assert before - after == set(), "a finding of the original disappeared"


# --- every rule fires on something and is silent on the corrected report ------------------


def _report(text: str) -> Report:
    return ita_parse.parse(text)


def synthetic_2564() -> Report:
    """A 2564 result whose indicator 9 is a plain item mean, not the mean of sub-indicator means."""
    items = [
        Item(code=f"o{n}", indicator=9 if n <= 33 else 10, text=f"o{n}", score=0.0 if n == 1 else 100.0)
        for n in range(1, 44)
    ]
    rep = _report(clean_sample())
    ind9 = rep.indicator(9)
    assert ind9 is not None
    ind9.score = round(sum(i.score or 0 for i in items[:33]) / 33, 2)  # 96.97, the wrong formula
    for src in ind9.sources:
        src.value = ind9.score
    return rep.model_copy(
        update={
            "assessed_year": 2564,
            "fiscal_year": 2565,
            "items": items,
            "plan": [],
            "previous": None,
            "level": None,
        }
    )


FIRES: dict[str, Callable[[], Report | str]] = {
    "ITA101": lambda: MUTATIONS["item score"][0](clean_sample()),
    "ITA102": synthetic_2564,
    "ITA103": lambda: replace(clean_sample(), "\t๙๖.๒๖\t๙๕.๗๗", "\t๙๖.๒๖\t๙๕.๘๗"),
    "ITA104": lambda: MUTATIONS["total everywhere and the claimed change"][0](clean_sample()),
    "ITA105": lambda: MUTATIONS["claimed change"][0](clean_sample()),
    "ITA201": lambda: MUTATIONS["plan score"][0](clean_sample()),
    "ITA202": lambda: MUTATIONS["total in one place"][0](clean_sample()),
    "ITA203": lambda: replace(
        clean_sample(),
        "\nประเด็นการประเมิน\tคะแนนที่ได้\nตัวชี้วัดที่ ๑ ",
        "\nเครื่องมือ\tคะแนน\nIIT\t๙๖.๘๖\nEIT\t๙๕.๗๗\nOIT\t๙๗.๐๐\n\nประเด็นการประเมิน\tคะแนนที่ได้\nตัวชี้วัดที่ ๑ ",
    ),
    "ITA205": lambda: replace(clean_sample(), "๑. การปฏิบัติ หน้าที่\t", "๑. การปฏิบัติงานทั่วไป\t"),
    "ITA301": lambda: MUTATIONS["plan period"][0](clean_sample()),
    "ITA302": lambda: replace_line_cell(clean_sample(), "๓. การใช้อำนาจ", 5, "๓๐ ก.ย. ๖๙ ถึง ๑ ต.ค. ๖๘"),
    "ITA303": lambda: _report(clean_sample()).model_copy(update={"fiscal_year": 2570, "plan": []}),
    "ITA304": lambda: replace(clean_sample(), "(ปีงบประมาณ พ.ศ. ๒๕๖๗ ได้", "(ปีงบประมาณ พ.ศ. ๒๕๖๖ ได้"),
    "ITA305": lambda: replace(clean_sample(), "ผลการประเมิน ITA ๒๕๖๘ ของ", "ผลการประเมิน ITA ๒๕๖๗ ของ"),
    "ITA306": lambda: replace(clean_sample(), "ประจำปีงบประมาณ พ.ศ. ๒๕๖๙", "ประจำปีงบประมาณ พ.ศ. ๓๑๑๒"),
    "ITA307": lambda: replace(clean_sample(), "ประจำปีพ.ศ. ๒๕๖๗", "ประจำปีพ.ศ. ๒๕๖๕"),
    "ITA401": lambda: MUTATIONS["level label"][0](clean_sample()),
    "ITA402": lambda: replace(clean_sample(), "อยู่ในระดับ **ผ่านดี**", "อยู่ในระดับ **ไม่ผ่าน**"),
    "ITA501": lambda: replace(
        clean_sample(),
        "๓. จัดตั้งคณะทำงานจัดทำ คู่มือการปฏิบัติงานหรือ ทบทวนปรับปรุงภารกิจงาน ๔.",
        "๔. จัดตั้งคณะทำงานจัดทำ คู่มือการปฏิบัติงานหรือ ทบทวนปรับปรุงภารกิจงาน ๔.",
    ),
    "ITA502": lambda: replace(clean_sample(), "<p>๑. จัดทำคู่มือหรือแนวปฏิบัติ", "<p>. จัดทำคู่มือหรือแนวปฏิบัติ"),
    "ITA503": lambda: replace_line(clean_sample(), "ตัวชี้วัดที่ ๓ การใช้อำนาจ\t๑๐๐.๐๐\t", "ตัวชี้วัดที่ ๓ การใช้อำนาจ"),
    "ITA504": lambda: replace_line(clean_sample(), "i๒ ", ""),
    "ITA505": lambda: replace(clean_sample(), "\ni๓ ", "\ni๒ ในหน่วยงานของท่านมีเจ้าหน้าที่ซ้ำ\t๑๐๐\ni๓ "),
    "ITA506": lambda: replace(clean_sample(), "\ni๓ ", "\nตัวชี้วัดที่ ๒ การใช้งบประมาณ\t๙๙.๐๕\ni๓ "),
    "ITA601": lambda: _copy_analysis(clean_sample(), 9, 8),
    "ITA602": lambda: _repeat_part(clean_sample()),
    "ITA603": lambda: replace(
        clean_sample(),
        "ปรับปรุงเว็บไซต์องค์การบริหาร ส่วนตำบลสามเรือน",
        "การจัดทำคู่มือการปฏิบัติงาน หรือทบทวนปรับปรุงภารกิจ งานให้สอดคล้องกับกฎหมาย ระเบียบข้อบังคับ",
    ),
    "ITA701": lambda: clean_sample().replace("ำ", "\u0e4d\u0e32"),
    "ITA702": lambda: replace(clean_sample(), "\no๑๓ ", "\n๐๑๓ "),
    "ITA703": lambda: _report(clean_sample()).model_copy(
        update={
            "quality": Quality(
                low_confidence=[LowConfidence(field="item i10", value=71.43, candidates=[71.43, 77.43])]
            )
        }
    ),
    "ITA901": lambda: ("peers", [_peer(2567, total=95.50)]),
    "ITA902": lambda: ("peers", [_peer(2567, total=95.50)]),
    "ITA903": lambda: ("peers", [_peer(2568, total=96.79, tools={"EIT": 95.70})]),
    "ITA904": lambda: ("peers", [_peer(2567, total=96.01, agency="อบต.สามเรือน")]),
    "ITA905": lambda: (
        "ambiguous",
        ["องค์การบริหารส่วนตำบลสามเรือน (ราชบุรี)", "องค์การบริหารส่วนตำบลสามเรือน (อยุธยา)"],
    ),
    "ITA801": lambda: "ประกาศรับสมัครงาน ตำแหน่งนักวิชาการ สมัครได้ที่สำนักปลัด",
    "ITA802": lambda: clean_sample().split("๒. การนำผลการวิเคราะห์ไปสู่การปรับปรุง")[0],
    "ITA803": lambda: _drop_analysis(clean_sample(), 8),
    "ITA804": lambda: replace(clean_sample(), "\t๙๗.๘๖\n", "\t-\n"),
    "ITA805": lambda: (
        "ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2569 ของเทศบาลตำบลบ้านใหม่ ได้คะแนน 91.20 คะแนน อยู่ในระดับ ผ่านดี"
    ),
}


def _analysis_block(text: str, n: int) -> tuple[int, int]:
    from ita_parse._thai import to_thai_digits

    head = f"ตัวชี้วัดที่ {to_thai_digits(str(n))} "
    lines = text.split("\n")
    start = next(
        i for i, line in enumerate(lines) if line.startswith(head) and "คะแนน" in line and "\t" not in line
    )
    end = next(
        i for i in range(start + 1, len(lines)) if lines[i].startswith("ตัวชี้วัดที่ ") or lines[i].startswith("๒.")
    )
    return start, end


def _copy_analysis(text: str, src: int, dst: int) -> str:
    lines = text.split("\n")
    s0, s1 = _analysis_block(text, src)
    d0, d1 = _analysis_block(text, dst)
    return "\n".join(lines[: d0 + 1] + lines[s0 + 1 : s1] + lines[d1:])


def _drop_analysis(text: str, n: int) -> str:
    lines = text.split("\n")
    a, b = _analysis_block(text, n)
    return "\n".join(lines[:a] + lines[b:])


def _repeat_part(text: str) -> str:
    lines = text.split("\n")
    p1 = next(
        i
        for i, line in enumerate(lines)
        if line.startswith("ส่วนที่ ๑ ผู้รับบริการหรือติดต่อราชการเข้าตอบด้วยตนเอง (EIT Public)")
    )
    p2 = next(i for i, line in enumerate(lines) if line.startswith("ส่วนที่ ๒ ผู้ประเมินจัดเก็บข้อมูล (EIT Survey)"))
    lines[p2 + 2] = lines[p1 + 2]
    return "\n".join(lines)


def test_every_rule_has_a_firing_case() -> None:
    assert sorted(FIRES) == sorted(REGISTRY)


def _peer(
    year: int,
    *,
    total: float,
    agency: str = "องค์การบริหารส่วนตำบลสามเรือน",
    tools: dict[str, float | None] | None = None,
) -> Peer:
    return Peer(
        path=f"archive/{year}.pdf",
        agency=agency,
        province="ราชบุรี",
        assessed_year=year,
        total_score=total,
        level="ผ่านดี",
        tools=tools or {},
        indicators={},
    )


def _with_database(code: str, made: object) -> ita_parse.CheckResult:
    """Cross-report cases: the corrected sample against made-up reports of the same agency."""
    kind, value = made  # type: ignore[misc]
    report = ita_parse.parse(clean_sample())
    if kind == "peers":
        return check(report, select=[code], peers=value)
    from ita_parse._check import run_rules, selected_rules

    findings = run_rules(report, selected_rules([code]), peers=[], ambiguous=value)
    return ita_parse.CheckResult(findings=findings)


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_rule_fires(code: str) -> None:
    source = FIRES[code]()
    if isinstance(source, tuple):
        result = _with_database(code, source)
        assert {f.code for f in result.findings} == {code}
        return
    result = check(source, select=[code])
    assert [f.code for f in result.findings] and {f.code for f in result.findings} == {code}, (
        code,
        [f.message for f in check(source).findings],
    )


@pytest.fixture(scope="module")
def clean_result() -> ita_parse.CheckResult:
    return check(clean_sample())


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_rule_silent_on_a_consistent_report(code: str, clean_result: ita_parse.CheckResult) -> None:
    assert not [f for f in clean_result.findings if f.code == code]
    assert check(clean_sample(), select=[code]).findings == []


# --- severities follow the confidence of the fact ------------------------------------------


def test_only_high_facts_give_errors() -> None:
    # ผ่านดีเยี่ยม's conditions are open in 2568: whatever the scores, at most info
    r = check(replace(clean_sample(), "อยู่ในระดับ **ผ่านดี**", "อยู่ในระดับ **ผ่านดีเยี่ยม**"))
    assert all(f.severity == "info" for f in r.findings if f.category == "level")
    # a label below the pass line is a low-confidence label: info
    r = check(FIRES["ITA402"]())
    assert {f.severity for f in r.findings if f.code == "ITA402"} == {"info"}
    # a ผ่าน* label with a total under 85 rests on the pass line (high): error
    rep = _report(clean_sample())
    low = rep.model_copy(update={"level": "ผ่าน", "total_score": 84.5})
    found = [f for f in check(low).findings if f.code == "ITA402"]
    assert found and found[0].severity == "error"


def test_eit_indicators_are_never_compared_with_e_items() -> None:
    r = check(
        replace(
            clean_sample(),
            "e๑ เจ้าหน้าที่ปฏิบัติงานหรือให้บริการแก่ท่าน เป็นไปตามขั้นตอนและระยะเวลา\t๙๑.๐๐",
            "e๑ เจ้าหน้าที่ปฏิบัติงานหรือให้บริการแก่ท่าน เป็นไปตามขั้นตอนและระยะเวลา\t๑๐.๐๐",
        )
    )
    assert r.findings == []


def test_rounding_tolerance_is_what_rounding_explains() -> None:
    # i10 71.43 → 71.44 moves the mean by 0.0033: rounding explains it
    ok = check(replace(clean_sample(), "\t๗๑.๔๓\n", "\t๗๑.๔๔\n"))
    assert not [f for f in ok.findings if f.code == "ITA101"]
    # → 71.50 moves it by 0.023: it does not
    bad = check(replace(clean_sample(), "\t๗๑.๔๓\n", "\t๗๑.๕๐\n"))
    assert [(f.code, f.indicator) for f in bad.findings] == [("ITA101", 4)]


# --- selection, fail-on, output ----------------------------------------------------------


def test_select_and_ignore(base: ita_parse.CheckResult) -> None:
    assert {f.code for f in check(SAMPLE, select=["ITA3"]).findings} == {"ITA301", "ITA304"}
    assert {f.code for f in check(SAMPLE, select=["fiscal-year"]).findings} == {"ITA301", "ITA304"}
    assert {f.code for f in check(SAMPLE, select=["step-numbering"]).findings} == {"ITA501"}
    ignored = check(SAMPLE, ignore=["ITA6", "ITA702"])
    assert {f.category for f in ignored.findings} >= {"cross-table"}
    assert not [f for f in ignored.findings if f.code.startswith("ITA6") or f.code == "ITA702"]
    with pytest.raises(UsageError):
        selected_rules(select=["XYZ9"])


def test_fail_on() -> None:
    clean = clean_sample()
    warn = replace(clean, "<p>๑. จัดทำคู่มือหรือแนวปฏิบัติ", "<p>. จัดทำคู่มือหรือแนวปฏิบัติ")
    assert check(warn).valid
    assert not check(warn, fail_on="warning").valid


def test_sarif_validates_against_the_schema(base: ita_parse.CheckResult) -> None:
    import jsonschema

    from ita_parse._render.findings import render_sarif

    schema = json.loads((DATA / "sarif-2.1.0-rtm.5.json").read_text(encoding="utf-8"))
    log = json.loads(render_sarif(base))
    jsonschema.validate(log, schema)
    results = log["runs"][0]["results"]
    assert len(results) == len(base.findings)
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results)
    assert all(
        r["locations"][0]["physicalLocation"].get("region", {"startLine": 1})["startLine"] >= 1
        for r in results
    )


def test_findings_json_validates_against_the_schema(base: ita_parse.CheckResult) -> None:
    import jsonschema

    from .helpers import ROOT

    schema = json.loads((ROOT / "schemas" / "findings.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(base.model_dump_json()), schema)


def test_unreadable_input_is_an_input_error(tmp_path: Any) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    r = check(empty)
    assert r.inputs[0].error is not None and r.inputs[0].error.code == "empty-input"
    assert not r.valid


def test_report_object_and_path_give_the_same_findings(base: ita_parse.CheckResult) -> None:
    assert keys(check(ita_parse.parse(SAMPLE))) == keys(base)


def test_messages_do_not_leak_python_reprs(base: ita_parse.CheckResult) -> None:
    for f in base.findings:
        assert "None" not in f.message and "{" not in f.message, f.message


# --- across reports ------------------------------------------------------------------------------


def test_cross_report_silent_when_the_other_reports_agree() -> None:
    report = ita_parse.parse(clean_sample())
    agreeing = [
        _peer(2567, total=96.01),
        _peer(2568, total=96.79, tools={"IIT": 96.86, "EIT": 95.77, "OIT": 97.5}),
    ]
    assert check(report, peers=agreeing).findings == []
    # and without a database the rules say nothing at all
    assert not [f for f in check(report).findings if f.category == "cross-report"]


def test_cross_report_previous_total_differs() -> None:
    report = ita_parse.parse(clean_sample())
    found = [
        f for f in check(report, peers=[_peer(2567, total=95.00)]).findings if f.category == "cross-report"
    ]
    assert sorted(f.code for f in found) == ["ITA901", "ITA902"]
    first = next(f for f in found if f.code == "ITA901")
    assert first.ctx["expected"] == "95.00" and first.related[0].path == "archive/2567.pdf"


def test_regression_a_year_named_twice_in_one_sentence_is_one_assessed_year_finding() -> None:
    # a real report (a procurement analysis) named its year twice in one result sentence and got
    # the same ITA305 finding twice at the same place
    text = replace(
        clean_sample(),
        "ผลการประเมิน ITA ๒๕๖๘ ของ",
        "ผลการประเมิน ITA ๒๕๖๗ (พ.ศ. ๒๕๖๗) ของ",
    )
    found = [f for f in check(text).findings if f.code == "ITA305"]
    assert len(found) == 1
    assert len({(f.location.page, f.location.line) for f in found}) == 1
