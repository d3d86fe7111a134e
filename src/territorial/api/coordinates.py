"""The two time coordinates every read takes: `as_of` (a valid date) and `known_at` (a recorded time)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import Query

AsOf = Annotated[date | None, Query(description="Valid date to read at (default: today).")]
KnownAt = Annotated[datetime | None, Query(
    description="Read what the store had recorded at this time (ISO 8601; UTC when no offset is given). "
                "Default: now.")]


def aware(known_at: datetime | None) -> datetime | None:
    """Return `known_at` with a time zone, reading a naive time as UTC."""
    if known_at is not None and known_at.tzinfo is None:
        return known_at.replace(tzinfo=UTC)
    return known_at


def day(as_of: date | None) -> date:
    return as_of or date.today()
