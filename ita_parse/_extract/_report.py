"""Assemble a Report from the blocks and tables of a repaired document."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import regex

from .. import _framework
from .._dates import parse_thai_period
from .._document import Cell, Document, Row, Table, TextBlock
from .._model import (
    Analysis,
    AnalysisPart,
    Indicator,
    Item,
    Period,
    PlanRow,
    Previous,
    Provenance,
    Quality,
    Report,
    Source,
    TableKind,
    ToolScores,
)
from .._thai import to_arabic_digits
from ._agency import extract_agency
from ._numbers import find_scores, parse_score
from ._patterns import (
    ANALYSIS_LABEL_RE,
    CHANGE_RE,
    INDICATOR_HEAD_RE,
    ITEM_CODE_RE,
    NEGATIVE_DIRECTIONS,
    NON_RESULT_PREFIX_RE,
    NUMBERED_NAME_RE,
    PART_RE,
    PLAN_SECTION_RE,
    PLAN_TITLE_RE,
    PREVIOUS_SCORE_RE,
    RESULT_WORDS_RE,
    TOOL_RE,
    TOTAL_SCORE_RE,
    loose_re,
    squash,
)
from ._steps import split_steps

_YEAR_RE = regex.compile(
    r"(?:พ\.?\s*ศ\.?|ปีงบประมาณ|ปีงบ\.?|ปี|ITA\)?)\s*(?:พ\.?\s*ศ\.?)?\s*(?P<year>[0-9]{4})(?![0-9])"
)
_SPACES = regex.compile(r"[ \t\u00a0]+")
_NAME_TAIL_RE = regex.compile(r"[\s(:：\-–]*(?:คะแนน|ได้คะแนน|ได้)?\s*[(:：]?\s*$")
_TOTAL_ROW_RE = regex.compile(r"รวม|ITA|เฉลี่ย|ผลคะแนน")
_TOOL_NAME_RE = {
    "IIT": loose_re("ภายใน"),
    "EIT": loose_re("ภายนอก"),
    "OIT": loose_re("เปิดเผยข้อมูลสาธารณะ"),
}

# plan-table column roles, most specific first (a header may name several)
_PLAN_ROLES: tuple[tuple[str, regex.Pattern[str]], ...] = (
    ("period", loose_re("ระยะเวลา", "ช่วงเวลา", "กำหนดเวลา")),
    ("owner", loose_re("ผู้รับผิดชอบ", "ผู้ที่เกี่ยวข้อง", "หน่วยงานที่รับผิดชอบ")),
    ("steps", loose_re("ขั้นตอน", "วิธีการ", "วิธีดำเนินการ")),
    ("monitoring", loose_re("กำกับติดตาม", "การติดตาม", "รายงานผล")),
    ("rationale", loose_re("ผลการวิเคราะห์", "เหตุผล", "ข้อบกพร่อง", "จุดอ่อน", "ประเด็นที่")),
    ("measure", loose_re("มาตรการ", "โครงการ", "กิจกรรม", "แนวทาง")),
    ("score", loose_re("คะแนน", "ผลการประเมิน")),
    ("indicator", loose_re("ตัวชี้วัด", "ประเด็น")),
)
_PLAN_DEFAULT_ROLES = ("indicator", "score", "measure", "rationale", "steps", "period", "owner")


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _name_of(rest: str) -> tuple[str, float | None, str]:
    """Split "การปฏิบัติหน้าที่ คะแนน 99.29" into (name, score, raw score)."""
    scores = find_scores(rest)
    if scores:
        value, start, end = scores[-1]
        name = rest[:start]
        name = _NAME_TAIL_RE.sub("", name)
        return _clean(name), value, rest[start:end]
    return _clean(_NAME_TAIL_RE.sub("", rest)), None, ""


@dataclass
class _Texts:
    """Candidate names for one indicator, by where they were found."""

    by_table: dict[str, str] = field(default_factory=dict)

    def add(self, table: str, name: str) -> None:
        if name and table not in self.by_table:
            self.by_table[table] = name

    def best(self) -> str | None:
        for table in ("summary", "items", "analysis", "plan"):
            if table in self.by_table:
                return self.by_table[table]
        return None


class ReportBuilder:
    def __init__(self, doc: Document, quality: Quality) -> None:
        self.doc = doc
        self.quality = quality
        self.sources: dict[int, list[Provenance]] = defaultdict(list)
        self.names: dict[int, _Texts] = defaultdict(_Texts)
        self.tool_sources: dict[str, list[Provenance]] = defaultdict(list)
        self.total_sources: list[Provenance] = []
        self.year_sources: dict[str, list[Provenance]] = {"fiscal": [], "assessed": []}
        self.report = Report(
            source=Source(
                path=doc.path, sha256=doc.sha256, kind=doc.kind, pages=doc.pages, encoding=doc.encoding
            ),
            quality=quality,
        )

    # -- provenance ------------------------------------------------------------

    def _block_prov(self, block: TextBlock, table: TableKind | None, **kw: Any) -> Provenance:
        return Provenance(
            page=block.page,
            bbox=block.bbox,
            line=block.line,
            paragraph=block.paragraph,
            table=table,
            raw=block.raw,
            **kw,
        )

    def _cell_prov(
        self, row: Row, cell: Cell | None, table: TableKind, rownum: int, col: int | None, **kw: Any
    ) -> Provenance:
        page = (cell.page if cell else None) or row.page
        bbox = (cell.bbox if cell else None) or (None if cell else row.bbox)
        if self.doc.kind in ("docx", "html"):
            # these readers number rows by the document's paragraphs, not by lines
            kw.setdefault("paragraph", row.line)
        if cell is not None and "value" in kw and "candidates" not in kw:
            kw["candidates"] = _alternatives(cell, kw["value"])
        return Provenance(
            page=page,
            bbox=bbox,
            line=None if self.doc.kind in ("docx", "html") else row.line,
            table=table,
            row=rownum,
            column=col,
            raw=cell.raw if cell else " | ".join(c.raw for c in row.cells),
            **kw,
        )

    # -- the whole -------------------------------------------------------------

    def build(self) -> Report:
        blocks = self.doc.blocks
        tables = [(i, b) for i, b in enumerate(blocks) if isinstance(b, Table)]
        kinds = {i: self._classify(t) for i, t in tables}
        heads = [i for i, b in enumerate(blocks) if isinstance(b, TextBlock) and self._analysis_head(b)]
        plan_start = self._plan_start(blocks, kinds)
        heads = [i for i in heads if plan_start is None or i < plan_start]
        first_head = heads[0] if heads else len(blocks)

        prose = [(i, b) for i, b in enumerate(blocks[:first_head]) if isinstance(b, TextBlock)]
        self._title_and_intro(prose, first_table=min((i for i, _ in tables), default=len(blocks)))
        self.report.agency = extract_agency(self._agency_texts(prose))
        for i, table in tables:
            kind = kinds[i]
            if kind == "summary":
                self._summary(table)
            elif kind == "items":
                self._items(table)
            elif kind == "plan":
                self._plan(table)
        self._analyses(blocks, heads, plan_start, kinds)
        self._assemble()
        return self.report

    # -- classification --------------------------------------------------------

    @staticmethod
    def _analysis_head(block: TextBlock) -> bool:
        m = INDICATOR_HEAD_RE.match(block.text)
        if not m:
            return False
        rest = m.group("rest")
        return bool(find_scores(rest)) or len(rest) < 60

    @staticmethod
    def _classify(table: Table) -> str:
        body = table.body
        ind = item = numbered = 0
        for row in body:
            if not row.cells:
                continue
            first = row.cells[0].text
            if INDICATOR_HEAD_RE.match(first):
                ind += 1
            elif (m := ITEM_CODE_RE.match(first)) and m.group("rest").strip():
                item += 1
            elif NUMBERED_NAME_RE.match(first):
                numbered += 1
        tools = sum(1 for row in body if row.cells and ReportBuilder._tool_of(row.cells[0].text))
        header = " ".join(c.text for r in table.rows[: table.header_rows] for c in r.cells)
        plan_words = sum(1 for _, pat in _PLAN_ROLES[:4] if pat.search(header))
        if table.ncols >= 5 and (plan_words >= 2 or numbered + ind >= 2):
            return "plan"
        if item >= 3:
            return "items"
        if (ind >= 3 or tools >= 2) and table.ncols <= 4:
            return "summary"
        return "other"

    @staticmethod
    def _plan_start(blocks: list[TextBlock | Table], kinds: dict[int, str]) -> int | None:
        for i, b in enumerate(blocks):
            if isinstance(b, Table) and kinds.get(i) == "plan":
                # the plan's own heading ("2. การนำผลการวิเคราะห์ไปสู่…") may come just before it
                j = i
                while j > 0:
                    before = blocks[j - 1]
                    if not (isinstance(before, TextBlock) and PLAN_SECTION_RE.search(before.text)):
                        break
                    j -= 1
                return j
        return None

    # -- title, intro, years ---------------------------------------------------

    def _title_and_intro(self, prose: list[tuple[int, TextBlock]], first_table: int) -> None:
        title_blocks: list[TextBlock] = []
        for i, b in prose:
            if i >= first_table or len(title_blocks) >= 8 or self._is_result(b.text) or find_scores(b.text):
                break
            title_blocks.append(b)
        title_text = " ".join(b.text for b in title_blocks)
        is_plan_doc = bool(PLAN_TITLE_RE.search(title_text))
        if title_blocks:
            self.report.title = _clean(" ".join(b.text for b in title_blocks[:2]))
        if is_plan_doc:
            for b in title_blocks:
                for m in _YEAR_RE.finditer(b.text):
                    self.year_sources["fiscal"].append(
                        self._block_prov(b, "title", field="fiscal_year", value=float(m.group("year")))
                    )
        title_ids = {id(b) for b in title_blocks}
        total_block: TextBlock | None = None
        for _, b in prose:
            in_title = id(b) in title_ids
            if in_title and is_plan_doc:
                continue
            text = b.text
            masked = self._previous(b)
            if not self._is_result(text):
                continue
            table: TableKind = "title" if in_title else ("intro" if not self.total_sources else "analysis")
            for m in _YEAR_RE.finditer(masked):
                self.year_sources["assessed"].append(
                    self._block_prov(b, table, field="assessed_year", value=float(m.group("year")))
                )
            tm = TOTAL_SCORE_RE.search(masked)
            if tm and "ตัวชี้วัด" not in masked[: tm.start()]:
                value = float(tm.group("score"))
                self.total_sources.append(self._block_prov(b, table, field="total_score", value=value))
                if total_block is None:
                    total_block = b
                    self._level(b, masked[tm.end() :])
        if self.report.level is None and total_block is not None:
            # "… 96.79 คะแนน" then "อยู่ในระดับ ผ่านดี" on the next line
            idx = next((k for k, (_, b) in enumerate(prose) if b is total_block), None)
            if idx is not None and idx + 1 < len(prose):
                nxt = prose[idx + 1][1]
                self._level(nxt, nxt.text)
        if self.report.level is None:
            # a result sentence elsewhere ("… ได้รับผลการประเมินอยู่ในระดับ ผ่าน") when the total is in a table
            for _, b in prose:
                if self._is_result(b.text) and regex.search(r"อยู่\s*ใน\s*ระดับ", b.text):
                    self._level(b, b.text)
                    if self.report.level is not None:
                        break
        fiscal = self.year_sources["fiscal"]
        assessed = self.year_sources["assessed"]
        self.report.fiscal_year = int(fiscal[0].value) if fiscal and fiscal[0].value else None
        self.report.assessed_year = int(assessed[0].value) if assessed and assessed[0].value else None
        if self.total_sources:
            self.report.total_score = self.total_sources[0].value

    @staticmethod
    def _is_result(text: str) -> bool:
        if not RESULT_WORDS_RE.search(text):
            return False
        stripped = regex.sub(r"^\s*[0-9]+\s*[.)]\s*", "", text)
        return not NON_RESULT_PREFIX_RE.match(stripped)

    def _previous(self, block: TextBlock) -> str:
        """Record a claimed change and previous score; return the text with them masked."""
        text = block.text
        spans: list[tuple[int, int]] = []
        change: float | None = None
        prev_year: int | None = None
        prev_score: float | None = None
        cm = CHANGE_RE.search(text)
        if cm:
            change = float(cm.group("value"))
            if cm.group("dir") in NEGATIVE_DIRECTIONS:
                change = -change
            spans.append(cm.span())
        pm = PREVIOUS_SCORE_RE.search(text, pos=cm.start() if cm else 0)
        if pm and (cm or regex.search(r"ปีที่ผ่านมา|ปีก่อน|ปีที่แล้ว", text)):
            prev_year = int(pm.group("year"))
            prev_score = float(pm.group("score"))
            spans.append(pm.span())
        if change is None and prev_score is None:
            return text
        if self.report.previous is None:
            self.report.previous = Previous(
                assessed_year=prev_year,
                total_score=prev_score,
                claimed_change=change,
                provenance=self._block_prov(block, "analysis", field="previous"),
            )
        chars = list(text)
        for a, b in spans:
            for k in range(a, b):
                chars[k] = " "
        return "".join(chars)

    def _level(self, block: TextBlock, after: str) -> None:
        m = regex.search(r"ระดับ\s*[:：]?\s*", after)
        if not m:
            return
        tail = after[m.end() :].strip()
        for label in sorted(_framework.all_level_labels(), key=len, reverse=True):
            if squash(tail).startswith(squash(label)) and label:
                self.report.level = label
                break
        else:
            word = regex.match(r"[\p{Thai}A-Za-z+\-]+", tail)
            if word and regex.search(r"อยู่\s*ใน\s*ระดับ|ผลการประเมินระดับ", after[: m.end()] or block.text):
                self.report.level = word.group()
        if self.report.level is not None:
            self.report.level_source = self._block_prov(block, "intro", field="level")

    def _agency_texts(self, prose: list[tuple[int, TextBlock]]) -> list[str]:
        return [b.text for _, b in prose[:12]]

    # -- summary table ---------------------------------------------------------

    def _summary(self, table: Table) -> None:
        header = [
            squash(" ".join(r.cells[j].text for r in table.rows[: table.header_rows] if j < len(r.cells)))
            for j in range(table.ncols)
        ]
        tool_col = next((j for j, h in enumerate(header) if "เครื่องมือ" in h), None)
        current_tool: str | None = None
        for r, row in enumerate(table.body, start=1):
            if not row.cells:
                continue
            label = row.cells[0].text
            numbers = [(j, c, parse_score(c.text)) for j, c in enumerate(row.cells) if j > 0]
            numbers = [(j, c, v) for j, c, v in numbers if v is not None]
            m = INDICATOR_HEAD_RE.match(label) or NUMBERED_NAME_RE.match(label)
            if m and 1 <= int(m.group("n")) <= 10:
                n = int(m.group("n"))
                name, inline, _ = _name_of(m.group("rest"))
                self.names[n].add("summary", name)
                current_tool = _framework.indicator_tool(n)
                for k, (j, c, v) in enumerate(numbers):
                    if (tool_col is not None and j == tool_col) or (tool_col is None and k >= 1):
                        self.tool_sources[current_tool].append(
                            self._cell_prov(row, c, "summary", r, j + 1, field="tool_score", value=v)
                        )
                    elif k == 0 or (tool_col is not None and j != tool_col):
                        self.sources[n].append(
                            self._cell_prov(row, c, "summary", r, j + 1, field="score", value=v)
                        )
                if not numbers and inline is not None:
                    self.sources[n].append(
                        self._cell_prov(row, row.cells[0], "summary", r, 1, field="score", value=inline)
                    )
                continue
            tool = self._tool_of(label)
            if tool and numbers:
                j, c, v = numbers[-1]
                self.tool_sources[tool].append(
                    self._cell_prov(row, c, "summary", r, j + 1, field="tool_score", value=v)
                )
            elif _TOTAL_ROW_RE.search(label) and numbers:
                j, c, v = numbers[-1]
                self.total_sources.append(
                    self._cell_prov(row, c, "summary", r, j + 1, field="total_score", value=v)
                )
            current_tool = None

    @staticmethod
    def _tool_of(label: str) -> str | None:
        m = TOOL_RE.search(label)
        if m:
            return m.group("tool").upper()
        if "แบบวัด" in label or "แบบตรวจ" in label:
            for tool, pat in _TOOL_NAME_RE.items():
                if pat.search(label):
                    return tool
        return None

    # -- items table -----------------------------------------------------------

    def _items(self, table: Table) -> None:
        current: int | None = None
        framework = _framework.framework_for(self.report.assessed_year)
        for r, row in enumerate(table.body, start=1):
            if not row.cells:
                continue
            label_cell = row.cells[0]
            label = label_cell.text
            score_cell = next((c for c in reversed(row.cells[1:]) if c.text.strip()), None)
            score = parse_score(score_cell.text) if score_cell else None
            col = row.cells.index(score_cell) + 1 if score_cell else None
            m = INDICATOR_HEAD_RE.match(label)
            if m and 1 <= int(m.group("n")) <= 10:
                current = int(m.group("n"))
                name, inline, _ = _name_of(m.group("rest"))
                self.names[current].add("items", name)
                if score is None and inline is not None:
                    score, score_cell, col = inline, label_cell, 1
                if score is not None:
                    self.sources[current].append(
                        self._cell_prov(row, score_cell, "items", r, col, field="score", value=score)
                    )
                continue
            im = ITEM_CODE_RE.match(label)
            if not im or not im.group("rest").strip():
                continue
            letter = im.group("letter").lower()
            letter = "o" if letter == "0" else letter
            code = f"{letter}{int(im.group('num'))}"
            if code.endswith("0") and int(im.group("num")) == 0:
                continue
            text = _clean(im.group("rest"))
            if score is None:
                # the score may sit at the end of the label when the table lost a column rule
                name, inline, _ = _name_of(text)
                if inline is not None:
                    text, score = name, inline
            indicator = current
            if indicator is None and framework is not None:
                indicator = framework.indicator_of(code)
            self.report.items.append(
                Item(
                    code=code,
                    indicator=indicator,
                    text=text,
                    score=score,
                    code_raw=_raw_code(label_cell.raw),
                    provenance=self._cell_prov(
                        row,
                        label_cell,
                        "items",
                        r,
                        1,
                        field="item",
                        value=score,
                        candidates=_alternatives(score_cell, score) if score_cell else [],
                    ),
                )
            )

    # -- plan table ------------------------------------------------------------

    def _plan_roles(self, table: Table) -> list[str]:
        roles: list[str] = []
        header_rows = table.rows[: table.header_rows]
        for j in range(table.ncols):
            text = " ".join(r.cells[j].text for r in header_rows if j < len(r.cells))
            role = next((name for name, pat in _PLAN_ROLES if pat.search(text)), "")
            roles.append(role if role not in roles else "")
        if table.ncols == len(_PLAN_DEFAULT_ROLES):
            found = [(j, r) for j, r in enumerate(roles) if r]
            if len(found) < 4 or all(_PLAN_DEFAULT_ROLES[j] == r for j, r in found):
                # the usual seven columns: a header word lost (an OCR'd "ระยเวลา") does not lose its column
                roles = list(_PLAN_DEFAULT_ROLES)
        return roles

    def _plan(self, table: Table) -> None:
        roles = self._plan_roles(table)

        def cell(row: Row, role: str) -> tuple[Cell | None, int | None]:
            if role in roles:
                j = roles.index(role)
                if j < len(row.cells):
                    return row.cells[j], j + 1
            return None, None

        for row in table.body:
            ind_cell, _ = cell(row, "indicator")
            if ind_cell is None:
                ind_cell = row.cells[0] if row.cells else None
            if ind_cell is None:
                continue
            label = ind_cell.text
            m = NUMBERED_NAME_RE.match(label) or INDICATOR_HEAD_RE.match(label)
            if not m or not 1 <= int(m.group("n")) <= 10:
                continue
            n = int(m.group("n"))
            name, inline, _ = _name_of(m.group("rest"))
            self.names[n].add("plan", name)
            rownum = len(self.report.plan) + 1
            score_cell, score_col = cell(row, "score")
            score = parse_score(score_cell.text) if score_cell else None
            if score is None and inline is not None:
                score, score_cell, score_col = inline, ind_cell, 1
            if score is not None and score_cell is not None:
                self.sources[n].append(
                    self._cell_prov(row, score_cell, "plan", rownum, score_col, field="score", value=score)
                )
            measure, _ = cell(row, "measure")
            rationale, _ = cell(row, "rationale")
            steps_cell, _ = cell(row, "steps")
            period_cell, _ = cell(row, "period")
            owner, _ = cell(row, "owner")
            period: Period | None = None
            if period_cell is not None and period_cell.text.strip():
                ptext = _clean(period_cell.text)
                fy = self.report.fiscal_year
                if fy is not None and not 2400 <= fy <= 2799:
                    fy = None  # an impossible year (the checker says so); do not date periods by it
                try:
                    rng = parse_thai_period(ptext, fiscal_year_be=fy)
                except ValueError:
                    rng = None
                period = Period(text=ptext, start=rng.start if rng else None, end=rng.end if rng else None)
            self.report.plan.append(
                PlanRow(
                    indicator=n,
                    indicator_name=name,
                    score=score,
                    measure=_paras(measure),
                    rationale=_paras(rationale),
                    steps=split_steps([p.text for p in steps_cell.paragraphs]) if steps_cell else [],
                    period=period,
                    owner=_paras(owner),
                    provenance=self._cell_prov(row, None, "plan", rownum, None, field="row"),
                )
            )

    # -- analyses --------------------------------------------------------------

    def _analyses(
        self, blocks: list[TextBlock | Table], heads: list[int], plan_start: int | None, kinds: dict[int, str]
    ) -> None:
        for k, start in enumerate(heads):
            head = blocks[start]
            assert isinstance(head, TextBlock)
            m = INDICATOR_HEAD_RE.match(head.text)
            assert m is not None
            n = int(m.group("n"))
            if not 1 <= n <= 10:
                continue
            name, score, _raw = _name_of(m.group("rest"))
            stop = (
                heads[k + 1]
                if k + 1 < len(heads)
                else (plan_start if plan_start is not None else len(blocks))
            )
            body: list[TextBlock] = []
            for b in blocks[start + 1 : stop]:
                if isinstance(b, Table):
                    if kinds.get(blocks.index(b)) in ("summary", "items", "plan"):
                        break
                    continue
                if PLAN_SECTION_RE.search(b.text) and len(b.text) < 120:
                    break
                body.append(b)
            paragraphs: list[str] = []
            parts: list[AnalysisPart] = []
            for b in body:
                text = ANALYSIS_LABEL_RE.sub("", b.text, count=1) if not paragraphs else b.text
                text = _clean(text)
                if not text:
                    continue
                pm = PART_RE.match(text)
                if pm:
                    parts.append(
                        AnalysisPart(
                            number=int(pm.group("n")),
                            title=text,
                            text="",
                            provenance=self._block_prov(b, "analysis", field="part"),
                        )
                    )
                elif parts:
                    last = parts[-1]
                    last.text = (last.text + "\n" + text).strip()
                paragraphs.append(text)
            self.names[n].add("analysis", name)
            if score is not None:
                self.sources[n].append(self._block_prov(head, "analysis", field="score", value=score))
            self.report.analyses.append(
                Analysis(
                    indicator=n,
                    score=score,
                    name=name or None,
                    text="\n".join(paragraphs),
                    parts=parts,
                    provenance=self._block_prov(head, "analysis", field="analysis"),
                )
            )

    # -- assembly --------------------------------------------------------------

    def _assemble(self) -> None:
        rep = self.report
        numbers = sorted(set(self.sources) | set(self.names))
        for n in numbers:
            if not 1 <= n <= 10:
                continue
            srcs = self.sources.get(n, [])
            summary = [s for s in srcs if s.table == "summary"]
            first = summary[0] if summary else (srcs[0] if srcs else None)
            name = self.names[n].best() or _framework.indicator_name(n)
            rep.indicators.append(
                Indicator(
                    number=n,
                    name=name,
                    tool=_framework.indicator_tool(n),
                    score=first.value if first else None,
                    sources=srcs,
                )
            )
        tools = ToolScores()
        for tool, srcs in self.tool_sources.items():
            if srcs:
                setattr(tools, tool, srcs[0].value)
        rep.tool_scores = tools
        rep.tool_sources = {k: v for k, v in self.tool_sources.items() if v}
        rep.total_sources = self.total_sources
        if rep.total_score is None and self.total_sources:
            rep.total_score = self.total_sources[0].value
        rep.year_sources = {k: v for k, v in self.year_sources.items() if v}


def _alternatives(cell: Cell, value: float | None) -> list[float]:
    """OCR: the other scores a cell may read as, best first (empty for text layers)."""
    seen = {value}
    out: list[float] = []
    for text in cell.candidates:
        alt = parse_score(to_arabic_digits(text))
        if alt is not None and alt not in seen:
            seen.add(alt)
            out.append(alt)
    return out


def _paras(cell: Cell | None) -> str:
    if cell is None:
        return ""
    return "\n".join(_clean(p.text) for p in cell.paragraphs if p.text.strip())


def _raw_code(raw: str) -> str:
    m = regex.match(r"\s*([ieoIEO0๐]\s*[-.]?\s*[0-9๐-๙]{1,2})", raw)
    return m.group(1) if m else ""
