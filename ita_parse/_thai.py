"""Thai text: digits and the repair of Thai broken by PDF text layers.

What breaks and why is in ``docs/thai-text.md``.  The repair runs in a fixed
order, each step counted by kind in a :class:`RepairLog`:

1. NFC (never NFKC/NFKD: they split ำ into ํ + า);
2. zero-width characters dropped;
3. private-use glyphs (Windows U+F700–F71A and Apple U+F884–F89E shaping
   variants) mapped back to the Thai character they draw;
4. sara am rebuilt from its broken encodings: ํ + า, ํ + tone + า,
   U+FFFD + า, and the doubled ำา some extractors emit;
5. whitespace between a character and the combining mark that belongs to it
   removed;
6. marks put back in logical order (vowel before tone mark), doubled marks
   and เเ for แ fixed;
7. a lost nikhahit ("ดาเนิน" for ดำเนิน) restored where the dictionary makes
   it unambiguous: the run of Thai reads as fewer or better-known words with
   ำ than with า.  Runs that read as words either way (ทา/ทำ, นา/นำ) are left
   alone and counted as ambiguous.

pythainlp's ``normalize`` covers steps 4–6 only in part (it maps no PUA,
ignores U+FFFD, and strips and collapses whitespace, which would lose the
layout the extractor needs), so those small steps are written here with their
own counters; pythainlp supplies the dictionary and the tokenizer for step 7.
Digits are never touched by the repair: ``to_arabic_digits`` is separate.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:  # pragma: no cover
    from pythainlp.util import Trie

__all__ = [
    "RepairLog",
    "is_thai_word",
    "normalize_thai",
    "repair_thai",
    "to_arabic_digits",
    "to_thai_digits",
]

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"
_TO_ARABIC = str.maketrans(THAI_DIGITS, ARABIC_DIGITS)
_TO_THAI = str.maketrans(ARABIC_DIGITS, THAI_DIGITS)


def to_arabic_digits(text: str) -> str:
    """Replace Thai digits ๐–๙ with 0–9; nothing else changes."""
    return text.translate(_TO_ARABIC)


def to_thai_digits(text: str) -> str:
    """Replace 0–9 with Thai digits ๐–๙; nothing else changes."""
    return text.translate(_TO_THAI)


# --- character classes -------------------------------------------------------

SARA_AM = "\u0e33"
SARA_AA = "\u0e32"
NIKHAHIT = "\u0e4d"
TONES = "\u0e48\u0e49\u0e4a\u0e4b"  # ่ ้ ๊ ๋
#: marks drawn above or below a base character (combining, zero advance)
ABOVE_BELOW_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47"
MARKS = ABOVE_BELOW_VOWELS + TONES + "\u0e4c\u0e4d\u0e4e"
CONSONANTS = "".join(chr(c) for c in range(0x0E01, 0x0E2F))

# --- private-use glyphs ------------------------------------------------------
# Reverse of HarfBuzz's Thai PUA shaping table (hb-ot-shaper-thai.cc): the
# Windows code point and its Apple equivalent, both mapped to the character
# the glyph draws.  Table in docs/thai-text.md.
_PUA_PAIRS: tuple[tuple[int, int, str], ...] = (
    (0xF700, 0xF89E, "\u0e10"),  # ฐ without descender
    (0xF70F, 0xF89A, "\u0e0d"),  # ญ without descender
    (0xF701, 0xF885, "\u0e34"),  # ิ  shifted left
    (0xF702, 0xF886, "\u0e35"),  # ี
    (0xF703, 0xF887, "\u0e36"),  # ึ
    (0xF704, 0xF888, "\u0e37"),  # ื
    (0xF710, 0xF884, "\u0e31"),  # ั
    (0xF711, 0xF899, "\u0e4d"),  # ํ
    (0xF712, 0xF889, "\u0e47"),  # ็
    (0xF713, 0xF88A, "\u0e48"),  # ่ shifted left
    (0xF714, 0xF88D, "\u0e49"),  # ้
    (0xF715, 0xF890, "\u0e4a"),  # ๊
    (0xF716, 0xF893, "\u0e4b"),  # ๋
    (0xF717, 0xF896, "\u0e4c"),  # ์
    (0xF705, 0xF88C, "\u0e48"),  # ่ shifted down-left
    (0xF706, 0xF88F, "\u0e49"),  # ้
    (0xF707, 0xF892, "\u0e4a"),  # ๊
    (0xF708, 0xF895, "\u0e4b"),  # ๋
    (0xF709, 0xF898, "\u0e4c"),  # ์
    (0xF70A, 0xF88B, "\u0e48"),  # ่ shifted down
    (0xF70B, 0xF88E, "\u0e49"),  # ้
    (0xF70C, 0xF891, "\u0e4a"),  # ๊
    (0xF70D, 0xF894, "\u0e4b"),  # ๋
    (0xF70E, 0xF897, "\u0e4c"),  # ์
    (0xF718, 0xF89B, "\u0e38"),  # ุ shifted down
    (0xF719, 0xF89C, "\u0e39"),  # ู
    (0xF71A, 0xF89D, "\u0e3a"),  # ฺ
)
PUA_MAP: dict[int, str] = {}
for _win, _apple, _ch in _PUA_PAIRS:
    PUA_MAP[_win] = _ch
    PUA_MAP[_apple] = _ch
del _win, _apple, _ch
_PUA_RE = regex.compile("[" + "".join(chr(c) for c in sorted(PUA_MAP)) + "]")
_ANY_PUA_RE = regex.compile(r"[\uE000-\uF8FF]")

_ZERO_WIDTH_RE = regex.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")

# ํ (+ tone) + า, tone + ํ + า, U+FFFD (+ tone) + า, า + ํ, and ำา
_SARA_AM_SPLIT_RE = regex.compile(
    f"{NIKHAHIT}([{TONES}]?){SARA_AA}|([{TONES}]){NIKHAHIT}{SARA_AA}|{SARA_AA}{NIKHAHIT}"
)
_SARA_AM_FFFD_RE = regex.compile(f"\ufffd([{TONES}]?){SARA_AA}")
_SARA_AM_DOUBLED_RE = regex.compile(f"{SARA_AM}{SARA_AA}")
# whitespace (line breaks included) between a Thai character and a combining mark
_SPACE_BEFORE_MARK_RE = regex.compile(
    f"(?<=[\u0e01-\u0e2f\u0e30-\u0e3a\u0e47-\u0e4e])[ \t\u00a0\r\n]+(?=[{MARKS}])"
)
_TONE_BEFORE_VOWEL_RE = regex.compile(f"([{TONES}\u0e4c])([{ABOVE_BELOW_VOWELS}]+)")
_TONE_AFTER_FOLLOW_VOWEL_RE = regex.compile(f"(?<=[{CONSONANTS}])([\u0e32\u0e33])([{TONES}])")
_DOUBLED_MARK_RE = regex.compile(f"([{MARKS}])\\1+")
_DOUBLED_SARA_E_RE = regex.compile("\u0e40\u0e40")
_LAKKHANGYAO_RE = regex.compile("(?<![\u0e24\u0e26])\u0e45")
_DANGLING_MARK_RE = regex.compile(f"(?:^|(?<=[^\u0e01-\u0e4e]))[{MARKS}]")

_THAI_RUN_RE = regex.compile("[\u0e01-\u0e3a\u0e40-\u0e4e]+")
# a consonant, an optional tone mark, then า: where a lost nikhahit may hide
# (not before another า: no Thai word has ำา, which the exact repairs would then merge into ำ)
_LOST_NIKHAHIT_RE = regex.compile(f"(?<=[{CONSONANTS}][{TONES}]?){SARA_AA}(?!{SARA_AA})")
# a consonant, then mai tho + า: the nikhahit may be drawn with the glyph of mai tho
_SARA_AM_AS_TONE_RE = regex.compile(f"(?<=[{CONSONANTS}])\u0e49{SARA_AA}(?!{SARA_AA})")
# ำ where the font's sara aa is mapped to ำ
_SPURIOUS_AM_RE = regex.compile(f"(?<=[{CONSONANTS}][{TONES}]?){SARA_AM}")
# a tone mark, then mai tho + า: "น้้า" for น้ำ (the second mai tho is the nikhahit)
_TONE_THEN_AM_AS_TONE_RE = regex.compile(f"(?<=[{CONSONANTS}])([{TONES}])\u0e49{SARA_AA}")
# whitespace before a following vowel that cannot begin a word: "ส านัก", "ค ำน ำ"
_SPACE_BEFORE_VOWEL_RE = regex.compile(
    "(?<=[\u0e01-\u0e2e\u0e31-\u0e3a\u0e47-\u0e4e])[ \u00a0]+(?=[\u0e30\u0e32\u0e33\u0e45])"
)
# the same before า after a consonant (and tone mark): the nikhahit glyph of ำ read as a space.
# Not where a lone consonant stands between spaces with its า ("จ า ก"): letter spacing.
_NIKHAHIT_GAP = f"(?<=[{CONSONANTS}][{TONES}]?)[ \u00a0]+(?={SARA_AA})"
_LETTER_SPACED = f"(?<=(?:^|\\s)[{CONSONANTS}][{TONES}]?)[ \u00a0]+{SARA_AA}(?:$|\\s)"
_NIKHAHIT_GAP_RE = regex.compile(f"(?!{_LETTER_SPACED}){_NIKHAHIT_GAP}")
_SPACE_BEFORE_VOWEL_KEEP_GAPS_RE = regex.compile(
    f"(?!{_NIKHAHIT_GAP_RE.pattern}){_SPACE_BEFORE_VOWEL_RE.pattern}"
)
# a run of Thai letters with such gaps in it
_GAP_RUN_RE = regex.compile(
    f"[\u0e01-\u0e3a\u0e40-\u0e4e]+(?:(?!{_LETTER_SPACED}){_NIKHAHIT_GAP}[\u0e01-\u0e3a\u0e40-\u0e4e]+)+"
)


@dataclass
class RepairLog:
    """Counts of what the repair changed, and what it saw but left alone."""

    repairs: Counter[str] = field(default_factory=Counter)
    ambiguous: Counter[str] = field(default_factory=Counter)
    suspect: Counter[str] = field(default_factory=Counter)
    #: of the ``nikhahit_restored`` repairs, those after a tone mark ("น้า" → น้ำ); see ``tone_is_nikhahit``
    restored_after_tone: int = 0

    @property
    def repaired_chars(self) -> int:
        return sum(self.repairs.values())

    @property
    def suspect_chars(self) -> int:
        return sum(self.suspect.values()) + sum(self.ambiguous.values())

    def merge(self, other: RepairLog) -> None:
        self.repairs.update(other.repairs)
        self.ambiguous.update(other.ambiguous)
        self.suspect.update(other.suspect)
        self.restored_after_tone += other.restored_after_tone


def _sub_counted(
    pattern: regex.Pattern[str],
    repl: str | Callable[[regex.Match[str]], str],
    text: str,
    log: RepairLog,
    kind: str,
) -> str:
    new, n = pattern.subn(repl, text)
    if n:
        log.repairs[kind] += n
    return new


def _compose_sara_am(m: regex.Match[str]) -> str:
    tone = next((g for g in m.groups() if g), "")
    return tone + SARA_AM


def repair_thai(
    text: str,
    log: RepairLog | None = None,
    *,
    restore_nikhahit: bool = True,
    restore_marks: bool = False,
    tone_is_nikhahit: bool | None = None,
) -> str:
    """Repair Thai text broken by a PDF text layer; digits and Latin are untouched.

    ``restore_nikhahit`` lets the dictionary restore ำ lost or drawn as
    another glyph (and undo ำ invented where a paragraph holds more ำ than า);
    ``tone_is_nikhahit`` says whether the text draws the nikhahit of ำ with
    the glyph of mai tho ("ต้าบล"), so that a ำ is never restored after a
    tone mark (None: the text itself decides, when it holds both repairs);
    ``restore_marks=True`` lets it put back lost tone marks and upper vowels
    where one insertion makes a stretch of unknown text dictionary words (off
    by default: measured on generated losses it guesses wrong about once for
    every two right; words of a paragraph with too few marks are counted as
    suspect instead).
    Every change is counted by kind in ``log`` (when given).  The result is
    NFC and holds no Thai private-use glyphs.
    """
    if log is None:
        log = RepairLog()
    if not text:
        return text
    nfc = unicodedata.normalize("NFC", text)
    if nfc != text:
        log.repairs["nfc"] += 1
    text = nfc
    if not _has_thai_or_pua(text):
        return _sub_counted(_ZERO_WIDTH_RE, "", text, log, "zero_width")
    text = _sub_counted(_ZERO_WIDTH_RE, "", text, log, "zero_width")
    text = _sub_counted(_PUA_RE, lambda m: PUA_MAP[ord(m.group())], text, log, "pua")
    unmapped = len(_ANY_PUA_RE.findall(text))
    if unmapped:
        log.suspect["unmapped_pua"] += unmapped
    text = _exact_repairs(text, log, am_as_tone=restore_nikhahit, keep_gaps=restore_nikhahit)
    if restore_nikhahit:
        spurious = text.count(SARA_AM) > text.count(SARA_AA)
        gaps = [(g.start(), g.end()) for g in _NIKHAHIT_GAP_RE.finditer(text)]
        if gaps:

            def close(m: regex.Match[str]) -> str:
                inside = [(a - m.start(), b - m.start()) for a, b in gaps if m.start() <= a < m.end()]
                return _resolve_gaps(m.group(), inside, log)

            text = _GAP_RUN_RE.sub(close, text)
        restored, found = _restore_text(text, spurious, bool(tone_is_nikhahit))
        if tone_is_nikhahit is None and found.repairs["sara_am_as_tone"] and found.restored_after_tone:
            # the same text reads mai tho as a nikhahit elsewhere: "น้า" is not น้ำ here either
            restored, found = _restore_text(text, spurious, True)
        log.merge(found)
        if restored != text:
            text = _exact_repairs(restored, log, am_as_tone=True)  # a restored ำ may need its tone moved
    # after the nikhahits: a word that lost its ำ ("จาแนก") must not be "repaired" with a mark
    if restore_marks:
        text = _THAI_RUN_RE.sub(lambda m: _restore_marks_run(m.group(), log), text)
    elif restore_nikhahit and lost_marks(text):
        # not certain enough to do unasked (see docs/thai-text.md): count what looks broken
        broken = sum(len(t) for run in _THAI_RUN_RE.findall(text) for t in _segment(run) if t not in _words())
        log.suspect["lost_marks"] += broken
    fffd = text.count("\ufffd")
    if fffd:
        log.suspect["replacement_char"] += fffd
    dangling = len(_DANGLING_MARK_RE.findall(text))
    if dangling:
        log.suspect["dangling_mark"] += dangling
    return text


def _restore_text(text: str, spurious: bool, tone_is_nikhahit: bool) -> tuple[str, RepairLog]:
    """Step 7 on every run of Thai in ``text``: the result and what it did."""
    log = RepairLog()
    out = _THAI_RUN_RE.sub(
        lambda m: _restore_run(m.group(), log, spurious=spurious, tone_is_nikhahit=tone_is_nikhahit), text
    )
    return out, log


def _exact_repairs(text: str, log: RepairLog, *, am_as_tone: bool, keep_gaps: bool = False) -> str:
    """Steps 4–6: the repairs that need no dictionary.

    Each step can expose work for another (a swap puts two equal marks side by
    side): they repeat until nothing changes, so that repairing twice equals
    repairing once.  With ``am_as_tone``, a tone mark followed by mai tho + า
    ("น้้า") reads as the tone and ำ: the second mark is the nikhahit's glyph.
    With ``keep_gaps``, a space between a consonant and า stays for the
    dictionary step, which reads it as a lost nikhahit (``_resolve_gaps``).
    """
    for _ in range(8):
        before = text
        if am_as_tone:  # before doubled marks are merged
            text = _sub_counted(_TONE_THEN_AM_AS_TONE_RE, r"\1" + SARA_AM, text, log, "sara_am_as_tone")
        text = _sub_counted(_SARA_AM_FFFD_RE, _compose_sara_am, text, log, "fffd_sara_am")
        text = _sub_counted(_SARA_AM_SPLIT_RE, _compose_sara_am, text, log, "sara_am_composed")
        text = _sub_counted(_SARA_AM_DOUBLED_RE, SARA_AM, text, log, "sara_am_doubled")
        text = _sub_counted(_SPACE_BEFORE_MARK_RE, "", text, log, "space_before_mark")
        vowel_gap = _SPACE_BEFORE_VOWEL_KEEP_GAPS_RE if keep_gaps else _SPACE_BEFORE_VOWEL_RE
        text = _sub_counted(vowel_gap, "", text, log, "space_before_vowel")
        text = _sub_counted(_TONE_BEFORE_VOWEL_RE, r"\2\1", text, log, "mark_order")
        text = _sub_counted(_TONE_AFTER_FOLLOW_VOWEL_RE, r"\2\1", text, log, "mark_order")
        text = _sub_counted(_DOUBLED_MARK_RE, r"\1", text, log, "mark_doubled")
        text = _sub_counted(_DOUBLED_SARA_E_RE, "\u0e41", text, log, "sara_e_doubled")
        text = _sub_counted(_LAKKHANGYAO_RE, SARA_AA, text, log, "lakkhangyao")
        text = unicodedata.normalize("NFC", text)  # mapped PUA marks may need canonical order
        if text == before:
            break
    return text


def normalize_thai(text: str) -> str:
    """Repaired Thai text (NFC, no PUA, ำ whole, marks in order); digits untouched."""
    return repair_thai(text)


def _has_thai_or_pua(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" or "\ue000" <= ch <= "\uf8ff" or ch == "\ufffd" for ch in text)


# --- lost nikhahit ------------------------------------------------------------


@functools.cache
def _words() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    words: frozenset[str] = thai_words()
    return words


@functools.cache
def _trie() -> Trie:
    # pythainlp's own cached trie of the same word list, so a program that also
    # tokenizes with pythainlp builds it once
    try:
        from pythainlp.tokenize import word_dict_trie
    except ImportError:  # pythainlp < 5.2
        from pythainlp.util import dict_trie

        return dict_trie(_words())
    trie: Trie = word_dict_trie()
    return trie


def is_thai_word(word: str) -> bool:
    """Whether pythainlp's bundled word list has ``word``."""
    return word in _words()


