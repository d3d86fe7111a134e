"""Entities from the CRM and the book of record: organisations, contacts and accounts."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from territorial.domain.attribute import Attributes
from territorial.domain.period import ValidPeriod


class EntityKind(StrEnum):
    ORGANISATION = "organisation"
    CONTACT = "contact"
    ACCOUNT = "account"


@dataclass(frozen=True)
class Organisation:
    """A firm or one of its branches; `parent_id` nests branches under firms."""

    id: str
    name: str
    parent_id: str | None = None
    attributes: Attributes = field(default_factory=dict)
    period: ValidPeriod = field(default_factory=ValidPeriod)


@dataclass(frozen=True)
class Contact:
    """A financial advisor working at an organisation."""

    id: str
    name: str
    organisation_id: str | None = None
    attributes: Attributes = field(default_factory=dict)
    period: ValidPeriod = field(default_factory=ValidPeriod)


@dataclass(frozen=True)
class Account:
    """A registration at the transfer agent or platform; omnibus accounts pool many clients."""

    id: str
    name: str
    contact_id: str | None = None
    organisation_id: str | None = None
    omnibus: bool = False
    attributes: Attributes = field(default_factory=dict)
    period: ValidPeriod = field(default_factory=ValidPeriod)
