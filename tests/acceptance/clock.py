"""A settable clock for books whose changes must be recorded on given dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

from territorial.service.workspace import Workspace


class Clock:
    """Returns the time last set; the store still makes recorded times strictly increase."""

    def __init__(self) -> None:
        self.now = datetime(2025, 1, 1, 12, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def set(self, day: date) -> None:
        """Record what follows at noon UTC on `day`."""
        self.now = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def on_clock(book, clock: Clock):  # type: ignore[no-untyped-def]
    """Give the book a workspace on the same store whose recorded times come from `clock`."""
    book.workspace.engine.dispose()
    book.workspace = Workspace(book.workspace.db, book.workspace.facts_dir, clock=clock)
    return book


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def start_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
