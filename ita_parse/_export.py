"""Flat tables of reports and findings, and the CSV, XLSX and Parquet files made of them.

There is one definition of each table here (:data:`TABLES`: names, columns and
column kinds) and one function that fills them (:func:`tables_from_reports`);
``tables_from_store`` rebuilds the reports from the database and goes through the
same function, so a spreadsheet from ``parse`` and one from the database are the
same shape.  Values are typed (int, float, ``datetime.date``), so each writer can
keep numbers as numbers and dates as dates:

* CSV: UTF-8 with a BOM, which Excel on Thai Windows needs to read Thai right;
* XLSX (openpyxl): a sheet per table, bold frozen header with filters, scores
  shown with two decimals, ISO dates, widths from the content, long text wrapped;
* Parquet (pyarrow, the optional ``parquet`` extra): one file per table.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import io
import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ._errors import ItaParseError, UsageError
from ._findings import Finding
from ._model import Report

if TYPE_CHECKING:
    from ._store import Store

Value = str | int | float | _dt.date | _dt.datetime | None
#: text: short text; long: free text (wrapped in XLSX); int; year: a B.E. year;
#: score: a score (two decimals in XLSX); date; datetime
Kind = Literal["text", "long", "int", "year", "score", "date", "datetime"]
Format = Literal["csv", "xlsx", "parquet"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx", "parquet")


class ExportError(ItaParseError):
    """An export could not be written (the CLI exits with 2)."""

    code = "output-error"


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind = "text"


@dataclass
class Table:
    """One flat table: its columns and typed rows (tuples in column order)."""

    name: str
    columns: tuple[Column, ...]
    rows: list[tuple[Value, ...]] = field(default_factory=list)

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]

    def dicts(self) -> list[dict[str, Value]]:
        names = self.header
        return [dict(zip(names, row, strict=True)) for row in self.rows]


def _cols(*spec: str) -> tuple[Column, ...]:
    """Columns from 'name' or 'name:kind' strings (kind defaults to text)."""
    out = []
    for s in spec:
        name, _, kind = s.partition(":")
        out.append(Column(name, kind or "text"))  # type: ignore[arg-type]
    return tuple(out)


#: Every table, in sheet order.  The first columns of reports, indicators, items,
#: analyses, plan and steps are the CSV tables ita_parse always wrote; later ones are additions.
TABLES: dict[str, tuple[Column, ...]] = {
    "reports": _cols(
        "path",
        "sha256",
        "kind",
        "agency",
        "agency_type",
        "district",
        "province",
        "fiscal_year:year",
        "assessed_year:year",
        "total_score:score",
        "level",
        "IIT:score",
        "EIT:score",
        "OIT:score",
        "previous_assessed_year:year",
        "previous_total_score:score",
        "claimed_change:score",
        "title:long",
        "pages:int",
        "parser_version",
        "other_paths:long",
    ),
    "indicators": _cols(
        "path", "indicator:int", "name", "tool", "score:score", "places:int", "values_printed"
    ),
    "indicator_sources": _cols(
        "path",
        "indicator:int",
        "table",
        "value:score",
        "raw:long",
        "page:int",
        "row:int",
        "column:int",
        "line:int",
        "paragraph:int",
    ),
    "items": _cols(
        "path", "code", "indicator:int", "text:long", "score:score", "code_raw", "page:int", "line:int"
    ),
    "analyses": _cols("path", "indicator:int", "score:score", "text:long", "name", "page:int", "line:int"),
    "plan": _cols(
        "path",
        "row:int",
        "indicator:int",
        "indicator_name",
        "score:score",
        "measure:long",
        "rationale:long",
        "steps:int",
        "period",
        "start:date",
        "end:date",
        "owner",
        "page:int",
        "line:int",
    ),
    "steps": _cols("path", "row:int", "indicator:int", "step:int", "number:int", "text:long", "marker"),
    "findings": _cols(
        "path",
        "code",
        "name",
        "category",
        "severity",
        "indicator:int",
        "message:long",
        "confidence",
        "table",
        "page:int",
        "row:int",
        "line:int",
    ),
}


# --- filling the tables -------------------------------------------------------------------------


def _report_rows(r: Report, other_paths: Sequence[str]) -> dict[str, list[tuple[Value, ...]]]:
    p = r.source.path
    prev = r.previous
    rows: dict[str, list[tuple[Value, ...]]] = {name: [] for name in TABLES}
    rows["reports"].append(
        (
            p,
            r.source.sha256,
            r.source.kind,
            r.agency.name,
            r.agency.type,
            r.agency.district,
            r.agency.province,
            r.fiscal_year,
            r.assessed_year,
            r.total_score,
            r.level,
            r.tool_scores.IIT,
            r.tool_scores.EIT,
            r.tool_scores.OIT,
            prev.assessed_year if prev else None,
            prev.total_score if prev else None,
            prev.claimed_change if prev else None,
            r.title,
            r.source.pages,
            r.parser_version,
            "\n".join(other_paths),
        )
    )
    for ind in r.indicators:
        printed = " ".join(sorted({f"{s.value:.2f}" for s in ind.sources if s.value is not None}))
        rows["indicators"].append((p, ind.number, ind.name, ind.tool, ind.score, len(ind.sources), printed))
        for s in ind.sources:
            rows["indicator_sources"].append(
                (p, ind.number, s.table, s.value, s.raw, s.page, s.row, s.column, s.line, s.paragraph)
            )
    for it in r.items:
        pv = it.provenance
        rows["items"].append((p, it.code, it.indicator, it.text, it.score, it.code_raw, pv.page, pv.line))
    for a in r.analyses:
        pv = a.provenance
        rows["analyses"].append((p, a.indicator, a.score, a.text, a.name, pv.page, pv.line))
    for k, row in enumerate(r.plan, start=1):
        per, pv = row.period, row.provenance
        rows["plan"].append(
            (
                p,
                k,
                row.indicator,
                row.indicator_name,
                row.score,
                row.measure,
                row.rationale,
                len(row.steps),
                per.text if per else None,
                per.start if per else None,
                per.end if per else None,
                row.owner,
                pv.page,
                pv.line,
            )
        )
        for i, step in enumerate(row.steps, start=1):
            rows["steps"].append((p, k, row.indicator, i, step.number, step.text, step.marker))
    return rows


def _finding_row(f: Finding) -> tuple[Value, ...]:
    loc = f.location
    return (
        f.path,
        f.code,
        f.name,
        f.category,
        f.severity,
        f.indicator,
        f.message,
        f.confidence,
        loc.table,
        loc.page,
        loc.row,
        loc.line,
    )


def tables_from_reports(
    reports: Iterable[Report],
    findings: Iterable[Finding] | None = None,
    *,
    other_paths: Mapping[str, Sequence[str]] | None = None,
) -> list[Table]:
    """Every table of these reports; the findings table only when ``findings`` is given.

    ``other_paths`` maps a sha256 to further paths the same content was found under.
    """
    names = [n for n in TABLES if n != "findings" or findings is not None]
    tables = {n: Table(n, TABLES[n]) for n in names}
    for r in reports:
        extra = (other_paths or {}).get(r.source.sha256, ())
        for name, rows in _report_rows(r, extra).items():
            if name in tables:
                tables[name].rows.extend(rows)
    if findings is not None:
        tables["findings"].rows.extend(_finding_row(f) for f in findings)
    return [tables[n] for n in names]


def tables_from_store(store: Store) -> list[Table]:
    """Every table of every report in the database (and the findings stored with them)."""
    reports: list[Report] = []
    findings: list[Finding] = []
    other_paths: dict[str, list[str]] = {}
    for stored in store.stored_reports():
        reports.append(stored.report)
        findings.extend(stored.findings)
        other_paths[stored.report.source.sha256] = stored.paths[1:]
    return tables_from_reports(reports, findings, other_paths=other_paths)


# --- CSV ----------------------------------------------------------------------------------------


def _csv_value(value: Value) -> Value:
    if isinstance(value, _dt.datetime | _dt.date):
        return value.isoformat()
    return "" if value is None else value


def write_csv(tables: Sequence[Table], folder: str | Path) -> list[Path]:
    """One ``<table>.csv`` per table in ``folder`` (created), UTF-8 with BOM; the paths written."""
    out = Path(folder)
    written: list[Path] = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for table in tables:
            path = out / f"{table.name}.csv"
            with path.open("w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(table.header)
                writer.writerows([_csv_value(v) for v in row] for row in table.rows)
            written.append(path)
    except OSError as exc:
        raise ExportError(f"cannot write CSV files into {out}: {exc.strerror or exc}") from None
    return written


def long_csv(tables: Sequence[Table]) -> str:
    """Every value as one long CSV: ``path, table, row, field, value`` (row: 1-based, per path)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["path", "table", "row", "field", "value"])
    order: dict[Value, int] = {}
    cells: list[tuple[int, int, list[Any]]] = []
    for t_index, table in enumerate(tables):
        count: dict[Value, int] = {}
        for row in table.rows:
            path = row[0]
            order.setdefault(path, len(order))
            count[path] = count.get(path, 0) + 1
            for col, value in zip(table.columns[1:], row[1:], strict=True):
                line = [path, table.name, count[path], col.name, _csv_value(value)]
                cells.append((order[path], t_index, line))
    cells.sort(key=lambda c: (c[0], c[1]))  # stable: report by report, table by table
    writer.writerows(c[2] for c in cells)
    return buf.getvalue()


