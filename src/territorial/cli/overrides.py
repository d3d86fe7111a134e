"""`territorial overrides`: request, approve, reject, reverse and list overrides."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from territorial.cli.options import (
    AsOfOption,
    DbOption,
    FactsOption,
    KnownAtOption,
    ReasonOption,
    UserOption,
    known_at_time,
    parse_date,
    workspace,
)
from territorial.domain.override import Override, OverrideStatus, OverrideTarget
from territorial.service.overrides import (
    OverrideRequest,
    approve_override,
    list_overrides,
    override_history,
    reject_override,
    request_override,
    reverse_override,
)

app = typer.Typer(no_args_is_help=True, help="Overrides: a person's decision that a trade, account, contact or "
                                             "organisation belongs to a territory, approved by someone else.")
console = Console()

IdArgument = Annotated[str, typer.Argument(help="The override id, e.g. OV-0001.")]


@app.command("request")
def request(target: Annotated[OverrideTarget, typer.Argument(help="What to override.")],
            target_id: Annotated[str, typer.Argument(help="Its id.")],
            model: Annotated[str, typer.Option("--model", help="Coverage model code.")],
            territory: Annotated[str, typer.Option("--territory", help="Territory code it belongs to.")],
            valid_from: Annotated[str, typer.Option("--from", help="First valid date, YYYY-MM-DD.")],
            reason: ReasonOption,
            valid_to: Annotated[Optional[str], typer.Option("--to", help="Day after the last valid date "
                                                                         "(default: until further notice).")] = None,
            user: UserOption = None, db: DbOption = None, facts_dir: FactsOption = None) -> None:
    """Request an override; it takes effect when an approver other than you approves it."""
    wanted = OverrideRequest(target, target_id, model, territory, parse_date(valid_from, "--from"),
                             parse_date(valid_to, "--to") if valid_to else None, reason)
    override = request_override(workspace(db, facts_dir), user, wanted)
    console.print(f"Requested {override.id}: {override.describe()} valid {override.period}; "
                  "it takes effect once approved")


@app.command("approve")
def approve(override_id: IdArgument, reason: Annotated[str, typer.Option("--reason", help="Why, for the audit trail.")] = "",
            user: UserOption = None, db: DbOption = None, facts_dir: FactsOption = None) -> None:
    """Approve a requested override; the requester cannot approve her own request."""
    override = approve_override(workspace(db, facts_dir), user, override_id, reason)
    console.print(f"Approved {override.id}: {override.describe()} valid {override.period}")


@app.command("reject")
def reject(override_id: IdArgument, reason: ReasonOption, user: UserOption = None,
           db: DbOption = None, facts_dir: FactsOption = None) -> None:
    """Reject a requested override."""
    override = reject_override(workspace(db, facts_dir), user, override_id, reason)
    console.print(f"Rejected {override.id}")


@app.command("reverse")
def reverse(override_id: IdArgument,
            reversed_from: Annotated[str, typer.Option("--from", help="First day the rules decide again, YYYY-MM-DD.")],
            reason: ReasonOption, user: UserOption = None, db: DbOption = None, facts_dir: FactsOption = None) -> None:
    """Reverse an approved override from a date; its history is kept."""
    override = reverse_override(workspace(db, facts_dir), user, override_id, parse_date(reversed_from, "--from"),
                                reason)
    console.print(f"Reversed {override.id} from {override.reversed_from}; the rules decide from that day")


@app.command("list")
def list_(as_of: AsOfOption = None, known_at: KnownAtOption = None,
          status: Annotated[Optional[OverrideStatus], typer.Option("--status", help="Only this status.")] = None,
          db: DbOption = None, facts_dir: FactsOption = None) -> None:
    """List overrides as recorded now or at --known-at; with --as-of, only those valid that day."""
    found = list_overrides(workspace(db, facts_dir), parse_date(as_of, "--as-of") if as_of else None,
                           known_at_time(known_at), status)
    console.print(overrides_table(found))


@app.command("history")
def history(override_id: IdArgument, db: DbOption = None, facts_dir: FactsOption = None) -> None:
    """Show who requested, decided and reversed an override, when and why."""
    table = Table(title=f"History of {override_id}")
    for header in ("recorded at (UTC)", "action", "user", "reason"):
        table.add_column(header)
    for entry in override_history(workspace(db, facts_dir), override_id):
        table.add_row(f"{entry.recorded_at:%Y-%m-%d %H:%M:%S}", entry.action, entry.user, entry.reason)
    console.print(table)


def overrides_table(overrides: list[Override]) -> Table:
    table = Table(title="Overrides")
    for header in ("id", "target", "coverage model", "territory", "valid", "status", "requested by",
                   "decided by", "reversed from", "reason"):
        table.add_column(header)
    for o in overrides:
        table.add_row(o.id, f"{o.target.value} {o.target_id}", o.coverage_model, o.territory, str(o.period),
                      o.status.value, o.requested_by, o.decided_by or "",
                      o.reversed_from.isoformat() if o.reversed_from else "", o.reason)
    return table
