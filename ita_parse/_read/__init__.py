"""Readers: a file → a ``Document`` of text blocks and tables with provenance.

One module per input kind.  ``read`` picks the reader from the file's
content (magic bytes) first and its extension second, so a PDF named .txt is
still read as a PDF and a text file named .pdf is reported clearly.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .._document import Document
from .._errors import CorruptInput, EmptyInput, FileMissing, UnsupportedInput, UsageError
from .text import decode_text, read_text

__all__ = ["DEFAULT_TIMEOUT", "OCR_MODES", "SUPPORTED_SUFFIXES", "ReadOptions", "load_source", "read"]

SUPPORTED_SUFFIXES = {
    ".txt": "text",
    ".md": "text",
    ".text": "text",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
}


#: seconds one file may take to read (a damaged PDF must not hang a batch)
DEFAULT_TIMEOUT = 300.0


#: auto: OCR the pages without a usable text layer; always: every page; never: none
OCR_MODES = ("auto", "always", "never")


@dataclass(frozen=True)
class ReadOptions:
    ocr: str = "auto"  # auto | always | never
    #: seconds one file may take to read (PDF); None = no limit
    timeout: float | None = DEFAULT_TIMEOUT


@dataclass(frozen=True)
class Loaded:
    data: bytes
    path: str
    text: str | None = None  # when the caller passed text, not bytes


def load_source(source: str | os.PathLike[str] | bytes, *, name: str | None = None) -> Loaded:
    """Turn what the caller passed (a path, bytes, or text) into bytes and a display path."""
    if isinstance(source, bytes):
        return Loaded(source, name or "<bytes>")
    if isinstance(source, os.PathLike):
        return _load_path(Path(source))
    if isinstance(source, str):
        one_line = "\n" not in source and len(source) < 4096 and source.strip() == source
        if one_line and (
            os.path.exists(source)
            or Path(source).suffix.lower() in SUPPORTED_SUFFIXES
            or (not any(ch.isspace() for ch in source) and ("/" in source or "\\" in source))
        ):
            return _load_path(Path(source))
        return Loaded(source.encode("utf-8"), name or "<text>", text=source)
    raise TypeError(f"cannot read a {type(source).__name__}: pass a path, bytes or text")


def _load_path(path: Path) -> Loaded:
    shown = str(path)
    if not path.exists():
        raise FileMissing("no such file", path=shown)
    if path.is_dir():
        raise UnsupportedInput("this is a folder, not a file", path=shown)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FileMissing(f"cannot be read: {exc.strerror or exc}", path=shown) from None
    return Loaded(data, shown)


def sniff(data: bytes, path: str) -> str:
    """The input kind from the first bytes, falling back to the extension."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # an OLE compound file: an encrypted .docx, or an old .doc (the Word reader says which)
        return "docx"
    if data.startswith(b"PK\x03\x04"):
        return "docx" if path.lower().endswith(".docx") or b"word/" in data[:4096] else "zip"
    lowered = head[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lowered:
        return "html"
    suffix = Path(path).suffix.lower()
    kind = SUPPORTED_SUFFIXES.get(suffix)
    if kind == "pdf":
        # named .pdf but does not start like one
        return "not-pdf"
    return kind or "text"


def read(loaded: Loaded, options: ReadOptions | None = None) -> Document:
    """Read one input into a Document (raw text; the repair stage comes after)."""
    options = options or ReadOptions()
    if options.ocr not in OCR_MODES:
        raise UsageError(f"--ocr must be one of {', '.join(OCR_MODES)}, not {options.ocr!r}")
    data = loaded.data
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise EmptyInput("the file is empty", path=loaded.path)
    if loaded.text is not None:
        return read_text(loaded.text, path=loaded.path, sha256=sha, encoding="utf-8")
    kind = sniff(data, loaded.path)
    if kind == "text":
        text, enc = decode_text(data, loaded.path)
        return read_text(text, path=loaded.path, sha256=sha, encoding=enc)
    if kind == "pdf":
        from .pdf import read_pdf  # PDF libraries load only when a PDF is read

        return read_pdf(data, path=loaded.path, sha256=sha, timeout=options.timeout, ocr=options.ocr)
    if kind == "not-pdf":
        raise CorruptInput(
            "named .pdf but it is not a PDF file (it does not start with %PDF)", path=loaded.path
        )
    if kind in ("docx", "zip"):
        from .docx import read_docx  # python-docx loads only when a Word file is read

        return read_docx(data, path=loaded.path, sha256=sha)
    if kind == "html":
        from .html import read_html

        return read_html(data, path=loaded.path, sha256=sha)
    raise UnsupportedInput(f"reading {kind} files is not supported yet", path=loaded.path)
