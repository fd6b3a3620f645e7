"""Spreadsheet exports: CSV with a BOM, XLSX (openpyxl and LibreOffice), Parquet."""

from __future__ import annotations

import builtins
import csv
import datetime as dt
import io
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import ita_parse
from ita_parse import _export
from ita_parse._errors import UsageError
from ita_parse._export import (
    FORMATS,
    NUMBER_FORMATS,
    TABLES,
    ExportError,
    Table,
    display_width,
    long_csv,
    tables_from_reports,
    tables_from_store,
    write_csv,
    write_parquet,
    write_tables,
    write_xlsx,
)
from ita_parse._findings import Finding
from ita_parse._model import Report
from ita_parse._render import reports as old_render
from ita_parse._store import Imported, Store

from .helpers import SAMPLE

AGENCY = "องค์การบริหารส่วนตำบลสามเรือน"


@pytest.fixture(scope="module")
def sample() -> tuple[Report, list[Finding]]:
    report = ita_parse.parse(SAMPLE)
    return report, ita_parse.check(report).findings


@pytest.fixture(scope="module")
def tables(sample: tuple[Report, list[Finding]]) -> list[Table]:
    return tables_from_reports([sample[0]], sample[1])


def by_name(tables: list[Table]) -> dict[str, Table]:
    return {t.name: t for t in tables}


# --- the tables ---------------------------------------------------------------------------------


def test_tables_are_typed(tables: list[Table], sample: tuple[Report, list[Finding]]) -> None:
    report, findings = sample
    t = by_name(tables)
    assert list(t) == list(TABLES)
    [rep] = t["reports"].dicts()
    assert rep["agency"] == AGENCY and rep["total_score"] == 96.79 and rep["fiscal_year"] == 2569
    assert isinstance(rep["fiscal_year"], int) and isinstance(rep["IIT"], float)
    assert len(t["items"].rows) == len(report.items) == 52
    assert len(t["findings"].rows) == len(findings)
    plan = t["plan"].dicts()
    assert plan[6]["start"] == dt.date(2024, 10, 1) and isinstance(plan[0]["end"], dt.date)
    six = [s for s in t["indicator_sources"].dicts() if s["indicator"] == 6]
    assert [(s["table"], s["value"]) for s in six] == [
        ("summary", 96.29),
        ("items", 96.26),
        ("plan", 96.26),
        ("analysis", 96.26),
    ]
    for table in tables:  # every value has its column's type
        for row in table.rows:
            for col, value in zip(table.columns, row, strict=True):
                if value is None:
                    continue
                expected: Any = {
                    "int": int,
                    "year": int,
                    "score": float,
                    "date": dt.date,
                    "datetime": dt.datetime,
                }.get(col.kind, str)
                assert isinstance(value, expected), (table.name, col.name, value)


def test_no_findings_table_without_findings(sample: tuple[Report, list[Finding]]) -> None:
    assert "findings" not in by_name(tables_from_reports([sample[0]]))


#: The CSV columns ``parse --format csv -o DIR`` has always written: they stay first, in this order.
LEGACY_COLUMNS = {
    "reports": "path sha256 kind agency agency_type district province fiscal_year assessed_year total_score "
    "level IIT EIT OIT previous_assessed_year previous_total_score claimed_change",
    "indicators": "path indicator name tool score places values_printed",
    "items": "path code indicator text score",
    "analyses": "path indicator score text",
    "plan": "path row indicator indicator_name score measure rationale steps period start end owner",
    "steps": "path row indicator step number text",
}


