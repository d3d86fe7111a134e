"""Plan and apply a territory-as-code file, like `terraform plan` and `apply` for territories.

A plan records the file in a unit of work that is rolled back, so it is checked
exactly as a load would check it and nothing is kept. It compares the master
data before and after: which entities change territory in each coverage model
on a date, and how flows, AUM and credits of a period move per territory and
person. Apply records the file with a reason in the audit trail.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from territorial.domain.fact import Fact
from territorial.domain.master_data import MasterData
from territorial.domain.period import ReportingPeriod
from territorial.errors import InputError, Problem
from territorial.io.territory_file import read_territory_file
from territorial.service.assignment import assign_all
from territorial.service.attribution import Attribution, Attributor
from territorial.service.facts import read_facts
from territorial.service.loading import LoadResult, record_document, save_document
from territorial.service.rollup import rollup
from territorial.service.workspace import Workspace
from territorial.store import AuditEntry, UnitOfWork, audit_entries, load_master_data

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class EntityMove:
    """An entity whose territory in one coverage model would change on the plan's date."""

    coverage_model: str
    entity_kind: str
    entity_id: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class MoneyChange:
    """Net flows, month-end AUM and credits of one territory or person, before and after the file."""

    coverage_model: str
    key: str
    net_flows_before: Decimal
    net_flows_after: Decimal
    aum_before: Decimal
    aum_after: Decimal
    credits_before: Decimal
    credits_after: Decimal

    @property
    def credits_change(self) -> Decimal:
        return self.credits_after - self.credits_before


@dataclass(frozen=True)
class Plan:
    source: str
    as_of: date
    period: ReportingPeriod
    changes: list[AuditEntry]
    moves: list[EntityMove]
    territories: list[MoneyChange]
    people: list[MoneyChange]


def plan_file(ws: Workspace, path: Path, period: ReportingPeriod, as_of: date) -> Plan:
    """Return what recording the file would change; nothing is recorded."""
    ws.require_ready()
    document = read_territory_file(path)
    with UnitOfWork(ws.engine) as uow:
        before = load_master_data(uow)
        record_document(uow, document, str(path))
        after = load_master_data(uow)
        changes = [e for e in audit_entries(uow, since=uow.recorded_at)]
        uow.discard()

    facts = [f for f in read_facts(ws) if period.contains(f.date)]
    attributed_before, attributed_after = _attribute(before, facts), _attribute(after, facts)
    return Plan(
        source=str(path), as_of=as_of, period=period, changes=changes,
        moves=_moves(before, after, as_of),
        territories=_territory_changes(before, after, attributed_before, attributed_after, period),
        people=_person_changes(attributed_before, attributed_after),
    )


def apply_file(ws: Workspace, path: Path, user: str | None, reason: str) -> LoadResult:
    """Record the file as the desired state, with a reason for the audit trail; `user` must be an editor."""
    if not reason.strip():
        raise InputError([Problem(
            "a reason is required to apply a territory file", source=str(path), field="reason",
            fix="say why in a sentence, e.g. --reason 'realign the Northeast for 2025'; "
                "run `territorial plan` first to see what it changes")])
    ws.require_ready()
    return save_document(ws, read_territory_file(path), str(path), user, reason)


def _attribute(data: MasterData, facts: list[Fact]) -> Attribution:
    # The reference path takes master data that exists only inside the plan's unit of work;
    # the bulk engine gives the same cents.
    return Attributor(data).run(facts)


def _moves(before: MasterData, after: MasterData, as_of: date) -> list[EntityMove]:
    old = {(a.coverage_model, a.entity_kind, a.entity_id): a.territory for a in assign_all(before, as_of).assignments}
    new = {(a.coverage_model, a.entity_kind, a.entity_id): a.territory for a in assign_all(after, as_of).assignments}
    return [EntityMove(*key, old.get(key), new.get(key))
            for key in sorted(old.keys() | new.keys()) if old.get(key) != new.get(key)]


def _territory_changes(before: MasterData, after: MasterData, attributed_before: Attribution,
                       attributed_after: Attribution, period: ReportingPeriod) -> list[MoneyChange]:
    def by_territory(data: MasterData, attribution: Attribution) -> dict[tuple[str, str], tuple[Decimal, Decimal]]:
        rows = rollup(attribution.placements, data, period)
        return {(r.coverage_model, r.key): (r.net_flows, r.aum) for r in rows if r.dimension == "territory"}

    flows_before, flows_after = by_territory(before, attributed_before), by_territory(after, attributed_after)
    credits_before = _credit_totals(attributed_before, lambda c: (c.coverage_model, c.territory))
    credits_after = _credit_totals(attributed_after, lambda c: (c.coverage_model, c.territory))
    return _changes(flows_before, flows_after, credits_before, credits_after)


def _person_changes(attributed_before: Attribution, attributed_after: Attribution) -> list[MoneyChange]:
    credits_before = _credit_totals(attributed_before, lambda c: (c.coverage_model, c.person_id))
    credits_after = _credit_totals(attributed_after, lambda c: (c.coverage_model, c.person_id))
    return _changes({}, {}, credits_before, credits_after)


def _changes(flows_before, flows_after, credits_before, credits_after) -> list[MoneyChange]:  # type: ignore[no-untyped-def]
    changes = []
    for key in sorted(flows_before.keys() | flows_after.keys() | credits_before.keys() | credits_after.keys()):
        old_flows, old_aum = flows_before.get(key, (ZERO, ZERO))
        new_flows, new_aum = flows_after.get(key, (ZERO, ZERO))
        change = MoneyChange(*key, old_flows, new_flows, old_aum, new_aum, credits_before.get(key, ZERO),
                             credits_after.get(key, ZERO))
        if (old_flows, old_aum, change.credits_before) != (new_flows, new_aum, change.credits_after):
            changes.append(change)
    return changes


def _credit_totals(attribution: Attribution, key) -> dict[tuple[str, str], Decimal]:  # type: ignore[no-untyped-def]
    totals: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for credit in attribution.credits:
        totals[key(credit)] += credit.amount
    return dict(totals)
