"""A PostgreSQL server for the database tests.

``ITA_PARSE_PG_URL`` (set by CI from ``.ci/start-postgres``) wins.  Otherwise a
throw-away cluster is started from the Debian binaries: initdb into a temporary
folder, ``pg_ctl start`` on 127.0.0.1 with a free port, the unix socket in the same
folder, trust authentication; it is stopped and deleted at the end of the session.
initdb refuses to run as root, so as root the cluster belongs to the ``postgres``
user (created by the Debian package) and is run through ``runuser``.

When neither works the PostgreSQL tests are skipped, except under CI (``CI`` set),
where a missing PostgreSQL is a failure.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ENV_URL = "ITA_PARSE_PG_URL"
INITDB_OPTS = ("-E", "UTF8", "--locale=C", "--no-sync")


def pg_bin() -> Path | None:
    """The newest PostgreSQL server binaries installed the Debian way (or on PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    """A server this test session started (None of it when the URL came from the environment)."""

    url: str
    bin: Path | None = None
    data: Path | None = None
    run_as: list[str] | None = None
    options: str = ""  # the server's command-line options (host, port, socket folder)

    @property
    def owned(self) -> bool:
        return self.data is not None

    def ctl(self, *args: str) -> None:
        assert self.bin is not None and self.data is not None and self.run_as is not None
        subprocess.run(
            [*self.run_as, str(self.bin / "pg_ctl"), "-D", str(self.data), *args],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def start(self) -> None:
        assert self.data is not None
        self.ctl("-o", self.options, "-l", str(self.data.parent / "log"), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self.ctl("-m", mode, "-w", "stop")


def _start() -> Cluster:
    binaries = pg_bin()
    if binaries is None:
        raise RuntimeError("no PostgreSQL server binaries (apt-get install postgresql)")
    root = Path(tempfile.mkdtemp(prefix="ita-parse-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")  # KeyError: no such user
        os.chmod(root, 0o700)
        os.chown(root, user.pw_uid, user.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    data, port = root / "data", free_port()
    subprocess.run(
        [*run_as, str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", *INITDB_OPTS],
        check=True,
        capture_output=True,
        timeout=120,
    )
    opts = f"-h 127.0.0.1 -p {port} -k {root} -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
    cluster = Cluster(
        f"postgresql+psycopg://postgres@127.0.0.1:{port}/ita_test", binaries, data, run_as, opts
    )
    cluster.start()
    subprocess.run(
        [
            *run_as,
            str(binaries / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
            "ita_test",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cluster


@contextlib.contextmanager
def postgres() -> Iterator[Cluster | None]:
    """A server for this session, or None (only outside CI) when none can be had."""
    url = os.environ.get(ENV_URL)
    if url:
        yield Cluster(url)
        return
    try:
        cluster = _start()
    except (OSError, KeyError, RuntimeError, subprocess.SubprocessError) as exc:
        if os.environ.get("CI"):
            raise RuntimeError(f"PostgreSQL is needed in CI and could not be started: {exc}") from exc
        yield None
        return
    try:
        yield cluster
    finally:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            cluster.stop("immediate")
        assert cluster.data is not None
        shutil.rmtree(cluster.data.parent, ignore_errors=True)


def cluster_or_skip() -> Iterator[Cluster]:
    """The body of a session fixture: the server, or a skip (never under CI, see ``postgres``)."""
    with postgres() as cluster:
        if cluster is None:
            pytest.skip(f"no PostgreSQL: set {ENV_URL} or install the server binaries")
        yield cluster


def reset(url: str) -> None:
    """An empty database again: drop everything in the public schema."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
    finally:
        engine.dispose()
