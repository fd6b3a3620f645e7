"""Tests for the year-by-year ITA framework data (ita_parse/data/framework.json) and its loader."""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path
from statistics import mean
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ita_parse import _framework as fwm
from ita_parse._framework import (
    CONFIDENCE_ORDER,
    all_level_labels,
    framework_for,
    indicator_name,
    indicator_names_with_variants,
    indicator_tool,
    is_high,
    known_years,
    min_confidence,
    normalize_confidence,
    pass_line,
    total_weights,
    year_confidence,
    year_notes,
)

DATA = Path(__file__).resolve().parents[1] / "ita_parse" / "data" / "framework.json"
YEARS = list(range(2562, 2569))
# (IIT items, EIT items, OIT items, IIT items per indicator, EIT items per indicator)
COUNTS = {y: (30, 15, 43, 6, 5) for y in range(2562, 2568)} | {2568: (15, 9, 28, 3, 3)}


def _raw_json() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return data


def _fw(year: int) -> fwm.YearFramework:
    fw = framework_for(year)
    assert fw is not None
    return fw


# ---------------------------------------------------------------------------- the file and the models


def test_data_file_validates_into_models() -> None:
    raw = fwm._RawFile.model_validate_json(DATA.read_text(encoding="utf-8"))
    assert raw.schema_ == 1
    assert set(raw.years) == {str(y) for y in [*YEARS, 2569]}
    for year in YEARS:
        fw = _fw(year)
        assert fw.year == year
        assert fw.levels is not None


def test_package_data_is_declared() -> None:
    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"data/*.json"' in pyproject


def test_known_years() -> None:
    assert known_years() == YEARS


def test_unknown_years_have_no_framework() -> None:
    assert framework_for(2569) is None
    assert framework_for(None) is None
    assert framework_for(2561) is None
    assert year_confidence(2569) == "low"
    assert any("overhaul" in note for note in year_notes(2569))
    assert year_notes(2400) == ()


def _walk_confidences(node: Any, path: str = "") -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "confidence" or key.endswith("_confidence"):
                found.append((f"{path}/{key}", value))
            found.extend(_walk_confidences(value, f"{path}/{key}"))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found.extend(_walk_confidences(value, f"{path}[{i}]"))
    return found


def test_no_confidence_outside_the_scale() -> None:
    data = _raw_json()
    found = _walk_confidences(data)
    assert len(found) > 200
    bad = [(p, v) for p, v in found if v not in CONFIDENCE_ORDER]
    assert bad == []
    assert "low-medium" not in DATA.read_text(encoding="utf-8")
    assert tuple(data["general"]["confidence_scale"]) == CONFIDENCE_ORDER


def test_every_structured_year_has_the_confidences_the_checker_needs() -> None:
    data = _raw_json()
    for year in YEARS:
        y = data["years"][str(year)]
        for key in ("confidence", "weights_confidence", "tool_is_mean_of_indicators_confidence"):
            assert y[key] in CONFIDENCE_ORDER, (year, key)
        for n, ind in y["indicators"].items():
            assert ind["items_confidence"] in CONFIDENCE_ORDER, (year, n)
            assert ind["score_rule_confidence"] in CONFIDENCE_ORDER, (year, n)
        for lv in y["levels"]["labels"] + y["levels"]["below_pass_labels"]:
            assert lv["confidence"] in CONFIDENCE_ORDER, (year, lv["label"])


# ---------------------------------------------------------------------------- structure per year


@pytest.mark.parametrize("year", YEARS)
def test_ten_indicators_match_the_general_tools(year: int) -> None:
    fw = _fw(year)
    assert sorted(fw.indicators) == list(range(1, 11))
    for n, spec in fw.indicators.items():
        assert spec.number == n
        assert spec.tool == indicator_tool(n)
        assert spec.name == indicator_name(n)
    assert fw.indicators_of_tool("IIT") == (1, 2, 3, 4, 5)
    assert fw.indicators_of_tool("EIT") == (6, 7, 8)
    assert fw.indicators_of_tool("OIT") == (9, 10)


@pytest.mark.parametrize("year", YEARS)
def test_weights(year: int) -> None:
    fw = _fw(year)
    assert math.isclose(sum(fw.weights.values()), 1.0)
    assert fw.weights == pytest.approx(total_weights())
    per_indicator = [fw.indicator_weight(n) for n in range(1, 11)]
    assert per_indicator == pytest.approx([0.06] * 5 + [0.10] * 3 + [0.20] * 2)
    assert math.isclose(sum(per_indicator), 1.0)


