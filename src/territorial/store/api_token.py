"""The register of API tokens: hashed bearer tokens bound to users, revocable once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select, update

from territorial.store.schema import api_token


@dataclass(frozen=True)
class ApiToken:
    """A token as the store keeps it: its public id and owner, never the token itself."""

    token_id: str
    user_name: str
    label: str
    created_at: datetime
    created_by: str
    revoked_at: datetime | None


def insert_token(connection: Connection, token: ApiToken, token_hash: str) -> None:
    connection.execute(api_token.insert().values(
        token_id=token.token_id, token_hash=token_hash, user_name=token.user_name, label=token.label,
        created_at=token.created_at, created_by=token.created_by, revoked_at=None,
    ))


def find_token(connection: Connection, token_hash: str) -> ApiToken | None:
    """Return the token with this hash, revoked or not, or None when there is none."""
    row = connection.execute(select(api_token).where(api_token.c.token_hash == token_hash)).first()
    return _token(row) if row else None


def read_tokens(connection: Connection, user_name: str | None = None) -> list[ApiToken]:
    """Return the tokens of one user, or of every user, oldest first."""
    statement = select(api_token).order_by(api_token.c.created_at, api_token.c.token_id)
    if user_name is not None:
        statement = statement.where(api_token.c.user_name == user_name)
    return [_token(row) for row in connection.execute(statement)]


def revoke_token(connection: Connection, token_id: str, revoked_at: datetime) -> bool:
    """Set `revoked_at` on a token not yet revoked; return whether a row changed."""
    statement = (
        update(api_token)
        .where(api_token.c.token_id == token_id, api_token.c.revoked_at.is_(None))
        .values(revoked_at=revoked_at)
    )
    return connection.execute(statement).rowcount == 1


def _token(row: object) -> ApiToken:
    return ApiToken(row.token_id, row.user_name, row.label, row.created_at,  # type: ignore[attr-defined]
                    row.created_by, row.revoked_at)  # type: ignore[attr-defined]
