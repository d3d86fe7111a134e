"""Opening a store, creating or upgrading its schema, and checking that it is usable."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from territorial.errors import StoreError

MIGRATIONS = Path(__file__).parent / "migrations"

# Set on a connection that will write, so SQLite takes the write lock when the
# transaction begins instead of at its first write (see _begin_sqlite_transaction).
WRITES_OPTION = "territorial_writes"

# An engine option holding the function units of work read the time from; see `connect`.
CLOCK_OPTION = "territorial_clock"


def connect(url_or_path: str | os.PathLike[str], clock: Callable[[], datetime] | None = None) -> Engine:
    """Return an engine for a store; nothing is opened until the first query.

    A plain path names an SQLite file. URLs such as `sqlite:///store.db` and
    `postgresql+psycopg://user@host/db` are passed to SQLAlchemy. `clock` replaces
    the system clock as the source of recorded times, so tests can record a change
    "on 2025-07-10"; the store still makes recorded times strictly increase.
    """
    url = _parse(url_or_path)
    try:
        engine = create_engine(url)
    except (ImportError, NoSuchModuleError) as error:
        raise StoreError(
            f"The database driver {url.drivername!r} is not available ({error}). Use a "
            "sqlite:/// URL, or for PostgreSQL a postgresql+psycopg:// URL after "
            "`pip install 'territorial[postgresql]'`."
        ) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite_connection)
        event.listen(engine, "begin", _begin_sqlite_transaction)
    if clock is not None:
        engine = engine.execution_options(**{CLOCK_OPTION: clock})
    return engine


def initialise(engine: Engine) -> None:
    """Create the store's tables, or upgrade them to the newest schema; a no-op when already current."""
    config = _alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except DBAPIError as error:
        raise StoreError(f"Cannot initialise the store at {describe(engine)}: {error.orig}.") from None


def require_current_schema(engine: Engine) -> None:
    """Raise StoreError, saying what to run, unless the store exists at the newest schema version."""
    fix = f"Run `territorial init --db {describe(engine)}` first."
    database = engine.url.database
    if engine.dialect.name == "sqlite" and database and database != ":memory:" and not Path(database).exists():
        raise StoreError(f"There is no store at {database}. {fix}")

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    try:
        with engine.connect() as connection:
            revision = MigrationContext.configure(connection).get_current_revision()
    except DBAPIError as error:
        raise StoreError(f"Cannot read the store at {describe(engine)}: {error.orig}. {fix}") from None

    if revision is None:
        raise StoreError(f"The store at {describe(engine)} is not initialised. {fix}")
    if revision != head:
        raise StoreError(
            f"The store at {describe(engine)} has schema version {revision}, but this version "
            f"of territorial needs {head}. {fix} It upgrades the schema in place; if the store "
            "was written by a newer territorial, upgrade territorial instead."
        )


def describe(engine: Engine) -> str:
    """Name the store for messages: the file path for SQLite, else the URL without its password."""
    if engine.dialect.name == "sqlite" and engine.url.database:
        return engine.url.database
    return engine.url.render_as_string(hide_password=True)


def _parse(url_or_path: str | os.PathLike[str]) -> URL:
    text = os.fspath(url_or_path)
    if "://" not in text:
        return URL.create("sqlite+pysqlite", database=text)
    try:
        return make_url(text)
    except ArgumentError:
        raise StoreError(
            f"{text!r} is not a database URL; give a file path or a URL such as "
            "sqlite:///store.db or postgresql+psycopg://user@host/db."
        ) from None


def _alembic_config() -> Config:
    """Return an Alembic configuration built in code, so users need no alembic.ini."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # Hand transaction control to SQLAlchemy (see _begin_sqlite_transaction), so the
    # pysqlite driver does not commit on its own before DDL or begin after SELECTs.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    # WAL lets readers run while a load writes.
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def _begin_sqlite_transaction(connection: Connection) -> None:
    # A writing unit of work first reads the store clock and then writes. With a plain
    # BEGIN another writer could commit between the two and the write would fail with
    # "database is locked", so writers take the lock up front with BEGIN IMMEDIATE.
    if connection.get_execution_options().get(WRITES_OPTION):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")
