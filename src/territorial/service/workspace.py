"""The workspace: the master-data store and the folder of fact files."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path

from sqlalchemy.engine import Engine

from territorial.store import connect, initialise, require_current_schema

DB_VARIABLE = "TERRITORIAL_DB"
FACTS_VARIABLE = "TERRITORIAL_FACTS_DIR"
DEFAULT_DB = "territorial.db"


@dataclass(frozen=True)
class Workspace:
    """A store (an SQLite file or a database URL) and the folder its fact files live in.

    Without `facts_dir`, facts go to a folder beside an SQLite file (`territorial.db`
    keeps them in `territorial-facts/`), or to `./territorial-facts` for a server URL.
    `clock` replaces the system clock for recorded times (see `store.connect`).
    """

    db: str
    facts_dir: Path = field(default=Path())
    clock: Callable[[], datetime] | None = field(default=None, compare=False)

    @classmethod
    def from_options(cls, db: str | None = None, facts_dir: str | None = None) -> Workspace:
        location = db or os.environ.get(DB_VARIABLE) or DEFAULT_DB
        folder = facts_dir or os.environ.get(FACTS_VARIABLE)
        return cls(location, Path(folder) if folder else _default_facts_dir(location))

    @cached_property
    def engine(self) -> Engine:
        return connect(self.db, self.clock)

    def initialise(self) -> None:
        self.facts_dir.mkdir(parents=True, exist_ok=True)
        initialise(self.engine)

    def require_ready(self) -> None:
        require_current_schema(self.engine)


def _default_facts_dir(location: str) -> Path:
    if "://" in location:
        if not location.startswith("sqlite:///"):
            return Path("territorial-facts")
        location = location.removeprefix("sqlite:///")
    path = Path(location)
    return path.with_name(f"{path.stem}-facts")
