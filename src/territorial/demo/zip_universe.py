"""The US ZIP code universe of the demo book, from the `zipcodes` package.

Territories are drawn on three-digit ZIP prefixes (the sectional centers of the
USPS), the way sales operations usually draw them. Military ZIP codes (APO, FPO
and DPO addresses, states AA, AE and AP) and the Pacific territories are left
out of US Retail: no rule claims them, so a fact with such an address is
unassigned in that coverage model. No demo branch is placed there.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache, cached_property

import zipcodes

MILITARY_STATES = frozenset({"AA", "AE", "AP"})
# The package files some military ZIP codes under NJ with the city APO or DPO.
MILITARY_CITIES = frozenset({"APO", "FPO", "DPO"})
PACIFIC_TERRITORIES = frozenset({"AS", "FM", "GU", "MH", "MP", "PW"})

# Types of ZIP code that can be the address of a branch office.
ADDRESS_TYPES = frozenset({"STANDARD", "PO BOX"})


@dataclass(frozen=True)
class ZipCode:
    """One five-digit ZIP code, kept as a string so leading zeros survive."""

    code: str
    state: str
    city: str
    type: str
    active: bool

    @property
    def prefix(self) -> str:
        return self.code[:3]

    @cached_property
    def military(self) -> bool:
        return (
            self.type == "MILITARY"
            or self.state in MILITARY_STATES
            or self.city.upper() in MILITARY_CITIES
        )

    @cached_property
    def coverable(self) -> bool:
        """Whether US Retail covers this ZIP code: not military and not in the Pacific territories."""
        return not self.military and self.state not in PACIFIC_TERRITORIES

    @cached_property
    def address(self) -> bool:
        """Whether a demo branch may have this ZIP code as its address."""
        return self.active and self.type in ADDRESS_TYPES and self.coverable


@dataclass(frozen=True)
class PrefixBlock:
    """The ZIP codes that share one three-digit prefix."""

    prefix: str
    zips: tuple[ZipCode, ...]

    @property
    def states(self) -> Counter[str]:
        return Counter(z.state for z in self.zips if z.coverable)

    @property
    def address_count(self) -> int:
        return sum(1 for z in self.zips if z.address)

    @property
    def low(self) -> str:
        return f"{self.prefix}00"

    @property
    def high(self) -> str:
        return f"{self.prefix}99"


@cache
def zip_codes() -> tuple[ZipCode, ...]:
    """Return every ZIP code of the package, in ZIP order."""
    entries = [
        ZipCode(
            code=entry["zip_code"],
            state=entry["state"],
            city=entry["city"],
            type=entry["zip_code_type"],
            active=bool(entry["active"]),
        )
        for entry in zipcodes.list_all()
    ]
    return tuple(sorted(entries, key=lambda z: z.code))


@cache
def prefix_blocks() -> tuple[PrefixBlock, ...]:
    """Return the used three-digit prefixes in order, each with its ZIP codes."""
    grouped: dict[str, list[ZipCode]] = {}
    for zip_code in zip_codes():
        grouped.setdefault(zip_code.prefix, []).append(zip_code)
    return tuple(PrefixBlock(prefix, tuple(zips)) for prefix, zips in sorted(grouped.items()))


@cache
def address_zips() -> tuple[ZipCode, ...]:
    """Return the ZIP codes a branch address may use, in ZIP order."""
    return tuple(z for z in zip_codes() if z.address)
