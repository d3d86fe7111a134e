"""Locked periods keep what was paid; late facts and moves reach them only as restatement adjustments."""

from datetime import date
from decimal import Decimal

import pytest

from territorial.domain.compensation_period import PeriodStatus
from territorial.errors import InputError, WorkflowError
from territorial.service.audit import audit_trail
from territorial.service.periods import (
    define_period,
    find_period,
    lock_period,
    period_credits,
    recompute_locked,
    reopen_period,
)
from territorial.service.restatement import post_adjustments, restate_locked
from tests.acceptance.clock import start_of
from tests.scenario.books import credits_by_person, load_trade, north_south

MOVE_SOUTH_FROM_MARCH = """
    contact_id,name,zone,valid_from
    OLA,Ola Reyes,south,2025-03-01
"""


def locked_march(book):
    """March holds T1 (1,000.00, North), is defined on 31 March and locked on 2 April; April is open."""
    clock = north_south(book)
    clock.set(date(2025, 3, 11))
    load_trade(book, "T1", "2025-03-10", "1000.00")
    clock.set(date(2025, 3, 31))
    define_period(book.workspace, None, "2025-03")
    define_period(book.workspace, None, "2025-04")
    clock.set(date(2025, 4, 2))
    lock_period(book.workspace, None, "2025-03", "March commissions paid")
    return clock


def totals(credits):
    found = {}
    for credit in credits:
        found[(credit.territory, credit.person_id)] = found.get((credit.territory, credit.person_id), 0) + credit.amount
    return found


def test_report_rerun_at_an_old_known_at_leaves_out_late_trades(book):
    clock = north_south(book)
    clock.set(date(2025, 3, 11))
    load_trade(book, "T1", "2025-03-10", "1000.00")
    clock.set(date(2025, 4, 20))

    load_trade(book, "T2", "2025-03-28", "500.00")

    assert credits_by_person(book, "2025-03", start_of(date(2025, 4, 1))) == {"PAT": Decimal("1000.00")}
    assert credits_by_person(book, "2025-03") == {"PAT": Decimal("1500.00")}


def test_locked_credits_do_not_change_after_a_late_trade(book):
    clock = locked_march(book)
    clock.set(date(2025, 4, 20))

    load_trade(book, "T2", "2025-03-28", "500.00")

    assert totals(period_credits(book.workspace, "2025-03")) == {("NORTH", "PAT"): Decimal("1000.00")}


def test_rerunning_a_locked_period_reproduces_it_to_the_cent(book):
    clock = locked_march(book)
    clock.set(date(2025, 4, 20))
    load_trade(book, "T2", "2025-03-28", "500.00")
    book.load("contacts", "south.csv", MOVE_SOUTH_FROM_MARCH)

    sealed, rerun = recompute_locked(book.workspace, "2025-03")

    assert sorted(sealed, key=repr) == sorted(rerun, key=repr)
    assert sum(c.amount for c in sealed) == Decimal("1000.00")


def test_restatement_names_late_trade_and_move(book):
    clock = locked_march(book)
    clock.set(date(2025, 4, 20))
    load_trade(book, "T2", "2025-03-28", "500.00")
    clock.set(date(2025, 4, 21))
    book.load("contacts", "south.csv", MOVE_SOUTH_FROM_MARCH)

    restatement = restate_locked(book.workspace, "2025-03")

    assert restatement.by_person() == {("US_RETAIL", "PAT"): Decimal("-1000.00"),
                                       ("US_RETAIL", "QUINN"): Decimal("1500.00")}
    t1 = {d.person_id: d for d in restatement.by_fact()["T1"]}
    assert "contact OLA change recorded 2025-04-21" in t1["QUINN"].cause
    [t2] = restatement.by_fact()["T2"]
    assert "fact T2 recorded after" in t2.cause


def test_adjustments_post_to_the_next_open_period(book):
    clock = locked_march(book)
    clock.set(date(2025, 4, 20))
    load_trade(book, "T2", "2025-03-28", "500.00")

    batch = post_adjustments(book.workspace, None, "2025-03", "late trade")

    assert batch is not None
    assert batch.period == "2025-04"
    assert totals(period_credits(book.workspace, "2025-04")) == {("NORTH", "PAT"): Decimal("500.00")}
    assert totals(period_credits(book.workspace, "2025-03")) == {("NORTH", "PAT"): Decimal("1000.00")}


def test_posted_adjustments_are_not_posted_twice(book):
    clock = locked_march(book)
    clock.set(date(2025, 4, 20))
    load_trade(book, "T2", "2025-03-28", "500.00")
    post_adjustments(book.workspace, None, "2025-03", "late trade")

    again = post_adjustments(book.workspace, None, "2025-03", "late trade")

    assert again is None
    assert restate_locked(book.workspace, "2025-03").differences == []


def test_reopen_needs_a_reason(book):
    locked_march(book)

    with pytest.raises(InputError) as raised:
        reopen_period(book.workspace, None, "2025-03", " ")

    assert "reason is required" in str(raised.value)


def test_reopen_is_audited_and_follows_latest_knowledge(book):
    clock = locked_march(book)
    clock.set(date(2025, 4, 20))
    load_trade(book, "T2", "2025-03-28", "500.00")

    reopened = reopen_period(book.workspace, None, "2025-03", "late cancel and rebill")

    assert reopened.status is PeriodStatus.OPEN
    trail = audit_trail(book.workspace, entity_kind="compensation_period", entity_id="2025-03")
    assert [e.action for e in trail] == ["define", "lock", "reopen"]
    assert trail[-1].reason == "late cancel and rebill"
    assert totals(period_credits(book.workspace, "2025-03")) == {("NORTH", "PAT"): Decimal("1500.00")}


def test_locking_an_overlapping_period_is_refused(book):
    locked_march(book)
    define_period(book.workspace, None, "2025-Q1")

    with pytest.raises(WorkflowError) as raised:
        lock_period(book.workspace, None, "2025-Q1")

    assert "overlaps locked period 2025-03" in str(raised.value)


def test_locking_a_locked_period_is_refused(book):
    locked_march(book)

    with pytest.raises(WorkflowError) as raised:
        lock_period(book.workspace, None, "2025-03")

    assert "already locked" in str(raised.value)


def test_old_known_at_shows_the_period_still_open(book):
    clock = locked_march(book)
    clock.set(date(2025, 4, 20))
    load_trade(book, "T2", "2025-03-28", "500.00")

    before_lock = find_period(book.workspace, "2025-03", start_of(date(2025, 4, 2)))
    now = find_period(book.workspace, "2025-03")

    assert before_lock.status is PeriodStatus.OPEN
    assert now.status is PeriodStatus.LOCKED
