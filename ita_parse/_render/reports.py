"""Reports as JSON, JSON Lines and flat CSV tables."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .._model import Report

CSV_TABLES = ("reports", "indicators", "items", "analyses", "plan", "steps")
COLUMNS: dict[str, list[str]] = {
    "reports": [
        "path",
        "sha256",
        "kind",
        "agency",
        "agency_type",
        "district",
        "province",
        "fiscal_year",
        "assessed_year",
        "total_score",
        "level",
        "IIT",
        "EIT",
        "OIT",
        "previous_assessed_year",
        "previous_total_score",
        "claimed_change",
    ],
    "indicators": ["path", "indicator", "name", "tool", "score", "places", "values_printed"],
    "items": ["path", "code", "indicator", "text", "score"],
    "analyses": ["path", "indicator", "score", "text"],
    "plan": [
        "path",
        "row",
        "indicator",
        "indicator_name",
        "score",
        "measure",
        "rationale",
        "steps",
        "period",
        "start",
        "end",
        "owner",
    ],
    "steps": ["path", "row", "indicator", "step", "number", "text"],
}


def to_json(reports: list[Report]) -> str:
    """One JSON document for one report, an array for several."""
    if len(reports) == 1:
        return reports[0].model_dump_json(indent=2)
    return "[\n" + ",\n".join(r.model_dump_json(indent=2) for r in reports) + "\n]"


def to_jsonl(reports: Iterable[Report]) -> Iterator[str]:
    for r in reports:
        yield r.model_dump_json()


def _rows(table: str, r: Report) -> Iterator[dict[str, Any]]:
    p = r.source.path
    if table == "reports":
        prev = r.previous
        yield {
            "path": p,
            "sha256": r.source.sha256,
            "kind": r.source.kind,
            "agency": r.agency.name,
            "agency_type": r.agency.type,
            "district": r.agency.district,
            "province": r.agency.province,
            "fiscal_year": r.fiscal_year,
            "assessed_year": r.assessed_year,
            "total_score": r.total_score,
            "level": r.level,
            "IIT": r.tool_scores.IIT,
            "EIT": r.tool_scores.EIT,
            "OIT": r.tool_scores.OIT,
            "previous_assessed_year": prev.assessed_year if prev else None,
            "previous_total_score": prev.total_score if prev else None,
            "claimed_change": prev.claimed_change if prev else None,
        }
    elif table == "indicators":
        for ind in r.indicators:
            yield {
                "path": p,
                "indicator": ind.number,
                "name": ind.name,
                "tool": ind.tool,
                "score": ind.score,
                "places": len(ind.sources),
                "values_printed": " ".join(
                    sorted({f"{s.value:.2f}" for s in ind.sources if s.value is not None})
                ),
            }
    elif table == "items":
        for it in r.items:
            yield {"path": p, "code": it.code, "indicator": it.indicator, "text": it.text, "score": it.score}
    elif table == "analyses":
        for a in r.analyses:
            yield {"path": p, "indicator": a.indicator, "score": a.score, "text": a.text}
    elif table == "plan":
        for k, row in enumerate(r.plan, start=1):
            yield {
                "path": p,
                "row": k,
                "indicator": row.indicator,
                "indicator_name": row.indicator_name,
                "score": row.score,
                "measure": row.measure,
                "rationale": row.rationale,
                "steps": len(row.steps),
                "period": row.period.text if row.period else None,
                "start": row.period.start.isoformat() if row.period and row.period.start else None,
                "end": row.period.end.isoformat() if row.period and row.period.end else None,
                "owner": row.owner,
            }
    elif table == "steps":
        for k, row in enumerate(r.plan, start=1):
            for i, step in enumerate(row.steps, start=1):
                yield {
                    "path": p,
                    "row": k,
                    "indicator": row.indicator,
                    "step": i,
                    "number": step.number,
                    "text": step.text,
                }


def write_csv_tables(reports: list[Report], folder: Path) -> list[Path]:
    """One CSV file per table (UTF-8 with BOM, so Excel on Thai Windows reads it right)."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for table in CSV_TABLES:
        rows = [row for r in reports for row in _rows(table, r)]
        path = folder / f"{table}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=COLUMNS[table])
            writer.writeheader()
            writer.writerows(rows)
        written.append(path)
    return written


def to_long_csv(reports: list[Report]) -> str:
    """Every value of every table as one long CSV: path, table, row, field, value."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["path", "table", "row", "field", "value"])
    for r in reports:
        for table in CSV_TABLES:
            for k, row in enumerate(_rows(table, r), start=1):
                for name, value in row.items():
                    if name == "path":
                        continue
                    writer.writerow([r.source.path, table, k, name, "" if value is None else value])
    return buf.getvalue()


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)
