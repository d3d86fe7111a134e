"""Organisations, contacts and accounts: CRM upserts that return the entity's territories, and reads."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from territorial.api.auth import Editor, Viewer, workspace
from territorial.api.snapshots import SnapshotsDep, snapshots
from territorial.api.coordinates import AsOf, KnownAt, aware, day
from territorial.api.errors import ERROR_RESPONSES
from territorial.api.pagination import Page, Paging, paginate
from territorial.api.schemas import (
    AccountIn,
    ContactIn,
    EntityOut,
    EntityPlacementsOut,
    OrganisationIn,
    PlacementOut,
    placement_fields,
)
from territorial.domain.attribute import normalise_attributes
from territorial.domain.entity import Account, Contact, EntityKind, Organisation
from territorial.domain.master_data import MasterData, Versions
from territorial.domain.period import ValidPeriod
from territorial.errors import InputError, NotFoundError, Problem
from territorial.service.explain import explain_entity
from territorial.service.loading import FeedKind, save_entities

router = APIRouter(tags=["entities"], responses=ERROR_RESPONSES)

Entity = Organisation | Contact | Account
_FEEDS = {EntityKind.ORGANISATION: FeedKind.ORGANISATIONS, EntityKind.CONTACT: FeedKind.CONTACTS,
          EntityKind.ACCOUNT: FeedKind.ACCOUNTS}


Search = Annotated[str | None, Query(description="Only entities whose id or name contains this text, any case.")]
UpsertAsOf = Annotated[date | None, Query(
    description="Valid date of the territories returned (default: today, or valid_from when that is later).")]


@router.put("/organisations/{entity_id}", response_model=EntityPlacementsOut)
def upsert_organisation(entity_id: str, body: OrganisationIn, user: Editor, request: Request,
                        as_of: UpsertAsOf = None) -> EntityPlacementsOut:
    """Create or change an organisation from this version's dates on, and return its territories."""
    period = _period(body.valid_from, body.valid_to)
    entity = Organisation(entity_id, body.name.strip(), body.parent_id, _attributes(body.attributes), period)
    return _upsert(request, EntityKind.ORGANISATION, entity, user.name, as_of)


@router.put("/contacts/{entity_id}", response_model=EntityPlacementsOut)
def upsert_contact(entity_id: str, body: ContactIn, user: Editor, request: Request,
                   as_of: UpsertAsOf = None) -> EntityPlacementsOut:
    """Create or change a contact (an advisor) from this version's dates on, and return its territories."""
    period = _period(body.valid_from, body.valid_to)
    entity = Contact(entity_id, body.name.strip(), body.organisation_id, _attributes(body.attributes), period)
    return _upsert(request, EntityKind.CONTACT, entity, user.name, as_of)


@router.put("/accounts/{entity_id}", response_model=EntityPlacementsOut)
def upsert_account(entity_id: str, body: AccountIn, user: Editor, request: Request,
                   as_of: UpsertAsOf = None) -> EntityPlacementsOut:
    """Create or change an account from this version's dates on, and return its territories."""
    period = _period(body.valid_from, body.valid_to)
    entity = Account(entity_id, body.name.strip(), body.contact_id, body.organisation_id, body.omnibus,
                     _attributes(body.attributes), period)
    return _upsert(request, EntityKind.ACCOUNT, entity, user.name, as_of)


@router.get("/organisations/{entity_id}", response_model=EntityPlacementsOut)
def get_organisation(entity_id: str, _: Viewer, cache: SnapshotsDep, as_of: AsOf = None,
                     known_at: KnownAt = None) -> EntityPlacementsOut:
    """Return an organisation valid on `as_of` and its territory in every coverage model."""
    return _placements(cache.master_data(aware(known_at)), EntityKind.ORGANISATION, entity_id, day(as_of))


@router.get("/contacts/{entity_id}", response_model=EntityPlacementsOut)
def get_contact(entity_id: str, _: Viewer, cache: SnapshotsDep, as_of: AsOf = None,
                known_at: KnownAt = None) -> EntityPlacementsOut:
    """Return a contact valid on `as_of` and its territory in every coverage model."""
    return _placements(cache.master_data(aware(known_at)), EntityKind.CONTACT, entity_id, day(as_of))


@router.get("/accounts/{entity_id}", response_model=EntityPlacementsOut)
def get_account(entity_id: str, _: Viewer, cache: SnapshotsDep, as_of: AsOf = None,
                known_at: KnownAt = None) -> EntityPlacementsOut:
    """Return an account valid on `as_of` and its territory in every coverage model."""
    return _placements(cache.master_data(aware(known_at)), EntityKind.ACCOUNT, entity_id, day(as_of))


@router.get("/organisations", response_model=Page[EntityOut])
def list_organisations(_: Viewer, cache: SnapshotsDep, paging: Paging, q: Search = None, as_of: AsOf = None,
                       known_at: KnownAt = None) -> Page[EntityOut]:
    """List the organisations valid on `as_of`, by id."""
    return paginate(_valid(cache.master_data(aware(known_at)).organisations, day(as_of), q), paging)