@functools.lru_cache(maxsize=65536)
def _segment(text: str) -> tuple[str, ...]:
    from pythainlp.tokenize import newmm

    return tuple(newmm.segment(text, custom_dict=_trie()))


# a token that starts with a vowel sign or mark, or is a leading vowel alone, cannot be Thai
_IMPOSSIBLE_TOKEN_RE = regex.compile("^[\u0e30-\u0e3a\u0e45\u0e47-\u0e4e]|^[\u0e40-\u0e44]$")


@functools.lru_cache(maxsize=65536)
def _score(text: str) -> tuple[int, int, int]:
    """(impossible words, characters outside dictionary words, words): lower reads better.

    A repair that leaves a "word" starting with a vowel sign ("ะห") has broken
    the text, however many dictionary words it makes elsewhere.
    """
    words = _words()
    tokens = _segment(text)
    impossible = sum(1 for t in tokens if _IMPOSSIBLE_TOKEN_RE.search(t))
    unknown = sum(len(t) for t in tokens if t not in words)
    return impossible, unknown, len(tokens)


@dataclass(frozen=True)
class _Edit:
    """One possible repair inside a run: replace run[start:end] by ``text``."""

    start: int
    end: int
    text: str
    kind: str
    after_tone: bool = False  # ำ restored after a tone mark, which stays ("น้า" → น้ำ)

    def apply(self, run: str) -> str:
        return run[: self.start] + self.text + run[self.end :]


