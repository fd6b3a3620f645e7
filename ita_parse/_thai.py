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
_TONE_BEFORE_VOWEL_RE = regex.compile(f"([{TONES}\u0e4c])([{ABOVE_BELOW_VOWELS}])")
_TONE_AFTER_FOLLOW_VOWEL_RE = regex.compile(f"(?<=[{CONSONANTS}])([\u0e32\u0e33])([{TONES}])")
_DOUBLED_MARK_RE = regex.compile(f"([{MARKS}])\\1+")
_DOUBLED_SARA_E_RE = regex.compile("\u0e40\u0e40")
_LAKKHANGYAO_RE = regex.compile("(?<![\u0e24\u0e26])\u0e45")
_DANGLING_MARK_RE = regex.compile(f"(?:^|(?<=[^\u0e01-\u0e4e]))[{MARKS}]")

_THAI_RUN_RE = regex.compile("[\u0e01-\u0e3a\u0e40-\u0e4e]+")
# a consonant, an optional tone mark, then า: where a lost nikhahit may hide
_LOST_NIKHAHIT_RE = regex.compile(f"(?<=[{CONSONANTS}][{TONES}]?){SARA_AA}")
# a consonant, then mai tho + า: the nikhahit may be drawn with the glyph of mai tho
_SARA_AM_AS_TONE_RE = regex.compile(f"(?<=[{CONSONANTS}])\u0e49{SARA_AA}")
# ำ where the font's sara aa is mapped to ำ
_SPURIOUS_AM_RE = regex.compile(f"(?<=[{CONSONANTS}][{TONES}]?){SARA_AM}")
# a tone mark, then mai tho + า: "น้้า" for น้ำ (the second mai tho is the nikhahit)
_TONE_THEN_AM_AS_TONE_RE = regex.compile(f"(?<=[{CONSONANTS}])([{TONES}])\u0e49{SARA_AA}")
# whitespace before a following vowel that cannot begin a word: "ส านัก", "ค ำน ำ"
_SPACE_BEFORE_VOWEL_RE = regex.compile(
    "(?<=[\u0e01-\u0e2e\u0e31-\u0e3a\u0e47-\u0e4e])[ \u00a0]+(?=[\u0e30\u0e32\u0e33\u0e45])"
)


@dataclass
class RepairLog:
    """Counts of what the repair changed, and what it saw but left alone."""

    repairs: Counter[str] = field(default_factory=Counter)
    ambiguous: Counter[str] = field(default_factory=Counter)
    suspect: Counter[str] = field(default_factory=Counter)

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
) -> str:
    """Repair Thai text broken by a PDF text layer; digits and Latin are untouched.

    ``restore_nikhahit`` lets the dictionary restore ำ lost or drawn as
    another glyph (and undo ำ invented where a paragraph holds more ำ than า);
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
    text = _exact_repairs(text, log, am_as_tone=restore_nikhahit)
    if restore_nikhahit:
        spurious = text.count(SARA_AM) > text.count(SARA_AA)
        restored = _THAI_RUN_RE.sub(lambda m: _restore_run(m.group(), log, spurious=spurious), text)
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


def _exact_repairs(text: str, log: RepairLog, *, am_as_tone: bool) -> str:
    """Steps 4–6: the repairs that need no dictionary.

    Each step can expose work for another (a swap puts two equal marks side by
    side): they repeat until nothing changes, so that repairing twice equals
    repairing once.  With ``am_as_tone``, a tone mark followed by mai tho + า
    ("น้้า") reads as the tone and ำ: the second mark is the nikhahit's glyph.
    """
    for _ in range(8):
        before = text
        if am_as_tone:  # before doubled marks are merged
            text = _sub_counted(_TONE_THEN_AM_AS_TONE_RE, r"\1" + SARA_AM, text, log, "sara_am_as_tone")
        text = _sub_counted(_SARA_AM_FFFD_RE, _compose_sara_am, text, log, "fffd_sara_am")
        text = _sub_counted(_SARA_AM_SPLIT_RE, _compose_sara_am, text, log, "sara_am_composed")
        text = _sub_counted(_SARA_AM_DOUBLED_RE, SARA_AM, text, log, "sara_am_doubled")
        text = _sub_counted(_SPACE_BEFORE_MARK_RE, "", text, log, "space_before_mark")
        text = _sub_counted(_SPACE_BEFORE_VOWEL_RE, "", text, log, "space_before_vowel")
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

    def apply(self, run: str) -> str:
        return run[: self.start] + self.text + run[self.end :]


def _edits(run: str, spurious: bool) -> list[_Edit]:
    """The places in a run where ำ may have been lost (or, with ``spurious``, invented)."""
    out = [_Edit(m.start(), m.end(), SARA_AM, "nikhahit_restored") for m in _LOST_NIKHAHIT_RE.finditer(run)]
    # the nikhahit drawn with the glyph of mai tho: "ต้าบล" for ตำบล
    out += [_Edit(m.start(), m.end(), SARA_AM, "sara_am_as_tone") for m in _SARA_AM_AS_TONE_RE.finditer(run)]
    if spurious:
        # a font whose sara aa maps to ำ: "สำรบัญ" for สารบัญ
        out += [_Edit(m.start(), m.end(), SARA_AA, "spurious_sara_am") for m in _SPURIOUS_AM_RE.finditer(run)]
    return sorted(out, key=lambda e: (e.start, e.kind))


def _restore_run(run: str, log: RepairLog, *, spurious: bool = False) -> str:
    """Restore lost nikhahits (and, with ``spurious``, spurious ones) in a run of Thai letters.

    A candidate is taken only when the run then reads as fewer characters
    outside dictionary words, or as many and fewer words.  Candidates are
    tried left to right against the run as already repaired; passes repeat
    until nothing changes, so repairing twice gives the same text as once.
    """
    if SARA_AA not in run and SARA_AM not in run:
        return run
    ambiguous: dict[tuple[int, str], str] = {}
    for _ in range(6):
        changed = False
        for edit in _edits(run, spurious):
            candidate = edit.apply(run)
            verdict = _judge(run, candidate, edit)
            if verdict == "restore":
                run = candidate
                changed = True
                log.repairs[edit.kind] += 1
                ambiguous = {k: v for k, v in ambiguous.items() if k[0] < edit.start}
                break  # positions after this one moved: look again
            if verdict == "ambiguous":
                ambiguous[(edit.start, edit.kind)] = _word_at(run, edit.start)
        if not changed:
            break
    for word in ambiguous.values():
        log.ambiguous[word] += 1
    return run


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
