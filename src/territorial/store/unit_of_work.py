"""One transaction against the store, with one recorded time for everything it writes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine, RootTransaction, select, update

from territorial.domain.compensation_period import CompensationPeriod
from territorial.domain.coverage import CoverageModel, CoverageTeam, Person
from territorial.domain.entity import Account, Contact, Organisation
from territorial.domain.override import Override
from territorial.domain.rule import AccountRule, AttributeRule
from territorial.domain.territory import Territory
from territorial.domain.user import User
from territorial.store import mapping
from territorial.store.audit import SYSTEM_USER, AuditLog
from territorial.store.credit_batch import CreditBatchRegister
from territorial.store.database import CLOCK_OPTION, WRITES_OPTION, require_current_schema
from territorial.store.fact_batch import FactBatchRegister
from territorial.store.mapping import MAPPINGS, MasterDataKind
from territorial.store.repository import BitemporalRepository
from territorial.store.schema import store_clock

# The smallest step of recorded time that both SQLite and PostgreSQL store.
_TICK = timedelta(microseconds=1)


class UnitOfWork:
    """A transaction that commits when its `with` block ends normally and rolls back on any exception.

        with UnitOfWork(engine) as uow:
            uow.territories.save(territories)
            uow.teams.assert_versions([team])

    Every row written inside carries the same `recorded_at`, which is later than every
    `recorded_at` already in the store. Units of work that write to one store run one
    at a time: each holds the store clock from start to commit.

    Every change is audited in the same transaction under `user` (default "system")
    with `reason`, so a change that rolls back leaves no audit entry either.
    """

    coverage_models: BitemporalRepository[CoverageModel]
    territories: BitemporalRepository[Territory]
    people: BitemporalRepository[Person]
    teams: BitemporalRepository[CoverageTeam]
    attribute_rules: BitemporalRepository[AttributeRule]
    account_rules: BitemporalRepository[AccountRule]
    overrides: BitemporalRepository[Override]
    organisations: BitemporalRepository[Organisation]
    contacts: BitemporalRepository[Contact]
    accounts: BitemporalRepository[Account]
    users: BitemporalRepository[User]
    periods: BitemporalRepository[CompensationPeriod]
    fact_batches: FactBatchRegister
    credit_batches: CreditBatchRegister
    audit: AuditLog

    def __init__(self, engine: Engine, user: str | None = None, reason: str = "") -> None:
        self.engine = engine
        self.user = user or SYSTEM_USER
        self.reason = reason
        self._discarded = False
        self._transaction: RootTransaction | None = None
        self._connection: Connection | None = None

    @property
    def connection(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("a UnitOfWork is used only inside its `with` block")
        return self._connection

    def __enter__(self) -> UnitOfWork:
        require_current_schema(self.engine)
        self._connection = self.engine.connect().execution_options(**{WRITES_OPTION: True})
        self._transaction = self._connection.begin()
        try:
            self.recorded_at = _advance_clock(self._connection, _clock_of(self.engine))
        except BaseException:
            self._close(commit=False)
            raise
        self._open_repositories(self._connection)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._close(commit=exc_type is None and not self._discarded)

    def discard(self) -> None:
        """Roll back everything this unit wrote when its `with` block ends, as a dry run does."""
        self._discarded = True

    def repository(self, kind: MasterDataKind) -> BitemporalRepository[Any]:
        """Return the repository of one kind of master data."""
        return BitemporalRepository(self.connection, MAPPINGS[kind], self.recorded_at, self.audit)

    def _open_repositories(self, connection: Connection) -> None:
        self.audit = AuditLog(connection, self.recorded_at, self.user, self.reason)

        def open_(table_mapping: mapping.TableMapping[Any]) -> BitemporalRepository[Any]:
            return BitemporalRepository(connection, table_mapping, self.recorded_at, self.audit)

        self.coverage_models = open_(mapping.COVERAGE_MODELS)
        self.territories = open_(mapping.TERRITORIES)
        self.people = open_(mapping.PEOPLE)
        self.teams = open_(mapping.TEAMS)
        self.attribute_rules = open_(mapping.ATTRIBUTE_RULES)
        self.account_rules = open_(mapping.ACCOUNT_RULES)
        self.overrides = open_(mapping.OVERRIDES)
        self.organisations = open_(mapping.ORGANISATIONS)
        self.contacts = open_(mapping.CONTACTS)
        self.accounts = open_(mapping.ACCOUNTS)
        self.users = open_(mapping.USERS)
        self.periods = open_(mapping.COMPENSATION_PERIODS)
        self.fact_batches = FactBatchRegister(connection, self.recorded_at, self.audit)
        self.credit_batches = CreditBatchRegister(connection, self.recorded_at, self.audit)

    def _close(self, commit: bool) -> None:
        assert self._transaction is not None and self._connection is not None
        try:
            if commit:
                self._transaction.commit()
            else:
                self._transaction.rollback()
        finally:
            self._connection.close()
            self._transaction = None
            self._connection = None


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _clock_of(engine: Engine) -> Callable[[], datetime]:
    """Return the clock `connect(..., clock=...)` gave the engine, or the system clock."""
    clock: Callable[[], datetime] = engine.get_execution_options().get(CLOCK_OPTION, _utc_now)
    return clock


def _advance_clock(connection: Connection, clock: Callable[[], datetime]) -> datetime:
    """Lock the store clock and move it to now, or one tick past its last value when that is later."""
    last = connection.execute(
        select(store_clock.c.last_recorded_at).where(store_clock.c.id == 1).with_for_update()
    ).scalar_one()
    now = clock()
    recorded_at = now if last is None or now > last else last + _TICK
    connection.execute(update(store_clock).where(store_clock.c.id == 1).values(last_recorded_at=recorded_at))
    return recorded_at