def _edits(run: str, tone_is_nikhahit: bool = False, flips: bool = False, pos: int = 0) -> list[_Edit]:
    """The places in a run (from ``pos`` on) where ำ may have been lost (or, with ``flips``, invented)."""
    out = []
    for m in _LOST_NIKHAHIT_RE.finditer(run, pos):
        after_tone = run[m.start() - 1] in TONES
        if not (tone_is_nikhahit and after_tone):
            out.append(_Edit(m.start(), m.end(), SARA_AM, "nikhahit_restored", after_tone=after_tone))
    # the nikhahit drawn with the glyph of mai tho: "ต้าบล" for ตำบล
    out += [
        _Edit(m.start(), m.end(), SARA_AM, "sara_am_as_tone") for m in _SARA_AM_AS_TONE_RE.finditer(run, pos)
    ]
    if flips:
        # a font whose sara aa maps to ำ: "สำรบัญ" for สารบัญ
        out += [
            _Edit(m.start(), m.end(), SARA_AA, "spurious_sara_am") for m in _SPURIOUS_AM_RE.finditer(run, pos)
        ]
    return sorted(out, key=lambda e: (e.start, e.kind))


def _restore_run(run: str, log: RepairLog, *, spurious: bool = False, tone_is_nikhahit: bool = False) -> str:
    """Restore lost nikhahits (and, with ``spurious``, undo invented ones) in a run of Thai letters.

    A candidate is taken only when the run then reads as fewer characters
    outside dictionary words, or as many and fewer words.  Candidates are
    tried left to right against the run as already repaired; passes repeat
    until nothing changes, so repairing twice gives the same text as once.
    With ``tone_is_nikhahit`` (the text draws its nikhahit with the glyph of
    mai tho), a nikhahit is never restored after a tone mark: there, ำ after
    a tone reads "น้้า", so "น้า" is น้า or นำ, never น้ำ.

    With ``spurious`` (a text whose sara aa may read as ำ: "กำรบริหำร"), the
    run is read two ways: from the text as found, turning one ำ at a time
    into า where that reads better; and from every ำ read as า, bringing one
    ำ at a time back where that reads as well (one ำ at a time from the text
    as found does not get far when its neighbours are broken too).  The
    reading that scores better is kept; on a tie, the first.  (So a short
    text with more ำ than า, "ที่ที่นำทรัพย์", may lose a right ำ to a
    compound: ที่|ที่นา|ทรัพย์ is fewer words.)
    """
    if SARA_AA not in run and SARA_AM not in run:
        return run
    if not spurious:
        return _restore_steps(run, log, tone_is_nikhahit=tone_is_nikhahit)
    as_found = RepairLog()
    kept = _restore_steps(run, as_found, tone_is_nikhahit=tone_is_nikhahit, flips=True)
    found_am = {m.start() for m in _SPURIOUS_AM_RE.finditer(run)}
    all_aa = "".join(SARA_AA if i in found_am else ch for i, ch in enumerate(run))
    from_aa = RepairLog()
    undone = _restore_steps(all_aa, from_aa, tone_is_nikhahit=tone_is_nikhahit, found_am=found_am)
    if _score(undone) < _score(kept):
        log.merge(from_aa)
        return undone
    log.merge(as_found)
    return kept


