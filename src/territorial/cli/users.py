"""`territorial users`: add users, change their roles, list them."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from territorial.cli.options import DbOption, FactsOption, KnownAtOption, ReasonOption, UserOption, known_at_time, workspace
from territorial.domain.user import Role
from territorial.service.users import add_user, change_role, list_users

app = typer.Typer(no_args_is_help=True, help="Users and their roles: viewer, editor, approver, admin.")
console = Console()

RoleArgument = Annotated[Role, typer.Option("--role", help="viewer reads; editor loads and requests overrides; "
                                                          "approver decides overrides and periods; admin manages users.")]


@app.command("add")
def add(name: Annotated[str, typer.Argument(help="The user's name, e.g. jo.")], role: RoleArgument,
        display_name: Annotated[str, typer.Option("--display-name", help="Full name for reports.")] = "",
        user: UserOption = None, db: DbOption = None, facts_dir: FactsOption = None) -> None:
    """Add a user. The first user of a store must be an admin; after that only an admin adds users."""
    added = add_user(workspace(db, facts_dir), name, role, display_name, user)
    console.print(f"Added user {added.name} with role {added.role.value}")


@app.command("role")
def role(name: Annotated[str, typer.Argument(help="The user's name.")], new_role: RoleArgument,
         reason: ReasonOption, user: UserOption = None, db: DbOption = None, facts_dir: FactsOption = None) -> None:
    """Give a user another role; only an admin may."""
    changed = change_role(workspace(db, facts_dir), name, new_role, user, reason)
    console.print(f"{changed.name} now has the role {changed.role.value}")


@app.command("list")
def list_(known_at: KnownAtOption = None, db: DbOption = None, facts_dir: FactsOption = None) -> None:
    """List the users and their roles, as recorded now or at --known-at."""
    table = Table(title="Users")
    for header in ("name", "role", "display name"):
        table.add_column(header)
    for found in list_users(workspace(db, facts_dir), known_at_time(known_at)):
        table.add_row(found.name, found.role.value, found.display_name)
    console.print(table)
