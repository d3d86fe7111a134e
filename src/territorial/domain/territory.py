"""Territories and their hierarchy (territory → district → region → division)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from territorial.domain.period import ValidPeriod


class TerritoryKind(StrEnum):
    """What kind of boundary a territory draws."""

    GEOGRAPHIC = "geographic"
    CHANNEL = "channel"
    SEGMENT = "segment"
    PRODUCT = "product"
    NAMED_ACCOUNTS = "named_accounts"
    OVERLAY = "overlay"


@dataclass(frozen=True)
class Territory:
    """A named slice of the market; `parent` links it into the rollup hierarchy."""

    code: str
    name: str
    kind: TerritoryKind = TerritoryKind.GEOGRAPHIC
    level: str = "territory"
    parent: str | None = None
    period: ValidPeriod = field(default_factory=ValidPeriod)


class Hierarchy:
    """The parent links of the territories valid at one date."""

    def __init__(self, territories: list[Territory]) -> None:
        self._by_code = {t.code: t for t in territories}

    def get(self, code: str) -> Territory | None:
        return self._by_code.get(code)

    def path(self, code: str) -> list[Territory]:
        """Return the territory and its ancestors, nearest first."""
        chain: list[Territory] = []
        seen: set[str] = set()
        current = self._by_code.get(code)
        while current is not None and current.code not in seen:
            chain.append(current)
            seen.add(current.code)
            current = self._by_code.get(current.parent) if current.parent else None
        return chain

    def find_cycle(self) -> list[str] | None:
        """Return the codes of one parent cycle, or None when the hierarchy is a forest."""
        for start in self._by_code:
            seen: list[str] = []
            current: str | None = start
            while current is not None and current in self._by_code:
                if current in seen:
                    return seen[seen.index(current):] + [current]
                seen.append(current)
                current = self._by_code[current].parent
        return None
