"""Batch runs and imports end to end: a folder of mixed inputs, interruptions, a Dask cluster.

Everything goes through the real command line (a subprocess where signals are
involved) into a real SQLite file and a real PostgreSQL server.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from ita_parse._batch import Task, run

from .helpers import DATA, ROOT, SAMPLE, sample_text
from .test_cli import run as run_cli
from .variants import replace

ENV = {**os.environ, "PYTHAINLP_OFFLINE": "1"}


def count(url: str, sql: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.exec_driver_sql(sql).scalar_one())
    finally:
        engine.dispose()


def mixed_folder(root: Path) -> dict[str, str]:
    """A dozen inputs of every kind; returns path → expected outcome ("ok" or an error code)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pdf").mkdir()
    (root / "text" / "deeper").mkdir(parents=True)
    expected: dict[str, str] = {}

    def put(rel: str, data: bytes, outcome: str) -> None:
        path = root / rel
        path.write_bytes(data)
        expected[str(path)] = outcome

    put("text/sample.txt", SAMPLE.read_bytes(), "ok")
    for name in ("laksaman", "norasi"):
        put(f"pdf/{name}.pdf", (DATA / "pdf" / f"{name}.pdf").read_bytes(), "ok")
    put("pdf/report.docx", (DATA / "docx" / "garuda.docx").read_bytes(), "ok")
    rnd = random.Random(7)
    text = sample_text()
    for i, total in enumerate(("๙๕.๑๒", "๙๓.๘๗", "๘๘.๐๑")):
        variant = replace(text, "มีผลคะแนน ๙๖.๗๙ คะแนน", f"มีผลคะแนน {total} คะแนน")
        put(f"text/deeper/variant-{i}.txt", variant.encode(), "ok")
    put("text/empty.txt", b"", "empty-input")
    put("pdf/random.pdf", bytes(rnd.getrandbits(8) for _ in range(2000)), "corrupt-input")
    put("text/notes.txt", "บันทึกการประชุม เรื่องงานวันเด็ก".encode(), "not-an-ita-report")
    (root / "text" / ".hidden.txt").write_bytes(SAMPLE.read_bytes())  # skipped: hidden
    (root / "pdf" / "scan.png").write_bytes(b"\x89PNG")  # skipped: unsupported kind
    return expected


def test_import_a_folder_of_mixed_inputs(db_url: str, tmp_path: Path) -> None:
    expected = mixed_folder(tmp_path / "archive")
    code, _, err = run_cli("import", str(tmp_path / "archive"), "--db", db_url, "--jobs", "2")
    assert code == 2  # some inputs could not be read
    assert "Traceback" not in err
    good = [p for p, o in expected.items() if o == "ok"]
    assert count(db_url, "SELECT count(*) FROM reports") == len(good)
    for path, outcome in expected.items():
        if outcome != "ok":
            assert f"{path}: error[{outcome}]" in err
    assert "7 imported" in err and "3 failed" in err and "2 skipped" in err
    # the right scores went in: indicator 6 as the summary prints it, the totals of the variants
    assert count(db_url, "SELECT count(*) FROM indicators WHERE number = 6 AND score = 96.29") == len(good)
    assert count(db_url, "SELECT count(*) FROM reports WHERE total_score = 88.01") == 1
    assert count(db_url, "SELECT count(*) FROM findings WHERE code = 'ITA201'") == len(good)
    # importing again adds nothing; --reimport replaces without duplicates
    before = count(db_url, "SELECT count(*) FROM items")
    code, _, err = run_cli("import", str(tmp_path / "archive"), "--db", db_url, "--jobs", "1")
    assert "0 imported" in err and "7 unchanged" in err
    assert count(db_url, "SELECT count(*) FROM items") == before
    run_cli("import", str(tmp_path / "archive"), "--db", db_url, "--reimport")
    assert count(db_url, "SELECT count(*) FROM reports") == len(good)
    assert count(db_url, "SELECT count(*) FROM items") == before


