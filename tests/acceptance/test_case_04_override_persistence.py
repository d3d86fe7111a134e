"""An override outlives rule runs, and reversing it hands the account back to the rules."""

from datetime import date
from decimal import Decimal

import pytest

from territorial.domain.entity import EntityKind
from territorial.domain.override import OverrideStatus, OverrideTarget
from territorial.domain.user import Role
from territorial.errors import WorkflowError
from territorial.service.assignment import assign_all
from territorial.service.explain import explain_entity
from territorial.service.loading import FeedKind, load_file
from territorial.service.overrides import (
    OverrideRequest,
    approve_override,
    override_history,
    request_override,
    reverse_override,
)
from territorial.service.users import add_user
from territorial.store import load_master_data
from tests.acceptance.runs import credits_by_person, resolve

TERRITORIES = """
    version: 1
    coverage_models:
      - {code: US_RETAIL, name: US Retail}
    territories:
      - {code: WEST, name: West}
      - {code: CENTRAL, name: Central}
      - {code: EAST, name: East}
    people:
      - {id: WES, name: Wes}
      - {id: CAL, name: Cal}
      - {id: EVE, name: Eve}
    teams:
      - {coverage_model: US_RETAIL, territory: WEST, members: [{person: WES, role: primary, split: 100}]}
      - {coverage_model: US_RETAIL, territory: CENTRAL, members: [{person: CAL, role: primary, split: 100}]}
      - {coverage_model: US_RETAIL, territory: EAST, members: [{person: EVE, role: primary, split: 100}]}
    rules:
      - {code: W1, coverage_model: US_RETAIL, territory: WEST, priority: 10, when: {zip: {prefix: ["9"]}}}
      - {code: E1, coverage_model: US_RETAIL, territory: EAST, priority: 10, when: {zip: {prefix: ["1"]}}}
"""
ACCOUNT = "A-100"
MARCH_1, MARCH_15, MARCH_20, MARCH_31, APRIL_1 = (
    date(2025, 3, 1), date(2025, 3, 15), date(2025, 3, 20), date(2025, 3, 31), date(2025, 4, 1))


def maple_trust(book):
    """Load the book with A-100 in West by rule, and users Jo (editor) and Kim (approver)."""
    book.load("territories", "territories.yaml", TERRITORIES)
    book.load("accounts", "accounts.csv", """
        account_id,name,zip,phone
        A-100,Maple Trust,94105,555-0100
    """)
    add_user(book.workspace, "ada", Role.ADMIN)
    add_user(book.workspace, "jo", Role.EDITOR, acting_user="ada")
    add_user(book.workspace, "kim", Role.APPROVER, acting_user="ada")
    return book


def request_central(book):
    return request_override(book.workspace, "jo", OverrideRequest(
        OverrideTarget.ACCOUNT, ACCOUNT, "US_RETAIL", "CENTRAL", MARCH_1, None,
        "relationship moved with the advisor"))


def approved_override(book):
    override = request_central(book)
    approve_override(book.workspace, "kim", override.id, "agreed with the regional head")
    return override.id


def load_as(book, user, kind, name, text):
    """Load a file as a named user; once a store has users, every load names one."""
    load_file(book.workspace, FeedKind(kind), book.write(name, text), user=user)


def move_phone_then_address(book):
    """Step 2 changes the phone from 15 March; step 3 moves the address to an East ZIP from 20 March."""
    load_as(book, "jo", "accounts", "phone.csv", """
        account_id,name,zip,phone,valid_from
        A-100,Maple Trust,94105,555-0199,2025-03-15
    """)
    load_as(book, "jo", "accounts", "address.csv", """
        account_id,name,zip,phone,valid_from
        A-100,Maple Trust,10017,555-0199,2025-03-20
    """)


def territory_of_account(book, day):
    return resolve(book, "US_RETAIL", EntityKind.ACCOUNT, ACCOUNT, day).territory


def assigned_territory(book, day):
    run = assign_all(load_master_data(book.workspace.engine), day)
    return next(a.territory for a in run.assignments if a.entity_id == ACCOUNT)


def test_account_starts_in_west_by_rule(book):
    maple_trust(book)

    assert territory_of_account(book, MARCH_1) == "WEST"


def test_approved_override_puts_account_in_central(book):
    maple_trust(book)

    override_id = approved_override(book)

    assert territory_of_account(book, MARCH_1) == "CENTRAL"
    assert resolve(book, "US_RETAIL", EntityKind.ACCOUNT, ACCOUNT, MARCH_1).source == override_id


