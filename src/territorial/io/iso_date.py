"""Dates in input files: ISO 8601 calendar dates written YYYY-MM-DD, nothing else.

Other spellings (31/01/2025, 20250131, 2025-01-31T00:00) are rejected rather than
guessed, because day-first and month-first dates cannot be distinguished.
"""

from __future__ import annotations

import re
from datetime import date

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_iso_date(text: str) -> date:
    """Parse a YYYY-MM-DD date; raise ValueError saying what is wrong otherwise."""
    value = text.strip()
    if not _ISO_DATE.fullmatch(value):
        raise ValueError("not an ISO date; write dates as YYYY-MM-DD, for example 2025-01-31")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value} is not a date in the calendar") from None
