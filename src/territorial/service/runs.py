"""The attribution run: facts placed in every coverage model, split into credits, summed for a period."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

import pyarrow as pa

from territorial.domain.credit import Credit
from territorial.domain.fact import Fact
from territorial.domain.master_data import MasterData
from territorial.domain.period import ReportingPeriod
from territorial.engine import rollups as sql_rollups
from territorial.engine.bulk import BulkEngine
from territorial.engine.master_tables import master_tables
from territorial.io.fact_file import facts_from_table, facts_to_table
from territorial.service.attribution import ASSIGNED, Attribution, Attributor, Placement
from territorial.service.facts import fact_files, read_facts
from territorial.service.rollup import AUM, PersonRow, RollupRow, rollup, rollup_people
from territorial.service.workspace import Workspace
from territorial.store import load_master_data
from territorial.store.entity_arrow import read_entity_tables

log = logging.getLogger(__name__)
ZERO = Decimal("0.00")


class Engine(StrEnum):
    """The evaluator of a run: the bulk engine, or the one-at-a-time reference path."""

    DUCKDB = "duckdb"
    REFERENCE = "reference"


class AttributionRun:
    """The facts of a period placed and credited, on the reference path or the bulk engine.

    On the bulk engine the placements and credits stay in the engine's tables; `facts`
    and `attribution` turn them into Python objects only when something asks for them.
    """

    def __init__(self, period: ReportingPeriod | None, known_at: datetime | None, data: MasterData, *,
                 facts: list[Fact] | None = None, attribution: Attribution | None = None,
                 bulk: BulkEngine | None = None) -> None:
        self.period = period
        self.known_at = known_at
        self.data = data
        self.bulk = bulk
        self._facts = facts
        self._attribution = attribution

    @property
    def facts(self) -> list[Fact]:
        if self._facts is None:
            assert self.bulk is not None
            self._facts = facts_from_table(self.bulk.backend.to_arrow("SELECT * FROM fact_source ORDER BY fact_id"))
            if self.period is not None:
                self._facts = [f for f in self._facts if self.period.contains(f.date)]
        return self._facts

    @property
    def attribution(self) -> Attribution:
        if self._attribution is None:
            assert self.bulk is not None
            self._attribution = Attribution(_placements(self.bulk.placements()), _credits(self.bulk.credits()))
        return self._attribution


@dataclass(frozen=True)
class ModelSummary:
    """Per coverage model: the money placed and credited, and the money left unassigned.

    Flows and AUM are summed apart because adding a stock to a flow means nothing:
    `net_flows` is the sum of the period's signed flows and `aum` the AUM on the last
    position date of the period. For each, `credited + unassigned == total` to the cent.
    The counts (`flow_facts`, `unassigned_facts`, `conflicts`) are of flows only.
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
                    progress: Callable[[int], None] | None = None, engine: Engine = Engine.DUCKDB, *,
                    with_entities: bool = False) -> AttributionRun:
    """Attribute the facts of `period` (all facts when None) on the master data known at `known_at`.

    On the bulk engine the run's `data` contains organisations, contacts and accounts
    only `with_entities`, because the engine reads them from the store as Arrow columns.
    """
    ws.require_ready()
    if engine is Engine.DUCKDB:
        return _run_bulk(ws, period, known_at, with_entities)
    data = load_master_data(ws.engine, known_at)
    facts = read_facts(ws, known_at)
    if period is not None:
        facts = [f for f in facts if period.contains(f.date)]
    attribution = Attributor(data).run(facts, progress=progress)
    log.info("attributed %d facts into %d credits", len(facts), len(attribution.credits))
    return AttributionRun(period, known_at, data, facts=facts, attribution=attribution)


def _run_bulk(ws: Workspace, period: ReportingPeriod | None, known_at: datetime | None,
              with_entities: bool) -> AttributionRun:
    data = load_master_data(ws.engine, known_at, entities=with_entities)
    # With the entities already loaded as objects, reading them again as columns is wasted I/O.
    entities = None if with_entities else read_entity_tables(ws.engine, known_at)
    bulk = BulkEngine()
    bulk.load_master(master_tables(data, entities))
    paths = fact_files(ws, known_at)
    if paths:
        bulk.load_fact_files(paths, period)
    else:
        bulk.load_fact_table(facts_to_table([]), period)
    bulk.attribute()
    log.info("attributed %d facts on the bulk engine", bulk.backend.count("fact"))
    return AttributionRun(period, known_at, data, bulk=bulk)


def rollup_run(run: AttributionRun, period: ReportingPeriod) -> list[RollupRow]:
    """Roll the run up by territory, hierarchy, channel and coverage model (see service/rollup.py)."""
    if run.bulk is None:
        return rollup(run.attribution.placements, run.data, period)
    _load_rollup_inputs(run, period)
    return [RollupRow(**row) for row in sql_rollups.rollup_rows(run.bulk.backend)]


def rollup_people_run(run: AttributionRun, period: ReportingPeriod) -> list[PersonRow]:
    """Sum each person's credits for the period (see service/rollup.py)."""
    if run.bulk is None:
        return rollup_people(run.attribution.credits, run.attribution.placements, run.data, period)
    return [PersonRow(row["coverage_model"], row["person_id"], row["name"], row["gross_sales"],
                      row["redemptions"], row["net_flows"], row["aum"])
            for row in sql_rollups.person_rows(run.bulk.backend)]


def _load_rollup_inputs(run: AttributionRun, period: ReportingPeriod) -> None:
    """Load the hierarchy valid at the period start and the names that label rollup rows."""
    assert run.bulk is not None
    hierarchy = run.data.hierarchy(period.start)
    paths = [(code, node.code) for code in run.data.territories for node in hierarchy.path(code)]
    names = [("territory", code, node.name, node.level)
             for code in run.data.territories if (node := hierarchy.get(code)) is not None]
    names += [("coverage_model", code, run.data.coverage_models[code].items[-1].name, "coverage_model")
              for code in run.data.coverage_models]
    run.bulk.backend.load_arrow("rollup_path", _text_table(paths, ("territory", "node")))
    run.bulk.backend.load_arrow("rollup_name", _text_table(names, ("dimension", "key", "name", "level")))


def _text_table(rows: list[tuple[str, ...]], columns: tuple[str, ...]) -> pa.Table:
    return pa.table({name: pa.array([row[i] for row in rows], pa.string()) for i, name in enumerate(columns)})


def _placements(table: pa.Table) -> list[Placement]:
    return [Placement(**row) for row in table.to_pylist()]


def _credits(table: pa.Table) -> list[Credit]:
    return [Credit(**row) for row in table.to_pylist()]


def summarise(run: AttributionRun) -> list[ModelSummary]:
    """Return one summary per coverage model, in code order."""
    if run.bulk is not None:
        return [ModelSummary(row["coverage_model"], run.data.coverage_models[row["coverage_model"]].items[-1].name,
                             **{k: v for k, v in row.items() if k != "coverage_model"})
                for row in sql_rollups.summary_rows(run.bulk.backend)]
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
        if not is_aum:
            counts[p.coverage_model][0] += 1
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