def test_the_same_content_under_two_paths_is_one_report(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        (tmp_path / folder / "r.txt").write_bytes(SAMPLE.read_bytes())
    code, _, _ = run_cli("import", str(tmp_path / "a"), str(tmp_path / "b"), "--db", db_url)
    assert code == 0
    assert count(db_url, "SELECT count(*) FROM reports") == 1
    assert count(db_url, "SELECT count(*) FROM source_paths") == 2


@pytest.mark.parametrize(("previous_total", "found"), [("๙๕.๕๐", True), ("๙๖.๐๑", False)])
def test_check_against_the_agencys_previous_report(
    db_url: str, tmp_path: Path, previous_total: str, found: bool
) -> None:
    """A made-up 2567 report of the same agency: its total against the sample's claimed 96.01 (+0.78)."""
    text = sample_text()
    text = replace(text, "ประจำปีงบประมาณ พ.ศ. ๒๕๖๙", "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘")
    text = replace(
        text,
        "ผลการประเมิน ITA ของ องค์การบริหารส่วนตำบลสามเรือน ปีงบประมาณ พ.ศ. ๒๕๖๘",
        "ผลการประเมิน ITA ของ องค์การบริหารส่วนตำบลสามเรือน ปีงบประมาณ พ.ศ. ๒๕๖๗",
    )
    text = replace(
        text, "จากผลการประเมิน ITA ในปีงบประมาณ พ.ศ. ๒๕๖๘", "จากผลการประเมิน ITA ในปีงบประมาณ พ.ศ. ๒๕๖๗"
    )
    text = replace(text, "มีผลคะแนน ๙๖.๗๙ คะแนน", f"มีผลคะแนน {previous_total} คะแนน")
    previous = tmp_path / "2567.txt"
    previous.write_text(text, encoding="utf-8")
    assert run_cli("import", str(previous), "--db", db_url)[0] == 0
    code, out, _ = run_cli(
        "check", str(SAMPLE), "--db", db_url, "--select", "cross-report", "--format", "json"
    )
    import json

    codes = [f["code"] for f in json.loads(out)["findings"]]
    if found:
        assert codes == ["ITA902"] and code == 1  # +0.78 claimed, 96.79 − 95.50 = +1.29
    else:
        assert codes == [] and code == 0


# --- interruptions --------------------------------------------------------------------------------


def _slow_folder(root: Path, n: int = 12) -> list[Path]:
    root.mkdir(parents=True, exist_ok=True)
    files = []
    sources = [DATA / "pdf" / "laksaman.pdf", DATA / "pdf" / "norasi.pdf", DATA / "pdf" / "garuda.pdf"]
    for i in range(n):
        data = sources[i % 3].read_bytes() + f"\n% copy {i}\n".encode()  # a different sha256 each
        path = root / f"r{i:02d}.pdf"
        path.write_bytes(data)
        files.append(path)
    return files


def _start_import(folder: Path, url: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "ita_parse", "import", str(folder), "--db", url, "--jobs", "2"],
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )


def _wait_for_reports(url: str, at_least: int, proc: subprocess.Popen[bytes], limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            if count(url, "SELECT count(*) FROM reports") >= at_least:
                return
        except sa.exc.SQLAlchemyError:
            pass  # the schema is being created
        if proc.poll() is not None:
            return
        time.sleep(0.05)
    raise AssertionError("the import did not get going")


def _children(pid: int) -> list[int]:
    """Every descendant process of pid (from /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    stat = fh.read()
                parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    out, frontier = [], [pid]
    while frontier:
        p = frontier.pop()
        kids = [c for c, parent in parents.items() if parent == p]
        out.extend(kids)
        frontier.extend(kids)
    return out


def _assert_each_imported_once(url: str, files: list[Path]) -> None:
    assert count(url, "SELECT count(*) FROM reports") == len(files)
    assert count(url, "SELECT count(*) FROM source_paths") == len(files)
    # no partial report: every report has all its items and plan rows
    assert count(url, "SELECT count(*) FROM items") == 52 * len(files)
    assert count(url, "SELECT count(*) FROM plan_rows") == 10 * len(files)


def test_sigint_midway_then_rerun_imports_each_report_once(db_url: str, tmp_path: Path) -> None:
    files = _slow_folder(tmp_path / "archive")
    proc = _start_import(tmp_path / "archive", db_url)
    _wait_for_reports(db_url, 2, proc)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode in (130, 0), err.decode()
    assert b"Traceback" not in err
    partial = count(db_url, "SELECT count(*) FROM reports")
    assert 1 <= partial <= len(files)
    assert count(db_url, "SELECT count(*) FROM items") == 52 * partial  # nothing half-written
    code, _, err2 = run_cli("import", str(tmp_path / "archive"), "--db", db_url, "--jobs", "2")
    assert code == 0, err2
    _assert_each_imported_once(db_url, files)


def test_a_killed_worker_does_not_lose_or_duplicate_reports(db_url: str, tmp_path: Path) -> None:
    files = _slow_folder(tmp_path / "archive")
    proc = _start_import(tmp_path / "archive", db_url)
    _wait_for_reports(db_url, 1, proc)
    workers = [p for p in _children(proc.pid) if p != proc.pid]
    assert workers, "no worker processes found"
    os.kill(workers[-1], signal.SIGKILL)
    _, err = proc.communicate(timeout=120)
    assert b"Traceback" not in err
    if proc.returncode != 0:  # the killed worker's file may be reported; a rerun then takes it
        assert run_cli("import", str(tmp_path / "archive"), "--db", db_url)[0] == 0
    _assert_each_imported_once(db_url, files)


# --- a Dask cluster ---------------------------------------------------------------------------------


def test_dask_local_cluster_runs_the_batch(tmp_path: Path) -> None:
    distributed = pytest.importorskip("dask.distributed")
    files = _slow_folder(tmp_path / "archive", n=4)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        outcomes = list(
            run(
                [Task(str(f), mode="check") for f in files],
                executor="dask",
                scheduler=cluster.scheduler_address,
            )
        )
    assert sorted(o.path for o in outcomes) == sorted(str(f) for f in files)
    assert all(o.error is None and o.report is not None for o in outcomes)
    assert all(o.report.total_score == 96.79 for o in outcomes if o.report)
    # and through the command line, into a database
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        url = f"sqlite:///{tmp_path / 'ita.db'}"
        code, _, err = run_cli(
            "import",
            str(tmp_path / "archive"),
            "--db",
            url,
            "--executor",
            "dask",
            "--scheduler",
            cluster.scheduler_address,
        )
    assert code == 0, err
    assert count(url, "SELECT count(*) FROM reports") == 4


def test_dask_without_a_scheduler_is_a_usage_error() -> None:
    code, _, err = run_cli("parse", str(SAMPLE), str(SAMPLE), "--executor", "dask")
    assert code == 2 and "--scheduler" in err


# --- bad input ----------------------------------------------------------------------------------------


def test_a_database_that_cannot_be_reached(tmp_path: Path) -> None:
    code, _, err = run_cli("import", str(SAMPLE), "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert code == 2 and "error[database-error]" in err and "Traceback" not in err


def test_a_read_only_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ita.db'}"
    assert run_cli("import", str(SAMPLE), "--db", url)[0] == 0
    code, _, err = run_cli(
        "import",
        str(DATA / "pdf" / "laksaman.pdf"),
        "--db",
        f"sqlite:///file:{tmp_path / 'ita.db'}?mode=ro&uri=true",
    )
    assert code == 2 and "error[database-error]" in err and "Traceback" not in err


def test_a_folder_with_no_readable_report(tmp_path: Path) -> None:
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "a.txt").write_bytes(b"")
    (tmp_path / "junk" / "b.pdf").write_bytes(b"not a pdf")
    code, _, err = run_cli("check", str(tmp_path / "junk"))
    assert code == 2 and "empty-input" in err and "corrupt-input" in err and "Traceback" not in err


def test_a_path_that_does_not_exist_and_a_symlink_loop(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.mkdir()
    (loop / "again").symlink_to(loop)
    (loop / "r.txt").write_bytes(SAMPLE.read_bytes())
    code, out, err = run_cli("parse", str(loop), str(tmp_path / "missing.txt"), "--format", "jsonl")
    assert code == 2 and "file-missing" in err and "Traceback" not in err
    assert len(out.strip().split("\n")) == 1  # the loop was walked once
