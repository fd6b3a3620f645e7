"""The Store: reports, their rows and their findings in a relational database.

One writer, many readers: parsing happens elsewhere (in a pool), and
:meth:`Store.save` writes what the workers produced through one connection,
one transaction per report, so a report and all its rows are in the database
together or not at all.  An interrupted run (Ctrl-C, SIGTERM, a killed worker,
the database going away) leaves only whole reports behind, and a rerun skips
them (same sha256 and parser version) and does the rest.

Every database failure that is not about one report's data (cannot connect,
read-only file, schema missing, connection lost) becomes a :class:`StoreError`
with a plain message; the CLI maps it to exit code 2.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Protocol

from sqlalchemy import Connection, Engine, create_engine, delete, event, func, insert, or_, select, update
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, make_url

from .._errors import ItaParseError
from .._findings import ErrorInfo, Finding
from .._model import (
    Agency,
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
    Step,
    ToolScores,
)
from . import _tables as t
from ._names import name_key, province_key

DEFAULT_URL = "sqlite:///ita.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class StoreError(ItaParseError):
    """The database cannot be used: bad URL, cannot connect, read-only, wrong schema, gone away."""

    code = "database-error"


SaveStatus = Literal["inserted", "replaced", "path-added", "skipped", "error-recorded", "failed"]


class ImportItem(Protocol):
    """What :meth:`Store.save` reads of one input: :class:`Imported`, or the batch runner's outcome."""

    @property
    def path(self) -> str: ...
    @property
    def sha256(self) -> str | None: ...
    @property
    def report(self) -> Report | None: ...
    @property
    def findings(self) -> list[Finding]: ...
    @property
    def error(self) -> ErrorInfo | None: ...


@dataclass(frozen=True)
class Imported:
    """What a worker hands the writer for one input path.

    * ``report`` set: a parsed report (and its ``findings``) to store;
    * ``error`` set: the input could not be read; recorded in ``import_errors``;
    * neither: content already in the store (``sha256`` known): only the path is recorded.
    """

    path: str
    sha256: str | None
    report: Report | None = None
    findings: list[Finding] = field(default_factory=list)
    error: ErrorInfo | None = None


@dataclass(frozen=True)
class SaveOutcome:
    """What :meth:`Store.save` did with one :class:`Imported`.

    ``inserted``: a new report; ``replaced``: an existing one rewritten (``reimport``
    or another parser version); ``path-added``: known content under a new path;
    ``skipped``: nothing to do; ``error-recorded``: the input's error was stored;
    ``failed``: this report could not be stored (``message`` says why), the others were.
    ``code`` is the error code of the last two (the input's own, or ``database-error``).
    """

    path: str
    sha256: str | None
    status: SaveStatus
    message: str = ""
    code: str = ""


@dataclass(frozen=True)
class ImportErrorRecord:
    path: str
    sha256: str | None
    code: str
    message: str
    parser_version: str
    at: _dt.datetime


@dataclass(frozen=True)
class StoredReport:
    """A report as the database holds it (provenance reduced to table, page, row and line).

    ``report.source.path`` and every finding's ``path`` are the first of ``paths``.
    """

    report: Report
    findings: list[Finding]
    paths: list[str]
    imported_at: _dt.datetime


@dataclass(frozen=True)
class OtherReport:
    """What a cross-report check needs of another report of the same agency."""

    sha256: str
    path: str
    agency: str | None
    province: str | None
    fiscal_year: int | None
    assessed_year: int | None
    total_score: float | None
    level: str | None
    tool_scores: dict[str, float | None]
    indicator_scores: dict[int, float | None]
    parser_version: str


@dataclass(frozen=True)
class AgencyRef:
    id: int
    name: str
    province: str | None
    reports: int


MatchStatus = Literal["matched", "none", "ambiguous", "unnamed"]


@dataclass(frozen=True)
class AgencyMatch:
    """The agencies a name and province match, and (when exactly one) its reports.

    ``unnamed``: no name to match by; ``none``: no agency matches; ``matched``:
    exactly one does, its reports are in ``reports``; ``ambiguous``: several do
    (e.g. the same name in two provinces and the report names none), so
    ``reports`` is empty and ``agencies`` lists the candidates: report it, never pick.
    """

    status: MatchStatus
    name_key: str
    province_key: str
    agencies: list[AgencyRef] = field(default_factory=list)
    reports: list[OtherReport] = field(default_factory=list)