# --- XLSX ---------------------------------------------------------------------------------------

XLSX_CELL_LIMIT = 32767  # characters Excel keeps in one cell
XLSX_ROW_LIMIT = 1_048_576
NUMBER_FORMATS: dict[Kind, str] = {
    "int": "0",
    "year": "0",
    "score": "0.00",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm:ss",
}
MAX_WIDTH = {"long": 60.0, "text": 40.0}


def display_width(text: str) -> int:
    """How many columns the text takes: Thai vowel and tone marks above or below take none."""
    return sum(0 if unicodedata.combining(ch) or unicodedata.category(ch) == "Mn" else 1 for ch in text)


def _shown(value: Value, kind: Kind) -> str:
    if value is None:
        return ""
    if kind == "score" and isinstance(value, float | int):
        return f"{value:.2f}"
    if isinstance(value, _dt.datetime):
        return "0000-00-00 00:00:00"
    if isinstance(value, _dt.date):
        return "0000-00-00"
    text = str(value)
    return max(text.split("\n"), key=display_width) if "\n" in text else text


def column_widths(table: Table, sample: int = 5000) -> list[float]:
    """Widths that fit the header and most values (90th percentile), capped for free text."""
    widths = []
    for i, col in enumerate(table.columns):
        sizes = sorted(display_width(_shown(row[i], col.kind)) for row in table.rows[:sample])
        typical = sizes[int(len(sizes) * 0.9)] if sizes else 0
        width = max(display_width(col.name) + 3.0, typical * 1.1 + 2.0)  # +3: room for the filter button
        widths.append(min(width, MAX_WIDTH.get(col.kind, 40.0)))
    return widths


