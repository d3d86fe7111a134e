"""Fixtures shared by every test layer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from territorial.store import connect, initialise


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """URL of a store that does not exist yet: an SQLite file in the test's own folder.

    Store tests take the database from this fixture only, so that pointing it at a
    fresh PostgreSQL database runs them against PostgreSQL.
    """
    return f"sqlite:///{tmp_path / 'territorial.db'}"


@pytest.fixture
def store(db_url: str) -> Iterator[Engine]:
    """An initialised, empty store."""
    engine = connect(db_url)
    initialise(engine)
    yield engine
    engine.dispose()
