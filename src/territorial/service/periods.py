"""Compensation periods: define, lock (sealing their credits), reopen, and read their credits.

An open period follows the latest knowledge. Locking a period computes its
credits at the lock's recorded time and seals them in a registered Parquet file,
so what was paid can be read back, and recomputed, to the cent. Later changes
reach a locked period only as restatement adjustments posted to the next open
period.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from territorial.domain.compensation_period import CompensationPeriod, PeriodStatus
from territorial.domain.credit import Credit
from territorial.domain.period import ReportingPeriod, ValidPeriod, parse_reporting_period
from territorial.domain.user import Role
from territorial.errors import InputError, NotFoundError, Problem, StoreError, WorkflowError
from territorial.io.credit_file import read_credit_file, write_credit_file
from territorial.service.runs import run_attribution
from territorial.service.users import authorise
from territorial.service.workspace import Workspace
from territorial.store import (
    CreditBatch,
    CreditBatchKind,
    UnitOfWork,
    credit_batch,
    credit_batches,
    fact_batches,
    load_periods,
)

ZERO = Decimal("0.00")


def define_period(ws: Workspace, user: str | None, label: str) -> CompensationPeriod:
    """Define a month (2025-07), quarter (2025-Q3) or year (2025) as an open compensation period."""
    ws.require_ready()
    reporting = _parse(label)
    with UnitOfWork(ws.engine, user, f"define period {reporting.label}") as uow:
        name = authorise(uow, user, Role.EDITOR, "define periods")
        if uow.periods.current(reporting.label):
            raise InputError([Problem(f"period {reporting.label} is already defined", field="period",
                                      value=reporting.label, fix="list periods with `territorial periods list`")])
        period = CompensationPeriod(reporting.label, ValidPeriod(reporting.start, reporting.end),
                                    PeriodStatus.OPEN, None, "", name)
        uow.periods.save([period], action="define")
    return period


def lock_period(ws: Workspace, user: str | None, label: str, reason: str = "") -> CompensationPeriod:
    """Lock an open period: compute its credits as known now and seal them in a registered credit file."""
    ws.require_ready()
    with UnitOfWork(ws.engine, user, reason or f"lock period {label}") as uow:
        name = authorise(uow, user, Role.APPROVER, "lock periods")
        period = _current(uow, label)
        if period.status is PeriodStatus.LOCKED:
            raise WorkflowError(f"Period {label} is already locked; reopen it first to lock it again.")
        _check_no_locked_overlap(uow, period)
        batch = _seal(ws, uow, period)
        locked = CompensationPeriod(period.label, period.period, PeriodStatus.LOCKED, batch.batch_id,
                                    reason, name)
        uow.periods.save([locked], action="lock")
    return locked


def reopen_period(ws: Workspace, user: str | None, label: str, reason: str) -> CompensationPeriod:
    """Reopen a locked period with a reason; its sealed credits stay registered."""
    if not reason.strip():
        raise InputError([Problem("a reason is required to reopen a locked period", field="reason",
                                  fix="say why in a sentence, e.g. --reason 'late cancel and rebill'")])
    ws.require_ready()
    with UnitOfWork(ws.engine, user, reason) as uow:
        name = authorise(uow, user, Role.APPROVER, "reopen periods")
        period = _current(uow, label)
        if period.status is not PeriodStatus.LOCKED:
            raise WorkflowError(f"Period {label} is {period.status.value}, not locked, so there is nothing to reopen.")
        reopened = CompensationPeriod(period.label, period.period, PeriodStatus.OPEN, period.credit_batch_id,
                                      reason, name)
        uow.periods.save([reopened], action="reopen")
    return reopened


def list_periods(ws: Workspace, known_at: datetime | None = None) -> list[CompensationPeriod]:
    ws.require_ready()
    return load_periods(ws.engine, known_at)


def find_period(ws: Workspace, label: str, known_at: datetime | None = None) -> CompensationPeriod:
    """Return one period as recorded at `known_at`; raise NotFoundError when it was not defined then."""
    for period in list_periods(ws, known_at):
        if period.label == label.strip().upper():
            return period
    when = f" at {known_at.isoformat()}" if known_at else ""
    raise NotFoundError(f"Period {label} is not defined{when}; define it with `territorial periods define {label}`.")


def sealed_batch(ws: Workspace, period: CompensationPeriod) -> CreditBatch:
    """Return the credit batch of a period's latest lock."""
    if period.credit_batch_id is None:
        raise WorkflowError(f"Period {period.label} was never locked, so it has no sealed credits.")
    return credit_batch(ws.engine, period.credit_batch_id)


