"""Feed readers: organisations, contacts, accounts, trades and AUM from CSV or Parquet.

The file extension picks the format (.csv, or .parquet / .pq). Each reader checks
the whole file and either returns every row as a domain object or raises one
InputError listing every problem, so a load is all or nothing. Columns are listed in
docs/feeds.md. Row numbers in problems count the header as row 1.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path

from territorial.domain.entity import Account, Contact, Organisation
from territorial.domain.fact import Fact, FactKind
from territorial.domain.period import ValidPeriod
from territorial.errors import InputError
from territorial.io.feed_columns import Cell, FeedColumns
from territorial.io.table import read_table

TRADE_KINDS: dict[str, FactKind] = {kind.value: kind for kind in FactKind if kind.is_flow}
_PERIOD_COLUMNS = ("valid_from", "valid_to")


def read_organisations(path: str | Path) -> list[Organisation]:
    """Read organisations; columns other than the fixed ones become attributes."""
    fixed = ("organisation_id", "name", "parent_id", *_PERIOD_COLUMNS)
    columns = _open(path, required=("organisation_id", "name"))
    ids, names, periods = _versioned_identity(columns, "organisation_id")
    parents = columns.text("parent_id", required=False)
    _check_not_own_parent(columns, ids, parents)
    attributes = columns.attributes(_other_columns(columns, fixed))
    _raise_if_problems(columns)

    return [
        Organisation(i, n, parent, attrs, period)
        for i, n, parent, attrs, period in zip(ids, names, parents, attributes, periods)
    ]


def read_contacts(path: str | Path) -> list[Contact]:
    """Read contacts (financial advisors); columns other than the fixed ones become attributes."""
    fixed = ("contact_id", "name", "organisation_id", *_PERIOD_COLUMNS)
    columns = _open(path, required=("contact_id", "name"))
    ids, names, periods = _versioned_identity(columns, "contact_id")
    organisations = columns.text("organisation_id", required=False)
    attributes = columns.attributes(_other_columns(columns, fixed))
    _raise_if_problems(columns)

    return [
        Contact(i, n, organisation, attrs, period)
        for i, n, organisation, attrs, period in zip(ids, names, organisations, attributes, periods)
    ]


def read_accounts(path: str | Path) -> list[Account]:
    """Read accounts; `omnibus` is true/false, yes/no or 1/0 and blank means false."""
    fixed = ("account_id", "name", "contact_id", "organisation_id", "omnibus", *_PERIOD_COLUMNS)
    columns = _open(path, required=("account_id", "name"))
    ids, names, periods = _versioned_identity(columns, "account_id")
    contacts = columns.text("contact_id", required=False)
    organisations = columns.text("organisation_id", required=False)
    omnibus = columns.flags("omnibus")
    attributes = columns.attributes(_other_columns(columns, fixed))
    _raise_if_problems(columns)

    rows = zip(ids, names, contacts, organisations, omnibus, attributes, periods)
    return [Account(i, n, c, o, flag, attrs, period) for i, n, c, o, flag, attrs, period in rows]


def read_trades(path: str | Path) -> list[Fact]:
    """Read trades and flows, signing each amount by the direction of its kind.

    The feed gives amounts as reported (a redemption of 200.00 is 200.00), so the
    fact of a redemption, exchange out or transfer out gets -200.00. A negative
    amount in the feed is a cancellation and keeps its sign: -200.00 of a
    redemption becomes +200.00.
    """
    fixed = ("trade_id", "trade_date", "account_id", "contact_id", "kind", "amount")
    columns = _open(path, required=("trade_id", "trade_date", "account_id", "kind", "amount"))
    ids = columns.text("trade_id", required=True)
    columns.check_unique(
        "trade_id", ids, fix="give every trade its own id; a correction is a new trade with a new id"
    )
    days = columns.dates("trade_date", required=True)
    accounts = columns.text("account_id", required=True)
    contacts = columns.text("contact_id", required=False)
    kinds = columns.choices("kind", TRADE_KINDS)
    amounts = columns.amounts("amount")
    attributes = columns.attributes(_other_columns(columns, fixed))
    _raise_if_problems(columns)

    rows = zip(ids, kinds, days, accounts, amounts, contacts, attributes)
    return [
        Fact(i, kind, day, account, amount if kind.direction > 0 else -amount, contact, attrs)
        for i, kind, day, account, amount, contact, attrs in rows
    ]


def read_aum(path: str | Path) -> list[Fact]:
    """Read AUM positions as facts of kind aum; the amount is a market value, never negative.

    Without a position_id column the id is AUM:{account_id}:{fund or '-'}:{position_date}.
    """
    fixed = ("position_id", "position_date", "account_id", "amount")
    columns = _open(path, required=("position_date", "account_id", "amount"))
    days = columns.dates("position_date", required=True)
    accounts = columns.text("account_id", required=True)
    amounts = columns.amounts("amount")
    _check_not_negative(columns, amounts)
    attributes = columns.attributes(_other_columns(columns, fixed))
    ids = _position_ids(columns.cells("position_id"), accounts, attributes, days)
    columns.check_unique(
        "position_id",
        ids,
        fix="give each position its own position_id; without one, two rows with the same "
        "account, fund and date get the same id",
    )
    _raise_if_problems(columns)

    rows = zip(ids, days, accounts, amounts, attributes)
    return [Fact(i, FactKind.AUM, day, account, amount, None, attrs) for i, day, account, amount, attrs in rows]


def _open(path: str | Path, required: Iterable[str]) -> FeedColumns:
    columns = FeedColumns(read_table(path))

    # Without a required column every row would fail, so stop at the column problem.
    if not columns.check_columns(required):
        raise InputError(columns.problems)
    return columns


def _versioned_identity(
    columns: FeedColumns, id_column: str
) -> tuple[list[Cell], list[Cell], list[ValidPeriod | None]]:
    ids = columns.text(id_column, required=True)
    names = columns.text("name", required=True)
    periods = columns.periods()
    columns.check_versions(id_column, ids, periods)
    return ids, names, periods


def _other_columns(columns: FeedColumns, fixed: Iterable[str]) -> list[str]:
    known = set(fixed)
    return [name for name in columns.columns if name not in known]


def _check_not_own_parent(columns: FeedColumns, ids: list[Cell], parents: list[Cell]) -> None:
    for index, (organisation, parent) in enumerate(zip(ids, parents)):
        if organisation is not None and organisation == parent:
            columns.add(
                index,
                "parent_id",
                "an organisation cannot be its own parent",
                value=parent,
                fix="give the firm's id as parent_id, or leave it blank for a top-level firm",
            )


def _check_not_negative(columns: FeedColumns, amounts: list[Decimal | None]) -> None:
    for index, amount in enumerate(amounts):
        if amount is not None and amount < 0:
            columns.add(
                index,
                "amount",
                "an AUM amount is a market value and cannot be negative",
                value=str(amount),
                fix="give the market value of the position, 0 or more",
            )


def _position_ids(
    ids_in_file: list[Cell],
    accounts: list[Cell],
    attributes: list[dict[str, str | None]],
    days: list[date | None],
) -> list[Cell]:
    ids: list[Cell] = []
    for position_id, account, attrs, day in zip(ids_in_file, accounts, attributes, days):
        if position_id is None and account is not None and day is not None:
            position_id = f"AUM:{account}:{attrs.get('fund') or '-'}:{day.isoformat()}"
        ids.append(position_id)
    return ids


def _raise_if_problems(columns: FeedColumns) -> None:
    if columns.problems:
        raise InputError(sorted(columns.problems, key=lambda p: p.row or 0))
