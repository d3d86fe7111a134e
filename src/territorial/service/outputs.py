"""The files a run leaves for its users: credits, facts, placements, rollup CSVs and the HTML report."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

from territorial.domain.period import ReportingPeriod
from territorial.io import html_report as html
from territorial.io.exports import write_credits, write_csv, write_rows
from territorial.io.fact_file import write_facts
from territorial.service.assignment import AssignmentRun
from territorial.service.attribution import Placement
from territorial.service.rollup import UNASSIGNED, RollupRow, rollup, rollup_people
from territorial.service.runs import AttributionRun, ModelSummary

ZERO = Decimal("0.00")


def write_outputs(run: AttributionRun, summaries: list[ModelSummary], period: ReportingPeriod, out: Path,
                  assignments: AssignmentRun | None = None, title: str = "territorial report") -> list[Path]:
    """Write every output of a run under `out` and return the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    placements = run.attribution.placements
    rows = rollup(placements, run.data, period)
    people = rollup_people(run.attribution.credits, placements, run.data, period)
    written = {
        "credits.parquet": lambda p: write_credits(run.attribution.credits, p),
        "facts.parquet": lambda p: write_facts(run.facts, p),
        "placements.parquet": lambda p: write_rows(placements, p),
        "summary_by_model.csv": lambda p: write_csv(summaries, p),
        "rollup_by_territory.csv": lambda p: write_csv([r for r in rows if r.dimension == "territory"], p),
        "rollup_by_hierarchy.csv": lambda p: write_csv([r for r in rows if r.dimension == "hierarchy"], p),
        "rollup_by_channel.csv": lambda p: write_csv([r for r in rows if r.dimension == "channel"], p),
        "rollup_by_person.csv": lambda p: write_csv(people, p),
        "unassigned_by_reason.csv": lambda p: write_csv(unassigned_by_reason(placements), p),
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


@dataclass(frozen=True)
class UnassignedGroup:
    coverage_model: str
    status: str
    reason: str
    facts: int
    amount: Decimal


def unassigned_by_reason(placements: list[Placement]) -> list[UnassignedGroup]:
    """Group the facts that earned no credit by coverage model, status and reason."""
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    amounts: dict[tuple[str, str, str], Decimal] = defaultdict(lambda: ZERO)
    for p in placements:
        if p.status != "assigned":
            key = (p.coverage_model, p.status, p.reason)
            counts[key] += 1
            amounts[key] += p.amount
    return [UnassignedGroup(*key, counts[key], amounts[key]) for key in sorted(counts)]


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
