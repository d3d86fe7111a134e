"""`territorial periods`: define, lock and reopen compensation periods, and restate locked ones."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from territorial.cli.options import DbOption, FactsOption, KnownAtOption, UserOption, known_at_time, workspace
from territorial.domain.period import parse_reporting_period
from territorial.service.periods import (
    define_period,
    list_periods,
    lock_period,
    period_credits,
    recompute_locked,
    reopen_period,
)
from territorial.service.restatement import Restatement, post_adjustments, restate_between, restate_locked

app = typer.Typer(no_args_is_help=True, help="Compensation periods: lock what was paid, restate what changed.")
console = Console()

LabelArgument = Annotated[str, typer.Argument(help="A month (2025-07), quarter (2025-Q3) or year (2025).")]
OptionalReason = Annotated[str, typer.Option("--reason", help="Why, for the audit trail.")]


@app.command("define")
def define(label: LabelArgument, user: UserOption = None, db: DbOption = None, facts_dir: FactsOption = None) -> None:
    """Define an open compensation period."""
    period = define_period(workspace(db, facts_dir), user, label)
    console.print(f"Defined period {period.label} {period.period}, open")


@app.command("lock")
def lock(label: LabelArgument, reason: OptionalReason = "", user: UserOption = None, db: DbOption = None,
         facts_dir: FactsOption = None) -> None:
    """Lock a period: seal its credits as known now, so they can be reproduced to the cent."""
    ws = workspace(db, facts_dir)
    period = lock_period(ws, user, label, reason)
    credits = period_credits(ws, period.label)
    total = sum((c.amount for c in credits), Decimal("0.00"))
    console.print(f"Locked period {period.label}: {len(credits):,} credits totalling {total:,.2f} sealed "
                  f"in batch {period.credit_batch_id}")


@app.command("reopen")
def reopen(label: LabelArgument, reason: Annotated[str, typer.Option("--reason", help="Why it must change.")],
           user: UserOption = None, db: DbOption = None, facts_dir: FactsOption = None) -> None:
    """Reopen a locked period with a reason; it follows the latest knowledge again."""
    period = reopen_period(workspace(db, facts_dir), user, label, reason)
    console.print(f"Reopened period {period.label}")


@app.command("list")
def list_(known_at: KnownAtOption = None, db: DbOption = None, facts_dir: FactsOption = None) -> None:
    """List the periods and their state, as recorded now or at --known-at."""
    table = Table(title="Compensation periods")
    for header in ("period", "valid", "status", "sealed credits", "changed by", "reason"):
        table.add_column(header)
    for period in list_periods(workspace(db, facts_dir), known_at_time(known_at)):
        table.add_row(period.label, str(period.period), period.status.value, period.credit_batch_id or "",
                      period.changed_by, period.reason)
    console.print(table)


@app.command("credits")
def credits(label: LabelArgument, known_at: KnownAtOption = None, db: DbOption = None,
            facts_dir: FactsOption = None) -> None:
    """Print a period's credits per person: sealed when locked, else computed plus posted adjustments."""
    totals: dict[tuple[str, str, str], Decimal] = defaultdict(lambda: Decimal("0.00"))
    for credit in period_credits(workspace(db, facts_dir), label, known_at_time(known_at)):
        totals[(credit.coverage_model, credit.territory, credit.person_id)] += credit.amount
    table = Table(title=f"Credits of {label.upper()}")
    for header in ("coverage model", "territory", "person", "credit"):
        table.add_column(header, justify="right" if header == "credit" else "left")
    for (model, territory, person), amount in sorted(totals.items()):
        table.add_row(model, territory, person, f"{amount:,.2f}")
    console.print(table)


@app.command("verify")
def verify(label: LabelArgument, db: DbOption = None, facts_dir: FactsOption = None) -> None:
    """Recompute a locked period at its lock's recorded time and compare with the sealed credits."""
    sealed, rerun = recompute_locked(workspace(db, facts_dir), label)
    same = sorted(sealed, key=repr) == sorted(rerun, key=repr)
    total = sum((c.amount for c in sealed), Decimal("0.00"))
    verdict = "reproduced to the cent" if same else "DIFFERENT from the sealed credits"
    console.print(f"Period {label.upper()}: {len(sealed):,} sealed credits totalling {total:,.2f}, {verdict}")
    if not same:
        raise typer.Exit(1)


@app.command("restate")
def restate(label: LabelArgument,
            since: Annotated[Optional[str], typer.Option("--since", help="Compare with the period as known at this "
                                                                         "ISO time instead of as locked.")] = None,
            known_at: KnownAtOption = None, db: DbOption = None, facts_dir: FactsOption = None) -> None:
    """Show a period's credits as locked (or as known --since) versus as known now, with the cause of each change."""
    ws = workspace(db, facts_dir)
    after = known_at_time(known_at)
    if since:
        since_time = known_at_time(since)
        assert since_time is not None
        restatement = restate_between(ws, parse_reporting_period(label), since_time, after)
    else:
        restatement = restate_locked(ws, label, after)
    print_restatement(restatement)


@app.command("post")
def post(label: LabelArgument, reason: OptionalReason = "", user: UserOption = None, db: DbOption = None,
         facts_dir: FactsOption = None) -> None:
    """Post a locked period's outstanding restatement to the next open period as adjustments."""
    batch = post_adjustments(workspace(db, facts_dir), user, label, reason)
    if batch is None:
        console.print(f"Nothing to post: the credits of {label.upper()} as locked, plus adjustments already "
                      "posted, match the credits as known now")
        return
    console.print(f"Posted {batch.row_count:,} adjustments totalling {batch.total:,.2f} from {label.upper()} "
                  f"to {batch.period} (batch {batch.batch_id})")


def print_restatement(restatement: Restatement) -> None:
    before = restatement.before_known_at.strftime("%Y-%m-%d %H:%M:%S")
    after = restatement.after_known_at.strftime("%Y-%m-%d %H:%M:%S") if restatement.after_known_at else "now"
    if not restatement.differences:
        console.print(f"No differences in {restatement.period.label} between {before} UTC and {after}")
        return
    facts = Table(title=f"Restatement of {restatement.period.label}: as known at {before} UTC versus {after}")
    for header in ("fact", "coverage model", "territory", "person", "before", "after", "change", "cause"):
        facts.add_column(header, justify="right" if header in ("before", "after", "change") else "left")
    for d in restatement.differences:
        facts.add_row(d.fact_id, d.coverage_model, d.territory, d.person_id, f"{d.before:,.2f}", f"{d.after:,.2f}",
                      f"{d.change:+,.2f}", d.cause)
    console.print(facts)
    for title, totals in (("person", restatement.by_person()), ("territory", restatement.by_territory())):
        table = Table(title=f"Change by {title}")
        for header in ("coverage model", title, "change"):
            table.add_column(header, justify="right" if header == "change" else "left")
        for (model, key), amount in sorted(totals.items()):
            table.add_row(model, key, f"{amount:+,.2f}")
        console.print(table)
