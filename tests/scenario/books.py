"""A small book with two territories, one advisor and a settable clock, for scenario tests."""

from __future__ import annotations

from datetime import date

from territorial.domain.period import parse_reporting_period
from territorial.service.runs import run_attribution
from tests.acceptance.clock import Clock, on_clock

TERRITORIES = """
    version: 1
    coverage_models:
      - {code: US_RETAIL, name: US Retail}
    territories:
      - {code: NORTH, name: North}
      - {code: SOUTH, name: South}
    people:
      - {id: PAT, name: Pat}
      - {id: QUINN, name: Quinn}
    teams:
      - {coverage_model: US_RETAIL, territory: NORTH, members: [{person: PAT, role: primary, split: 100}]}
      - {coverage_model: US_RETAIL, territory: SOUTH, members: [{person: QUINN, role: primary, split: 100}]}
    rules:
      - {code: N1, coverage_model: US_RETAIL, territory: NORTH, priority: 10, when: {zone: {equals: north}}}
      - {code: S1, coverage_model: US_RETAIL, territory: SOUTH, priority: 10, when: {zone: {equals: south}}}
"""
TRADE_HEADER = "trade_id,trade_date,account_id,kind,amount\n"


def north_south(book, clock: Clock | None = None):  # type: ignore[no-untyped-def]
    """Load advisor OLA (zone north, open-ended) with account A-OLA, recorded on 1 March 2025."""
    clock = clock or Clock()
    on_clock(book, clock)
    clock.set(date(2025, 3, 1))
    book.load("territories", "territories.yaml", TERRITORIES)
    book.load("contacts", "contacts.csv", "contact_id,name,zone\nOLA,Ola Reyes,north\n")
    book.load("accounts", "accounts.csv", "account_id,name,contact_id\nA-OLA,Ola's client,OLA\n")
    return clock


def load_trade(book, trade_id: str, day: str, amount: str) -> None:  # type: ignore[no-untyped-def]
    book.load("trades", f"{trade_id}.csv", f"{TRADE_HEADER}{trade_id},{day},A-OLA,purchase,{amount}\n")


def credits_by_person(book, period: str, known_at=None) -> dict:  # type: ignore[no-untyped-def]
    run = run_attribution(book.workspace, parse_reporting_period(period), known_at)
    totals: dict = {}
    for credit in run.attribution.credits:
        totals[credit.person_id] = totals.get(credit.person_id, 0) + credit.amount
    return totals
