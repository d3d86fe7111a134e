"""Assignment runs: the territory of every organisation, contact and account in every coverage model."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from territorial.domain.entity import EntityKind
from territorial.domain.master_data import MasterData
from territorial.rules.resolution import Resolver, Status


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
        """Return the conflicts and unassigned entities, the run's exception report."""
        return [a for a in self.assignments if a.status != Status.ASSIGNED.value]

    def counts(self) -> Counter[tuple[str, str, str]]:
        """Count assignments by coverage model, entity kind and status."""
        return Counter((a.coverage_model, a.entity_kind, a.status) for a in self.assignments)


def assign_all(data: MasterData, as_of: date, progress: Callable[[int], None] | None = None) -> AssignmentRun:
    """Resolve every entity valid on `as_of` in every coverage model valid then."""
    resolver = Resolver(data)
    models = [code for code in data.model_codes() if data.coverage_models[code].at(as_of)]
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
                resolution = resolver.resolve(model, subject)
                rows.append(Assignment(
                    kind.value, entity_id, model, resolution.status.value, resolution.territory,
                    resolution.step.value if resolution.step else None, resolution.source,
                    resolution.reason, resolution.tied_rules,
                ))
            if progress:
                progress(1)
    return AssignmentRun(as_of, rows)
