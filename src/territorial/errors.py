"""The exceptions territorial raises.

    TerritorialError
    ├── InputError            bad input, with every problem found (file, row, field, value, fix)
    ├── DomainError           a request the domain forbids (splits off 100, overlapping intervals, ...)
    │   └── WorkflowError     an override or period transition that is not allowed
    ├── AccessDeniedError     a user who is unknown or whose role does not allow the change
    ├── NotFoundError         an id or code that the store does not hold
    └── StoreError            the store is missing, not initialised or at the wrong schema version
"""

from __future__ import annotations

from dataclasses import dataclass


class TerritorialError(Exception):
    """Base class of every error territorial raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as the input allows."""

    message: str
    fix: str = ""
    source: str = ""
    row: int | None = None
    field: str = ""
    value: object = None

    def __str__(self) -> str:
        where = self.source or "input"
        if self.row is not None:
            where += f", row {self.row}"
        if self.field:
            where += f", field {self.field!r}"
        text = f"{where}: {self.message}"
        if self.value is not None:
            text += f" (value {self.value!r})"
        if self.fix:
            text += f". Fix: {self.fix}"
        return text


class InputError(TerritorialError):
    """An input (file, document, request) that cannot be accepted; nothing was changed."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        noun = "problem" if len(problems) == 1 else "problems"
        super().__init__(f"{len(problems)} {noun} found, nothing was loaded:\n{shown}{more}")


class DomainError(TerritorialError):
    """A change that would break a rule of the domain."""


class WorkflowError(DomainError):
    """A state transition that is not allowed (approving one's own override, reversing twice)."""


class AccessDeniedError(TerritorialError):
    """A change requested by no user, an unknown user, or a user whose role does not allow it."""


class NotFoundError(TerritorialError):
    """An id or code that is not in the store at the requested time."""


class StoreError(TerritorialError):
    """The store cannot be used: missing, not initialised, or at another schema version."""