def _restore_steps(
    run: str,
    log: RepairLog,
    *,
    tone_is_nikhahit: bool = False,
    flips: bool = False,
    found_am: set[int] | None = None,
) -> str:
    """The edits of ``_restore_run``, one at a time, until none reads better.

    ``flips``: ำ may also turn into า (a spurious ำ).  ``found_am``: where
    the text as found had ำ, now read as า: ำ comes back there where it
    reads as well as า (the text as found wins a tie), and each that does
    not is counted as a spurious ำ undone.
    """
    found = set(found_am or ())
    ambiguous: dict[int, str] = {}  # by the vowel an edit would rewrite
    tied: list[str] = []  # ำ as found, kept where า reads as well
    # every pass takes each candidate once, left to right; a run of n candidates settles in a few
    # passes, and never needs more than n + 1
    for _ in range(len(_edits(run, tone_is_nikhahit, flips)) + 1):
        changed = False
        ambiguous = {}  # what the last pass, which changed nothing, found is what is left
        pos = 0
        while True:
            applied = False
            edits = _edits(run, tone_is_nikhahit, flips, pos)
            for k, edit in enumerate(edits):
                if edit.start < pos or (edit.kind != "nikhahit_restored" and edit.end - 1 in found):
                    continue  # done, or ำ as found: it comes back whole or not at all
                candidate = edit.apply(run)
                verdict = _judge(run, candidate, edit)
                back = edit.start in found and edit.kind == "nikhahit_restored"
                if verdict != "restore" and not found and _score(candidate) == _score(run):
                    both = _pair(run, candidate, edit, edits[k + 1 :])
                    if both is not None:  # "คานา": neither ำ alone makes คำนำ one word
                        second = next(e for e in edits[k + 1 :] if e.start >= edit.end)
                        run = both
                        changed = applied = True
                        log.repairs[edit.kind] += 1
                        log.repairs[second.kind] += 1
                        log.restored_after_tone += edit.after_tone + second.after_tone
                        pos = edit.start + 1
                        break
                if back and verdict != "restore" and _score(candidate) <= _score(run):
                    if verdict == "ambiguous":
                        tied.append(_word_at(candidate, edit.start))
                    verdict = "back"
                elif verdict == "ambiguous":
                    ambiguous[edit.end - 1] = _word_at(run, edit.start)
                if verdict in ("restore", "back"):
                    run = candidate
                    changed = applied = True
                    if not back:
                        log.repairs[edit.kind] += 1
                        if edit.after_tone:
                            log.restored_after_tone += 1
                    shift = len(edit.text) - (edit.end - edit.start)
                    found = {p + shift if p >= edit.end else p for p in found}
                    pos = edit.start + len(edit.text)
                    break  # positions after this one moved: look again from here
            if not applied:
                break
        if not changed:
            break
    for word in [*ambiguous.values(), *tied]:
        log.ambiguous[word] += 1
    undone = sum(1 for p in found if p < len(run) and run[p] == SARA_AA)
    if undone:
        log.repairs["spurious_sara_am"] += undone
    return run


