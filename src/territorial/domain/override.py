"""Overrides: a person's decision that one target belongs to a territory for a period."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from territorial.domain.period import ValidPeriod


class OverrideTarget(StrEnum):
    TRADE = "trade"
    ACCOUNT = "account"
    CONTACT = "contact"
    ORGANISATION = "organisation"


class OverrideStatus(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    REVERSED = "reversed"


@dataclass(frozen=True)
class Override:
    """An override in its current state; only approved overrides take effect.

    A reversal keeps the override and ends its effect from `reversed_from`.
    """

    id: str
    target: OverrideTarget
    target_id: str
    coverage_model: str
    territory: str
    reason: str
    requested_by: str
    status: OverrideStatus = OverrideStatus.REQUESTED
    period: ValidPeriod = field(default_factory=ValidPeriod)
    decided_by: str | None = None
    reversed_from: date | None = None

    def applies_on(self, day: date) -> bool:
        if self.status not in (OverrideStatus.APPROVED, OverrideStatus.REVERSED):
            return False
        if self.reversed_from is not None and day >= self.reversed_from:
            return False
        return self.period.contains(day)
