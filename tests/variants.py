"""Edited copies of the sample report for the checker's tests.

``clean_sample()`` fixes every inconsistency the agency's report has, so the
checker must find nothing in it; the tests then break one thing at a time.
Edits are made on the text by content (each must match exactly as often as
expected), never by line number.
"""

from __future__ import annotations

import regex

from .helpers import sample_text


def replace(text: str, old: str, new: str, count: int = 1) -> str:
    found = text.count(old)
    if found != count:
        raise AssertionError(f"expected {count} occurrence(s) of {old!r}, found {found}")
    return text.replace(old, new)


def replace_line(text: str, startswith: str, new: str) -> str:
    lines = text.split("\n")
    hits = [i for i, line in enumerate(lines) if line.startswith(startswith)]
    if len(hits) != 1:
        raise AssertionError(f"expected one line starting {startswith!r}, found {len(hits)}")
    lines[hits[0]] = new
    return "\n".join(lines)


def clean_sample() -> str:
    """The sample with all of its own inconsistencies corrected."""
    t = sample_text()
    # indicator 6: the summary table printed 96.29; the arithmetic and three other places say 96.26
    t = replace(t, "คุณภาพการดำเนินงาน\t๙๖.๒๙\t๙๕.๗๗", "คุณภาพการดำเนินงาน\t๙๖.๒๖\t๙๕.๗๗")
    # plan row 7: a period of the previous fiscal year
    t = replace(t, "๑ ต.ค. ๖๗ ถึง ๓๐ ก.ย. ๖๘", "๑ ต.ค. ๖๘ ถึง ๓๐ ก.ย. ๖๙")
    # the previous result is that of 2567
    t = replace(t, "(ปีงบประมาณ พ.ศ. ๒๕๖๘ ได้ ๙๖.๐๑ คะแนน)", "(ปีงบประมาณ พ.ศ. ๒๕๖๗ ได้ ๙๖.๐๑ คะแนน)")
    # plan row 4: the first step lost its number
    t = replace(t, "<p>. จัดทำคู่มือหรือแนวปฏิบัติ", "<p>๑. จัดทำคู่มือหรือแนวปฏิบัติ")
    # plan row 9: steps numbered 1 2 3 2 3 4 5 6 7 → 1..9
    t = replace(t, "<p>๒. หน่วยงานปรับปรุง รูปแบบเว็บไซต์ให้รองรับต่อ", "<p>๔. หน่วยงานปรับปรุง รูปแบบเว็บไซต์ให้รองรับต่อ")
    t = replace(
        t,
        "<p>๓. หน่วยงานจัดเตรียมข้อมูล ตามภารกิจหลักและเผยแพร่ ผ่านเว็บไซต์ของหน่วยงาน</p> <p>๔. กำหนดมาตรฐาน "
        "ระยะเวลาในการตอบข้อ ชักถามของผู้รับบริการตาม ภารกิจของหน่วยงานและ จัดทำข้อความโต้ตอบ</p>",
        "<p>๕. หน่วยงานจัดเตรียมข้อมูล ตามภารกิจหลักและเผยแพร่ ผ่านเว็บไซต์ของหน่วยงาน</p> <p>๖. กำหนดมาตรฐาน "
        "ระยะเวลาในการตอบข้อ ชักถามของผู้รับบริการตาม ภารกิจของหน่วยงานและ จัดทำข้อความโต้ตอบ</p>",
    )
    t = replace(t, "<p>อัตโนมัติสำหรับข้อความที่พบบ่อย</p> <p>๕.", "<p>อัตโนมัติสำหรับข้อความที่พบบ่อย</p> <p>๗.")
    t = replace(
        t,
        "<p>๖. ประชาสัมพันธ์ข้อมูลข่าวสารในทุกช่องทาง</p> <p>๗. ประเมินผลการรับรู้ของประชาชน",
        "<p>๘. ประชาสัมพันธ์ข้อมูลข่าวสารในทุกช่องทาง</p> <p>๙. ประเมินผลการรับรู้ของประชาชน",
    )
    # OIT codes typed with a Thai zero: o + digits
    t = regex.sub(r"(?m)^๐(?=[๐-๙]+ )", "o", t)
    # the indicator 10 heading row of the items table stood before o20, which belongs to indicator 9
    lines = t.split("\n")
    o20 = next(i for i, line in enumerate(lines) if line.startswith("o๒๐ "))
    head = o20 - 1
    assert lines[head].startswith("ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต\t")
    lines[head], lines[o20] = lines[o20], lines[head]
    t = "\n".join(lines)
    # analysis 10 was a copy of analysis 9; part 2 of analysis 6 a copy of part 1
    t = replace(
        t,
        "ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต คะแนน ๑๐๐\n\nวิเคราะห์ผล องค์การบริหารส่วนตำบลสามเรือน ได้คะแนน",
        "ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต คะแนน ๑๐๐\n\nวิเคราะห์ผล หน่วยงานมีมาตรการป้องกันการทุจริตครบถ้วน "
        "ควรรักษาระดับการดำเนินการและเผยแพร่ผลการดำเนินการตามแผนปฏิบัติการป้องกันการทุจริตอย่างต่อเนื่อง ได้คะแนน",
    )
    lines = t.split("\n")
    part2 = next(i for i, line in enumerate(lines) if line.startswith("ส่วนที่ ๒ ผู้ประเมินจัดเก็บข้อมูล (EIT Survey)"))
    lines[part2 + 2] = (
        "ผู้ประเมินพบว่าหน่วยงานเผยแพร่ขั้นตอนและระยะเวลาการให้บริการไว้แล้ว แต่ยังไม่ครบทุกงานบริการ "
        "หน่วยงานควรจัดทำคู่มือการให้บริการให้ครบทุกงานและติดประกาศ ณ จุดให้บริการ"
    )
    t = "\n".join(lines)
    # plan rows 6 and 10 repeated rows 1 and 3
    t = replace(
        t,
        "องค์การบริหารส่วนตำบลสามเรือน กำหนดจัดทำมาตรการการจัดทำ คู่มือการปฏิบัติงานหรือทบทวน "
        "ปรับปรุงภารกิจงานให้สอดคล้องกับ กฎหมายระเบียบข้อบังคับ",
        "องค์การบริหารส่วนตำบลสามเรือน กำหนดให้มีการสำรวจความพึงพอใจของผู้รับบริการ และนำผลมาปรับปรุง "
        "ขั้นตอนการให้บริการให้รวดเร็วขึ้น",
    )
    row6 = regex.search(r"(?m)^๖\. คุณภาพการดำเนินงาน\t[^\n]*$", t)
    assert row6 is not None
    steps6 = (
        "<p>๑. สำรวจความพึงพอใจของผู้รับบริการทุกไตรมาส</p> <p>๒. วิเคราะห์ผลการสำรวจและรายงานผู้บริหาร</p> "
        "<p>๓. ปรับปรุงขั้นตอนการให้บริการตามผลการสำรวจ</p>"
    )
    cells = row6.group().split("\t")
    cells[4] = steps6
    t = t[: row6.start()] + "\t".join(cells) + t[row6.end() :]
    row10 = regex.search(r"(?m)^๑๐\. การป้องกันการทุจริต\t[^\n]*\n\n\t\t\t\t[^\n]*$", t)
    assert row10 is not None
    new10 = (
        "๑๐. การป้องกันการทุจริต\t๑๐๐.๐๐\tการประเมินความเสี่ยงการทุจริตประจำปี\t"
        "<p>หน่วยงานควรประเมินความเสี่ยงการทุจริตและจัดทำแผนบริหารความเสี่ยงทุกปี</p>\t"
        "<p>๑. แต่งตั้งคณะทำงานประเมินความเสี่ยง</p> <p>๒. ประเมินความเสี่ยงการทุจริต</p> "
        "<p>๓. จัดทำแผนบริหารความเสี่ยงและรายงานผล</p>\t๑ ต.ค. ๖๘ ถึง ๓๐ ก.ย. ๖๙\tสำนักปลัด"
    )
    t = t[: row10.start()] + new10 + t[row10.end() :]
    return t
