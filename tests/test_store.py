"""The report database, on SQLite and on PostgreSQL.

PostgreSQL comes from ``ITA_PARSE_PG_URL`` (CI) or a throw-away cluster this
session starts (``tests/_pg.py``); the PostgreSQL cases are skipped only when
neither is possible and ``CI`` is not set.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

import ita_parse
from ita_parse import _export
from ita_parse._findings import ErrorInfo, Finding
from ita_parse._model import Indicator, Report
from ita_parse._store import (
    Imported,
    Store,
    StoreError,
    _store,
    name_key,
    prepare,
    province_key,
    run_import,
)
from ita_parse._store._tables import Base, PlanRowRow

from ._pg import Cluster, postgres, reset
from .helpers import ROOT, SAMPLE, sample_text

DOC = ROOT / "docs" / "database.md"
TRACEBACK_WORDS = ("Traceback", "[SQL:", "sqlalche.me", "(Background")


# --- data --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> tuple[Report, list[Finding]]:
    report = ita_parse.parse(SAMPLE)
    return report, ita_parse.check(report).findings


def variant(
    report: Report,
    n: int,
    *,
    name: str | None = "same",
    province: str | None = "same",
    assessed_year: int | None = None,
    path: str | None = None,
) -> Report:
    """A copy of the report as another file: its own sha256 and path, maybe another agency or year."""
    r = report.model_copy(deep=True)
    r.source = r.source.model_copy(update={"sha256": f"{n:064x}", "path": path or f"reports/r{n}.txt"})
    if name != "same":
        r.agency = r.agency.model_copy(update={"name": name})
    if province != "same":
        r.agency = r.agency.model_copy(update={"province": province})
    if assessed_year is not None:
        r.assessed_year, r.fiscal_year = assessed_year, assessed_year + 1
        r.total_score = 90.0 + n / 100
        r.indicators[0].score = 80.0 + n
    return r


def imported(report: Report, findings: list[Finding] | None = None, path: str | None = None) -> Imported:
    return Imported(path or report.source.path, report.source.sha256, report, findings or [])


def rows(store: Store, sql: str) -> list[tuple[Any, ...]]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(sql)]


def no_traceback(message: str) -> None:
    assert message and "\n" not in message
    for word in TRACEBACK_WORDS:
        assert word not in message


# --- backends ----------------------------------------------------------------------------------


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store(db_url) as s:
        s.upgrade()
        yield s


# --- schema ------------------------------------------------------------------------------------


def test_upgrade_from_empty_creates_the_schema_the_models_describe(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with Store(db_url) as s:
        assert s.revision() is None
        with pytest.raises(StoreError, match="db upgrade"):
            s.counts()
        s.upgrade()
        assert s.revision() == s.head() == "0001"
        s.upgrade()  # a no-op when current
        assert set(s.counts()) == set(Base.metadata.tables) and not any(s.counts().values())
        with s.engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
            )
        assert diff == [], "the models and the migrations disagree: write a migration"

        # every migration can be undone, and redone
        from alembic import command

        cfg = s._alembic_config()
        with s.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "base")
        assert set(sa.inspect(s.engine).get_table_names()) <= {"alembic_version"}
        s.upgrade()
        assert s.revision() == s.head()


def test_a_database_of_another_schema_is_refused(store: Store) -> None:
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    with Store(store.url) as newer:
        with pytest.raises(StoreError, match="revision 9999") as err:
            newer.counts()
        no_traceback(err.value.message)
        with pytest.raises(StoreError, match="newer ita_parse"):
            newer.upgrade()


def test_indexes_users_query_by(store: Store) -> None:
    inspector = sa.inspect(store.engine)
    indexed = {
        (table, tuple(ix["column_names"]))
        for table in ("reports", "indicators", "items", "findings", "agencies", "indicator_sources")
        for ix in inspector.get_indexes(table)
    }
    for expected in [
        ("reports", ("fiscal_year",)),
        ("reports", ("assessed_year",)),
        ("reports", ("agency_id", "assessed_year")),
        ("indicators", ("number",)),
        ("items", ("code",)),
        ("findings", ("code",)),
        ("agencies", ("province_key",)),
        ("indicator_sources", ("indicator", "table_name")),
    ]:
        assert expected in indexed


# --- import and read back ----------------------------------------------------------------------


def test_sample_round_trip(store: Store, sample: tuple[Report, list[Finding]]) -> None:
    report, findings = sample
    [outcome] = store.save([imported(report, findings)])
    assert outcome.status == "inserted"
    assert rows(
        store, "SELECT total_score, iit, eit, oit, fiscal_year, assessed_year, level FROM reports"
    ) == [(96.79, 96.86, 95.77, 97.5, 2569, 2568, "ผ่านดี")]
    assert rows(store, "SELECT number, score FROM indicators ORDER BY number") == [
        (i.number, i.score) for i in report.indicators
    ]
    printed = rows(store, "SELECT table_name, value FROM indicator_sources WHERE indicator = 6 ORDER BY seq")
    assert printed == [("summary", 96.29), ("items", 96.26), ("plan", 96.26), ("analysis", 96.26)]
    assert rows(store, "SELECT code, indicator, text, score FROM items ORDER BY seq") == [
        (i.code, i.indicator, i.text, i.score) for i in report.items
    ]
    P = PlanRowRow  # typed columns: SQLite keeps dates as text, SQLAlchemy gives them back as dates
    with store.engine.connect() as conn:
        query = sa.select(P.indicator, P.score, P.measure, P.period_start, P.period_end).order_by(P.seq)
        plan = [tuple(r) for r in conn.execute(query)]
    assert plan == [
        (
            p.indicator,
            p.score,
            p.measure,
            p.period.start if p.period else None,
            p.period.end if p.period else None,
        )
        for p in report.plan
    ]
    steps = rows(store, "SELECT row_seq, number, text FROM plan_steps ORDER BY row_seq, seq")
    assert steps == [(k, s.number, s.text) for k, p in enumerate(report.plan, 1) for s in p.steps]
    assert rows(store, "SELECT code, severity, indicator, message FROM findings ORDER BY seq") == [
        (f.code, f.severity, f.indicator, f.message) for f in findings
    ]
    assert rows(store, "SELECT name, province FROM agencies") == [("องค์การบริหารส่วนตำบลสามเรือน", "ราชบุรี")]

    # Rebuilt from the rows, the report gives the very tables parse gives.
    [stored] = list(store.stored_reports())
    assert stored.paths == [report.source.path]
    for back, f in zip(stored.findings, findings, strict=True):
        assert back.ctx == f.model_dump(mode="json")["ctx"]
        assert (back.location, back.related) == (f.location, f.related)
    from_store = {t.name: t.rows for t in _export.tables_from_store(store)}
    from_parse = {t.name: t.rows for t in _export.tables_from_reports([report], findings)}
    assert from_store == from_parse


def test_reimport_adds_nothing_and_reimport_replaces(
    store: Store, sample: tuple[Report, list[Finding]]
) -> None:
    report, findings = sample
    store.save([imported(report, findings)])
    before = store.counts()
    assert [o.status for o in store.save([imported(report, findings)])] == ["skipped"]
    assert store.known(report.source.sha256, report.parser_version)
    assert not store.known(report.source.sha256, "0.0.0-other")
    assert store.counts() == before

    # --reimport: replaced once, never duplicated, paths kept
    store.save([imported(report, findings, path="copy/of/the/same.txt")])
    with Store(store.url) as again:  # a new run: --reimport rewrites each content once
        outcomes = again.save(
            [imported(report, findings), imported(report, findings, path="copy/of/the/same.txt")],
            reimport=True,
        )
    assert [o.status for o in outcomes] == ["replaced", "skipped"]
    after = store.counts()
    assert after == {**before, "source_paths": 2}
    assert rows(store, "SELECT count(*) FROM reports") == [(1,)]


def test_same_content_under_two_paths_is_one_report(
    store: Store, sample: tuple[Report, list[Finding]]
) -> None:
    report, findings = sample
    outcomes = store.save(
        [imported(report, findings, path="a/x.txt"), imported(report, findings, path="b/y.txt")]
    )
    assert [o.status for o in outcomes] == ["inserted", "path-added"]
    assert rows(store, "SELECT count(*) FROM reports") == [(1,)]
    assert rows(store, "SELECT path FROM source_paths ORDER BY path") == [("a/x.txt",), ("b/y.txt",)]
    # a path-only record (what `import` sends for known content) adds the third path
    [o] = store.save([Imported("c/z.txt", report.source.sha256)])
    assert o.status == "path-added" and store.counts()["source_paths"] == 3
    [stored] = list(store.stored_reports())
    assert stored.paths == ["a/x.txt", "b/y.txt", "c/z.txt"] and stored.report.source.path == "a/x.txt"


def test_another_parser_version_replaces(store: Store, sample: tuple[Report, list[Finding]]) -> None:
    report, findings = sample
    store.save([imported(report, findings)])
    newer = report.model_copy(update={"parser_version": "9.9.9"})
    assert [o.status for o in store.save([imported(newer, findings)])] == ["replaced"]
    assert rows(store, "SELECT parser_version FROM sources") == [("9.9.9",)]
    assert store.counts()["items"] == len(report.items)


def test_a_path_with_new_content_moves_to_it(store: Store, sample: tuple[Report, list[Finding]]) -> None:
    report, _ = sample
    old, new = variant(report, 1, path="same/place.txt"), variant(report, 2, path="same/place.txt")
    store.save([imported(old)])
    store.save([imported(new)])
    assert rows(store, "SELECT s.sha256 FROM sources s JOIN source_paths p ON p.source_id = s.id") == [
        (new.source.sha256,)
    ]
    assert rows(store, "SELECT count(*) FROM reports") == [(1,)]  # the old content had no other path


def test_failed_inputs_are_listed_and_cleared(store: Store, sample: tuple[Report, list[Finding]]) -> None:
    report, findings = sample
    bad = Imported("broken.pdf", "ab" * 32, error=ErrorInfo(code="corrupt-input", message="truncated"))
    [o] = store.save([bad])
    assert (o.status, o.code, o.message) == ("error-recorded", "corrupt-input", "truncated")
    [err] = store.errors()
    assert (err.path, err.code, err.message) == ("broken.pdf", "corrupt-input", "truncated")
    assert err.at.tzinfo is not None
    store.save([imported(report, findings, path="broken.pdf")])  # fixed and imported: no longer an error
    assert store.errors() == []


# --- atomicity and resuming --------------------------------------------------------------------


def test_a_report_is_stored_whole_or_not_at_all(
    store: Store, sample: tuple[Report, list[Finding]], monkeypatch: pytest.MonkeyPatch
) -> None:
    report, findings = sample
    a, b, c = (variant(report, n) for n in (1, 2, 3))
    real = _store._plan_step_rows

    def failing(rid: int, r: Report) -> list[dict[str, Any]]:
        if r.source.sha256 == b.source.sha256:  # late in the report: its other rows are already written
            raise RuntimeError("injected failure")
        return real(rid, r)

    monkeypatch.setattr(_store, "_plan_step_rows", failing)
    outcomes = store.save([imported(a, findings), imported(b, findings), imported(c, findings)])
    assert [o.status for o in outcomes] == ["inserted", "failed", "inserted"]
    assert "injected failure" in outcomes[1].message and outcomes[1].code == "database-error"
    _only_these(store, {a.source.sha256, c.source.sha256}, report, len(findings))
    assert [e.path for e in store.errors()] == [b.source.path]

    # the database refusing a row (a duplicate primary key) rolls the report back too
    dup = variant(report, 4)
    dup.indicators.append(Indicator(number=1, name="again", tool="IIT", score=1.0))
    [o] = store.save([imported(dup)])
    assert o.status == "failed" and o.message
    _only_these(store, {a.source.sha256, c.source.sha256}, report, len(findings))


def _only_these(store: Store, shas: set[str], report: Report, n_findings: int) -> None:
    """Exactly these reports are stored, each with all its rows and nothing else."""
    assert {r[0] for r in rows(store, "SELECT sha256 FROM sources")} == shas
    n = len(shas)
    counts = store.counts()
    assert counts["reports"] == n
    assert counts["items"] == n * len(report.items)
    assert counts["indicators"] == n * len(report.indicators)
    assert counts["indicator_sources"] == n * sum(len(i.sources) for i in report.indicators)
    assert counts["plan_rows"] == n * len(report.plan)
    assert counts["plan_steps"] == n * sum(len(p.steps) for p in report.plan)
    assert counts["findings"] == n * n_findings
    for table in ("items", "plan_rows", "plan_steps", "findings", "indicators"):
        assert rows(
            store, f"SELECT count(*) FROM {table} WHERE report_id NOT IN (SELECT id FROM reports)"
        ) == [(0,)]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Five report files of different content (the sample with more or fewer trailing blank lines)."""
    root = tmp_path_factory.mktemp("reports")
    paths = []
    for n in range(5):
        path = root / f"report-{n}.txt"
        path.write_text(sample_text() + "\n" * (n + 1), encoding="utf-8")
        paths.append(str(path))
    return paths


