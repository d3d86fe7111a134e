"""Coverage models, people and coverage teams with roles and split percentages."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cached_property

from territorial.domain.money import HUNDRED
from territorial.domain.period import ValidPeriod
from territorial.errors import DomainError


class ResolutionStep(StrEnum):
    """One link of a coverage model's resolution order; the first step that hits wins."""

    TRADE_OVERRIDE = "trade_override"
    ACCOUNT_OVERRIDE = "account_override"
    ACCOUNT_RULE = "account_rule"
    ACCOUNT_ATTRIBUTES = "account_attributes"
    CONTACT_OVERRIDE = "contact_override"
    CONTACT_ATTRIBUTES = "contact_attributes"
    ORGANISATION_OVERRIDE = "organisation_override"
    ORGANISATION_ATTRIBUTES = "organisation_attributes"


DEFAULT_RESOLUTION_ORDER: tuple[ResolutionStep, ...] = tuple(ResolutionStep)


@dataclass(frozen=True)
class CoverageModel:
    """One way of covering the market, with its own rules, resolution order and teams."""

    code: str
    name: str
    resolution_order: tuple[ResolutionStep, ...] = DEFAULT_RESOLUTION_ORDER
    period: ValidPeriod = field(default_factory=ValidPeriod)


@dataclass(frozen=True)
class Person:
    """A salesperson who can sit on coverage teams."""

    id: str
    name: str
    email: str | None = None


# Roles in the order that breaks ties for the last cent; unknown roles come after, by name.
ROLE_ORDER = ("primary", "secondary", "internal", "overlay", "specialist")


def role_rank(role: str) -> tuple[int, str]:
    return (ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER), role)


@dataclass(frozen=True)
class TeamMember:
    person_id: str
    role: str
    split: Decimal


@dataclass(frozen=True)
class CoverageTeam:
    """The people covering one territory in one coverage model during one valid period.

    Members are kept in the documented cent order: role rank, then person id.
    """

    coverage_model: str
    territory: str
    members: tuple[TeamMember, ...]
    period: ValidPeriod = field(default_factory=ValidPeriod)

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.members, key=lambda m: (role_rank(m.role), m.person_id)))
        object.__setattr__(self, "members", ordered)
        check_splits(self)

    @cached_property
    def version(self) -> str:
        """A readable id of this team version, used in credit lineage."""
        return f"{self.coverage_model}/{self.territory}@{self.period.valid_from.isoformat()}"

    @cached_property
    def basis_points(self) -> tuple[int, ...]:
        """The members' splits in basis points (60.25% is 6025), in member order."""
        return tuple(int(m.split * 100) for m in self.members)


def check_splits(team: CoverageTeam) -> None:
    """Raise DomainError unless every split is a non-negative two-decimal percentage and they total 100."""
    where = (
        f"team of territory {team.territory!r} in coverage model {team.coverage_model!r} "
        f"from {team.period.valid_from.isoformat()}"
    )
    if not team.members:
        raise DomainError(f"The {where} has no members; a team needs at least one person.")
    people = [m.person_id for m in team.members]
    if len(set(people)) != len(people):
        raise DomainError(f"The {where} lists a person twice; give each person one split.")
    for member in team.members:
        if member.split < 0:
            raise DomainError(
                f"The {where} gives {member.person_id!r} a negative split {member.split}; "
                "splits are percentages from 0 to 100."
            )
        if member.split != member.split.quantize(Decimal("0.01")):
            raise DomainError(
                f"The {where} gives {member.person_id!r} the split {member.split}, which has "
                "more than two decimals; round it to two."
            )
    total = sum((m.split for m in team.members), Decimal(0))
    if total != HUNDRED:
        raise DomainError(
            f"The splits of the {where} total {total}, not 100; adjust them so they sum to "
            "exactly 100.00."
        )
