"""Helpers that run the use cases on an acceptance book and pick out the numbers a case states."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from territorial.domain.entity import EntityKind
from territorial.domain.period import parse_reporting_period
from territorial.rules.resolution import Resolution, Resolver
from territorial.service.rollup import rollup, rollup_people
from territorial.service.runs import run_attribution
from territorial.store import load_master_data


def resolve(book, model: str, kind: EntityKind, entity_id: str, day: date = date(2025, 1, 15)) -> Resolution:
    resolver = Resolver(load_master_data(book.workspace.engine))
    return resolver.resolve(model, resolver.entity_subject(kind, entity_id, day))


def credits_by_person(book, period: str) -> dict[tuple[str, str], Decimal]:
    run = run_attribution(book.workspace, parse_reporting_period(period))
    totals: dict[tuple[str, str], Decimal] = defaultdict(lambda: Decimal("0.00"))
    for credit in run.attribution.credits:
        totals[(credit.coverage_model, credit.person_id)] += credit.amount
    return dict(totals)


def rollup_rows(book, period: str, dimension: str):
    reporting = parse_reporting_period(period)
    run = run_attribution(book.workspace, reporting)
    return {(r.coverage_model, r.key): r for r in rollup(run.attribution.placements, run.data, reporting)
            if r.dimension == dimension}


def person_rows(book, period: str):
    reporting = parse_reporting_period(period)
    run = run_attribution(book.workspace, reporting)
    return {(p.coverage_model, p.person_id): p
            for p in rollup_people(run.attribution.credits, run.attribution.placements, run.data, reporting)}
