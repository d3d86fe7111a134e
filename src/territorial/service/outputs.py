"""The files a run leaves for its users: credits, facts, placements, rollup CSVs and the HTML report."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

from territorial.domain.period import ReportingPeriod
from territorial.engine import rollups as sql_rollups
from territorial.io import html_report as html
from territorial.io.exports import write_credits, write_csv, write_rows
from territorial.io.fact_file import write_facts
from territorial.service.assignment import AssignmentRun
from territorial.service.attribution import Placement
from territorial.service.rollup import UNASSIGNED, RollupRow
from territorial.service.runs import AttributionRun, ModelSummary, rollup_people_run, rollup_run

ZERO = Decimal("0.00")


def write_outputs(run: AttributionRun, summaries: list[ModelSummary], period: ReportingPeriod, out: Path,
                  assignments: AssignmentRun | None = None, title: str = "territorial report") -> list[Path]:
    """Write every output of a run under `out` and return the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    rows = rollup_run(run, period)
    people = rollup_people_run(run, period)
    written = {
        **_fact_files(run),
        "summary_by_model.csv": lambda p: write_csv(summaries, p),
        "rollup_by_territory.csv": lambda p: write_csv([r for r in rows if r.dimension == "territory"], p),
        "rollup_by_hierarchy.csv": lambda p: write_csv([r for r in rows if r.dimension == "hierarchy"], p),
        "rollup_by_channel.csv": lambda p: write_csv([r for r in rows if r.dimension == "channel"], p),
        "rollup_by_person.csv": lambda p: write_csv(people, p),
        "unassigned_by_reason.csv": lambda p: write_csv(unassigned_groups(run), p),
    }
    if assignments is not None:
        written["assignment_exceptions.csv"] = lambda p: write_csv(assignments.exceptions(), p)
    paths = []
    for name, write in written.items():
        write(out / name)
        paths.append(out / name)
    report = out / "report.html"
    html.write_report(report_data(run, summaries, rows, people, period, title), report)
    paths.append(report)
    return paths


def _fact_files(run: AttributionRun) -> dict[str, Callable[[Path], None]]:
    """Return the writers of the run's Parquet files: credits, facts and placements."""
    if run.bulk is not None:
        return {"credits.parquet": run.bulk.write_credits, "facts.parquet": run.bulk.write_facts,
                "placements.parquet": run.bulk.write_placements}
    return {
        "credits.parquet": lambda p: write_credits(run.attribution.credits, p),
        "facts.parquet": lambda p: write_facts(run.facts, p),
        "placements.parquet": lambda p: write_rows(run.attribution.placements, p),
    }


@dataclass(frozen=True)
class UnassignedGroup:
    """Money that earned no credit for one reason: the period's flows and its month-end AUM."""

    coverage_model: str
    status: str
    reason: str
    flow_facts: int
    net_flows: Decimal
    positions: int
    month_end_aum: Decimal


def unassigned_groups(run: AttributionRun) -> list[UnassignedGroup]:
    """Group the run's facts that earned no credit by coverage model, status and reason."""
    if run.bulk is None:
        return unassigned_by_reason(run.attribution.placements)
    return [UnassignedGroup(**row) for row in sql_rollups.unassigned_rows(run.bulk.backend)]


def unassigned_by_reason(placements: list[Placement]) -> list[UnassignedGroup]:
    """Group the facts that earned no credit by coverage model, status and reason."""
    aum_day = max((p.date for p in placements if p.kind == "aum"), default=None)
    groups: dict[tuple[str, str, str], list] = defaultdict(lambda: [0, ZERO, 0, ZERO])  # type: ignore[type-arg]
    for p in placements:
        if p.status == "assigned" or (p.kind == "aum" and p.date != aum_day):
            continue
        totals = groups[(p.coverage_model, p.status, p.reason)]
        offset = 2 if p.kind == "aum" else 0
        totals[offset] += 1
        totals[offset + 1] += p.amount
    return [UnassignedGroup(*key, *totals) for key, totals in sorted(groups.items())]


def report_data(run: AttributionRun, summaries: list[ModelSummary], rows: list[RollupRow], people,  # type: ignore[no-untyped-def]
                period: ReportingPeriod, title: str) -> html.ReportData:
    regions = _regions(run)
    territory_rows = [
        html.TerritoryRow(r.coverage_model, regions.get(r.key, UNASSIGNED), r.key, r.name,
                          r.gross_sales, r.redemptions, r.net_flows, r.aum)
        for r in rows if r.dimension == "territory"
    ]
    return html.ReportData(
        title=title,
        period_label=period.label,
        generated_at=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        models=[html.ModelSummary(s.coverage_model, s.name, s.flow_facts, s.net_flows,
                                  s.net_flows - s.net_flows_unassigned, s.net_flows_unassigned,
                                  s.unassigned_facts, s.conflicts, s.net_flows_credited) for s in summaries],
        territory_rows=territory_rows,
        monthly_rows=_monthly(run, regions),
        person_rows=[html.PersonRow(p.coverage_model, p.person_id, p.name, p.net_flows) for p in people],
    )


def _regions(run: AttributionRun) -> dict[str, str]:
    """Map each territory to the name of its top-level ancestor, its region in the report."""
    hierarchy = run.data.hierarchy(run.period.start if run.period else datetime.now().date())
    regions = {}
    for code in run.data.territories:
        path = hierarchy.path(code)
        if path:
            top = path[-2] if len(path) > 1 else path[-1]
            regions[code] = top.name
    return regions


def _monthly(run: AttributionRun, regions: dict[str, str]) -> list[html.MonthlyRow]:
    """Sum net flows and month-end AUM per coverage model, region and month."""
    if run.bulk is not None:
        return _monthly_from_sql(run, regions)
    flows: dict[tuple[str, str | None, int, int], Decimal] = defaultdict(lambda: ZERO)
    aum: dict[tuple[str, str | None, int, int], Decimal] = defaultdict(lambda: ZERO)
    month_end: dict[tuple[int, int], date] = {}
    for p in run.attribution.placements:
        if p.kind == "aum":
            month = (p.date.year, p.date.month)
            month_end[month] = max(month_end.get(month, p.date), p.date)
    for p in run.attribution.placements:
        key = (p.coverage_model, p.territory, p.date.year, p.date.month)
        if p.kind != "aum":
            flows[key] += p.amount
        elif p.date == month_end[key[2:]]:
            aum[key] += p.amount
    by_region: dict[tuple[str, str, str], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for source, position in ((flows, 0), (aum, 1)):
        for (model, territory, year, month), amount in source.items():
            region = regions.get(territory or "", UNASSIGNED)
            by_region[(model, region, f"{year:04d}-{month:02d}")][position] += amount
    return [html.MonthlyRow(model, region, month, net, held)
            for (model, region, month), (net, held) in sorted(by_region.items())]


def _monthly_from_sql(run: AttributionRun, regions: dict[str, str]) -> list[html.MonthlyRow]:
    """Add the engine's sums per coverage model, territory and month into regions."""
    assert run.bulk is not None
    by_region: dict[tuple[str, str, str], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for row in sql_rollups.monthly_rows(run.bulk.backend):
        region = regions.get(row["territory"] or "", UNASSIGNED)
        key = (row["coverage_model"], region, row["month"])
        if row["flow_facts"]:
            by_region[key][0] += row["net_flows"]
        if row["aum_facts"]:
            by_region[key][1] += row["aum"]
    return [html.MonthlyRow(model, region, month, net, held)
            for (model, region, month), (net, held) in sorted(by_region.items())]
