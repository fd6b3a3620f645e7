"""The auditor's HTML report: one self-contained page per input (``ita-parse report``), or one for a
whole run (``ita-parse check --format html``).

The page needs nothing from the network: styles are inline, page crops are
data: URIs, the chart is inline SVG, there is no script, and a
Content-Security-Policy forbids any other load.  It reads in Thai with English
labels, and prints on A4 (``@media print``) with no finding cut across two
pages.

Layout of one report: a header card (agency, years, total, level, tool scores,
source file and sha256, counts), the indicator scores as a chart with the
disputed values marked, the findings grouped by severity (rule code linked to
the rule's description at the end of the page, message, expected and actual,
and the places: page crops with the boxes drawn over them for PDFs, the line
or paragraph for other inputs), the improvement plan as rows with its findings
inline, and the rules cited.
"""

from __future__ import annotations

import datetime as _dt
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._findings import SEVERITIES, ErrorInfo, Finding, Stats
from .._model import Indicator, PlanRow, Provenance, Report
from .._thai import repair_thai, to_arabic_digits
from .._version import __version__
from .crops import Crop, PageImages, Place, places_of, plan_crops
from .findings import where

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:"

SEVERITY_LABEL = {
    "error": ("ข้อผิดพลาด", "Errors"),
    "warning": ("คำเตือน", "Warnings"),
    "info": ("ข้อสังเกต", "Info"),
}
TABLE_LABEL = {
    "summary": "ตารางสรุปคะแนน",
    "items": "ตารางรายข้อ",
    "analysis": "บทวิเคราะห์",
    "plan": "ตารางแผนพัฒนา",
    "intro": "บทนำ",
    "title": "หัวเรื่อง",
}
TOOLS = ("IIT", "EIT", "OIT")
#: related places quoted per finding (inputs without page images); the others are listed by location
MAX_QUOTED = 4
#: characters of a place's text quoted
RAW_LIMIT = 320
#: CSS pixels: crops taller than this at full width are shown narrower
CROP_MAX_HEIGHT = 320


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


@dataclass
class FileEntry:
    """One input of a run, as the HTML renderer needs it."""

    path: str
    report: Report | None = None
    findings: list[Finding] = field(default_factory=list)
    error: ErrorInfo | None = None
    sha256: str | None = None
    data: bytes | None = None  # the input's bytes when they are not in a file (stdin)


# --- small formatting helpers ---------------------------------------------------------------------


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _display_text(raw: str) -> str:
    """Text as found, for reading: the exact Thai repairs (no dictionary guesses) and Arabic digits."""
    return repair_thai(to_arabic_digits(raw), restore_nikhahit=False)