@pytest.fixture(scope="module")
def prepared(folder: list[str]) -> dict[str, Imported]:
    return {p: prepare(p) for p in folder}


def cached(
    prepared: dict[str, Imported], *, stop_after: int | None = None, exc: BaseException | None = None
) -> Callable[[list[str]], Iterator[Imported]]:
    """A ``parse_many`` handing out the prepared results (as a pool would), optionally dying after some."""

    def parse_many(paths: list[str]) -> Iterator[Imported]:
        for k, path in enumerate(paths):
            if stop_after is not None and k == stop_after:
                assert exc is not None
                raise exc
            yield prepared[path]

    return parse_many


def test_import_is_idempotent(store: Store, folder: list[str], prepared: dict[str, Imported]) -> None:
    first = run_import(store, folder, parse_many=cached(prepared))
    assert [o.status for o in first] == ["inserted"] * 5
    counts = store.counts()
    second = run_import(store, folder, parse_many=cached(prepared))
    assert [o.status for o in second] == ["skipped"] * 5
    assert store.counts() == counts
    third = run_import(store, folder, parse_many=cached(prepared), reimport=True)
    assert [o.status for o in third] == ["replaced"] * 5
    assert store.counts() == counts


def test_interrupted_import_resumes(
    store: Store, folder: list[str], prepared: dict[str, Imported], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = _store._finding_rows
    calls = {"n": 0}

    def interrupted(rid: int, findings: Any) -> list[dict[str, Any]]:
        calls["n"] += 1
        if calls["n"] == 3:  # Ctrl-C while the third report's rows are being written
            raise KeyboardInterrupt
        return real(rid, findings)

    monkeypatch.setattr(_store, "_finding_rows", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_import(store, folder, parse_many=cached(prepared), batch_size=2)
    monkeypatch.setattr(_store, "_finding_rows", real)
    assert store.counts()["reports"] == 2  # two whole reports, nothing of the third

    # a worker pool dying (BrokenProcessPool) after handing out one more result
    with pytest.raises(RuntimeError):
        run_import(
            store,
            folder,
            parse_many=cached(prepared, stop_after=2, exc=RuntimeError("pool died")),
            batch_size=1,
        )
    assert store.counts()["reports"] == 4

    outcomes = run_import(store, folder, parse_many=cached(prepared))
    assert sorted(o.status for o in outcomes) == ["inserted"] + ["skipped"] * 4
    first = prepared[folder[0]]
    assert first.report is not None
    _only_these(store, {i.sha256 for i in prepared.values() if i.sha256}, first.report, len(first.findings))


def test_parsing_in_a_process_pool(store: Store, folder: list[str]) -> None:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=2) as pool:
        outcomes = run_import(store, folder[:2], parse_many=lambda paths: pool.map(prepare, paths))
    assert [o.status for o in outcomes] == ["inserted", "inserted"]
    assert store.counts()["reports"] == 2


# --- the database going away -------------------------------------------------------------------


def test_postgres_connection_killed_mid_report(
    pg_cluster: Cluster, sample: tuple[Report, list[Finding]], monkeypatch: pytest.MonkeyPatch
) -> None:
    reset(pg_cluster.url)
    report, findings = sample
    items = [imported(variant(report, n), findings) for n in (1, 2, 3)]
    real = _store._finding_rows
    killer = sa.create_engine(pg_cluster.url)

    def kill_on_second(rid: int, f: Any) -> list[dict[str, Any]]:
        if rid == 2:
            with killer.begin() as conn:
                conn.exec_driver_sql(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = 'ita_parse' AND pid <> pg_backend_pid()"
                )
        return real(rid, f)

    try:
        with Store(pg_cluster.url) as store:
            store.upgrade()
            monkeypatch.setattr(_store, "_finding_rows", kill_on_second)
            with pytest.raises(StoreError) as err:
                store.save(items)
            no_traceback(err.value.message)
            monkeypatch.setattr(_store, "_finding_rows", real)
            # the same Store reconnects; the rerun resumes
            outcomes = store.save(items)
            assert [o.status for o in outcomes] == ["skipped", "inserted", "inserted"]
            _only_these(store, {i.sha256 for i in items if i.sha256}, report, len(findings))
    finally:
        killer.dispose()


@pytest.fixture
def own_cluster() -> Iterator[Cluster]:
    """A private server, which this test may stop and start."""
    saved = os.environ.pop("ITA_PARSE_PG_URL", None)
    try:
        with postgres() as cluster:
            if cluster is None:
                pytest.skip("no PostgreSQL server binaries")
            yield cluster
    finally:
        if saved is not None:
            os.environ["ITA_PARSE_PG_URL"] = saved


def test_postgres_server_stopped_and_restarted(
    own_cluster: Cluster, sample: tuple[Report, list[Finding]]
) -> None:
    report, findings = sample
    items = [imported(variant(report, n), findings) for n in (1, 2)]
    with Store(own_cluster.url) as store:
        store.upgrade()
        store.save(items[:1])
        own_cluster.stop()
        with pytest.raises(StoreError) as err:
            store.save(items)
        no_traceback(err.value.message)
        with pytest.raises(StoreError):
            Store(own_cluster.url, connect_timeout=2)
        own_cluster.start()
        assert [o.status for o in store.save(items)] == ["skipped", "inserted"]
        assert store.counts()["reports"] == 2


# --- bad databases -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("postgresql+psycopg://nobody@127.0.0.1:1/nothing", "connecting"),
        ("postgresql://nobody@127.0.0.1:1/nothing", "connecting"),  # the driver is chosen for the user
        ("sqlite:////no/such/folder/ita.db", "unable to open"),
        ("mysql://u@localhost/db", "unsupported database"),
        ("this is not a url", "not a database URL"),
    ],
)
def test_unusable_urls_give_a_plain_error(url: str, words: str) -> None:
    with pytest.raises(StoreError) as err:
        Store(url, connect_timeout=2)
    assert words in str(err.value)
    assert err.value.code == "database-error"
    no_traceback(err.value.message)


