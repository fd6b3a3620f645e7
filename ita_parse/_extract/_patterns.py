"""Patterns for the wording of ITA reports.

These match the genre's vocabulary (column names, "ตัวชี้วัดที่", "คะแนน",
"ปีงบประมาณ" …), never the wording of one report.  The extractor runs on
repaired text with Arabic digits; each pattern still tolerates a lost ำ
(written as า) and stray spaces, so a repair that could not decide does not
lose a field.
"""

from __future__ import annotations

import functools

import regex

SPACES = regex.compile(r"\s+")


def loose(word: str) -> str:
    """A regex for ``word`` that also matches it with ำ lost or split (ํา).

    Where ``word`` has a space, any run of spacing matches.
    """
    out: list[str] = []
    for ch in word:
        if ch == " ":
            out.append(r"\s*")
        elif ch == "ำ":
            out.append(r"(?:ำ|ํา|า)")
        elif ch == ".":
            out.append(r"\.?\s*")
        else:
            out.append(regex.escape(ch))
    return "".join(out)


@functools.cache
def loose_re(*words: str) -> regex.Pattern[str]:
    return regex.compile("|".join(f"(?:{loose(w)})" for w in words))


def squash(text: str) -> str:
    """Text without whitespace, for comparisons that ignore line-wrap spaces."""
    return SPACES.sub("", text)


NUMBER = r"(?<![0-9.,])(?:100(?:\.0{1,4})?|[0-9]{1,2}(?:\.[0-9]{1,4})?)(?![0-9]|\.[0-9])"
NUMBER_RE = regex.compile(NUMBER)
SIGNED_NUMBER_RE = regex.compile(r"[-+−]?\s*" + NUMBER)

# "ตัวชี้วัดที่ 6", "ตัวชี้วัด 6", "ตัวชี้วัดที่ 6." (tolerates a lost ้ or ี after repair)
INDICATOR_WORD = r"ต\s*ั\s*ว\s*ช\s*ี\s*้?\s*ว\s*ั\s*ด"
INDICATOR_HEAD_RE = regex.compile(
    rf"^\s*{INDICATOR_WORD}\s*(?:ที่)?\s*(?P<n>[0-9]{{1,2}})(?![0-9.])\s*[.:)]?\s*(?P<rest>.*)$", regex.DOTALL
)
# "6. คุณภาพการดำเนินงาน" as in the first column of a plan table
NUMBERED_NAME_RE = regex.compile(r"^\s*(?P<n>[0-9]{1,2})\s*[.)]\s*(?P<rest>\D.*)$", regex.DOTALL)
# "คะแนน 96.26" at the end of an analysis heading
SCORE_WORD_RE = loose_re("คะแนน")
TRAILING_SCORE_RE = regex.compile(rf"(?:คะแนน|ได้)?\s*[:=]?\s*(?P<score>{NUMBER})\s*(?:คะแนน)?\s*$")

# item codes: i1, e9, o13, and o13 typed with a zero (Thai ๐ becomes 0 after digit conversion)
ITEM_CODE_RE = regex.compile(
    r"^\s*(?P<letter>[ieoIEO0])\s*[-.]?\s*(?P<num>[0-9]{1,2})(?![0-9.])\s*[.:)]?\s*(?P<rest>.*)$",
    regex.DOTALL,
)

TOOL_RE = regex.compile(r"\b(?P<tool>IIT|EIT|OIT)\b", regex.IGNORECASE)

YEAR_RE = regex.compile(r"(?<![0-9])(?P<year>2[4-6][0-9]{2}|[3-9][0-9]{3})(?![0-9])")
FISCAL_YEAR_RE = regex.compile(
    rf"(?:{loose('ประจำปีงบประมาณ')}|ปีงบประมาณ|ปีงบ\.?|{loose('ประจำปี')})\s*(?:พ\.?\s*ศ\.?)?\s*(?P<year>[0-9]{{4}})(?![0-9])"
)
BE_YEAR_RE = regex.compile(r"(?:พ\.?\s*ศ\.?|ปี)\s*(?P<year>[0-9]{4})(?![0-9])")

