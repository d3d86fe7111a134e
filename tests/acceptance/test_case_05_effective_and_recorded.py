"""When it happened versus when we learned it: an advisor's move recorded ten days late."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest

from territorial.domain.period import parse_reporting_period
from territorial.service.restatement import restate_between
from territorial.service.runs import run_attribution
from tests.acceptance.clock import Clock, on_clock, start_of
from tests.scenario.books import TERRITORIES

KNOWN_ON_JULY_8 = start_of(date(2025, 7, 8))
TOTALS = {"T1": Decimal("10000.00"), "T2": Decimal("4000.00"), "T3": Decimal("6000.00")}


@pytest.fixture
def ola(book):
    """Ola Reyes in North from the start; the move to South from 1 July is recorded on 10 July.

    Each trade is recorded the day after it happens.
    """
    clock = Clock()
    on_clock(book, clock)
    clock.set(date(2025, 4, 1))
    book.load("territories", "territories.yaml", TERRITORIES)
    book.load("contacts", "contacts.csv", "contact_id,name,zone\nOLA,Ola Reyes,north\n")
    book.load("accounts", "accounts.csv", "account_id,name,contact_id\nA-OLA,Ola's client,OLA\n")
    clock.set(date(2025, 5, 16))
    book.load("trades", "t1.csv", "trade_id,trade_date,account_id,kind,amount\nT1,2025-05-15,A-OLA,purchase,10000.00\n")
    clock.set(date(2025, 7, 6))
    book.load("trades", "t2.csv", "trade_id,trade_date,account_id,kind,amount\nT2,2025-07-05,A-OLA,purchase,4000.00\n")
    clock.set(date(2025, 7, 10))
    book.load("contacts", "move.csv", """
        contact_id,name,zone,valid_from,valid_to
        OLA,Ola Reyes,north,,2025-07-01
        OLA,Ola Reyes,south,2025-07-01,
    """)
    clock.set(date(2025, 8, 2))
    book.load("trades", "t3.csv", "trade_id,trade_date,account_id,kind,amount\nT3,2025-08-01,A-OLA,purchase,6000.00\n")
    return book


def credits(book, period, known_at=None):
    """Sum credits by (territory, person) for a period as known at `known_at`."""
    run = run_attribution(book.workspace, parse_reporting_period(period), known_at)
    totals = defaultdict(lambda: Decimal("0.00"))
    for credit in run.attribution.credits:
        totals[(credit.territory, credit.person_id)] += credit.amount
    return dict(totals)


def territory_of_trade(book, trade_id, known_at=None):
    run = run_attribution(book.workspace, None, known_at)
    return next(p.territory for p in run.attribution.placements if p.fact_id == trade_id)


def test_as_known_now_q2_is_north_and_q3_south(ola):
    assert credits(ola, "2025-Q2") == {("NORTH", "PAT"): Decimal("10000.00")}
    assert credits(ola, "2025-Q3") == {("SOUTH", "QUINN"): Decimal("10000.00")}


def test_as_known_on_july_8_t2_is_north(ola):
    assert territory_of_trade(ola, "T2", KNOWN_ON_JULY_8) == "NORTH"
    assert credits(ola, "2025-Q3", KNOWN_ON_JULY_8) == {("NORTH", "PAT"): Decimal("4000.00")}


def test_restatement_of_q3_moves_t2_from_pat_to_quinn(ola):
    restatement = restate_between(ola.workspace, parse_reporting_period("2025-Q3"), KNOWN_ON_JULY_8)

    t2 = {(d.territory, d.person_id): d for d in restatement.by_fact()["T2"]}
    assert t2[("NORTH", "PAT")].change == Decimal("-4000.00")
    assert t2[("SOUTH", "QUINN")].change == Decimal("4000.00")
    assert "NORTH by account_attributes N1 → SOUTH by account_attributes S1" in t2[("NORTH", "PAT")].cause
    assert "contact OLA change recorded 2025-07-10" in t2[("SOUTH", "QUINN")].cause


def test_restatement_shows_t3_as_recorded_later(ola):
    restatement = restate_between(ola.workspace, parse_reporting_period("2025-Q3"), KNOWN_ON_JULY_8)

    [t3] = restatement.by_fact()["T3"]
    assert (t3.territory, t3.person_id, t3.change) == ("SOUTH", "QUINN", Decimal("6000.00"))
    assert "fact T3 recorded after" in t3.cause
    assert restatement.by_person() == {("US_RETAIL", "PAT"): Decimal("-4000.00"),
                                       ("US_RETAIL", "QUINN"): Decimal("10000.00")}


@pytest.mark.parametrize("day", [date(2025, 5, 17), date(2025, 7, 8), date(2025, 7, 11), date(2025, 8, 3)])
def test_t1_never_moves_whatever_the_known_at(ola, day):
    assert territory_of_trade(ola, "T1", start_of(day)) == "NORTH"


@pytest.mark.parametrize("day", [date(2025, 5, 17), date(2025, 7, 8), date(2025, 7, 11), date(2025, 8, 3)])
def test_credits_sum_to_the_trades_known_then(ola, day):
    known_at = start_of(day)
    run = run_attribution(ola.workspace, None, known_at)

    known_total = sum((TOTALS[f.id] for f in run.facts), Decimal("0.00"))
    assert sum((c.amount for c in run.attribution.credits), Decimal("0.00")) == known_total
