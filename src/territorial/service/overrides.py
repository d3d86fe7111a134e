"""The override workflow: request, approve or reject by someone else, reverse from a date.

Each transition supersedes the override's row in the store and writes an audit
entry in the same unit of work, so the override's state at any recorded time and
the trail of who did what stay readable. Overrides never change a rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from territorial.domain.master_data import MasterData
from territorial.domain.override import Override, OverrideStatus, OverrideTarget
from territorial.domain.period import ValidPeriod
from territorial.domain.user import Role
from territorial.errors import DomainError, InputError, NotFoundError, Problem
from territorial.service.facts import known_fact_ids
from territorial.service.users import require_user
from territorial.service.workspace import Workspace
from territorial.store import AuditEntry, UnitOfWork, audit_entries, load_master_data


@dataclass(frozen=True)
class OverrideRequest:
    """What a requester asks for: this target belongs to this territory in this coverage model, for a period."""

    target: OverrideTarget
    target_id: str
    coverage_model: str
    territory: str
    valid_from: date
    valid_to: date | None
    reason: str


def request_override(ws: Workspace, user: str | None, request: OverrideRequest) -> Override:
    """Record a new override request by an editor or higher; it takes effect once approved."""
    ws.require_ready()
    with UnitOfWork(ws.engine, user, request.reason) as uow:
        requester = require_user(uow, user, Role.EDITOR, "request overrides")
        data = load_master_data(uow)
        period = _checked_request(ws, uow, data, request)
        _check_no_overlap(data, request, period)
        override = Override(
            id=f"OV-{len(uow.overrides.keys()) + 1:04d}",
            target=request.target,
            target_id=request.target_id,
            coverage_model=request.coverage_model,
            territory=request.territory,
            reason=request.reason.strip(),
            requested_by=requester.name,
            period=period,
        )
        uow.overrides.save([override], action="request")
    return override


def approve_override(ws: Workspace, user: str | None, override_id: str, reason: str = "") -> Override:
    """Approve a requested override; the approver needs the approver role and cannot be the requester."""
    return _decide(ws, user, override_id, "approve", reason)


def reject_override(ws: Workspace, user: str | None, override_id: str, reason: str) -> Override:
    """Reject a requested override with a reason; it never takes effect."""
    _require_reason(reason, "reject an override")
    return _decide(ws, user, override_id, "reject", reason)


def reverse_override(ws: Workspace, user: str | None, override_id: str, reversed_from: date, reason: str) -> Override:
    """End an approved override's effect from `reversed_from`; the rules decide again from that day."""
    _require_reason(reason, "reverse an override")
    ws.require_ready()
    with UnitOfWork(ws.engine, user, reason) as uow:
        require_user(uow, user, Role.APPROVER, "reverse overrides")
        reversed_override = _current(uow, override_id).reverse(reversed_from)
        uow.overrides.save([reversed_override], action="reverse")
    return reversed_override


def list_overrides(ws: Workspace, as_of: date | None = None, known_at: datetime | None = None,
                   status: OverrideStatus | None = None) -> list[Override]:
    """Return the overrides recorded at `known_at` whose period contains `as_of` (every one when None)."""
    ws.require_ready()
    data = load_master_data(ws.engine, known_at)
    found = [o for overrides in data.overrides.values() for o in overrides]
    if as_of is not None:
        found = [o for o in found if o.period.contains(as_of)]
    if status is not None:
        found = [o for o in found if o.status is status]
    return sorted(found, key=lambda o: o.id)


def override_history(ws: Workspace, override_id: str) -> list[AuditEntry]:
    """Return the audit entries of one override, oldest first: request, decision, reversal."""
    ws.require_ready()
    return audit_entries(ws.engine, entity_kind="override", entity_id=override_id)


def _decide(ws: Workspace, user: str | None, override_id: str, verb: str, reason: str) -> Override:
    ws.require_ready()
    with UnitOfWork(ws.engine, user, reason) as uow:
        current = _current(uow, override_id)
        # The workflow rule comes first: a requester is told she cannot decide her own request,
        # whatever her role.
        current.check_decider(user or "", verb)
        approver = require_user(uow, user, Role.APPROVER, f"{verb} overrides")
        decided = current.approve(approver.name) if verb == "approve" else current.reject(approver.name)
        uow.overrides.save([decided], action=verb)
    return decided


def _current(uow: UnitOfWork, override_id: str) -> Override:
    versions = uow.overrides.current(override_id)
    if not versions:
        raise NotFoundError(f"There is no override {override_id!r}; list them with `territorial overrides list`.")
    return versions[0]


def _checked_request(ws: Workspace, uow: UnitOfWork, data: MasterData, request: OverrideRequest) -> ValidPeriod:
    """Return the request's valid period; raise InputError listing every problem of the request."""
    problems = []
    if not request.reason.strip():
        problems.append(_reason_problem("request an override"))
    if request.coverage_model not in data.coverage_models:
        problems.append(Problem("unknown coverage model", field="coverage model", value=request.coverage_model,
                                fix=f"use one of {', '.join(data.model_codes())}"))
    if request.territory not in data.territories:
        problems.append(Problem("unknown territory", field="territory", value=request.territory,
                                fix="use the code of a territory in the territory file"))
    if not _target_exists(ws, uow, data, request):
        problems.append(Problem(f"unknown {request.target.value}", field="target", value=request.target_id,
                                fix=f"load the {request.target.value} first, or correct the id"))
    if request.valid_to is not None and request.valid_to <= request.valid_from:
        problems.append(Problem("the valid period ends before it starts", field="valid to",
                                value=request.valid_to.isoformat(),
                                fix=f"give a date after {request.valid_from.isoformat()}, or none for open-ended"))
    if problems:
        raise InputError(problems)
    return ValidPeriod(request.valid_from, request.valid_to)


def _target_exists(ws: Workspace, uow: UnitOfWork, data: MasterData, request: OverrideRequest) -> bool:
    tables = {OverrideTarget.ACCOUNT: data.accounts, OverrideTarget.CONTACT: data.contacts,
              OverrideTarget.ORGANISATION: data.organisations}
    if request.target is OverrideTarget.TRADE:
        return request.target_id in known_fact_ids(ws, uow)
    return request.target_id in tables[request.target]


def _check_no_overlap(data: MasterData, request: OverrideRequest, period: ValidPeriod) -> None:
    """Raise DomainError when a pending or effective override of the same target overlaps `period`."""
    key = (request.coverage_model, request.target, request.target_id)
    for other in data.overrides.get(key, ()):
        effective = _effective_period(other)
        if effective is not None and effective.overlaps(period):
            raise DomainError(
                f"The request for {request.target.value} {request.target_id} in {request.coverage_model} "
                f"valid {period} overlaps the {other.status.value} {other.describe()} valid {effective}; "
                f"each day can have one override. Reverse or reject {other.id} first, or request dates outside it."
            )


def _effective_period(override: Override) -> ValidPeriod | None:
    """Return the days an override holds or may come to hold: None once rejected or reversed from its start."""
    if override.status is OverrideStatus.REJECTED:
        return None
    if override.reversed_from is None:
        return override.period
    if override.reversed_from <= override.period.valid_from:
        return None
    return ValidPeriod(override.period.valid_from, override.reversed_from)


def _require_reason(reason: str, action: str) -> None:
    if not reason.strip():
        raise InputError([_reason_problem(action)])


def _reason_problem(action: str) -> Problem:
    return Problem(f"a reason is required to {action}", field="reason",
                   fix="say why in a sentence, e.g. --reason 'relationship moved with the advisor'")
