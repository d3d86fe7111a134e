"""The shape of a territory-as-code file, checked by pydantic before any domain rule.

Every scalar arrives as a string (see yaml_source), and pydantic converts the fields
that are not strings: priorities to int, splits to Decimal from their text (never
through float), and dates through parse_iso_date. Unknown keys are rejected so
that a typo such as `valid_form` cannot silently drop a date.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    StringConstraints,
    ValidationError,
    field_validator,
)
from pydantic_core import ErrorDetails

from territorial.domain.territory import TerritoryKind
from territorial.io.iso_date import parse_iso_date
from territorial.io.yaml_source import DocumentPath

FORMAT_VERSION = 1


def _to_date(value: object) -> object:
    return parse_iso_date(value) if isinstance(value, str) else value


def _none_as_empty(value: object) -> object:
    # A section whose items are all commented out parses as null; treat it as empty.
    return [] if value is None else value


def _none_as_no_conditions(value: object) -> object:
    return {} if value is None else value


_Item = TypeVar("_Item")

IsoDate = Annotated[date, BeforeValidator(_to_date)]
Section = Annotated[list[_Item], BeforeValidator(_none_as_empty)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")


class VersionedEntry(_Entry):
    valid_from: IsoDate | None = None
    valid_to: IsoDate | None = None


class CoverageModelEntry(VersionedEntry):
    code: Code
    name: Text
    resolution_order: list[Code] | None = None


class TerritoryEntry(VersionedEntry):
    code: Code
    name: Text
    kind: TerritoryKind = TerritoryKind.GEOGRAPHIC
    level: Code = "territory"
    parent: Code | None = None


class PersonEntry(_Entry):
    id: Code
    name: Text
    email: Text | None = None


class MemberEntry(_Entry):
    person: Code
    role: Code
    split: Decimal


class TeamEntry(VersionedEntry):
    coverage_model: Code
    territory: Code
    members: list[MemberEntry]


class RuleEntry(VersionedEntry):
    code: Code
    coverage_model: Code
    territory: Code
    priority: int
    # attribute -> operator -> value or values; the operators are checked with the domain rules.
    when: Annotated[dict[str, dict[str, Any]], BeforeValidator(_none_as_no_conditions)] = {}


class AccountRuleEntry(VersionedEntry):
    code: Code
    account: Code
    coverage_model: Code
    territory: Code


class TerritoryFileSchema(_Entry):
    version: int
    valid_from: IsoDate | None = None
    coverage_models: Section[CoverageModelEntry] = []
    territories: Section[TerritoryEntry] = []
    people: Section[PersonEntry] = []
    teams: Section[TeamEntry] = []
    rules: Section[RuleEntry] = []
    account_rules: Section[AccountRuleEntry] = []

    @field_validator("version")
    @classmethod
    def _known_version(cls, version: int) -> int:
        if version != FORMAT_VERSION:
            raise ValueError(f"this release reads format version {FORMAT_VERSION} only")
        return version


def allowed_keys(path: DocumentPath) -> list[str]:
    """Return the keys allowed in the mapping at `path`, such as ("teams", 3, "members", 0)."""
    model: type[BaseModel] = TerritoryFileSchema
    for part in path:
        if isinstance(part, int):
            continue
        model = _entry_model(model.model_fields[part].annotation)
    return list(model.model_fields)


def _entry_model(annotation: object) -> type[BaseModel]:
    # Sections and members are list[SomeEntry]; unwrap to the entry model.
    for argument in typing.get_args(annotation) or (annotation,):
        if isinstance(argument, type) and issubclass(argument, BaseModel):
            return argument
        if typing.get_args(argument):
            return _entry_model(argument)
    raise LookupError(f"no entry model in {annotation!r}")


SECTIONS = ("coverage_models", "territories", "people", "teams", "rules", "account_rules")


@dataclass(frozen=True)
class ValidEntries:
    """The schema-valid part of a territory file.

    Entries with schema errors are left out of `schema`, so the domain checks can still
    run on the rest. `positions` contains the index that each kept entry had in the file.
    `raw` is the whole file, so that a reference to a left-out entry is not reported as unknown.
    """

    schema: TerritoryFileSchema
    positions: dict[str, list[int]]
    raw: dict[str, Any]

    def entries(self, section: str) -> list[tuple[int, Any]]:
        """Return (index in the file, entry) for each valid entry of `section`."""
        return list(zip(self.positions[section], getattr(self.schema, section)))

    def keys(self, section: str, key: str) -> set[str]:
        """Return the stripped values of `key` in every entry of `section`, valid or not."""
        items = self.raw.get(section)
        if not isinstance(items, list):
            return set()
        return {
            item[key].strip()
            for item in items
            if isinstance(item, dict) and isinstance(item.get(key), str)
        }


def validate_entries(raw: dict[str, Any]) -> tuple[ValidEntries | None, list[ErrorDetails]]:
    """Validate the file; return its valid entries (None if the top level is invalid) and the errors."""
    try:
        schema = TerritoryFileSchema.model_validate(raw)
        return ValidEntries(schema, _all_positions(schema), raw), []
    except ValidationError as error:
        errors = error.errors()

    if not all(_can_skip(e) for e in errors):
        return None, errors

    invalid = {(e["loc"][0], e["loc"][1]) for e in errors if _is_entry_location(e["loc"])}
    positions = {
        section: [i for i in range(len(_items(raw, section))) if (section, i) not in invalid]
        for section in SECTIONS
    }
    valid_part = {key: value for key, value in raw.items() if key in TerritoryFileSchema.model_fields}
    for section in SECTIONS:
        if section in raw:
            valid_part[section] = [_items(raw, section)[i] for i in positions[section]]
    return ValidEntries(TerritoryFileSchema.model_validate(valid_part), positions, raw), errors


def _can_skip(error: ErrorDetails) -> bool:
    """Tell whether the rest of the file can be checked without the part in error."""
    return _is_entry_location(error["loc"]) or error["type"] == "extra_forbidden"


def _is_entry_location(loc: tuple[str | int, ...]) -> bool:
    return len(loc) >= 2 and loc[0] in SECTIONS and isinstance(loc[1], int)


def _items(raw: dict[str, Any], section: str) -> list[Any]:
    items = raw.get(section)
    return items if isinstance(items, list) else []


def _all_positions(schema: TerritoryFileSchema) -> dict[str, list[int]]:
    return {section: list(range(len(getattr(schema, section)))) for section in SECTIONS}
