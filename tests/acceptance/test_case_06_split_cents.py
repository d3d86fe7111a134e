from decimal import Decimal

import pytest

from territorial.errors import InputError
from tests.acceptance.runs import credits_by_person

HEADER = """
    version: 1
    valid_from: 2025-01-01
    coverage_models:
      - {code: US_RETAIL, name: US Retail}
    territories:
      - {code: GULF, name: Gulf}
    people:
      - {id: P1, name: One}
      - {id: P2, name: Two}
      - {id: P3, name: Three}
      - {id: P4, name: Four}
    rules:
      - {code: ALL, coverage_model: US_RETAIL, territory: GULF, priority: 1, when: {country: {equals: US}}}
    teams:
      - coverage_model: US_RETAIL
        territory: GULF
        members:
"""


def team_yaml(*splits: str) -> str:
    members = "\n".join(
        f"          - {{person: P{i}, role: primary, split: {s}}}" for i, s in enumerate(splits, start=1)
    )
    return HEADER + members + "\n"


@pytest.mark.parametrize(
    "splits",
    [("10.00", "58.02", "31.98"), ("31.98", "10.00", "58.02"),
     ("72.68", "10.93", "2.73", "13.66"), ("13.66", "2.73", "10.93", "72.68")],
)
def test_splits_totalling_exactly_100_are_accepted_in_any_order(book, splits):
    book.load("territories", "territories.yaml", team_yaml(*splits))


@pytest.mark.parametrize(
    ("splits", "expected"),
    [(("33.33", "33.33", "33.33"), "99.99"), (("50.00", "50.01"), "100.01"),
     (("110.00", "-10.00"), "negative"), (("33.333", "33.333", "33.334"), "two decimals")],
)
def test_bad_splits_are_refused_naming_team_date_and_total(book, splits, expected):
    with pytest.raises(InputError) as failure:
        book.load("territories", "territories.yaml", team_yaml(*splits))

    message = str(failure.value)
    assert "GULF" in message
    assert "2025-01-01" in message
    assert expected in message


@pytest.mark.parametrize(
    ("kind", "amount", "splits", "expected"),
    [
        ("purchase", "1000.00", ("33.33", "33.33", "33.34"), ("333.30", "333.30", "333.40")),
        ("purchase", "100.01", ("33.33", "33.33", "33.34"), ("33.33", "33.33", "33.35")),
        ("purchase", "0.01", ("50", "50"), ("0.01", "0.00")),
        ("redemption", "250.00", ("60", "40"), ("-150.00", "-100.00")),
    ],
)
def test_credits_follow_the_largest_remainder_rule(book, kind, amount, splits, expected):
    book.load("territories", "territories.yaml", team_yaml(*splits))
    book.load("organisations", "organisations.csv", "organisation_id,name,country\nF1,Firm,US\n")
    book.load("accounts", "accounts.csv", "account_id,name,organisation_id\nA1,Client,F1\n")
    book.load("trades", "trades.csv", f"trade_id,trade_date,account_id,kind,amount\nT1,2025-01-10,A1,{kind},{amount}\n")

    credits = credits_by_person(book, "2025-01")

    got = tuple(credits.get(("US_RETAIL", f"P{i}"), Decimal("0.00")) for i in range(1, len(splits) + 1))
    assert got == tuple(Decimal(e) for e in expected)


def test_minus_five_cents_credits_sum_to_minus_five_cents(book):
    book.load("territories", "territories.yaml", team_yaml("33.33", "33.33", "33.34"))
    book.load("organisations", "organisations.csv", "organisation_id,name,country\nF1,Firm,US\n")
    book.load("accounts", "accounts.csv", "account_id,name,organisation_id\nA1,Client,F1\n")
    book.load("trades", "trades.csv", "trade_id,trade_date,account_id,kind,amount\nT1,2025-01-10,A1,redemption,0.05\n")

    credits = credits_by_person(book, "2025-01")

    assert sum(credits.values()) == Decimal("-0.05")
