"""Checks across the entries of a territory file: overlapping versions, references, cycles."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass
from datetime import date

from territorial.domain.period import ValidPeriod, change_dates
from territorial.domain.territory import Hierarchy, Territory
from territorial.io.document_problems import DocumentProblems
from territorial.io.suggestion import close_matches_hint, known_values_text
from territorial.io.yaml_source import DocumentPath


@dataclass(frozen=True)
class Version:
    """One entry of something that may have several versions in valid time."""

    key: Hashable
    period: ValidPeriod
    path: DocumentPath


def check_overlaps(noun: str, versions: list[Version], problems: DocumentProblems) -> None:
    """Record a problem for each two versions of the same key whose valid periods overlap."""
    by_key: dict[Hashable, list[Version]] = defaultdict(list)
    for version in versions:
        by_key[version.key].append(version)

    # Sorted by start, any overlap shows up between neighbours.
    for key, group in by_key.items():
        group.sort(key=lambda v: v.period)
        for earlier, later in zip(group, group[1:]):
            if earlier.period.overlaps(later.period):
                problems.add(
                    later.path,
                    f"{noun} {_show_key(key)} is defined more than once with overlapping valid "
                    f"periods: {earlier.period} at {problems.where(earlier.path)} and "
                    f"{later.period} here",
                    value=key if isinstance(key, str) else _show_key(key),
                    fix="remove the duplicate, or end the earlier entry (valid_to) on or before "
                    "the valid_from of the later one",
                )


def check_reference(
    noun: str,
    code: str,
    known: Collection[str],
    path: DocumentPath,
    problems: DocumentProblems,
) -> None:
    """Record a problem when `code` is not among the `known` codes of `noun`."""
    if code in known:
        return
    hint = close_matches_hint(code, known)
    problems.add(
        path,
        f"unknown {noun} {code!r}",
        value=code,
        fix=(f"{hint} " if hint else "")
        + f"Define it in this file, or use a known one: {known_values_text(known)}",
    )


def check_hierarchy_cycles(
    territories: list[tuple[Territory, DocumentPath]], problems: DocumentProblems
) -> None:
    """Record a problem for each parent cycle, checking the hierarchy on every date it changes."""
    reported: set[frozenset[str]] = set()
    for day in sorted(change_dates(t for t, _ in territories)):
        valid = [(t, path) for t, path in territories if t.period.contains(day)]
        cycle = Hierarchy([t for t, _ in valid]).find_cycle()
        if cycle is None or frozenset(cycle) in reported:
            continue
        reported.add(frozenset(cycle))
        first_path = next(path for t, path in valid if t.code == cycle[0])
        problems.add(
            first_path + ("parent",),
            f"the territory hierarchy has a cycle on {day.isoformat()}: {' → '.join(cycle)}",
            value=cycle[0],
            fix="give one of these territories a parent outside the cycle, or no parent",
        )


def _show_key(key: Hashable) -> str:
    if isinstance(key, tuple):
        return "/".join(str(part) for part in key)
    return repr(key)
