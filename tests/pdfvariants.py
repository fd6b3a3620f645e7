"""PDF files with the broken Thai text layers of Word exports, made from the clean fixture PDFs.

The fixtures (``tests/data/pdf/laksaman.pdf`` …) were exported by LibreOffice: each font is a one-byte
TrueType subset with a ToUnicode CMap, every ำ is drawn as two glyphs (nikhahit, then sara aa), and
``/ActualText`` spans give the right text where the glyph's own mapping would not (ำ, and marks that
the shaper drew in another order than they are typed: ``ค ่ ู`` for คู่).

A variant keeps every drawing operator and glyph as it is (the page renders to the same pixels) and
changes only what a text extractor reads, the way a broken Word export does:

1. the ``/ActualText`` spans are removed, so each glyph reads as its own mapping;
2. each font's ToUnicode CMap is rewritten: every glyph maps to the character it draws (worked out from
   the fixture's own text, below), except for the glyphs the variant breaks — the nikhahit glyph of ำ
   read as a space, as mai tho, as ํ, as U+FFFD or as nothing; tone marks and other marks read as their
   private-use (PUA) code points; the sara aa glyph read as ำ; digits read in the other script.

What a glyph draws is not simply its ToUnicode entry in the fixture: LibreOffice maps a glyph to the text
of the first cluster it appeared in and corrects the rest with ``/ActualText``, so the glyph of ู can be
mapped to ่.  Each glyph's character is found from the clusters it occurs in (a base character and the
marks after it, as the fixture's text reads): a mark glyph draws the one mark common to every cluster it
is part of.  The generator fails loudly when that is not unique, rather than guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

NIKHAHIT = "\u0e4d"
SARA_AA = "\u0e32"
SARA_AM = "\u0e33"
MAI_THO = "\u0e49"
TONES = "\u0e48\u0e49\u0e4a\u0e4b\u0e4c"  # ่ ้ ๊ ๋ ์
#: marks drawn above the base (a tone mark over one of them is drawn high, not lowered)
ABOVE = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47\u0e4d"
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"

# Private-use code points of Thai fonts (docs: ../shared/docs/thai-pdf-text.md §A1, HarfBuzz's table):
# a tone mark lowered (no upper vowel under it), a mark shifted left (over ป ฝ ฟ), and the Apple range
WINDOWS_LOWERED = {
    "\u0e48": "\uf70a",
    "\u0e49": "\uf70b",
    "\u0e4a": "\uf70c",
    "\u0e4b": "\uf70d",
    "\u0e4c": "\uf70e",
}
APPLE = {
    "\u0e10": "\uf89e",  # ฐ without descender
    "\u0e0d": "\uf89a",  # ญ without descender
    "\u0e34": "\uf885",
    "\u0e35": "\uf886",
    "\u0e36": "\uf887",
    "\u0e37": "\uf888",
    "\u0e31": "\uf884",
    "\u0e47": "\uf889",
    "\u0e38": "\uf89b",
    "\u0e39": "\uf89c",
}
APPLE_HIGH = {
    "\u0e48": "\uf88a",
    "\u0e49": "\uf88d",
    "\u0e4a": "\uf890",
    "\u0e4b": "\uf893",
    "\u0e4c": "\uf896",
}
APPLE_LOWERED = {
    "\u0e48": "\uf88b",
    "\u0e49": "\uf88e",
    "\u0e4a": "\uf891",
    "\u0e4b": "\uf894",
    "\u0e4c": "\uf897",
}


@dataclass(frozen=True)
class Variant:
    """One broken text layer made from one fixture.

    ``nikhahit``: what the nikhahit glyph of ำ reads as (None: ํ, its own character; "": nothing, made
    with an ``/ActualText`` span over the glyph pair that says what the sara aa glyph reads as).
    ``sara_aa``: what the sara aa glyph reads as.  ``pua``: "lowered" maps the lowered tone-mark glyphs
    to the Windows PUA (what Word does with TH Sarabun), "apple" maps every mark glyph (and ญ ฐ) to the
    Apple PUA.  ``digits``: "swap" maps every digit glyph to the other script, "mixed" only the even ones.
    ``broken``: regular expressions the variant's raw text layer must each match (and the clean one not).
    """

    name: str
    source: str
    broken: tuple[str, ...]
    nikhahit: str | None = None
    sara_aa: str = SARA_AA
    pua: str | None = None
    digits: str | None = None
    note: str = ""

    @property
    def filename(self) -> str:
        return f"{self.source}-{self.name}.pdf"


# ำ in each of its broken forms, in two other fonts besides Laksaman, and the combined forms real files show
SARA_AM_FORMS = {
    "am_space": dict(nikhahit=" ", broken=("ส านัก",), note="ส านักงาน"),
    "am_tone": dict(nikhahit=MAI_THO, broken=("ต้าบล",), note="ต้าบล, น้้า"),
    "am_split": dict(nikhahit=NIKHAHIT, broken=("ด\u0e4d\u0e32เนิน",), note="ดําเนิน (ํ + า)"),
    "am_fffd": dict(nikhahit="\ufffd", broken=("ประจ\ufffdา",), note="ประจ�า"),
    "am_lost": dict(nikhahit="", broken=("ดาเนิน",), note="ดาเนิน (nikhahit read as nothing)"),
    "aa_as_am": dict(nikhahit="", sara_aa=SARA_AM, broken=("กำร",), note="the sara aa glyph mapped to ำ"),
}

VARIANTS: tuple[Variant, ...] = (
    *(
        Variant(name, font, **kw)
        for font in ("laksaman", "garuda", "norasi")
        for name, kw in SARA_AM_FORMS.items()
    ),
    Variant("pua_lowered", "laksaman", broken=("หน\uf70aวยงาน",), pua="lowered", note="หน\uf70aวยงาน"),
    Variant(
        "pua_apple", "garuda", broken=("หน\uf88bวยงาน",), pua="apple", note="every mark in the Apple PUA"
    ),
    Variant("pua_lowered", "norasi", broken=("หน\uf70aวยงาน",), pua="lowered"),
    Variant(
        "am_space_pua",
        "laksaman",
        broken=("ส านัก", "หน\uf70aวยงาน"),
        nikhahit=" ",
        pua="lowered",
        note="ำ as a space and tone marks as PUA, as in real Word exports",
    ),
    Variant(
        "am_tone_pua",
        "garuda",
        broken=("ต้าบล", "หน\uf88bวยงาน"),
        nikhahit=MAI_THO,
        pua="apple",
    ),
    Variant(
        "am_split_pua",
        "norasi",
        broken=("ด\u0e4d\u0e32เนิน", "หน\uf70aวยงาน"),
        nikhahit=NIKHAHIT,
        pua="lowered",
    ),
    Variant(
        "digits_arabic", "laksaman", broken=("2569",), digits="swap", note="Thai digit glyphs read as 0-9"
    ),
    Variant(
        "digits_thai",
        "arabic_digits",
        broken=("๒๕๖๙",),
        digits="swap",
        note="Arabic digit glyphs read as ๐-๙",
    ),
    Variant(
        "digits_mixed",
        "laksaman",
        broken=("[0-9][๐-๙]|[๐-๙][0-9]", "ต้าบล"),
        digits="mixed",
        nikhahit=MAI_THO,
        note="digits mixed inside a number and ำ as ้า",
    ),
)


def variant(source: str, name: str) -> Variant:
    return next(v for v in VARIANTS if v.source == source and v.name == name)


# --- reading a fixture ----------------------------------------------------------------------------------

_BFCHAR_RE = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")


def _to_unicode(font: pikepdf.Object) -> dict[int, str]:
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    if "beginbfrange" in cmap:
        raise ValueError("a ToUnicode with bfrange entries: not a LibreOffice one-byte subset")
    out = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, flags=re.S):
        for code, target in _BFCHAR_RE.findall(block):
            out[int(code, 16)] = bytes.fromhex(target).decode("utf-16-be")
    return out


def _is_mark(ch: str) -> bool:
    return len(ch) == 1 and unicodedata.category(ch) == "Mn"


@dataclass
class _Font:
    obj: pikepdf.Object
    to_unicode: dict[int, str]
    #: per code: the marks of each cluster a mark glyph occurred in (their intersection is what it draws)
    candidates: dict[int, set[str]] = field(default_factory=dict)
    readings: dict[int, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    #: per tone-mark code: occurrences over a mark drawn above (so drawn high) and not
    above: Counter[int] = field(default_factory=Counter)
    alone: Counter[int] = field(default_factory=Counter)
    nikhahit_codes: set[int] = field(default_factory=set)

    def glyphs(self) -> dict[int, str]:
        """What each code's glyph draws."""
        out = {}
        for code, mapped in self.to_unicode.items():
            seen = self.readings.get(code)
            if code in self.nikhahit_codes:
                out[code] = NIKHAHIT
            elif code in self.candidates:
                only = self.candidates[code]
                if len(only) != 1:
                    raise ValueError(f"glyph {code:#x} of {self.obj.BaseFont}: draws one of {only}?")
                out[code] = next(iter(only))
            elif seen:
                if len(seen) != 1:
                    raise ValueError(f"glyph {code:#x} of {self.obj.BaseFont} reads as {dict(seen)}")
                out[code] = next(iter(seen))
            else:
                out[code] = mapped  # not shown on any page
        return out

    def lowered(self, code: int) -> bool:
        """Whether a tone-mark glyph is the lowered one (mostly drawn with no upper vowel under it)."""
        return self.alone[code] > self.above[code]


