"""Web announcements and news that hold only part of a report: those parts, and nothing guessed."""

from __future__ import annotations

import pytest

import ita_parse

from .helpers import DATA

TEXT = DATA / "text"


def test_announcement_with_bold_markup() -> None:
    r = ita_parse.parse(TEXT / "announcement-bold.md")
    assert r.agency.model_dump() == {
        "name": "เทศบาลตำบลบ้านใหม่",
        "type": "เทศบาลตำบล",
        "district": "เมืองเชียงใหม่",
        "province": "เชียงใหม่",
    }
    assert (r.assessed_year, r.total_score, r.level) == (2568, 92.45, "ผ่านดี")
    # a results announcement is not a plan: it is for no fiscal year of its own
    assert r.fiscal_year is None
    assert r.indicators == [] and r.items == [] and r.analyses == [] and r.plan == []
    assert r.previous is None and r.tool_scores.model_dump() == {"IIT": None, "EIT": None, "OIT": None}


def test_announcement_with_a_markdown_table_of_tools() -> None:
    r = ita_parse.parse(TEXT / "announcement-table.md")
    assert r.tool_scores.model_dump() == {"IIT": 95.1, "EIT": 90.2, "OIT": 88.0}
    assert (r.assessed_year, r.total_score, r.level) == (2567, 90.79, "ผ่าน")
    assert r.agency.name == "องค์การบริหารส่วนจังหวัดนครปฐม"
    assert r.indicators == []
    # 0.3·95.10 + 0.3·90.20 + 0.4·88.00 = 90.79: consistent
    assert not [f for f in ita_parse.check(r).findings if f.severity == "error"]


def test_news_text_with_thai_digits() -> None:
    r = ita_parse.parse(TEXT / "news-thai-digits.txt")
    assert (r.agency.name, r.assessed_year, r.total_score, r.level) == ("โรงพยาบาลบ้านแพ้ว", 2568, 88.1, None)
    assert r.agency.province is None and r.agency.district is None


def test_unrelated_announcement_is_not_a_report() -> None:
    with pytest.raises(ita_parse.NotAReport):
        ita_parse.parse(TEXT / "unrelated-announcement.txt")
    result = ita_parse.check(TEXT / "unrelated-announcement.txt")
    assert [f.code for f in result.findings] == ["ITA801"]
