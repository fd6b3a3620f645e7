"""The database schema as SQLAlchemy 2.x declarative models.

These classes are the one definition of the schema in Python; the Alembic
migrations in ``migrations/versions`` create the same tables (a test compares
the two, so they cannot drift apart).  Rows are written with Core inserts (one
``executemany`` per table and report), not through the ORM unit of work, because
an import writes thousands of rows and needs no identity map; the models are
still handy for users who want to query with the ORM.

Conventions, so that hand-written SQL stays simple:

* every child row carries ``report_id`` and its 1-based position ``seq`` in the
  report; the pair is the primary key;
* ``ON DELETE CASCADE`` everywhere below ``sources``: deleting a source (or a
  report) deletes everything parsed from it;
* provenance is flattened into ``table_name``, ``page``, ``row_no``, ``line_no``
  (the names ``table``/``row``/``line`` are SQL keywords on some backends).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Double,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Named constraints, so future migrations (and SQLite batch mode) can refer to them.
NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: JSON on SQLite, JSONB on PostgreSQL (indexable, compact).
JSONType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class SourceRow(Base):
    """One input content (by sha256), whatever paths it was found under."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    pages: Mapped[int | None] = mapped_column(Integer)
    encoding: Mapped[str | None] = mapped_column(String(32))
    parser_version: Mapped[str] = mapped_column(String(32))
    imported_at: Mapped[_dt.datetime] = mapped_column(DateTime(timezone=True))


class SourcePathRow(Base):
    """A path the content was imported from; one path points at one content."""

    __tablename__ = "source_paths"

    path: Mapped[str] = mapped_column(Text, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    added_at: Mapped[_dt.datetime] = mapped_column(DateTime(timezone=True))


class AgencyRow(Base):
    """An agency, identified by its normalised name and province (see ``_names.py``)."""

    __tablename__ = "agencies"
    __table_args__ = (UniqueConstraint("name_key", "province_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str | None] = mapped_column(Text)
    district: Mapped[str | None] = mapped_column(Text)
    province: Mapped[str | None] = mapped_column(Text, index=True)
    name_key: Mapped[str] = mapped_column(Text)
    province_key: Mapped[str] = mapped_column(Text, index=True)


class ReportRow(Base):
    """One parsed report; the agency fields keep what this report printed."""

    __tablename__ = "reports"
    __table_args__ = (Index("ix_reports_agency_id_assessed_year", "agency_id", "assessed_year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), unique=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id", ondelete="SET NULL"))
    agency_name: Mapped[str | None] = mapped_column(Text)
    agency_type: Mapped[str | None] = mapped_column(Text)
    district: Mapped[str | None] = mapped_column(Text)
    province: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    fiscal_year: Mapped[int | None] = mapped_column(Integer, index=True)
    assessed_year: Mapped[int | None] = mapped_column(Integer, index=True)
    total_score: Mapped[float | None] = mapped_column(Double)
    level: Mapped[str | None] = mapped_column(Text)
    iit: Mapped[float | None] = mapped_column(Double)
    eit: Mapped[float | None] = mapped_column(Double)
    oit: Mapped[float | None] = mapped_column(Double)
    previous_assessed_year: Mapped[int | None] = mapped_column(Integer)
    previous_total_score: Mapped[float | None] = mapped_column(Double)
    claimed_change: Mapped[float | None] = mapped_column(Double)
    repaired_chars: Mapped[int] = mapped_column(Integer, default=0)
    suspect_chars: Mapped[int] = mapped_column(Integer, default=0)
    ocr_pages: Mapped[int] = mapped_column(Integer, default=0)
    schema_version: Mapped[str] = mapped_column(String(8))


class IndicatorRow(Base):
    __tablename__ = "indicators"

    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)
    name: Mapped[str] = mapped_column(Text)
    tool: Mapped[str] = mapped_column(String(3))
    score: Mapped[float | None] = mapped_column(Double)


class IndicatorSourceRow(Base):
    """Every place an indicator's score is printed, with the value printed there."""

    __tablename__ = "indicator_sources"
    __table_args__ = (
        ForeignKeyConstraint(
            ["report_id", "indicator"],
            ["indicators.report_id", "indicators.number"],
            ondelete="CASCADE",
        ),
        Index("ix_indicator_sources_indicator_table_name", "indicator", "table_name"),
    )

    report_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    table_name: Mapped[str | None] = mapped_column(String(16))
    value: Mapped[float | None] = mapped_column(Double)
    raw: Mapped[str] = mapped_column(Text, default="")
    page: Mapped[int | None] = mapped_column(Integer)
    row_no: Mapped[int | None] = mapped_column(Integer)
    column_no: Mapped[int | None] = mapped_column(Integer)
    line_no: Mapped[int | None] = mapped_column(Integer)
    paragraph: Mapped[int | None] = mapped_column(Integer)


class ItemRow(Base):
    __tablename__ = "items"

    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(8), index=True)
    indicator: Mapped[int | None] = mapped_column(Integer, index=True)
    text: Mapped[str] = mapped_column(Text)
    score: Mapped[float | None] = mapped_column(Double)
    code_raw: Mapped[str] = mapped_column(Text, default="")
    page: Mapped[int | None] = mapped_column(Integer)
    line_no: Mapped[int | None] = mapped_column(Integer)


class AnalysisRow(Base):
    __tablename__ = "analyses"

    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator: Mapped[int] = mapped_column(Integer, index=True)
    score: Mapped[float | None] = mapped_column(Double)
    name: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    page: Mapped[int | None] = mapped_column(Integer)
    line_no: Mapped[int | None] = mapped_column(Integer)


class AnalysisPartRow(Base):
    __tablename__ = "analysis_parts"
    __table_args__ = (
        ForeignKeyConstraint(
            ["report_id", "analysis_seq"], ["analyses.report_id", "analyses.seq"], ondelete="CASCADE"
        ),
    )

    report_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    analysis_seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)


