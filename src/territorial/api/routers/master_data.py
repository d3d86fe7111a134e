"""Coverage models, territories with their teams, rules, account rules and people, at any as_of and known_at."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from territorial.api.auth import Viewer
from territorial.api.coordinates import AsOf, KnownAt, aware, day
from territorial.api.errors import ERROR_RESPONSES
from territorial.api.pagination import Page, Paging, paginate
from territorial.api.schemas import (
    AccountRuleOut,
    CoverageModelOut,
    RuleOut,
    TeamOut,
    TerritoryDetailOut,
    TerritoryOut,
)
from territorial.api.snapshots import SnapshotsDep
from territorial.errors import NotFoundError

router = APIRouter(tags=["master data"], responses=ERROR_RESPONSES)

ModelFilter = Annotated[str | None, Query(description="Only this coverage model.")]
TerritoryFilter = Annotated[str | None, Query(description="Only this territory.")]


@router.get("/coverage-models", response_model=list[CoverageModelOut])
def list_coverage_models(_: Viewer, cache: SnapshotsDep, as_of: AsOf = None,
                         known_at: KnownAt = None) -> list[CoverageModelOut]:
    """List the coverage models valid on `as_of`."""
    data = cache.master_data(aware(known_at))
    valid = [data.coverage_models[code].at(day(as_of)) for code in data.model_codes()]
    return [CoverageModelOut.of(model) for model in valid if model is not None]


@router.get("/territories", response_model=Page[TerritoryOut])
def list_territories(_: Viewer, cache: SnapshotsDep, paging: Paging, as_of: AsOf = None, known_at: KnownAt = None,
                     parent: Annotated[str | None, Query(description="Only the children of this territory.")] = None,
                     level: Annotated[str | None, Query(description="Only this level, e.g. region.")] = None,
                     ) -> Page[TerritoryOut]:
    """List the territories valid on `as_of`, by code."""
    data = cache.master_data(aware(known_at))
    found = []
    for code in sorted(data.territories):
        territory = data.territories[code].at(day(as_of))
        if territory is None or (parent and territory.parent != parent) or (level and territory.level != level):
            continue
        found.append(TerritoryOut.of(territory))
    return paginate(found, paging)


@router.get("/territories/{code}", response_model=TerritoryDetailOut)
def get_territory(code: str, _: Viewer, cache: SnapshotsDep, as_of: AsOf = None,
                  known_at: KnownAt = None) -> TerritoryDetailOut:
    """Return every valid-time version of a territory, its children on `as_of` and its team history per model."""
    data = cache.master_data(aware(known_at))
    versions = data.territories.get(code)
    if versions is None:
        raise NotFoundError(f"There is no territory {code!r}; list territories at /api/v1/territories.")
    children = sorted(c for c, v in data.territories.items() if (t := v.at(day(as_of))) and t.parent == code)
    teams = {model: [TeamOut.of(team, data) for team in team_versions.items]
             for (model, territory), team_versions in sorted(data.teams.items()) if territory == code}
    return TerritoryDetailOut(code=code, versions=[TerritoryOut.of(t) for t in versions.items], children=children,
                              teams=teams)


@router.get("/teams", response_model=Page[TeamOut])
def list_teams(_: Viewer, cache: SnapshotsDep, paging: Paging, coverage_model: ModelFilter = None,
               territory: TerritoryFilter = None, as_of: AsOf = None, known_at: KnownAt = None) -> Page[TeamOut]:
    """List the coverage teams valid on `as_of`, with their members, roles and splits."""
    data = cache.master_data(aware(known_at))
    found = []
    for (model, code), versions in sorted(data.teams.items()):
        team = versions.at(day(as_of))
        if team is None or (coverage_model and model != coverage_model) or (territory and code != territory):
            continue
        found.append(TeamOut.of(team, data))
    return paginate(found, paging)


@router.get("/rules", response_model=Page[RuleOut])
def list_rules(_: Viewer, cache: SnapshotsDep, paging: Paging, coverage_model: ModelFilter = None,
               territory: TerritoryFilter = None, as_of: AsOf = None, known_at: KnownAt = None) -> Page[RuleOut]:
    """List the attribute rules valid on `as_of`, per coverage model in priority order."""
    data = cache.master_data(aware(known_at))
    found = [
        RuleOut.of(rule)
        for model in data.model_codes() if not coverage_model or model == coverage_model
        for rule in data.rules.get(model, [])
        if rule.period.contains(day(as_of)) and (not territory or rule.territory == territory)
    ]
    return paginate(found, paging)


@router.get("/account-rules", response_model=Page[AccountRuleOut])
def list_account_rules(_: Viewer, cache: SnapshotsDep, paging: Paging, coverage_model: ModelFilter = None,
                       as_of: AsOf = None, known_at: KnownAt = None) -> Page[AccountRuleOut]:
    """List the account rules valid on `as_of`."""
    data = cache.master_data(aware(known_at))
    found = []
    for (model, _account), versions in sorted(data.account_rules.items()):
        rule = versions.at(day(as_of))
        if rule is not None and (not coverage_model or model == coverage_model):
            found.append(AccountRuleOut.of(rule))
    return paginate(found, paging)
