"""Valid-time timelines of one business key, and how to change them.

A timeline is the list of versions that one key has in valid time, as currently
recorded. These functions work on plain values and do no I/O: the repository reads
the current timeline, computes the new one here, and writes the difference.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from territorial.domain.period import ValidPeriod
from territorial.errors import DomainError

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Version:
    """The rows of one key during one valid period; `row_ids` is empty until stored.

    Most kinds have one row per version. A coverage team version has one row per member.
    """

    period: ValidPeriod
    rows: tuple[Row, ...]
    row_ids: tuple[int, ...] = ()

    def has_content_of(self, other: Version) -> bool:
        """Return whether both versions hold equal rows, in any order.

        Rows compare as dicts, so equal Decimals (50 and 50.00) match. Checking each row
        for membership is enough because no version contains two equal rows: a team lists
        each person once.
        """
        return len(self.rows) == len(other.rows) and all(row in other.rows for row in self.rows)

    def matches(self, other: Version) -> bool:
        """Return whether both versions have the same period and content, so neither needs writing."""
        return self.period == other.period and self.has_content_of(other)


@dataclass(frozen=True)
class TimelineChange:
    """The rows to supersede and the versions to insert so a timeline becomes the desired one."""

    superseded_row_ids: list[int]
    inserted: list[Version]


def check_no_overlap(key_name: str, versions: Sequence[Version]) -> None:
    """Raise DomainError naming the key and both periods when two versions overlap."""
    # Sorted by start, the versions are disjoint exactly when each ends before the next starts.
    ordered = sorted(versions, key=lambda v: v.period.valid_from)
    for earlier, later in zip(ordered, ordered[1:]):
        if earlier.period.overlaps(later.period):
            raise DomainError(
                f"The versions of {key_name} valid {earlier.period} and {later.period} overlap; "
                "each date can belong to one version only. End the earlier version on or "
                "before the day the later one starts."
            )


def diff(current: Sequence[Version], desired: Sequence[Version]) -> TimelineChange:
    """Compare two timelines of one key; versions present in both stay untouched."""
    # Timelines of one key hold a handful of versions, so pairwise comparison is cheap.
    superseded = [
        row_id
        for version in current
        if not any(version.matches(wanted) for wanted in desired)
        for row_id in version.row_ids
    ]
    inserted = [version for version in desired if not any(version.matches(stored) for stored in current)]
    return TimelineChange(superseded, inserted)


def overlay(timeline: Sequence[Version], new: Version) -> list[Version]:
    """Return the timeline with `new` written over its period.

    Versions that straddle the new period keep their parts outside it, so old X on
    [01-01, open) overlaid with Y on [03-01, 04-01) gives X [01-01, 03-01), Y [03-01,
    04-01) and X [04-01, open). A neighbour with the same content that touches the
    new period merges with it, so overlaying a version onto itself changes nothing.
    """
    outside: list[Version] = []
    for version in timeline:
        outside.extend(_parts_outside(version, new.period))

    merged = new
    for neighbour in list(outside):
        if not neighbour.has_content_of(new):
            continue
        if neighbour.period.valid_to == merged.period.valid_from:
            merged = _with_period(merged, neighbour.period.valid_from, merged.period.valid_to)
            outside.remove(neighbour)
    for neighbour in list(outside):
        if not neighbour.has_content_of(new):
            continue
        if merged.period.valid_to is not None and neighbour.period.valid_from == merged.period.valid_to:
            merged = _with_period(merged, merged.period.valid_from, neighbour.period.valid_to)
            outside.remove(neighbour)

    return sorted([*outside, merged], key=lambda v: v.period.valid_from)


def _parts_outside(version: Version, cut: ValidPeriod) -> list[Version]:
    """Return what remains of `version` outside `cut`: nothing, the version itself, or one or two pieces."""
    if not version.period.overlaps(cut):
        return [version]
    parts: list[Version] = []
    if version.period.valid_from < cut.valid_from:
        parts.append(_with_period(version, version.period.valid_from, cut.valid_from))
    if cut.valid_to is not None and (version.period.valid_to is None or cut.valid_to < version.period.valid_to):
        parts.append(_with_period(version, cut.valid_to, version.period.valid_to))
    return parts


def _with_period(version: Version, valid_from: date, valid_to: date | None) -> Version:
    """Return an unstored copy of `version` for another period."""
    if version.period == ValidPeriod(valid_from, valid_to):
        return version
    return replace(version, period=ValidPeriod(valid_from, valid_to), row_ids=())