class PlanRowRow(Base):
    __tablename__ = "plan_rows"

    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator: Mapped[int] = mapped_column(Integer, index=True)
    indicator_name: Mapped[str] = mapped_column(Text)
    score: Mapped[float | None] = mapped_column(Double)
    measure: Mapped[str] = mapped_column(Text, default="")
    rationale: Mapped[str] = mapped_column(Text, default="")
    period_text: Mapped[str | None] = mapped_column(Text)
    period_start: Mapped[_dt.date | None] = mapped_column(Date)
    period_end: Mapped[_dt.date | None] = mapped_column(Date)
    owner: Mapped[str] = mapped_column(Text, default="")
    page: Mapped[int | None] = mapped_column(Integer)
    line_no: Mapped[int | None] = mapped_column(Integer)


class PlanStepRow(Base):
    __tablename__ = "plan_steps"
    __table_args__ = (
        ForeignKeyConstraint(
            ["report_id", "row_seq"], ["plan_rows.report_id", "plan_rows.seq"], ondelete="CASCADE"
        ),
    )

    report_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    row_seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    marker: Mapped[str] = mapped_column(String(16), default="")


class FindingRow(Base):
    __tablename__ = "findings"

    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(32), index=True)
    severity: Mapped[str] = mapped_column(String(8), index=True)
    message: Mapped[str] = mapped_column(Text)
    indicator: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[str] = mapped_column(String(8), default="high")
    table_name: Mapped[str | None] = mapped_column(String(16))
    page: Mapped[int | None] = mapped_column(Integer)
    row_no: Mapped[int | None] = mapped_column(Integer)
    line_no: Mapped[int | None] = mapped_column(Integer)
    location: Mapped[dict[str, Any]] = mapped_column(JSONType)
    related: Mapped[list[Any]] = mapped_column(JSONType)
    ctx: Mapped[dict[str, Any]] = mapped_column(JSONType)


class ImportErrorRow(Base):
    """The last failure of each path that could not be imported (cleared once it imports)."""

    __tablename__ = "import_errors"

    path: Mapped[str] = mapped_column(Text, primary_key=True)
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    code: Mapped[str] = mapped_column(String(32), index=True)
    message: Mapped[str] = mapped_column(Text)
    parser_version: Mapped[str] = mapped_column(String(32))
    at: Mapped[_dt.datetime] = mapped_column(DateTime(timezone=True))


TABLE_NAMES: tuple[str, ...] = tuple(t.name for t in Base.metadata.sorted_tables)
