"""Fixtures shared by every test layer.

Store and service tests take their database from the `db_url` fixture. It always
gives an SQLite file, and also a fresh PostgreSQL database when
TERRITORIAL_TEST_POSTGRESQL_URL names a server (`make test` starts a throwaway one
with scripts/throwaway_postgres.sh), so those tests run once per database.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from territorial.store import connect, initialise

POSTGRESQL_VARIABLE = "TERRITORIAL_TEST_POSTGRESQL_URL"
DATABASES = ["sqlite", "postgresql"] if os.environ.get(POSTGRESQL_VARIABLE) else ["sqlite"]


@pytest.fixture(scope="session")
def postgresql_server() -> Iterator[Engine]:
    """An autocommit connection pool on the maintenance database of the test server."""
    engine = create_engine(os.environ[POSTGRESQL_VARIABLE], isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


@pytest.fixture(params=DATABASES)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a store that does not exist yet: an SQLite file in the test's own folder,
    or an empty PostgreSQL database that is dropped after the test.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'territorial.db'}"
        return

    server: Engine = request.getfixturevalue("postgresql_server")
    name = f"test_{uuid.uuid4().hex}"
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(os.environ[POSTGRESQL_VARIABLE]).set(database=name).render_as_string(hide_password=False)
    finally:
        # FORCE ends connections a test left open, e.g. an engine it did not dispose.
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def store(db_url: str) -> Iterator[Engine]:
    """An initialised, empty store."""
    engine = connect(db_url)
    initialise(engine)
    yield engine
    engine.dispose()
