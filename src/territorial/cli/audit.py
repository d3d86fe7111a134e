"""`territorial audit`: the audit trail by entity, territory, user and time, on screen or as CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from territorial.cli.options import DbOption, FactsOption, known_at_time, workspace
from territorial.service.audit import audit_trail, write_audit_csv
from territorial.store import AuditEntry

app = typer.Typer(no_args_is_help=True, help="The audit trail: who changed what, when and why.")
console = Console()

KindOption = Annotated[Optional[str], typer.Option(
    "--kind", help="Entity kind: account, contact, organisation, territory, attribute_rule, coverage_team, "
                   "override, compensation_period, user, fact_batch, credit_batch...")]
IdOption = Annotated[Optional[str], typer.Option("--id", help="Entity id or code; a team is MODEL/TERRITORY.")]
TerritoryOption = Annotated[Optional[str], typer.Option("--territory", help="Territory code.")]
ByOption = Annotated[Optional[str], typer.Option("--by", help="User name.")]
SinceOption = Annotated[Optional[str], typer.Option("--since", help="Recorded at or after this ISO time (UTC).")]
UntilOption = Annotated[Optional[str], typer.Option("--until", help="Recorded at or before this ISO time (UTC).")]


@app.command("list")
def list_(kind: KindOption = None, entity_id: IdOption = None, territory: TerritoryOption = None,
          by: ByOption = None, since: SinceOption = None, until: UntilOption = None,
          db: DbOption = None, facts_dir: FactsOption = None) -> None:
    """Print the audit entries that meet every filter given, oldest first."""
    console.print(entries_table(_query(db, facts_dir, kind, entity_id, territory, by, since, until)))


@app.command("export")
def export(path: Annotated[Path, typer.Argument(dir_okay=False, help="CSV file to write.")],
           kind: KindOption = None, entity_id: IdOption = None, territory: TerritoryOption = None,
           by: ByOption = None, since: SinceOption = None, until: UntilOption = None,
           db: DbOption = None, facts_dir: FactsOption = None) -> None:
    """Write the audit entries that meet every filter given to a CSV file, with states as JSON."""
    entries = _query(db, facts_dir, kind, entity_id, territory, by, since, until)
    write_audit_csv(entries, path)
    console.print(f"Wrote {len(entries):,} audit entries to {path}")


def _query(db: str | None, facts_dir: str | None, kind: str | None, entity_id: str | None, territory: str | None,
           by: str | None, since: str | None, until: str | None) -> list[AuditEntry]:
    return audit_trail(workspace(db, facts_dir), entity_kind=kind, entity_id=entity_id, territory=territory,
                       user=by, since=known_at_time(since), until=known_at_time(until))


def entries_table(entries: list[AuditEntry]) -> Table:
    table = Table(title=f"Audit trail ({len(entries):,} entries)")
    for header in ("recorded at (UTC)", "user", "action", "entity", "territory", "reason"):
        table.add_column(header)
    for e in entries:
        table.add_row(f"{e.recorded_at:%Y-%m-%d %H:%M:%S}", e.user, e.action, f"{e.entity_kind} {e.entity_id}",
                      e.territory or "", e.reason)
    return table
