"""Thai dates, Buddhist-era (B.E.) years and the Thai fiscal year.

Reads dates and periods as written in ITA improvement-plan tables, e.g. "๑ ต.ค. ๖๘ ถึง ๓๐ ก.ย. ๖๙".
pythainlp's ``thai_strptime`` is deliberately not used (see docs/thai-dates-fiscal-year.md); only its
month and weekday name tables are.

Conventions: C.E. = B.E. - 543; fiscal year N (B.E.) runs from 1 Oct of N-1 to 30 Sep of N.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from pythainlp.util.date import thai_abbr_months, thai_full_months, thai_full_weekdays

__all__ = [
    "DateRange",
    "be_to_ce",
    "ce_to_be",
    "find_be_years",
    "fiscal_year_of",
    "fiscal_year_range",
    "normalize_year",
    "parse_thai_date",
    "parse_thai_period",
]

_BE_OFFSET = 543
_BE_MIN = 2400
_BE_MAX = 2799
_CE_MIN = 1900
# Largest C.E. year whose B.E. value is still a plausible B.E. year (keeps normalize_year idempotent).
_CE_MAX = _BE_MAX - _BE_OFFSET

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def _to_arabic(text: str) -> str:
    """Replace Thai digits by ASCII digits (one character for one, so offsets are kept)."""
    return text.translate(_THAI_DIGITS)


# --------------------------------------------------------------------------- years


def be_to_ce(year_be: int) -> int:
    """Convert a Buddhist-era year to a Common-era year."""
    return year_be - _BE_OFFSET


def ce_to_be(year_ce: int) -> int:
    """Convert a Common-era year to a Buddhist-era year."""
    return year_ce + _BE_OFFSET


_BE_ERA = r"พ ?\.? ?ศ ?\.?|B\.? ?E\.?"
_CE_ERA = r"ค ?\.? ?ศ ?\.?|C\.? ?E\.?|A\.? ?D\.?"
_YEAR_TEXT_RE = re.compile(rf"(?:(?P<era>{_BE_ERA}|{_CE_ERA}) ?)?(?P<y>[0-9]{{4}}|[0-9]{{2}})")


def _is_be_era(era: str) -> bool:
    return re.sub(r"[\s.]", "", era).upper() in ("พศ", "BE")


def _year_from_parts(digits: str, era: str | None, century_be: int = 2500) -> int:
    """B.E. year from a 2- or 4-digit string and an optional era marker ("พ.ศ.", "ค.ศ.", ...)."""
    n = int(digits)
    if era is None:
        return normalize_year(digits, two_digit_century_be=century_be)
    if _is_be_era(era):
        if len(digits) == 2:
            return century_be + n
        if _BE_MIN <= n <= _BE_MAX:
            return n
        raise ValueError(f"{era.strip()} {digits}: not a plausible Buddhist-era year ({_BE_MIN}-{_BE_MAX})")
    year_ce = 2000 + n if len(digits) == 2 else n
    if _BE_MIN <= ce_to_be(year_ce) <= _BE_MAX:
        return ce_to_be(year_ce)
    raise ValueError(f"{era.strip()} {digits}: not a plausible Common-era year")


def normalize_year(text_or_int: str | int, *, two_digit_century_be: int = 2500) -> int:
    """Return the B.E. year for a 2-digit B.E., 4-digit B.E. or 4-digit C.E. year.

    Two digits (Thai or ASCII, or an int 0-99) mean ``two_digit_century_be + yy``; 2400-2799 is B.E. as
    is; 1900-2256 is C.E. and gets +543. A string may start with "พ.ศ." or "ค.ศ.". Anything else raises
    ValueError.
    """
    if two_digit_century_be % 100 or not _BE_MIN <= two_digit_century_be <= _BE_MAX - 99:
        raise ValueError(f"two_digit_century_be must be a B.E. century, got {two_digit_century_be}")
    if isinstance(text_or_int, bool) or not isinstance(text_or_int, (int, str)):
        raise ValueError(f"not a year: {text_or_int!r}")
    if isinstance(text_or_int, int):
        n = text_or_int
        two_digit = 0 <= n <= 99
    else:
        cleaned = re.sub(r"\s+", " ", _to_arabic(text_or_int)).strip()
        m = _YEAR_TEXT_RE.fullmatch(cleaned)
        if m is None:
            raise ValueError(f"not a year: {text_or_int!r}")
        if m.group("era") is not None:
            return _year_from_parts(m.group("y"), m.group("era"), two_digit_century_be)
        n = int(m.group("y"))
        two_digit = len(m.group("y")) == 2
    if two_digit:
        return two_digit_century_be + n
    if _BE_MIN <= n <= _BE_MAX:
        return n
    if _CE_MIN <= n <= _CE_MAX:
        return ce_to_be(n)
    raise ValueError(
        f"impossible year {text_or_int!r}: "
        f"expected 2 digits, B.E. {_BE_MIN}-{_BE_MAX} or C.E. {_CE_MIN}-{_CE_MAX}"
    )


# --------------------------------------------------------------------------- fiscal year


def fiscal_year_of(d: date) -> int:
    """Thai fiscal year (B.E.) that contains ``d``."""
    return ce_to_be(d.year + (1 if d.month >= 10 else 0))


def fiscal_year_range(fy_be: int) -> tuple[date, date]:
    """First and last day of Thai fiscal year ``fy_be`` (B.E.): 1 Oct of the year before to 30 Sep."""
    year_ce = be_to_ce(fy_be)
    return date(year_ce - 1, 10, 1), date(year_ce, 9, 30)


def _year_in_fy(fy_be: int, month: int) -> int:
    """B.E. calendar year of ``month`` inside fiscal year ``fy_be``."""
    return fy_be - 1 if month >= 10 else fy_be


def _quarter_range(fy_be: int, quarter: int) -> tuple[date, date]:
    first_month = (9 + 3 * (quarter - 1)) % 12 + 1  # Q1 -> 10, Q2 -> 1, Q3 -> 4, Q4 -> 7
    year_ce = be_to_ce(_year_in_fy(fy_be, first_month))
    last_month = first_month + 2
    last_day = calendar.monthrange(year_ce, last_month)[1]
    return date(year_ce, first_month, 1), date(year_ce, last_month, last_day)


# --------------------------------------------------------------------------- month names

_ENGLISH_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


def _short_thai_name(full: str) -> str:
    """Short month name: ตุลาคม -> ตุลา, กุมภาพันธ์ -> กุมภา, กันยายน -> กันยา."""
    for suffix in ("พันธ์", "คม", "ยน"):
        if full.endswith(suffix):
            return full[: -len(suffix)]
    return full


def _month_key(text: str) -> str:
    return re.sub(r"[\s.]", "", text).lower()


def _build_month_tables() -> tuple[dict[str, int], str, str, frozenset[str]]:
    by_key: dict[str, int] = {}
    thai_forms: list[tuple[int, str]] = []  # (length of the written form, pattern)
    english_forms: list[tuple[int, str]] = []
    english_keys: set[str] = set()
    for number, (full, abbr, english) in enumerate(
        zip(thai_full_months, thai_abbr_months, _ENGLISH_MONTHS, strict=True), start=1
    ):
        short = _short_thai_name(full)
        parts = [p for p in abbr.split(".") if p]
        # "ต.ค." also as "ต.ค", "ตค.", "ตค", "ต. ค."
        abbr_pattern = r"(?: ?\. ?)?".join(map(re.escape, parts)) + r"(?: ?\.)?"
        thai_forms += [(len(full), re.escape(full)), (len(short), re.escape(short))]
        thai_forms.append((len(abbr), abbr_pattern))
        english_names = {english, english[:3]} | ({"sept"} if english == "september" else set())
        for name in english_names:
            english_forms.append((len(name), re.escape(name) + (r"\.?" if len(name) <= 4 else "")))
        keys = [full, short, "".join(parts), *english_names]
        for key in keys:
            if by_key.setdefault(_month_key(key), number) != number:
                raise RuntimeError(f"ambiguous month name {key!r}")  # pragma: no cover
        english_keys.update(_month_key(k) for k in english_names)
    thai = "|".join(p for _, p in sorted(thai_forms, key=lambda t: -t[0]))
    english = "|".join(p for _, p in sorted(english_forms, key=lambda t: -t[0]))
    english_pattern = rf"(?<![A-Za-z])(?i:{english})(?![A-Za-z])"
    return by_key, f"(?:{thai}|{english_pattern})", english_pattern, frozenset(english_keys)


_MONTH_BY_KEY, _MONTH, _ENGLISH_MONTH, _ENGLISH_KEYS = _build_month_tables()
_WEEKDAY_BY_NAME: dict[str, int] = {name: i for i, name in enumerate(thai_full_weekdays)}
_WEEKDAY_BY_NAME["วันพฤหัส"] = 3
_WEEKDAY = "|".join(sorted(map(re.escape, _WEEKDAY_BY_NAME), key=len, reverse=True))

# A month name written out, dotted abbreviations only (used to tell date-like text from plain words).
_DATELIKE_RE = re.compile(
    "[0-9]|ไตรมาส|"
    + "|".join(
        re.escape(s)
        for m in zip(thai_full_months, thai_abbr_months, strict=True)
        for s in (m[0], _short_thai_name(m[0]), m[1].rstrip("."))
    )
    + f"|{_ENGLISH_MONTH}"
)


# --------------------------------------------------------------------------- date patterns


def _year_pattern(name: str) -> str:
    return rf"(?:(?P<{name}_era>{_BE_ERA}|{_CE_ERA}) ?)?(?<![0-9])(?P<{name}>[0-9]{{4}}|[0-9]{{2}})(?![0-9])"


def _point_pattern(p: str, *, allow_day_only: bool = False) -> str:
    """One date, month or day. Group names start with ``p`` so two points fit in one pattern."""
    textual = (
        rf"(?:(?:(?P<{p}wd>{_WEEKDAY}) ?(?:ที่ ?)?)?(?P<{p}d>[0-9]{{1,2}})(?![0-9]) ?(?:(?P<{p}s>[-/]) ?)?)?"
        rf"(?P<{p}m>{_MONTH})"
        rf"(?:(?({p}s) ?[-/]? ?| ?,? ?){_year_pattern(p + 'y')})?"
    )
    english = (
        rf"(?:(?P<{p}ewd>{_WEEKDAY}) ?(?:ที่ ?)?)?"
        rf"(?P<{p}em>{_ENGLISH_MONTH}) ?(?P<{p}ed>[0-9]{{1,2}})(?![0-9]) ?, ?{_year_pattern(p + 'ey')}"
    )
    numeric = (
        rf"(?P<{p}nd>[0-9]{{1,2}})(?P<{p}ns>[-/.])(?P<{p}nm>[0-9]{{1,2}})(?P={p}ns)"
        rf"(?P<{p}ny>[0-9]{{4}}|[0-9]{{2}})(?![0-9])"
    )
    alternatives = [textual, english, numeric]
    if allow_day_only:
        alternatives.append(rf"(?P<{p}do>[0-9]{{1,2}})(?![0-9])")
    return "(?:" + "|".join(alternatives) + ")"


_LEAD = r"(?:(?P<lead>ตั้งแต่|ระหว่าง|เริ่ม|ช่วง|ณ|เมื่อ) ?)?(?:(?:วันที่|เดือน) ?)?"
_SEP = r"(?P<sep>จนถึง|ถึง|และ|[-–—~]|to)(?: ?(?:วันที่|เดือน))?"

_DATE_RE = re.compile(rf"{_LEAD}{_point_pattern('a')}")
_PERIOD_RE = re.compile(
    rf"{_LEAD}{_point_pattern('a', allow_day_only=True)}"
    rf"(?: ?{_SEP} ?{_point_pattern('b')}| ?(?P<onward>เป็นต้นไป))?"
)

_FY_WORD = r"(?:ปีงบประมาณ|ปีงบ ?ฯ|ปีงบ)"
_FY_RE = re.compile(rf"(?:(?:ตลอด|ทั้ง|ภายใน|ประจำ|ช่วง) ?)?(?:ทั้ง ?)?{_FY_WORD} ?{_year_pattern('fy')}")
_WHOLE_YEAR_RE = re.compile(
    rf"(?:(?:ตลอด|ทั้ง|ภายใน|ประจำ|ช่วง) ?)?(?:ทั้ง ?)?{_FY_WORD}|(?:ตลอด|ทั้ง) ?(?:ทั้ง ?)?ปี|ทุกเดือน|ทุกไตรมาส"
)
_Q_WORD = r"(?:ไตรมาส ?(?:ที่ ?)?|[Qq] ?)"
_QUARTER_RE = re.compile(
    rf"(?:(?:ช่วง|ภายใน) ?)?{_Q_WORD}(?P<q1>[0-9])(?![0-9])"
    rf"(?: ?(?P<qsep>จนถึง|ถึง|และ|[-–—~,]) ?{_Q_WORD}?(?P<q2>[0-9])(?![0-9]))?"
    rf"(?: ?[(/]? ?(?:(?:ของ ?)?(?:{_FY_WORD}|ปี) ?)?{_year_pattern('qy')} ?\)?)?"
)

_TAG_RE = re.compile(r"<[^<>]*>")
_INVISIBLE_RE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")


def _clean(text: str) -> str:
    """ASCII digits, no tags or invisible characters, one space for any run of whitespace."""
    s = _to_arabic(text)
    s = _TAG_RE.sub(" ", s)
    s = _INVISIBLE_RE.sub("", s).replace("\u0e4d\u0e32", "\u0e33")  # nikhahit + sara aa -> sara am
    s = re.sub(r"\s+", " ", s).strip()
    if s.startswith("(") and s.endswith(")"):
        s = s[1:-1].strip()
    s = s.rstrip(",;: ")
    return re.sub(r"(?<=[0-9])\.$", "", s)


@dataclass(frozen=True)
class _Point:
    day: int | None
    month: int | None  # None only for a bare day ("1" in "1 - 31 ต.ค. 68")
    year_be: int | None
    weekday: int | None = None


def _point_from(m: re.Match[str], p: str) -> _Point | None:
    g = m.groupdict()

    def num(name: str) -> int | None:
        value = g.get(p + name)
        return None if value is None else int(value)

    def weekday(name: str) -> int | None:
        value = g.get(p + name)
        return None if value is None else _WEEKDAY_BY_NAME[value]

    if g.get(p + "m") is not None:
        month_key = _month_key(g[p + "m"])
        digits = g.get(p + "y")
        era = g.get(p + "y_era")
        year = None if digits is None else _year_from_parts(digits, era)
        if month_key in _ENGLISH_KEYS and digits is not None and len(digits) == 2 and era is None:
            raise ValueError("a 2-digit year after an English month name is ambiguous")
        return _Point(num("d"), _MONTH_BY_KEY[month_key], year, weekday("wd"))
    if g.get(p + "em") is not None:
        if len(g[p + "ey"]) == 2 and g.get(p + "ey_era") is None:
            raise ValueError("a 2-digit year after an English month name is ambiguous")
        year = _year_from_parts(g[p + "ey"], g.get(p + "ey_era"))
        return _Point(num("ed"), _MONTH_BY_KEY[_month_key(g[p + "em"])], year, weekday("ewd"))
    if g.get(p + "nd") is not None:
        month = num("nm")
        if month is None or not 1 <= month <= 12:
            raise ValueError(f"month {month} out of range in a numeric date")
        return _Point(num("nd"), month, normalize_year(g[p + "ny"]))
    if g.get(p + "do") is not None:
        return _Point(num("do"), None, None)
    return None  # pragma: no cover - the pattern always fills one alternative


def _make_date(
    year_be: int, month: int, day: int | None, *, last: bool = False, weekday: int | None = None
) -> date:
    year_ce = be_to_ce(year_be)
    if day is None:
        day = calendar.monthrange(year_ce, month)[1] if last else 1
    try:
        result = date(year_ce, month, day)
    except ValueError as exc:
        raise ValueError(f"invalid calendar date {day}/{month}/{year_be} B.E.: {exc}") from None
    if weekday is not None and result.weekday() != weekday:
        raise ValueError(f"{result.isoformat()} is not a {thai_full_weekdays[weekday]}")
    return result


def _check_be(year_be: int, what: str) -> None:
    if not _BE_MIN <= year_be <= _BE_MAX:
        raise ValueError(f"{what} must be a B.E. year {_BE_MIN}-{_BE_MAX}, got {year_be}")


# --------------------------------------------------------------------------- public parsers


def parse_thai_date(text: str, *, default_year_be: int | None = None) -> date:
    """Parse one date ("๑ ต.ค. ๖๘", "1 ตุลาคม 2568", "1/10/2568", ...); raise ValueError if impossible.

    The day is required. A missing year is taken from ``default_year_be`` (B.E.) when given.
    """
    if default_year_be is not None:
        _check_be(default_year_be, "default_year_be")
    cleaned = _clean(text)
    m = _DATE_RE.fullmatch(cleaned)
    if m is None:
        raise ValueError(f"not a Thai date: {text!r}")
    point = _point_from(m, "a")
    if point is None or point.month is None:  # pragma: no cover - see _point_from
        raise ValueError(f"not a Thai date: {text!r}")
    if point.day is None:
        raise ValueError(f"no day of the month in {text!r} (a month is not a date)")
    year = point.year_be if point.year_be is not None else default_year_be
    if year is None:
        raise ValueError(f"no year in {text!r} and no default_year_be given")
    return _make_date(year, point.month, point.day, weekday=point.weekday)


@dataclass(frozen=True)
class DateRange:
    """A period from a plan table; ``start``/``end`` are None when the text could not be resolved."""

    start: date | None
    end: date | None
    text: str


def _resolve(a: _Point, b: _Point | None, fiscal_year_be: int | None) -> tuple[date, date | None] | None:
    """Dates for one or two points; None when a year is missing and cannot be derived."""
    if b is None:
        if a.month is None:
            return None
        year = a.year_be
        if year is None and fiscal_year_be is not None:
            year = _year_in_fy(fiscal_year_be, a.month)
        if year is None:
            return None
        start = _make_date(year, a.month, a.day, weekday=a.weekday)
        return start, _make_date(year, a.month, a.day, last=True, weekday=a.weekday)
    assert b.month is not None
    a_month = b.month if a.month is None else a.month
    a_year = b.year_be if a.month is None else a.year_be
    b_year = b.year_be
    if a_year is None and b_year is None:
        if fiscal_year_be is None:
            return None
        a_year, b_year = _year_in_fy(fiscal_year_be, a_month), _year_in_fy(fiscal_year_be, b.month)
    elif a_year is None:
        assert b_year is not None
        a_year = b_year - 1 if a_month > b.month else b_year
    elif b_year is None:
        b_year = a_year + 1 if b.month < a_month else a_year
    start = _make_date(a_year, a_month, a.day, weekday=a.weekday)
    return start, _make_date(b_year, b.month, b.day, last=True, weekday=b.weekday)


def _parse_period(s: str, fiscal_year_be: int | None) -> tuple[date | None, date | None] | None:
    m = _FY_RE.fullmatch(s)
    if m is not None:
        return fiscal_year_range(_year_from_parts(m.group("fy"), m.group("fy_era")))
    m = _QUARTER_RE.fullmatch(s)
    if m is not None:
        q1 = int(m.group("q1"))
        q2 = q1 if m.group("q2") is None else int(m.group("q2"))
        if not 1 <= q1 <= q2 <= 4:
            return None
        if m.group("qsep") in ("และ", ",") and q2 != q1 + 1:
            return None  # "ไตรมาส 1 และ 3" is not one period
        fy = fiscal_year_be if m.group("qy") is None else _year_from_parts(m.group("qy"), m.group("qy_era"))
        if fy is None:
            return None
        return _quarter_range(fy, q1)[0], _quarter_range(fy, q2)[1]
    m = _PERIOD_RE.fullmatch(s)
    if m is None:
        return None
    if m.group("sep") == "และ" and m.group("lead") != "ระหว่าง":
        return None  # "1 และ 15 ต.ค." lists two days; only "ระหว่าง ... และ ..." is a range
    a = _point_from(m, "a")
    b = _point_from(m, "b") if m.group("sep") is not None else None
    if a is None:  # pragma: no cover - see _point_from
        return None
    resolved = _resolve(a, b, fiscal_year_be)
    if resolved is None:
        return None
    if m.group("onward") is not None:
        if a.day is None:
            return None
        return resolved[0], None
    return resolved


def parse_thai_period(text: str, *, fiscal_year_be: int | None = None) -> DateRange | None:
    """Parse a plan-table period ("๑ ต.ค. ๖๘ ถึง ๓๐ ก.ย. ๖๙", "ไตรมาส 1-2", "ปีงบประมาณ ๒๕๖๙", ...).

    Returns None when the text holds no date at all, and ``DateRange(None, None, text)`` when it looks like a
    date but cannot be read or has no year (and no ``fiscal_year_be`` to take one from). Never raises for bad
    text. Dates are returned as written: a range whose start is after its end is not reordered.
    """
    if fiscal_year_be is not None:
        _check_be(fiscal_year_be, "fiscal_year_be")
    cleaned = _clean(text)
    if not cleaned:
        return None
    if _WHOLE_YEAR_RE.fullmatch(cleaned):
        if fiscal_year_be is None:
            return None
        return DateRange(*fiscal_year_range(fiscal_year_be), text)
    if _DATELIKE_RE.search(cleaned) is None:
        return None
    try:
        resolved = _parse_period(cleaned, fiscal_year_be)
    except ValueError:
        resolved = None
    if resolved is None:
        return DateRange(None, None, text)
    return DateRange(resolved[0], resolved[1], text)


_LOOSE_BE_ERA = r"พ\s*\.?\s*ศ\s*\.?"
_FIND_YEARS_RE = re.compile(
    r"(?P<ce>(?:ค\s*\.?\s*ศ\s*\.?|C\.?\s?E\.?|A\.?\s?D\.?)\s*[0-9]+)"
    rf"|(?:(?:ปีงบประมาณ|ปีงบ\s*ฯ?)\s*(?:{_LOOSE_BE_ERA}\s*)?|(?:ปี\s*)?{_LOOSE_BE_ERA}\s*)"
    r"(?<![0-9])(?P<prefixed>[0-9]{2,5})(?![0-9])"
    r"|ปี\s*(?<![0-9])(?P<after_pi>[0-9]{4})(?![0-9])"
    r"|(?<![0-9.,])(?P<bare>2[45][0-9]{2})(?![0-9]|[.,][0-9])"
)


def find_be_years(text: str) -> list[tuple[int, int, int]]:
    """Every B.E. year in ``text`` as (year_be, start, end); start/end delimit the year's digits.

    Finds "พ.ศ. ๒๕๖๘", "ปีงบประมาณ ๒๕๖๘", "ปี ๒๕๖๘" and bare 24xx/25xx numbers. A number after "พ.ศ." or
    "ปีงบประมาณ" is reported as written even when impossible (e.g. 3105), so a checker can flag it;
    two digits there mean 25xx. Years marked "ค.ศ." are skipped.
    """
    found: list[tuple[int, int, int]] = []
    for m in _FIND_YEARS_RE.finditer(_to_arabic(text)):
        for name in ("prefixed", "after_pi", "bare"):
            digits = m.group(name)
            if digits is not None:
                year = 2500 + int(digits) if len(digits) == 2 else int(digits)
                found.append((year, m.start(name), m.end(name)))
    return found