def test_the_default_is_ita_db_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with Store() as s:
        s.upgrade()
        assert s.url == "sqlite:///ita.db" and s.sqlite_path == Path("ita.db")
    assert (tmp_path / "ita.db").is_file()
    engine = sa.create_engine("sqlite:///ita.db")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()


def test_reading_needs_an_existing_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database at"):
        Store(f"sqlite:///{tmp_path / 'missing.db'}", create=False)
    assert not (tmp_path / "missing.db").exists()


def test_read_only_sqlite_uri(tmp_path: Path, sample: tuple[Report, list[Finding]]) -> None:
    """``?mode=ro`` makes SQLite itself refuse writes, which works even as root."""
    report, findings = sample
    path = tmp_path / "ita.db"
    with Store(f"sqlite:///{path}") as rw:
        rw.upgrade()
    ro_url = f"sqlite:///file:{path}?mode=ro&uri=true"
    with Store(ro_url) as ro:
        assert ro.counts()["reports"] == 0  # reading works
        with pytest.raises(StoreError) as err:
            ro.save([imported(report, findings)])
    assert "read-only" in err.value.message
    no_traceback(err.value.message)
    empty = tmp_path / "empty.db"
    empty.touch()
    with (
        Store(f"sqlite:///file:{empty}?mode=ro&uri=true") as ro,
        pytest.raises(StoreError, match="read-only"),
    ):
        ro.upgrade()


