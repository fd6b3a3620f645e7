"""Agency keys: how two reports are known to be of the same agency.

Matching must never guess, so the key is a plain, documented function of the
printed name and province (``docs/database.md`` repeats these rules):

1. Unicode NFC; Thai digits become Arabic digits;
2. zero-width characters and every kind of whitespace are removed
   ("องค์การบริหารส่วนตำบล สามเรือน" = "องค์การบริหารส่วนตำบลสามเรือน");
3. Latin letters are case-folded;
4. a common abbreviated agency type at the start is spelled out
   ("อบต.สามเรือน" → "องค์การบริหารส่วนตำบลสามเรือน"), longest abbreviation first;
5. for the province only: a leading "จังหวัด" or "จ." is dropped, and "กทม." is
   "กรุงเทพมหานคร".

Nothing else (no spelling correction, no fuzzy match).  The keys are stored,
so changing these rules needs a migration that recomputes them.
"""

from __future__ import annotations

import re
import unicodedata

from .._thai import to_arabic_digits

_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")

#: Abbreviated agency types, as written at the start of a name, and their full form.
ABBREVIATIONS: dict[str, str] = {
    "อบต.": "องค์การบริหารส่วนตำบล",
    "อบจ.": "องค์การบริหารส่วนจังหวัด",
    "ทต.": "เทศบาลตำบล",
    "ทม.": "เทศบาลเมือง",
    "ทน.": "เทศบาลนคร",
    "รพ.สต.": "โรงพยาบาลส่งเสริมสุขภาพตำบล",
    "รพ.": "โรงพยาบาล",
    "สพป.": "สำนักงานเขตพื้นที่การศึกษาประถมศึกษา",
    "สพม.": "สำนักงานเขตพื้นที่การศึกษามัธยมศึกษา",
    "สสจ.": "สำนักงานสาธารณสุขจังหวัด",
    "สสอ.": "สำนักงานสาธารณสุขอำเภอ",
    "กทม.": "กรุงเทพมหานคร",
}
_BY_LENGTH = sorted(ABBREVIATIONS.items(), key=lambda kv: len(kv[0]), reverse=True)
_PROVINCE_PREFIXES = ("จังหวัด", "จ.")


def _squash(text: str) -> str:
    text = unicodedata.normalize("NFC", to_arabic_digits(text))
    return _INVISIBLE.sub("", text).casefold()


def name_key(name: str | None) -> str:
    """The matching key of an agency name ('' when there is no name)."""
    if not name:
        return ""
    key = _squash(name)
    for short, full in _BY_LENGTH:
        if key.startswith(short):
            return full + key[len(short) :]
    return key


def province_key(province: str | None) -> str:
    """The matching key of a province ('' when unknown)."""
    if not province:
        return ""
    key = _squash(province)
    for prefix in _PROVINCE_PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix) :]
            break
    return "กรุงเทพมหานคร" if key == "กทม." else key
