"""Organisations, contacts and accounts read from the store straight into Arrow, for the bulk engine.

A large book has millions of entity versions. Building a Python object for each
would take longer than resolving them, so the bulk engine reads the rows recorded at
`known_at` as columns. From PostgreSQL the ADBC driver hands them over as Arrow. From
SQLite they come through the store's own driver and become Arrow columns here. The
SQLite ADBC driver links its own copy of SQLite, and two copies in one process release
each other's POSIX file locks (tensorflow/tensorboard issue 1467 describes the
corruption this causes). Tried here, it read rows older than the last commit.

    tables = read_entity_tables(engine, known_at)   # {"organisation": ..., "contact": ..., "account": ...}

Each table has the entity's reference columns, `attributes` as the stored JSON text,
and `valid_from`/`valid_to` as dates (`valid_to` NULL when open-ended). The recorded
time reaches SQL only as a bound parameter.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Engine

from territorial.errors import StoreError
from territorial.store.repository import require_aware

# The columns the engine reads, besides attributes and the valid period. Table and column
# names are the store's own, never input.
ENTITY_COLUMNS = {
    "organisation": ("id", "parent_id"),
    "contact": ("id", "organisation_id"),
    "account": ("id", "contact_id", "organisation_id", "omnibus"),
}

# The text form of recorded times in SQLite (see UtcTimestamp in store/types.py).
# Columns that SQLite returns as something other than text are listed with their type.
_SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"
_SQLITE_TYPES = {"omnibus": pa.int64()}


def read_entity_tables(engine: Engine, known_at: datetime | None = None) -> dict[str, pa.Table]:
    """Return every version of every organisation, contact and account recorded at `known_at`."""
    dialect = engine.dialect.name
    where, parameters = _recorded_filter(dialect, known_at)
    queries = {name: f"SELECT {', '.join((*columns, 'attributes', 'valid_from', 'valid_to'))} FROM {name} WHERE {where}"
               for name, columns in ENTITY_COLUMNS.items()}
    if dialect == "postgresql":
        return {name: _typed(table) for name, table in _read_postgresql(engine, queries, parameters).items()}
    return {name: _typed(table) for name, table in _read_sqlite(engine, queries, parameters).items()}


def _read_postgresql(engine: Engine, queries: dict[str, str], parameters: tuple[object, ...]) -> dict[str, pa.Table]:
    try:
        from adbc_driver_postgresql import dbapi
    except ImportError as error:
        raise StoreError("The bulk engine reads a PostgreSQL store through the ADBC driver, which is not "
                         "installed. Install it with: pip install 'territorial[postgresql]'") from error

    uri = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with dbapi.connect(uri) as connection, connection.cursor() as cursor:
        tables = {}
        for name, query in queries.items():
            cursor.execute(query, parameters)
            tables[name] = cursor.fetch_arrow_table()
        return tables


def _read_sqlite(engine: Engine, queries: dict[str, str], parameters: tuple[object, ...]) -> dict[str, pa.Table]:
    tables = {}
    with engine.connect() as connection:
        for name, query in queries.items():
            result = connection.exec_driver_sql(query, parameters)
            names, rows = list(result.keys()), result.fetchall()
            columns = list(zip(*rows)) or [() for _ in names]
            tables[name] = pa.table({n: pa.array(list(c), _SQLITE_TYPES.get(n, pa.string())) for n, c in zip(names, columns)})
    return tables


def _recorded_filter(dialect: str, known_at: datetime | None) -> tuple[str, tuple[object, ...]]:
    """Return the WHERE clause of the rows recorded at `known_at`, as in repository.known_at_filter."""
    if known_at is None:
        return "superseded_at IS NULL", ()
    utc = require_aware(known_at).astimezone(UTC)
    if dialect == "postgresql":
        return "recorded_at <= $1 AND (superseded_at IS NULL OR superseded_at > $1)", (utc,)
    text = utc.replace(tzinfo=None).strftime(_SQLITE_TIME)
    return "recorded_at <= ? AND (superseded_at IS NULL OR superseded_at > ?)", (text, text)


def _typed(rows: pa.Table) -> pa.Table:
    """Cast every column to the engine's type, because SQLite returns dates as text and booleans as integers."""
    columns = {}
    for name in rows.column_names:
        column = rows[name]
        if name in ("valid_from", "valid_to") and not pa.types.is_date32(column.type):
            column = pc.cast(pc.cast(column, pa.string()), pa.date32())
        elif name == "omnibus" and not pa.types.is_boolean(column.type):
            column = pc.not_equal(column, 0)
        elif name not in ("valid_from", "valid_to", "omnibus") and not pa.types.is_string(column.type):
            column = pc.cast(column, pa.string())
        columns[name] = column
    return pa.table(columns)
