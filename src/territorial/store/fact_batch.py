"""The register of fact batches: Parquet files of facts, each registered once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select

from territorial.errors import DomainError
from territorial.store.repository import require_aware
from territorial.store.schema import fact_batch

if TYPE_CHECKING:
    from territorial.store.audit import AuditLog

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class FactBatch:
    """One Parquet file of facts of one kind, with the range of fact dates it covers.

    `first_date` and `last_date` are None for a batch without facts.
    """

    batch_id: str
    kind: str
    path: str
    row_count: int
    first_date: date | None
    last_date: date | None
    sha256: str
    recorded_at: datetime


class FactBatchRegister:
    """Registers fact batches inside one unit of work."""

    def __init__(self, connection: Connection, recorded_at: datetime, audit: AuditLog | None = None) -> None:
        self._connection = connection
        self._recorded_at = recorded_at
        self._audit = audit

    def register(
        self,
        *,
        batch_id: str,
        kind: str,
        path: str,
        row_count: int,
        first_date: date | None,
        last_date: date | None,
        sha256: str,
    ) -> FactBatch:
        """Record a new batch and return it with its `recorded_at`.

        Raises DomainError when the batch id is taken, or when a non-empty file with the
        same SHA-256 is already registered, because loading it twice would count its
        money twice. Raises ValueError on a malformed digest, count or date range.
        """
        batch = FactBatch(batch_id, kind, path, row_count, first_date, last_date, sha256.lower(), self._recorded_at)
        _check(batch)
        self._check_not_registered(batch)
        self._connection.execute(fact_batch.insert(), [vars(batch)])
        if self._audit is not None:
            self._audit.record("load", "fact_batch", batch.batch_id, after=vars(batch))
        return batch

    def _check_not_registered(self, batch: FactBatch) -> None:
        same_id = self._connection.execute(
            select(fact_batch.c.path).where(fact_batch.c.batch_id == batch.batch_id)
        ).scalar_one_or_none()
        if same_id is not None:
            raise DomainError(
                f"Fact batch {batch.batch_id!r} is already registered (file {same_id}); "
                "give the new batch another id."
            )
        if batch.row_count == 0:
            return
        same_content = self._connection.execute(
            select(fact_batch.c.batch_id).where(fact_batch.c.sha256 == batch.sha256, fact_batch.c.row_count > 0)
        ).first()
        if same_content is not None:
            raise DomainError(
                f"The file {batch.path} has the same content (SHA-256 {batch.sha256}) as fact batch "
                f"{same_content.batch_id!r}, which is already loaded; loading it again would count "
                "its facts twice. Corrections arrive as new facts in a new file."
            )


def fact_batches_known_at(connection: Connection, known_at: datetime | None) -> list[FactBatch]:
    """Return the batches registered at or before `known_at` (default: all), oldest first."""
    statement = select(fact_batch).order_by(fact_batch.c.recorded_at, fact_batch.c.batch_id)
    if known_at is not None:
        statement = statement.where(fact_batch.c.recorded_at <= require_aware(known_at))
    return [FactBatch(**row._mapping) for row in connection.execute(statement)]


def _check(batch: FactBatch) -> None:
    if not _SHA256.match(batch.sha256):
        raise ValueError(f"sha256 must be 64 hexadecimal digits, got {batch.sha256!r}")
    if batch.row_count < 0:
        raise ValueError(f"row_count must be zero or more, got {batch.row_count}")
    if batch.first_date and batch.last_date and batch.first_date > batch.last_date:
        raise ValueError(
            f"first_date {batch.first_date.isoformat()} is after last_date {batch.last_date.isoformat()}"
        )
