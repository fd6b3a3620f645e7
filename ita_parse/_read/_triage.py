"""How broken a page's text layer is, from its text alone.

Broken Thai text layers show typical signatures (docs/thai-text.md): PUA
glyph codes, U+FFFD, pdfminer-style ``(cid:N)`` tokens, marks with no base,
"consonant + space + า" (a lost nikhahit with a stray space), decomposed
sara am, and Thai encoded as Latin-1 by a font with no usable Unicode map.
Some of these the repair stage fixes (mapped PUA, ํา); the others are lost
text.  A page whose text is mostly lost is ``unusable`` and would need OCR.
"""

from __future__ import annotations

import regex

from .._model import PageQuality
from .._thai import PUA_MAP

_CID_RE = regex.compile(r"\(cid:\d+\)")
_PUA_RE = regex.compile(r"[\uE000-\uF8FF]")
_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_DANGLING_RE = regex.compile(rf"(?:^|(?<=[^\u0e01-\u0e4e\uE000-\uF8FF]))[{_MARKS}]")
_CONSONANT_SPACE_AA_RE = regex.compile(r"[\u0e01-\u0e2e] [\u0e32\u0e33]")
_SPLIT_SARA_AM_RE = regex.compile("\u0e4d\u0e32|\u0e33\u0e32")
# Latin-1 letters where a Thai font's codes were read as Windows-1252/Latin-1 (TIS-620 bytes)
_MOJIBAKE_RE = regex.compile(r"[\u00a1-\u00ff]")
_CONTROL_RE = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_THAI_RE = regex.compile(r"[\u0e01-\u0e5b]")

#: share of lost characters above which a page is unusable
UNUSABLE_SHARE = 0.10
#: fewer visible characters than this: the page holds no text
EMPTY_CHARS = 3


def page_quality(number: int, text: str, controls: int = 0) -> PageQuality:
    """Score one page's text: 1 = clean, 0 = nothing usable.

    ``controls``: control characters the reader left out of ``text`` (a font
    whose codes map to them has no usable text, however the rest looks).
    """
    visible = len(regex.sub(r"\s", "", text)) + controls
    if visible < EMPTY_CHARS:
        return PageQuality(page=number, verdict="empty", score=0.0, chars=visible, counts={})
    pua = _PUA_RE.findall(text)
    mapped_pua = sum(1 for ch in pua if ord(ch) in PUA_MAP)
    counts = {
        "thai": len(_THAI_RE.findall(text)),
        "pua": mapped_pua,
        "unmapped_pua": len(pua) - mapped_pua,
        "replacement_char": text.count("\ufffd"),
        "cid": len(_CID_RE.findall(text)),
        "dangling_mark": len(_DANGLING_RE.findall(text)),
        "consonant_space_aa": len(_CONSONANT_SPACE_AA_RE.findall(text)),
        "split_sara_am": len(_SPLIT_SARA_AM_RE.findall(text)),
        "latin1": len(_MOJIBAKE_RE.findall(text)),
        "control": len(_CONTROL_RE.findall(text)) + controls,
    }
    # a (cid:N) token stands for one lost character but takes several
    lost = (
        counts["unmapped_pua"]
        + counts["replacement_char"]
        + counts["cid"]
        + counts["dangling_mark"]
        + counts["consonant_space_aa"]
        + counts["control"]
    )
    # Latin-1 letters are lost Thai only on a page that should be Thai and is not
    if counts["latin1"] > counts["thai"]:
        lost += counts["latin1"]
    repairable = counts["pua"] + counts["split_sara_am"]
    chars = max(1, visible - 6 * counts["cid"])
    share = lost / chars
    score = max(0.0, min(1.0, 1.0 - 5.0 * share - 0.5 * repairable / chars))
    if share >= UNUSABLE_SHARE:
        verdict = "unusable"
    elif lost or repairable:
        verdict = "repaired"
    else:
        verdict = "good"
    return PageQuality(
        page=number,
        verdict=verdict,
        score=round(score, 4),
        chars=visible,
        counts={k: v for k, v in counts.items() if v},
    )
