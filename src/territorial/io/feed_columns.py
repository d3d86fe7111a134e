"""Column-wise reading of one feed table: each check runs down a whole column and records problems.

Working by column keeps a 200,000-row file fast and lets every problem of the file be
reported at once. A value that fails its check becomes None, and the feed reader
raises InputError before any object is built from it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import TypeVar

from territorial.domain.attribute import normalise_attribute
from territorial.domain.money import parse_money
from territorial.domain.period import BEGINNING, ValidPeriod
from territorial.errors import Problem
from territorial.io.iso_date import parse_iso_date
from territorial.io.suggestion import close_matches_hint
from territorial.io.table import Table

T = TypeVar("T")
Cell = str | None

_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0"})


class FeedColumns:
    """The columns of one feed file and the problems found in them so far."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.source = table.source
        self.columns = table.columns
        self.row_numbers = table.row_numbers
        self.problems: list[Problem] = []

    def add(self, index: int | None, column: str, message: str, value: object = None, fix: str = "") -> None:
        row = self.row_numbers[index] if index is not None else None
        self.problems.append(Problem(message, fix, self.source, row, column, value))

    def check_columns(self, required: Iterable[str]) -> bool:
        """Record a problem for each required column that is missing; return whether all are there."""
        found = list(self.columns)
        missing = [name for name in required if name not in self.columns]
        for name in missing:
            hint = close_matches_hint(name, found)
            self.problems.append(
                Problem(
                    f"the required column {name!r} is missing; the columns found are {', '.join(found)}",
                    fix=(f"{hint} " if hint else "") + f"Add a column named {name}",
                    source=self.source,
                    row=1,
                    field=name,
                )
            )
        return not missing

    def cells(self, column: str) -> list[Cell]:
        """Return the cells of `column`, or all None when the file has no such optional column."""
        return self.columns.get(column) or [None] * len(self.row_numbers)

    def text(self, column: str, required: bool) -> list[Cell]:
        """Return the trimmed text of `column`; a blank required cell is a problem."""
        cells = self.cells(column)
        if required:
            for index, cell in enumerate(cells):
                if cell is None:
                    self.add(index, column, f"{column} is blank", fix=f"fill in {column}; it is required")
        return cells

    def dates(self, column: str, required: bool) -> list[date | None]:
        # Feeds repeat the same few dates, so each distinct text is parsed once.
        parsed: dict[str, date] = {}
        result: list[date | None] = []
        for index, cell in enumerate(self.text(column, required)):
            day = parsed.get(cell) if cell is not None else None
            if cell is not None and day is None:
                day = self._date(index, column, cell)
                if day is not None:
                    parsed[cell] = day
            result.append(day)
        return result

    def _date(self, index: int, column: str, cell: str) -> date | None:
        try:
            return parse_iso_date(cell)
        except ValueError as error:
            self.add(index, column, str(error), value=cell, fix="give a date that exists, written YYYY-MM-DD")
            return None

    def periods(self) -> list[ValidPeriod | None]:
        """Return each row's [valid_from, valid_to); blank valid_from means the beginning of valid time."""
        starts = self.dates("valid_from", required=False)
        ends = self.dates("valid_to", required=False)
        periods: list[ValidPeriod | None] = []
        for index, (start, end) in enumerate(zip(starts, ends)):
            try:
                periods.append(ValidPeriod(start or BEGINNING, end))
            except ValueError as error:
                self.add(
                    index,
                    "valid_to",
                    f"the valid period is empty: {error}",
                    value=end.isoformat() if end else None,
                    fix="set valid_to after valid_from, or leave it blank for an open end",
                )
                periods.append(None)
        return periods

    def amounts(self, column: str) -> list[Decimal | None]:
        """Return exact amounts with at most two decimals, thousands separators allowed."""
        if column in self.table.float_columns:
            self.add(
                None,
                column,
                f"the {column} column is stored as floating point, which cannot hold exact cents",
                fix=f"store {column} as decimal(18,2) or as text",
            )
            return [None] * len(self.row_numbers)

        amounts: list[Decimal | None] = []
        for index, cell in enumerate(self.text(column, required=True)):
            amount = None
            if cell is not None:
                try:
                    amount = parse_money(cell)
                except ValueError as error:
                    self.add(
                        index,
                        column,
                        f"invalid amount: {error}",
                        value=cell,
                        fix="write a plain number with at most two decimals, for example 1234.50",
                    )
            amounts.append(amount)
        return amounts

    def choices(self, column: str, allowed: Mapping[str, T]) -> list[T | None]:
        """Return the value of `allowed` for each cell, matched case-insensitively."""
        result: list[T | None] = []
        for index, cell in enumerate(self.text(column, required=True)):
            choice = allowed.get(cell.lower()) if cell is not None else None
            if cell is not None and choice is None:
                hint = close_matches_hint(cell.lower(), allowed)
                self.add(
                    index,
                    column,
                    f"unknown {column} {cell!r}",
                    value=cell,
                    fix=(f"{hint} " if hint else "") + f"Valid values: {', '.join(allowed)}",
                )
            result.append(choice)
        return result

    def flags(self, column: str) -> list[bool]:
        """Return true/false cells (also yes/no and 1/0, any case) as bool; blank is false."""
        result: list[bool] = []
        for index, cell in enumerate(self.cells(column)):
            text = (cell or "false").lower()
            if text not in _TRUE | _FALSE:
                self.add(index, column, f"{column} must be true or false", value=cell, fix="write true, false, yes, no, 1 or 0")
            result.append(text in _TRUE)
        return result

    def attributes(self, columns: list[str]) -> list[dict[str, str | None]]:
        """Return each row's attributes, normalised as rules read them (ZIP codes, state, country)."""
        rows: list[dict[str, str | None]] = [{} for _ in self.row_numbers]
        for column in columns:
            # Attribute values repeat (states, fund codes), so each valid text is normalised once.
            normalised: dict[Cell, str | None] = {}
            for index, cell in enumerate(self.cells(column)):
                if cell not in normalised:
                    try:
                        normalised[cell] = normalise_attribute(column, cell)
                    except ValueError as error:
                        self.add(index, column, f"invalid {column}: {error}", value=cell, fix=_attribute_fix(column))
                        continue
                rows[index][column] = normalised[cell]
        return rows

    def check_unique(self, column: str, ids: list[Cell], fix: str) -> None:
        """Record a problem for each id that appears on more than one row."""
        first_row: dict[str, int] = {}
        for index, value in enumerate(ids):
            if value is None:
                continue
            if value in first_row:
                self.add(
                    index,
                    column,
                    f"{column} {value!r} appears twice, first in row {self.row_numbers[first_row[value]]}",
                    value=value,
                    fix=fix,
                )
            else:
                first_row[value] = index

    def check_versions(self, column: str, ids: list[Cell], periods: list[ValidPeriod | None]) -> None:
        """Record a problem for each two rows of the same id whose valid periods overlap."""
        versions: dict[str, list[tuple[ValidPeriod, int]]] = defaultdict(list)
        for index, (value, period) in enumerate(zip(ids, periods)):
            if value is not None and period is not None:
                versions[value].append((period, index))

        # Sorted by start, any overlap shows up between neighbours.
        for value, group in versions.items():
            group.sort()
            for (earlier, first), (later, second) in zip(group, group[1:]):
                if earlier.overlaps(later):
                    self.add(
                        second,
                        column,
                        f"{column} {value!r} has versions with overlapping valid periods: {earlier} "
                        f"in row {self.row_numbers[first]} and {later} in this row",
                        value=value,
                        fix="remove the duplicate row, or set valid_to of the earlier version on or "
                        "before valid_from of the later one",
                    )


def _attribute_fix(column: str) -> str:
    if column == "zip":
        return "write the five-digit ZIP code as text, keeping leading zeros (02134), or ZIP+4 (02134-5678)"
    return f"correct the {column} value"
