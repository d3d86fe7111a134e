"""Rich tables for the command line."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from rich.console import Console
from rich.table import Table

from territorial.service.assignment import AssignmentRun
from territorial.service.explain import Explanation
from territorial.service.rollup import PersonRow, RollupRow
from territorial.service.runs import ModelSummary


def money(value: Decimal) -> str:
    return f"{value:,.2f}"


def summary_table(summaries: Sequence[ModelSummary]) -> Table:
    table = Table(title="Money by coverage model (credited + unassigned = total)")
    headers = ("coverage model", "net flows", "credited", "unassigned", "month-end AUM", "credited",
               "unassigned", "unassigned flows", "conflicts", "check")
    for header in headers:
        table.add_column(header, justify="left" if header == "coverage model" else "right")
    for s in summaries:
        balanced = (s.net_flows_credited + s.net_flows_unassigned == s.net_flows
                    and s.aum_credited + s.aum_unassigned == s.aum)
        table.add_row(f"{s.name} ({s.coverage_model})", money(s.net_flows), money(s.net_flows_credited),
                      money(s.net_flows_unassigned), money(s.aum), money(s.aum_credited),
                      money(s.aum_unassigned), f"{s.unassigned_facts:,}", f"{s.conflicts:,}",
                      "ok" if balanced else "MISMATCH")
    return table


def rollup_table(rows: Sequence[RollupRow], title: str, limit: int | None = None) -> Table:
    table = Table(title=title)
    for header in ("coverage model", "key", "name", "level", "gross sales", "redemptions", "net flows", "AUM", "facts"):
        table.add_column(header, justify="right" if header in ("gross sales", "redemptions", "net flows", "AUM", "facts") else "left")
    for r in rows[:limit] if limit else rows:
        table.add_row(r.coverage_model, r.key, r.name, r.level, money(r.gross_sales), money(r.redemptions),
                      money(r.net_flows), money(r.aum), f"{r.facts:,}")
    return table


def top_territories_table(rows: Sequence[RollupRow], title: str, limit: int = 5) -> Table:
    table = Table(title=title)
    for header in ("territory", "name", "net flows", "month-end AUM"):
        table.add_column(header, justify="right" if header in ("net flows", "month-end AUM") else "left")
    for r in rows[:limit]:
        table.add_row(r.key, r.name, money(r.net_flows), money(r.aum))
    return table


def people_table(rows: Sequence[PersonRow], title: str, limit: int | None = None) -> Table:
    table = Table(title=title)
    for header in ("coverage model", "person", "name", "gross sales", "redemptions", "net flows", "AUM"):
        table.add_column(header, justify="left" if header in ("coverage model", "person", "name") else "right")
    for r in rows[:limit] if limit else rows:
        table.add_row(r.coverage_model, r.person_id, r.name, money(r.gross_sales), money(r.redemptions),
                      money(r.net_flows), money(r.aum))
    return table


def assignment_tables(run: AssignmentRun, limit: int = 15) -> list[Table]:
    counts = Table(title=f"Assignment on {run.as_of.isoformat()}")
    for header in ("coverage model", "entity", "assigned", "conflict", "unassigned"):
        counts.add_column(header, justify="left" if header in ("coverage model", "entity") else "right")
    tally = run.counts()
    for model, kind in sorted({(m, k) for m, k, _ in tally}):
        counts.add_row(model, kind, *(f"{tally[(model, kind, s)]:,}" for s in ("assigned", "conflict", "unassigned")))
    found = len(run.exceptions())
    shown = f"first {limit} of {found:,}" if found > limit else f"{found:,}"
    exceptions = Table(title=f"Exception report ({shown})")
    for header in ("coverage model", "entity", "status", "reason"):
        exceptions.add_column(header)
    for a in run.exceptions()[:limit]:
        exceptions.add_row(a.coverage_model, f"{a.entity_kind} {a.entity_id}", a.status, a.reason)
    return [counts, exceptions]


def print_explanation(console: Console, explanation: Explanation) -> None:
    console.print(f"[bold]{explanation.subject}[/bold] on {explanation.day.isoformat()}")
    for item in explanation.models:
        r = item.resolution
        if r.territory:
            name = f" ({item.territory_name})" if item.territory_name else ""
            console.print(f"\n[bold]{item.coverage_model}[/bold]: {r.territory}{name}, "
                          f"by {r.step.value if r.step else '?'} {r.source or ''}")
        else:
            console.print(f"\n[bold]{item.coverage_model}[/bold]: no territory, {r.status.value}: {r.reason}")
        if item.winner_version:
            console.print(f"  won by {item.winner_version}")
        for outcome in r.trail:
            mark = "→" if outcome.hit else "·"
            console.print(f"  {mark} {outcome.step.value:<24} {outcome.subject:<22} {outcome.note}")
        for rule in item.losers():
            console.print(f"    also matched and lost: {rule.describe()}")
        if r.set_aside is not None and r.set_aside.territory != r.territory:
            console.print(f"    set aside: {r.set_aside.step.value} would give {r.set_aside.territory} "
                          f"({r.set_aside.note})")
        if item.team is not None:
            members = ", ".join(f"{m.person_id} {m.role} {m.split}%" for m in item.team.members)
            console.print(f"  team {item.team.version}: {members}")
        for credit in item.credits:
            console.print(f"    credit {credit.person_id}: {money(credit.amount)}")