def _fonts_of(resources: pikepdf.Object, fonts: dict[tuple[int, int], _Font]) -> dict[str, _Font]:
    out = {}
    for name, obj in resources.get("/Font", {}).items():
        key = obj.objgen
        if key not in fonts:
            fonts[key] = _Font(obj, _to_unicode(obj))
        out[name] = fonts[key]
    return out


def _shown_codes(operands: list[pikepdf.Object], operator: str) -> Iterator[int]:
    arg = operands[-1]
    items = list(arg) if isinstance(arg, pikepdf.Array) else [arg]
    for item in items:
        if isinstance(item, pikepdf.String):
            yield from bytes(item)


def _actual_text(operands: list[pikepdf.Object]) -> str | None:
    props = operands[1] if len(operands) > 1 else None
    if isinstance(props, pikepdf.Dictionary) and "/ActualText" in props:
        return str(props.ActualText)
    return None


def _analyse(pdf: pikepdf.Pdf) -> dict[tuple[int, int], _Font]:
    """Every font of the document, with what each of its glyphs draws worked out from the text."""
    fonts: dict[tuple[int, int], _Font] = {}
    for page in pdf.pages:
        by_name = _fonts_of(page.Resources, fonts)
        font: _Font | None = None
        shown: list[tuple[_Font, int, str]] = []  # (font, code, the text it stands for here)
        span: list[tuple[_Font, int]] | None = None
        span_text = ""
        for ins in pikepdf.parse_content_stream(page):
            op = str(ins.operator)
            if op == "Tf":
                font = by_name[str(ins.operands[0])]
            elif op == "BDC" and _actual_text(list(ins.operands)) is not None:
                span, span_text = [], _actual_text(list(ins.operands)) or ""
            elif op == "EMC" and span is not None:
                if span_text == SARA_AM and len(span) == 2:  # ำ drawn as nikhahit + sara aa
                    span[0][0].nikhahit_codes.add(span[0][1])
                    shown += [(span[0][0], span[0][1], NIKHAHIT), (span[1][0], span[1][1], SARA_AA)]
                elif len(span) == len(span_text):
                    shown += [(f, c, t) for (f, c), t in zip(span, span_text, strict=True)]
                else:
                    raise ValueError(f"an /ActualText span {span_text!r} over {len(span)} glyphs")
                span = None
            elif op in ("Tj", "TJ", "'", '"'):
                assert font is not None
                for code in _shown_codes(list(ins.operands), op):
                    if span is not None:
                        span.append((font, code))
                    else:
                        shown.append((font, code, font.to_unicode.get(code, "")))
        # clusters: a character that is not a mark, and the marks after it
        cluster: list[tuple[_Font, int, str]] = []
        for item in [*shown, (None, -1, "")]:
            f, code, text = item
            if f is not None and _is_mark(text):
                cluster.append(item)  # type: ignore[arg-type]
                continue
            marks = {t for _, _, t in cluster[1:]}
            for mf, mcode, mtext in cluster[1:]:
                prev = mf.candidates.get(mcode)
                mf.candidates[mcode] = set(marks) if prev is None else prev & marks
                if mtext in TONES:
                    if any(t in ABOVE for t in marks):
                        mf.above[mcode] += 1
                    else:
                        mf.alone[mcode] += 1
            if cluster:
                bf, bcode, btext = cluster[0]
                bf.readings[bcode][btext] += 1
            cluster = [item] if f is not None else []  # type: ignore[list-item]
    return fonts


