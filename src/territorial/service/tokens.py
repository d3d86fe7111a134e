"""API tokens: issued by an admin to a user, presented as bearer tokens, revoked when no longer needed.

A token is 32 random bytes, shown once when issued. The store keeps only its
SHA-256, which is enough for a secret of that length (there is nothing to
brute-force), and compares hashes in the database, so no token is ever logged
or stored in the clear.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from territorial.domain.user import Role, User
from territorial.errors import AccessDeniedError, InputError, NotFoundError, Problem
from territorial.service.users import require_user
from territorial.service.workspace import Workspace
from territorial.store import UnitOfWork, load_users
from territorial.store.api_token import ApiToken, find_token, insert_token, read_tokens, revoke_token

TOKEN_PREFIX = "trt_"


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its record; `token` is shown once and cannot be read back."""

    token: str
    record: ApiToken


class InvalidTokenError(AccessDeniedError):
    """A request with no token, an unknown token, a revoked token or a token of a removed user."""


def issue_token(ws: Workspace, user_name: str, label: str, acting_user: str | None) -> IssuedToken:
    """Issue a token for an existing user; only an admin may."""
    ws.require_ready()
    with UnitOfWork(ws.engine, acting_user, f"issue API token to {user_name}") as uow:
        admin = require_user(uow, acting_user, Role.ADMIN, "issue API tokens")
        if user_name not in load_users(uow):
            raise NotFoundError(f"There is no user {user_name!r}; add one with `territorial users add {user_name}`.")
        if not label.strip():
            raise InputError([Problem("a token needs a label", field="label",
                                      fix="say where it is used, e.g. 'CRM integration' or 'Kim laptop'")])
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        record = ApiToken(f"tok_{secrets.token_hex(4)}", user_name, label.strip(), uow.recorded_at, admin.name, None)
        insert_token(uow.connection, record, hash_token(token))
        uow.audit.record("issue", "api_token", record.token_id, after={"user": user_name, "label": record.label})
    return IssuedToken(token, record)


def revoke(ws: Workspace, token_id: str, acting_user: str | None) -> None:
    """Revoke a token so it no longer authenticates; only an admin may."""
    ws.require_ready()
    with UnitOfWork(ws.engine, acting_user, f"revoke API token {token_id}") as uow:
        require_user(uow, acting_user, Role.ADMIN, "revoke API tokens")
        if not revoke_token(uow.connection, token_id, uow.recorded_at):
            raise NotFoundError(f"There is no active token {token_id!r}; list tokens to find its id.")
        uow.audit.record("revoke", "api_token", token_id)


def list_tokens(ws: Workspace, user_name: str | None = None) -> list[ApiToken]:
    ws.require_ready()
    with ws.engine.connect() as connection:
        return read_tokens(connection, user_name)


def authenticate(ws: Workspace, token: str | None) -> User:
    """Return the user a bearer token belongs to; raise InvalidTokenError for any token that does not count."""
    if not token:
        raise InvalidTokenError("This request has no API token; send the header `Authorization: Bearer <token>`.")
    with ws.engine.connect() as connection:
        record = find_token(connection, hash_token(token))
    if record is None or record.revoked_at is not None:
        raise InvalidTokenError("The API token is invalid or revoked; ask an admin for a new one.")
    user = load_users(ws.engine).get(record.user_name)
    if user is None:
        raise InvalidTokenError(f"The API token belongs to {record.user_name!r}, who is no longer a user.")
    return user


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
