"""The attribution run: facts placed in every coverage model, split into credits, summed for a period."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from territorial.domain.fact import Fact
from territorial.domain.master_data import MasterData
from territorial.domain.period import ReportingPeriod
from territorial.service.attribution import Attribution, Attributor, Placement
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
    """Per coverage model: how much money was placed and credited, and how much was not.

    `total` is the sum of the facts' signed amounts (flows and AUM positions);
    `credited + unassigned == total` to the cent.
    """

    coverage_model: str
    name: str
    facts: int
    total: Decimal
    assigned: Decimal
    unassigned: Decimal
    credited: Decimal
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
    credited: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for credit in run.attribution.credits:
        credited[credit.coverage_model] += credit.amount
    by_model: dict[str, list[Placement]] = defaultdict(list)
    for placement in run.attribution.placements:
        by_model[placement.coverage_model].append(placement)
    summaries = []
    for code in run.data.model_codes():
        placements = by_model.get(code, [])
        unassigned = [p for p in placements if p.territory is None or p.status != "assigned"]
        total = sum((p.amount for p in placements), ZERO)
        missing = sum((p.amount for p in unassigned), ZERO)
        name = run.data.coverage_models[code].items[-1].name
        summaries.append(ModelSummary(
            code, name, len(placements), total, total - missing, missing, credited[code],
            len(unassigned), sum(1 for p in placements if p.status == "conflict"),
        ))
    return summaries
