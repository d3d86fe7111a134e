"""Facts: trades and flows that move money, and AUM positions at dates.

Sign convention, the same in every output: a fact's `amount` is signed by the
direction of money. Purchases, exchanges in and transfers in are positive;
redemptions, exchanges out and transfers out are negative. Feeds give the
amount as reported (a redemption of 200.00 is written 200.00) and the loader
applies the sign of the kind; a cancellation is a new fact with the opposite
amount. AUM positions are positive market values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum


class FactKind(StrEnum):
    PURCHASE = "purchase"
    REDEMPTION = "redemption"
    EXCHANGE_IN = "exchange_in"
    EXCHANGE_OUT = "exchange_out"
    TRANSFER_IN = "transfer_in"
    TRANSFER_OUT = "transfer_out"
    AUM = "aum"

    @property
    def is_flow(self) -> bool:
        return self is not FactKind.AUM

    @property
    def direction(self) -> int:
        """+1 for money in (and AUM), -1 for money out."""
        return -1 if self in _OUTFLOWS else 1


_OUTFLOWS = frozenset({FactKind.REDEMPTION, FactKind.EXCHANGE_OUT, FactKind.TRANSFER_OUT})


@dataclass(frozen=True)
class Fact:
    """One trade, flow or position under an account; `contact_id` is the advisor on it, if known."""

    id: str
    kind: FactKind
    date: date
    account_id: str
    amount: Decimal
    contact_id: str | None = None
    attributes: dict[str, str | None] = field(default_factory=dict)
