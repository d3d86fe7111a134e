"""Saving domain objects to the store and loading them back as MasterData at a recorded time.

The `save_*` functions of a plural noun take the desired state: for every key among
the objects given, the versions given become that key's whole valid timeline, and
keys not given are left alone (`list_keys` finds them). `save_coverage_model` and
`save_team` instead write one version over its valid period and keep the rest of
the timeline, splitting a version that straddles it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import Connection, Engine

from territorial.domain.compensation_period import CompensationPeriod
from territorial.domain.coverage import CoverageModel, CoverageTeam, Person
from territorial.domain.entity import Account, Contact, Organisation
from territorial.domain.master_data import MasterData, Versions
from territorial.domain.period import HasPeriod
from territorial.domain.override import Override
from territorial.domain.rule import AccountRule, AttributeRule
from territorial.domain.territory import Territory
from territorial.domain.user import User
from territorial.store import mapping
from territorial.store.audit import AuditEntry, read_audit_entries
from territorial.store.credit_batch import CreditBatch, CreditBatchKind, credit_batch_by_id, credit_batches_for
from territorial.store.database import require_current_schema
from territorial.store.fact_batch import FactBatch, fact_batches_known_at
from territorial.store.mapping import MasterDataKind
from territorial.store.repository import Key, WriteSummary, read_versions
from territorial.store.unit_of_work import UnitOfWork

V = TypeVar("V", bound=HasPeriod)
K = TypeVar("K", bound=Hashable)


def save_coverage_models(uow: UnitOfWork, models: Iterable[CoverageModel]) -> WriteSummary:
    return uow.coverage_models.save(models)


def save_coverage_model(uow: UnitOfWork, model: CoverageModel) -> WriteSummary:
    """Write one version of a coverage model over its valid period."""
    return uow.coverage_models.assert_versions([model])


def save_territories(uow: UnitOfWork, territories: Iterable[Territory]) -> WriteSummary:
    return uow.territories.save(territories)


def save_people(uow: UnitOfWork, people: Iterable[Person]) -> WriteSummary:
    return uow.people.save(people)


def save_teams(uow: UnitOfWork, teams: Iterable[CoverageTeam]) -> WriteSummary:
    """Replace the timelines of the (coverage model, territory) teams given; each team is one version."""
    return uow.teams.save(teams)


def save_team(uow: UnitOfWork, team: CoverageTeam) -> WriteSummary:
    """Write one team version over its valid period, e.g. a new split from the first of a month."""
    return uow.teams.assert_versions([team])


def save_rules(uow: UnitOfWork, rules: Iterable[AttributeRule]) -> WriteSummary:
    return uow.attribute_rules.save(rules)


def save_account_rules(uow: UnitOfWork, rules: Iterable[AccountRule]) -> WriteSummary:
    return uow.account_rules.save(rules)


def save_override(uow: UnitOfWork, override: Override) -> WriteSummary:
    """Record the current state of an override (requested, approved, rejected or reversed).

    The earlier state stays readable at earlier recorded times, which is the audit trail.
    """
    return uow.overrides.save([override])


def save_organisations(uow: UnitOfWork, organisations: Iterable[Organisation]) -> WriteSummary:
    return uow.organisations.save(organisations)


def save_contacts(uow: UnitOfWork, contacts: Iterable[Contact]) -> WriteSummary:
    return uow.contacts.save(contacts)


def save_accounts(uow: UnitOfWork, accounts: Iterable[Account]) -> WriteSummary:
    return uow.accounts.save(accounts)


def register_fact_batch(
    uow: UnitOfWork,
    *,
    batch_id: str,
    kind: str,
    path: str,
    row_count: int,
    first_date: date | None,
    last_date: date | None,
    sha256: str,
) -> FactBatch:
    """Register one Parquet file of facts; see FactBatchRegister.register for the checks."""
    return uow.fact_batches.register(
        batch_id=batch_id,
        kind=kind,
        path=path,
        row_count=row_count,
        first_date=first_date,
        last_date=last_date,
        sha256=sha256,
    )


def list_keys(uow: UnitOfWork, kind: MasterDataKind | str) -> list[Key]:
    """Return the codes or ids of one kind that have current rows in the store, sorted.

    Coverage teams are keyed by (coverage_model, territory) tuples.
    """
    return uow.repository(MasterDataKind(kind)).keys()


def load_master_data(source: Engine | UnitOfWork, known_at: datetime | None = None, *,
                     entities: bool = True) -> MasterData:
    """Load every valid-time version of the master data as recorded at `known_at`.

    `known_at` None reads the current rows. Inside a unit of work that includes what
    the unit has written so far. With `entities` False, organisations, contacts and
    accounts are left out, for the bulk engine, which reads them with `read_entity_tables`.
    """
    with _reading(source) as connection:

        def versions(table_mapping: mapping.TableMapping[V]) -> list[V]:
            return read_versions(connection, table_mapping, known_at)

        data = MasterData()
        data.coverage_models = _by_key(versions(mapping.COVERAGE_MODELS), lambda m: m.code)
        data.territories = _by_key(versions(mapping.TERRITORIES), lambda t: t.code)
        data.teams = _by_key(versions(mapping.TEAMS), lambda t: (t.coverage_model, t.territory))
        data.account_rules = _by_key(versions(mapping.ACCOUNT_RULES), lambda r: (r.coverage_model, r.account_id))
        if entities:
            data.organisations = _by_key(versions(mapping.ORGANISATIONS), lambda o: o.id)
            data.contacts = _by_key(versions(mapping.CONTACTS), lambda c: c.id)
            data.accounts = _by_key(versions(mapping.ACCOUNTS), lambda a: a.id)
        # Versions come ordered by valid_from, so a person's latest version is added last and wins.
        for person in read_versions(connection, mapping.PEOPLE, known_at):
            data.add_person(person)
        # Sorted so that rules of equal priority come in the same order whatever the row order.
        for rule in sorted(versions(mapping.ATTRIBUTE_RULES), key=lambda r: (r.priority, r.code, r.period.valid_from)):
            data.add_rule(rule)
        for override in versions(mapping.OVERRIDES):
            data.add_override(override)
        return data


def fact_batches(source: Engine | UnitOfWork, known_at: datetime | None = None) -> list[FactBatch]:
    """Return the fact batches registered at or before `known_at` (default: all), oldest first."""
    with _reading(source) as connection:
        return fact_batches_known_at(connection, known_at)


def load_users(source: Engine | UnitOfWork, known_at: datetime | None = None) -> dict[str, User]:
    """Return the users recorded at `known_at` (default: the current ones) by name."""
    with _reading(source) as connection:
        return {user.name: user for user in read_versions(connection, mapping.USERS, known_at)}


def load_periods(source: Engine | UnitOfWork, known_at: datetime | None = None) -> list[CompensationPeriod]:
    """Return the compensation periods recorded at `known_at` (default: the current ones), by start date."""
    with _reading(source) as connection:
        periods = read_versions(connection, mapping.COMPENSATION_PERIODS, known_at)
    return sorted(periods, key=lambda p: (p.period.valid_from, p.period.valid_to, p.label))


def audit_entries(
    source: Engine | UnitOfWork,
    *,
    entity_kind: str | None = None,
    entity_id: str | None = None,
    territory: str | None = None,
    user: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[AuditEntry]:
    """Return the audit entries that meet every filter given, oldest first."""
    with _reading(source) as connection:
        return read_audit_entries(connection, entity_kind=entity_kind, entity_id=entity_id, territory=territory,
                                  user=user, since=since, until=until)


def credit_batches(
    source: Engine | UnitOfWork, period: str, kind: CreditBatchKind, known_at: datetime | None = None
) -> list[CreditBatch]:
    """Return the credit batches of one kind registered for `period` by `known_at`, oldest first."""
    with _reading(source) as connection:
        return credit_batches_for(connection, period, kind, known_at)


def credit_batch(source: Engine | UnitOfWork, batch_id: str) -> CreditBatch:
    """Return one credit batch; raise NotFoundError when no batch has that id."""
    with _reading(source) as connection:
        return credit_batch_by_id(connection, batch_id)


@contextmanager
def _reading(source: Engine | UnitOfWork) -> Iterator[Connection]:
    """Yield the unit of work's connection, or a read transaction on the engine."""
    if isinstance(source, UnitOfWork):
        yield source.connection
        return
    require_current_schema(source)
    with source.connect() as connection, connection.begin():
        yield connection


def _by_key(items: list[V], key: Callable[[V], K]) -> dict[K, Versions[V]]:
    grouped: dict[K, list[V]] = {}
    for item in items:
        grouped.setdefault(key(item), []).append(item)
    return {found: Versions(group) for found, group in grouped.items()}