def test_general_facts() -> None:
    assert total_weights() == {"IIT": 0.3, "EIT": 0.3, "OIT": 0.4}
    assert pass_line() == 85.0
    assert indicator_tool(1) == "IIT" and indicator_tool(8) == "EIT" and indicator_tool(10) == "OIT"
    assert indicator_name(8) == "การปรับปรุงระบบการทำงาน"
    assert indicator_names_with_variants(8) == ("การปรับปรุงระบบการทำงาน", "การปรับปรุงการทำงาน")
    assert indicator_names_with_variants(1) == ("การปฏิบัติหน้าที่",)
    assert fwm.tool_name("IIT") == "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน"
    assert fwm.tool_name("OIT", english=True) == "Open Data Integrity and Transparency Assessment"
    with pytest.raises(KeyError):
        indicator_tool(11)


@pytest.mark.parametrize("year", YEARS)
def test_item_lists_complete_and_disjoint(year: int) -> None:
    fw = _fw(year)
    n_i, n_e, n_o, per_i, per_e = COUNTS[year]
    expected = (
        tuple(f"i{k}" for k in range(1, n_i + 1))
        + tuple(f"e{k}" for k in range(1, n_e + 1))
        + tuple(f"o{k}" for k in range(1, n_o + 1))
    )
    assert fw.item_codes == expected
    listed = [code for n in range(1, 11) for code in fw.items_of(n)]
    assert len(listed) == len(set(listed)) == len(expected)
    for n in range(1, 6):
        assert len(fw.items_of(n)) == per_i
    for n in range(6, 9):
        assert len(fw.items_of(n)) == per_e
    for code in expected:
        found = fw.indicator_of(code)
        assert found is not None and code in fw.items_of(found)
        assert fw.tool_of(code) == indicator_tool(found)
    assert fw.indicator_of(f"o{n_o + 1}") is None
    assert fw.indicator_of(f"i{n_i + 1}") is None
    assert fw.items_of(11) == ()


@pytest.mark.parametrize("year", YEARS)
def test_oit_sub_indicators_partition_their_indicator(year: int) -> None:
    fw = _fw(year)
    for n in (9, 10):
        spec = fw.indicators[n]
        assert spec.score_rule == "mean-of-sub-indicator-means"
        subs = list(spec.sub_indicators.values())
        assert subs, (year, n)
        assert sorted(c for s in subs for c in s.items) == sorted(spec.items)
        for sub in subs:
            assert sub.key.startswith(f"{n}.")
            for code in sub.items:
                assert fw.sub_indicator_of(code) == sub.key
    for n in range(1, 9):
        assert fw.indicators[n].sub_indicators == {}


@pytest.mark.parametrize("year", YEARS)
def test_titles_and_references_name_items_of_the_year(year: int) -> None:
    fw = _fw(year)
    codes = set(fw.item_codes)
    assert set(fw.item_titles) <= codes
    assert set(fw.item_title_candidates) <= codes
    assert set(fw.title_year_rule) <= codes
    assert set(fw.measures_items) <= codes
    for title, conf in fw.item_titles.values():
        assert title.strip() == title and title
        assert conf in CONFIDENCE_ORDER


def test_item_numbering_confidences() -> None:
    assert _fw(2568).indicators[1].items_confidence == "high"
    assert _fw(2564).indicators[1].items_confidence == "high"
    assert _fw(2562).indicators[1].items_confidence == "medium-low"
    assert _fw(2568).indicators[6].items_confidence == "medium"
    assert _fw(2567).indicators[9].items_confidence == "low"


# ---------------------------------------------------------------------------- faithful rules


def test_iit_indicator_rule_high_only_in_2568() -> None:
    for year in YEARS:
        for n in range(1, 6):
            spec = _fw(year).indicators[n]
            assert spec.score_rule == "mean-of-items"
            assert spec.score_rule_confidence == ("high" if year == 2568 else "medium")


def test_eit_2568_is_not_a_mean_of_e_items() -> None:
    fw = _fw(2568)
    for n in (6, 7, 8):
        assert fw.indicators[n].score_rule == "open"
        assert not is_high(fw.indicators[n].score_rule_confidence)
    for year in (2566, 2567):
        assert _fw(year).indicators[6].score_rule == "open"