@router.get("/contacts", response_model=Page[EntityOut])
def list_contacts(_: Viewer, cache: SnapshotsDep, paging: Paging, q: Search = None, as_of: AsOf = None,
                  known_at: KnownAt = None) -> Page[EntityOut]:
    """List the contacts (advisors) valid on `as_of`, by id."""
    return paginate(_valid(cache.master_data(aware(known_at)).contacts, day(as_of), q), paging)


@router.get("/accounts", response_model=Page[EntityOut])
def list_accounts(_: Viewer, cache: SnapshotsDep, paging: Paging, q: Search = None, as_of: AsOf = None,
                  known_at: KnownAt = None) -> Page[EntityOut]:
    """List the accounts valid on `as_of`, by id."""
    return paginate(_valid(cache.master_data(aware(known_at)).accounts, day(as_of), q), paging)


def entity_out(entity: Entity) -> EntityOut:
    fields: dict[str, Any] = {"id": entity.id, "name": entity.name, "attributes": dict(entity.attributes),
                              "valid_from": entity.period.valid_from, "valid_to": entity.period.valid_to}
    if isinstance(entity, Organisation):
        return EntityOut(kind=EntityKind.ORGANISATION.value, parent_id=entity.parent_id, **fields)
    if isinstance(entity, Contact):
        return EntityOut(kind=EntityKind.CONTACT.value, organisation_id=entity.organisation_id, **fields)
    return EntityOut(kind=EntityKind.ACCOUNT.value, organisation_id=entity.organisation_id,
                     contact_id=entity.contact_id, omnibus=entity.omnibus, **fields)


def find_entities(data: MasterData, text: str, as_of: date, limit: int) -> list[EntityOut]:
    """Return up to `limit` organisations, contacts and accounts whose id or name contains `text`."""
    found: list[EntityOut] = []
    for table in (data.contacts, data.accounts, data.organisations):
        found.extend(_valid(table, as_of, text)[:limit - len(found)])
    return found


def _upsert(request: Request, kind: EntityKind, entity: Entity, user: str, as_of: date | None) -> EntityPlacementsOut:
    source = f"API {kind.value} {entity.id}"
    try:
        save_entities(workspace(request), _FEEDS[kind], [entity], source, user, f"upsert {kind.value} {entity.id}")
    except InputError as error:
        # The feed checks number rows as in a file; a request body has a single item.
        raise InputError([Problem(p.message, p.fix, source, None, p.field, p.value) for p in error.problems]) from None
    # NOTE: the write moved the store clock, so this reloads all master data to resolve one
    # entity; that is quick on the demo book but grows with the book and has not been measured at scale.
    data = snapshots(request).master_data()
    return _placements(data, kind, entity.id, as_of or _upsert_day(entity.period))


def _upsert_day(period: ValidPeriod) -> date:
    today = date.today()
    return today if period.contains(today) else period.valid_from


def _placements(data: MasterData, kind: EntityKind, entity_id: str, on: date) -> EntityPlacementsOut:
    table: dict[str, Versions[Any]] = {EntityKind.ORGANISATION: data.organisations, EntityKind.CONTACT: data.contacts,
                                       EntityKind.ACCOUNT: data.accounts}[kind]
    versions = table.get(entity_id)
    entity = versions.at(on) if versions else None
    if entity is None:
        raise NotFoundError(f"No {kind.value} with id {entity_id!r} is valid on {on.isoformat()}; check the id, "
                            "or pass as_of a date when it existed.")
    explanation = explain_entity(data, kind, entity_id, on)
    territories = [PlacementOut(**placement_fields(m.resolution), territory_name=m.territory_name)
                   for m in explanation.models]
    return EntityPlacementsOut(entity=entity_out(entity), as_of=on, territories=territories)


def _valid(table: dict[str, Versions[Any]], on: date, text: str | None) -> list[EntityOut]:
    needle = text.strip().lower() if text else ""
    found = []
    for entity_id in sorted(table):
        entity = table[entity_id].at(on)
        if entity is None:
            continue
        if needle and needle not in entity_id.lower() and needle not in entity.name.lower():
            continue
        found.append(entity_out(entity))
    return found


def _period(valid_from: date | None, valid_to: date | None) -> ValidPeriod:
    start = valid_from or date.today()
    if valid_to is not None and valid_to <= start:
        raise InputError([Problem("valid_to must be after valid_from", field="valid_to", value=valid_to.isoformat(),
                                  fix=f"give a date after {start.isoformat()}, or leave it empty for open-ended")])
    return ValidPeriod(start, valid_to)


def _attributes(raw: dict[str, str | None]) -> dict[str, str | None]:
    problems = []
    clean: dict[str, str | None] = {}
    for name, value in raw.items():
        try:
            clean.update(normalise_attributes({name: value}))
        except ValueError as error:
            problems.append(Problem(str(error), field=f"attributes.{name}", value=value,
                                    fix="send the value as the feeds write it, e.g. a five-digit ZIP code"))
    if problems:
        raise InputError(problems)
    return clean

