"""Effective attributes: what rules see of an entity on a date.

An entity inherits the attributes of what it belongs to, nearest first: an account
sees its own attributes over its advisor's, over its branch's, over its firm's. A
blank value does not hide an inherited one. Rules can also read derived
attributes: `organisation` (the nearest organisation's id), `firm` (the root
organisation's id), `contact` and `account` (the ids), and `omnibus` (true/false).
"""

from __future__ import annotations

from datetime import date

from territorial.domain.entity import Account, Contact, Organisation
from territorial.domain.master_data import MasterData


def organisation_chain(data: MasterData, org_id: str | None, day: date) -> list[Organisation]:
    """Return the organisation and its parents valid on `day`, nearest first."""
    chain: list[Organisation] = []
    seen: set[str] = set()
    current = data.organisation(org_id, day)
    while current is not None and current.id not in seen:
        chain.append(current)
        seen.add(current.id)
        current = data.organisation(current.parent_id, day)
    return chain


def _overlay(base: dict[str, str | None], attributes: dict[str, str | None] | object) -> None:
    for name, value in dict(attributes).items():  # type: ignore[call-overload]
        if value is not None:
            base[name] = value


def organisation_view(chain: list[Organisation]) -> dict[str, str | None]:
    """Return the effective attributes of `chain[0]`, the nearest organisation of the chain."""
    view: dict[str, str | None] = {}
    for organisation in reversed(chain):
        _overlay(view, organisation.attributes)
    if chain:
        view["organisation"] = chain[0].id
        view["firm"] = chain[-1].id
    return view


def contact_view(contact: Contact, chain: list[Organisation]) -> dict[str, str | None]:
    view = organisation_view(chain)
    _overlay(view, contact.attributes)
    view["contact"] = contact.id
    return view


def account_view(
    account: Account, contact: Contact | None, chain: list[Organisation]
) -> dict[str, str | None]:
    view = contact_view(contact, chain) if contact else organisation_view(chain)
    _overlay(view, account.attributes)
    view["account"] = account.id
    view["omnibus"] = "true" if account.omnibus else "false"
    return view
