"""Overrides: a person's decision that one target belongs to a territory for a period."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from territorial.domain.period import ValidPeriod
from territorial.errors import WorkflowError


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

    def describe(self) -> str:
        """Name the override for messages, e.g. "override OV-0001 of account A-100 to CENTRAL"."""
        return (f"override {self.id} of {self.target.value} {self.target_id} to {self.territory} "
                f"in {self.coverage_model}")

    def approve(self, approver: str) -> Override:
        """Return the override approved by `approver`; raise WorkflowError unless that is allowed."""
        self.check_decider(approver, "approve")
        return replace(self, status=OverrideStatus.APPROVED, decided_by=approver)

    def reject(self, approver: str) -> Override:
        """Return the override rejected by `approver`; raise WorkflowError unless that is allowed."""
        self.check_decider(approver, "reject")
        return replace(self, status=OverrideStatus.REJECTED, decided_by=approver)

    def reverse(self, reversed_from: date) -> Override:
        """Return the override with its effect ended from `reversed_from`; only an approved one can be reversed."""
        if self.status is OverrideStatus.REVERSED:
            raise WorkflowError(
                f"The {self.describe()} is already reversed from {self.reversed_from}; "
                "a reversal cannot be reversed again. Request a new override instead."
            )
        if self.status is not OverrideStatus.APPROVED:
            raise WorkflowError(
                f"The {self.describe()} is {self.status.value}, so there is nothing to reverse; "
                "only approved overrides can be reversed, and a pending request is rejected instead."
            )
        if reversed_from < self.period.valid_from or not self._before_end(reversed_from):
            raise WorkflowError(
                f"Cannot reverse the {self.describe()} from {reversed_from.isoformat()}: it is valid "
                f"{self.period}. Give a date inside that period."
            )
        return replace(self, status=OverrideStatus.REVERSED, reversed_from=reversed_from)

    def check_decider(self, approver: str, verb: str) -> None:
        """Raise WorkflowError unless the override is requested and `approver` is not its requester."""
        if self.status is not OverrideStatus.REQUESTED:
            raise WorkflowError(
                f"Cannot {verb} the {self.describe()}: it is already {self.status.value}"
                f"{f' by {self.decided_by}' if self.decided_by else ''}. Only requested overrides are decided."
            )
        if approver == self.requested_by:
            raise WorkflowError(
                f"{approver} requested the {self.describe()} and so cannot {verb} it; "
                "another approver must decide."
            )

    def _before_end(self, day: date) -> bool:
        return self.period.valid_to is None or day < self.period.valid_to

    def applies_on(self, day: date) -> bool:
        if self.status not in (OverrideStatus.APPROVED, OverrideStatus.REVERSED):
            return False
        if self.reversed_from is not None and day >= self.reversed_from:
            return False
        return self.period.contains(day)
