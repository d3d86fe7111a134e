"""Credits: one person's share of one fact in one coverage model, with its lineage."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from territorial.domain.coverage import CoverageTeam
from territorial.domain.fact import Fact
from territorial.domain.money import split_cents


@dataclass(frozen=True)
class Lineage:
    """How a fact reached its territory: which step, and which rule, account rule or override."""

    step: str
    source: str | None


@dataclass(frozen=True)
class Credit:
    fact_id: str
    coverage_model: str
    territory: str
    person_id: str
    role: str
    split: Decimal
    amount: Decimal
    step: str
    source: str | None
    team_version: str


def split_fact(fact: Fact, coverage_model: str, territory: str, team: CoverageTeam, lineage: Lineage) -> list[Credit]:
    """Split a fact among a team to the cent; the credits sum to the fact's amount exactly."""
    parts = split_cents(int(fact.amount * 100), team.basis_points)
    return [
        Credit(fact.id, coverage_model, territory, member.person_id, member.role, member.split,
               Decimal(part).scaleb(-2), lineage.step, lineage.source, team.version)
        for member, part in zip(team.members, parts)
    ]
