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


def keeps_sara_am(texts: list[str]) -> bool:
    """Whether these texts use ำ as Thai prose does, so nothing was lost.

    Restoring lost nikhahits needs the dictionary and the tokenizer; a text
    that plainly kept its ำ does not need them (and is not exposed to their
    rare mistakes).
    """
    letters = am = gaps = 0
    for text in texts:
        letters += len(_THAI_LETTER.findall(text))
        am += len(_SARA_AM_ANY.findall(text))
        gaps += len(_GAP_BEFORE_AA.findall(text))
    if gaps >= 3:
        return False  # "ส านัก": the nikhahit glyph became a space
    return letters >= MIN_LETTERS and am / letters >= SARA_AM_SHARE


def repair_document(doc: Document) -> Quality:
    """Fill ``text`` of every paragraph from its ``raw``; return what was repaired."""
    log = RepairLog()
    thai_digits = 0
    paragraphs = list(doc.paragraphs())
    restore = not keeps_sara_am([p.raw for p in paragraphs])
    cache: dict[str, tuple[str, RepairLog]] = {}
    for para in paragraphs:
        raw = para.raw
        hit = cache.get(raw)
        if hit is None:
            one = RepairLog()
            hit = (to_arabic_digits(repair_thai(raw, one, restore_nikhahit=restore)), one)
            cache[raw] = hit
        fixed, one = hit
        log.merge(one)  # repeated paragraphs (headers on every page) count every time
        thai_digits += sum(raw.count(d) for d in THAI_DIGITS)
        para.text = fixed
    if not log.repairs.get("nikhahit_restored"):
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