def test_the_old_csv_tables_are_kept(tables: list[Table], sample: tuple[Report, list[Finding]]) -> None:
    """`_render/reports.py` can call these tables instead of its own: same columns, same values."""
    report = sample[0]
    t = by_name(tables)
    for name, spec in LEGACY_COLUMNS.items():
        old_cols = spec.split()
        assert t[name].header[: len(old_cols)] == old_cols, name
        if hasattr(old_render, "_rows"):  # while _render/reports.py still has its own rows
            mine = [{k: _iso(d[k]) for k in old_cols} for d in t[name].dicts()]
            assert mine == list(old_render._rows(name, report)), name
    old_long = set(map(tuple, csv.reader(io.StringIO(old_render.to_long_csv([report])))))
    new_long = set(map(tuple, csv.reader(io.StringIO(long_csv(tables)))))
    assert old_long <= new_long


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


# --- CSV ----------------------------------------------------------------------------------------


def test_csv_has_a_bom_and_every_table(tables: list[Table], tmp_path: Path) -> None:
    written = write_csv(tables, tmp_path / "out")
    assert [p.stem for p in written] == list(TABLES)
    raw = (tmp_path / "out" / "reports.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    [row] = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert (
        row["agency"] == AGENCY and row["total_score"] == "96.79" and row["previous_total_score"] == "96.01"
    )
    plan = list(csv.DictReader(io.StringIO((tmp_path / "out" / "plan.csv").read_text(encoding="utf-8-sig"))))
    assert plan[6]["start"] == "2024-10-01"


# --- XLSX ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def xlsx(tables: list[Table], tmp_path_factory: pytest.TempPathFactory) -> Path:
    tricky = Table(
        "tricky",
        (_export.Column("text"), _export.Column("score", "score"), _export.Column("at", "datetime")),
        [
            ("=SUM(A1:A2)", 1.5, dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)),
            ("bell\x07 in text", float("nan"), None),
            ("ก" * 40000, None, None),
        ],
    )
    return write_xlsx([*tables, tricky], tmp_path_factory.mktemp("xlsx") / "ita.xlsx")


def test_xlsx_opens_with_openpyxl(xlsx: Path, tables: list[Table]) -> None:
    from openpyxl import load_workbook
    from openpyxl.cell import Cell
    from openpyxl.utils import get_column_letter

    wb = load_workbook(xlsx)
    assert wb.sheetnames == [*TABLES, "tricky"]
    for table in tables:
        ws = wb[table.name]
        assert ws.freeze_panes == "A2"
        assert [c.value for c in ws[1]] == table.header
        assert all(c.font.b for c in ws[1])
        assert ws.max_row == len(table.rows) + 1
        assert ws.auto_filter.ref
        for k, col in enumerate(table.columns, start=1):
            width = ws.column_dimensions[get_column_letter(k)].width
            assert display_width(col.name) <= width <= 60, (table.name, col.name, width)
    reports = wb["reports"]
    header = [c.value for c in reports[1]]
    row = {h: c for h, c in zip(header, reports[2], strict=True)}
    assert row["agency"].value == AGENCY
    assert row["total_score"].value == 96.79 and row["total_score"].data_type == "n"
    assert row["total_score"].number_format == NUMBER_FORMATS["score"]
    assert row["fiscal_year"].value == 2569 and row["fiscal_year"].data_type == "n"
    assert row["pages"].value is None
    plan = wb["plan"]
    start = [c.value for c in plan[1]].index("start") + 1
    cell = plan.cell(8, start)
    assert (
        isinstance(cell, Cell)
        and cell.is_date
        and cell.value == dt.datetime(2024, 10, 1)
        and cell.number_format == "yyyy-mm-dd"
    )
    items = wb["items"]
    assert items.cell(2, 4).alignment.wrap_text  # the text column wraps
    assert items.cell(2, 4).value == tables[3].rows[0][3]  # Thai text intact

    tricky = wb["tricky"]
    assert tricky["A2"].value == "=SUM(A1:A2)" and tricky["A2"].data_type == "s"  # text, not a formula
    assert tricky["C2"].value == dt.datetime(2025, 1, 2, 3, 4, 5)
    assert tricky["A3"].value == "bell in text" and tricky["B3"].value is None
    assert len(tricky["A4"].value) == _export.XLSX_CELL_LIMIT


