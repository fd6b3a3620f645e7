"""The initial schema: sources, agencies, reports and everything parsed from them, findings.

Revision ID: 0001
Revises:
Create Date: 2026-11-25

Written out in full (not imported from ``_tables.py``): a migration is a snapshot
of the schema at its revision and must not change when the models do.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _cascade(name: str, cols: list[str], ref: str, ref_cols: list[str]) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(cols, [f"{ref}.{c}" for c in ref_cols], name=name, ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("encoding", sa.String(length=32), nullable=True),
        sa.Column("parser_version", sa.String(length=32), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sources"),
        sa.UniqueConstraint("sha256", name="uq_sources_sha256"),
    )
    op.create_table(
        "source_paths",
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        _cascade("fk_source_paths_source_id_sources", ["source_id"], "sources", ["id"]),
        sa.PrimaryKeyConstraint("path", name="pk_source_paths"),
    )
    op.create_index("ix_source_paths_source_id", "source_paths", ["source_id"])

    op.create_table(
        "agencies",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.Text(), nullable=True),
        sa.Column("district", sa.Text(), nullable=True),
        sa.Column("province", sa.Text(), nullable=True),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("province_key", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_agencies"),
        sa.UniqueConstraint("name_key", "province_key", name="uq_agencies_name_key_province_key"),
    )
    op.create_index("ix_agencies_province", "agencies", ["province"])
    op.create_index("ix_agencies_province_key", "agencies", ["province_key"])

    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("agency_name", sa.Text(), nullable=True),
        sa.Column("agency_type", sa.Text(), nullable=True),
        sa.Column("district", sa.Text(), nullable=True),
        sa.Column("province", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("fiscal_year", sa.Integer(), nullable=True),
        sa.Column("assessed_year", sa.Integer(), nullable=True),
        sa.Column("total_score", sa.Double(), nullable=True),
        sa.Column("level", sa.Text(), nullable=True),
        sa.Column("iit", sa.Double(), nullable=True),
        sa.Column("eit", sa.Double(), nullable=True),
        sa.Column("oit", sa.Double(), nullable=True),
        sa.Column("previous_assessed_year", sa.Integer(), nullable=True),
        sa.Column("previous_total_score", sa.Double(), nullable=True),
        sa.Column("claimed_change", sa.Double(), nullable=True),
        sa.Column("repaired_chars", sa.Integer(), nullable=False),
        sa.Column("suspect_chars", sa.Integer(), nullable=False),
        sa.Column("ocr_pages", sa.Integer(), nullable=False),
        sa.Column("schema_version", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name="fk_reports_agency_id_agencies", ondelete="SET NULL"
        ),
        _cascade("fk_reports_source_id_sources", ["source_id"], "sources", ["id"]),
        sa.PrimaryKeyConstraint("id", name="pk_reports"),
        sa.UniqueConstraint("source_id", name="uq_reports_source_id"),
    )
    op.create_index("ix_reports_agency_id_assessed_year", "reports", ["agency_id", "assessed_year"])
    op.create_index("ix_reports_assessed_year", "reports", ["assessed_year"])
    op.create_index("ix_reports_fiscal_year", "reports", ["fiscal_year"])

    op.create_table(
        "indicators",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("tool", sa.String(length=3), nullable=False),
        sa.Column("score", sa.Double(), nullable=True),
        _cascade("fk_indicators_report_id_reports", ["report_id"], "reports", ["id"]),
        sa.PrimaryKeyConstraint("report_id", "number", name="pk_indicators"),
    )
    op.create_index("ix_indicators_number", "indicators", ["number"])

    op.create_table(
        "indicator_sources",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=16), nullable=True),
        sa.Column("value", sa.Double(), nullable=True),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("row_no", sa.Integer(), nullable=True),
        sa.Column("column_no", sa.Integer(), nullable=True),
        sa.Column("line_no", sa.Integer(), nullable=True),
        sa.Column("paragraph", sa.Integer(), nullable=True),
        _cascade(
            "fk_indicator_sources_report_id_indicator_indicators",
            ["report_id", "indicator"],
            "indicators",
            ["report_id", "number"],
        ),
        sa.PrimaryKeyConstraint("report_id", "indicator", "seq", name="pk_indicator_sources"),
    )
    op.create_index(
        "ix_indicator_sources_indicator_table_name", "indicator_sources", ["indicator", "table_name"]
    )

    op.create_table(
        "items",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("indicator", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("score", sa.Double(), nullable=True),
        sa.Column("code_raw", sa.Text(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("line_no", sa.Integer(), nullable=True),
        _cascade("fk_items_report_id_reports", ["report_id"], "reports", ["id"]),
        sa.PrimaryKeyConstraint("report_id", "seq", name="pk_items"),
    )
    op.create_index("ix_items_code", "items", ["code"])
    op.create_index("ix_items_indicator", "items", ["indicator"])

    op.create_table(
        "analyses",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.Integer(), nullable=False),
        sa.Column("score", sa.Double(), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("line_no", sa.Integer(), nullable=True),
        _cascade("fk_analyses_report_id_reports", ["report_id"], "reports", ["id"]),
        sa.PrimaryKeyConstraint("report_id", "seq", name="pk_analyses"),
    )
    op.create_index("ix_analyses_indicator", "analyses", ["indicator"])

    op.create_table(
        "analysis_parts",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("analysis_seq", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _cascade(
            "fk_analysis_parts_report_id_analysis_seq_analyses",
            ["report_id", "analysis_seq"],
            "analyses",
            ["report_id", "seq"],
        ),
        sa.PrimaryKeyConstraint("report_id", "analysis_seq", "seq", name="pk_analysis_parts"),
    )

    op.create_table(
        "plan_rows",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.Integer(), nullable=False),
        sa.Column("indicator_name", sa.Text(), nullable=False),
        sa.Column("score", sa.Double(), nullable=True),
        sa.Column("measure", sa.Text(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("period_text", sa.Text(), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("owner", sa.Text(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("line_no", sa.Integer(), nullable=True),
        _cascade("fk_plan_rows_report_id_reports", ["report_id"], "reports", ["id"]),
        sa.PrimaryKeyConstraint("report_id", "seq", name="pk_plan_rows"),
    )
    op.create_index("ix_plan_rows_indicator", "plan_rows", ["indicator"])

    op.create_table(
        "plan_steps",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("row_seq", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("marker", sa.String(length=16), nullable=False),
        _cascade(
            "fk_plan_steps_report_id_row_seq_plan_rows",
            ["report_id", "row_seq"],
            "plan_rows",
            ["report_id", "seq"],
        ),
        sa.PrimaryKeyConstraint("report_id", "row_seq", "seq", name="pk_plan_steps"),
    )

    op.create_table(
        "findings",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("severity", sa.String(length=8), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("indicator", sa.Integer(), nullable=True),
        sa.Column("confidence", sa.String(length=8), nullable=False),
        sa.Column("table_name", sa.String(length=16), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("row_no", sa.Integer(), nullable=True),
        sa.Column("line_no", sa.Integer(), nullable=True),
        sa.Column("location", _json(), nullable=False),
        sa.Column("related", _json(), nullable=False),
        sa.Column("ctx", _json(), nullable=False),
        _cascade("fk_findings_report_id_reports", ["report_id"], "reports", ["id"]),
        sa.PrimaryKeyConstraint("report_id", "seq", name="pk_findings"),
    )
    op.create_index("ix_findings_category", "findings", ["category"])
    op.create_index("ix_findings_code", "findings", ["code"])
    op.create_index("ix_findings_severity", "findings", ["severity"])

    op.create_table(
        "import_errors",
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("parser_version", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("path", name="pk_import_errors"),
    )
    op.create_index("ix_import_errors_code", "import_errors", ["code"])
    op.create_index("ix_import_errors_sha256", "import_errors", ["sha256"])


def downgrade() -> None:
    for table in (
        "import_errors",
        "findings",
        "plan_steps",
        "plan_rows",
        "analysis_parts",
        "analyses",
        "items",
        "indicator_sources",
        "indicators",
        "reports",
        "agencies",
        "source_paths",
        "sources",
    ):
        op.drop_table(table)
