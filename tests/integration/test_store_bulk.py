"""Bulk saves and loads of entities at the size of a mid-sized book."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from territorial.domain.entity import Account, Contact, Organisation
from territorial.domain.period import ValidPeriod
from territorial.store import UnitOfWork, load_master_data, save_accounts, save_contacts, save_organisations

ORGANISATIONS = 2_300
CONTACTS = 10_000
ACCOUNTS = 20_000
SINCE = ValidPeriod(date(2024, 1, 1))
STATES = ["MA", "NY", "NJ", "CT", "CA", "TX"]


def organisations() -> list[Organisation]:
    return [
        Organisation(
            f"O-{i:05d}",
            f"Firm {i}",
            f"O-{i // 10:05d}" if i >= 10 else None,
            {"channel": "IBD" if i % 3 else "RIA", "state": STATES[i % len(STATES)]},
            SINCE,
        )
        for i in range(ORGANISATIONS)
    ]


def contacts() -> list[Contact]:
    return [
        Contact(f"C-{i:05d}", f"Advisor {i}", f"O-{i % ORGANISATIONS:05d}", {"zip": f"{i % 99999 + 1:05d}"}, SINCE)
        for i in range(CONTACTS)
    ]


def accounts(renamed: int = 0) -> list[Account]:
    return [
        Account(
            f"A-{i:05d}",
            f"Account {i}{' (renamed)' if i < renamed else ''}",
            f"C-{i % CONTACTS:05d}",
            f"O-{i % ORGANISATIONS:05d}",
            i % 500 == 0,
            {"zip": f"{i % 99999 + 1:05d}", "aum_tier": str(i % 4)},
            SINCE,
        )
        for i in range(ACCOUNTS)
    ]


def save_book(engine: Engine, renamed: int = 0) -> None:
    """Save the whole book in one unit of work."""
    with UnitOfWork(engine) as uow:
        save_organisations(uow, organisations())
        save_contacts(uow, contacts())
        save_accounts(uow, accounts(renamed))


def test_bulk_save_and_load_keep_every_entity(store: Engine) -> None:
    save_book(store)

    data = load_master_data(store)

    assert len(data.organisations) == ORGANISATIONS
    assert len(data.contacts) == CONTACTS
    assert len(data.accounts) == ACCOUNTS
    assert data.account("A-00500", date(2025, 1, 1)) == accounts()[500]


def test_bulk_save_of_an_unchanged_book_writes_nothing(store: Engine) -> None:
    save_book(store)

    with UnitOfWork(store) as uow:
        summary = save_accounts(uow, accounts())

    assert (summary.superseded_rows, summary.inserted_rows) == (0, 0)


def test_bulk_save_supersedes_only_the_changed_entities(store: Engine) -> None:
    save_book(store)

    with UnitOfWork(store) as uow:
        summary = save_accounts(uow, accounts(renamed=100))

    assert (summary.superseded_rows, summary.inserted_rows) == (100, 100)
    assert load_master_data(store).accounts["A-00099"].items[0].name == "Account 99 (renamed)"
