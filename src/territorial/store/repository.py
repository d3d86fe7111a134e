"""Bitemporal repositories: append-only writes and point-in-recorded-time reads of one kind of master data."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Connection, Table, select, tuple_, update

from territorial.domain.period import ValidPeriod
from territorial.errors import StoreError
from territorial.store.mapping import TableMapping
from territorial.store.timeline import Version, check_no_overlap, diff, overlay

if TYPE_CHECKING:
    from territorial.store.audit import AuditEntry, AuditLog

T = TypeVar("T")

# A business key as callers see it: the code or id itself, or a tuple for composite keys
# (coverage_model, territory) of coverage teams.
Key = str | tuple[str, ...]

# Keys per lookup query. It keeps the bound parameters of one query (keys × key columns)
# under 999, the default limit of SQLite before version 3.32.
_KEYS_PER_QUERY = 450


@dataclass(frozen=True)
class WriteSummary:
    """How many rows one write superseded and inserted; zero and zero means nothing changed."""

    superseded_rows: int = 0
    inserted_rows: int = 0


def known_at_filter(table: Table, known_at: datetime | None) -> ColumnElement[bool]:
    """Select the rows recorded at `known_at`, or the current rows when `known_at` is None.

    A row counts when it was recorded at or before `known_at` and not superseded by then.
    """
    if known_at is None:
        return table.c.superseded_at.is_(None)
    require_aware(known_at)
    return (table.c.recorded_at <= known_at) & (
        table.c.superseded_at.is_(None) | (table.c.superseded_at > known_at)
    )


def read_versions(connection: Connection, mapping: TableMapping[T], known_at: datetime | None = None) -> list[T]:
    """Return every valid-time version of one kind recorded at `known_at` (default: the current ones).

    Versions come ordered by key, then by valid_from.
    """
    table = mapping.table
    columns = [*mapping.payload_columns, table.c.valid_from, table.c.valid_to]
    statement = (
        select(*columns)
        .where(known_at_filter(table, known_at))
        .order_by(*mapping.key_table_columns, table.c.valid_from, table.c.row_id)
    )
    records = map(mapping.record._make, connection.execute(statement).all())
    version_of = attrgetter(*mapping.key_columns, "valid_from", "valid_to")
    versions: list[T] = []
    for (*_key, valid_from, valid_to), rows in groupby(records, version_of):
        versions.append(mapping.from_rows(ValidPeriod(valid_from, valid_to), list(rows)))
    return versions


def require_aware(known_at: datetime) -> datetime:
    """Return `known_at`, or raise ValueError when it has no time zone and so no place in UTC."""
    if known_at.tzinfo is None:
        raise ValueError(f"known_at must be timezone-aware, got naive {known_at.isoformat()}")
    return known_at


class BitemporalRepository(Generic[T]):
    """Writes and reads one kind of master data inside one transaction.

    Every row written gets `recorded_at`. Writes compare the desired timeline of each
    key with its current rows: rows no longer wanted are superseded, new versions are
    inserted, and unchanged rows are left alone. Nothing is deleted. With an audit
    log, every key whose timeline changes gets one audit entry with its versions
    before and after; `action` names the change ("create", "change" or "retract"
    when not given).
    """

    def __init__(
        self, connection: Connection, mapping: TableMapping[T], recorded_at: datetime, audit: AuditLog | None = None
    ) -> None:
        self._connection = connection
        self._mapping = mapping
        self._table = mapping.table
        self._recorded_at = recorded_at
        self._audit = audit

    def save(self, items: Iterable[T], *, action: str | None = None, reason: str | None = None) -> WriteSummary:
        """Replace the valid timeline of every key among `items` with the versions given for that key.

        Raises DomainError, before writing anything, when two versions of one key overlap.
        Keys that are not among `items` are left alone.
        """
        desired = self._versions_by_key(items)
        current = self._current_versions(desired)
        return self._write(current, desired, action, reason)

    def current(self, key: Key) -> list[T]:
        """Return the current valid-time versions of one key, oldest first; empty when it has none."""
        versions = self._current_versions([self._as_tuple(key)]).get(self._as_tuple(key), [])
        ordered = sorted(versions, key=lambda v: v.period.valid_from)
        return [self._mapping.from_rows(v.period, [self._mapping.record(**row, valid_from=v.period.valid_from,
                                                                         valid_to=v.period.valid_to)
                                                   for row in v.rows]) for v in ordered]

    def assert_versions(self, items: Iterable[T]) -> WriteSummary:
        """Write each item over its valid period, keeping the rest of its key's timeline.

        A version that straddles the new period is split around it. Raises DomainError
        when two of the given versions of one key overlap.
        """
        new = self._versions_by_key(items)
        current = self._current_versions(new)
        desired: dict[tuple[Any, ...], list[Version]] = {}
        for key, versions in new.items():
            timeline = current.get(key, [])
            for version in versions:
                timeline = overlay(timeline, version)
            desired[key] = timeline
        return self._write(current, desired)

    def retract(self, keys: Iterable[Key]) -> WriteSummary:
        """Supersede every current row of `keys`, recording that they have no versions at all.

        To end something in valid time instead, save a version with a `valid_to`.
        """
        wanted = [self._as_tuple(key) for key in keys]
        current = self._current_versions(wanted)
        return self._write(current, {key: [] for key in wanted})

    def keys(self) -> list[Key]:
        """Return the sorted keys that have current rows, whether or not they are valid today."""
        statement = (
            select(*self._mapping.key_table_columns)
            .where(self._table.c.superseded_at.is_(None))
            .distinct()
        )
        found = [self._as_public(tuple(row)) for row in self._connection.execute(statement)]
        return sorted(found, key=lambda key: (key,) if isinstance(key, str) else key)

    def _versions_by_key(self, items: Iterable[T]) -> dict[tuple[Any, ...], list[Version]]:
        by_key: dict[tuple[Any, ...], list[Version]] = defaultdict(list)
        for item in items:
            rows = self._mapping.to_rows(item)
            by_key[self._mapping.key_of(rows[0])].append(Version(self._mapping.period_of(item), tuple(rows)))
        for key, versions in by_key.items():
            if len(versions) > 1:
                check_no_overlap(self._mapping.describe_key(key), versions)
        return by_key

    def _current_versions(self, keys: Iterable[tuple[Any, ...]]) -> dict[tuple[Any, ...], list[Version]]:
        """Read the current rows of `keys`, a few hundred keys per query, grouped into versions."""
        names = [column.name for column in self._mapping.payload_columns]
        columns = [*self._mapping.payload_columns, self._table.c.valid_from, self._table.c.valid_to, self._table.c.row_id]
        grouped: dict[tuple[Any, ...], dict[ValidPeriod, list[tuple[dict[str, Any], int]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for chunk in _chunks(list(keys), _KEYS_PER_QUERY):
            statement = select(*columns).where(self._table.c.superseded_at.is_(None), self._key_in(chunk))
            for *values, valid_from, valid_to, row_id in self._connection.execute(statement).all():
                row = dict(zip(names, values))
                grouped[self._mapping.key_of(row)][ValidPeriod(valid_from, valid_to)].append((row, row_id))

        return {
            key: [
                Version(period, tuple(row for row, _ in rows), tuple(row_id for _, row_id in rows))
                for period, rows in periods.items()
            ]
            for key, periods in grouped.items()
        }

    def _key_in(self, keys: Sequence[tuple[Any, ...]]) -> ColumnElement[bool]:
        columns = self._mapping.key_table_columns
        if len(columns) == 1:
            return columns[0].in_([key[0] for key in keys])
        return tuple_(*columns).in_(keys)

    def _write(
        self,
        current: dict[tuple[Any, ...], list[Version]],
        desired: dict[tuple[Any, ...], list[Version]],
        action: str | None = None,
        reason: str | None = None,
    ) -> WriteSummary:
        superseded: list[int] = []
        inserted: list[Version] = []
        audited: list[AuditEntry] = []
        for key, versions in desired.items():
            change = diff(current.get(key, []), versions)
            superseded.extend(change.superseded_row_ids)
            inserted.extend(change.inserted)
            if self._audit is not None and (change.superseded_row_ids or change.inserted):
                audited.append(self._audit_entry(key, current.get(key, []), versions, action, reason))

        self._supersede(superseded)
        rows = [
            {
                **row,
                "valid_from": version.period.valid_from,
                "valid_to": version.period.valid_to,
                "recorded_at": self._recorded_at,
            }
            for version in inserted
            for row in version.rows
        ]
        if rows:
            self._connection.execute(self._table.insert(), rows)
        if self._audit is not None:
            self._audit.record_many(audited)
        return WriteSummary(len(superseded), len(rows))

    def _audit_entry(
        self, key: tuple[Any, ...], before: list[Version], after: list[Version], action: str | None, reason: str | None
    ) -> AuditEntry:
        assert self._audit is not None
        if action is None:
            action = "change"
            if not before:
                action = "create"
            elif not after:
                action = "retract"
        sample = (after or before)[0].rows[0]
        kind = self._mapping.kind.value
        return self._audit.entry(
            action,
            kind,
            "/".join(str(part) for part in key),
            before=_described(before),
            after=_described(after),
            reason=reason,
            coverage_model=key[0] if kind == "coverage_model" else sample.get("coverage_model"),
            territory=key[0] if kind == "territory" else sample.get("territory"),
        )

    def _supersede(self, row_ids: list[int]) -> None:
        changed = 0
        for chunk in _chunks(row_ids, _KEYS_PER_QUERY):
            statement = (
                update(self._table)
                .where(self._table.c.row_id.in_(chunk), self._table.c.superseded_at.is_(None))
                .values(superseded_at=self._recorded_at)
            )
            changed += self._connection.execute(statement).rowcount
        if changed != len(row_ids):
            # Units of work lock the store clock, so only a writer bypassing them can get here.
            raise StoreError(
                f"{len(row_ids) - changed} current rows of {self._table.name} were superseded by "
                "another writer during this unit of work. Let the unit of work roll back and run "
                "the load again."
            )

    def _as_tuple(self, key: Key) -> tuple[Any, ...]:
        return (key,) if isinstance(key, str) else tuple(key)

    def _as_public(self, key: tuple[Any, ...]) -> Key:
        return key[0] if len(key) == 1 else key


def _described(versions: list[Version]) -> list[dict[str, Any]]:
    """Return versions as audit values: the period, then the row (or the rows as members), oldest first."""
    described = []
    for version in sorted(versions, key=lambda v: v.period.valid_from):
        period = {"valid_from": version.period.valid_from, "valid_to": version.period.valid_to}
        if len(version.rows) == 1:
            described.append({**period, **version.rows[0]})
        else:
            described.append({**period, "members": list(version.rows)})
    return described


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