def _pair(run: str, candidate: str, edit: _Edit, later: list[_Edit]) -> str | None:
    """Two lost nikhahits in one word: the run with both restored, if only both together read better.

    ``candidate`` is ``run`` with ``edit`` applied; the second ำ is the next
    candidate at most three letters on.
    """
    kinds = ("nikhahit_restored", "sara_am_as_tone")
    if edit.kind not in kinds:
        return None
    second = next((e for e in later if e.start >= edit.end), None)
    if second is None or second.kind not in kinds or second.start - edit.end > 3:
        return None
    shift = len(edit.text) - (edit.end - edit.start)  # ้า → ำ is one letter shorter
    moved = _Edit(second.start + shift, second.end + shift, second.text, second.kind)
    both = moved.apply(candidate)
    best = _score(both)
    if best < _score(run) and best < _score(candidate) and best < _score(second.apply(run)):
        return both
    return None


def _resolve_gaps(run: str, gaps: list[tuple[int, int]], log: RepairLog) -> str:
    """Close the gaps before า in a run of Thai ("ส านัก", "ท าธุระ"): each is ำ or า.

    A space cannot begin a Thai word with า, so such a gap is the nikhahit
    glyph of ำ read as a space: each gap becomes ำ unless the run then has
    more characters outside dictionary words than with า there (the other
    gaps taken as ำ).  Where both read as words the gap decides for ำ, even
    if า makes fewer words ("ที่ที่น าทรัพย์": ที่|ที่นา|ทรัพย์ is fewer words
    than ที่|ที่|นำ|ทรัพย์, but the gap says นำ).  ``gaps``: where they are in
    the run (found in the whole text, where letter spacing can be told).
    """
    cuts = [0, *(i for gap in gaps for i in gap), len(run)]
    parts = [run[cuts[i] : cuts[i + 1]] for i in range(0, len(cuts), 2)]
    chosen = [SARA_AM] * (len(parts) - 1)

    def joined() -> str:
        return parts[0] + "".join(am + p[1:] for am, p in zip(chosen, parts[1:], strict=True))

    for i in range(len(chosen)):
        with_am = joined()
        chosen[i] = SARA_AA
        if _score(joined())[:2] >= _score(with_am)[:2]:  # impossible words, unknown characters
            chosen[i] = SARA_AM
    log.repairs["space_before_vowel"] += len(chosen)
    restored = chosen.count(SARA_AM)
    if restored:
        log.repairs["nikhahit_restored"] += restored
    return joined()


