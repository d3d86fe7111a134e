"""Conversions between domain objects and table rows, one TableMapping per kind of master data."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Any, Generic, TypeVar

from sqlalchemy import Column, Table

from territorial.domain.coverage import CoverageModel, CoverageTeam, Person, ResolutionStep, TeamMember
from territorial.domain.entity import Account, Contact, Organisation
from territorial.domain.compensation_period import CompensationPeriod, PeriodStatus
from territorial.domain.override import Override, OverrideStatus, OverrideTarget
from territorial.domain.period import ValidPeriod
from territorial.domain.rule import AccountRule, AttributeRule, Condition, Operator
from territorial.domain.territory import Territory, TerritoryKind
from territorial.domain.user import Role, User
from territorial.store import schema

T = TypeVar("T")

# Columns the store fills in; every other column of a table is payload given by the caller.
TIME_COLUMNS = frozenset({"row_id", "valid_from", "valid_to", "recorded_at", "superseded_at"})


class MasterDataKind(StrEnum):
    """A kind of master data, named like its table (coverage teams are stored by member)."""

    COVERAGE_MODEL = "coverage_model"
    TERRITORY = "territory"
    PERSON = "person"
    COVERAGE_TEAM = "coverage_team"
    ATTRIBUTE_RULE = "attribute_rule"
    ACCOUNT_RULE = "account_rule"
    OVERRIDE = "override"
    ORGANISATION = "organisation"
    CONTACT = "contact"
    ACCOUNT = "account"
    # Not master data, but stored the same way. Users live in the table app_user
    # because `user` is a reserved word in PostgreSQL.
    USER = "user"
    COMPENSATION_PERIOD = "compensation_period"


@dataclass(frozen=True)
class TableMapping(Generic[T]):
    """The table of one kind, its business key, and the conversions of one version to rows and back."""

    kind: MasterDataKind
    table: Table
    key_columns: tuple[str, ...]
    period_of: Callable[[T], ValidPeriod]
    to_rows: Callable[[T], list[dict[str, Any]]]
    from_rows: Callable[[ValidPeriod, Sequence[Any]], T]

    @property
    def payload_columns(self) -> list[Column[Any]]:
        return [c for c in self.table.columns if c.name not in TIME_COLUMNS]

    @cached_property
    def record(self) -> type[tuple[Any, ...]]:
        """A named tuple of the payload columns and the valid period.

        Loads copy rows into it because reading a field of a named tuple is several times
        faster than reading a column of an SQLAlchemy Row by name.
        """
        names = [c.name for c in self.payload_columns]
        return namedtuple(f"{self.table.name}_record", [*names, "valid_from", "valid_to"])  # type: ignore[misc]

    @property
    def key_table_columns(self) -> list[Column[Any]]:
        return [self.table.c[name] for name in self.key_columns]

    def key_of(self, row: Any) -> tuple[Any, ...]:
        return tuple(map(row.__getitem__, self.key_columns))

    def describe_key(self, key: tuple[Any, ...]) -> str:
        """Name one key for messages, e.g. "territory 'NE-01'"."""
        noun = self.kind.value.replace("_", " ")
        values = ", ".join(repr(value) for value in key)
        return f"{noun} {values}"


def _own_period(item: Any) -> ValidPeriod:
    return item.period


def _coverage_model_rows(model: CoverageModel) -> list[dict[str, Any]]:
    return [
        {
            "code": model.code,
            "name": model.name,
            "resolution_order": [step.value for step in model.resolution_order],
        }
    ]


def _coverage_model(period: ValidPeriod, rows: Sequence[Any]) -> CoverageModel:
    row = rows[0]
    order = tuple(ResolutionStep(step) for step in row.resolution_order)
    return CoverageModel(row.code, row.name, order, period)


def _territory_rows(territory: Territory) -> list[dict[str, Any]]:
    return [
        {
            "code": territory.code,
            "name": territory.name,
            "kind": territory.kind.value,
            "level": territory.level,
            "parent": territory.parent,
        }
    ]


def _territory(period: ValidPeriod, rows: Sequence[Any]) -> Territory:
    row = rows[0]
    return Territory(row.code, row.name, TerritoryKind(row.kind), row.level, row.parent, period)


def _person_rows(person: Person) -> list[dict[str, Any]]:
    return [{"id": person.id, "name": person.name, "email": person.email}]


def _person(period: ValidPeriod, rows: Sequence[Any]) -> Person:
    row = rows[0]
    return Person(row.id, row.name, row.email)


def _team_rows(team: CoverageTeam) -> list[dict[str, Any]]:
    return [
        {
            "coverage_model": team.coverage_model,
            "territory": team.territory,
            "person_id": member.person_id,
            "role": member.role,
            "split": member.split,
        }
        for member in team.members
    ]


def _team(period: ValidPeriod, rows: Sequence[Any]) -> CoverageTeam:
    members = tuple(TeamMember(row.person_id, row.role, row.split) for row in rows)
    return CoverageTeam(rows[0].coverage_model, rows[0].territory, members, period)


def _attribute_rule_rows(rule: AttributeRule) -> list[dict[str, Any]]:
    conditions = [
        {"attribute": c.attribute, "operator": c.operator.value, "values": list(c.values)}
        for c in rule.conditions
    ]
    return [
        {
            "code": rule.code,
            "coverage_model": rule.coverage_model,
            "territory": rule.territory,
            "priority": rule.priority,
            "conditions": conditions,
        }
    ]


def _attribute_rule(period: ValidPeriod, rows: Sequence[Any]) -> AttributeRule:
    row = rows[0]
    # Values were normalised by Condition.build before they were saved, so they are used as stored.
    conditions = tuple(
        Condition(c["attribute"], Operator(c["operator"]), tuple(c["values"])) for c in row.conditions
    )
    return AttributeRule(row.code, row.coverage_model, row.territory, row.priority, conditions, period)


def _account_rule_rows(rule: AccountRule) -> list[dict[str, Any]]:
    return [
        {
            "code": rule.code,
            "account_id": rule.account_id,
            "coverage_model": rule.coverage_model,
            "territory": rule.territory,
        }
    ]


def _account_rule(period: ValidPeriod, rows: Sequence[Any]) -> AccountRule:
    row = rows[0]
    return AccountRule(row.code, row.account_id, row.coverage_model, row.territory, period)


def _override_rows(override: Override) -> list[dict[str, Any]]:
    return [
        {
            "id": override.id,
            "target": override.target.value,
            "target_id": override.target_id,
            "coverage_model": override.coverage_model,
            "territory": override.territory,
            "reason": override.reason,
            "requested_by": override.requested_by,
            "status": override.status.value,
            "decided_by": override.decided_by,
            "reversed_from": override.reversed_from,
        }
    ]


def _override(period: ValidPeriod, rows: Sequence[Any]) -> Override:
    row = rows[0]
    return Override(
        id=row.id,
        target=OverrideTarget(row.target),
        target_id=row.target_id,
        coverage_model=row.coverage_model,
        territory=row.territory,
        reason=row.reason,
        requested_by=row.requested_by,
        status=OverrideStatus(row.status),
        period=period,
        decided_by=row.decided_by,
        reversed_from=row.reversed_from,
    )


def _organisation_rows(organisation: Organisation) -> list[dict[str, Any]]:
    return [
        {
            "id": organisation.id,
            "name": organisation.name,
            "parent_id": organisation.parent_id,
            "attributes": dict(organisation.attributes),
        }
    ]


def _organisation(period: ValidPeriod, rows: Sequence[Any]) -> Organisation:
    row = rows[0]
    return Organisation(row.id, row.name, row.parent_id, row.attributes, period)


def _contact_rows(contact: Contact) -> list[dict[str, Any]]:
    return [
        {
            "id": contact.id,
            "name": contact.name,
            "organisation_id": contact.organisation_id,
            "attributes": dict(contact.attributes),
        }
    ]


def _contact(period: ValidPeriod, rows: Sequence[Any]) -> Contact:
    row = rows[0]
    return Contact(row.id, row.name, row.organisation_id, row.attributes, period)


def _account_rows(account: Account) -> list[dict[str, Any]]:
    return [
        {
            "id": account.id,
            "name": account.name,
            "contact_id": account.contact_id,
            "organisation_id": account.organisation_id,
            "omnibus": account.omnibus,
            "attributes": dict(account.attributes),
        }
    ]


def _account(period: ValidPeriod, rows: Sequence[Any]) -> Account:
    row = rows[0]
    return Account(row.id, row.name, row.contact_id, row.organisation_id, row.omnibus, row.attributes, period)


def _user_rows(user: User) -> list[dict[str, Any]]:
    return [{"name": user.name, "display_name": user.display_name, "role": user.role.value}]


def _user(period: ValidPeriod, rows: Sequence[Any]) -> User:
    row = rows[0]
    return User(row.name, Role(row.role), row.display_name)


def _period_rows(period: CompensationPeriod) -> list[dict[str, Any]]:
    return [
        {
            "label": period.label,
            "status": period.status.value,
            "credit_batch_id": period.credit_batch_id,
            "reason": period.reason,
            "changed_by": period.changed_by,
        }
    ]


def _period(period: ValidPeriod, rows: Sequence[Any]) -> CompensationPeriod:
    row = rows[0]
    return CompensationPeriod(row.label, period, PeriodStatus(row.status), row.credit_batch_id, row.reason,
                              row.changed_by)


COVERAGE_MODELS = TableMapping(
    MasterDataKind.COVERAGE_MODEL, schema.coverage_model, ("code",), _own_period, _coverage_model_rows, _coverage_model
)
TERRITORIES = TableMapping(
    MasterDataKind.TERRITORY, schema.territory, ("code",), _own_period, _territory_rows, _territory
)
# A person has no valid period in the domain, so each person is stored as one open-ended version.
PEOPLE = TableMapping(
    MasterDataKind.PERSON, schema.person, ("id",), lambda _person: ValidPeriod(), _person_rows, _person
)
TEAMS = TableMapping(
    MasterDataKind.COVERAGE_TEAM,
    schema.coverage_team_member,
    ("coverage_model", "territory"),
    _own_period,
    _team_rows,
    _team,
)
ATTRIBUTE_RULES = TableMapping(
    MasterDataKind.ATTRIBUTE_RULE, schema.attribute_rule, ("code",), _own_period, _attribute_rule_rows, _attribute_rule
)
ACCOUNT_RULES = TableMapping(
    MasterDataKind.ACCOUNT_RULE, schema.account_rule, ("code",), _own_period, _account_rule_rows, _account_rule
)
OVERRIDES = TableMapping(MasterDataKind.OVERRIDE, schema.override, ("id",), _own_period, _override_rows, _override)
ORGANISATIONS = TableMapping(
    MasterDataKind.ORGANISATION, schema.organisation, ("id",), _own_period, _organisation_rows, _organisation
)
CONTACTS = TableMapping(MasterDataKind.CONTACT, schema.contact, ("id",), _own_period, _contact_rows, _contact)
ACCOUNTS = TableMapping(MasterDataKind.ACCOUNT, schema.account, ("id",), _own_period, _account_rows, _account)
# A user has no valid period: a role change is a new recorded version of the one open-ended version.
USERS = TableMapping(MasterDataKind.USER, schema.app_user, ("name",), lambda _user: ValidPeriod(), _user_rows, _user)
COMPENSATION_PERIODS = TableMapping(
    MasterDataKind.COMPENSATION_PERIOD, schema.compensation_period, ("label",), _own_period, _period_rows, _period
)

MAPPINGS: dict[MasterDataKind, TableMapping[Any]] = {
    mapping.kind: mapping
    for mapping in (
        COVERAGE_MODELS,
        TERRITORIES,
        PEOPLE,
        TEAMS,
        ATTRIBUTE_RULES,
        ACCOUNT_RULES,
        OVERRIDES,
        ORGANISATIONS,
        CONTACTS,
        ACCOUNTS,
        USERS,
        COMPENSATION_PERIODS,
    )
}
