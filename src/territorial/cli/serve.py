"""`territorial serve` runs the REST API and web UI; `territorial tokens` issues, lists and revokes API tokens."""

from __future__ import annotations

import logging
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from territorial.cli.options import DbOption, FactsOption, UserOption, workspace
from territorial.errors import StoreError
from territorial.service.tokens import issue_token, list_tokens, revoke

tokens_app = typer.Typer(no_args_is_help=True, help="API tokens for the REST API and the web UI.")
console = Console()


def serve(host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 listens on every interface.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
          db: DbOption = None, facts_dir: FactsOption = None) -> None:
    """Serve the REST API (/api/v1, docs at /api/docs) and the web UI (/) over one store."""
    try:
        import uvicorn

        from territorial.api.app import create_app
    except ImportError as error:
        raise StoreError(f"The server packages are not installed ({error}); "
                         "run `pip install 'territorial[serve]'`.") from None

    ws = workspace(db, facts_dir)
    app = create_app(ws)
    logging.getLogger("territorial").setLevel(logging.INFO)
    console.print(f"Serving {ws.db} on http://{host}:{port}/ (API docs at /api/docs); stop with Ctrl+C")
    uvicorn.run(app, host=host, port=port, log_level="info")


@tokens_app.command("issue")
def issue(name: Annotated[str, typer.Argument(help="The user the token acts as.")],
          label: Annotated[str, typer.Option("--label", help="Where the token is used, e.g. 'CRM integration'.")],
          user: UserOption = None, db: DbOption = None, facts_dir: FactsOption = None) -> None:
    """Issue a token to a user and print it once; only an admin (--user) may."""
    issued = issue_token(workspace(db, facts_dir), name, label, user)
    console.print(f"Token {issued.record.token_id} for {name} ({issued.record.label}). "
                  "Keep it secret; it is not shown again:")
    print(issued.token)


@tokens_app.command("list")
def list_(name: Annotated[str | None, typer.Argument(help="Only this user's tokens.")] = None,
          db: DbOption = None, facts_dir: FactsOption = None) -> None:
    """List token ids, owners and labels; the tokens themselves are stored hashed and cannot be shown."""
    table = Table(title="API tokens")
    for header in ("id", "user", "label", "created", "by", "revoked"):
        table.add_column(header)
    for token in list_tokens(workspace(db, facts_dir), name):
        table.add_row(token.token_id, token.user_name, token.label, f"{token.created_at:%Y-%m-%d %H:%M}",
                      token.created_by, f"{token.revoked_at:%Y-%m-%d %H:%M}" if token.revoked_at else "")
    console.print(table)


@tokens_app.command("revoke")
def revoke_(token_id: Annotated[str, typer.Argument(help="The token id, e.g. tok_1a2b3c4d.")],
            user: UserOption = None, db: DbOption = None, facts_dir: FactsOption = None) -> None:
    """Revoke a token so it no longer authenticates; only an admin (--user) may."""
    revoke(workspace(db, facts_dir), token_id, user)
    console.print(f"Revoked {token_id}")