# --- URLs and errors ---------------------------------------------------------------------------


def _parse_url(url: str | None) -> URL:
    raw = url or DEFAULT_URL
    try:
        parsed = make_url(raw)
    except (sa_exc.ArgumentError, ValueError):
        raise StoreError(
            f"not a database URL: {raw!r} (use sqlite:///PATH or postgresql+psycopg://USER@HOST/DB)"
        ) from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")  # the driver ita_parse installs
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise StoreError(
            f"unsupported database {backend!r} in {parsed.render_as_string(hide_password=True)}: "
            "use sqlite:///PATH or postgresql+psycopg://USER@HOST/DB"
        )
    return parsed


_WS = re.compile(r"\s+")


def plain(exc: BaseException) -> str:
    """The driver's own message, on one line, without SQLAlchemy's SQL and background links."""
    orig = getattr(exc, "orig", None)
    text = str(orig) if orig is not None else str(exc)
    text = text.split("\n[SQL:", 1)[0].split("\n(Background", 1)[0]
    return _WS.sub(" ", text).strip() or type(exc).__name__


def _hint(message: str) -> str:
    low = message.lower()
    if "readonly" in low or "read-only" in low or "read only" in low:
        return " (the database file or its folder is read-only)"
    if "unable to open database file" in low:
        return " (does the folder exist, and may it be written?)"
    if "no such table" in low or ("relation" in low and "does not exist" in low):
        return " (run `ita-parse db upgrade` first)"
    return ""


# --- rows --------------------------------------------------------------------------------------


def _prov(p: Provenance | None) -> dict[str, Any]:
    p = p or Provenance()
    return {"page": p.page, "line_no": p.line}


def _report_values(source_id: int, agency_id: int | None, r: Report) -> dict[str, Any]:
    prev = r.previous
    return {
        "source_id": source_id,
        "agency_id": agency_id,
        "agency_name": r.agency.name,
        "agency_type": r.agency.type,
        "district": r.agency.district,
        "province": r.agency.province,
        "title": r.title,
        "fiscal_year": r.fiscal_year,
        "assessed_year": r.assessed_year,
        "total_score": r.total_score,
        "level": r.level,
        "iit": r.tool_scores.IIT,
        "eit": r.tool_scores.EIT,
        "oit": r.tool_scores.OIT,
        "previous_assessed_year": prev.assessed_year if prev else None,
        "previous_total_score": prev.total_score if prev else None,
        "claimed_change": prev.claimed_change if prev else None,
        "repaired_chars": r.quality.repaired_chars,
        "suspect_chars": r.quality.suspect_chars,
        "ocr_pages": len(r.quality.ocr_pages),
        "schema_version": r.schema_version,
    }


def _indicator_rows(rid: int, r: Report) -> list[dict[str, Any]]:
    return [
        {"report_id": rid, "number": i.number, "name": i.name, "tool": i.tool, "score": i.score}
        for i in r.indicators
    ]


def _indicator_source_rows(rid: int, r: Report) -> list[dict[str, Any]]:
    return [
        {
            "report_id": rid,
            "indicator": i.number,
            "seq": k,
            "table_name": s.table,
            "value": s.value,
            "raw": s.raw,
            "page": s.page,
            "row_no": s.row,
            "column_no": s.column,
            "line_no": s.line,
            "paragraph": s.paragraph,
        }
        for i in r.indicators
        for k, s in enumerate(i.sources, start=1)
    ]


def _item_rows(rid: int, r: Report) -> list[dict[str, Any]]:
    return [
        {
            "report_id": rid,
            "seq": k,
            "code": it.code,
            "indicator": it.indicator,
            "text": it.text,
            "score": it.score,
            "code_raw": it.code_raw,
            **_prov(it.provenance),
        }
        for k, it in enumerate(r.items, start=1)
    ]


def _analysis_rows(rid: int, r: Report) -> list[dict[str, Any]]:
    return [
        {
            "report_id": rid,
            "seq": k,
            "indicator": a.indicator,
            "score": a.score,
            "name": a.name,
            "text": a.text,
            **_prov(a.provenance),
        }
        for k, a in enumerate(r.analyses, start=1)
    ]