def test_oit_2568_indicator_9() -> None:
    ind9 = _fw(2568).indicators[9]
    assert ind9.score_rule_confidence == "medium-high"
    assert ind9.sub_indicators["9.3"].items == ("o12", "o13")
    assert ind9.sub_indicators["9.3"].confidence == "medium-high"
    others = [s.confidence for k, s in ind9.sub_indicators.items() if k != "9.3"]
    assert len(others) == 4 and set(others) == {"low"}
    assert _fw(2568).indicators[10].score_rule_confidence == "low"


def test_oit_2564_sub_indicator_sizes_are_high() -> None:
    fw = _fw(2564)
    sizes9 = [len(s.items) for s in fw.indicators[9].sub_indicators.values()]
    sizes10 = [len(s.items) for s in fw.indicators[10].sub_indicators.values()]
    assert sizes9 == [9, 8, 7, 4, 5]
    assert sizes10 == [8, 2]
    for n in (9, 10):
        assert fw.indicators[n].score_rule_confidence == "high"
        assert all(s.confidence == "high" for s in fw.indicators[n].sub_indicators.values())
    assert fw.oit_item_values == (0.0, 100.0) and fw.oit_item_values_confidence == "high"


def _sub_means_score(sizes: list[int], failures: tuple[int, ...]) -> float:
    return mean(100 * (s - f) / s for s, f in zip(sizes, failures, strict=True))


def test_2564_published_oit_values_need_sub_indicator_means() -> None:
    """md §0.3: every PSU 2564 indicator-9/10 value fits the sub-indicator sizes, none a plain mean."""
    fw = _fw(2564)
    for n, published in (
        (9, [93.50, 97.50, 97.78, 97.14, 93.78, 96.00, 92.50, 94.64]),
        (10, [93.75, 87.50]),
    ):
        sizes = [len(s.items) for s in fw.indicators[n].sub_indicators.values()]
        reachable = {
            round(_sub_means_score(sizes, f), 2)
            for f in itertools.product(*(range(min(s, 3) + 1) for s in sizes))
            if 1 <= sum(f) <= 3
        }
        total = len(fw.items_of(n))
        plain = {round(100 * (total - k) / total, 2) for k in range(1, 4)}
        for value in published:
            assert value in reachable, (n, value)
            assert value not in plain, (n, value)


@pytest.mark.parametrize(
    ("year", "indicators", "published"),
    [
        (2564, [93.55, 87.72, 91.01, 87.93, 89.52, 90.55, 88.68, 88.58, 72.89, 65.56], 81.45),
        (2563, [92.57, 86.13, 90.08, 85.98, 88.04, 83.67, 82.11, 79.29, 69.94, 52.78], 75.62),
    ],
)
def test_trat_totals(year: int, indicators: list[float], published: float) -> None:
    """md §0.2: Trat's published totals follow from the weights (within the ±0.01 rounding note)."""
    fw = _fw(year)
    assert fw.weights_confidence == "high"
    total = sum(score * fw.indicator_weight(n) for n, score in enumerate(indicators, start=1))
    assert abs(total - published) <= 0.01
    split_22_18 = total - 0.2 * (indicators[8] + indicators[9]) + 0.22 * indicators[8] + 0.18 * indicators[9]
    assert abs(split_22_18 - published) > 0.1


# Sam Ruean SAO, FY 2568 (md §8; i4-i6 from samples/samruean-2569.txt, whose mean md §8 gives as 99.047).
SAM_RUEAN_ITEMS = {
    "i1": 97.86, "i2": 100.0, "i3": 100.0,
    "i4": 97.14, "i5": 100.0, "i6": 100.0,
    "i7": 100.0, "i8": 100.0, "i9": 100.0,
    "i10": 71.43, "i11": 99.29, "i12": 96.43,
    "i13": 96.43, "i14": 97.14, "i15": 97.14,
}  # fmt: skip
SAM_RUEAN_IIT_INDICATORS = {1: 99.29, 2: 99.05, 3: 100.0, 4: 89.05, 5: 96.90}
SAM_RUEAN_EIT_INDICATORS = {6: 96.26, 7: 95.16, 8: 95.90}
SAM_RUEAN_E_ITEMS = {"e7": 93.0, "e8": 93.5, "e9": 95.0}


def _close(value: float, published: float) -> bool:
    return abs(round(value, 2) - published) < 1e-9


