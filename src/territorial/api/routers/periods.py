"""Compensation periods: define, lock and reopen them, and restate a locked period into the next open one."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from fastapi import APIRouter, Request, status
from pydantic import BaseModel, Field

from territorial.api.auth import Approver, Editor, Viewer, workspace
from territorial.api.coordinates import KnownAt, aware
from territorial.api.errors import ERROR_RESPONSES
from territorial.api.schemas import Strict
from territorial.domain.compensation_period import CompensationPeriod
from territorial.service.periods import define_period, find_period, list_periods, lock_period, reopen_period
from territorial.service.restatement import CreditDifference, post_adjustments, restate_locked

router = APIRouter(prefix="/periods", tags=["periods"], responses=ERROR_RESPONSES)


class PeriodIn(Strict):
    label: str = Field(min_length=1, description="A month (2025-01) or a quarter (2025-Q1).")


class ReasonIn(Strict):
    reason: str = ""


class PeriodOut(BaseModel):
    label: str
    start: date
    end: date | None
    status: str
    credit_batch_id: str | None
    reason: str
    changed_by: str

    @classmethod
    def of(cls, period: CompensationPeriod) -> PeriodOut:
        return cls(label=period.label, start=period.period.valid_from, end=period.period.valid_to,
                   status=period.status.value, credit_batch_id=period.credit_batch_id, reason=period.reason,
                   changed_by=period.changed_by)


class DifferenceOut(BaseModel):
    fact_id: str
    coverage_model: str
    territory: str
    person_id: str
    before: Decimal
    after: Decimal
    change: Decimal
    cause: str

    @classmethod
    def of(cls, difference: CreditDifference) -> DifferenceOut:
        return cls(fact_id=difference.fact_id, coverage_model=difference.coverage_model,
                   territory=difference.territory, person_id=difference.person_id, before=difference.before,
                   after=difference.after, change=difference.change, cause=difference.cause)


class RestatementOut(BaseModel):
    """What changed in a locked period's credits since it was locked, not yet posted as adjustments."""

    label: str
    locked_at: datetime
    differences: list[DifferenceOut]


@router.get("", response_model=list[PeriodOut])
def list_all(_: Viewer, request: Request, known_at: KnownAt = None) -> list[PeriodOut]:
    """List the compensation periods by start date, as recorded at `known_at`."""
    return [PeriodOut.of(p) for p in list_periods(workspace(request), aware(known_at))]


@router.post("", response_model=PeriodOut, status_code=status.HTTP_201_CREATED)
def define(body: PeriodIn, user: Editor, request: Request) -> PeriodOut:
    """Define an open compensation period."""
    return PeriodOut.of(define_period(workspace(request), user.name, body.label))


@router.get("/{label}", response_model=PeriodOut)
def get_one(label: str, _: Viewer, request: Request, known_at: KnownAt = None) -> PeriodOut:
    return PeriodOut.of(find_period(workspace(request), label, aware(known_at)))


@router.post("/{label}/lock", response_model=PeriodOut)
def lock(label: str, body: ReasonIn, user: Approver, request: Request) -> PeriodOut:
    """Lock a period: its credits are sealed as computed now, and later changes become restatements."""
    return PeriodOut.of(lock_period(workspace(request), user.name, label, body.reason))


@router.post("/{label}/reopen", response_model=PeriodOut)
def reopen(label: str, body: ReasonIn, user: Approver, request: Request) -> PeriodOut:
    """Reopen a locked period with a reason; it follows the latest knowledge again."""
    return PeriodOut.of(reopen_period(workspace(request), user.name, label, body.reason))


@router.get("/{label}/restatement", response_model=RestatementOut)
def restatement(label: str, _: Viewer, request: Request) -> RestatementOut:
    """Compare a locked period's sealed credits, with adjustments already posted, to its credits now."""
    found = restate_locked(workspace(request), label)
    return RestatementOut(label=label, locked_at=found.before_known_at,
                          differences=[DifferenceOut.of(d) for d in found.differences])


@router.post("/{label}/restatement/post", response_model=PeriodOut | None)
def post(label: str, body: ReasonIn, user: Approver, request: Request) -> PeriodOut | None:
    """Post a locked period's outstanding differences as adjustments in the next open period."""
    batch = post_adjustments(workspace(request), user.name, label, body.reason)
    return PeriodOut.of(find_period(workspace(request), batch.period)) if batch else None
