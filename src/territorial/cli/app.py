"""`territorial`: init, load, assign, attribute, report, explain and demo."""

from __future__ import annotations

import logging
import sys
import time
from datetime import date, datetime, timezone
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from territorial.cli import audit as audit_commands
from territorial.cli import overrides as override_commands
from territorial.cli import lint as lint_commands
from territorial.cli import periods as period_commands
from territorial.cli import plan as plan_commands
from territorial.cli import render
from territorial.cli import serve as serve_commands
from territorial.cli import users as user_commands
from territorial.cli.options import DbOption, FactsOption, UserOption
from territorial.domain.entity import EntityKind
from territorial.domain.period import ReportingPeriod, parse_reporting_period
from territorial.errors import InputError, TerritorialError
from territorial.service.assignment import assign_store
from territorial.service.demo import DemoSize, run_demo
from territorial.service.explain import explain_entity, explain_fact
from territorial.service.facts import read_facts
from territorial.service.loading import FeedKind, load_file
from territorial.service.outputs import write_outputs
from territorial.service.runs import Engine, rollup_people_run, rollup_run, run_attribution, summarise
from territorial.service.workspace import Workspace
from territorial.store import load_master_data

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Sales territories, coverage models and split sales credits for asset managers.")
app.add_typer(user_commands.app, name="users")
app.add_typer(override_commands.app, name="overrides")
app.add_typer(audit_commands.app, name="audit")
app.add_typer(period_commands.app, name="periods")
app.command("lint")(lint_commands.lint)
app.command("plan")(plan_commands.plan)
app.command("apply")(plan_commands.apply)
app.add_typer(serve_commands.tokens_app, name="tokens")
app.command()(serve_commands.serve)
console = Console()
errors = Console(stderr=True, soft_wrap=True)

KnownAtOption = Annotated[Optional[datetime], typer.Option(
    "--known-at", help="Read the data as it was recorded at this UTC time (default: now).")]
EngineOption = Annotated[Engine, typer.Option(
    "--engine", help="duckdb: the bulk engine in SQL; reference: the one-at-a-time Python path, to cross-check.")]


def _known_at(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=timezone.utc) if value and value.tzinfo is None else value


def _period(text: str) -> ReportingPeriod:
    try:
        return parse_reporting_period(text)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


@app.command()
def init(db: DbOption = None, facts_dir: FactsOption = None) -> None:
    """Create the store, or upgrade it to the current schema."""
    ws = Workspace.from_options(db, facts_dir)
    ws.initialise()
    console.print(f"Store ready at {ws.db}; fact files go to {ws.facts_dir}")


@app.command()
def load(kind: Annotated[FeedKind, typer.Argument(help="What the file holds.")],
         path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="YAML for territories; CSV or Parquet otherwise.")],
         db: DbOption = None, facts_dir: FactsOption = None, user: UserOption = None,
         reason: Annotated[str, typer.Option("--reason", help="Why, for the audit trail.")] = "") -> None:
    """Load a territory-as-code file or a feed; the load is all or nothing."""
    result = load_file(Workspace.from_options(db, facts_dir), kind, path, user, reason)
    console.print(f"Loaded {result.items:,} {result.kind} from {result.source}: "
                  f"{result.inserted:,} rows recorded, {result.superseded:,} superseded")


@app.command()
def assign(as_of: Annotated[Optional[datetime], typer.Option("--as-of", formats=["%Y-%m-%d"], help="Valid date (default today).")] = None,
           known_at: KnownAtOption = None,
           out: Annotated[Optional[Path], typer.Option(help="Folder for assignments.csv and exceptions.csv.")] = None,
           db: DbOption = None, facts_dir: FactsOption = None, engine: EngineOption = Engine.DUCKDB) -> None:
    """Assign every organisation, advisor and account in every coverage model, and report exceptions."""
    ws = Workspace.from_options(db, facts_dir)
    ws.require_ready()
    day = as_of.date() if as_of else date.today()
    run = assign_store(ws.engine, day, _known_at(known_at), bulk=engine is Engine.DUCKDB)
    for table in render.assignment_tables(run):
        console.print(table)
    if out:
        from territorial.io.exports import write_csv

        out.mkdir(parents=True, exist_ok=True)
        write_csv(run.assignments, out / "assignments.csv")
        write_csv(run.exceptions(), out / "exceptions.csv")
        console.print(f"Wrote {out / 'assignments.csv'} and {out / 'exceptions.csv'}")


@app.command()
def attribute(period: Annotated[str, typer.Option(help="Month (2025-01), quarter (2025-Q1) or year (2025).")],
              out: Annotated[Path, typer.Option(help="Folder for credits.parquet, CSVs and report.html.")] = Path("territorial-output"),
              known_at: KnownAtOption = None, db: DbOption = None, facts_dir: FactsOption = None,
              engine: EngineOption = Engine.DUCKDB) -> None:
    """Split the period's facts into credits per person and write them with rollups and a report."""
    reporting = _period(period)
    run = run_attribution(Workspace.from_options(db, facts_dir), reporting, _known_at(known_at), engine=engine)
    summaries = summarise(run)
    console.print(render.summary_table(summaries))
    paths = write_outputs(run, summaries, reporting, out, title=f"territorial attribution {reporting.label}")
    console.print(f"Wrote {len(paths)} files under {out}/")


