"""`territorial plan` and `territorial apply`: see what a territory file changes, then record it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from territorial.cli.options import AsOfOption, DbOption, FactsOption, ReasonOption, UserOption, as_of_date, workspace
from territorial.domain.period import parse_reporting_period
from territorial.service.plan import MoneyChange, Plan, apply_file, plan_file

console = Console()

FileArgument = Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Territory-as-code YAML file.")]
MOVES_SHOWN = 50


def plan(file: FileArgument,
         period: Annotated[str, typer.Option("--period", help="Month (2025-01), quarter (2025-Q1) or year (2025) "
                                                                "whose money to compare.")],
         as_of: AsOfOption = None, db: DbOption = None, facts_dir: FactsOption = None) -> None:
    """Show which entities a territory file would move on --as-of and how money of --period would move.

    Nothing is recorded; `territorial apply` records the file.
    """
    try:
        reporting = parse_reporting_period(period)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--period") from None
    print_plan(plan_file(workspace(db, facts_dir), file, reporting, as_of_date(as_of)))


def apply(file: FileArgument, reason: ReasonOption, user: UserOption = None, db: DbOption = None,
          facts_dir: FactsOption = None) -> None:
    """Record a territory file as the desired state of what it defines, with a reason."""
    result = apply_file(workspace(db, facts_dir), file, user, reason)
    console.print(f"Applied {result.source}: {result.inserted:,} rows recorded, {result.superseded:,} superseded")


def print_plan(plan: Plan) -> None:
    if not plan.changes:
        console.print(f"No changes: the store already matches {plan.source}")
        return
    changes = Table(title=f"Changes in {plan.source}")
    for header in ("action", "kind", "code or id", "territory"):
        changes.add_column(header)
    for entry in plan.changes:
        changes.add_row(entry.action, entry.entity_kind, entry.entity_id, entry.territory or "")
    console.print(changes)

    moves = Table(title=f"Entities that change territory on {plan.as_of.isoformat()} "
                        f"({len(plan.moves):,}, first {MOVES_SHOWN} shown)")
    for header in ("coverage model", "entity", "from", "to"):
        moves.add_column(header)
    for move in plan.moves[:MOVES_SHOWN]:
        moves.add_row(move.coverage_model, f"{move.entity_kind} {move.entity_id}", move.before or "(none)",
                      move.after or "(none)")
    console.print(moves)
    console.print(_money_table(f"Money by territory, {plan.period.label}", "territory", plan.territories, True))
    console.print(_money_table(f"Credits by person, {plan.period.label}", "person", plan.people, False))


def _money_table(title: str, noun: str, changes: list[MoneyChange], with_flows: bool) -> Table:
    table = Table(title=title)
    headers = ["coverage model", noun]
    if with_flows:
        headers += ["net flows before", "net flows after", "AUM before", "AUM after"]
    headers += ["credits before", "credits after", "credits change"]
    for header in headers:
        table.add_column(header, justify="left" if header in ("coverage model", noun) else "right")
    for c in changes:
        row = [c.coverage_model, c.key]
        if with_flows:
            row += [f"{c.net_flows_before:,.2f}", f"{c.net_flows_after:,.2f}", f"{c.aum_before:,.2f}",
                    f"{c.aum_after:,.2f}"]
        row += [f"{c.credits_before:,.2f}", f"{c.credits_after:,.2f}", f"{c.credits_change:+,.2f}"]
        table.add_row(*row)
    return table
