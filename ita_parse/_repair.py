"""The repair stage: every paragraph of a Document through the Thai repair.

``raw`` stays as read; ``text`` becomes repaired Thai with Arabic digits.
The counts go into ``Report.quality``.
"""

from __future__ import annotations

from ._document import Document
from ._model import Quality
from ._thai import THAI_DIGITS, RepairLog, repair_thai, to_arabic_digits


def repair_document(doc: Document) -> Quality:
    """Fill ``text`` of every paragraph from its ``raw``; return what was repaired."""
    log = RepairLog()
    thai_digits = 0
    cache: dict[str, tuple[str, RepairLog]] = {}
    for para in doc.paragraphs():
        raw = para.raw
        hit = cache.get(raw)
        if hit is None:
            one = RepairLog()
            hit = (to_arabic_digits(repair_thai(raw, one)), one)
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
