"""Break Thai text the ways real PDF text layers break it (test data generators).

Each function takes correct text and a ``random.Random`` and returns the text
as a broken extractor would give it.  They are the inverse of the repairs in
``ita_parse._thai``; the tests check that parse(corrupt(x)) == parse(x).
"""

from __future__ import annotations

import random

import regex

from ita_parse._thai import _PUA_PAIRS

SARA_AM = "\u0e33"
NIKHAHIT = "\u0e4d"
TONES = "\u0e48\u0e49\u0e4a\u0e4b"
UPPER_LOWER = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47"

# every PUA code point that draws a given Thai character
PUA_FOR: dict[str, list[str]] = {}
for _win, _apple, _ch in _PUA_PAIRS:
    PUA_FOR.setdefault(_ch, []).extend([chr(_win), chr(_apple)])


def pua(text: str, rnd: random.Random, rate: float = 0.8) -> str:
    """Replace marks (and ฐ ญ) by one of the PUA glyphs that draw them."""
    out = []
    for ch in text:
        options = PUA_FOR.get(ch)
        out.append(rnd.choice(options) if options and rnd.random() < rate else ch)
    return "".join(out)


def lose_nikhahit(text: str, rnd: random.Random | None = None) -> str:
    """Every ำ read as า (the nikhahit glyph had no Unicode mapping)."""
    return text.replace(SARA_AM, "\u0e32")


def fffd_sara_am(text: str, rnd: random.Random | None = None) -> str:
    """Every ำ read as U+FFFD + า."""
    return regex.sub(f"([{TONES}]?){SARA_AM}", lambda m: "\ufffd" + m.group(1) + "\u0e32", text)


def decompose_sara_am(text: str, rnd: random.Random | None = None) -> str:
    """Every ำ read as ํ + า, the nikhahit before any tone mark (as shapers order it)."""
    return regex.sub(f"([{TONES}]?){SARA_AM}", lambda m: NIKHAHIT + m.group(1) + "\u0e32", text)


def spaces_before_marks(text: str, rnd: random.Random, rate: float = 0.5) -> str:
    """A space inserted before combining marks, as extractors that split glyph runs do."""
    marks = set(UPPER_LOWER + TONES + "\u0e4c" + SARA_AM)
    out = []
    for i, ch in enumerate(text):
        if ch in marks - {SARA_AM} and i and "\u0e01" <= text[i - 1] <= "\u0e4e" and rnd.random() < rate:
            out.append(" ")
        out.append(ch)
    return "".join(out)


def tone_before_vowel(text: str, rnd: random.Random, rate: float = 0.8) -> str:
    """Upper/lower vowel + tone mark swapped to tone + vowel (visual order)."""
    return regex.sub(
        f"([{UPPER_LOWER}])([{TONES}\u0e4c])",
        lambda m: m.group(2) + m.group(1) if rnd.random() < rate else m.group(),
        text,
    )


def sara_am_as_space(text: str, rnd: random.Random | None = None) -> str:
    """Every ำ read as a space and า: the nikhahit glyph mapped to a space ("ส านัก")."""
    return regex.sub(f"([{TONES}]?){SARA_AM}", lambda m: m.group(1) + " \u0e32", text)


def sara_am_as_tone(text: str, rnd: random.Random | None = None) -> str:
    """Every ำ read as mai tho + า: the nikhahit glyph mapped to ้ ("ต้าบล", "น้้า")."""
    return regex.sub(f"([{TONES}]?){SARA_AM}", lambda m: m.group(1) + "\u0e49\u0e32", text)


def spurious_sara_am(text: str, rnd: random.Random | None = None) -> str:
    """Every า read as ำ: a font whose sara aa glyph is mapped to sara am ("สำรบัญ")."""
    return text.replace("\u0e32", SARA_AM)


def lose_marks(text: str, rnd: random.Random, rate: float = 0.3) -> str:
    """Some tone marks, thanthakhat and upper vowels dropped (lossy: not every word can come back)."""
    marks = set(TONES + "\u0e4c\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47")
    return "".join(ch for ch in text if not (ch in marks and rnd.random() < rate))


CORRUPTIONS = {
    "pua": pua,
    "lost_nikhahit": lose_nikhahit,
    "fffd_sara_am": fffd_sara_am,
    "decomposed_sara_am": decompose_sara_am,
    "spaces_before_marks": spaces_before_marks,
    "tone_before_vowel": tone_before_vowel,
    "sara_am_as_space": sara_am_as_space,
    "sara_am_as_tone": sara_am_as_tone,
    "spurious_sara_am": spurious_sara_am,
}
# the corruptions a dictionary must undo (a form may read as a word either way)
DICTIONARY = ("lost_nikhahit", "sara_am_as_space", "sara_am_as_tone", "spurious_sara_am")
# the corruptions whose repair is exact (no information is lost)
LOSSLESS = ("pua", "fffd_sara_am", "decomposed_sara_am", "spaces_before_marks", "tone_before_vowel")
