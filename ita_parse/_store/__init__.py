"""The report database: SQLAlchemy models, Alembic migrations, and the Store.

    with Store("sqlite:///ita.db") as store:      # or postgresql+psycopg://user@host/db
        store.upgrade()                           # create / migrate the tables
        run_import(store, paths, parse_many=...)  # parse in workers, one writer
        store.other_reports(name, province, exclude_sha256=sha)  # cross-report lookups

The schema and example queries are in ``docs/database.md``.
"""

from __future__ import annotations

from ._names import name_key, province_key
from ._run import ParseMany, file_sha256, prepare, run_import
from ._store import (
    DEFAULT_URL,
    AgencyMatch,
    AgencyRef,
    Imported,
    ImportErrorRecord,
    ImportItem,
    OtherReport,
    SaveOutcome,
    SaveStatus,
    Store,
    StoredReport,
    StoreError,
)

__all__ = [
    "DEFAULT_URL",
    "AgencyMatch",
    "AgencyRef",
    "ImportErrorRecord",
    "ImportItem",
    "Imported",
    "OtherReport",
    "ParseMany",
    "SaveOutcome",
    "SaveStatus",
    "Store",
    "StoreError",
    "StoredReport",
    "file_sha256",
    "name_key",
    "prepare",
    "province_key",
    "run_import",
]