def _analysis_part_rows(rid: int, r: Report) -> list[dict[str, Any]]:
    return [
        {"report_id": rid, "analysis_seq": k, "seq": j, "number": p.number, "title": p.title, "text": p.text}
        for k, a in enumerate(r.analyses, start=1)
        for j, p in enumerate(a.parts, start=1)
    ]


def _plan_rows(rid: int, r: Report) -> list[dict[str, Any]]:
    return [
        {
            "report_id": rid,
            "seq": k,
            "indicator": row.indicator,
            "indicator_name": row.indicator_name,
            "score": row.score,
            "measure": row.measure,
            "rationale": row.rationale,
            "period_text": row.period.text if row.period else None,
            "period_start": row.period.start if row.period else None,
            "period_end": row.period.end if row.period else None,
            "owner": row.owner,
            **_prov(row.provenance),
        }
        for k, row in enumerate(r.plan, start=1)
    ]


def _plan_step_rows(rid: int, r: Report) -> list[dict[str, Any]]:
    return [
        {"report_id": rid, "row_seq": k, "seq": j, "number": s.number, "text": s.text, "marker": s.marker}
        for k, row in enumerate(r.plan, start=1)
        for j, s in enumerate(row.steps, start=1)
    ]


def _finding_rows(rid: int, findings: Sequence[Finding]) -> list[dict[str, Any]]:
    rows = []
    for k, f in enumerate(findings, start=1):
        ctx = f.model_dump(mode="json", include={"ctx"})["ctx"]  # JSON-safe, every key kept
        rows.append(
            {
                "report_id": rid,
                "seq": k,
                "code": f.code,
                "name": f.name,
                "category": f.category,
                "severity": f.severity,
                "message": f.message,
                "indicator": f.indicator,
                "confidence": f.confidence,
                "table_name": f.location.table,
                "page": f.location.page,
                "row_no": f.location.row,
                "line_no": f.location.line,
                "location": f.location.model_dump(mode="json", exclude_defaults=True),
                "related": [r.model_dump(mode="json", exclude_defaults=True) for r in f.related],
                "ctx": ctx,
            }
        )
    return rows


#: Child tables in insert order, each with the function building its rows.
_CHILDREN = (
    (t.IndicatorRow, "_indicator_rows"),
    (t.IndicatorSourceRow, "_indicator_source_rows"),
    (t.ItemRow, "_item_rows"),
    (t.AnalysisRow, "_analysis_rows"),
    (t.AnalysisPartRow, "_analysis_part_rows"),
    (t.PlanRowRow, "_plan_rows"),
    (t.PlanStepRow, "_plan_step_rows"),
)


