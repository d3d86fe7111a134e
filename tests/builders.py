"""Small builders of master data for tests that exercise rules and attribution directly."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from territorial.domain.coverage import CoverageModel, CoverageTeam, ResolutionStep, TeamMember
from territorial.domain.master_data import MasterData
from territorial.domain.period import ValidPeriod
from territorial.domain.rule import AttributeRule, Condition
from territorial.domain.territory import Territory


def condition(attribute: str, operator: str, *values: object) -> Condition:
    return Condition.build(attribute, operator, list(values))


def rule(code: str, territory: str, priority: int, *conditions: Condition, model: str = "US_RETAIL",
         valid_from: date | None = None) -> AttributeRule:
    period = ValidPeriod(valid_from) if valid_from else ValidPeriod()
    return AttributeRule(code, model, territory, priority, tuple(conditions), period)


def team(territory: str, *members: tuple[str, str, str], model: str = "US_RETAIL",
         valid_from: date | None = None) -> CoverageTeam:
    period = ValidPeriod(valid_from) if valid_from else ValidPeriod()
    return CoverageTeam(model, territory, tuple(TeamMember(p, r, Decimal(s)) for p, r, s in members), period)


def master_data(*models: str, order: tuple[ResolutionStep, ...] | None = None) -> MasterData:
    data = MasterData()
    for code in models:
        if order:
            data.add_coverage_model(CoverageModel(code, code, order))
        else:
            data.add_coverage_model(CoverageModel(code, code))
    return data


def territories(data: MasterData, *codes: str) -> None:
    for code in codes:
        data.add_territory(Territory(code, code))
