"""Tests for ita_parse._dates: B.E. years, the Thai fiscal year and Thai date/period parsing."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pythainlp.util import thai_strftime

from ita_parse._dates import (
    DateRange,
    be_to_ce,
    ce_to_be,
    find_be_years,
    fiscal_year_of,
    fiscal_year_range,
    normalize_year,
    parse_thai_date,
    parse_thai_period,
)

ROUND_TRIP = settings(
    max_examples=250, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
PROPERTY = settings(max_examples=300, deadline=None, database=None)

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "samruean-2569.txt"

# Written out here on purpose (not taken from the module under test).
FULL = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
]
SHORT = ["มกรา", "กุมภา", "มีนา", "เมษา", "พฤษภา", "มิถุนา", "กรกฎา", "สิงหา", "กันยา", "ตุลา", "พฤศจิกา", "ธันวา"]
ABBR = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
ENGLISH = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["วันจันทร์", "วันอังคาร", "วันพุธ", "วันพฤหัสบดี", "วันศุกร์", "วันเสาร์", "วันอาทิตย์"]
TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")

DATES = st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31))


def d(y: int, m: int, day: int) -> date:
    return date(y, m, day)


# --------------------------------------------------------------------------- years


def test_be_ce_conversion() -> None:
    assert be_to_ce(2568) == 2025
    assert ce_to_be(2025) == 2568
    assert be_to_ce(ce_to_be(1999)) == 1999


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("๖๘", 2568),
        ("68", 2568),
        (68, 2568),
        ("05", 2505),
        (5, 2505),
        ("๒๕๖๘", 2568),
        ("2568", 2568),
        (2568, 2568),
        (2400, 2400),
        (2799, 2799),
        (2025, 2568),
        ("2025", 2568),
        (1900, 2443),
        (" ๒๕๖๙ ", 2569),
        ("พ.ศ. ๒๕๖๘", 2568),
        ("พ.ศ.68", 2568),
        ("ค.ศ. 2025", 2568),
    ],
)
def test_normalize_year_examples(value: str | int, expected: int) -> None:
    assert normalize_year(value) == expected


def test_normalize_year_century() -> None:
    assert normalize_year("99", two_digit_century_be=2400) == 2499
    assert normalize_year(1, two_digit_century_be=2600) == 2601
    with pytest.raises(ValueError):
        normalize_year("68", two_digit_century_be=2550)


@pytest.mark.parametrize(
    "value",
    [3105, "3105", "๓๑๐๕", 3111, 2800, 1899, 2257, 2399, 100, 999, -5, "1", "123", "25680", "", "abc",
     "พ.ศ. 2025", "ค.ศ. 2568", True, 2568.0],
)  # fmt: skip
def test_normalize_year_rejects(value: object) -> None:
    with pytest.raises(ValueError):
        normalize_year(value)  # type: ignore[arg-type]


VALID_YEAR_INTS = st.one_of(st.integers(0, 99), st.integers(2400, 2799), st.integers(1900, 2256))


@PROPERTY
@given(VALID_YEAR_INTS, st.booleans(), st.booleans())
def test_normalize_year_idempotent(year: int, as_text: bool, thai: bool) -> None:
    text = f"{year:02d}" if year < 100 else str(year)
    if thai:
        text = text.translate(TO_THAI)
    once = normalize_year(text if as_text else year)
    assert 2400 <= once <= 2799
    assert normalize_year(once) == once
    assert normalize_year(str(once)) == once
    assert normalize_year(str(once).translate(TO_THAI)) == once


@PROPERTY
@given(st.integers(2400, 2799))
def test_normalize_year_converted_twice_raises(year_be: int) -> None:
    # A B.E. year wrongly treated as C.E. (+543 once more) is impossible.
    with pytest.raises(ValueError):
        normalize_year(year_be + 543)


@PROPERTY
@given(
    st.one_of(
        st.integers(-10_000, -1), st.integers(100, 1899), st.integers(2257, 2399), st.integers(2800, 99_999)
    )
)
def test_normalize_year_out_of_range_raises(year: int) -> None:
    with pytest.raises(ValueError):
        normalize_year(year)


# --------------------------------------------------------------------------- fiscal year


def test_fiscal_year_boundaries() -> None:
    assert fiscal_year_of(d(2025, 9, 30)) == 2568
    assert fiscal_year_of(d(2025, 10, 1)) == 2569
    assert fiscal_year_of(d(2024, 10, 1)) == 2568
    assert fiscal_year_of(d(2026, 1, 1)) == 2569
    assert fiscal_year_of(d(2026, 9, 30)) == 2569
    assert fiscal_year_of(d(2026, 10, 1)) == 2570
    assert fiscal_year_range(2569) == (d(2025, 10, 1), d(2026, 9, 30))
    assert fiscal_year_range(2568) == (d(2024, 10, 1), d(2025, 9, 30))
    assert fiscal_year_range(2565) == (d(2021, 10, 1), d(2022, 9, 30))


@PROPERTY
@given(st.dates(min_value=date(1858, 1, 1), max_value=date(2255, 12, 31)))
def test_fiscal_year_contains_every_day(day: date) -> None:
    fy = fiscal_year_of(day)
    start, end = fiscal_year_range(fy)
    assert start <= day <= end
    assert fiscal_year_of(start) == fiscal_year_of(end) == fy
    assert fiscal_year_of(start - timedelta(days=1)) == fy - 1
    assert fiscal_year_of(end + timedelta(days=1)) == fy + 1


def test_fiscal_year_ranges_are_contiguous() -> None:
    for fy in range(2400, 2799):
        start, end = fiscal_year_range(fy)
        next_start, _ = fiscal_year_range(fy + 1)
        assert end + timedelta(days=1) == next_start
        assert (end - start).days + 1 in (365, 366)
        assert (start.month, start.day, end.month, end.day) == (10, 1, 9, 30)


# --------------------------------------------------------------------------- parse_thai_date examples


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("๑ ต.ค. ๖๘", d(2025, 10, 1)),
        ("๓๐ ก.ย. ๖๙", d(2026, 9, 30)),
        ("1 ต.ค. 68", d(2025, 10, 1)),
        ("1 ต.ค 68", d(2025, 10, 1)),
        ("1 ตค. 68", d(2025, 10, 1)),
        ("1 ตค 68", d(2025, 10, 1)),
        ("1 ต. ค. 68", d(2025, 10, 1)),
        ("1ต.ค.68", d(2025, 10, 1)),
        ("30 กันยายน 2569", d(2026, 9, 30)),
        ("30 กันยา 2569", d(2026, 9, 30)),
        ("1 มีนาคม ๒๕๖๙", d(2026, 3, 1)),
        ("1 มี.ค. 69", d(2026, 3, 1)),
        ("1 ม.ค. 69", d(2026, 1, 1)),
        ("29 ก.พ. 2567", d(2024, 2, 29)),
        ("1 ตุลาคม พ.ศ. 2568", d(2025, 10, 1)),
        ("1 ตุลาคม พ.ศ 2568", d(2025, 10, 1)),
        ("1 ตุลาคม ค.ศ. 2025", d(2025, 10, 1)),
        ("1 ตุลาคม 2025", d(2025, 10, 1)),
        ("วันที่ 1 ตุลาคม 2568", d(2025, 10, 1)),
        ("วันพุธที่ 1 ตุลาคม 2568", d(2025, 10, 1)),
        ("1/10/2568", d(2025, 10, 1)),
        ("01-10-68", d(2025, 10, 1)),
        ("๑/๑๐/๒๕๖๘", d(2025, 10, 1)),
        ("1.10.2025", d(2025, 10, 1)),
        ("30/9/2026", d(2026, 9, 30)),
        ("1-ต.ค.-2568", d(2025, 10, 1)),
        ("1 Oct 2025", d(2025, 10, 1)),
        ("1 October 2568", d(2025, 10, 1)),
        ("1 Sept. 2025", d(2025, 9, 1)),
        ("October 1, 2025", d(2025, 10, 1)),
        ("  ๑\n ต.ค.\n ๖๘ ", d(2025, 10, 1)),
        ("<p>๑ ต.ค. ๖๘</p>", d(2025, 10, 1)),
    ],
)
def test_parse_thai_date_examples(text: str, expected: date) -> None:
    assert parse_thai_date(text) == expected


def test_parse_thai_date_default_year() -> None:
    assert parse_thai_date("1 ต.ค.", default_year_be=2568) == d(2025, 10, 1)
    assert parse_thai_date("๓๐ กันยายน", default_year_be=2569) == d(2026, 9, 30)
    # An explicit year wins over the default.
    assert parse_thai_date("1 ต.ค. 67", default_year_be=2569) == d(2024, 10, 1)
    with pytest.raises(ValueError, match="no year"):
        parse_thai_date("1 ต.ค.")
    with pytest.raises(ValueError):
        parse_thai_date("1 ต.ค.", default_year_be=68)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "-",
        "hello",
        "ตลอดปี",
        "ต.ค. ๖๘",  # no day
        "ตุลาคม ๒๕๖๘",  # no day
        "31 ก.พ. 68",
        "29 ก.พ. 2568",
        "32 ต.ค. 68",
        "0 ต.ค. 68",
        "31 เม.ย. 2569",
        "1/13/2568",
        "1/0/2568",
        "1 ต.ค. 3105",
        "1 ต.ค. 2568 ถึง 30 ก.ย. 2569",
        "1 ต.ค. พ.ศ. 2025",
        "1 ตุลาคม 568",
        "123 ต.ค. 68",
        "วันจันทร์ที่ 1 ตุลาคม 2568",  # 2025-10-01 was a Wednesday
        "Oct 1, 68",  # two-digit year with an English month is ambiguous
        "1/10",
    ],
)
def test_parse_thai_date_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_thai_date(text)


# --------------------------------------------------------------------------- parse_thai_period examples

FY2569 = (d(2025, 10, 1), d(2026, 9, 30))
FY2568 = (d(2024, 10, 1), d(2025, 9, 30))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("๑ ต.ค. ๖๘ ถึง ๓๐ ก.ย. ๖๙", FY2569),
        ("๑ ต.ค. ๖๗ ถึง ๓๐ ก.ย. ๖๘", FY2568),
        ("๑ ต.ค. ๖๘\nถึง\n๓๐ ก.ย. ๖๙", FY2569),
        ("<p>๑ ต.ค. ๖๘ ถึง ๓๐ ก.ย. ๖๙</p>", FY2569),
        ("  ๑ ต. ค. ๖๘   ถึง ๓๐ ก. ย. ๖๙ ", FY2569),
        ("1 ต.ค. 2568 - 30 ก.ย. 2569", FY2569),
        ("1 ต.ค. 68 – 30 ก.ย. 69", FY2569),
        ("1 ต.ค. 68 — 30 ก.ย. 69", FY2569),
        ("1 ต.ค. 68 ~ 30 ก.ย. 69", FY2569),
        ("ตั้งแต่ 1 ต.ค. 68 จนถึง 30 ก.ย. 69", FY2569),
        ("ตั้งแต่วันที่ 1 ตุลาคม 2568 ถึงวันที่ 30 กันยายน 2569", FY2569),
        ("วันที่ 1 ต.ค. 68 - 30 ก.ย. 69", FY2569),
        ("ระหว่างวันที่ 1 ต.ค. 68 และ 30 ก.ย. 69", FY2569),
        ("01/10/2568 - 30/09/2569", FY2569),
        ("1-10-68 - 30-9-69", FY2569),
        ("Oct 1, 2025 - Sep 30, 2026", FY2569),
        ("(1 ต.ค. 68 - 30 ก.ย. 69)", FY2569),
        # month and year only
        ("ต.ค. ๖๘ – ก.ย. ๖๙", FY2569),
        ("ต.ค.68-ก.ย.69", FY2569),
        ("ตุลาคม 2568 - กันยายน 2569", FY2569),
        ("เดือนตุลาคม 2568 ถึงเดือนกันยายน 2569", FY2569),
        ("ม.ค. 69 - มี.ค. 69", (d(2026, 1, 1), d(2026, 3, 31))),
        ("ก.พ. 67", (d(2024, 2, 1), d(2024, 2, 29))),
        # the year written only on the end
        ("ตุลาคม – ธันวาคม ๒๕๖๘", (d(2025, 10, 1), d(2025, 12, 31))),
        ("1 ต.ค. - 31 ธ.ค. 68", (d(2025, 10, 1), d(2025, 12, 31))),
        ("ต.ค. - ก.ย. 69", FY2569),
        ("1 ต.ค. - 30 ก.ย. 2569", FY2569),
        ("พฤศจิกายน - มกราคม 2569", (d(2025, 11, 1), d(2026, 1, 31))),
        ("1 - 31 ต.ค. 68", (d(2025, 10, 1), d(2025, 10, 31))),
        # the year written only on the start
        ("1 ต.ค. 68 - 30 ก.ย.", FY2569),
        # whole fiscal year
        ("ปีงบประมาณ พ.ศ. ๒๕๖๙", FY2569),
        ("ตลอดปีงบประมาณ ๒๕๖๙", FY2569),
        ("ปีงบประมาณ 2569", FY2569),
        ("ปีงบประมาณ 69", FY2569),
        ("ประจำปีงบประมาณ พ.ศ. 2568", FY2568),
        # quarters with the fiscal year in the text
        ("ไตรมาส 1 ปีงบประมาณ 2569", (d(2025, 10, 1), d(2025, 12, 31))),
        ("ไตรมาสที่ 2 ปีงบประมาณ พ.ศ. ๒๕๖๙", (d(2026, 1, 1), d(2026, 3, 31))),
        ("ไตรมาส 3/2569", (d(2026, 4, 1), d(2026, 6, 30))),
        ("ไตรมาส 1 - 4 (ปีงบประมาณ 2568)", FY2568),
        # single date
        ("๓๐ ก.ย. ๖๙", (d(2026, 9, 30), d(2026, 9, 30))),
        ("วันที่ 1 ต.ค. 2568", (d(2025, 10, 1), d(2025, 10, 1))),
        # open end
        ("ตั้งแต่ 1 ต.ค. 68 เป็นต้นไป", (d(2025, 10, 1), None)),
    ],
)
def test_parse_thai_period_examples(text: str, expected: tuple[date, date | None]) -> None:
    assert parse_thai_period(text) == DateRange(expected[0], expected[1], text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ไตรมาส ๑", (d(2025, 10, 1), d(2025, 12, 31))),
        ("ไตรมาสที่ 1", (d(2025, 10, 1), d(2025, 12, 31))),
        ("ไตรมาส 2", (d(2026, 1, 1), d(2026, 3, 31))),
        ("ไตรมาส 3", (d(2026, 4, 1), d(2026, 6, 30))),
        ("ไตรมาส 4", (d(2026, 7, 1), d(2026, 9, 30))),
        ("ไตรมาสที่ 1-2", (d(2025, 10, 1), d(2026, 3, 31))),
        ("ไตรมาส 1 - 4", FY2569),
        ("ไตรมาสที่ ๒ - ไตรมาสที่ ๓", (d(2026, 1, 1), d(2026, 6, 30))),
        ("ไตรมาส 3 และ 4", (d(2026, 4, 1), d(2026, 9, 30))),
        ("ไตรมาส 1 ปีงบประมาณ 2568", (d(2024, 10, 1), d(2024, 12, 31))),  # the text wins
        ("1 ต.ค. - 31 ธ.ค.", (d(2025, 10, 1), d(2025, 12, 31))),
        ("ม.ค. - มี.ค.", (d(2026, 1, 1), d(2026, 3, 31))),
        ("ต.ค. - ก.ย.", FY2569),
        ("30 ก.ย.", (d(2026, 9, 30), d(2026, 9, 30))),
        ("ตลอดปีงบประมาณ", FY2569),
        ("ตลอดปี", FY2569),
        ("ทุกเดือน", FY2569),
        ("1 ต.ค. 67 - 30 ก.ย. 68", FY2568),  # explicit years win over the fiscal year
    ],
)
def test_parse_thai_period_with_fiscal_year(text: str, expected: tuple[date, date]) -> None:
    assert parse_thai_period(text, fiscal_year_be=2569) == DateRange(expected[0], expected[1], text)


@pytest.mark.parametrize(
    "text", ["", "   ", "\n", "-", "–", "ตลอดปี", "ตลอดทั้งปี", "ทุกเดือน", "ตลอดปีงบประมาณ", "ทุกสำนัก/กอง"]
)
def test_parse_thai_period_no_date(text: str) -> None:
    assert parse_thai_period(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "ไตรมาส ๑",  # no fiscal year anywhere
        "ไตรมาสที่ 1-2",
        "1 ต.ค. - 31 ธ.ค.",  # no year anywhere: never guess
        "ต.ค. - ก.ย.",
        "30 ก.ย.",
        "31 ก.พ. 68",
        "๑ ต.ค. ๖๘ ถึง ๓๑ ก.ย. ๖๙",
        "1 ต.ค. 68 ถึง 30 ก.ย. 3105",
        "ปีงบประมาณ 3105",
        "ปีงบประมาณ พ.ศ. 2025",
        "ไตรมาส 5 ปีงบประมาณ 2569",
        "ไตรมาส 3 - 1 ปีงบประมาณ 2569",
        "ไตรมาส 1 และ 3 ปีงบประมาณ 2569",  # not one period
        "1 และ 15 ต.ค. 68",  # two days, not a range
        "๒๕๖๙",
        "ภายใน 30 วัน",
        "1 ต.ค. 68 ถึง 30 ก.ย. 69 และ 1 ต.ค. 69",
        "Oct 12 - Nov 5, 2025",
    ],
)
def test_parse_thai_period_unreadable(text: str) -> None:
    assert parse_thai_period(text) == DateRange(None, None, text)


def test_parse_thai_period_keeps_order_as_written() -> None:
    # A reversed range is reported as written so a checker can flag it.
    assert parse_thai_period("30 ก.ย. 69 - 1 ต.ค. 68") == DateRange(
        d(2026, 9, 30), d(2025, 10, 1), "30 ก.ย. 69 - 1 ต.ค. 68"
    )


def test_parse_thai_period_rejects_bad_fiscal_year_argument() -> None:
    with pytest.raises(ValueError):
        parse_thai_period("ไตรมาส 1", fiscal_year_be=2026)


def test_sample_report_periods() -> None:
    if not SAMPLE.exists():
        pytest.skip("sample report not present")
    periods: Counter[tuple[date | None, date | None]] = Counter()
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        for cell in line.split("\t"):
            if "ต.ค." in cell and "ถึง" in cell and len(cell) < 60:
                found = parse_thai_period(cell)
                assert found is not None
                periods[found.start, found.end] += 1
    assert periods == Counter({FY2569: 9, FY2568: 1})


# --------------------------------------------------------------------------- find_be_years


def test_find_be_years_examples() -> None:
    text = "ประจำปีงบประมาณ พ.ศ. ๒๕๖๙ ผล ITA ๒๕๖๘ ค.ศ. 2025 ในปี พ.ศ. 3105 ปี ๒๕๖๗ 2568.50 พ.ศ.68 ปีงบประมาณ2566"
    found = find_be_years(text)
    assert [y for y, _, _ in found] == [2569, 2568, 3105, 2567, 2568, 2566]
    written = [text[s:e].translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")) for _, s, e in found]
    assert written == ["2569", "2568", "3105", "2567", "68", "2566"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("พ.ศ. ๒๕๖๘", [2568]),
        ("พ.ศ.2568", [2568]),
        ("พ.ศ 2568", [2568]),
        ("ปีงบประมาณ ๒๕๖๘", [2568]),
        ("ปี ๒๕๖๘", [2568]),
        ("ปี 10 ครั้ง", []),
        ("2468 และ 2599", [2468, 2599]),
        ("2600 1999 2025", []),
        ("25680", []),
        ("12,2568", []),
        ("1/10/2568", [2568]),
        ("พ.ศ. 3105", [3105]),
        ("ปีงบประมาณ พ.ศ. 3111", [3111]),
        ("ค.ศ. 2568", []),
        ("", []),
    ],
)
def test_find_be_years_cases(text: str, expected: list[int]) -> None:
    assert [y for y, _, _ in find_be_years(text)] == expected


YEAR_PREFIXES = ["พ.ศ. ", "พ.ศ.", "พ.ศ ", "ปีงบประมาณ ", "ปีงบประมาณ พ.ศ. ", "ปี ", "ปี พ.ศ. ", "", " "]
FILLER = st.sampled_from(["ผลการประเมิน ", "ITA ", " คะแนน ", "\n", "ของหน่วยงาน", " (", ") "])


@PROPERTY
@given(
    st.lists(
        st.tuples(FILLER, st.sampled_from(YEAR_PREFIXES), st.integers(2400, 2599), st.booleans()), max_size=5
    )
)
def test_find_be_years_offsets(parts: list[tuple[str, str, int, bool]]) -> None:
    text = ""
    expected: list[tuple[int, int, int]] = []
    for filler, prefix, year, thai in parts:
        text += filler + prefix
        written = str(year).translate(TO_THAI) if thai else str(year)
        expected.append((year, len(text), len(text) + 4))
        text += written + " "
    assert find_be_years(text) == expected


# --------------------------------------------------------------------------- round trips


@ROUND_TRIP
@given(DATES, st.sampled_from(["%-d %B %Y", "%d %b %Y", "%-d %b %Y", "%d %B %Y"]), st.booleans())
def test_round_trip_thai_strftime(day: date, fmt: str, thaidigit: bool) -> None:
    text = thai_strftime(datetime(day.year, day.month, day.day), fmt, thaidigit=thaidigit)
    assert parse_thai_date(text) == day


@ROUND_TRIP
@given(st.dates(min_value=date(1957, 1, 1), max_value=date(2056, 12, 31)), st.booleans())
def test_round_trip_thai_strftime_two_digit_year(day: date, thaidigit: bool) -> None:
    assert 2500 <= ce_to_be(day.year) <= 2599
    text = thai_strftime(datetime(day.year, day.month, day.day), "%-d %b %y", thaidigit=thaidigit)
    assert parse_thai_date(text) == day


def _digits(draw: st.DrawFn, text: str) -> str:
    return text.translate(TO_THAI) if draw(st.booleans()) else text


def _month_text(draw: st.DrawFn, month: int, *, allow_english: bool) -> tuple[str, bool]:
    """A written month name and whether it is English."""
    abbr = ABBR[month - 1]
    parts = [p for p in abbr.split(".") if p]
    thai_forms = [
        FULL[month - 1],
        SHORT[month - 1],
        abbr,
        "".join(parts),  # ตค
        ".".join(parts),  # ต.ค
        "".join(parts) + ".",  # ตค.
        ". ".join(parts) + ".",  # ต. ค.
    ]
    english = ENGLISH[month - 1]
    english_forms = [english, english.upper(), english.lower(), english[:3], english[:3] + "."]
    if allow_english and draw(st.integers(0, 4)) == 0:
        return draw(st.sampled_from(english_forms)), True
    return draw(st.sampled_from(thai_forms)), False


def _year_text(draw: st.DrawFn, year_ce: int, *, two_digit_ok: bool = True) -> str:
    year_be = ce_to_be(year_ce)
    forms = [
        str(year_be),
        f"พ.ศ. {year_be}",
        f"พ.ศ.{year_be}",
        f"พ.ศ {year_be}",
        str(year_ce),
        f"ค.ศ. {year_ce}",
    ]
    if two_digit_ok and 2500 <= year_be <= 2599:
        forms += [f"{year_be % 100:02d}", f"พ.ศ. {year_be % 100:02d}"]
    return _digits(draw, draw(st.sampled_from(forms)))


@st.composite
def written_dates(draw: st.DrawFn, *, with_lead: bool = True) -> tuple[date, str]:
    """A random date and one way of writing it."""
    day = draw(DATES)
    style = draw(st.sampled_from(["textual", "textual", "textual", "numeric", "english"]))
    if style == "numeric":
        sep = draw(st.sampled_from(["/", "-", "."]))
        dd = draw(st.sampled_from([str(day.day), f"{day.day:02d}"]))
        mm = draw(st.sampled_from([str(day.month), f"{day.month:02d}"]))
        year_be = ce_to_be(day.year)
        years = [str(year_be), str(day.year)] + ([f"{year_be % 100:02d}"] if 2500 <= year_be <= 2599 else [])
        text = _digits(draw, f"{dd}{sep}{mm}{sep}{draw(st.sampled_from(years))}")
        lead = draw(st.sampled_from(["", "วันที่ "])) if with_lead else ""
        return day, lead + text
    weekday = WEEKDAYS[day.weekday()]
    leads = ["", "วันที่ ", "วันที่", f"{weekday}ที่ ", f"{weekday} "] if with_lead else ["", f"{weekday}ที่ "]
    lead = draw(st.sampled_from(leads))
    dd = _digits(draw, draw(st.sampled_from([str(day.day), f"{day.day:02d}"])))
    if style == "english":
        month = ENGLISH[day.month - 1]
        month = draw(st.sampled_from([month, month[:3], month[:3] + "."]))
        year = _digits(draw, draw(st.sampled_from([str(day.year), str(ce_to_be(day.year))])))
        return day, f"{lead}{month} {dd}, {year}"
    month, is_english = _month_text(draw, day.month, allow_english=True)
    year = _year_text(draw, day.year, two_digit_ok=not is_english)
    sep1 = draw(st.sampled_from([" ", "", "  ", "\n", "-", "/", " - "]))
    if sep1.strip() in ("-", "/"):
        sep2 = draw(st.sampled_from([sep1.strip(), f" {sep1.strip()} "]))
    else:
        sep2 = draw(st.sampled_from([" ", "", "\n", ", "]))
    return day, f"{lead}{dd}{sep1}{month}{sep2}{year}"


@ROUND_TRIP
@given(written_dates(), st.sampled_from(["", " ", "\n", " \n "]), st.sampled_from(["", " ", "\n"]))
def test_round_trip_written_dates(case: tuple[date, str], before: str, after: str) -> None:
    day, text = case
    assert parse_thai_date(before + text + after) == day


@ROUND_TRIP
@given(written_dates(), st.integers(2400, 2799))
def test_written_date_year_beats_default(case: tuple[date, str], default_year_be: int) -> None:
    day, text = case
    assert parse_thai_date(text, default_year_be=default_year_be) == day


RANGE_SEPARATORS = [" ถึง ", "ถึง", "\nถึง\n", " - ", "-", " – ", "—", " ~ ", " จนถึง ", " ถึงวันที่ "]


@ROUND_TRIP
@given(
    written_dates(with_lead=False),
    written_dates(with_lead=False),
    st.sampled_from(RANGE_SEPARATORS),
    st.sampled_from(["", "ตั้งแต่ ", "ตั้งแต่วันที่ ", "วันที่ ", "ระหว่างวันที่ "]),
)
def test_round_trip_written_ranges(
    first: tuple[date, str], second: tuple[date, str], sep: str, lead: str
) -> None:
    (start, start_text), (end, end_text) = sorted([first, second])
    if lead.startswith("ระหว่าง"):
        sep = " และ "
    text = f"{lead}{start_text}{sep}{end_text}"
    assert parse_thai_period(text) == DateRange(start, end, text)


@st.composite
def written_months(draw: st.DrawFn) -> tuple[int, int, str]:
    """(year C.E., month, text) for a month written with its year."""
    day = draw(DATES)
    month, is_english = _month_text(draw, day.month, allow_english=True)
    year = _year_text(draw, day.year, two_digit_ok=not is_english)
    lead = draw(st.sampled_from(["", "เดือน"]))
    return day.year, day.month, f"{lead}{month}{draw(st.sampled_from([' ', '', chr(10)]))}{year}"


@ROUND_TRIP
@given(written_months(), written_months(), st.sampled_from([s for s in RANGE_SEPARATORS if "วันที่" not in s]))
def test_round_trip_month_ranges(first: tuple[int, int, str], second: tuple[int, int, str], sep: str) -> None:
    (y1, m1, t1), (y2, m2, t2) = sorted([first, second])
    text = f"{t1}{sep}{t2}"
    last_day = (date(y2 + m2 // 12, m2 % 12 + 1, 1) - timedelta(days=1)).day
    assert parse_thai_period(text) == DateRange(date(y1, m1, 1), date(y2, m2, last_day), text)


@ROUND_TRIP
@given(DATES, st.integers(0, 364), st.booleans(), st.sampled_from(RANGE_SEPARATORS))
def test_year_only_on_end(end: date, back: int, thai: bool, sep: str) -> None:
    start = end - timedelta(days=back)
    assume(not (start.month == end.month and start.year != end.year))
    end_text = f"{end.day} {ABBR[end.month - 1]} {ce_to_be(end.year)}"
    text = f"{start.day} {FULL[start.month - 1]}{sep}{end_text}"
    if thai:
        text = text.translate(TO_THAI)
    assert parse_thai_period(text) == DateRange(start, end, text)


@PROPERTY
@given(st.integers(2400, 2799), st.integers(1, 4), st.integers(1, 4), st.booleans())
def test_quarters_tile_the_fiscal_year(fy: int, q1: int, q2: int, in_text: bool) -> None:
    q1, q2 = sorted((q1, q2))
    text = f"ไตรมาสที่ {q1}-{q2}" + (f" ปีงบประมาณ {fy}" if in_text else "")
    found = parse_thai_period(text, fiscal_year_be=None if in_text else fy)
    assert found is not None and found.start is not None and found.end is not None
    fy_start, fy_end = fiscal_year_range(fy)
    assert found.start == fy_start if q1 == 1 else found.start > fy_start
    assert found.end == fy_end if q2 == 4 else found.end < fy_end
    assert fiscal_year_of(found.start) == fiscal_year_of(found.end) == fy
    assert found.start.month == (10, 1, 4, 7)[q1 - 1] and found.start.day == 1
    assert (found.end + timedelta(days=1)).day == 1
    assert re.fullmatch(r"ไตรมาสที่ \d-\d.*", text)