def test_xlsx_converts_with_libreoffice(xlsx: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is needed in CI (apt-get install libreoffice-calc-nogui)")
        pytest.skip("LibreOffice is not installed")
    # 44,34,76: comma, double quote, UTF-8; the last token (-1) writes every sheet to its own file
    filter_ = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    proc = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            filter_,
            "--outdir",
            str(tmp_path),
            str(xlsx),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    reports_csv = tmp_path / "ita-reports.csv"
    assert reports_csv.exists(), proc.stdout + proc.stderr
    [row] = list(csv.DictReader(io.StringIO(reports_csv.read_text(encoding="utf-8"))))
    assert row["agency"] == AGENCY and row["province"] == "ราชบุรี"
    assert float(row["total_score"]) == 96.79 and row["fiscal_year"] == "2569"
    assert float(row["OIT"]) == 97.5 and float(row["claimed_change"]) == 0.78
    items = list(csv.DictReader(io.StringIO((tmp_path / "ita-items.csv").read_text(encoding="utf-8"))))
    assert len(items) == 52 and items[24]["code"] == "o1"
    assert "โครงสร้างและอำนาจหน้าที่" in items[24]["text"]
    plan = list(csv.DictReader(io.StringIO((tmp_path / "ita-plan.csv").read_text(encoding="utf-8"))))
    assert plan[6]["start"] == "2024-10-01"


# --- Parquet ------------------------------------------------------------------------------------


def test_parquet_round_trips(tables: list[Table], tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    written = write_parquet(tables, tmp_path / "pq")
    assert [p.name for p in written] == [f"{n}.parquet" for n in TABLES]
    for table in tables:
        back = pq.read_table(tmp_path / "pq" / f"{table.name}.parquet")
        assert back.column_names == table.header
        assert [tuple(r.values()) for r in back.to_pylist()] == table.rows
    schema = pq.read_schema(tmp_path / "pq" / "plan.parquet")
    assert str(schema.field("start").type) == "date32[day]" and str(schema.field("score").type) == "double"


def test_parquet_without_pyarrow_says_what_to_install(
    tables: list[Table], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_pyarrow(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("pyarrow"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    with pytest.raises(UsageError, match=r"ita_parse\[parquet\]"):
        write_parquet(tables, tmp_path)


# --- errors and dispatch ------------------------------------------------------------------------


def test_unwritable_outputs_are_export_errors(tables: list[Table], tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    for fmt in FORMATS:
        with pytest.raises(ExportError) as err:
            write_tables(tables, fmt, blocker / "sub" / "out")
        assert err.value.code == "output-error" and "\n" not in err.value.message
    with pytest.raises(ExportError):  # fails when saving, after the sheets were written
        write_xlsx(tables, tmp_path)  # a folder
    with pytest.raises(UsageError):
        write_tables(tables, "ods", tmp_path / "x")  # type: ignore[arg-type]


def test_export_from_the_database(tmp_path: Path, sample: tuple[Report, list[Finding]]) -> None:
    report, findings = sample
    with Store(f"sqlite:///{tmp_path / 'ita.db'}") as store:
        store.upgrade()
        store.save(
            [
                Imported("b/second-copy.txt", report.source.sha256, report, findings),
                Imported("a/first.txt", report.source.sha256, report, findings),
            ]
        )
        tables = tables_from_store(store)
    t = by_name(tables)
    [rep] = t["reports"].dicts()
    assert rep["path"] == "a/first.txt" and rep["other_paths"] == "b/second-copy.txt"
    assert {r[0] for r in t["items"].rows} == {"a/first.txt"}
    assert [r[1] for r in t["findings"].rows] == [f.code for f in findings]
    path = write_xlsx(tables, tmp_path / "db.xlsx")
    assert path.stat().st_size > 0
