"""The demo: a realistic firm on the real US ZIP code universe, loaded, assigned, attributed and reported."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from territorial.demo.book import DemoBook, generate_book
from territorial.domain.period import ReportingPeriod
from territorial.io.territory_document import TerritoryDocument
from territorial.service.assignment import AssignmentRun, assign_store
from territorial.service.loading import FeedKind, save_document, save_entities, save_facts
from territorial.service.runs import AttributionRun, Engine, ModelSummary, run_attribution, summarise
from territorial.service.workspace import Workspace

log = logging.getLogger(__name__)

Step = Callable[[str], None]


@dataclass(frozen=True)
class DemoSize:
    advisors: int = 10_000
    branches: int = 2_000
    firms: int = 300
    accounts: int = 20_000
    trades: int = 200_000

    def scaled(self, factor: float) -> DemoSize:
        return DemoSize(*(max(minimum, int(value * factor)) for value, minimum in
                          zip((self.advisors, self.branches, self.firms, self.accounts, self.trades),
                              (40, 20, 10, 80, 400))))


@dataclass
class DemoRun:
    workspace: Workspace
    book: DemoBook
    assignments: AssignmentRun
    run: AttributionRun
    summaries: list[ModelSummary]


def run_demo(out: Path, seed: int = 7, size: DemoSize = DemoSize(), year: int = 2025,
             step: Step = lambda _: None, engine: Engine = Engine.DUCKDB) -> DemoRun:
    """Build the demo book in a fresh workspace under `out` and attribute its year."""
    workspace = _fresh_workspace(out)
    step("Generating the demo book")
    book = generate_book(seed, size.advisors, size.branches, size.firms, size.accounts, size.trades, year)
    step("Loading territories, teams and rules")
    save_document(workspace, _document(book), "demo book")
    step("Loading organisations, advisors and accounts")
    save_entities(workspace, FeedKind.ORGANISATIONS, book.organisations, "demo organisations")
    save_entities(workspace, FeedKind.CONTACTS, book.contacts, "demo advisors")
    save_entities(workspace, FeedKind.ACCOUNTS, book.accounts, "demo accounts")
    step("Loading trades and month-end AUM")
    save_facts(workspace, FeedKind.TRADES, book.trades, "demo trades")
    save_facts(workspace, FeedKind.AUM, book.positions, "demo AUM")
    step("Assigning every organisation, advisor and account")
    assignments = assign_store(workspace.engine, date(year, 12, 31), bulk=engine is Engine.DUCKDB)
    step("Attributing the year's facts to territories and people")
    period = ReportingPeriod(str(year), date(year, 1, 1), date(year + 1, 1, 1))
    run = run_attribution(workspace, period, engine=engine)
    return DemoRun(workspace, book, assignments, run, summarise(run))


def _fresh_workspace(out: Path) -> Workspace:
    out.mkdir(parents=True, exist_ok=True)
    store, facts = out / "territorial.db", out / "territorial-facts"
    for leftover in (store, out / "territorial.db-wal", out / "territorial.db-shm"):
        leftover.unlink(missing_ok=True)
    shutil.rmtree(facts, ignore_errors=True)
    workspace = Workspace(str(store), facts)
    workspace.initialise()
    return workspace


def _document(book: DemoBook) -> TerritoryDocument:
    return TerritoryDocument(book.coverage_models, book.territories, book.people, book.teams, book.rules,
                             book.account_rules)
