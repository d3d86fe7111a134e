"""Alembic environment of the territorial store.

`territorial.store.database.initialise` passes an open connection in
`config.attributes["connection"]`. Developers running the `alembic` command with
alembic.ini get a connection to its `sqlalchemy.url` instead.
"""

from alembic import context

from territorial.store.database import connect
from territorial.store.schema import metadata


def run_migrations(connection) -> None:
    # Batch mode lets later migrations alter columns on SQLite, which lacks most ALTER TABLE forms.
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    engine = connect(context.config.get_main_option("sqlalchemy.url"))
    with engine.begin() as connection:
        run_migrations(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("territorial migrations run against a database; offline SQL generation is not supported.")
run_migrations_online()