RO_SCRIPT = """
import sys
from ita_parse._store import Store, StoreError, Imported
try:
    with Store(sys.argv[1]) as s:
        s.save([Imported("x.txt", "00" * 32)])
except StoreError as exc:
    print(exc.message)
    sys.exit(2)
"""


def test_read_only_sqlite_file(tmp_path: Path) -> None:
    """A database file with mode 0444.  Root ignores file modes, so as root the writer runs as nobody."""
    folder = Path(tempfile.mkdtemp(prefix="ita-ro-"))
    try:
        db = folder / "ita.db"
        with Store(f"sqlite:///{db}") as s:
            s.upgrade()
        db.chmod(0o444)
        folder.chmod(0o777)  # the folder may be written (so only the file's mode stops the writer)
        cmd = [sys.executable, "-c", RO_SCRIPT, f"sqlite:///{db}"]
        if os.geteuid() == 0:
            setpriv = shutil.which("setpriv")
            if setpriv is None:
                pytest.skip("running as root without setpriv to drop privileges")
            cmd = [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", *cmd]
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHAINLP_OFFLINE": "1"}
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env, cwd=folder)
        assert proc.returncode == 2, proc.stderr
        assert "read-only" in proc.stdout
        no_traceback(proc.stdout.strip())
        assert proc.stderr == ""
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- across reports ----------------------------------------------------------------------------