LINE_HEIGHT = 16.0  # points per line of 11-point text with Thai marks above and below


def row_lines(columns: Sequence[Column], row: Sequence[Value], widths: Sequence[float]) -> int:
    """How many lines the tallest wrapped cell of a row needs at these column widths."""
    most = 1
    for col, value, width in zip(columns, row, widths, strict=True):
        if isinstance(value, str) and (col.kind == "long" or "\n" in value):
            per_line = max(width - 1.0, 1.0)
            n = sum(max(1, math.ceil(display_width(part) / per_line)) for part in value.split("\n"))
            most = max(most, n)
    return most


def _xlsx_value(value: Value) -> Value:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        text: str = ILLEGAL_CHARACTERS_RE.sub("", value)
        return text if len(text) <= XLSX_CELL_LIMIT else text[: XLSX_CELL_LIMIT - 1] + "…"
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, _dt.datetime) and value.tzinfo is not None:
        return value.astimezone(_dt.timezone.utc).replace(tzinfo=None)  # Excel has no time zones
    return value


def write_xlsx(tables: Sequence[Table], path: str | Path) -> Path:
    """One workbook, one sheet per table, as an analyst opening it in Excel or LibreOffice expects."""
    from openpyxl import Workbook

    out = Path(path)
    for table in tables:
        if len(table.rows) + 1 > XLSX_ROW_LIMIT:
            raise ExportError(
                f"the {table.name} table has {len(table.rows)} rows, more than a sheet can hold: "
                "export to CSV or Parquet instead"
            )
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from None
    wb = Workbook(write_only=True)
    wb.properties.creator = "ita_parse"
    try:
        for table in tables:
            _write_sheet(wb, table)
        wb.save(out)
    except OSError as exc:
        _discard(wb)
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from None
    except BaseException:
        _discard(wb)
        raise
    return out