class Dimension(StrEnum):
    TERRITORY = "territory"
    HIERARCHY = "hierarchy"
    CHANNEL = "channel"
    MODEL = "model"
    PERSON = "person"


@app.command()
def report(period: Annotated[str, typer.Option(help="Month (2025-01), quarter (2025-Q1) or year (2025).")],
           by: Annotated[Dimension, typer.Option(help="Rollup dimension.")] = Dimension.TERRITORY,
           model: Annotated[Optional[str], typer.Option(help="Only this coverage model.")] = None,
           known_at: KnownAtOption = None, db: DbOption = None, facts_dir: FactsOption = None,
           engine: EngineOption = Engine.DUCKDB) -> None:
    """Print gross sales, redemptions, net flows and month-end AUM for a period."""
    reporting = _period(period)
    run = run_attribution(Workspace.from_options(db, facts_dir), reporting, _known_at(known_at), engine=engine)
    title = f"{by.value} rollup for {reporting.label}"
    if by is Dimension.PERSON:
        people = rollup_people_run(run, reporting)
        console.print(render.people_table([p for p in people if not model or p.coverage_model == model], title))
        return
    dimension = "coverage_model" if by is Dimension.MODEL else by.value
    rows = [r for r in rollup_run(run, reporting)
            if r.dimension == dimension and (not model or r.coverage_model == model)]
    console.print(render.rollup_table(rows, title))


class Target(StrEnum):
    ADVISOR = "advisor"
    ACCOUNT = "account"
    ORGANISATION = "organisation"
    TRADE = "trade"


@app.command()
def explain(target: Annotated[Target, typer.Argument(help="What to explain.")],
            target_id: Annotated[str, typer.Argument(help="Its id.")],
            as_of: Annotated[Optional[datetime], typer.Option("--as-of", formats=["%Y-%m-%d"], help="Valid date (default today; a trade uses its own date).")] = None,
            known_at: KnownAtOption = None, db: DbOption = None, facts_dir: FactsOption = None) -> None:
    """Say which territory each coverage model gives, the rule or override that won and what lost."""
    ws = Workspace.from_options(db, facts_dir)
    ws.require_ready()
    data = load_master_data(ws.engine, _known_at(known_at))
    if target is Target.TRADE:
        facts = [f for f in read_facts(ws, _known_at(known_at)) if f.id == target_id]
        if not facts:
            raise typer.BadParameter(f"no trade or position with id {target_id!r} is loaded")
        render.print_explanation(console, explain_fact(data, facts[0]))
        return
    kind = EntityKind.CONTACT if target is Target.ADVISOR else EntityKind(target.value)
    day = as_of.date() if as_of else date.today()
    render.print_explanation(console, explain_entity(data, kind, target_id, day))


@app.command()
def demo(out: Annotated[Path, typer.Option(help="Folder for the demo store and outputs.")] = Path("demo-output"),
         seed: Annotated[int, typer.Option(help="Random seed; the same seed builds the same firm.")] = 7,
         scale: Annotated[float, typer.Option(help="Size factor; 1.0 is 10,000 advisors and 200,000 trades.")] = 1.0,
         engine: EngineOption = Engine.DUCKDB) -> None:
    """Build a realistic firm on the real US ZIP code universe and run the whole job on it."""
    started = time.perf_counter()
    with console.status("Starting") as status:
        def step(text: str) -> None:
            console.log(text)
            status.update(text)

        result = run_demo(out, seed, DemoSize().scaled(scale), step=step, engine=engine)
        step("Writing credits, rollups and the HTML report")
        period = result.run.period
        assert period is not None
        paths = write_outputs(result.run, result.summaries, period, out, result.assignments,
                              title=f"territorial demo: {period.label}")
    _print_demo(result, paths, time.perf_counter() - started)


def _print_demo(result, paths, seconds: float) -> None:  # type: ignore[no-untyped-def]
    book = result.book
    console.print(f"\nDemo firm: {len(book.organisations):,} organisations, {len(book.contacts):,} advisors, "
                  f"{len(book.accounts):,} accounts, {len(book.trades):,} trades, "
                  f"{len(book.positions):,} month-end AUM positions, {len(book.rules):,} rules")
    for table in render.assignment_tables(result.assignments, limit=8):
        console.print(table)
    console.print(render.summary_table(result.summaries))
    period = result.run.period
    rows = rollup_run(result.run, period)
    for summary in result.summaries:
        top = sorted((r for r in rows if r.dimension == "territory" and r.coverage_model == summary.coverage_model
                      and r.key != "(unassigned)"), key=lambda r: r.net_flows, reverse=True)
        console.print(render.top_territories_table(top, f"Top territories by net flows, {summary.name}"))
    console.print(f"\nWrote {len(paths)} files under {paths[0].parent}/ in {seconds:.1f} s:")
    for path in paths:
        console.print(f"  {path}")


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except InputError as error:
        errors.print(f"[red]Error:[/red] {error}", markup=True, highlight=False)
        sys.exit(2)
    except TerritorialError as error:
        errors.print(f"[red]Error:[/red] {error}", markup=True, highlight=False)
        sys.exit(1)