LEVEL_INTRO_RE = regex.compile(r"(?:อยู่\s*ใน\s*)?ระดับ\s*[:：]?\s*")

# "สูงกว่าปีที่ผ่านมา 0.78 คะแนน", "ลดลงจากปีที่แล้ว 1.20 คะแนน"
CHANGE_RE = regex.compile(
    rf"(?P<dir>สูงกว่า|สูงขึ้น|เพิ่มขึ้น|มากกว่า|ต่ำกว่า|ลดลง|น้อยกว่า|ลดต่ำลง)\s*(?:จาก)?\s*"
    rf"(?:ปีที่ผ่านมา|ปีก่อน(?:หน้า)?|ปีที่แล้ว|ผลการประเมินปีที่ผ่านมา)?\s*(?:จำนวน|อยู่)?\s*"
    rf"(?P<value>{NUMBER})\s*(?:คะแนน)?"
)
NEGATIVE_DIRECTIONS = ("ต่ำกว่า", "ลดลง", "น้อยกว่า", "ลดต่ำลง")
# "(ปีงบประมาณ พ.ศ. 2568 ได้ 96.01 คะแนน)"
PREVIOUS_SCORE_RE = regex.compile(
    rf"(?:ปีงบประมาณ|ปี)\s*(?:พ\.?\s*ศ\.?)?\s*(?P<year>[0-9]{{4}})\s*(?:ได้|มีผลคะแนน|ได้คะแนน|คะแนน)\s*"
    rf"(?:คะแนน)?\s*(?P<score>{NUMBER})"
)
PREVIOUS_CONTEXT_RE = regex.compile(r"ปีที่ผ่านมา|ปีก่อน|ปีที่แล้ว")

TOTAL_SCORE_RE = regex.compile(
    rf"(?:ผลคะแนน(?:เฉลี่ย|รวม)?|คะแนน(?:รวม|เฉลี่ย)|ได้คะแนน|ได้รับคะแนน|คะแนนเท่ากับ|คะแนน)\s*(?:ITA\s*)?"
    rf"(?:เท่ากับ|ได้|อยู่ที่|=|:)?\s*(?P<score>{NUMBER})\s*(?:คะแนน)?"
)
RESULT_WORDS_RE = regex.compile(rf"ผลการประเมิน|{loose('คุณธรรมและความโปร่งใส')}|ITA")
NON_RESULT_PREFIX_RE = regex.compile(rf"(?:{loose('การนำ')}|การวิเคราะห์)\s*ผลการประเมิน")
PLAN_TITLE_RE = regex.compile(
    rf"{loose('ไปสู่การพัฒนาองค์กร')}|{loose('มาตรการ')}|{loose('แผนการ')}|{loose('การนำผลการประเมิน')}"
)

ANALYSIS_LABEL_RE = regex.compile(r"^\s*(?:ผลการ)?วิเคราะห์(?:ผล)?\s*[:：]?\s*")
PART_RE = regex.compile(r"^\s*ส่วนที่\s*(?P<n>[0-9]{1,2})\s*[.:)]?\s*(?P<rest>.*)$", regex.DOTALL)
ANALYSIS_SECTION_RE = regex.compile(r"การวิเคราะห์\s*ผล")
PLAN_SECTION_RE = regex.compile(rf"{loose('การนำผลการวิเคราะห์')}|{loose('ไปสู่การปรับปรุง')}")

# steps inside a plan cell: "2. ทำ…" at the start or after a space; "(2)" sub-items are not steps
STEP_START_RE = regex.compile(r"(?:(?<=^)|(?<=\s))(?P<num>[0-9]{1,2})\s*[.)](?![0-9])(?=\s*\S)")
STEP_BARE_DOT_RE = regex.compile(r"^\s*[.)]\s+(?=\S)")