def test_sam_ruean_2568_cross_check() -> None:
    fw = _fw(2568)
    ind: dict[int, float] = {}
    for n, published in SAM_RUEAN_IIT_INDICATORS.items():
        assert fw.indicators[n].score_rule == "mean-of-items"
        ind[n] = mean(SAM_RUEAN_ITEMS[c] for c in fw.items_of(n))
        assert _close(ind[n], published), (n, ind[n])
    ind.update(SAM_RUEAN_EIT_INDICATORS)

    o_items = dict.fromkeys(fw.items_of(9) + fw.items_of(10), 100.0)
    o_items["o13"] = 50.0
    for n in (9, 10):
        ind[n] = mean(mean(o_items[c] for c in sub.items) for sub in fw.indicators[n].sub_indicators.values())
    assert ind[9] == pytest.approx(95.0)
    assert ind[10] == pytest.approx(100.0)

    tools = {t: mean(ind[n] for n in fw.indicators_of_tool(t)) for t in ("IIT", "EIT", "OIT")}
    assert _close(tools["IIT"], 96.86)
    assert _close(tools["EIT"], 95.77)
    assert _close(tools["OIT"], 97.50)
    total = sum(fw.weights[t] * tools[t] for t in tools)
    assert total == pytest.approx(96.789, abs=5e-4)
    assert _close(total, 96.79)
    assert _close(sum(ind[n] * fw.indicator_weight(n) for n in range(1, 11)), 96.79)
    assert _close(sum(fw.weights[t] * round(tools[t], 2) for t in tools), 96.79)

    # The alternatives the docs reject do not reproduce the published OIT of 97.50.
    assert not _close(mean(o_items.values()), 97.50)  # plain mean of o1..o28 = 98.21
    assert not _close(0.22 / 0.4 * ind[9] + 0.18 / 0.4 * ind[10], 97.50)
    # Indicator 8 is above all of its displayed items: no mean of e-items can give it.
    assert SAM_RUEAN_EIT_INDICATORS[8] > max(SAM_RUEAN_E_ITEMS[c] for c in fw.items_of(8))

    levels = fw.levels
    assert levels is not None
    rated = levels.find("ผ่านดี")
    assert rated is not None and rated.contains(total)
    assert rated.requires_total_min is not None and total >= rated.requires_total_min
    assert all(tools[t] >= v for t, v in rated.requires_tools_min.items())


def test_title_year_rule_2568() -> None:
    fw = _fw(2568)
    assert fw.title_year_rule_confidence == "medium"
    assert {c for c, v in fw.title_year_rule.items() if v == "assessed"} == {"o6", "o12", "o23"}
    assert {c for c, v in fw.title_year_rule.items() if v == "previous"} == {
        "o7", "o13", "o15", "o24", "o26", "o28",
    }  # fmt: skip
    assert fw.title_year_offsets == (-1, 0)
    for year in range(2562, 2568):
        assert _fw(year).title_year_rule == {}
        assert _fw(year).title_year_rule_confidence is None


# ---------------------------------------------------------------------------- levels


def _labels(year: int) -> list[str]:
    levels = _fw(year).levels
    assert levels is not None
    return [lv.label for lv in levels.labels]


def test_level_schemes_per_year() -> None:
    for year in (2562, 2563, 2564, 2565):
        levels = _fw(year).levels
        assert levels is not None and levels.scheme == "letter"
        assert _labels(year) == ["AA", "A", "B", "C", "D", "E", "F"]
        assert levels.labels_confidence == ("medium" if year == 2562 else "high")
    for year in (2566, 2567, 2568):
        levels = _fw(year).levels
        assert levels is not None and levels.scheme == "pass"
        assert _labels(year) == ["ผ่านดีเยี่ยม", "ผ่านดี", "ผ่าน"]
        assert {lv.label for lv in levels.below_pass_labels} == {"ไม่ผ่าน", "ต้องปรับปรุง", "ต้องปรับปรุงโดยด่วน"}
    levels_2568 = _fw(2568).levels
    assert levels_2568 is not None and levels_2568.labels_confidence == "high"


def _cents() -> range:
    return range(10001)


@pytest.mark.parametrize("year", [2562, 2563, 2564, 2565])
def test_letter_levels_tile_0_to_100(year: int) -> None:
    levels = _fw(year).levels
    assert levels is not None
    for cent in _cents():
        hits = [lv.label for lv in levels.labels if lv.contains(cent / 100)]
        assert len(hits) == 1, (year, cent, hits)
    assert levels.find("AA") is not None and levels.find("AA").contains(95.0)  # type: ignore[union-attr]
    assert levels.find("A").contains(94.99)  # type: ignore[union-attr]


