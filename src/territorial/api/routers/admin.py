"""The caller, users, API tokens and the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, status

from territorial.api.auth import Admin, Approver, Viewer, workspace
from territorial.api.coordinates import aware
from territorial.api.errors import ERROR_RESPONSES
from territorial.api.pagination import Page, Paging, paginate
from territorial.api.schemas import AuditEntryOut, IssuedTokenOut, TokenIn, TokenOut, UserOut
from territorial.service.audit import audit_trail
from territorial.service.tokens import issue_token, list_tokens, revoke
from territorial.service.users import list_users

router = APIRouter(tags=["administration"], responses=ERROR_RESPONSES)


@router.get("/me", response_model=UserOut)
def me(user: Viewer) -> UserOut:
    """Return the user the token belongs to, and its role."""
    return UserOut(name=user.name, role=user.role.value, display_name=user.display_name)


@router.get("/users", response_model=list[UserOut])
def users(_: Admin, request: Request) -> list[UserOut]:
    return [UserOut(name=u.name, role=u.role.value, display_name=u.display_name)
            for u in list_users(workspace(request))]


@router.get("/tokens", response_model=list[TokenOut])
def tokens(_: Admin, request: Request,
           user: Annotated[str | None, Query(description="Only this user's tokens.")] = None) -> list[TokenOut]:
    """List tokens by id and owner; the tokens themselves are never shown again."""
    return [TokenOut.of(t) for t in list_tokens(workspace(request), user)]


@router.post("/tokens", response_model=IssuedTokenOut, status_code=status.HTTP_201_CREATED)
def issue(body: TokenIn, admin: Admin, request: Request) -> IssuedTokenOut:
    """Issue a token to a user; the response is the only place the token appears."""
    issued = issue_token(workspace(request), body.user, body.label, admin.name)
    return IssuedTokenOut(token=issued.token, **TokenOut.of(issued.record).model_dump())


@router.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_one(token_id: str, admin: Admin, request: Request) -> None:
    """Revoke a token so it no longer authenticates."""
    revoke(workspace(request), token_id, admin.name)


@router.get("/audit", response_model=Page[AuditEntryOut])
def audit(
    _: Approver, request: Request, paging: Paging,
    entity_kind: Annotated[str | None, Query(description="e.g. contact, override, territory.")] = None,
    entity_id: Annotated[str | None, Query()] = None,
    territory: Annotated[str | None, Query()] = None,
    user: Annotated[str | None, Query(description="Only changes by this user.")] = None,
    since: Annotated[datetime | None, Query(description="Recorded at or after this time.")] = None,
    until: Annotated[datetime | None, Query(description="Recorded at or before this time.")] = None,
) -> Page[AuditEntryOut]:
    """List audit entries, oldest first: who changed what, when and why."""
    entries = audit_trail(workspace(request), entity_kind=entity_kind, entity_id=entity_id, territory=territory,
                          user=user, since=aware(since), until=aware(until))
    return paginate([AuditEntryOut.of(e) for e in entries], paging)
