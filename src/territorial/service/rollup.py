"""Rollups for a period: gross sales, redemptions, net flows and month-end AUM.

Rows are always per coverage model: a report never adds two coverage models into
one total. In the hierarchy rollup a fact counts once at each level above its
territory, never once per path. Month-end AUM is the AUM on the last position
date inside the period. Redemptions are shown as a positive number; net flows are
gross sales minus redemptions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from territorial.domain.credit import Credit
from territorial.domain.fact import FactKind
from territorial.domain.master_data import MasterData
from territorial.domain.period import ReportingPeriod
from territorial.service.attribution import Placement

UNASSIGNED = "(unassigned)"
AUM = FactKind.AUM.value
_DIRECTION = {kind.value: kind.direction for kind in FactKind}
ZERO = Decimal("0.00")


@dataclass
class Totals:
    gross_sales: Decimal = ZERO
    redemptions: Decimal = ZERO
    net_flows: Decimal = ZERO
    aum: Decimal = ZERO
    facts: int = 0

    def add(self, kind: str, amount: Decimal, is_month_end: bool) -> None:
        self.facts += 1
        if kind == AUM:
            if is_month_end:
                self.aum += amount
            return
        self.net_flows += amount
        if _DIRECTION[kind] > 0:
            self.gross_sales += amount
        else:
            self.redemptions -= amount

    def merge(self, other: Totals) -> None:
        self.gross_sales += other.gross_sales
        self.redemptions += other.redemptions
        self.net_flows += other.net_flows
        self.aum += other.aum
        self.facts += other.facts


@dataclass(frozen=True)
class RollupRow:
    """One line of a rollup: a territory, hierarchy node, channel, person or whole coverage model."""

    coverage_model: str
    dimension: str
    key: str
    name: str
    level: str
    gross_sales: Decimal
    redemptions: Decimal
    net_flows: Decimal
    aum: Decimal
    facts: int


def month_end_date(placements: Iterable[Placement], period: ReportingPeriod) -> date | None:
    """Return the last AUM position date inside the period."""
    days = {p.date for p in placements if p.kind == AUM and period.contains(p.date)}
    return max(days) if days else None


def rollup(placements: list[Placement], data: MasterData, period: ReportingPeriod) -> list[RollupRow]:
    """Roll placements up by territory, hierarchy, channel and coverage model.

    Facts are first summed per coverage model, territory and channel, then those few
    sums are added into every group they belong to.
    """
    aum_day = month_end_date(placements, period)
    leaves: dict[tuple[str, str | None, str | None], Totals] = defaultdict(Totals)
    for p in placements:
        if period.contains(p.date):
            leaves[(p.coverage_model, p.territory, p.channel)].add(p.kind, p.amount, p.date == aum_day)
    hierarchy = data.hierarchy(period.start)
    groups: dict[tuple[str, str, str], Totals] = defaultdict(Totals)
    for (model, territory, channel), totals in leaves.items():
        keys = [(model, "coverage_model", model), (model, "channel", channel or UNASSIGNED),
                (model, "territory", territory or UNASSIGNED)]
        if territory:
            keys += [(model, "hierarchy", node.code) for node in hierarchy.path(territory)]
        for key in keys:
            groups[key].merge(totals)
    return [_row(key, totals, data, hierarchy) for key, totals in sorted(groups.items())]


def _row(key: tuple[str, str, str], totals: Totals, data: MasterData, hierarchy) -> RollupRow:  # type: ignore[no-untyped-def]
    model, dimension, code = key
    name, level = code, dimension
    if dimension in ("territory", "hierarchy"):
        territory = hierarchy.get(code)
        if territory is not None:
            name, level = territory.name, territory.level
    elif dimension == "coverage_model":
        version = data.coverage_models[model].items[-1]
        name = version.name
    return RollupRow(model, dimension, code, name, level, totals.gross_sales, totals.redemptions,
                     totals.net_flows, totals.aum, totals.facts)


@dataclass(frozen=True)
class PersonRow:
    coverage_model: str
    person_id: str
    name: str
    gross_sales: Decimal
    redemptions: Decimal
    net_flows: Decimal
    aum: Decimal


def rollup_people(credits: list[Credit], placements: list[Placement], data: MasterData,
                  period: ReportingPeriod) -> list[PersonRow]:
    """Sum each person's credits for the period, by the kind of fact credited."""
    facts = {p.fact_id: p for p in placements}
    aum_day = month_end_date(placements, period)
    groups: dict[tuple[str, str], Totals] = defaultdict(Totals)
    for credit in credits:
        placement = facts[credit.fact_id]
        if period.contains(placement.date):
            groups[(credit.coverage_model, credit.person_id)].add(
                placement.kind, credit.amount, placement.date == aum_day)
    rows = []
    for (model, person_id), totals in sorted(groups.items()):
        person = data.people.get(person_id)
        rows.append(PersonRow(model, person_id, person.name if person else person_id,
                              totals.gross_sales, totals.redemptions, totals.net_flows, totals.aum))
    return rows
