"""Money as Decimal, and the largest-remainder split of an amount to the cent."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
_AMOUNT = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def parse_money(text: object) -> Decimal:
    """Parse an amount with at most two decimals; raise ValueError otherwise.

    A comma is accepted only as a thousands separator in groups of three
    (`1,234.50`), so European forms such as `1.000,00` or `1,00` are rejected rather
    than read as another amount. Floats and exponents are rejected because a binary
    float or `1e3` is not how a ledger writes cents.
    """
    if isinstance(text, float):
        raise ValueError("amounts must be given as text or Decimal, not float")
    value = str(text).strip()
    if not _AMOUNT.match(value):
        raise ValueError(
            "not an amount; write digits with a point before the cents, such as 1234.50 or "
            "1,234.50 (a comma only between groups of three digits)"
        )
    amount = Decimal(value.replace(",", ""))
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
    basis_points = [int(p * 100) for p in percentages]
    if any(Decimal(bp) != p * 100 for bp, p in zip(basis_points, percentages)):
        raise ValueError("split percentages have at most two decimals")
    return [Decimal(c).scaleb(-2) for c in split_cents(int(amount * 100), basis_points)]


def split_cents(cents: int, basis_points: Sequence[int]) -> list[int]:
    """Split integer `cents` by shares in basis points (summing to 10,000); see split_to_cents.

    Integer arithmetic keeps the split exact and fast: share i is cents × bp_i / 10,000,
    whose floor and remainder are one divmod.
    """
    sign = -1 if cents < 0 else 1
    whole = abs(cents)
    floors, remainders = [], []
    for bp in basis_points:
        floor, remainder = divmod(whole * bp, 10_000)
        floors.append(floor)
        remainders.append(remainder)
    leftover = whole - sum(floors)
    if leftover:
        by_fraction = sorted(range(len(floors)), key=lambda i: (-remainders[i], i))
        for i in by_fraction[:leftover]:
            floors[i] += 1
    return [sign * f for f in floors]
