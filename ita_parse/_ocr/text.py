"""Fixes for OCR'd Thai text that the general Thai repair cannot know about.

The Thai repair (``_thai.repair_thai``) fixes what any broken text layer
shows (ํา for ำ, marks out of order).  OCR has one more habit that matters
for the report: the points of Thai month abbreviations are small and get
lost or misread ("ก ย.", "กุย.", "ติ.ค." for ก.ย. and ต.ค.), and a plan
period must read as a date.  Month abbreviations are a closed list, so
between a day and a year a token that is one edit away from exactly one of
them (comparing letters and vowels, points and spaces ignored) is that
month.  Anything less certain is left as read.

The same holds for the one word the report's structure hangs on: every
table row, heading and plan row of an indicator starts "ตัวชี้วัดที่ N", and
OCR's usual confusions (ช/ข, ่/้, a lost mark) make it miss.  A word within
two edits of ตัวชี้วัด followed by a number is that word.
"""

from __future__ import annotations

import regex

MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
_SKELETON_DROP = regex.compile(r"[^\u0e01-\u0e4e]")
# day, month (any short token), year: "๓๐ ก ย. ๖๙", "1 ติ.ค. 68"
_DATE = regex.compile(
    r"(?<![0-9๐-๙])(?P<day>[0-9๐-๙]{1,2})(?P<s1>\s*)(?P<month>[^\s0-9๐-๙]{1,8}(?:\s[^\s0-9๐-๙]{1,5}){0,2})"
    r"(?P<s2>\s*)(?P<year>[0-9๐-๙]{2,4})(?![0-9๐-๙])"
)


def _skeleton(text: str) -> str:
    return _SKELETON_DROP.sub("", text)


_MONTH_SKELETONS = {_skeleton(m): m for m in MONTHS}


#: consonants that differ by a notch, a loop or a tail, which OCR mistakes for each other (a substitution
#: within a group costs half an edit when months are matched)
CONFUSABLE = ("คดต", "บปษ", "ผฝ", "พฟ", "ขชซ", "ถภก", "ทฑ", "ฎฏ")
_GROUP = {ch: k for k, group in enumerate(CONFUSABLE) for ch in group}


def _distance(a: str, b: str, *, confusable: bool = False) -> float:
    """Edit distance; with ``confusable``, a substitution within a ``CONFUSABLE`` group costs 0.5."""
    prev: list[float] = [float(j) for j in range(len(b) + 1)]
    for i, ca in enumerate(a, start=1):
        cur: list[float] = [float(i)] + [0.0] * len(b)
        for j, cb in enumerate(b, start=1):
            if ca == cb:
                sub = 0.0
            elif confusable and ca in _GROUP and _GROUP[ca] == _GROUP.get(cb):
                sub = 0.5
            else:
                sub = 1.0
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + sub)
        prev = cur
    return prev[-1]


_CONSONANTS = regex.compile(r"[^\u0e01-\u0e2e\u0e40]")  # consonants and the leading vowel เ


def _consonants(text: str) -> str:
    return _CONSONANTS.sub("", text)


def month_of(token: str) -> str | None:
    """The month abbreviation an OCR'd token stands for, if exactly one is that close.

    Consonants (and เ) decide, since OCR adds and drops the small upper and
    lower vowels, and a consonant read as one of its look-alikes (ด or ค for
    ต) counts half an edit; where two months share their consonants
    (ม.ค./มี.ค., เม.ย./มิ.ย.) the vowels must match exactly.
    """
    skel = _skeleton(token)
    if len(skel) < 2 or len(skel) > 6:
        return None
    if skel in _MONTH_SKELETONS:
        return _MONTH_SKELETONS[skel]
    # as read, and with a letter read twice read once ("ดด.ค."): no month abbreviation doubles a consonant
    cons = _consonants(token)
    single = regex.sub(r"(.)\1+", r"\1", cons)
    dist = {m: min(_distance(c, _consonants(m), confusable=True) for c in {cons, single}) for m in MONTHS}
    best = min(dist.values())
    if best > 1:
        return None
    close = [m for m in MONTHS if dist[m] == best]
    if len(close) > 1:
        close = [m for m in close if _skeleton(m) == skel]
    return close[0] if len(close) == 1 else None


def fix_dates(text: str) -> str:
    """Month abbreviations between a day and a year put back in their printed form."""
    edits: dict[int, tuple[int, str]] = {}
    # overlapped: the year of one date may be followed by the day of the next ("๖๘ ถึง ๓๐ ก ย. ๖๙")
    for m in _DATE.finditer(text, overlapped=True):
        month = month_of(m.group("month"))
        if month is not None and m.group("month") != month:
            edits[m.start("month")] = (m.end("month"), month)
    for start in sorted(edits, reverse=True):
        end, month = edits[start]
        text = text[:start] + month + text[end:]
    return text


INDICATOR = "ตัวชี้วัด"
# a run of Thai starting ต and ending ด, then optionally ที่ as OCR reads it, then a number
_INDICATOR_NEAR = regex.compile(
    r"(?P<word>ต[\u0e01-\u0e4e]{5,10}?ด)(?P<thi>\s*ท[\u0e34-\u0e37]?[\u0e48-\u0e4b]?)?(?P<num>\s*[0-9๐-๙])"
)


_INDICATOR_START = regex.compile(
    r"^\s*(?P<word>[\u0e01-\u0e4e]{2,8}ว[\u0e31]?ด)(?P<thi>\s*ท[\u0e34-\u0e37]?[\u0e48-\u0e4b]?)(?=\s*[0-9๐-๙])"
)


def fix_keywords(text: str) -> str:
    """ "ตัวชี้วัดที่ N" put back where OCR misspelled it ("ตัวขี้วัดที่ ๓", "ตัวชี่วัดที ๕")."""

    def repl(m: regex.Match[str]) -> str:
        word = m.group("word")
        if word != INDICATOR and _distance(word, INDICATOR) > 2:
            return m.group()
        thi = m.group("thi") or ""
        if thi.strip() in ("ที", "ทิ", "ทื", "ที้", "ทึ"):
            thi = thi[: len(thi) - len(thi.lstrip())] + "ที่"  # keep the spacing as read
        return INDICATOR + thi + m.group("num")

    text = _INDICATOR_NEAR.sub(repl, text)
    # at the start of a heading OCR may also lose the first letters ("วชีวัดที 6 คุณภาพ…"): a word ending
    # in วัด, three edits from ตัวชี้วัด at most, then ที่ and a number, is the indicator word
    m = _INDICATOR_START.match(text)
    if m and m.group("word") != INDICATOR and _distance(m.group("word"), INDICATOR) <= 3:
        text = text[: m.start("word")] + INDICATOR + "ที่" + text[m.end("thi") :]
    return text


def fix_ocr_text(text: str) -> str:
    """Every OCR-only fix, in order."""
    return fix_keywords(fix_dates(text))