def test_name_keys() -> None:
    full = "องค์การบริหารส่วนตำบลสามเรือน"
    assert name_key("อบต.สามเรือน") == name_key("องค์การบริหารส่วนตำบล  สามเรือน") == full
    assert name_key("อบต. สามเรือน\u200b") == full
    assert name_key("เทศบาลตำบลบ้าน ๑") == name_key("ทต.บ้าน1") == "เทศบาลตำบลบ้าน1"
    assert province_key("จังหวัดราชบุรี") == province_key("จ. ราชบุรี") == province_key("ราชบุรี") == "ราชบุรี"
    assert province_key("กทม.") == "กรุงเทพมหานคร"
    assert name_key(None) == province_key("") == ""


def test_other_reports_of_the_same_agency(store: Store, sample: tuple[Report, list[Finding]]) -> None:
    report, findings = sample
    earlier = variant(report, 7, name="อบต. สามเรือน", province="จังหวัดราชบุรี", assessed_year=2567)
    other = variant(report, 8, name="องค์การบริหารส่วนตำบลบ้านอื่น")
    store.save([imported(report, findings), imported(earlier), imported(other)])
    sha = report.source.sha256

    match = store.other_reports(report.agency.name, report.agency.province, exclude_sha256=sha)
    assert match.status == "matched"
    [prev] = match.reports
    assert (prev.assessed_year, prev.total_score, prev.path) == (
        2567,
        earlier.total_score,
        earlier.source.path,
    )
    assert prev.indicator_scores[1] == earlier.indicators[0].score
    assert prev.tool_scores == {"IIT": 96.86, "EIT": 95.77, "OIT": 97.5}
    both = store.other_reports(report.agency.name, report.agency.province)
    assert [r.assessed_year for r in both.reports] == [2567, 2568]

    assert store.other_reports("องค์การบริหารส่วนตำบลที่ไม่มี", "ราชบุรี").status == "none"
    assert store.other_reports(report.agency.name, "ลำปาง").status == "none"
    assert store.other_reports(None, "ราชบุรี").status == "unnamed"

    # the same name in another province: a report naming no province cannot tell them apart
    store.save([imported(variant(report, 9, province="ลำปาง"))])
    assert store.other_reports(report.agency.name, "ราชบุรี").status == "matched"
    amb = store.other_reports(report.agency.name, None, exclude_sha256=sha)
    assert amb.status == "ambiguous" and amb.reports == []
    assert sorted(a.province or "" for a in amb.agencies) == ["ราชบุรี", "ลำปาง"]
    # ... nor can a stored report that named none
    store.save([imported(variant(report, 10, province=None))])
    assert store.other_reports(report.agency.name, "ราชบุรี").status == "ambiguous"


