"""Loads: territory-as-code files, entity feeds and fact feeds, each all or nothing."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import StrEnum
from pathlib import Path

from territorial.domain.entity import Account, Contact, Organisation
from territorial.domain.fact import Fact
from territorial.domain.master_data import MasterData
from territorial.errors import InputError, Problem
from territorial.io.fact_file import write_facts
from territorial.io.feeds import read_accounts, read_aum, read_contacts, read_organisations, read_trades
from territorial.io.territory_document import TerritoryDocument
from territorial.io.territory_file import read_territory_file
from territorial.domain.user import Role
from territorial.service.facts import known_fact_ids
from territorial.service.users import authorise
from territorial.service.workspace import Workspace
from territorial.store import (
    MasterDataKind,
    UnitOfWork,
    WriteSummary,
    list_keys,
    load_master_data,
    register_fact_batch,
    save_account_rules,
    save_coverage_models,
    save_people,
    save_rules,
    save_teams,
    save_territories,
)

log = logging.getLogger(__name__)


class FeedKind(StrEnum):
    TERRITORIES = "territories"
    ORGANISATIONS = "organisations"
    CONTACTS = "contacts"
    ACCOUNTS = "accounts"
    TRADES = "trades"
    AUM = "aum"


@dataclass(frozen=True)
class LoadResult:
    kind: str
    source: str
    items: int
    inserted: int
    superseded: int


def load_file(ws: Workspace, kind: FeedKind, path: Path, user: str | None = None, reason: str = "") -> LoadResult:
    """Load one file of the given kind into the workspace; raise InputError and change nothing on bad input.

    `user` and `reason` go into the audit trail; once the store has users, `user` must be an editor or higher.
    """
    ws.require_ready()
    if kind is FeedKind.TERRITORIES:
        return save_document(ws, read_territory_file(path), str(path), user, reason)
    if kind in (FeedKind.TRADES, FeedKind.AUM):
        facts = read_trades(path) if kind is FeedKind.TRADES else read_aum(path)
        return save_facts(ws, kind, facts, str(path), user, reason)
    readers: dict[FeedKind, Callable[[Path], Sequence[object]]] = {
        FeedKind.ORGANISATIONS: read_organisations,
        FeedKind.CONTACTS: read_contacts,
        FeedKind.ACCOUNTS: read_accounts,
    }
    return save_entities(ws, kind, readers[kind](path), str(path), user, reason)


def save_document(ws: Workspace, document: TerritoryDocument, source: str, user: str | None = None,
                  reason: str = "") -> LoadResult:
    """Record a territory-as-code document as the desired state of what it defines.

    Anything the store contains that the document no longer lists is rejected rather
    than dropped, because history is never deleted. To retire a territory, rule or
    team, give it a `valid_to`.
    """
    with UnitOfWork(ws.engine, user, reason or f"load {source}") as uow:
        authorise(uow, user, Role.EDITOR, "load territory files")
        summaries = record_document(uow, document, source)
    items = sum(len(x) for x in (document.coverage_models, document.territories, document.people,
                                 document.teams, document.rules, document.account_rules))
    result = LoadResult(FeedKind.TERRITORIES.value, source, items,
                        sum(s.inserted_rows for s in summaries), sum(s.superseded_rows for s in summaries))
    log.info("loaded %s: %d items, %d rows inserted, %d superseded", source, items, result.inserted, result.superseded)
    return result


def record_document(uow: UnitOfWork, document: TerritoryDocument, source: str) -> list[WriteSummary]:
    """Write a territory-as-code document inside `uow`; see save_document."""
    _check_nothing_missing(uow, document, source)
    return [
        save_coverage_models(uow, document.coverage_models),
        save_territories(uow, document.territories),
        save_people(uow, document.people),
        save_teams(uow, document.teams),
        save_rules(uow, document.rules),
        save_account_rules(uow, document.account_rules),
    ]


def _check_nothing_missing(uow: UnitOfWork, document: TerritoryDocument, source: str) -> None:
    listed = {
        MasterDataKind.COVERAGE_MODEL: {m.code for m in document.coverage_models},
        MasterDataKind.TERRITORY: {t.code for t in document.territories},
        MasterDataKind.PERSON: {p.id for p in document.people},
        MasterDataKind.COVERAGE_TEAM: {(t.coverage_model, t.territory) for t in document.teams},
        MasterDataKind.ATTRIBUTE_RULE: {r.code for r in document.rules},
        MasterDataKind.ACCOUNT_RULE: {r.code for r in document.account_rules},
    }
    problems = []
    for kind, keys in listed.items():
        for key in list_keys(uow, kind):
            if key not in keys:
                problems.append(Problem(
                    f"the store holds {kind.value.replace('_', ' ')} {key!r} but the file does not list it",
                    fix="keep it in the file and give it a valid_to to retire it; history is never deleted",
                    source=source, value=key))
    if problems:
        raise InputError(problems)


Entity = Organisation | Contact | Account


def save_entities(ws: Workspace, kind: FeedKind, entities: Sequence[object], source: str,
                  user: str | None = None, reason: str = "") -> LoadResult:
    """Record entity versions over their valid periods, after checking what they refer to.

    Each row asserts a version over its own period and leaves the rest of that
    entity's history alone, so a feed may carry only the change from a date on.
    """
    with UnitOfWork(ws.engine, user, reason or f"load {source}") as uow:
        authorise(uow, user, Role.EDITOR, f"load {kind.value}")
        known = load_master_data(uow)
        _check_references(kind, entities, known, source)
        repositories = {FeedKind.ORGANISATIONS: uow.organisations, FeedKind.CONTACTS: uow.contacts,
                        FeedKind.ACCOUNTS: uow.accounts}
        summary = repositories[kind].assert_versions(entities)
    log.info("loaded %s: %d %s", source, len(entities), kind.value)
    return LoadResult(kind.value, source, len(entities), summary.inserted_rows, summary.superseded_rows)


def _check_references(kind: FeedKind, entities: Sequence[object], known: MasterData, source: str) -> None:
    """Check that every parent, organisation and advisor named exists in the file or the store.

    Feed readers return one entity version per data row in file order, so the row of
    item i is i + 2 (row 1 is the header).
    """
    in_file = {e.id for e in entities}  # type: ignore[attr-defined]
    organisations = set(known.organisations) | (in_file if kind is FeedKind.ORGANISATIONS else set())
    contacts = set(known.contacts)
    checks = {
        FeedKind.ORGANISATIONS: [("parent_id", organisations, "organisation")],
        FeedKind.CONTACTS: [("organisation_id", organisations, "organisation")],
        FeedKind.ACCOUNTS: [("organisation_id", organisations, "organisation"), ("contact_id", contacts, "contact")],
    }[kind]
    problems = []
    for index, entity in enumerate(entities):
        for field_name, ids, noun in checks:
            value = getattr(entity, field_name)
            if value is not None and value not in ids:
                problems.append(Problem(
                    f"unknown {noun}", source=source, row=index + 2, field=field_name, value=value,
                    fix=f"load the {noun}s first, or correct the id"))
    if kind is FeedKind.ORGANISATIONS:
        problems += _cycle_problems(entities, known, source)  # type: ignore[arg-type]
    if problems:
        raise InputError(problems)


def _cycle_problems(organisations: Sequence[Organisation], known: MasterData, source: str) -> list[Problem]:
    """Find organisations that would become their own ancestor once the file is loaded.

    Any version's parent link counts, so a cycle that only some dates would form is
    caught too.
    """
    parents: dict[str, set[str]] = {}
    for org_id, versions in known.organisations.items():
        parents[org_id] = {v.parent_id for v in versions.items if v.parent_id}
    for organisation in organisations:
        parents[organisation.id] = set()
    for organisation in organisations:
        if organisation.parent_id:
            parents[organisation.id].add(organisation.parent_id)
    problems = []
    for index, organisation in enumerate(organisations):
        cycle = _path_back_to(organisation.id, parents)
        if cycle:
            problems.append(Problem(
                "the organisation would be its own ancestor: " + " → ".join(cycle),
                source=source, row=index + 2, field="parent_id", value=organisation.parent_id,
                fix="give one organisation of the loop a parent outside it, or no parent"))
    return problems


def _path_back_to(start: str, parents: dict[str, set[str]]) -> list[str]:
    """Return a chain of parent links from `start` back to itself, or an empty list."""
    stack = [(parent, [start, parent]) for parent in parents.get(start, ())]
    seen: set[str] = set()
    while stack:
        current, chain = stack.pop()
        if current == start:
            return chain
        if current in seen:
            continue
        seen.add(current)
        stack.extend((parent, chain + [parent]) for parent in parents.get(current, ()))
    return []


def save_facts(ws: Workspace, kind: FeedKind, facts: list[Fact], source: str, user: str | None = None,
               reason: str = "") -> LoadResult:
    """Write facts as a new, immutable Parquet batch and register it; the batch is all or nothing.

    Corrections arrive as new facts (cancel and rebill), so a fact id that was already
    loaded is refused instead of overwritten.
    """
    ws.facts_dir.mkdir(parents=True, exist_ok=True)
    with UnitOfWork(ws.engine, user, reason or f"load {source}") as uow:
        authorise(uow, user, Role.EDITOR, f"load {kind.value}")
        known = load_master_data(uow)
        _check_facts(facts, known, known_fact_ids(ws, uow), source)
        batch_id = f"{kind.value}-{datetime.now(timezone.utc):%Y%m%dT%H%M%S%f}"
        path = ws.facts_dir / f"{batch_id}.parquet"
        write_facts(facts, path)
        try:
            register_fact_batch(
                uow, batch_id=batch_id, kind=kind.value, path=path.name, row_count=len(facts),
                first_date=min((f.date for f in facts), default=None),
                last_date=max((f.date for f in facts), default=None),
                sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
            )
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    log.info("loaded %s: %d %s facts as batch %s", source, len(facts), kind.value, batch_id)
    return LoadResult(kind.value, source, len(facts), len(facts), 0)


def _check_facts(facts: list[Fact], known: MasterData, loaded: set[str], source: str) -> None:
    problems = []
    for index, fact in enumerate(facts):
        row = index + 2
        if fact.id in loaded:
            problems.append(Problem(
                "this fact id was loaded before", source=source, row=row, field="fact id", value=fact.id,
                fix="send a correction as a new fact with its own id (cancel and rebill)"))
        if fact.account_id not in known.accounts:
            problems.append(Problem("unknown account", source=source, row=row, field="account_id",
                                    value=fact.account_id, fix="load the account first, or correct the id"))
        if fact.contact_id is not None and fact.contact_id not in known.contacts:
            problems.append(Problem("unknown contact", source=source, row=row, field="contact_id",
                                    value=fact.contact_id, fix="load the contact first, or leave the column blank"))
        if len(problems) >= 100:
            break
    if problems:
        raise InputError(problems)