# --- writing a variant ----------------------------------------------------------------------------------


def _mapping(font: _Font, v: Variant) -> dict[int, str]:
    glyphs = font.glyphs()
    out = {}
    for code, ch in glyphs.items():
        target = ch
        if ch == NIKHAHIT and code in font.nikhahit_codes and v.nikhahit is not None:
            # a nikhahit read as nothing: an /ActualText span says so (see _without_actual_text); an
            # extractor that ignores the span reads a zero-width space (an empty entry reads as the code)
            target = v.nikhahit or "\u200b"
        elif ch == SARA_AA:
            target = v.sara_aa
        elif v.pua == "lowered" and ch in WINDOWS_LOWERED and font.lowered(code):
            target = WINDOWS_LOWERED[ch]
        elif v.pua == "apple" and ch in APPLE_HIGH:
            target = (APPLE_LOWERED if font.lowered(code) else APPLE_HIGH)[ch]
        elif v.pua == "apple" and ch in APPLE:
            target = APPLE[ch]
        elif v.digits and ch and ch in THAI_DIGITS + ARABIC_DIGITS:
            value = (THAI_DIGITS + ARABIC_DIGITS).index(ch) % 10
            if v.digits == "swap" or value % 2 == 0:
                target = (ARABIC_DIGITS if ch in THAI_DIGITS else THAI_DIGITS)[value]
        out[code] = target
    return out