def test_requested_override_has_no_effect_until_approved(book):
    maple_trust(book)

    override = request_central(book)

    assert override.status is OverrideStatus.REQUESTED
    assert territory_of_account(book, MARCH_1) == "WEST"


def test_requester_cannot_approve_her_own_override(book):
    maple_trust(book)
    override = request_central(book)

    with pytest.raises(WorkflowError) as raised:
        approve_override(book.workspace, "jo", override.id)

    assert "jo requested" in str(raised.value)
    assert "another approver" in str(raised.value)
    assert territory_of_account(book, MARCH_1) == "WEST"


def test_rule_runs_after_phone_and_address_changes_keep_central(book):
    maple_trust(book)
    approved_override(book)

    move_phone_then_address(book)

    assert assigned_territory(book, MARCH_15) == "CENTRAL"
    assert assigned_territory(book, MARCH_20) == "CENTRAL"


def test_explain_says_override_sets_aside_the_rule_answer_west(book):
    maple_trust(book)
    override_id = approved_override(book)
    move_phone_then_address(book)

    explanation = explain_entity(load_master_data(book.workspace.engine), EntityKind.ACCOUNT, ACCOUNT, MARCH_15)

    [model] = explanation.models
    assert model.resolution.territory == "CENTRAL"
    assert model.resolution.source == override_id
    assert model.resolution.set_aside is not None
    assert model.resolution.set_aside.territory == "WEST"
    assert model.resolution.set_aside.source == "W1"


def test_reversal_hands_back_to_what_the_rules_say_now(book):
    maple_trust(book)
    override_id = approved_override(book)
    move_phone_then_address(book)

    reverse_override(book.workspace, "kim", override_id, APRIL_1, "book realigned")

    assert territory_of_account(book, APRIL_1) == "EAST"
    assert territory_of_account(book, MARCH_31) == "CENTRAL"


def test_reversing_a_reversed_override_is_refused(book):
    maple_trust(book)
    override_id = approved_override(book)
    reverse_override(book.workspace, "kim", override_id, APRIL_1, "book realigned")

    with pytest.raises(WorkflowError) as raised:
        reverse_override(book.workspace, "kim", override_id, APRIL_1, "again")

    assert "already reversed" in str(raised.value)


def test_trades_credit_central_twice_then_east(book):
    maple_trust(book)
    override_id = approved_override(book)
    move_phone_then_address(book)
    reverse_override(book.workspace, "kim", override_id, APRIL_1, "book realigned")

    load_as(book, "jo", "trades", "trades.csv", """
        trade_id,trade_date,account_id,kind,amount
        T1,2025-03-10,A-100,purchase,1000.00
        T2,2025-03-25,A-100,purchase,2000.00
        T3,2025-04-05,A-100,purchase,3000.00
    """)

    assert credits_by_person(book, "2025-03") == {("US_RETAIL", "CAL"): Decimal("3000.00")}
    assert credits_by_person(book, "2025-04") == {("US_RETAIL", "EVE"): Decimal("3000.00")}


def test_audit_trail_lists_request_approval_and_reversal_in_order(book):
    maple_trust(book)
    override_id = approved_override(book)
    reverse_override(book.workspace, "kim", override_id, APRIL_1, "book realigned")

    trail = override_history(book.workspace, override_id)

    assert [(e.action, e.user) for e in trail] == [("request", "jo"), ("approve", "kim"), ("reverse", "kim")]
    assert [e.reason for e in trail] == [
        "relationship moved with the advisor", "agreed with the regional head", "book realigned"]
    assert trail[0].recorded_at < trail[1].recorded_at < trail[2].recorded_at
    assert trail[2].before[0]["status"] == "approved"
    assert trail[2].after[0]["status"] == "reversed"


def test_history_keeps_every_state_of_the_override(book):
    maple_trust(book)
    override_id = approved_override(book)
    approved_at = override_history(book.workspace, override_id)[1].recorded_at

    reverse_override(book.workspace, "kim", override_id, APRIL_1, "book realigned")

    before_reversal = load_master_data(book.workspace.engine, approved_at)
    [override] = before_reversal.overrides[("US_RETAIL", OverrideTarget.ACCOUNT, ACCOUNT)]
    assert override.status is OverrideStatus.APPROVED
    assert override.applies_on(APRIL_1)