def _utc(value: _dt.datetime) -> _dt.datetime:
    """SQLite gives back naive datetimes; they were written in UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=_dt.timezone.utc)


def _rebuild(head: dict[str, Any], rows: dict[str, list[dict[str, Any]]]) -> StoredReport:
    """A Report (and its findings) from its database rows."""
    paths: list[str] = head["paths"]
    path = paths[0] if paths else ""
    sources: dict[int, list[Provenance]] = {}
    for s in rows["indicator_sources"]:
        sources.setdefault(s["indicator"], []).append(
            Provenance(
                table=s["table_name"],
                value=s["value"],
                raw=s["raw"],
                page=s["page"],
                row=s["row_no"],
                column=s["column_no"],
                line=s["line_no"],
                paragraph=s["paragraph"],
                field="score",
            )
        )
    parts: dict[int, list[AnalysisPart]] = {}
    for p in rows["analysis_parts"]:
        parts.setdefault(p["analysis_seq"], []).append(
            AnalysisPart(number=p["number"], title=p["title"], text=p["text"])
        )
    steps: dict[int, list[Step]] = {}
    for st in rows["plan_steps"]:
        steps.setdefault(st["row_seq"], []).append(
            Step(number=st["number"], text=st["text"], marker=st["marker"])
        )
    prev = (head["previous_assessed_year"], head["previous_total_score"], head["claimed_change"])
    report = Report(
        schema_version=head["schema_version"],
        source=Source(
            path=path,
            sha256=head["sha256"],
            kind=head["kind"],
            pages=head["pages"],
            encoding=head["encoding"],
        ),
        agency=Agency(
            name=head["agency_name"],
            type=head["agency_type"],
            district=head["district"],
            province=head["province"],
        ),
        title=head["title"],
        fiscal_year=head["fiscal_year"],
        assessed_year=head["assessed_year"],
        total_score=head["total_score"],
        level=head["level"],
        previous=None
        if all(v is None for v in prev)
        else Previous(assessed_year=prev[0], total_score=prev[1], claimed_change=prev[2]),
        tool_scores=ToolScores(IIT=head["iit"], EIT=head["eit"], OIT=head["oit"]),
        indicators=[
            Indicator(
                number=i["number"],
                name=i["name"],
                tool=i["tool"],
                score=i["score"],
                sources=sources.get(i["number"], []),
            )
            for i in rows["indicators"]
        ],
        items=[
            Item(
                code=i["code"],
                indicator=i["indicator"],
                text=i["text"],
                score=i["score"],
                code_raw=i["code_raw"],
                provenance=Provenance(table="items", page=i["page"], line=i["line_no"], row=None),
            )
            for i in rows["items"]
        ],
        analyses=[
            Analysis(
                indicator=a["indicator"],
                score=a["score"],
                name=a["name"],
                text=a["text"],
                parts=parts.get(a["seq"], []),
                provenance=Provenance(table="analysis", page=a["page"], line=a["line_no"]),
            )
            for a in rows["analyses"]
        ],
        plan=[
            PlanRow(
                indicator=p["indicator"],
                indicator_name=p["indicator_name"],
                score=p["score"],
                measure=p["measure"],
                rationale=p["rationale"],
                steps=steps.get(p["seq"], []),
                period=None
                if p["period_text"] is None
                else Period(text=p["period_text"], start=p["period_start"], end=p["period_end"]),
                owner=p["owner"],
                provenance=Provenance(table="plan", page=p["page"], line=p["line_no"], row=p["seq"]),
            )
            for p in rows["plan_rows"]
        ],
        quality=Quality(repaired_chars=head["repaired_chars"], suspect_chars=head["suspect_chars"]),
        parser_version=head["parser_version"],
    )
    findings = [
        Finding(
            code=f["code"],
            name=f["name"],
            category=f["category"],
            severity=f["severity"],
            message=f["message"],
            path=path,
            indicator=f["indicator"],
            location=Provenance.model_validate(f["location"]),
            related=[Provenance.model_validate(x) for x in f["related"]],
            ctx=f["ctx"],
            confidence=f["confidence"],
        )
        for f in rows["findings"]
    ]
    return StoredReport(report, findings, paths, _utc(head["imported_at"]))


# --- the store ---------------------------------------------------------------------------------


class Store:
    """A database of reports.  ``Store(url)`` connects (default ``sqlite:///ita.db`` in the cwd).

    Use as a context manager, or call :meth:`close`.  Writing needs the schema:
    call :meth:`upgrade` first (``ita-parse import`` does).
    """

    def __init__(self, url: str | None = None, *, create: bool = True, connect_timeout: int = 10) -> None:
        """Connect now, so a bad URL fails here; ``create=False``: a missing SQLite file is an error
        (for commands that only read, which must not leave an empty ``ita.db`` behind)."""
        self._url = _parse_url(url)
        self.dialect = self._url.get_backend_name()
        # what messages show: never a password (SQLite URLs have none, and stay as typed)
        if self.dialect == "sqlite":
            self.url = url or DEFAULT_URL
        else:
            self.url = self._url.render_as_string(hide_password=True)
        self._schema_ok = False
        if not create:
            path = self.sqlite_path
            if path is not None and not path.exists():
                raise StoreError(f"no database at {path} (import into it first: `ita-parse import`)")
        self.engine = self._create_engine(connect_timeout)
        with self._errors("connecting"), self.engine.connect():
            pass

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite database file (None: PostgreSQL, in-memory, or a ``file:`` URI)."""
        db = self._url.database
        if self.dialect != "sqlite" or not db or db == ":memory:" or self._url.query.get("uri"):
            return None
        return Path(db)

    # -- connection ---------------------------------------------------------------------------

    def _create_engine(self, connect_timeout: int) -> Engine:
        try:
            if self.dialect == "sqlite":
                engine = create_engine(self._url, connect_args={"timeout": 30}, pool_pre_ping=True)
                event.listen(engine, "connect", _sqlite_connect)
                event.listen(engine, "begin", _sqlite_begin)
                return engine
            return create_engine(
                self._url,
                pool_pre_ping=True,
                connect_args={"connect_timeout": connect_timeout, "application_name": "ita_parse"},
            )
        except (ImportError, sa_exc.NoSuchModuleError) as exc:
            extra = " (pip install 'ita_parse[postgres]')" if self.dialect == "postgresql" else ""
            raise StoreError(f"cannot use {self.url}: the database driver is missing: {exc}{extra}") from None
        except (sa_exc.ArgumentError, TypeError, ValueError) as exc:
            raise StoreError(f"bad database URL {self.url}: {exc}") from None

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """Any database failure while ``doing`` becomes a StoreError with a one-line message."""
        try:
            yield
        except StoreError:
            raise
        except sa_exc.SQLAlchemyError as exc:
            msg = plain(exc)
            raise StoreError(f"{self.url}: database error while {doing}: {msg}{_hint(msg)}") from exc
        except OSError as exc:
            raise StoreError(f"{self.url}: {doing} failed: {exc}") from exc

    @contextmanager
    def _writer(self, doing: str) -> Iterator[Connection]:
        with self._errors(doing), self.engine.connect() as conn:
            yield conn.execution_options(ita_parse_write=True)

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A read connection (for exports and ad-hoc queries); the schema must be current."""
        self.require_schema()
        with self._errors("reading"), self.engine.connect() as conn:
            yield conn

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- schema -------------------------------------------------------------------------------

    def _alembic_config(self) -> Any:
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.set_main_option("path_separator", "os")
        return cfg

    def head(self) -> str:
        """The schema revision this version of ita_parse writes."""
        from alembic.script import ScriptDirectory

        head = ScriptDirectory.from_config(self._alembic_config()).get_current_head()
        assert head is not None
        return head

    def revision(self) -> str | None:
        """The schema revision of the database (None: no ita_parse tables yet)."""
        from alembic.runtime.migration import MigrationContext

        with self._errors("reading the schema version"), self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def upgrade(self) -> None:
        """Create or migrate the tables to the current schema (a no-op when they are current)."""
        from alembic import command
        from alembic.util import CommandError

        cfg = self._alembic_config()
        try:
            with self._writer("upgrading the schema") as conn, conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except CommandError as exc:
            raise StoreError(
                f"{self.url}: cannot upgrade the schema: {exc} "
                "(was the database written by a newer ita_parse?)"
            ) from None
        self._schema_ok = True

    def require_schema(self) -> None:
        """Raise StoreError unless the database is at the schema this ita_parse writes."""
        if self._schema_ok:
            return
        current, head = self.revision(), self.head()
        if current is None:
            raise StoreError(
                f"{self.url}: no ita_parse tables here yet: run `ita-parse db upgrade` (or import into it)"
            )
        if current != head:
            raise StoreError(
                f"{self.url}: the database schema is at revision {current}, this ita_parse needs {head}: "
                "run `ita-parse db upgrade` (or, if the database is newer, upgrade ita_parse)"
            )
        self._schema_ok = True

    # -- queries ------------------------------------------------------------------------------

    def known(self, sha256: str, parser_version: str) -> bool:
        """Whether this content was imported by this parser version (so it can be skipped)."""
        self.require_schema()
        q = (
            select(t.SourceRow.id)
            .join(t.ReportRow, t.ReportRow.source_id == t.SourceRow.id)
            .where(t.SourceRow.sha256 == sha256, t.SourceRow.parser_version == parser_version)
        )
        with self._errors("looking up a file"), self.engine.connect() as conn:
            return conn.execute(q).first() is not None

    def counts(self) -> dict[str, int]:
        """Rows per table (for summaries and tests)."""
        self.require_schema()
        with self._errors("counting rows"), self.engine.connect() as conn:
            return {
                table.name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
                for table in t.Base.metadata.sorted_tables
            }

    def errors(self) -> list[ImportErrorRecord]:
        """The inputs whose last import failed, by path."""
        self.require_schema()
        E = t.ImportErrorRow
        with self._errors("reading import errors"), self.engine.connect() as conn:
            rows = conn.execute(select(E).order_by(E.path)).all()
        return [
            ImportErrorRecord(r.path, r.sha256, r.code, r.message, r.parser_version, _utc(r.at)) for r in rows
        ]

    def other_reports(
        self, agency_name: str | None, province: str | None, *, exclude_sha256: str | None = None
    ) -> AgencyMatch:
        """The stored reports of the agency with this name and province (see ``_names.py``).

        An agency matches when its name key is equal and its province key is equal,
        or either province is unknown.  Exactly one match: its reports (oldest
        assessment first) without ``exclude_sha256``; several: ``ambiguous``.
        """
        self.require_schema()
        nk, pk = name_key(agency_name), province_key(province)
        if not nk:
            return AgencyMatch("unnamed", nk, pk)
        A, R, S, P, Ind = t.AgencyRow, t.ReportRow, t.SourceRow, t.SourcePathRow, t.IndicatorRow
        cond = A.name_key == nk
        if pk:
            cond = cond & or_(A.province_key == pk, A.province_key == "")
        n_reports = select(func.count()).where(R.agency_id == A.id).scalar_subquery()
        with self._errors("looking up an agency"), self.engine.connect() as conn:
            cands = conn.execute(
                select(A.id, A.name, A.province, n_reports.label("n")).where(cond).order_by(A.id)
            ).all()
            refs = [AgencyRef(c.id, c.name, c.province, c.n) for c in cands]
            if not refs:
                return AgencyMatch("none", nk, pk)
            if len(refs) > 1:
                return AgencyMatch("ambiguous", nk, pk, refs)
            first_path = select(func.min(P.path)).where(P.source_id == S.id).scalar_subquery()
            q = (
                select(
                    R.id,
                    R.agency_name,
                    R.province,
                    R.fiscal_year,
                    R.assessed_year,
                    R.total_score,
                    R.level,
                    R.iit,
                    R.eit,
                    R.oit,
                    S.sha256,
                    S.parser_version,
                    first_path.label("path"),
                )
                .join(S, S.id == R.source_id)
                .where(R.agency_id == refs[0].id)
                .order_by(R.assessed_year, R.fiscal_year, R.id)
            )
            if exclude_sha256:
                q = q.where(S.sha256 != exclude_sha256)
            rows = conn.execute(q).all()
            ids = [row.id for row in rows]
            scores: dict[int, dict[int, float | None]] = {i: {} for i in ids}
            if ids:
                for rid, number, score in conn.execute(
                    select(Ind.report_id, Ind.number, Ind.score)
                    .where(Ind.report_id.in_(ids))
                    .order_by(Ind.report_id, Ind.number)
                ):
                    scores[rid][number] = score
        reports = [
            OtherReport(
                sha256=row.sha256,
                path=row.path or "",
                agency=row.agency_name,
                province=row.province,
                fiscal_year=row.fiscal_year,
                assessed_year=row.assessed_year,
                total_score=row.total_score,
                level=row.level,
                tool_scores={"IIT": row.iit, "EIT": row.eit, "OIT": row.oit},
                indicator_scores=scores[row.id],
                parser_version=row.parser_version,
            )
            for row in rows
        ]
        return AgencyMatch("matched", nk, pk, refs, reports)

    def stored_reports(self, *, chunk: int = 200) -> Iterator[StoredReport]:
        """Every stored report, rebuilt as a Report with its findings, ordered by path."""
        self.require_schema()
        R, S, P = t.ReportRow, t.SourceRow, t.SourcePathRow
        with self._errors("reading reports"), self.engine.connect() as conn:
            paths: dict[int, list[str]] = {}
            for sid, path in conn.execute(select(P.source_id, P.path).order_by(P.source_id, P.path)):
                paths.setdefault(sid, []).append(path)
            heads = [
                dict(m)
                for m in conn.execute(
                    select(R, S.sha256, S.kind, S.pages, S.encoding, S.parser_version, S.imported_at).join(
                        S, S.id == R.source_id
                    )
                ).mappings()
            ]
            for head in heads:
                head["paths"] = paths.get(head["source_id"], [])
            heads.sort(key=lambda h: (h["paths"][:1], h["id"]))
            for start in range(0, len(heads), chunk):
                part = heads[start : start + chunk]
                children = self._children(conn, [h["id"] for h in part])
                for head in part:
                    yield _rebuild(head, {name: rows.get(head["id"], []) for name, rows in children.items()})

    def _children(self, conn: Connection, ids: list[int]) -> dict[str, dict[int, list[dict[str, Any]]]]:
        out: dict[str, dict[int, list[dict[str, Any]]]] = {}
        for model in (*(m for m, _ in _CHILDREN), t.FindingRow):
            table = t.Base.metadata.tables[model.__tablename__]
            order = list(table.primary_key.columns)
            rows = conn.execute(select(table).where(table.c.report_id.in_(ids)).order_by(*order)).mappings()
            out[table.name] = {
                rid: [dict(r) for r in group] for rid, group in groupby(rows, key=lambda r: r["report_id"])
            }
        return out

    # -- writing ------------------------------------------------------------------------------

    def save(
        self,
        items: Sequence[ImportItem],
        *,
        reimport: bool = False,
        run_started: _dt.datetime | None = None,
    ) -> list[SaveOutcome]:
        """Write a batch: one transaction per item, through one connection.

        A report whose rows the database refuses (or whose rows cannot be built)
        is rolled back alone and comes back as ``failed``; losing the connection,
        a read-only database and the like raise :class:`StoreError` (what was
        committed stays; rerun to resume).

        ``reimport`` rewrites reports already stored with the same content, unless
        they were written after ``run_started`` (default: the start of this call),
        so content found under several paths in one run is rewritten once.
        """
        self.require_schema()
        outcomes: list[SaveOutcome] = []
        started = run_started or _dt.datetime.now(_dt.timezone.utc)
        with self._writer("saving reports") as conn:
            for item in items:
                now = _dt.datetime.now(_dt.timezone.utc)
                try:
                    with conn.begin():
                        outcome = self._save_one(conn, item, reimport=reimport, started=started, now=now)
                except (sa_exc.IntegrityError, sa_exc.DataError) as exc:
                    outcome = SaveOutcome(item.path, item.sha256, "failed", plain(exc), StoreError.code)
                except sa_exc.SQLAlchemyError:
                    raise  # the connection or the database itself: StoreError via _errors
                except Exception as exc:  # rows that cannot be built: this report only
                    outcome = SaveOutcome(
                        item.path, item.sha256, "failed", f"{type(exc).__name__}: {exc}", StoreError.code
                    )
                if outcome.status == "failed":
                    with conn.begin():
                        self._record_error(conn, item, outcome.code, outcome.message, now)
                outcomes.append(outcome)
        return outcomes

    def _save_one(
        self, conn: Connection, item: ImportItem, *, reimport: bool, started: _dt.datetime, now: _dt.datetime
    ) -> SaveOutcome:
        S = t.SourceRow
        if item.report is None:
            if item.error is not None:
                self._record_error(conn, item, item.error.code, item.error.message, now)
                return SaveOutcome(
                    item.path, item.sha256, "error-recorded", item.error.message, item.error.code
                )
            src_id = conn.execute(select(S.id).where(S.sha256 == item.sha256)).scalar()
            if src_id is None:
                return SaveOutcome(
                    item.path, item.sha256, "failed", "no report with this content is stored", StoreError.code
                )
            added = self._attach_path(conn, src_id, item.path, now)
            self._clear_error(conn, item.path)
            return SaveOutcome(item.path, item.sha256, "path-added" if added else "skipped")

        report = item.report
        sha = item.sha256 or report.source.sha256
        src = conn.execute(select(S.id, S.parser_version, S.imported_at).where(S.sha256 == sha)).first()
        has_report = src is not None and (
            conn.execute(select(t.ReportRow.id).where(t.ReportRow.source_id == src.id)).first() is not None
        )
        if (
            src is not None
            and has_report
            and src.parser_version == report.parser_version
            and (not reimport or _utc(src.imported_at) >= started)
        ):
            added = self._attach_path(conn, src.id, item.path, now)
            self._clear_error(conn, item.path)
            return SaveOutcome(item.path, sha, "path-added" if added else "skipped")

        values = {
            "kind": report.source.kind,
            "pages": report.source.pages,
            "encoding": report.source.encoding,
            "parser_version": report.parser_version,
            "imported_at": now,
        }
        if src is not None:
            source_id = src.id
            conn.execute(delete(t.ReportRow).where(t.ReportRow.source_id == source_id))
            conn.execute(update(S).where(S.id == source_id).values(**values))
            status: SaveStatus = "replaced" if has_report else "inserted"
        else:
            pk = conn.execute(insert(S).values(sha256=sha, **values)).inserted_primary_key
            assert pk is not None
            source_id = int(pk[0])
            status = "inserted"
        self._attach_path(conn, source_id, item.path, now)
        self._insert_report(conn, source_id, report, item.findings)
        self._clear_error(conn, item.path)
        return SaveOutcome(item.path, sha, status)

    def _attach_path(self, conn: Connection, source_id: int, path: str, now: _dt.datetime) -> bool:
        """Point ``path`` at this content; a content left without any path is deleted."""
        P = t.SourcePathRow
        old = conn.execute(select(P.source_id).where(P.path == path)).scalar()
        if old == source_id:
            return False
        if old is None:
            conn.execute(insert(P).values(path=path, source_id=source_id, added_at=now))
            return True
        conn.execute(update(P).where(P.path == path).values(source_id=source_id, added_at=now))
        if conn.execute(select(P.path).where(P.source_id == old).limit(1)).first() is None:
            conn.execute(delete(t.SourceRow).where(t.SourceRow.id == old))
        return True

    def _agency_id(self, conn: Connection, report: Report) -> int | None:
        A = t.AgencyRow
        nk, pk = name_key(report.agency.name), province_key(report.agency.province)
        if not nk or report.agency.name is None:
            return None
        found = conn.execute(select(A.id).where(A.name_key == nk, A.province_key == pk)).scalar()
        if found is not None:
            return int(found)
        ag = report.agency
        new = conn.execute(
            insert(A).values(
                name=ag.name,
                type=ag.type,
                district=ag.district,
                province=ag.province,
                name_key=nk,
                province_key=pk,
            )
        ).inserted_primary_key
        assert new is not None
        return int(new[0])

    def _insert_report(
        self, conn: Connection, source_id: int, report: Report, findings: Sequence[Finding]
    ) -> None:
        agency_id = self._agency_id(conn, report)
        pk = conn.execute(
            insert(t.ReportRow).values(**_report_values(source_id, agency_id, report))
        ).inserted_primary_key
        assert pk is not None
        rid = int(pk[0])
        module = globals()
        for model, builder in _CHILDREN:
            rows = module[builder](rid, report)  # looked up at call time, so tests can inject a failure
            if rows:
                conn.execute(insert(model), rows)
        rows = _finding_rows(rid, findings)
        if rows:
            conn.execute(insert(t.FindingRow), rows)

    def _record_error(
        self, conn: Connection, item: ImportItem, code: str, message: str, now: _dt.datetime
    ) -> None:
        from .._version import __version__

        E = t.ImportErrorRow
        conn.execute(delete(E).where(E.path == item.path))
        conn.execute(
            insert(E).values(
                path=item.path,
                sha256=item.sha256,
                code=code,
                message=message,
                parser_version=item.report.parser_version if item.report else __version__,
                at=now,
            )
        )

    def _clear_error(self, conn: Connection, path: str) -> None:
        conn.execute(delete(t.ImportErrorRow).where(t.ImportErrorRow.path == path))


# --- SQLite connection setup -------------------------------------------------------------------


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    """Foreign keys on (cascades), WAL (readers never block the writer), a busy timeout.

    pysqlite's own transaction handling is turned off (``isolation_level = None``)
    and ``_sqlite_begin`` emits BEGIN itself, as SQLAlchemy's documentation advises,
    so a writer takes the write lock at the start of its transaction and waits for
    it (busy timeout) instead of failing half-way.
    """
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA busy_timeout = 30000")
        try:
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
        except Exception:  # a read-only database keeps its journal mode; writing will say why
            pass
    finally:
        cur.close()


def _sqlite_begin(conn: Connection) -> None:
    write = conn.get_execution_options().get("ita_parse_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


__all__ = [
    "DEFAULT_URL",
    "AgencyMatch",
    "AgencyRef",
    "ImportErrorRecord",
    "ImportItem",
    "Imported",
    "OtherReport",
    "SaveOutcome",
    "Store",
    "StoreError",
    "StoredReport",
]
