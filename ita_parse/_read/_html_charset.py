"""The character set of a web page: byte-order mark, then declaration, then what the bytes are.

Thai government sites still serve pages in TIS-620 / windows-874, and many
declare the wrong charset: UTF-8 pages that say ``tis-620`` (a template
copied from an old site), TIS-620 pages that say ``utf-8`` or
``iso-8859-1``.  A browser that trusts the declaration shows mojibake; here
the bytes decide when they can:

1. a byte-order mark (UTF-8, UTF-16) is final;
2. bytes that are valid UTF-8 and not plain ASCII are UTF-8, whatever the
   page declares: Thai in TIS-620 is never valid UTF-8 (its letters are bytes
   A1–FB, which UTF-8 allows only as continuation bytes), and neither is any
   real text in another single-byte charset;
3. otherwise the page is single-byte.  It is Thai (windows-874, the superset
   of TIS-620 that the WHATWG encoding standard uses for both labels) when
   decoded so its Thai reads as Thai: vowel and tone marks sit on Thai
   letters, and Thai letters do not stand alone inside Latin words as the
   accented letters of a Latin-1 page decoded as Thai would.  A declared
   Thai charset is believed then; a declared UTF-8 or Latin charset is
   overruled;
4. a page that is none of these is decoded by its declared charset if it
   names one Python knows, else as windows-1252; it holds no Thai, so it
   will be no ITA report, and ``check`` says so.
"""

from __future__ import annotations

import codecs

import regex

#: labels of TIS-620 and its supersets, all read as windows-874 (cp874)
THAI_LABELS = {"tis-620", "tis620", "tis_620", "iso-8859-11", "iso8859-11", "iso8859_11", "windows-874",
               "x-windows-874", "cp874", "ms874", "dos-874", "ibm874"}  # fmt: skip

# <meta charset=…>, <meta http-equiv="Content-Type" content="…; charset=…">, <?xml … encoding="…"?>
_DECLARED = regex.compile(
    rb"""<meta[^>]{0,400}?charset\s*=\s*["']?\s*(?P<cs>[A-Za-z0-9._:-]{1,40})"""
    rb"""|<\?xml[^>]{0,200}?encoding\s*=\s*["'](?P<xml>[A-Za-z0-9._:-]{1,40})""",
    regex.IGNORECASE,
)
_THAI = regex.compile(r"[\u0e01-\u0e5b]")
# marks that sit above or below a base letter (sara am, ำ, is a spacing vowel and may follow anything)
_MARK = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_FLOATING_MARK = regex.compile(rf"(?:^|(?<=[^\u0e01-\u0e2e{_MARK}]))[{_MARK}]")
# one Thai character between two Latin letters: an accented letter of a Latin-1 page decoded as Thai
_LONE_THAI_IN_LATIN = regex.compile(
    r"(?<=[A-Za-z])[\u0e01-\u0e5b](?=[A-Za-z])|(?<=[A-Za-z])[\u0e01-\u0e5b](?=\s)"
)


def declared_charset(data: bytes) -> str | None:
    """The charset the page declares in its first 4 KiB, as a Python codec name (None: none, or unknown)."""
    m = _DECLARED.search(data[:4096])
    if m is None:
        return None
    label = (m.group("cs") or m.group("xml") or b"").decode("ascii", "replace").strip().lower()
    return normalise(label)


def normalise(label: str) -> str | None:
    """A charset label as the codec that reads it (the Thai labels as cp874), or None if unknown."""
    label = label.strip().lower()
    if label in THAI_LABELS:
        return "cp874"
    if label in ("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"):
        return "cp1252"  # as browsers do: these labels mean windows-1252
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def reads_as_thai(text: str) -> bool:
    """Whether decoded text holds Thai that reads as Thai (and is not a Latin page decoded as Thai)."""
    letters = len(_THAI.findall(text))
    if letters == 0:
        return False
    bad = len(_FLOATING_MARK.findall(text)) + len(_LONE_THAI_IN_LATIN.findall(text))
    return bad <= letters * 0.02


def decode_html(data: bytes) -> tuple[str, str, str | None]:
    """The page's text, the codec it was read with, and the charset it declared (codec name or None)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig", declared_charset(data[3:])
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
        return text, "utf-16", declared_charset(text.encode("ascii", "ignore"))
    declared = declared_charset(data)
    if data.isascii():
        # every charset a page may declare reads ASCII alike
        return data.decode("ascii"), declared or "ascii", declared
    utf8 = _strict(data, "utf-8")
    thai = _strict(data, "cp874")
    thai_ok = thai is not None and reads_as_thai(thai)
    # a few Thai letters in TIS-620 can form valid UTF-8 ("เกก" is E0 A1 A1): UTF-8 that holds no Thai
    # loses to a windows-874 reading that is good Thai
    if utf8 is not None and (_THAI.search(utf8) or not thai_ok):
        return utf8, "utf-8", declared
    if thai is not None and thai_ok:
        return thai, "cp874", declared
    lenient = data.decode("utf-8", errors="replace")
    broken = lenient.count("\ufffd")
    if _THAI.search(lenient) and broken <= max(1, 0.01 * sum(1 for ch in lenient if ord(ch) > 127)):
        return lenient, "utf-8", declared  # a UTF-8 page with a damaged byte or two
    if declared is not None and declared not in ("utf-8", "cp874"):
        as_declared = _strict(data, declared)
        if as_declared is not None:
            return as_declared, declared, declared
    if declared in ("utf-8", "cp874"):
        # neither what it says nor anything better: read as declared, undecodable bytes as U+FFFD
        return data.decode(declared, errors="replace"), declared, declared
    return data.decode("cp1252", errors="replace"), "cp1252", declared


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
