"""The repaired text of a document, page by page (``ita-parse text``).

A Thai-correct ``pdftotext``: every paragraph and table cell of each page in
reading order, through the Thai repair, with digits as the text layer has
them (``parse`` turns them Arabic; ``text`` does not change values).  Tables
come out one row per line, cells separated by tabs.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from .._document import Document, Table, TextBlock
from .._repair import repair_texts
from .._thai import RepairLog


@dataclass
class PageText:
    page: int | None
    text: str
    verdict: str | None = None
    repairs: Counter[str] = field(default_factory=Counter)
    suspect: Counter[str] = field(default_factory=Counter)


def _pages_of(doc: Document) -> dict[int | None, list[str]]:
    """The raw text of each page, one entry per paragraph or table row."""
    pages: dict[int | None, list[str]] = {}
    for block in doc.blocks:
        if isinstance(block, TextBlock):
            pages.setdefault(block.page, []).append(block.raw)
            continue
        assert isinstance(block, Table)
        for row in block.rows:
            page = row.page if row.page is not None else block.page
            cells = ["\n".join(p.raw for p in c.paragraphs).replace("\n", " ") for c in row.cells]
            pages.setdefault(page, []).append("\t".join(cells))
    return pages


def page_texts(doc: Document, pages: set[int] | None = None) -> list[PageText]:
    """Repaired text of each page (all pages, or those in ``pages``)."""
    raw_pages = _pages_of(doc)
    verdicts = {q.page: q.verdict for q in doc.page_quality}
    numbers = sorted({*raw_pages, *verdicts}, key=lambda p: (p is None, p or 0))
    fixed = repair_texts([t for lines in raw_pages.values() for t in lines])
    out: list[PageText] = []
    for number in numbers:
        if pages is not None and number not in pages:
            continue
        log = RepairLog()
        lines = []
        for t in raw_pages.get(number, []):
            text, one = fixed[t]
            log.merge(one)
            lines.append(text)
        out.append(
            PageText(
                number,
                "\n".join(lines),
                verdicts.get(number) if number else None,
                log.repairs,
                Counter({**log.suspect, **log.ambiguous}),
            )
        )
    return out


def repaired_pages(raw: list[tuple[int | None, str, str | None]]) -> list[PageText]:
    """Repair (page, raw text, verdict) triples; the dictionary only if the text lost its ำ."""
    fixed = repair_texts([line for _, text, _ in raw for line in text.split("\n")])
    out: list[PageText] = []
    for number, text, verdict in raw:
        log = RepairLog()
        lines = []
        for line in text.split("\n"):
            repaired, one = fixed[line]
            log.merge(one)
            lines.append(repaired)
        out.append(
            PageText(
                number, "\n".join(lines), verdict, log.repairs, Counter({**log.suspect, **log.ambiguous})
            )
        )
    return out


def render_text(name: str, pages: list[PageText], *, several: bool) -> str:
    parts = []
    if several:
        parts.append(f"==> {name} <==\n")
    for i, page in enumerate(pages):
        if i:
            parts.append("\f")
        parts.append(page.text + "\n" if page.text else "")
    return "".join(parts)


def render_json(name: str, pages: list[PageText]) -> str:
    data = {
        "path": name,
        "pages": [
            {
                "page": p.page,
                "verdict": p.verdict,
                "text": p.text,
                "repairs": dict(sorted(p.repairs.items())),
                "suspect": dict(sorted(p.suspect.items())),
            }
            for p in pages
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def parse_page_list(spec: str) -> set[int]:
    """Pages as "1-3,5" (1-based) into a set; ValueError on anything else."""
    out: set[int] = set()
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            a, b = part.split("-", 1)
            lo, hi = int(a), int(b)
            if lo < 1 or hi < lo:
                raise ValueError(f"not a page range: {part!r}")
            out.update(range(lo, hi + 1))
        else:
            n = int(part)
            if n < 1:
                raise ValueError(f"not a page number: {part!r}")
            out.add(n)
    if not out:
        raise ValueError("no pages given")
    return out