def _cmap(mapping: dict[int, str]) -> bytes:
    lines = [
        "/CIDInit/ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo<<",
        "/Registry (Adobe)",
        "/Ordering (UCS)",
        "/Supplement 0",
        ">> def",
        "/CMapName/Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<00> <FF>",
        "endcodespacerange",
        f"{len(mapping)} beginbfchar",
    ]
    for code in sorted(mapping):
        lines.append(f"<{code:02X}> <{mapping[code].encode('utf-16-be').hex().upper()}>")
    lines += ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end", ""]
    return "\n".join(lines).encode("ascii")


def _without_actual_text(page: pikepdf.Page, sara_am: str | None) -> bytes:
    """The page's content stream with the ``/ActualText`` spans unwrapped (their glyphs stay).

    With ``sara_am``, the spans over ำ (nikhahit and sara aa glyphs) stay, saying ``sara_am``: how a
    lost nikhahit is made (PDFium reads the span's text and nothing of the nikhahit glyph).
    """
    out = []
    stack: list[bool] = []
    for ins in pikepdf.parse_content_stream(page):
        op = str(ins.operator) if not isinstance(ins, pikepdf.ContentStreamInlineImage) else ""
        if op in ("BDC", "BMC"):
            text = _actual_text(list(ins.operands)) if op == "BDC" else None
            if text == SARA_AM and sara_am is not None:
                props = pikepdf.Dictionary(ActualText=pikepdf.String(sara_am))
                ins = pikepdf.ContentStreamInstruction([ins.operands[0], props], ins.operator)
                text = None
            stack.append(text is not None)
            if text is not None:
                continue
        elif op == "EMC" and stack and stack.pop():
            continue
        out.append(ins)
    return pikepdf.unparse_content_stream(out)


def make(v: Variant, source: Path, dest: Path) -> Path:
    """Write the variant ``v`` of the fixture ``source`` to ``dest``."""
    with pikepdf.open(source) as pdf:
        fonts = _analyse(pdf)
        lost = v.sara_aa if v.nikhahit == "" else None
        for page in pdf.pages:
            page.Contents = pdf.make_stream(_without_actual_text(page, lost))
        for font in fonts.values():
            font.obj.ToUnicode = pdf.make_stream(_cmap(_mapping(font, v)))
        pdf.save(dest, deterministic_id=True)
    return dest


def glyph_table(source: Path) -> dict[str, dict[int, str]]:
    """What each glyph of each font draws, by font name (for tests of this module)."""
    with pikepdf.open(source) as pdf:
        return {str(f.obj.BaseFont): f.glyphs() for f in _analyse(pdf).values()}
