"""Override transitions that are not allowed, and changes by users whose role does not allow them."""

from datetime import date

import pytest

from territorial.domain.override import OverrideTarget
from territorial.domain.user import Role
from territorial.errors import AccessDeniedError, DomainError, InputError, WorkflowError
from territorial.service.audit import audit_trail
from territorial.service.loading import FeedKind, load_file
from territorial.service.overrides import (
    OverrideRequest,
    approve_override,
    reject_override,
    request_override,
    reverse_override,
)
from territorial.service.users import add_user
from tests.scenario.books import north_south

MARCH_1 = date(2025, 3, 1)


def staffed(book):
    north_south(book)
    add_user(book.workspace, "ada", Role.ADMIN)
    add_user(book.workspace, "jo", Role.EDITOR, acting_user="ada")
    add_user(book.workspace, "kim", Role.APPROVER, acting_user="ada")
    add_user(book.workspace, "lee", Role.APPROVER, acting_user="ada")
    add_user(book.workspace, "val", Role.VIEWER, acting_user="ada")
    return book


def to_south(valid_from=MARCH_1, valid_to=None, reason="moved with the advisor", target_id="A-OLA",
             territory="SOUTH"):
    return OverrideRequest(OverrideTarget.ACCOUNT, target_id, "US_RETAIL", territory, valid_from, valid_to, reason)


def test_overlapping_override_request_is_refused(book):
    staffed(book)
    first = request_override(book.workspace, "jo", to_south(valid_to=date(2025, 6, 1)))

    with pytest.raises(DomainError) as raised:
        request_override(book.workspace, "jo", to_south(valid_from=date(2025, 5, 1)))

    assert first.id in str(raised.value)
    assert "overlaps" in str(raised.value)


def test_request_after_a_reversal_date_is_accepted(book):
    staffed(book)
    first = request_override(book.workspace, "jo", to_south())
    approve_override(book.workspace, "kim", first.id)
    reverse_override(book.workspace, "kim", first.id, date(2025, 5, 1), "realigned")

    second = request_override(book.workspace, "jo", to_south(valid_from=date(2025, 5, 1)))

    assert second.id != first.id


def test_approver_cannot_approve_own_request(book):
    staffed(book)
    override = request_override(book.workspace, "kim", to_south())

    with pytest.raises(WorkflowError) as raised:
        approve_override(book.workspace, "kim", override.id)

    assert "kim requested" in str(raised.value)


def test_decided_override_cannot_be_decided_again(book):
    staffed(book)
    override = request_override(book.workspace, "jo", to_south())
    reject_override(book.workspace, "kim", override.id, "no evidence of the move")

    with pytest.raises(WorkflowError) as raised:
        approve_override(book.workspace, "lee", override.id)

    assert "already rejected by kim" in str(raised.value)


def test_requested_override_cannot_be_reversed(book):
    staffed(book)
    override = request_override(book.workspace, "jo", to_south())

    with pytest.raises(WorkflowError) as raised:
        reverse_override(book.workspace, "kim", override.id, date(2025, 4, 1), "never mind")

    assert "only approved overrides can be reversed" in str(raised.value)


def test_reversal_outside_the_period_is_refused(book):
    staffed(book)
    override = request_override(book.workspace, "jo", to_south(valid_to=date(2025, 4, 1)))
    approve_override(book.workspace, "kim", override.id)

    with pytest.raises(WorkflowError) as raised:
        reverse_override(book.workspace, "kim", override.id, date(2025, 5, 1), "late")

    assert "Give a date inside that period" in str(raised.value)


def test_reject_and_reverse_need_a_reason(book):
    staffed(book)
    override = request_override(book.workspace, "jo", to_south())

    with pytest.raises(InputError):
        reject_override(book.workspace, "kim", override.id, "")
    approve_override(book.workspace, "kim", override.id)
    with pytest.raises(InputError):
        reverse_override(book.workspace, "kim", override.id, date(2025, 4, 1), "  ")


def test_request_lists_every_problem(book):
    staffed(book)

    with pytest.raises(InputError) as raised:
        request_override(book.workspace, "jo", to_south(reason="", target_id="A-NONE", territory="WEST"))

    fields = [problem.field for problem in raised.value.problems]
    assert fields == ["reason", "territory", "target"]


def test_viewer_cannot_request_an_override(book):
    staffed(book)

    with pytest.raises(AccessDeniedError) as raised:
        request_override(book.workspace, "val", to_south())

    assert "val has the role viewer" in str(raised.value)


def test_editor_cannot_approve(book):
    staffed(book)
    override = request_override(book.workspace, "kim", to_south())

    with pytest.raises(AccessDeniedError):
        approve_override(book.workspace, "jo", override.id)


def test_unknown_user_is_refused(book):
    staffed(book)

    with pytest.raises(AccessDeniedError) as raised:
        request_override(book.workspace, "zed", to_south())

    assert "There is no user 'zed'" in str(raised.value)


def test_load_without_a_user_is_refused_once_users_exist(book):
    staffed(book)
    path = book.write("contacts.csv", "contact_id,name,zone\nBO,Bo Marsh,south\n")

    with pytest.raises(AccessDeniedError):
        load_file(book.workspace, FeedKind.CONTACTS, path)


def test_failed_load_leaves_no_audit_entry(book):
    staffed(book)
    path = book.write("overlap.csv", """contact_id,name,zone,valid_from,valid_to
BO,Bo Marsh,south,2025-01-01,2025-06-01
BO,Bo Marsh,north,2025-05-01,
""")

    with pytest.raises((InputError, DomainError)):
        load_file(book.workspace, FeedKind.CONTACTS, path, user="jo")

    assert audit_trail(book.workspace, entity_kind="contact", entity_id="BO") == []
