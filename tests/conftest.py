"""Test session setup: no network (pythainlp must use only its bundled data)."""

from __future__ import annotations

import os

os.environ["PYTHAINLP_OFFLINE"] = "1"
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")


# --- databases: every database test runs on SQLite and on PostgreSQL ------------------------------

from collections.abc import Iterator
from pathlib import Path

import pytest

from ._pg import Cluster, cluster_or_skip, reset


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """One PostgreSQL server for the session (ITA_PARSE_PG_URL, or a throw-away cluster)."""
    yield from cluster_or_skip()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ita.db'}"
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    reset(cluster.url)
    return cluster.url