def read_batch_credits(batch: CreditBatch) -> list[Credit]:
    """Read a registered credit file, checking that it is the file that was registered."""
    path = Path(batch.path)
    if not path.exists():
        raise StoreError(f"The credit batch {batch.batch_id} is registered but its file {path} is missing; "
                         "restore the file from backup.")
    if hashlib.sha256(path.read_bytes()).hexdigest() != batch.sha256:
        raise StoreError(f"The file {path} of credit batch {batch.batch_id} changed after it was registered; "
                         "credit files are immutable, so restore it from backup.")
    return read_credit_file(path)


def period_credits(ws: Workspace, label: str, known_at: datetime | None = None) -> list[Credit]:
    """Return a period's credits as recorded at `known_at`.

    A locked period returns its sealed credits. An open one returns its credits
    computed at `known_at` plus the restatement adjustments posted to it by then.
    """
    period = find_period(ws, label, known_at)
    if period.status is PeriodStatus.LOCKED:
        return read_batch_credits(sealed_batch(ws, period))
    credits = list(run_attribution(ws, period.reporting, known_at).attribution.credits)
    for batch in credit_batches(ws.engine, period.label, CreditBatchKind.ADJUSTMENT, known_at):
        credits.extend(read_batch_credits(batch))
    return credits


def recompute_locked(ws: Workspace, label: str) -> tuple[list[Credit], list[Credit]]:
    """Return a locked period's sealed credits and the credits recomputed at its lock's recorded time."""
    period = find_period(ws, label)
    if period.status is not PeriodStatus.LOCKED:
        raise WorkflowError(f"Period {label} is {period.status.value}; only a locked period has a basis to rerun.")
    batch = sealed_batch(ws, period)
    rerun = run_attribution(ws, period.reporting, batch.basis_known_at).attribution.credits
    return read_batch_credits(batch), list(rerun)


def _seal(ws: Workspace, uow: UnitOfWork, period: CompensationPeriod) -> CreditBatch:
    """Compute the period's credits at this unit's recorded time and register them as a sealed batch."""
    # Every committed row was recorded before this unit's recorded time, and the unit holds
    # the store clock, so nothing can be recorded between this computation and the lock.
    run = run_attribution(ws, period.reporting, uow.recorded_at)
    credits = run.attribution.credits
    batch_id = f"sealed-{period.label}-{uow.recorded_at:%Y%m%dT%H%M%S%f}"
    path = ws.facts_dir / "credits" / f"{batch_id}.parquet"
    sha256 = write_credit_file(credits, path)
    basis = {
        "fact_batches": [b.batch_id for b in fact_batches(ws.engine, uow.recorded_at)],
        "facts": len(run.facts),
        "unassigned": str(sum((p.amount for p in run.attribution.placements if p.status != "assigned"), ZERO)),
    }
    return uow.credit_batches.register(
        batch_id=batch_id, kind=CreditBatchKind.SEALED, period=period.label, source_period=None,
        path=str(path.resolve()), row_count=len(credits), total=sum((c.amount for c in credits), ZERO),
        sha256=sha256, basis_known_at=uow.recorded_at, basis=basis,
    )


def _check_no_locked_overlap(uow: UnitOfWork, period: CompensationPeriod) -> None:
    for other in load_periods(uow):
        if other.label != period.label and other.status is PeriodStatus.LOCKED and other.period.overlaps(period.period):
            raise WorkflowError(
                f"Period {period.label} {period.period} overlaps locked period {other.label} {other.period}; "
                f"a day's credits are sealed by one lock only. Reopen {other.label} first, or lock "
                "periods that do not overlap."
            )


def _current(uow: UnitOfWork, label: str) -> CompensationPeriod:
    versions = uow.periods.current(label.strip().upper())
    if not versions:
        raise NotFoundError(f"Period {label} is not defined; define it with `territorial periods define {label}`.")
    return versions[0]


def _parse(label: str) -> ReportingPeriod:
    try:
        return parse_reporting_period(label)
    except ValueError as error:
        raise InputError([Problem(str(error), field="period", value=label)]) from None
