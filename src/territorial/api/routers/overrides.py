"""The override workflow: editors request, approvers approve or reject someone else's request, and reverse."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, status

from territorial.api.auth import Approver, Editor, Viewer, workspace
from territorial.api.coordinates import AsOf, KnownAt, aware
from territorial.api.errors import ERROR_RESPONSES
from territorial.api.pagination import Page, Paging, paginate
from territorial.api.schemas import AuditEntryOut, DecisionIn, OverrideIn, OverrideOut, ReversalIn
from territorial.domain.override import OverrideStatus, OverrideTarget
from territorial.errors import InputError, Problem
from territorial.service.overrides import (
    OverrideRequest,
    approve_override,
    list_overrides,
    override_history,
    reject_override,
    request_override,
    reverse_override,
)

router = APIRouter(prefix="/overrides", tags=["overrides"], responses=ERROR_RESPONSES)


@router.get("", response_model=Page[OverrideOut])
def list_all(_: Viewer, request: Request, paging: Paging, as_of: AsOf = None, known_at: KnownAt = None,
             status_filter: Annotated[OverrideStatus | None, Query(alias="status")] = None) -> Page[OverrideOut]:
    """List overrides, optionally only those valid on `as_of` or in one status (e.g. requested: the queue)."""
    found = list_overrides(workspace(request), as_of, aware(known_at), status_filter)
    return paginate([OverrideOut.of(o) for o in found], paging)


@router.post("", response_model=OverrideOut, status_code=status.HTTP_201_CREATED)
def request_one(body: OverrideIn, user: Editor, request: Request) -> OverrideOut:
    """Request an override; it takes effect once someone else with the approver role approves it."""
    override_request = OverrideRequest(_target(body.target), body.target_id, body.coverage_model, body.territory,
                                       body.valid_from, body.valid_to, body.reason)
    return OverrideOut.of(request_override(workspace(request), user.name, override_request))


@router.get("/{override_id}/history", response_model=list[AuditEntryOut])
def history(override_id: str, _: Viewer, request: Request) -> list[AuditEntryOut]:
    """Return the audit trail of one override: request, decision, reversal."""
    return [AuditEntryOut.of(e) for e in override_history(workspace(request), override_id)]


@router.post("/{override_id}/approve", response_model=OverrideOut)
def approve(override_id: str, body: DecisionIn, user: Approver, request: Request) -> OverrideOut:
    """Approve a requested override; the approver cannot be the requester."""
    return OverrideOut.of(approve_override(workspace(request), user.name, override_id, body.reason))


@router.post("/{override_id}/reject", response_model=OverrideOut)
def reject(override_id: str, body: DecisionIn, user: Approver, request: Request) -> OverrideOut:
    """Reject a requested override with a reason."""
    return OverrideOut.of(reject_override(workspace(request), user.name, override_id, body.reason))


@router.post("/{override_id}/reverse", response_model=OverrideOut)
def reverse(override_id: str, body: ReversalIn, user: Approver, request: Request) -> OverrideOut:
    """End an approved override's effect from `reversed_from`."""
    return OverrideOut.of(reverse_override(workspace(request), user.name, override_id, body.reversed_from,
                                           body.reason))


def _target(text: str) -> OverrideTarget:
    try:
        return OverrideTarget(text)
    except ValueError:
        choices = ", ".join(t.value for t in OverrideTarget)
        raise InputError([Problem("unknown override target", field="target", value=text,
                                  fix=f"use one of {choices}")]) from None
