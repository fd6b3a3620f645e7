"""Alembic environment of ita_parse's store.

Run programmatically by ``Store.upgrade()``, which passes an open connection in
``config.attributes["connection"]``; users need no alembic.ini.  Developers can
still generate a new revision against a scratch database with::

    alembic -x url=sqlite:///scratch.db -c /dev/null revision --autogenerate -m "..."

(with ``script_location`` set to this folder), then review it by hand.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from ita_parse._store._tables import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("give the database with -x url=...")
    with create_engine(url).begin() as conn:
        _run(conn)


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) mode is not supported; run against a database")
run_migrations_online()
