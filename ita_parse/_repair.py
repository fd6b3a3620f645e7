"""The repair stage: every paragraph of a Document through the Thai repair.

``raw`` stays as read; ``text`` becomes repaired Thai with Arabic digits.
The counts go into ``Report.quality``.
"""

from __future__ import annotations

import regex

from ._document import Document
from ._model import Quality
from ._thai import THAI_DIGITS, RepairLog, repair_thai, to_arabic_digits

_THAI_LETTER = regex.compile("[\u0e01-\u0e4e]")
# ำ, and the broken forms the exact repairs turn back into ำ (ํา, ํ + tone + า, U+FFFD + า)
_SARA_AM_ANY = regex.compile("\u0e33|\u0e4d[\u0e48-\u0e4b]?\u0e32|\ufffd[\u0e48-\u0e4b]?\u0e32")

# a consonant (and tone) then a space then า: no Thai word starts with า
_GAP_BEFORE_AA = regex.compile("[\u0e01-\u0e2e][\u0e48-\u0e4b]?[ \u00a0]\u0e32")

#: below this share of ำ among Thai letters a text has lost its nikhahits (Thai prose has about 1%)
SARA_AM_SHARE = 0.003
#: texts shorter than this (Thai letters) are too short to judge by the share: always try
MIN_LETTERS = 500
#: repairs of ้า to ำ from which on a document is taken to draw its nikhahit with mai tho
TONE_AS_NIKHAHIT_MIN = 3
#: more ำ than this share of the า (not counting the า of ำ's broken forms) is not Thai prose, whose
#: า outnumber its ำ about 8 to 1: a font that reads its sara aa glyph as ำ
SPURIOUS_AM_RATIO = 1.0


def keeps_sara_am(texts: list[str]) -> bool:
    """Whether these texts use ำ as Thai prose does, so nothing was lost or invented.

    Restoring lost nikhahits needs the dictionary and the tokenizer; a text
    that plainly kept its ำ does not need them (and is not exposed to their
    rare mistakes).  A text with as many ำ as า has not kept its ำ either:
    its font reads the glyph of sara aa as ำ ("กำร"), which the dictionary
    undoes.
    """
    letters = am = aa = gaps = 0
    for text in texts:
        letters += len(_THAI_LETTER.findall(text))
        am += len(_SARA_AM_ANY.findall(text))
        aa += text.count("\u0e32")
        gaps += len(_GAP_BEFORE_AA.findall(text))
    if gaps >= 3:
        return False  # "ส านัก": the nikhahit glyph became a space
    if letters >= MIN_LETTERS and am > max(aa - am, 0) * SPURIOUS_AM_RATIO:
        return False  # far more ำ than Thai has: sara aa read as ำ
    return letters >= MIN_LETTERS and am / letters >= SARA_AM_SHARE


def reads_tone_as_nikhahit(logs: list[RepairLog]) -> bool:
    """Whether a document's repairs show that its font reads the nikhahit glyph as mai tho.

    Then ำ was repaired from ้า ("ต้าบล") again and again, and ำ restored
    after a tone mark ("น้า" → น้ำ) is the rarer repair: in such a document a
    ำ after a tone reads "น้้า", so "น้า" is น้า or นำ.
    """
    as_tone = sum(one.repairs.get("sara_am_as_tone", 0) for one in logs)
    after_tone = sum(one.restored_after_tone for one in logs)
    return as_tone >= TONE_AS_NIKHAHIT_MIN and as_tone > after_tone


def repair_texts(texts: list[str]) -> dict[str, tuple[str, RepairLog]]:
    """Repair the distinct texts of one document, with the decisions made for the whole document.

    Whether ำ is restored from the dictionary (the text lost it) and whether the
    font draws the nikhahit with mai tho are properties of the document, not of
    one line: ``parse`` and ``ita-parse text`` both decide them here.  Digits are
    left as they are.
    """
    restore = not keeps_sara_am(texts)
    cache: dict[str, tuple[str, RepairLog]] = {}
    for raw in dict.fromkeys(texts):
        one = RepairLog()
        cache[raw] = (repair_thai(raw, one, restore_nikhahit=restore), one)
    if restore and reads_tone_as_nikhahit([one for _, one in cache.values()]):
        # the document draws the nikhahit with mai tho: "น้า" in it is not a น้ำ that lost its nikhahit
        for raw, (_, one) in list(cache.items()):
            if one.restored_after_tone:
                again = RepairLog()
                cache[raw] = (repair_thai(raw, again, restore_nikhahit=True, tone_is_nikhahit=True), again)
    return cache


def repair_document(doc: Document) -> Quality:
    """Fill ``text`` of every paragraph from its ``raw``; return what was repaired."""
    log = RepairLog()
    thai_digits = 0
    paragraphs = list(doc.paragraphs())
    cache = {
        raw: (to_arabic_digits(fixed), one)
        for raw, (fixed, one) in repair_texts([p.raw for p in paragraphs]).items()
    }
    for para in paragraphs:
        raw = para.raw
        fixed, one = cache[raw]
        log.merge(one)  # repeated paragraphs (headers on every page) count every time
        thai_digits += sum(raw.count(d) for d in THAI_DIGITS)
        para.text = fixed
    if not any(log.repairs.get(k) for k in ("nikhahit_restored", "sara_am_as_tone", "spurious_sara_am")):
        # no sign that this text lost its nikhahits: words that read either way are not suspect
        log.ambiguous.clear()
    return Quality(
        repaired_chars=log.repaired_chars,
        suspect_chars=log.suspect_chars,
        ocr_pages=list(doc.ocr_pages),
        repairs=dict(sorted(log.repairs.items())),
        ambiguous=dict(log.ambiguous.most_common()),
        thai_digits=thai_digits,
        pages=list(doc.page_quality),
    )
