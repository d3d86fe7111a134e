"""Read models cached until the store changes: master data, assignment runs and attribution runs.

Every unit of work advances the store clock, so the clock's value names the state
of the store. A read compares it (one small query) with the value its cache was
built at, and rebuilds what it needs when the store has changed since.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date, datetime
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from sqlalchemy import select

from territorial.domain.fact import Fact
from territorial.domain.master_data import MasterData
from territorial.domain.period import ReportingPeriod
from territorial.service.assignment import AssignmentRun, assign_all
from territorial.service.facts import read_facts
from territorial.service.runs import AttributionRun, run_attribution
from territorial.service.workspace import Workspace
from territorial.store import load_master_data
from territorial.store.schema import store_clock

T = TypeVar("T")

# Entries kept per store state. Each distinct known_at, as_of or period is one entry,
# and an attribution run of a large book contains every fact, so the cache stays small.
MAX_ENTRIES = 12


class Snapshots:
    """Thread-safe cache of read models, emptied whenever the store clock moves."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._lock = threading.Lock()
        self._clock: datetime | None = None
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()

    def master_data(self, known_at: datetime | None = None) -> MasterData:
        """Return the master data recorded at `known_at`; callers must not change it."""
        return self._cached(("master", known_at), lambda: load_master_data(self.ws.engine, known_at))

    def assignments(self, as_of: date, known_at: datetime | None = None) -> AssignmentRun:
        return self._cached(("assign", as_of, known_at), lambda: assign_all(self.master_data(known_at), as_of))

    def attribution(self, period: ReportingPeriod, known_at: datetime | None = None) -> AttributionRun:
        return self._cached(("attribute", period, known_at), lambda: run_attribution(self.ws, period, known_at))

    def facts(self, known_at: datetime | None = None) -> dict[str, Fact]:
        """Return the facts recorded at `known_at` by id."""
        return self._cached(("facts", known_at), lambda: {f.id: f for f in read_facts(self.ws, known_at)})

    def _cached(self, key: Hashable, build: Callable[[], T]) -> T:
        clock = self._read_clock()
        with self._lock:
            if clock != self._clock:
                self._entries.clear()
                self._clock = clock
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]  # type: ignore[no-any-return]

        # Built outside the lock so one slow report does not hold up other reads.
        value = build()
        with self._lock:
            if self._clock == clock:
                self._entries[key] = value
                while len(self._entries) > MAX_ENTRIES:
                    self._entries.popitem(last=False)
        return value

    def _read_clock(self) -> datetime | None:
        self.ws.require_ready()
        with self.ws.engine.connect() as connection:
            return connection.execute(select(store_clock.c.last_recorded_at)).scalar_one_or_none()


def snapshots(request: Request) -> Snapshots:
    return request.app.state.snapshots  # type: ignore[no-any-return]


SnapshotsDep = Annotated[Snapshots, Depends(snapshots)]
