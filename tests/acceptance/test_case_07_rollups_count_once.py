from decimal import Decimal

import pytest

from tests.acceptance.runs import credits_by_person, rollup_rows

TERRITORIES = """
    version: 1
    valid_from: 2025-01-01
    coverage_models:
      - {code: US_RETAIL, name: US Retail}
      - {code: ETF_SPEC, name: ETF Specialists}
    territories:
      - {code: US, name: US, level: region}
      - {code: ATLANTIC, name: Atlantic, level: district, parent: US}
      - {code: EAST, name: East, level: territory, parent: ATLANTIC}
    people:
      - {id: CARA, name: Cara}
      - {id: DEV, name: Dev}
      - {id: ELI, name: Eli}
    teams:
      - {coverage_model: US_RETAIL, territory: EAST, members: [{person: CARA, role: primary, split: 50}, {person: DEV, role: primary, split: 50}]}
      - {coverage_model: ETF_SPEC, territory: EAST, members: [{person: ELI, role: overlay, split: 100}]}
    rules:
      - {code: E1, coverage_model: US_RETAIL, territory: EAST, priority: 1, when: {state: {in: [NY]}}}
      - {code: X1, coverage_model: ETF_SPEC, territory: EAST, priority: 1, when: {state: {in: [NY]}}}
"""


@pytest.fixture
def east(book):
    book.load("territories", "territories.yaml", TERRITORIES)
    book.load("organisations", "organisations.csv", "organisation_id,name,state\nB1,Branch,NY\n")
    book.load("contacts", "contacts.csv", "contact_id,name,organisation_id\nC1,Advisor,B1\n")
    book.load("accounts", "accounts.csv", "account_id,name,contact_id\nA1,Client,C1\n")
    book.load("trades", "trades.csv",
              "trade_id,trade_date,account_id,kind,amount,vehicle\nT1,2025-01-15,A1,purchase,10000.00,etf\n")
    return book


def test_credits_honour_each_models_splits(east):
    credits = credits_by_person(east, "2025-01")

    assert credits == {
        ("US_RETAIL", "CARA"): Decimal("5000.00"),
        ("US_RETAIL", "DEV"): Decimal("5000.00"),
        ("ETF_SPEC", "ELI"): Decimal("10000.00"),
    }


def test_hierarchy_counts_the_fact_once_at_every_level(east):
    rows = rollup_rows(east, "2025-01", "hierarchy")

    assert rows[("US_RETAIL", "EAST")].gross_sales == Decimal("10000.00")
    assert rows[("US_RETAIL", "ATLANTIC")].gross_sales == Decimal("10000.00")
    assert rows[("US_RETAIL", "US")].gross_sales == Decimal("10000.00")
    assert rows[("ETF_SPEC", "EAST")].gross_sales == Decimal("10000.00")


def test_each_total_is_labelled_with_its_model_and_never_added_across(east):
    rows = rollup_rows(east, "2025-01", "coverage_model")

    assert set(rows) == {("US_RETAIL", "US_RETAIL"), ("ETF_SPEC", "ETF_SPEC")}
    assert rows[("US_RETAIL", "US_RETAIL")].gross_sales == Decimal("10000.00")
    assert rows[("ETF_SPEC", "ETF_SPEC")].gross_sales == Decimal("10000.00")
