"""The bulk engine reads organisations, contacts and accounts from the store as Arrow columns."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime

import pyarrow as pa
import pytest
from sqlalchemy import Engine

from territorial.domain.entity import Account, Contact, Organisation
from territorial.domain.period import ValidPeriod
from territorial.engine.master_tables import entity_tables, master_tables
from territorial.store import UnitOfWork, load_master_data, save_accounts, save_contacts, save_organisations
from territorial.store.entity_arrow import read_entity_tables

JUL = date(2025, 7, 1)


def save_book(store: Engine, advisor_zip: str, moved_from: date | None = None) -> None:
    contacts = [Contact("C1", "Ada", "BRANCH", {"zip": advisor_zip, "channel": "ria"})]
    if moved_from is not None:
        contacts = [Contact("C1", "Ada", "BRANCH", {"zip": "02110", "channel": "ria"}, ValidPeriod(valid_to=moved_from)),
                    Contact("C1", "Ada", "BRANCH", {"zip": advisor_zip, "channel": None}, ValidPeriod(moved_from))]
    with UnitOfWork(store) as uow:
        save_organisations(uow, [Organisation("FIRM", "Firm", None, {"state": "MA"}),
                                 Organisation("BRANCH", "Branch", "FIRM", {})])
        save_contacts(uow, contacts)
        save_accounts(uow, [Account("A1", "Ada's IRA", "C1", None, True, {"segment": "0042"}),
                            Account("A2", "Omnibus", None, "FIRM", False, {})])


def sorted_rows(table: pa.Table) -> list[dict]:
    return sorted(table.to_pylist(), key=repr)


def engine_tables_both_ways(store: Engine, known_at: datetime | None = None) -> tuple[dict, dict]:
    from_objects = master_tables(load_master_data(store, known_at)).tables
    from_columns = entity_tables(read_entity_tables(store, known_at))
    return from_objects, from_columns


def test_columns_match_domain_objects(store: Engine) -> None:
    save_book(store, "10017", moved_from=JUL)

    from_objects, from_columns = engine_tables_both_ways(store)

    for name in ("organisation", "contact", "account", "entity_attribute"):
        assert from_columns[name].schema == from_objects[name].schema
        assert sorted_rows(from_columns[name]) == sorted_rows(from_objects[name]), name


def test_leading_zeros_kept_blanks_omitted(store: Engine) -> None:
    save_book(store, "02110", moved_from=JUL)

    attributes = sorted_rows(entity_tables(read_entity_tables(store))["entity_attribute"])

    assert {"kind": "account", "id": "A1", "valid_from": date(1900, 1, 1), "name": "segment",
            "value": "0042"} in attributes
    assert [row["name"] for row in attributes if row["id"] == "C1" and row["valid_from"] == JUL] == ["zip"]


def test_earlier_known_at_reads_old_values(store: Engine) -> None:
    save_book(store, "10017")
    before_move = datetime.now(UTC)
    save_book(store, "60601")

    then = entity_tables(read_entity_tables(store, before_move))["entity_attribute"]
    now = entity_tables(read_entity_tables(store))["entity_attribute"]

    def zip_of(table: pa.Table) -> list[str]:
        return [row["value"] for row in table.to_pylist() if row["id"] == "C1" and row["name"] == "zip"]

    assert zip_of(then) == ["10017"]
    assert zip_of(now) == ["60601"]
    assert sorted_rows(then) == sorted_rows(engine_tables_both_ways(store, before_move)[0]["entity_attribute"])


def test_missing_adbc_driver_names_the_fix(monkeypatch) -> None:
    from sqlalchemy import create_engine

    from territorial.errors import StoreError

    monkeypatch.setitem(sys.modules, "adbc_driver_postgresql", None)
    store = create_engine("postgresql+psycopg://territorial@127.0.0.1:1/none")

    with pytest.raises(StoreError, match=r"pip install 'territorial\[postgresql\]'"):
        read_entity_tables(store)