def _judge(before: str, after: str, edit: _Edit) -> str:
    """'restore', 'ambiguous' or 'keep' for one candidate edit of a run.

    The whole run is scored, not a window around the edit: a broken word
    often falls apart into several short words ("กาหนด" reads as กา|หน|ด), so
    only the run shows that ำ makes it one word.
    """
    old_score = _score(before)
    new_score = _score(after)
    if new_score < old_score:
        return "restore"
    if new_score == old_score:
        start = _word_start(before, edit.start)
        word = _word_at(before, edit.start)
        end = start + len(word)
        if edit.end <= end:
            fixed = word[: edit.start - start] + edit.text + word[edit.end - start :]
            if word in _words() and fixed in _words():
                return "ambiguous"
    return "keep"


# --- lost marks ---------------------------------------------------------------------

#: marks a text layer may drop: tone marks, thanthakhat, mai han-akat, upper vowels, maitaikhu
_LOSABLE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47"
#: a paragraph whose marks make up less than this share of its Thai letters has lost some
#: (Thai prose: about 13–18%, short announcements at the low end; a layer that drops marks: 9–12%)
MARK_SHARE = 0.11
_MARK_RE = regex.compile(f"[{_LOSABLE_MARKS}]")
_LETTER_RE = regex.compile("[\u0e01-\u0e4e]")


