"""Word's automatic list numbers, rendered as the document shows them.

A numbered paragraph in Word stores no number: ``w:numPr`` points at a list
definition in ``numbering.xml`` and Word draws "1.", "๒." or "ก)" in front of
the text when it lays the page out.  A PDF exported from the document has the
number in its text layer, so the .docx reader must draw it too, or a plan
cell's steps ("1. …", "2. …") would lose their numbers.

Supported: the list found through the paragraph's own ``w:numPr`` or through
its paragraph style (``w:basedOn`` chains, ``w:numStyleLink`` list styles);
levels 0–8 with ``%1``…``%9`` placeholders in ``w:lvlText``; ``w:start``,
``w:startOverride`` and ``w:lvlOverride``; lower levels restarting when a
higher one advances (``w:lvlRestart``); ``w:isLgl``.  Formats: decimal,
decimalZero, thaiNumbers (Thai digits), thaiLetters, lower/upper letters,
lower/upper roman, bullets and none; any other format (words, CJK counting
systems, …) is drawn as decimal.  Counting is per abstract list, as Word
counts: two ``w:num`` that share one definition continue each other unless
one of them overrides the start.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
# the consonants Word and LibreOffice count with (the obsolete ฃ and ฅ are skipped)
THAI_LETTERS = "กขคฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)
BULLET = "•"


#: the largest number drawn as roman numerals or letters; beyond, decimal (as CSS does for roman)
MAX_ROMAN = 3999
MAX_LETTERS = 780  # "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz": Word's own last letter number


def roman(n: int) -> str:
    """Lower-case roman numeral of 1…3999 (other numbers: decimal, as browsers draw them)."""
    if not 0 < n <= MAX_ROMAN:
        return str(n)
    out: list[str] = []
    for value, digits in _ROMAN:
        count, n = divmod(n, value)
        out.append(digits * count)
    return "".join(out)


def _letters(n: int, alphabet: str) -> str:
    """Word's letter counting: a…z, then aa…zz, then aaa… (the letter repeated, not base 26)."""
    if not 0 < n <= MAX_LETTERS:
        return str(n)
    size = len(alphabet)
    return alphabet[(n - 1) % size] * ((n - 1) // size + 1)


def format_number(n: int, fmt: str) -> str:
    """One level's number in a list format (``w:numFmt`` values; HTML ``<ol type>`` maps onto them)."""
    if fmt == "decimalZero":
        return f"{n:02d}" if 0 <= n < 10 else str(n)
    if fmt == "thaiNumbers":
        return str(n).translate(_THAI_DIGITS)
    if fmt == "thaiLetters":
        return _letters(n, THAI_LETTERS)
    if fmt == "lowerLetter":
        return _letters(n, "abcdefghijklmnopqrstuvwxyz")
    if fmt == "upperLetter":
        return _letters(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if fmt == "lowerRoman":
        return roman(n)
    if fmt == "upperRoman":
        return roman(n).upper()
    if fmt == "none":
        return ""
    return str(n)


def _val(el: etree._Element | None, default: str | None = None) -> str | None:
    if el is None:
        return default
    value = el.get(W + "val")
    return default if value is None else value


def _int(el: etree._Element | None, default: int) -> int:
    value = _val(el)
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


@dataclass(frozen=True)
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # w:lvlRestart: 0 = never restart
    suffix: str = "tab"
    legal: bool = False

    @classmethod
    def of(cls, lvl: etree._Element) -> Level:
        legal = lvl.find(W + "isLgl")
        return cls(
            fmt=_val(lvl.find(W + "numFmt"), "decimal") or "decimal",
            text=_val(lvl.find(W + "lvlText"), "") or "",
            start=_int(lvl.find(W + "start"), 1),
            restart=_int(lvl.find(W + "lvlRestart"), -1) if lvl.find(W + "lvlRestart") is not None else None,
            suffix=_val(lvl.find(W + "suff"), "tab") or "tab",
            legal=legal is not None and _val(legal, "1") not in ("0", "false", "off"),
        )


@dataclass
class _Counter:
    counts: list[int | None] = field(default_factory=lambda: [None] * 9)


@dataclass(frozen=True)
class Label:
    text: str
    bullet: bool


class Numbering:
    """The list definitions of one document, and the running counts as paragraphs are read in order."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        self._abstract: dict[str, dict[int, Level]] = {}
        self._abstract_link: dict[str, str] = {}  # abstractNumId → list style it takes its levels from
        self._nums: dict[str, tuple[str, dict[int, Level], dict[int, int]]] = {}
        self._style_num: dict[str, tuple[str | None, int | None]] = {}
        self._style_parent: dict[str, str] = {}
        self._level_style: dict[tuple[str, str], int] = {}  # (abstractNumId, styleId) → level
        self._counters: dict[str, _Counter] = {}
        self._started: set[str] = set()
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, numbering: etree._Element) -> None:
        for absn in numbering.iter(W + "abstractNum"):
            aid = absn.get(W + "abstractNumId") or ""
            levels: dict[int, Level] = {}
            for lvl in absn.findall(W + "lvl"):
                ilvl = _int_attr(lvl, "ilvl", 0)
                levels[ilvl] = Level.of(lvl)
                pstyle = _val(lvl.find(W + "pStyle"))
                if pstyle:
                    self._level_style[(aid, pstyle)] = ilvl
            self._abstract[aid] = levels
            link = _val(absn.find(W + "numStyleLink"))
            if link:
                self._abstract_link[aid] = link
        for num in numbering.iter(W + "num"):
            nid = num.get(W + "numId") or ""
            aid = _val(num.find(W + "abstractNumId"), "") or ""
            overrides: dict[int, Level] = {}
            starts: dict[int, int] = {}
            for ov in num.findall(W + "lvlOverride"):
                ilvl = _int_attr(ov, "ilvl", 0)
                so = ov.find(W + "startOverride")
                if so is not None:
                    starts[ilvl] = _int(so, 1)
                override = ov.find(W + "lvl")
                if override is not None:
                    overrides[ilvl] = Level.of(override)
            self._nums[nid] = (aid, overrides, starts)

    def _read_styles(self, styles: etree._Element) -> None:
        for style in styles.iter(W + "style"):
            sid = style.get(W + "styleId") or ""
            based = _val(style.find(W + "basedOn"))
            if based:
                self._style_parent[sid] = based
            numpr = style.find(f"{W}pPr/{W}numPr")
            if numpr is not None:
                nid = _val(numpr.find(W + "numId"))
                ilvl_el = numpr.find(W + "ilvl")
                self._style_num[sid] = (nid, _int(ilvl_el, 0) if ilvl_el is not None else None)

    def _levels(self, aid: str, seen: int = 0) -> dict[int, Level]:
        """An abstract list's levels; a list that links to a list style takes that style's list."""
        link = self._abstract_link.get(aid)
        if link and seen < 4:
            nid, _ = self._style_num.get(link, (None, None))
            if nid is not None and nid in self._nums:
                return self._levels(self._nums[nid][0], seen + 1)
        return self._abstract.get(aid, {})

    def _from_style(self, style_id: str | None) -> tuple[str | None, int | None, str | None]:
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            if style_id in self._style_num:
                nid, ilvl = self._style_num[style_id]
                return nid, ilvl, style_id
            style_id = self._style_parent.get(style_id)
        return None, None, None

    def label(self, ppr: etree._Element | None) -> Label | None:
        """The number Word draws before this paragraph, advancing the count; None if it has none."""
        if ppr is None:
            return None
        numpr = ppr.find(W + "numPr")
        nid: str | None = None
        ilvl: int | None = None
        style_id = _val(ppr.find(W + "pStyle"))
        if numpr is not None:
            nid = _val(numpr.find(W + "numId"))
            ilvl_el = numpr.find(W + "ilvl")
            ilvl = _int(ilvl_el, 0) if ilvl_el is not None else None
        num_style: str | None = None
        if nid is None:
            nid, style_ilvl, num_style = self._from_style(style_id)
            ilvl = ilvl if ilvl is not None else style_ilvl
        if nid is None or nid == "0" or nid not in self._nums:
            return None  # numId 0 switches numbering off
        aid, overrides, starts = self._nums[nid]
        if ilvl is None:
            ilvl = self._level_style.get((aid, num_style or style_id or ""), 0)
        ilvl = min(max(ilvl, 0), 8)
        levels = {**self._levels(aid), **overrides}
        level = levels.get(ilvl)
        if level is None:
            return None

        def start_of(k: int) -> int:
            return starts.get(k, levels[k].start if k in levels else 1)

        counter = self._counters.setdefault(aid, _Counter())
        if nid not in self._started:
            self._started.add(nid)
            for k in starts:
                if 0 <= k < 9:
                    counter.counts[k] = None  # the override restarts this level here
        counts = counter.counts
        current = counts[ilvl]
        counts[ilvl] = start_of(ilvl) if current is None else current + 1
        for k in range(ilvl + 1, 9):
            deeper = levels.get(k)
            if deeper is None or deeper.restart != 0:
                counts[k] = None
        if level.fmt == "bullet":
            text = level.text.strip() if _printable(level.text) else BULLET
            return Label(text + " ", bullet=True)
        text = level.text
        for k in range(9):
            placeholder = f"%{k + 1}"
            if placeholder not in text:
                continue
            value = counts[k] if counts[k] is not None else start_of(k)
            assert value is not None
            fmt = "decimal" if level.legal and k < ilvl else (levels[k].fmt if k in levels else "decimal")
            text = text.replace(placeholder, format_number(value, fmt))
        if level.suffix != "nothing" and text:
            text += " "
        return Label(text, bullet=False)


def _int_attr(el: etree._Element, name: str, default: int) -> int:
    value = el.get(W + name)
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _printable(text: str) -> bool:
    """A bullet character a reader sees: not empty, not a Symbol/Wingdings private-use code point."""
    return bool(text.strip()) and not any(0xE000 <= ord(ch) <= 0xF8FF for ch in text)