# --- the documented queries --------------------------------------------------------------------


def doc_queries() -> list[tuple[str, str]]:
    """(heading, sql) of every ```sql block in docs/database.md."""
    text = DOC.read_text(encoding="utf-8")
    out = []
    for m in re.finditer(r"^```sql\n(.*?)^```", text, flags=re.S | re.M):
        heading = re.findall(r"^#+ (.+)$", text[: m.start()], flags=re.M)[-1]
        out.append((heading, m.group(1)))
    return out


def test_the_doc_has_the_queries_the_issue_asks_for() -> None:
    headings = " ".join(h for h, _ in doc_queries()).lower()
    for words in ("indicator 6", "across years", "rule code", "outside"):
        assert words in headings


def test_documented_queries_run(store: Store, sample: tuple[Report, list[Finding]]) -> None:
    report, findings = sample
    earlier = variant(report, 7, assessed_year=2567)
    store.save([imported(report, findings), imported(earlier)])
    queries = doc_queries()
    assert len(queries) >= 4
    for heading, sql in queries:
        with store.engine.connect() as conn:
            try:
                result = conn.exec_driver_sql(sql).all()
            except sa.exc.DBAPIError as exc:  # pragma: no cover - shows which query broke
                pytest.fail(f"{heading}: {exc}")
        assert result, f"{heading}: no rows on the sample data"
