"""Money as Decimal, and the largest-remainder split of an amount to the cent."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, Decimal, InvalidOperation

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def parse_money(text: object) -> Decimal:
    """Parse an amount with at most two decimals; raise ValueError otherwise.

    Floats are rejected because a binary float cannot carry an exact cent.
    """
    if isinstance(text, float):
        raise ValueError("amounts must be given as text or Decimal, not float")
    try:
        amount = Decimal(str(text).strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError("not a number") from None
    if not amount.is_finite():
        raise ValueError("not a finite number")
    if amount != amount.quantize(CENT):
        raise ValueError("an amount has at most two decimals (cents)")
    return amount.quantize(CENT)


def split_to_cents(amount: Decimal, percentages: Sequence[Decimal]) -> list[Decimal]:
    """Split `amount` by `percentages` (summing to 100) so the parts sum to `amount` exactly.

    Largest remainder: each part is first rounded toward zero to the cent, then the
    cents left over go one each to the parts with the largest dropped fraction. Parts
    with equal fractions are served in the order given, so callers pass members in
    their documented order (role rank, then person id). Negative amounts are split
    as their absolute value and negated, so -250.00 at 60/40 gives -150.00 / -100.00.
    """
    sign = -1 if amount < 0 else 1
    cents = abs(amount) / CENT
    exact = [cents * p / HUNDRED for p in percentages]
    floors = [e.to_integral_value(rounding=ROUND_FLOOR) for e in exact]
    leftover = int(cents - sum(floors))
    by_fraction = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in by_fraction[:leftover]:
        floors[i] += 1
    return [(sign * f * CENT).quantize(CENT) for f in floors]
