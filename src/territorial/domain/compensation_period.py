"""Compensation periods: months or quarters that finance can lock once credits are paid."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from territorial.domain.period import ReportingPeriod, ValidPeriod


class PeriodStatus(StrEnum):
    OPEN = "open"
    LOCKED = "locked"


@dataclass(frozen=True)
class CompensationPeriod:
    """A period in its current state; `credit_batch_id` names the sealed credits of its latest lock.

    The valid period is the period's own date range, `[start, end)`.
    """

    label: str
    period: ValidPeriod
    status: PeriodStatus = PeriodStatus.OPEN
    credit_batch_id: str | None = None
    reason: str = ""
    changed_by: str = ""

    @property
    def reporting(self) -> ReportingPeriod:
        assert self.period.valid_to is not None
        return ReportingPeriod(self.label, self.period.valid_from, self.period.valid_to)