def _write_sheet(wb: Any, table: Table) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    head_align = Alignment(vertical="center")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    ws = wb.create_sheet(title=table.name[:31])
    ws.freeze_panes = "A2"
    widths = column_widths(table)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = round(width, 1)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(table.rows) + 1}"
    header = []
    for name in table.header:
        cell = WriteOnlyCell(ws, value=name)
        cell.font, cell.fill, cell.alignment = bold, fill, head_align
        header.append(cell)
    ws.append(header)
    for index, row in enumerate(table.rows, start=2):
        lines = row_lines(table.columns, row, widths)
        if lines > 1:  # LibreOffice does not grow rows of wrapped text by itself
            ws.row_dimensions[index].height = min(LINE_HEIGHT * lines + 2, 409.0)
        cells = []
        for col, raw in zip(table.columns, row, strict=True):
            value = _xlsx_value(raw)
            cell = WriteOnlyCell(ws, value=value)  # type: ignore[arg-type]  # stubs omit date
            if isinstance(value, str):
                cell.data_type = "s"  # text, even when it starts with '=' (never a formula)
                cell.alignment = wrap if col.kind == "long" or "\n" in value else top
            else:
                cell.alignment = top
                if col.kind in NUMBER_FORMATS and value is not None:
                    cell.number_format = NUMBER_FORMATS[col.kind]
            cells.append(cell)
        ws.append(cells)


def _discard(wb: Any) -> None:
    """Close the half-written sheets of a workbook that will not be saved (their temp files)."""
    for ws in wb.worksheets:
        if not ws.closed:
            with contextlib.suppress(Exception):
                ws.close()


# --- Parquet ------------------------------------------------------------------------------------


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise UsageError("Parquet output needs pyarrow: pip install 'ita_parse[parquet]'") from None
    return pyarrow


def write_parquet(tables: Sequence[Table], folder: str | Path) -> list[Path]:
    """One ``<table>.parquet`` per table in ``folder`` (created), with typed columns."""
    pa = _pyarrow()
    types = {
        "text": pa.string(),
        "long": pa.string(),
        "int": pa.int64(),
        "year": pa.int64(),
        "score": pa.float64(),
        "date": pa.date32(),
        "datetime": pa.timestamp("us", tz="UTC"),
    }
    out = Path(folder)
    written: list[Path] = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for table in tables:
            schema = pa.schema([pa.field(c.name, types[c.kind]) for c in table.columns])
            columns = list(zip(*table.rows, strict=True)) if table.rows else [() for _ in table.columns]
            arrays = [pa.array(list(values), type=f.type) for values, f in zip(columns, schema, strict=True)]
            path = out / f"{table.name}.parquet"
            pa.parquet.write_table(pa.Table.from_arrays(arrays, schema=schema), path)
            written.append(path)
    except OSError as exc:
        raise ExportError(f"cannot write Parquet files into {out}: {exc.strerror or exc}") from None
    return written


def write_tables(tables: Sequence[Table], fmt: Format, out: str | Path) -> list[Path]:
    """Write in one of :data:`FORMATS`: csv and parquet into a folder, xlsx into a file."""
    if fmt == "csv":
        return write_csv(tables, out)
    if fmt == "xlsx":
        return [write_xlsx(tables, out)]
    if fmt == "parquet":
        return write_parquet(tables, out)
    raise UsageError(f"unknown export format {fmt!r} (use one of {', '.join(FORMATS)})")
