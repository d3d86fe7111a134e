"""The audit trail: one append-only row per change, written in the unit of work that makes the change."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, select

from territorial.store.repository import require_aware
from territorial.store.schema import audit_entry

# The user recorded for changes made without a named user: library calls, and
# stores that have no users yet.
SYSTEM_USER = "system"


@dataclass(frozen=True)
class AuditEntry:
    """Who changed what, when and why; `before` and `after` are the versions or states as JSON values."""

    recorded_at: datetime
    user: str
    action: str
    entity_kind: str
    entity_id: str
    coverage_model: str | None
    territory: str | None
    reason: str
    before: Any
    after: Any


class AuditLog:
    """Inserts audit entries inside one unit of work, with its user, reason and recorded time."""

    def __init__(self, connection: Connection, recorded_at: datetime, user: str, reason: str) -> None:
        self._connection = connection
        self.recorded_at = recorded_at
        self.user = user
        self.reason = reason

    def record(
        self,
        action: str,
        entity_kind: str,
        entity_id: str,
        *,
        before: Any = None,
        after: Any = None,
        reason: str | None = None,
        coverage_model: str | None = None,
        territory: str | None = None,
    ) -> None:
        self.record_many([
            self.entry(action, entity_kind, entity_id, before=before, after=after, reason=reason,
                       coverage_model=coverage_model, territory=territory)
        ])

    def entry(
        self,
        action: str,
        entity_kind: str,
        entity_id: str,
        *,
        before: Any = None,
        after: Any = None,
        reason: str | None = None,
        coverage_model: str | None = None,
        territory: str | None = None,
    ) -> AuditEntry:
        """Build an entry of this unit of work; the unit's reason applies when `reason` is None."""
        return AuditEntry(
            self.recorded_at, self.user, action, entity_kind, entity_id, coverage_model, territory,
            self.reason if reason is None else reason, before, after,
        )

    def record_many(self, entries: Sequence[AuditEntry]) -> None:
        if not entries:
            return
        rows = [
            {
                "recorded_at": e.recorded_at,
                "user_name": e.user,
                "action": e.action,
                "entity_kind": e.entity_kind,
                "entity_id": e.entity_id,
                "coverage_model": e.coverage_model,
                "territory": e.territory,
                "reason": e.reason,
                "before_state": _json(e.before),
                "after_state": _json(e.after),
            }
            for e in entries
        ]
        self._connection.execute(audit_entry.insert(), rows)


def read_audit_entries(
    connection: Connection,
    *,
    entity_kind: str | None = None,
    entity_id: str | None = None,
    territory: str | None = None,
    user: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[AuditEntry]:
    """Return the entries that meet every filter given, oldest first; `until` is inclusive."""
    table = audit_entry
    statement = select(table).order_by(table.c.recorded_at, table.c.row_id)
    if entity_kind is not None:
        statement = statement.where(table.c.entity_kind == entity_kind)
    if entity_id is not None:
        statement = statement.where(table.c.entity_id == entity_id)
    if territory is not None:
        statement = statement.where(table.c.territory == territory)
    if user is not None:
        statement = statement.where(table.c.user_name == user)
    if since is not None:
        statement = statement.where(table.c.recorded_at >= require_aware(since))
    if until is not None:
        statement = statement.where(table.c.recorded_at <= require_aware(until))
    return [
        AuditEntry(
            row.recorded_at, row.user_name, row.action, row.entity_kind, row.entity_id, row.coverage_model,
            row.territory, row.reason, _parsed(row.before_state), _parsed(row.after_state),
        )
        for row in connection.execute(statement)
    ]


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, default=_json_scalar, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _json_scalar(value: Any) -> str:
    """Write dates and times as ISO text and decimals as exact text, which JSON numbers cannot carry."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"audit values are JSON, dates or decimals, got {type(value).__name__} {value!r}")


def _parsed(text: str | None) -> Any:
    return None if text is None else json.loads(text)
