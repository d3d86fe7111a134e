"""Valid-time intervals: half-open date ranges, an open end meaning "until further notice"."""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Iterable
from datetime import date
from typing import Protocol

# The start of valid time for data loaded without a date. A real date keeps SQL portable.
BEGINNING = date(1900, 1, 1)


@dataclass(frozen=True, order=True)
class ValidPeriod:
    """`[valid_from, valid_to)`; `valid_to` None means open-ended."""

    valid_from: date = BEGINNING
    valid_to: date | None = None

    def __post_init__(self) -> None:
        if self.valid_to is not None and self.valid_to <= self.valid_from:
            raise ValueError(
                f"valid_to {self.valid_to.isoformat()} must be after valid_from "
                f"{self.valid_from.isoformat()}"
            )

    def contains(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)

    def overlaps(self, other: ValidPeriod) -> bool:
        starts_before_other_ends = other.valid_to is None or self.valid_from < other.valid_to
        ends_after_other_starts = self.valid_to is None or other.valid_from < self.valid_to
        return starts_before_other_ends and ends_after_other_starts

    def __str__(self) -> str:
        end = self.valid_to.isoformat() if self.valid_to else "open"
        return f"[{self.valid_from.isoformat()}, {end})"


class HasPeriod(Protocol):
    @property
    def period(self) -> ValidPeriod: ...


def change_dates(items: Iterable[HasPeriod]) -> set[date]:
    """Return the dates on which any of `items` starts or stops being valid."""
    days: set[date] = set()
    for item in items:
        days.add(item.period.valid_from)
        if item.period.valid_to is not None:
            days.add(item.period.valid_to)
    return days


@dataclass(frozen=True)
class ReportingPeriod:
    """A reporting or compensation period: a month, a quarter or a year, as `[start, end)`."""

    label: str
    start: date
    end: date

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end


def parse_reporting_period(text: str) -> ReportingPeriod:
    """Parse "2025-01" (a month), "2025-Q1" (a quarter) or "2025" (a year)."""
    value = text.strip().upper()
    try:
        if len(value) == 4:
            year = int(value)
            return ReportingPeriod(value, date(year, 1, 1), date(year + 1, 1, 1))
        if len(value) == 7 and value[4:6] == "-Q":
            year, quarter = int(value[:4]), int(value[6])
            if not 1 <= quarter <= 4:
                raise ValueError
            start = date(year, 3 * quarter - 2, 1)
            return ReportingPeriod(value, start, _add_months(start, 3))
        if len(value) == 7 and value[4] == "-":
            start = date(int(value[:4]), int(value[5:]), 1)
            return ReportingPeriod(value, start, _add_months(start, 1))
    except ValueError:
        pass
    raise ValueError(f"invalid period {text!r}; write a month (2025-01), a quarter (2025-Q1) or a year (2025)")


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
