"""The domain objects that one territory-as-code file defines."""

from __future__ import annotations

from dataclasses import dataclass, field

from territorial.domain.coverage import CoverageModel, CoverageTeam, Person
from territorial.domain.rule import AccountRule, AttributeRule
from territorial.domain.territory import Territory


@dataclass(frozen=True)
class TerritoryDocument:
    """Everything a territory file defines, in file order, already validated as a whole."""

    coverage_models: list[CoverageModel] = field(default_factory=list)
    territories: list[Territory] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    teams: list[CoverageTeam] = field(default_factory=list)
    rules: list[AttributeRule] = field(default_factory=list)
    account_rules: list[AccountRule] = field(default_factory=list)
