from decimal import Decimal

from tests.acceptance.runs import person_rows, rollup_rows

TERRITORIES = """
    version: 1
    coverage_models:
      - {code: US_RETAIL, name: US Retail}
    territories:
      - {code: GULF, name: Gulf}
    people:
      - {id: LENA, name: Lena}
    teams:
      - {coverage_model: US_RETAIL, territory: GULF, members: [{person: LENA, role: primary, split: 100}]}
    rules:
      - {code: G, coverage_model: US_RETAIL, territory: GULF, priority: 1, when: {state: {in: [TX]}}}
"""
JANUARY = """
    trade_id,trade_date,account_id,kind,amount
    T1,2025-01-10,A1,purchase,1000.00
    T2,2025-01-20,A1,redemption,200.00
"""
FEBRUARY = """
    trade_id,trade_date,account_id,kind,amount
    T3,2025-02-05,A1,redemption,300.00
"""


def gulf(book):
    book.load("territories", "territories.yaml", TERRITORIES)
    book.load("organisations", "organisations.csv", "organisation_id,name,state\nB1,Branch,TX\n")
    book.load("accounts", "accounts.csv", "account_id,name,organisation_id\nA1,Client,B1\n")
    book.load("trades", "january.csv", JANUARY)
    book.load("trades", "february.csv", FEBRUARY)
    return book


def test_january_shows_gross_redemptions_and_net(book):
    gulf(book)

    january = rollup_rows(book, "2025-01", "territory")[("US_RETAIL", "GULF")]
    lena = person_rows(book, "2025-01")[("US_RETAIL", "LENA")]

    assert january.gross_sales == Decimal("1000.00")
    assert january.redemptions == Decimal("200.00")
    assert january.net_flows == Decimal("800.00")
    assert lena.net_flows == Decimal("800.00")
    assert lena.gross_sales == Decimal("1000.00")


def test_february_redemption_lands_in_february_only(book):
    gulf(book)

    february = rollup_rows(book, "2025-02", "territory")[("US_RETAIL", "GULF")]
    january = rollup_rows(book, "2025-01", "territory")[("US_RETAIL", "GULF")]

    assert february.redemptions == Decimal("300.00")
    assert february.net_flows == Decimal("-300.00")
    assert february.gross_sales == Decimal("0.00")
    assert january.net_flows == Decimal("800.00")


def test_redemptions_are_stored_negative_in_credits(book):
    gulf(book)

    lena = person_rows(book, "2025-02")[("US_RETAIL", "LENA")]

    assert lena.net_flows == Decimal("-300.00")
    assert lena.redemptions == Decimal("300.00")
