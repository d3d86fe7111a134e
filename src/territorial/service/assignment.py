"""Assignment runs: the territory of every organisation, contact and account in every coverage model."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import pyarrow as pa
from sqlalchemy import Engine

from territorial.domain.coverage import ResolutionStep
from territorial.domain.entity import EntityKind
from territorial.domain.master_data import MasterData
from territorial.engine.bulk import BulkEngine
from territorial.engine.master_tables import master_tables
from territorial.rules.resolution import Resolver, Status
from territorial.store import load_master_data
from territorial.store.entity_arrow import read_entity_tables


@dataclass(frozen=True)
class Assignment:
    """One entity's place in one coverage model on the run's date."""

    entity_kind: str
    entity_id: str
    coverage_model: str
    status: str
    territory: str | None
    step: str | None
    source: str | None
    reason: str
    tied_rules: tuple[str, ...]


@dataclass(frozen=True)
class AssignmentRun:
    as_of: date
    assignments: list[Assignment]

    def exceptions(self) -> list[Assignment]:
        """Return the conflicts, then the unassigned entities: the run's exception report."""
        conflicts = [a for a in self.assignments if a.status == Status.CONFLICT.value]
        return conflicts + [a for a in self.assignments if a.status == Status.UNASSIGNED.value]

    def counts(self) -> Counter[tuple[str, str, str]]:
        """Count assignments by coverage model, entity kind and status."""
        return Counter((a.coverage_model, a.entity_kind, a.status) for a in self.assignments)


# An entity is assigned in a coverage model only when the model's resolution order has a
# step that can reach it: an institutional model that resolves by account alone places
# no advisors or organisations, so they are not its exceptions.
_STEPS_OF = {
    EntityKind.ORGANISATION: frozenset({ResolutionStep.ORGANISATION_OVERRIDE, ResolutionStep.ORGANISATION_ATTRIBUTES}),
    EntityKind.CONTACT: frozenset({ResolutionStep.CONTACT_OVERRIDE, ResolutionStep.CONTACT_ATTRIBUTES,
                                   ResolutionStep.ORGANISATION_OVERRIDE, ResolutionStep.ORGANISATION_ATTRIBUTES}),
    EntityKind.ACCOUNT: frozenset(ResolutionStep),
}


def assign_all(data: MasterData, as_of: date, progress: Callable[[int], None] | None = None) -> AssignmentRun:
    """Resolve every entity valid on `as_of` in every coverage model valid then."""
    resolver = Resolver(data)
    models = [m for m in (data.coverage_models[code].at(as_of) for code in data.model_codes()) if m]
    entities = [
        (EntityKind.ORGANISATION, data.organisations),
        (EntityKind.CONTACT, data.contacts),
        (EntityKind.ACCOUNT, data.accounts),
    ]
    rows: list[Assignment] = []
    for kind, table in entities:
        for entity_id, versions in sorted(table.items()):
            if versions.at(as_of) is None:
                continue
            subject = resolver.entity_subject(kind, entity_id, as_of)
            for model in models:
                if not _STEPS_OF[kind].intersection(model.resolution_order):
                    continue
                resolution = resolver.resolve(model.code, subject)
                rows.append(Assignment(
                    kind.value, entity_id, model.code, resolution.status.value, resolution.territory,
                    resolution.step.value if resolution.step else None, resolution.source,
                    resolution.reason, resolution.tied_rules,
                ))
            if progress:
                progress(1)
    return AssignmentRun(as_of, rows)


def assign_all_bulk(data: MasterData, as_of: date, entities: dict[str, pa.Table] | None = None) -> AssignmentRun:
    """Resolve every entity valid on `as_of` on the bulk engine; the same rows as `assign_all`.

    `entities` are the organisation, contact and account rows read with
    `read_entity_tables`, when `data` was loaded without them.
    """
    engine = BulkEngine()
    try:
        engine.load_master(master_tables(data, entities))
        table = engine.assign(as_of)
    finally:
        engine.close()
    rows = [
        Assignment(r["entity_kind"], r["entity_id"], r["coverage_model"], r["status"], r["territory"], r["step"],
                   r["source"], r["reason"], tuple(r["tied_rules"].split(", ")) if r["tied_rules"] else ())
        for r in table.to_pylist()
    ]
    return AssignmentRun(as_of, rows)


def assign_store(store: Engine, as_of: date, known_at: datetime | None = None, *, bulk: bool = True) -> AssignmentRun:
    """Assign every entity of the store as recorded at `known_at`, on the bulk engine or the reference path."""
    if not bulk:
        return assign_all(load_master_data(store, known_at), as_of)
    data = load_master_data(store, known_at, entities=False)
    return assign_all_bulk(data, as_of, read_entity_tables(store, known_at))