def test_2568_candidate_levels_cover_0_to_100() -> None:
    levels = _fw(2568).levels
    assert levels is not None
    two_level = [levels.find("ต้องปรับปรุง"), levels.find("ต้องปรับปรุงโดยด่วน"), levels.find("ผ่าน")]
    assert all(lv is not None for lv in two_level)
    for cent in _cents():
        hits = [lv for lv in two_level if lv is not None and lv.contains(cent / 100)]
        assert len(hits) == 1, cent
        assert (hits[0].label == "ผ่าน") == (cent >= 8500)


def test_2568_level_requirements() -> None:
    levels = _fw(2568).levels
    assert levels is not None
    good = levels.find("ผ่านดี")
    assert good is not None
    assert good.confidence == "high"
    assert good.requires_total_min == 85.0
    assert good.requires_tools_min == {"EIT": 85.0}
    assert good.requires_confidence == "medium"
    assert good.presumed_tools_min == {"IIT": 85.0, "OIT": 85.0}
    assert good.presumed_confidence == "low"
    excellent = levels.find("ผ่านดีเยี่ยม")
    assert excellent is not None
    assert excellent.requires_total_min == 95.0
    assert excellent.confidence == "low"
    assert excellent.note is not None and excellent.note.startswith("OPEN")
    plain = levels.find("ผ่าน")
    assert plain is not None and plain.requires_total_min == pass_line()
    # A requirement is never stronger than the label it belongs to.
    for year in YEARS:
        scheme = _fw(year).levels
        assert scheme is not None
        for lv in scheme.all_labels():
            rc = lv.requirement_confidence()
            if rc is not None:
                assert CONFIDENCE_ORDER.index(rc) <= CONFIDENCE_ORDER.index(lv.confidence)


def test_level_find_normalises() -> None:
    letter = _fw(2564).levels
    passing = _fw(2568).levels
    assert letter is not None and passing is not None
    aa = letter.find(" aa ")
    assert aa is not None and aa.label == "AA"
    assert letter.find("a") is not None and letter.find("a").label == "A"  # type: ignore[union-attr]
    assert letter.find("ผ่านดี") is None
    found = passing.find("ผ่าน ดี")
    assert found is not None and found.label == "ผ่านดี"
    below = passing.find("ไม่ผ่าน")
    assert below is not None and below.max == 84.99
    assert passing.find("AA") is None


def test_all_level_labels() -> None:
    labels = all_level_labels()
    assert {"AA", "A", "F", "ผ่านดี", "ผ่าน", "ผ่านดีเยี่ยม", "ไม่ผ่าน", "ต้องปรับปรุง", "ต้องปรับปรุงโดยด่วน"} <= labels
    labels.add("x")  # a fresh set each call
    assert "x" not in all_level_labels()


# ---------------------------------------------------------------------------- confidence helpers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("high", True),
        ("high (Sam Ruean exact)", True),
        ("High; arithmetic", True),
        ("  high  ", True),
        ("medium-high", False),
        ("medium-high (numbering anchors)", False),
        ("medium", False),
        ("low", False),
        ("open", False),
        ("highish", False),
        ("", False),
        ("rule medium-high; item split low", False),
    ],
)
def test_is_high(text: str, expected: bool) -> None:
    assert is_high(text) is expected


def test_normalize_and_min_confidence() -> None:
    assert normalize_confidence("low-medium (2564 layout assumed)") == "medium-low"
    assert normalize_confidence("open (probably ข้อมูลผู้บริหาร)") == "open"
    assert normalize_confidence("item mapping medium") is None
    assert min_confidence("high", "medium", "medium-high") == "medium"
    assert min_confidence("high", None) == "open"
    assert min_confidence() == "high"
    assert [fwm.confidence_rank(c) for c in CONFIDENCE_ORDER] == list(range(6))


@given(st.sampled_from(CONFIDENCE_ORDER), st.sampled_from([" ", " (", "; ", ", "]), st.text(max_size=20))
def test_labels_with_explanations(label: str, sep: str, rest: str) -> None:
    assert normalize_confidence(label + sep + rest) == label
    assert is_high(label + sep + rest) is (label == "high")
