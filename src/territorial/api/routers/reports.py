"""Assignments, credits and rollups of flows and AUM for a period."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query

from territorial.api.auth import Viewer
from territorial.api.coordinates import AsOf, KnownAt, aware, day
from territorial.api.errors import ERROR_RESPONSES
from territorial.api.pagination import Page, Paging, paginate
from territorial.api.schemas import AssignmentOut, CreditOut, RollupRowOut
from territorial.api.snapshots import Snapshots, SnapshotsDep
from territorial.domain.period import ReportingPeriod, parse_reporting_period
from territorial.errors import InputError, Problem
from territorial.service.rollup import rollup, rollup_people

router = APIRouter(tags=["reports"], responses=ERROR_RESPONSES)

PeriodQuery = Annotated[str, Query(description="A month (2025-01), a quarter (2025-Q1) or a year (2025).")]
ModelFilter = Annotated[str | None, Query(description="Only this coverage model.")]


class Dimension(StrEnum):
    TERRITORY = "territory"
    HIERARCHY = "hierarchy"
    CHANNEL = "channel"
    COVERAGE_MODEL = "coverage_model"
    PERSON = "person"


@router.get("/assignments", response_model=Page[AssignmentOut])
def list_assignments(
    _: Viewer, cache: SnapshotsDep, paging: Paging, as_of: AsOf = None, known_at: KnownAt = None,
    coverage_model: ModelFilter = None,
    entity_kind: Annotated[str | None, Query(description="organisation, contact or account.")] = None,
    status: Annotated[str | None, Query(description="assigned, conflict or unassigned.")] = None,
    territory: Annotated[str | None, Query(description="Only entities in this territory.")] = None,
) -> Page[AssignmentOut]:
    """List the territory of every entity in every coverage model on `as_of`."""
    data = cache.master_data(aware(known_at))
    run = cache.assignments(day(as_of), aware(known_at))
    found = [
        AssignmentOut.of(a, data, run.as_of) for a in run.assignments
        if (not coverage_model or a.coverage_model == coverage_model)
        and (not entity_kind or a.entity_kind == entity_kind)
        and (not status or a.status == status)
        and (not territory or a.territory == territory)
    ]
    return paginate(found, paging)


@router.get("/credits", response_model=Page[CreditOut])
def list_credits(
    _: Viewer, cache: SnapshotsDep, paging: Paging, period: PeriodQuery, known_at: KnownAt = None,
    coverage_model: ModelFilter = None,
    person: Annotated[str | None, Query(description="Only this person's credits.")] = None,
    territory: Annotated[str | None, Query(description="Only credits in this territory.")] = None,
    fact: Annotated[str | None, Query(description="Only the credits of this fact.")] = None,
) -> Page[CreditOut]:
    """List the credits of the period's facts: each person's share of each fact in each coverage model."""
    run = cache.attribution(parse_period(period), aware(known_at))
    found = [
        CreditOut.of(c) for c in run.attribution.credits
        if (not coverage_model or c.coverage_model == coverage_model) and (not person or c.person_id == person)
        and (not territory or c.territory == territory) and (not fact or c.fact_id == fact)
    ]
    return paginate(found, paging)


@router.get("/reports/rollup", response_model=Page[RollupRowOut])
def get_rollup(
    _: Viewer, cache: SnapshotsDep, paging: Paging, period: PeriodQuery, known_at: KnownAt = None,
    by: Annotated[Dimension, Query(description="The rollup dimension.")] = Dimension.TERRITORY,
    coverage_model: ModelFilter = None,
) -> Page[RollupRowOut]:
    """Return gross sales, redemptions, net flows and month-end AUM per territory, region, channel or person."""
    rows = rollup_rows(cache, parse_period(period), by, aware(known_at))
    return paginate([r for r in rows if not coverage_model or r.coverage_model == coverage_model], paging)


def rollup_rows(cache: Snapshots, period: ReportingPeriod, by: Dimension,
                known_at: datetime | None = None) -> list[RollupRowOut]:
    """Return one rollup of the period as response rows; person rows count no facts."""
    run = cache.attribution(period, known_at)
    placements = run.attribution.placements
    if by is Dimension.PERSON:
        return [RollupRowOut.of_person(r) for r in rollup_people(run.attribution.credits, placements, run.data, period)]
    return [RollupRowOut.of(r) for r in rollup(placements, run.data, period) if r.dimension == by.value]


def parse_period(text: str) -> ReportingPeriod:
    try:
        return parse_reporting_period(text)
    except ValueError as error:
        raise InputError([Problem(str(error), field="period", value=text,
                                  fix="write a month (2025-01), a quarter (2025-Q1) or a year (2025)")]) from None