def _stretch_known(run: str, lo: int, hi: int) -> bool:
    """Whether the words of ``run`` that overlap [lo, hi) are all dictionary words."""
    words = _words()
    pos = 0
    for tok in _segment(run):
        start, pos = pos, pos + len(tok)
        if start < hi and pos > lo and tok not in words:
            return False
    return True


def lost_marks(text: str, min_letters: int = 200) -> bool:
    """Whether a paragraph has too few marks for Thai prose (a layer that drops them)."""
    letters = len(_LETTER_RE.findall(text))
    return letters >= min_letters and len(_MARK_RE.findall(text)) / letters < MARK_SHARE


def _restore_marks_run(run: str, log: RepairLog) -> str:
    """Put back one lost mark into words that are not words without it.

    For each stretch of the run that is not dictionary words, every mark is
    tried after every letter of it; the mark goes back only when exactly one
    insertion makes the run read better than every other insertion does.
    Otherwise the word is left and counted as ambiguous.
    """
    for _ in range(4):
        tokens = _segment(run)
        base = _score(run)
        if base[1] == 0:
            return run
        words = _words()
        spans: list[tuple[int, int]] = []
        pos = 0
        for tok in tokens:
            spans.append((pos, pos + len(tok)))
            pos += len(tok)
        changed = False
        if len(run) < 3:
            return run  # "พ" of "พ.ศ." is not a word that lost its mark
        for k, tok in enumerate(tokens):
            if tok in words or not _LETTER_RE.search(tok):
                continue
            # the mark may belong to the word before ("หน|วย" for หน่วย) or after
            lo = spans[max(0, k - 1)][0]
            hi = spans[min(len(spans) - 1, k + 1)][1]
            results: dict[tuple[int, int, int], list[str]] = {}
            for i in range(lo, hi):
                ch = run[i]
                if not ("\u0e01" <= ch <= "\u0e2e" or ch in ABOVE_BELOW_VOWELS):
                    continue
                for mark in _LOSABLE_MARKS:
                    candidate = run[: i + 1] + mark + run[i + 1 :]
                    score = _score(candidate)
                    # only an insertion that makes the whole stretch dictionary words counts
                    if score < base and _stretch_known(candidate, lo, hi + 1):
                        results.setdefault(score, []).append(candidate)
            if not results:
                continue
            best = min(results)
            winners = set(results[best])
            if len(winners) == 1:
                run = winners.pop()
                log.repairs["mark_restored"] += 1
                changed = True
                break
            log.ambiguous[tok] += 1
        if not changed:
            return run
    return run


def _word_start(text: str, pos: int) -> int:
    start = 0
    for tok in _segment(text):
        if start <= pos < start + len(tok):
            return start
        start += len(tok)
    return pos


def _word_at(text: str, pos: int) -> str:
    start = 0
    for tok in _segment(text):
        if start <= pos < start + len(tok):
            return tok
        start += len(tok)
    return text
