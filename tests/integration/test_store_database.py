"""Opening, initialising and checking a store."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, text

from territorial.errors import StoreError
from territorial.store import UnitOfWork, connect, initialise, load_master_data, require_current_schema
from territorial.store.schema import metadata


def test_plain_path_opens_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "plain.db"

    engine = connect(str(path))

    assert engine.dialect.name == "sqlite"
    assert engine.url.database == str(path)


def test_connect_opens_nothing_until_the_first_query(tmp_path: Path) -> None:
    path = tmp_path / "lazy.db"

    connect(path)

    assert not path.exists()


def test_sqlite_store_uses_wal_and_foreign_keys(store: Engine) -> None:
    if store.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas")

    with store.connect() as connection:
        journal_mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
        foreign_keys = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()

    assert journal_mode == "wal"
    assert foreign_keys == 1


def test_connect_names_the_extra_for_a_missing_driver() -> None:
    if importlib.util.find_spec("psycopg") is not None:
        pytest.skip("psycopg is installed")

    with pytest.raises(StoreError) as raised:
        connect("postgresql+psycopg://sales@localhost/territorial")

    assert "territorial[postgresql]" in str(raised.value)


def test_connect_rejects_a_malformed_url() -> None:
    with pytest.raises(StoreError) as raised:
        connect("not a url://")

    assert "is not a database URL" in str(raised.value)


def test_missing_store_asks_for_init(tmp_path: Path) -> None:
    path = tmp_path / "missing.db"
    engine = connect(path)

    with pytest.raises(StoreError) as raised:
        require_current_schema(engine)

    assert f"Run `territorial init --db {path}` first." in str(raised.value)
    assert not path.exists()


def test_uninitialised_store_asks_for_init(db_url: str) -> None:
    engine = connect(db_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE unrelated (id INTEGER)"))

    with pytest.raises(StoreError) as raised:
        require_current_schema(engine)

    assert "is not initialised" in str(raised.value)
    assert "territorial init --db" in str(raised.value)


def test_unit_of_work_needs_initialised_store(db_url: str) -> None:
    engine = connect(db_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE unrelated (id INTEGER)"))

    with pytest.raises(StoreError):
        with UnitOfWork(engine):
            pass


def test_load_from_uninitialised_store_raises_store_error(db_url: str) -> None:
    engine = connect(db_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE unrelated (id INTEGER)"))

    with pytest.raises(StoreError):
        load_master_data(engine)


def test_store_at_another_schema_version_asks_for_init(store: Engine) -> None:
    with store.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0000'"))

    with pytest.raises(StoreError) as raised:
        require_current_schema(store)

    assert "has schema version 0000" in str(raised.value)
    assert "territorial init --db" in str(raised.value)


def test_non_database_file_raises_store_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are not the tables you are looking for\n" * 100)

    with pytest.raises(StoreError) as raised:
        require_current_schema(connect(path))

    assert str(path) in str(raised.value)


def test_initialise_in_a_missing_folder_raises_store_error(tmp_path: Path) -> None:
    engine = connect(tmp_path / "no-such-folder" / "territorial.db")

    with pytest.raises(StoreError) as raised:
        initialise(engine)

    assert "Cannot initialise the store" in str(raised.value)


def test_initialise_twice_leaves_the_store_current(store: Engine) -> None:
    initialise(store)

    require_current_schema(store)


def test_migrations_build_the_tables_of_the_schema_module(store: Engine) -> None:
    with store.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)

    assert differences == []

