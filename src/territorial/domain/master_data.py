"""An in-memory view of the master data as known at one recorded time, across all valid time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

from territorial.domain.coverage import CoverageModel, CoverageTeam, Person
from territorial.domain.entity import Account, Contact, Organisation
from territorial.domain.override import Override, OverrideTarget
from territorial.domain.rule import AccountRule, AttributeRule
from territorial.domain.period import HasPeriod, change_dates
from territorial.domain.territory import Hierarchy, Territory


V = TypeVar("V", bound=HasPeriod)


class Versions(Generic[V]):
    """The valid-time versions of one thing, which must not overlap."""

    def __init__(self, items: Iterable[V] = ()) -> None:
        self.items: list[V] = sorted(items, key=lambda item: item.period.valid_from)

    def add(self, item: V) -> None:
        self.items.append(item)
        self.items.sort(key=lambda i: i.period.valid_from)

    def at(self, day: date) -> V | None:
        for item in self.items:
            if item.period.contains(day):
                return item
        return None

    def boundaries(self) -> set[date]:
        """Return the dates on which this thing changes."""
        return change_dates(self.items)


@dataclass
class MasterData:
    """Everything resolution and attribution read, keyed for lookup."""

    coverage_models: dict[str, Versions[CoverageModel]] = field(default_factory=dict)
    territories: dict[str, Versions[Territory]] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    teams: dict[tuple[str, str], Versions[CoverageTeam]] = field(default_factory=dict)
    rules: dict[str, list[AttributeRule]] = field(default_factory=lambda: defaultdict(list))
    account_rules: dict[tuple[str, str], Versions[AccountRule]] = field(default_factory=dict)
    overrides: dict[tuple[str, OverrideTarget, str], list[Override]] = field(
        default_factory=lambda: defaultdict(list)
    )
    organisations: dict[str, Versions[Organisation]] = field(default_factory=dict)
    contacts: dict[str, Versions[Contact]] = field(default_factory=dict)
    accounts: dict[str, Versions[Account]] = field(default_factory=dict)

    def hierarchy(self, day: date) -> Hierarchy:
        valid = [v.at(day) for v in self.territories.values()]
        return Hierarchy([t for t in valid if t is not None])

    def model_codes(self) -> list[str]:
        return sorted(self.coverage_models)

    def team(self, coverage_model: str, territory: str, day: date) -> CoverageTeam | None:
        versions = self.teams.get((coverage_model, territory))
        return versions.at(day) if versions else None

    def organisation(self, org_id: str | None, day: date) -> Organisation | None:
        versions = self.organisations.get(org_id) if org_id else None
        return versions.at(day) if versions else None

    def contact(self, contact_id: str | None, day: date) -> Contact | None:
        versions = self.contacts.get(contact_id) if contact_id else None
        return versions.at(day) if versions else None

    def account(self, account_id: str | None, day: date) -> Account | None:
        versions = self.accounts.get(account_id) if account_id else None
        return versions.at(day) if versions else None

    # Builders used by the store and by tests.

    def add_coverage_model(self, model: CoverageModel) -> None:
        self.coverage_models.setdefault(model.code, Versions()).add(model)

    def add_territory(self, territory: Territory) -> None:
        self.territories.setdefault(territory.code, Versions()).add(territory)

    def add_person(self, person: Person) -> None:
        self.people[person.id] = person

    def add_team(self, team: CoverageTeam) -> None:
        self.teams.setdefault((team.coverage_model, team.territory), Versions()).add(team)

    def add_rule(self, rule: AttributeRule) -> None:
        self.rules[rule.coverage_model].append(rule)

    def add_account_rule(self, rule: AccountRule) -> None:
        key = (rule.coverage_model, rule.account_id)
        self.account_rules.setdefault(key, Versions()).add(rule)

    def add_override(self, override: Override) -> None:
        key = (override.coverage_model, override.target, override.target_id)
        self.overrides[key].append(override)

    def add_organisation(self, organisation: Organisation) -> None:
        self.organisations.setdefault(organisation.id, Versions()).add(organisation)

    def add_contact(self, contact: Contact) -> None:
        self.contacts.setdefault(contact.id, Versions()).add(contact)

    def add_account(self, account: Account) -> None:
        self.accounts.setdefault(account.id, Versions()).add(account)
