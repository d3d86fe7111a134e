"""Users of territorial and the roles that decide what each may change."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """A role; each role may do everything the roles before it may do."""

    VIEWER = "viewer"
    EDITOR = "editor"
    APPROVER = "approver"
    ADMIN = "admin"

    def includes(self, needed: Role) -> bool:
        """Return whether this role may do what `needed` may do."""
        order = list(Role)
        return order.index(self) >= order.index(needed)


@dataclass(frozen=True)
class User:
    """A person who reads or changes the store under a name, such as `jo` or `kim`."""

    name: str
    role: Role
    display_name: str = ""
