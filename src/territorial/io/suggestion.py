"""Hints for misspelled codes, keys and names, built on difflib's close matches."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

_MAX_SHOWN = 10


def close_matches_hint(value: str, known: Iterable[str]) -> str:
    """Return "did you mean ...?" for the known strings closest to `value`, or "" if none is close."""
    matches = difflib.get_close_matches(value, sorted(set(known)), n=3, cutoff=0.6)
    if not matches:
        return ""
    return "did you mean " + " or ".join(repr(m) for m in matches) + "?"


def known_values_text(known: Iterable[str]) -> str:
    """Return the known strings as a short, sorted list for a message."""
    values = sorted(set(known))
    if not values:
        return "(none defined)"
    shown = ", ".join(values[:_MAX_SHOWN])
    if len(values) > _MAX_SHOWN:
        shown += f" and {len(values) - _MAX_SHOWN} more"
    return shown