def _clip(text: str, limit: int = RAW_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _value_text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):  # a score as printed; a whole number of four digits is a year
        return str(int(value)) if value.is_integer() and abs(value) >= 1000 else f"{value:.2f}"
    if isinstance(value, list):
        if len(value) == 2 and all(isinstance(v, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", v) for v in value):
            return f"{value[0]} – {value[1]}"
        return " ".join(_value_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_value_text(v)}" for k, v in value.items())
    return str(value)


def where_th(loc: Provenance) -> str:
    """A location in Thai: "หน้า 2 · ตารางสรุปคะแนน แถว 6"."""
    parts: list[str] = []
    if loc.path:
        parts.append(loc.path)
    if loc.page is not None:
        parts.append(f"หน้า {loc.page}")
    if loc.line is not None:
        parts.append(f"บรรทัด {loc.line}")
    elif loc.paragraph is not None:
        parts.append(f"ย่อหน้า {loc.paragraph}")
    if loc.table is not None:
        piece = TABLE_LABEL.get(loc.table, loc.table)
        if loc.row is not None:
            piece += f" แถว {loc.row}"
        if loc.column is not None:
            piece += f" คอลัมน์ {loc.column}"
        parts.append(piece)
    return " · ".join(parts) or "ทั้งเอกสาร"


def _rows(rows: list[int]) -> str:
    """1, 2, 3, 5 → "1–3, 5"."""
    out: list[str] = []
    start = prev = rows[0]
    for r in [*rows[1:], None]:
        if r is not None and r == prev + 1:
            prev = r
            continue
        out.append(str(start) if start == prev else f"{start}–{prev}")
        if r is not None:
            start = prev = r
    return ", ".join(out)


def where_list(locs: Sequence[Provenance]) -> str:
    """Several places, rows of one table on one page run together: "หน้า 6 · ตารางรายข้อ แถว 37–41"."""
    rows: dict[tuple[str | None, int | None, str], list[int]] = {}
    parts: dict[tuple[str | None, int | None, str], str] = {}  # in order; a table's rows filled in below
    for loc in locs:
        if loc.row is not None and loc.table is not None and loc.line is None and loc.paragraph is None:
            key = (loc.path, loc.page, "table:" + loc.table)
            rows.setdefault(key, [])
            if loc.row not in rows[key]:
                rows[key].append(loc.row)
            head = [x for x in (loc.path, f"หน้า {loc.page}" if loc.page is not None else None) if x]
            parts[key] = " · ".join([*head, TABLE_LABEL.get(loc.table, loc.table)])
        else:
            text = where_th(loc)
            parts[(loc.path, loc.page, text)] = text
    return "; ".join(
        f"{text} แถว {_rows(sorted(rows[key]))}" if key in rows else text for key, text in parts.items()
    )


def _where_both(loc: Provenance) -> str:
    return f'<span class="where" title="{_e(where(loc))}">{_e(where_th(loc))}</span>'


def _same_place(a: Provenance, b: Provenance) -> bool:
    return (
        a.path == b.path
        and a.page == b.page
        and a.line == b.line
        and a.paragraph == b.paragraph
        and a.table == b.table
        and a.row == b.row
        and (a.bbox is None or b.bbox is None or a.bbox == b.bbox)
        and (a.page is not None or a.line is not None or a.paragraph is not None or a.row is not None)
    )


def _places(f: Finding) -> list[Provenance]:
    return [f.location, *f.related]


# --- what the findings dispute ------------------------------------------------------------------


@dataclass
class Disputes:
    """Which printed values the findings dispute: indicators, tools, total, level."""

    indicators: dict[int, list[Finding]] = field(default_factory=dict)
    tools: dict[str, list[Finding]] = field(default_factory=dict)
    total: list[Finding] = field(default_factory=list)
    level: list[Finding] = field(default_factory=list)
    years: list[Finding] = field(default_factory=list)
    previous: list[Finding] = field(default_factory=list)

    @classmethod
    def of(cls, report: Report, findings: Sequence[Finding]) -> Disputes:
        out = cls()
        for f in findings:
            if "name" in f.name:  # names, not values
                continue
            places = [p for p in _places(f) if p.field == "score"]
            for ind in report.indicators:
                by_place = any(_same_place(p, s) for p in places for s in ind.sources)
                by_rule = f.indicator == ind.number and (f.category == "arithmetic" or "score" in f.name)
                if (by_place or by_rule) and "tool" not in f.ctx:
                    out.indicators.setdefault(ind.number, []).append(f)
            tool = f.ctx.get("tool")
            if tool in TOOLS:
                out.tools.setdefault(str(tool), []).append(f)
            if "total" in f.name or any(
                _same_place(p, s) and p.field == s.field for p in _places(f) for s in report.total_sources
            ):
                out.total.append(f)
            if f.category == "level":
                out.level.append(f)
            if f.name in (
                "assessed-year-not-fiscal-minus-one",
                "assessed-year-inconsistent",
                "impossible-year",
            ):
                out.years.append(f)
            if "previous" in f.name or "claimed-change" in f.name:
                out.previous.append(f)
        return out


# --- the document ---------------------------------------------------------------------------------


class _Ids:
    """Finding numbers and anchors within one page (a run page numbers each file's findings apart)."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self.number: dict[int, int] = {}

    def assign(self, findings: Sequence[Finding]) -> None:
        for i, f in enumerate(findings, 1):
            self.number[id(f)] = i

    def label(self, f: Finding) -> str:
        return f"F{self.prefix}{self.number[id(f)]}"

    def anchor(self, f: Finding) -> str:
        return f"f{self.prefix.replace('.', '-')}{self.number[id(f)]}"


def _ordered(findings: Sequence[Finding]) -> list[Finding]:
    """Findings by severity (errors first), in the checker's order within each."""
    return [f for sev in SEVERITIES for f in findings if f.severity == sev]


def _link_list(findings: Iterable[Finding], ids: _Ids) -> str:
    """Links to these findings, each once: "⚠ F2 ITA304"."""
    out = []
    for f in {id(f): f for f in findings}.values():
        out.append(
            f'<a class="flag sev-{f.severity}" href="#{ids.anchor(f)}" title="{_e(f.message)}">'
            f"⚠ {_e(ids.label(f))} {_e(f.code)}</a>"
        )
    return " ".join(out)


def _header_card(report: Report, findings: Sequence[Finding], disputes: Disputes, ids: _Ids, h: int) -> str:
    a = report.agency
    agency = a.name or "—"
    where_parts = [x for x in (a.district, a.province) if x]
    if where_parts:
        agency += " (" + ", ".join(where_parts) + ")"
    stats = Stats.of(list(findings))

    def row(th: str, en: str, value: str, flags: Iterable[Finding] = (), cls: str = "") -> str:
        """One label and value of the card; ``flags`` are the findings that dispute the value."""
        mark = _link_list(flags, ids)
        return (
            f'<div class="kv{(" " + cls) if cls else ""}"><dt>{_e(th)} <span class="en">{_e(en)}</span></dt>'
            f"<dd>{value}{(' ' + mark) if mark else ''}</dd></div>"
        )

    tools = " · ".join(
        f'<span class="tool">{t} <b>{_e(_score(report.tool_scores.get(t)))}</b>'
        f"{(' ' + _link_list(disputes.tools.get(t, []), ids)) if disputes.tools.get(t) else ''}</span>"
        for t in TOOLS
    )
    prev = report.previous
    previous = "—"
    if prev is not None and (prev.total_score is not None or prev.assessed_year is not None):
        previous = f"{_e(prev.assessed_year or '—')}: {_e(_score(prev.total_score))}"
        if prev.claimed_change is not None:
            previous += f" (ระบุว่าเปลี่ยน {prev.claimed_change:+.2f})"
    src = report.source
    counts = " · ".join(
        f'<span class="count sev-{sev}">{_e(SEVERITY_LABEL[sev][0])} '
        f'<span class="en">{_e(SEVERITY_LABEL[sev][1].lower())}</span> <b>{getattr(stats, sev)}</b></span>'
        for sev in SEVERITIES
    )
    rows = [
        row("หน่วยงาน", "Agency", _e(agency), cls="wide"),
        row("ปีงบประมาณ", "Fiscal year", _e(report.fiscal_year or "—")),
        row("ปีที่ประเมิน", "Assessed year", _e(report.assessed_year or "—"), disputes.years),
        row("คะแนนรวม", "Total", f"<b>{_e(_score(report.total_score))}</b>", disputes.total, "big"),
        row("ระดับ", "Level", f"<b>{_e(report.level or '—')}</b>", disputes.level, "big"),
        row("คะแนนรายเครื่องมือ", "Tool scores", tools),
        row("ผลปีก่อน", "Previous round", previous, disputes.previous),
        row("ไฟล์ต้นฉบับ", "Source file", f'<span class="path">{_e(src.path)}</span>', cls="wide"),
        row(
            "ชนิด",
            "Kind",
            _e(src.kind + (f", {src.pages} หน้า (pages)" if src.pages else "")),
        ),
        row("SHA-256", "", f'<code class="sha">{_e(src.sha256)}</code>', cls="wide"),
        row("ข้อตรวจพบ", "Findings", counts, cls="wide"),
    ]
    title = f'<p class="doc-title">{_e(report.title)}</p>' if report.title else ""
    return (
        f'<header class="card report-header">'
        f'<h{h} class="agency">{_e(a.name or src.path)}</h{h}>{title}'
        f'<dl class="kvs">{"".join(rows)}</dl></header>'
    )


# --- the chart ------------------------------------------------------------------------------------

_CHART_W = 900
_LABEL_END = 262
_BAR_X = 272
_BAR_W = 300
_ROW_H = 26
_HEAD_H = 28


def _chart(report: Report, disputes: Disputes, ids: _Ids) -> str:
    inds = sorted(report.indicators, key=lambda i: i.number)
    if not inds:
        return '<p class="empty">ไม่พบคะแนนรายตัวชี้วัดในเอกสารนี้ <span class="en">(no indicator scores)</span></p>'
    parts: list[str] = []
    hatch = "hatch" + ids.prefix.replace(".", "-")
    y = 6
    groups = [(t, [i for i in inds if i.tool == t]) for t in TOOLS]
    for tool, members in groups:
        if not members:
            continue
        tool_flags = disputes.tools.get(tool, [])
        mark = "  ⚠ " + ", ".join(f.code for f in tool_flags) if tool_flags else ""
        parts.append(
            f'<text class="tool-head{" disputed" if tool_flags else ""}" x="4" y="{y + 19}">'
            f"{_e(tool)} — {_e(_score(report.tool_scores.get(tool)))}{_e(mark)}</text>"
        )
        y += _HEAD_H
        for ind in members:
            parts.append(_chart_row(ind, disputes.indicators.get(ind.number, []), y, ids, hatch))
            y += _ROW_H
    axis_y = y + 4
    grid = []
    for v in (0, 25, 50, 75, 100):
        x = _BAR_X + _BAR_W * v / 100
        grid.append(f'<line class="grid" x1="{x:.1f}" y1="2" x2="{x:.1f}" y2="{axis_y}"/>')
        grid.append(f'<text class="tick" x="{x:.1f}" y="{axis_y + 14}" text-anchor="middle">{v}</text>')
    height = axis_y + 22
    legend = (
        '<p class="legend"><span class="swatch ok"></span> คะแนนตามตารางสรุป <span class="en">(as printed)'
        '</span> <span class="swatch bad"></span> ค่าที่ข้อตรวจพบโต้แย้ง <span class="en">(disputed by a '
        "check)</span></p>"
    )
    defs = (
        f'<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f3c1bd"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#b3261e" stroke-width="3"/></pattern></defs>'
    )
    return (
        f'<svg class="score-chart" viewBox="0 0 {_CHART_W} {height}" width="100%" role="img" '
        f'aria-label="คะแนนรายตัวชี้วัด (scores by indicator)" xmlns="http://www.w3.org/2000/svg">'
        f"{defs}{''.join(grid)}{''.join(parts)}</svg>{legend}"
    )


def _chart_row(ind: Indicator, flags: list[Finding], y: int, ids: _Ids, hatch: str) -> str:
    score = ind.score
    width = 0.0 if score is None else _BAR_W * max(0.0, min(score, 100.0)) / 100.0
    disputed = bool(flags)
    printed = []
    for s in ind.sources:
        if s.value is None:
            continue
        label = f"{TABLE_LABEL.get(s.table or '', s.table or '')} {s.value:.2f}".strip()
        if label not in printed:
            printed.append(label)
    others = sorted({s.value for s in ind.sources if s.value is not None and s.value != score})
    note = ""
    if disputed:
        expected = [f.ctx.get("expected") for f in flags if f.ctx.get("expected") not in (None, "")]
        codes = ", ".join(dict.fromkeys(f.code for f in flags))
        shown = [_value_text(v) for v in expected] or [f"{v:.2f}" for v in others]
        note = f"⚠ {codes}" + (f": ≠ {', '.join(dict.fromkeys(shown))}" if shown else "")
    elif others:
        note = "พิมพ์ต่างกัน: " + ", ".join(f"{v:.2f}" for v in others)
    title = f"ตัวชี้วัด {ind.number} {ind.name}: " + "; ".join(printed or [_score(score)])
    bar = f'class="bar disputed" fill="url(#{hatch})"' if disputed else 'class="bar"'
    note_svg = ""
    if note:
        note_svg = f'<text class="note" x="{_BAR_X + _BAR_W + 52}" y="{y + 18}">{_e(note)}</text>'
        if flags:  # the note links to the first finding that disputes the value
            note_svg = f'<a href="#{ids.anchor(flags[0])}">{note_svg}</a>'
    return (
        f'<g class="indicator{" disputed" if disputed else ""}" data-indicator="{ind.number}" '
        f'data-score="{_e(_score(score))}" data-disputed="{"true" if disputed else "false"}">'
        f"<title>{_e(title)}</title>"
        f'<text class="label" x="{_LABEL_END}" y="{y + 17}" text-anchor="end">'
        f"{ind.number}. {_e(_clip(ind.name, 40))}</text>"
        f'<rect class="track" x="{_BAR_X}" y="{y + 5}" width="{_BAR_W}" height="16"/>'
        f'<rect {bar} x="{_BAR_X}" y="{y + 5}" width="{width:.1f}" height="16"/>'
        f'<text class="value" x="{_BAR_X + _BAR_W + 6}" y="{y + 18}">{_e(_score(score))}</text>'
        f"{note_svg}</g>"
    )


# --- findings -------------------------------------------------------------------------------------


def _ctx_table(f: Finding) -> str:
    rows = []
    if "expected" in f.ctx:
        rows.append(
            f'<tr class="expected"><th>ค่าที่ควรเป็น <span class="en">Expected</span></th>'
            f"<td>{_e(_value_text(f.ctx['expected']))}</td></tr>"
        )
    if "actual" in f.ctx:
        rows.append(
            f'<tr class="actual"><th>ค่าที่พบ <span class="en">Actual</span></th>'
            f"<td>{_e(_value_text(f.ctx['actual']))}</td></tr>"
        )
    return f'<table class="ctx">{"".join(rows)}</table>' if rows else ""


def _mark_value(text: str, value: float | None) -> str:
    """The text, escaped, with the printed value marked."""
    if value is None:
        return _e(text)
    candidates = [f"{value:.2f}", f"{value:.1f}", f"{value:g}"]
    for c in candidates:
        m = re.search(rf"(?<![\d.]){re.escape(c)}(?![\d])", text)
        if m:
            return _e(text[: m.start()]) + f"<mark>{_e(m.group())}</mark>" + _e(text[m.end() :])
    return _e(text)


def _quote(place: Place) -> str:
    p = place.prov
    label = "ตำแหน่งที่พบ" if place.role == "primary" else "ที่เกี่ยวข้อง"
    en = "Location" if place.role == "primary" else "Related"
    text = _clip(_display_text(p.raw)) if p.raw else ""
    body = f'<blockquote class="source-text">{_mark_value(text, p.value)}</blockquote>' if text else ""
    return (
        f'<div class="place {place.role}"><div class="place-head">{_e(label)} <span class="en">{en}</span>'
        f" · {_where_both(p)}</div>{body}</div>"
    )


def _figure(crop: Crop) -> str:
    first = crop.places[0].prov
    label = "ตำแหน่งที่พบ" if crop.role == "primary" else "ที่เกี่ยวข้อง"
    en = "Location" if crop.role == "primary" else "Related"
    boxes = []
    for box in crop.boxes:
        left, top, width, height = box.percent(crop.region)
        boxes.append(
            f'<div class="box {box.role}" data-bbox="{" ".join(f"{v:.2f}" for v in box.bbox)}" '
            f'data-place="{box.index}" style="left:{left:.3f}%;top:{top:.3f}%;width:{width:.3f}%;'
            f'height:{height:.3f}%"></div>'
        )
    alt = _clip(_display_text(first.raw), 160) if first.raw else where(first)
    wheres = where_th(first) if len(crop.places) == 1 else where_list([p.prov for p in crop.places])
    # at most the page's own size (the image's pixels), and a tall crop (a whole plan row) narrower still,
    # so that it stays about CROP_MAX_HEIGHT tall
    limit = min(crop.width, CROP_MAX_HEIGHT * crop.width / max(1, crop.height))
    style = f' style="max-width:{limit:.0f}px"'
    return (
        f'<figure class="crop {crop.role}" data-page="{crop.page}"{style} '
        f'data-region="{" ".join(f"{v:.2f}" for v in crop.region)}">'
        f'<div class="frame"><img src="{crop.data_uri}" width="{crop.width}" height="{crop.height}" '
        f'alt="{_e(alt)}">{"".join(boxes)}</div>'
        f'<figcaption>{_e(label)} <span class="en">{en}</span> · '
        f'<span class="where" title="{_e(where(first))}">{_e(wheres)}</span></figcaption></figure>'
    )


def _places_html(f: Finding, images: PageImages | None, sizes: dict[int, tuple[float, float]]) -> str:
    places = places_of(f.location, f.related)
    if all(not _has_place(p.prov) for p in places):
        return '<p class="no-place">ทั้งเอกสาร <span class="en">(the whole document)</span></p>'
    crops: list[Crop] = []
    rest: list[Place] = []
    if images is not None:
        crops, rest = plan_crops(places, sizes)
        for crop in crops:
            images.render(crop)
    else:
        rest = places
    shown: list[str] = []
    if crops:
        n = len(crops)
        cls = "crops single" if n == 1 else ("crops odd" if n % 2 else "crops")
        shown.append(f'<div class="{cls}">{"".join(_figure(c) for c in crops)}</div>')
    quoted = [p for p in rest if _has_place(p.prov)]
    if images is not None:  # a PDF: the places without a crop are listed by location
        listed = quoted
    else:  # text, Word, web pages: the place and the first related ones quoted, the rest listed
        shown.extend(_quote(p) for p in quoted[: 1 + MAX_QUOTED])
        listed = quoted[1 + MAX_QUOTED :]
    if listed:
        items = where_list([p.prov for p in listed])
        shown.append(
            f'<p class="more-places">อีก {len(listed)} ตำแหน่ง <span class="en">({len(listed)} more '
            f"place{'s' if len(listed) != 1 else ''})</span>: {_e(items)}</p>"
        )
    return f'<div class="places">{"".join(shown)}</div>'


def _has_place(p: Provenance) -> bool:
    return any(v is not None for v in (p.page, p.line, p.paragraph, p.table, p.bbox)) or bool(p.raw)


def _finding_html(
    f: Finding, ids: _Ids, images: PageImages | None, sizes: dict[int, tuple[float, float]], h: int
) -> str:
    sev_th = SEVERITY_LABEL[f.severity][0]
    indicator = (
        f' · <span class="ind">ตัวชี้วัด {f.indicator} <span class="en">indicator</span></span>'
        if f.indicator is not None
        else ""
    )
    return (
        f'<article class="finding is-{f.severity}" id="{ids.anchor(f)}" data-code="{_e(f.code)}" '
        f'data-severity="{f.severity}">'
        f'<h{h} class="finding-head"><span class="fid">{_e(ids.label(f))}</span> '
        f'<a class="code" href="#rule-{_e(f.code.lower())}" title="{_e(_rule_tooltip(f.code))}">'
        f"{_e(f.code)}</a> "
        f'<span class="sev sev-{f.severity}">{_e(sev_th)} <span class="en">{f.severity}</span></span> '
        f'<span class="rname">{_e(f.name)}</span></h{h}>'
        f'<p class="meta">{_where_both(f.location)}{indicator} · '
        f'<span class="cat">{_e(f.category)}</span> · ความเชื่อมั่น <span class="en">confidence</span> '
        f"{_e(f.confidence)}</p>"
        f'<p class="message">{_e(f.message)}</p>'
        f"{_ctx_table(f)}"
        f"{_places_html(f, images, sizes)}"
        f"</article>"
    )


def _rule_tooltip(code: str) -> str:
    from .._check import REGISTRY

    rule = REGISTRY.get(code)
    return rule.description if rule is not None else code


def _findings_section(
    findings: Sequence[Finding], ids: _Ids, images: PageImages | None, h: int, report: Report | None
) -> str:
    if not findings:
        return (
            f'<section class="findings"><h{h}>ข้อตรวจพบ <span class="en">Findings</span></h{h}>'
            '<p class="empty">ไม่พบข้อขัดแย้ง <span class="en">(no findings)</span></p></section>'
        )
    sizes: dict[int, tuple[float, float]] = {}
    if images is not None:
        pages = [p.page for f in findings for p in _places(f) if p.page is not None and p.path is None]
        sizes = images.page_sizes(pages)
    groups = []
    for sev in SEVERITIES:
        members = [f for f in findings if f.severity == sev]
        if not members:
            continue
        th, en = SEVERITY_LABEL[sev]
        body = "".join(_finding_html(f, ids, images, sizes, h + 2) for f in members)
        groups.append(
            f'<section class="severity is-{sev}"><h{h + 1} class="sev-{sev}">{_e(th)} '
            f'<span class="en">{en}</span> '
            f'<span class="n">{len(members)}</span></h{h + 1}>{body}</section>'
        )
    note = ""
    if report is not None and report.source.kind in ("pdf", "pdf-ocr") and images is None:
        note = (
            '<p class="note">ไม่สามารถเปิดไฟล์ PDF เพื่อแสดงภาพหน้า <span class="en">(the PDF could not be '
            "opened again for page images; places are listed instead)</span></p>"
        )
    return (
        f'<section class="findings"><h{h}>ข้อตรวจพบ <span class="en">Findings</span></h{h}>{note}'
        f"{''.join(groups)}</section>"
    )


# --- the plan ------------------------------------------------------------------------------------


def _plan_row_findings(row: PlanRow, number: int, findings: Sequence[Finding]) -> list[Finding]:
    out = []
    for f in findings:
        for p in _places(f):
            if p.table == "plan" and (p.row == number or _same_place(p, row.provenance)):
                out.append(f)
                break
    return out


_PLAN_COLS = (
    '<colgroup><col style="width:14%"><col style="width:19%"><col style="width:42%">'
    '<col style="width:13%"><col style="width:12%"></colgroup>'
)


def _plan_section(report: Report, findings: Sequence[Finding], ids: _Ids, h: int) -> str:
    if not report.plan:
        return ""
    head = (
        "<thead><tr><th>ตัวชี้วัด <span class='en'>Indicator</span></th>"
        "<th>มาตรการ <span class='en'>Measure</span></th><th>ขั้นตอน <span class='en'>Steps</span></th>"
        "<th>ระยะเวลา <span class='en'>Period</span></th><th>ผู้รับผิดชอบ <span class='en'>Owner</span></th>"
        "</tr></thead>"
    )
    body = []
    for i, row in enumerate(report.plan, 1):
        number = row.provenance.row or i
        flags = _plan_row_findings(row, number, findings)
        steps = "".join(
            f'<li><span class="step-no">{_e(s.marker or (str(s.number) + "." if s.number else "–"))}</span> '
            f"{_e(s.text)}</li>"
            for s in row.steps
        )
        period = "—"
        if row.period is not None:
            period = _e(row.period.text)
            if row.period.start or row.period.end:
                start, end = row.period.start or "?", row.period.end or "?"
                period += f'<br><span class="iso">{_e(start)} – {_e(end)}</span>'
        cls = "plan-row has-findings" if flags else "plan-row"
        body.append(
            f'<tr class="{cls}" data-row="{number}"><td class="ind"><b>{row.indicator}.</b> '
            f'{_e(row.indicator_name)}<br><span class="score">{_e(_score(row.score))}</span></td>'
            f'<td>{_e(row.measure) or "—"}</td><td><ul class="steps">{steps}</ul></td>'
            f"<td>{period}</td><td>{_e(row.owner) or '—'}</td></tr>"
        )
        if flags:
            items = "".join(
                f'<li class="is-{f.severity}">'
                f'<a href="#{ids.anchor(f)}">{_e(ids.label(f))} {_e(f.code)}</a> '
                f'<span class="sev sev-{f.severity}">{_e(SEVERITY_LABEL[f.severity][0])}</span> '
                f"{_e(f.message)}</li>"
                for f in flags
            )
            body.append(
                f'<tr class="plan-findings" data-row="{number}"><td colspan="5"><ul>{items}</ul></td></tr>'
            )
    return (
        f'<section class="plan"><h{h}>แผนการนำผลการประเมินไปพัฒนา <span class="en">Improvement plan</span>'
        f'</h{h}><table class="plan-table">{_PLAN_COLS}{head}<tbody>{"".join(body)}</tbody></table></section>'
    )


# --- rules cited ----------------------------------------------------------------------------------


def _rules_section(codes: Iterable[str], h: int) -> str:
    from .._check import REGISTRY
    from .._check.catalogue import _severity

    items = []
    for code in sorted(set(codes)):
        rule = REGISTRY.get(code)
        if rule is None:
            continue
        items.append(
            f'<div class="rule" id="rule-{_e(code.lower())}"><dt><b>{_e(code)}</b> '
            f"<code>{_e(rule.name)}</code> · {_e(rule.category)} · {_e(_severity(rule))}</dt>"
            f'<dd><p>{_e(rule.description)}</p><p class="basis">หลักที่ใช้ <span class="en">basis</span>: '
            f'{_e(rule.basis)} · ความเชื่อมั่น <span class="en">confidence</span>: {_e(rule.confidence)}</p>'
            f'<p class="doc-ref">เอกสารกฎ <span class="en">rule documentation</span>: '
            f"<code>{_e(rule.url())}</code> (<code>ita-parse rules</code>)</p></dd></div>"
        )
    if not items:
        return ""
    return (
        f'<section class="rules"><h{h}>กฎที่อ้างถึง <span class="en">Rules cited</span></h{h}>'
        f"<dl>{''.join(items)}</dl></section>"
    )


# --- one file, one page ---------------------------------------------------------------------------


def _open_images(report: Report, data: bytes | None) -> PageImages | None:
    if report.source.kind not in ("pdf", "pdf-ocr"):
        return None
    try:
        if data is None:
            data = Path(report.source.path).read_bytes()
        return PageImages(data)
    except Exception:  # the file changed or went away since it was parsed: list the places instead
        return None


def _file_body(report: Report, findings: Sequence[Finding], ids: _Ids, *, data: bytes | None, h: int) -> str:
    ordered = _ordered(findings)
    ids.assign(ordered)
    disputes = Disputes.of(report, ordered)
    images = _open_images(report, data)
    try:
        findings_html = _findings_section(ordered, ids, images, h, report)
    finally:
        if images is not None:
            images.close()
    return (
        _header_card(report, ordered, disputes, ids, h)
        + f'<section class="chart"><h{h}>คะแนนรายตัวชี้วัด <span class="en">Scores by indicator</span></h{h}>'
        + _chart(report, disputes, ids)
        + "</section>"
        + findings_html
        + _plan_section(report, ordered, ids, h)
    )


def render_report(report: Report, findings: Sequence[Finding], *, data: bytes | None = None) -> str:
    """One report's page: header card, chart, findings with page crops, plan, rules cited.

    ``data`` is the input's bytes when the source path cannot be read again
    (stdin); PDF page crops are rendered from them.
    """
    ids = _Ids()
    body = _file_body(report, findings, ids, data=data, h=2)
    name = report.agency.name or Path(report.source.path).name
    title = f"ITA · {name} · {Path(report.source.path).name}"
    heading = (
        '<h1 class="page-title">รายงานผลการตรวจสอบรายงาน ITA <span class="en">ITA report check</span></h1>'
    )
    return _document(title, heading + body + _rules_section((f.code for f in findings), 2))


def render_run(entries: Sequence[FileEntry]) -> str:
    """One page for a whole ``check`` run: a table of files and counts, then each file's section."""
    rows = []
    sections = []
    all_codes: list[str] = []
    totals = Stats.of([f for e in entries for f in e.findings])
    for n, entry in enumerate(entries, 1):
        stats = Stats.of(entry.findings)
        all_codes.extend(f.code for f in entry.findings)
        anchor = f"file-{n}"
        report = entry.report
        if entry.error is not None:
            status = (
                f'<span class="sev sev-error">อ่านไม่ได้ <span class="en">unreadable</span></span> '
                f"<code>{_e(entry.error.code)}</code> {_e(entry.error.message)}"
            )
        else:
            status = "อ่านได้ <span class='en'>read</span>"
        rows.append(
            f'<tr class="file-row" data-file="{n}"><td>{n}</td>'
            f'<td><a href="#{anchor}">{_e(entry.path)}</a></td>'
            f"<td>{_e(report.agency.name if report and report.agency.name else '—')}</td>"
            f"<td>{_e(report.fiscal_year if report and report.fiscal_year else '—')}</td>"
            f"<td>{_e(_score(report.total_score) if report else '—')}</td>"
            f'<td class="num sev-error">{stats.error}</td><td class="num sev-warning">{stats.warning}</td>'
            f'<td class="num sev-info">{stats.info}</td><td>{status}</td></tr>'
        )
        if report is None:
            sections.append(
                f'<section class="file unreadable" id="{anchor}"><h2>{n}. {_e(entry.path)}</h2>'
                f'<p class="error">อ่านไฟล์นี้ไม่ได้ <span class="en">(this input could not be read)</span>: '
                f"<code>{_e(entry.error.code if entry.error else '?')}</code> "
                f"{_e(entry.error.message if entry.error else '')}</p></section>"
            )
            continue
        ids = _Ids(prefix=f"{n}.")
        body = _file_body(report, entry.findings, ids, data=entry.data, h=3)
        sections.append(
            f'<section class="file" id="{anchor}"><h2 class="file-title">{n}. {_e(entry.path)}</h2>'
            f"{body}</section>"
        )
    unreadable = sum(1 for e in entries if e.error is not None)
    summary = (
        f'<p class="run-summary">{len(entries)} ไฟล์ <span class="en">files</span> · '
        f'ข้อผิดพลาด <span class="en">errors</span> <b>{totals.error}</b> · '
        f'คำเตือน <span class="en">warnings</span> <b>{totals.warning}</b> · '
        f'ข้อสังเกต <span class="en">info</span> <b>{totals.info}</b>'
        + (f" · อ่านไม่ได้ <span class='en'>unreadable</span> <b>{unreadable}</b>" if unreadable else "")
        + "</p>"
    )
    table = (
        '<table class="files"><thead><tr><th>#</th><th>ไฟล์ <span class="en">File</span></th>'
        '<th>หน่วยงาน <span class="en">Agency</span></th><th>ปีงบประมาณ <span class="en">FY</span></th>'
        '<th>คะแนนรวม <span class="en">Total</span></th><th>ข้อผิดพลาด <span class="en">Errors</span></th>'
        '<th>คำเตือน <span class="en">Warnings</span></th><th>ข้อสังเกต <span class="en">Info</span></th>'
        f'<th>สถานะ <span class="en">Status</span></th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )
    heading = '<h1 class="page-title">ผลการตรวจสอบรายงาน ITA <span class="en">ITA check run</span></h1>'
    return _document(
        f"ITA check · {len(entries)} files",
        heading + summary + table + "".join(sections) + _rules_section(all_codes, 2),
    )


def _document(title: str, body: str) -> str:
    generated = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="th"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="ita-parse {_e(__version__)}">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head>"
        f"<body><main>{body}</main>"
        f'<footer class="page-foot">สร้างโดย <span class="en">generated by</span> ita-parse {_e(__version__)}'
        f" · {_e(generated)}</footer></body></html>\n"
    )


CSS = """
:root{--err:#b3261e;--warn:#8a5a00;--info:#0b57a4;--ink:#1d1d1f;--mute:#5f6368;--line:#d9dce1;
--bg:#f6f7f9;--card:#fff;--rel:#0b57a4}
*{box-sizing:border-box}
html{font-family:"Sarabun","TH Sarabun New","Noto Sans Thai","Loma","Garuda","Tlwg Typo","Norasi",
"Noto Sans","DejaVu Sans",sans-serif;font-size:15px;line-height:1.5;color:var(--ink);background:var(--bg)}
body{margin:0}
main{max-width:1100px;margin:0 auto;padding:18px 22px 8px}
h1,h2,h3,h4,h5{line-height:1.3;margin:0}
h1.page-title{font-size:1.5rem;margin:4px 0 12px}
section>h2,section>h3{font-size:1.25rem;margin:22px 0 10px;padding-bottom:4px;
border-bottom:2px solid var(--line)}
.en{color:var(--mute);font-size:.85em;font-weight:normal}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 18px;margin:8px 0}
.report-header .agency{font-size:1.35rem;margin-bottom:2px}
.doc-title{margin:0 0 8px;color:var(--mute)}
.kvs{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:4px 24px;margin:8px 0 0}
.kv{display:flex;gap:10px;align-items:baseline;border-bottom:1px dotted var(--line);padding:2px 0}
.kv.wide{grid-column:1 / -1}
.kv dt{flex:0 0 9.5em;color:var(--mute)}
.kv dd{margin:0;overflow-wrap:anywhere}
.kv.big dd b{font-size:1.25rem}
.sha,.path{font-family:"DejaVu Sans Mono",monospace;font-size:.82em;word-break:break-all}
.count{margin-right:6px}
.count b{font-size:1.1em}
.sev-error{color:var(--err)}.sev-warning{color:var(--warn)}.sev-info{color:var(--info)}
.flag{font-size:.85em;text-decoration:none;border:1px solid currentColor;border-radius:4px;padding:0 4px}
.score-chart{display:block;background:var(--card);border:1px solid var(--line);border-radius:10px;
max-width:100%;height:auto}
.score-chart text{font-family:inherit;font-size:13px;fill:var(--ink)}
.score-chart .tool-head{font-weight:bold;font-size:14px}
.score-chart .tool-head.disputed{fill:var(--err)}
.score-chart .grid{stroke:#e3e5e8;stroke-width:1}
.score-chart .tick{fill:var(--mute);font-size:11px}
.score-chart .track{fill:#eef0f3}
.score-chart .bar:not(.disputed){fill:#3d7bd9}
.score-chart .bar.disputed{stroke:var(--err);stroke-width:1.5}
.score-chart .indicator.disputed .value,.score-chart .note{fill:var(--err);font-weight:bold}
.legend{color:var(--mute);font-size:.9em;margin:6px 2px}
.swatch{display:inline-block;width:14px;height:10px;vertical-align:middle;margin-left:10px}
.swatch.ok{background:#3d7bd9}
.swatch.bad{background:repeating-linear-gradient(45deg,#b3261e 0 3px,#f3c1bd 3px 6px);
border:1px solid #b3261e}
.severity>h3,.severity>h4{font-size:1.1rem;margin:16px 0 8px}
.severity .n{display:inline-block;min-width:1.6em;text-align:center;border-radius:9px;
border:1px solid currentColor;font-size:.85em}
.finding{background:var(--card);border:1px solid var(--line);border-left:5px solid var(--mute);
border-radius:8px;padding:10px 14px;margin:10px 0;break-inside:avoid;page-break-inside:avoid}
.finding.is-error{border-left-color:var(--err)}
.finding.is-warning{border-left-color:#d29a00}
.finding.is-info{border-left-color:var(--info)}
.finding-head{font-size:1.02rem;display:flex;flex-wrap:wrap;gap:8px;align-items:baseline}
.fid{font-family:"DejaVu Sans Mono",monospace;color:var(--mute);font-size:.9em}
.code{font-family:"DejaVu Sans Mono",monospace;font-weight:bold;color:inherit}
.sev{font-weight:bold;font-size:.9em}
.rname{font-family:"DejaVu Sans Mono",monospace;font-size:.8em;color:var(--mute);font-weight:normal}
.meta{margin:2px 0;color:var(--mute);font-size:.9em}
.message{margin:6px 0;font-size:1.02rem}
table.ctx{border-collapse:collapse;margin:4px 0 8px;font-size:.95em}
table.ctx th{text-align:left;font-weight:normal;color:var(--mute);padding:1px 12px 1px 0}
table.ctx td{font-weight:bold;padding:1px 0}
table.ctx tr.actual td{color:var(--err)}
.crops{display:grid;grid-template-columns:1fr 1fr;gap:10px;align-items:start}
.crops.single{grid-template-columns:1fr}
.crops.odd>figure:first-child{grid-column:1 / -1}
figure.crop{margin:0;break-inside:avoid}
.frame{position:relative;display:block;line-height:0;border:1px solid var(--line);background:#fff}
.frame img{display:block;width:100%;height:auto}
.box{position:absolute;border:2.5px solid var(--err);border-radius:2px;background:rgba(179,38,30,.08)}
.box.related{border-color:var(--rel);background:rgba(11,87,164,.07);border-style:dashed}
figcaption{font-size:.85em;color:var(--mute);margin-top:3px}
.place{border:1px solid var(--line);border-radius:6px;padding:6px 10px;margin:6px 0;background:#fbfbfc}
.place.primary{border-left:4px solid var(--err)}
.place.related{border-left:4px dashed var(--rel)}
.place-head{font-size:.85em;color:var(--mute)}
.source-text{margin:4px 0 0;padding:0;white-space:pre-wrap;overflow-wrap:anywhere}
mark{background:#ffd8d3;color:var(--err);font-weight:bold;padding:0 2px;border-radius:2px}
.more-places,.no-place,.note{font-size:.88em;color:var(--mute)}
.plan-table,.files{width:100%;border-collapse:collapse;background:var(--card);font-size:.92em}
.plan-table th,.plan-table td,.files th,.files td{border:1px solid var(--line);padding:6px 8px;
vertical-align:top;text-align:left}
.plan-table thead th,.files thead th{background:#eef0f3}
.plan-table td.ind{width:15%}
.plan-table .score{color:var(--mute)}
.plan-table ul.steps{list-style:none;margin:0;padding:0}
.plan-table ul.steps li{margin:0 0 3px}
.step-no{font-weight:bold;margin-right:2px}
.plan-table .iso{color:var(--mute);font-size:.9em}
.plan-table tr.has-findings td{background:#fff8f7}
.plan-table tr.has-findings td.ind{box-shadow:inset 4px 0 0 var(--err)}
.plan-findings td{background:#fff3f1;font-size:.92em}
.plan-findings ul{margin:0;padding-left:18px}
.files td.num{text-align:right;font-weight:bold}
.run-summary{font-size:1.05em}
section.file{margin-top:26px;padding-top:8px;border-top:3px solid var(--ink)}
.file-title{font-size:1.3rem;word-break:break-all}
.rules dl{margin:0}
.rule{border-bottom:1px solid var(--line);padding:6px 0}
.rule dd{margin:2px 0 0 0}
.rule p{margin:2px 0}
.basis,.doc-ref{color:var(--mute);font-size:.88em}
.empty{color:var(--mute)}
.page-foot{max-width:1100px;margin:0 auto;padding:10px 22px 24px;color:var(--mute);font-size:.8em}
@page{size:A4;margin:12mm 11mm 13mm}
@media print{
html{font-size:9.5pt;background:#fff}
main{max-width:none;padding:0}
.card,.finding,.score-chart{border-color:#bbb}
.finding,.card,figure.crop,.plan-table tr,.files tr,.rule,.score-chart,.legend{break-inside:avoid;
page-break-inside:avoid}
h1,h2,h3,h4,h5{break-after:avoid;page-break-after:avoid}
a{color:inherit;text-decoration:none}
.kvs{grid-template-columns:1fr 1fr}
section.file{break-before:page}
.crops.single>figure.crop,.crops.odd>figure.crop:first-child{width:72%}
.page-foot{padding:4px 0}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""
