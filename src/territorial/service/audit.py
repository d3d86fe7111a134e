"""The audit trail: who changed what, when and why, queried by entity, territory, user and time."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from territorial.service.workspace import Workspace
from territorial.store import AuditEntry, audit_entries

CSV_COLUMNS = ("recorded_at", "user", "action", "entity_kind", "entity_id", "coverage_model", "territory",
               "reason", "before", "after")


def audit_trail(
    ws: Workspace,
    *,
    entity_kind: str | None = None,
    entity_id: str | None = None,
    territory: str | None = None,
    user: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[AuditEntry]:
    """Return the audit entries that meet every filter given, oldest first; `since` and `until` are inclusive."""
    ws.require_ready()
    return audit_entries(ws.engine, entity_kind=entity_kind, entity_id=entity_id, territory=territory, user=user,
                         since=since, until=until)


def write_audit_csv(entries: Sequence[AuditEntry], path: Path) -> None:
    """Write entries as CSV, with the states before and after as JSON text."""
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(CSV_COLUMNS)
        for entry in entries:
            writer.writerow([
                entry.recorded_at.isoformat(), entry.user, entry.action, entry.entity_kind, entry.entity_id,
                entry.coverage_model or "", entry.territory or "", entry.reason,
                _json(entry.before), _json(entry.after),
            ])


def _json(value: object) -> str:
    return "" if value is None else json.dumps(value, sort_keys=True, ensure_ascii=False)
