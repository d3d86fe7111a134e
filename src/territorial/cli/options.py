"""Options shared by the subcommands: store, user, and the two kinds of time."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Optional

import typer

from territorial.service.workspace import DB_VARIABLE, Workspace

USER_VARIABLE = "TERRITORIAL_USER"

DbOption = Annotated[Optional[str], typer.Option(
    "--db", help=f"Store: an SQLite file path or a database URL (env {DB_VARIABLE}; default territorial.db).")]
FactsOption = Annotated[Optional[str], typer.Option(
    "--facts-dir", help="Folder of fact files (env TERRITORIAL_FACTS_DIR; default beside the SQLite file).")]
UserOption = Annotated[Optional[str], typer.Option(
    "--user", envvar=USER_VARIABLE, help="The user making the change.")]
AsOfOption = Annotated[Optional[str], typer.Option(
    "--as-of", help="Valid date, YYYY-MM-DD: when it is true in the business (default today).")]
KnownAtOption = Annotated[Optional[str], typer.Option(
    "--known-at", help="Recorded time, ISO 8601 (2025-07-08 or 2025-07-08T12:00:00+00:00; UTC when no "
                       "offset is given): read the store as it was then (default now).")]
ReasonOption = Annotated[str, typer.Option("--reason", help="Why, in a sentence; stored in the audit trail.")]


def workspace(db: str | None, facts_dir: str | None) -> Workspace:
    return Workspace.from_options(db, facts_dir)


def parse_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date; write YYYY-MM-DD, e.g. 2025-03-01.",
                                 param_hint=option) from None


def as_of_date(text: str | None) -> date:
    return parse_date(text, "--as-of") if text else date.today()


def known_at_time(text: str | None) -> datetime | None:
    """Return the recorded time of a --known-at value; a date alone means its start, 00:00 UTC."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not an ISO 8601 time; write e.g. 2025-07-08T12:00:00+00:00.",
                                 param_hint="--known-at") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)

