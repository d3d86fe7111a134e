"""The register of credit batches: Parquet files of sealed credits or restatement adjustments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from territorial.errors import NotFoundError
from territorial.store.repository import require_aware
from territorial.store.schema import credit_batch

if TYPE_CHECKING:
    from territorial.store.audit import AuditLog


class CreditBatchKind(StrEnum):
    SEALED = "sealed"
    ADJUSTMENT = "adjustment"


@dataclass(frozen=True)
class CreditBatch:
    """One file of credits for `period`; an adjustment also names the locked `source_period` it restates.

    `basis_known_at` is the recorded time the credits were computed at, and `basis`
    lists what that time covered (fact batch ids, latest master-data recorded time).
    """

    batch_id: str
    kind: str
    period: str
    source_period: str | None
    path: str
    row_count: int
    total: Decimal
    sha256: str
    basis_known_at: datetime
    basis: dict[str, Any]
    recorded_at: datetime


class CreditBatchRegister:
    """Registers credit batches inside one unit of work, auditing each one."""

    def __init__(self, connection: Connection, recorded_at: datetime, audit: AuditLog) -> None:
        self._connection = connection
        self._recorded_at = recorded_at
        self._audit = audit

    def register(
        self,
        *,
        batch_id: str,
        kind: CreditBatchKind,
        period: str,
        source_period: str | None,
        path: str,
        row_count: int,
        total: Decimal,
        sha256: str,
        basis_known_at: datetime,
        basis: dict[str, Any],
    ) -> CreditBatch:
        batch = CreditBatch(batch_id, kind.value, period, source_period, path, row_count, total, sha256,
                            basis_known_at, basis, self._recorded_at)
        self._connection.execute(credit_batch.insert(), [vars(batch)])
        self._audit.record("register", "credit_batch", batch_id, after=vars(batch))
        return batch


def credit_batch_by_id(connection: Connection, batch_id: str) -> CreditBatch:
    row = connection.execute(select(credit_batch).where(credit_batch.c.batch_id == batch_id)).first()
    if row is None:
        raise NotFoundError(f"No credit batch {batch_id!r} is registered; check the id with `territorial periods list`.")
    return CreditBatch(**row._mapping)


def credit_batches_for(
    connection: Connection, period: str, kind: CreditBatchKind, known_at: datetime | None = None
) -> list[CreditBatch]:
    """Return the batches of one kind registered for `period` by `known_at` (default: all), oldest first."""
    statement = (
        select(credit_batch)
        .where(credit_batch.c.period == period, credit_batch.c.kind == kind.value)
        .order_by(credit_batch.c.recorded_at, credit_batch.c.batch_id)
    )
    if known_at is not None:
        statement = statement.where(credit_batch.c.recorded_at <= require_aware(known_at))
    return [CreditBatch(**row._mapping) for row in connection.execute(statement)]
