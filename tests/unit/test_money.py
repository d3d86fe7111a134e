from decimal import Decimal

import pytest

from territorial.domain.money import parse_money, split_to_cents


def d(*values: str) -> list[Decimal]:
    return [Decimal(v) for v in values]


@pytest.mark.parametrize(
    ("amount", "splits", "expected"),
    [
        ("1000.00", ("33.33", "33.33", "33.34"), ("333.30", "333.30", "333.40")),
        ("100.01", ("33.33", "33.33", "33.34"), ("33.33", "33.33", "33.35")),
        ("0.01", ("50", "50"), ("0.01", "0.00")),
        ("-250.00", ("60", "40"), ("-150.00", "-100.00")),
    ],
)
def test_split_matches_the_published_cents(amount, splits, expected):
    parts = split_to_cents(Decimal(amount), d(*splits))

    assert parts == d(*expected)


def test_split_of_minus_five_cents_sums_exactly():
    parts = split_to_cents(Decimal("-0.05"), d("33.33", "33.33", "33.34"))

    assert sum(parts) == Decimal("-0.05")
    assert all(p <= 0 for p in parts)


def test_tied_last_cent_goes_to_the_first_member_in_order():
    parts = split_to_cents(Decimal("0.01"), d("50", "50"))

    assert parts[0] == Decimal("0.01")
    assert parts[1] == Decimal("0.00")


def test_parse_money_rejects_floats_and_fractions_of_cents():
    with pytest.raises(ValueError, match="float"):
        parse_money(1.5)
    with pytest.raises(ValueError, match="two decimals"):
        parse_money("1.005")
    assert parse_money("1,234.50") == Decimal("1234.50")
