"""The attribution run: facts placed in every coverage model, split into credits, summed for a period."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from territorial.domain.fact import Fact
from territorial.domain.master_data import MasterData
from territorial.domain.period import ReportingPeriod
from territorial.service.attribution import ASSIGNED, Attribution, Attributor
from territorial.service.rollup import AUM
from territorial.service.facts import read_facts
from territorial.service.workspace import Workspace
from territorial.store import load_master_data

log = logging.getLogger(__name__)
ZERO = Decimal("0.00")


@dataclass
class AttributionRun:
    period: ReportingPeriod | None
    known_at: datetime | None
    data: MasterData
    facts: list[Fact]
    attribution: Attribution


@dataclass(frozen=True)
class ModelSummary:
    """Per coverage model: the money placed and credited, and the money left unassigned.

    Flows and AUM are summed apart because adding a stock to a flow means nothing:
    `net_flows` is the sum of the period's signed flows and `aum` the AUM on the last
    position date of the period. For each, `credited + unassigned == total` to the cent.
    """

    coverage_model: str
    name: str
    flow_facts: int
    net_flows: Decimal
    net_flows_credited: Decimal
    net_flows_unassigned: Decimal
    aum_date: date | None
    aum: Decimal
    aum_credited: Decimal
    aum_unassigned: Decimal
    unassigned_facts: int
    conflicts: int


def run_attribution(ws: Workspace, period: ReportingPeriod | None = None, known_at: datetime | None = None,
                    progress: Callable[[int], None] | None = None) -> AttributionRun:
    """Attribute the facts of `period` (all facts when None) on the master data known at `known_at`."""
    ws.require_ready()
    data = load_master_data(ws.engine, known_at)
    facts = read_facts(ws, known_at)
    if period is not None:
        facts = [f for f in facts if period.contains(f.date)]
    attribution = Attributor(data).run(facts, progress=progress)
    log.info("attributed %d facts into %d credits", len(facts), len(attribution.credits))
    return AttributionRun(period, known_at, data, facts, attribution)


def summarise(run: AttributionRun) -> list[ModelSummary]:
    """Return one summary per coverage model, in code order."""
    placements = run.attribution.placements
    aum_date = max((p.date for p in placements if p.kind == AUM), default=None)
    counted = {p.fact_id for p in placements if p.kind != AUM or p.date == aum_date}
    credited: dict[tuple[str, bool], Decimal] = defaultdict(lambda: ZERO)
    kinds = {p.fact_id: p.kind for p in placements}
    for credit in run.attribution.credits:
        if credit.fact_id in counted:
            credited[(credit.coverage_model, kinds[credit.fact_id] == AUM)] += credit.amount
    totals: dict[tuple[str, bool], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for p in placements:
        is_aum = p.kind == AUM
        missing = p.status != ASSIGNED
        counts[p.coverage_model][0] += not is_aum
        counts[p.coverage_model][1] += missing
        counts[p.coverage_model][2] += p.status == "conflict"
        if p.fact_id in counted:
            totals[(p.coverage_model, is_aum)][0] += p.amount
            if missing:
                totals[(p.coverage_model, is_aum)][1] += p.amount
    return [_summary(run, code, aum_date, totals, credited, counts[code]) for code in run.data.model_codes()]


def _summary(run: AttributionRun, code: str, aum_date: date | None, totals, credited, counts) -> ModelSummary:  # type: ignore[no-untyped-def]
    flows, flows_missing = totals[(code, False)]
    aum, aum_missing = totals[(code, True)]
    name = run.data.coverage_models[code].items[-1].name
    return ModelSummary(code, name, counts[0], flows, credited[(code, False)], flows_missing,
                        aum_date, aum, credited[(code, True)], aum_missing, counts[1], counts[2])
