"""Plan shows who moves and how much money moves before anything is recorded; apply records it."""

from datetime import date
from decimal import Decimal

import pytest

from territorial.domain.period import parse_reporting_period
from territorial.errors import InputError
from territorial.service.audit import audit_trail
from territorial.service.plan import apply_file, plan_file
from territorial.store import load_master_data
from tests.scenario.books import TERRITORIES, load_trade, north_south

# The realignment gives the North zone to South's team.
REALIGNED = TERRITORIES.replace("territory: NORTH, priority: 10, when: {zone: {equals: north}}",
                                "territory: SOUTH, priority: 10, when: {zone: {equals: north}}")
Q1 = parse_reporting_period("2025-Q1")


def planned(book):
    clock = north_south(book)
    clock.set(date(2025, 3, 11))
    load_trade(book, "T1", "2025-03-10", "1000.00")
    return book.write("realigned.yaml", REALIGNED)


def test_plan_lists_entities_that_move(book):
    path = planned(book)

    plan = plan_file(book.workspace, path, Q1, date(2025, 3, 15))

    moves = {(m.entity_kind, m.entity_id): (m.before, m.after) for m in plan.moves}
    assert moves == {("contact", "OLA"): ("NORTH", "SOUTH"), ("account", "A-OLA"): ("NORTH", "SOUTH")}


def test_plan_shows_money_per_territory_and_person(book):
    path = planned(book)

    plan = plan_file(book.workspace, path, Q1, date(2025, 3, 15))

    territories = {t.key: t for t in plan.territories}
    assert territories["NORTH"].credits_change == Decimal("-1000.00")
    assert territories["NORTH"].net_flows_after == Decimal("0.00")
    assert territories["SOUTH"].net_flows_after == Decimal("1000.00")
    assert {p.key: p.credits_change for p in plan.people} == {"PAT": Decimal("-1000.00"),
                                                              "QUINN": Decimal("1000.00")}


def test_plan_names_the_changed_rule(book):
    path = planned(book)

    plan = plan_file(book.workspace, path, Q1, date(2025, 3, 15))

    assert [(c.entity_kind, c.entity_id, c.action) for c in plan.changes] == [("attribute_rule", "N1", "change")]


def test_plan_records_nothing(book):
    path = planned(book)
    trail_before = audit_trail(book.workspace)

    plan_file(book.workspace, path, Q1, date(2025, 3, 15))

    assert audit_trail(book.workspace) == trail_before
    assert load_master_data(book.workspace.engine).rules["US_RETAIL"][0].territory == "NORTH"


def test_apply_without_reason_is_refused(book):
    path = planned(book)

    with pytest.raises(InputError) as raised:
        apply_file(book.workspace, path, None, "")

    assert "reason is required" in str(raised.value)
    assert load_master_data(book.workspace.engine).rules["US_RETAIL"][0].territory == "NORTH"


def test_apply_records_the_file_with_its_reason(book):
    path = planned(book)

    apply_file(book.workspace, path, None, "give the North zone to Quinn")

    [entry] = audit_trail(book.workspace, entity_kind="attribute_rule", entity_id="N1", territory="SOUTH")
    assert entry.reason == "give the North zone to Quinn"
    assert entry.before[0]["territory"] == "NORTH"
