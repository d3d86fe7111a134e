"""Attribute rules and account rules, and the conditions attribute rules are made of."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from territorial.domain.attribute import ZIP, normalise_attribute
from territorial.domain.period import ValidPeriod
from territorial.domain.zipcode import check_zip_pattern


class Operator(StrEnum):
    EQUALS = "equals"
    NOT_EQUALS = "not_equals"
    IN = "in"
    NOT_IN = "not_in"
    PREFIX = "prefix"
    RANGE = "range"
    GT = "gt"
    GE = "ge"
    LT = "lt"
    LE = "le"
    IS_BLANK = "is_blank"
    IS_NOT_BLANK = "is_not_blank"


NUMERIC_OPERATORS = frozenset({Operator.GT, Operator.GE, Operator.LT, Operator.LE})
BLANK_OPERATORS = frozenset({Operator.IS_BLANK, Operator.IS_NOT_BLANK})
_SINGLE_VALUE = frozenset({Operator.EQUALS, Operator.NOT_EQUALS}) | NUMERIC_OPERATORS


@dataclass(frozen=True)
class Condition:
    """`attribute operator values`, e.g. zip range ("02000", "02999") or state in ("NY",).

    Values are stored normalised like the attribute they test, so `state in (ny)` and
    `state in (NY)` are the same condition. Ranges are inclusive at both ends. On `zip`,
    ranges and prefixes compare five-digit strings; on other attributes ranges and
    comparisons are numeric.
    """

    attribute: str
    operator: Operator
    values: tuple[str, ...] = ()

    @classmethod
    def build(cls, attribute: str, operator: str, values: list[object] | tuple[object, ...]) -> Condition:
        """Validate and normalise a condition; raise ValueError saying what to write instead."""
        op = Operator(operator)
        name = attribute.strip()
        if not name:
            raise ValueError("a condition needs an attribute name")
        raw = [str(v) for v in values]
        _check_arity(op, raw)
        return cls(name, op, tuple(_normalise_values(name, op, raw)))

    def describe(self) -> str:
        if self.operator in BLANK_OPERATORS:
            return f"{self.attribute} {self.operator.value.replace('_', ' ')}"
        if self.operator is Operator.RANGE:
            return f"{self.attribute} from {self.values[0]} to {self.values[1]}"
        shown = ", ".join(self.values)
        return f"{self.attribute} {self.operator.value.replace('_', ' ')} ({shown})"


def _check_arity(op: Operator, raw: list[str]) -> None:
    if op in BLANK_OPERATORS and raw:
        raise ValueError(f"{op.value} takes no values")
    if op in _SINGLE_VALUE and len(raw) != 1:
        raise ValueError(f"{op.value} takes exactly one value, got {len(raw)}")
    if op is Operator.RANGE and len(raw) != 2:
        raise ValueError(f"range takes two values [low, high], got {len(raw)}")
    if op in (Operator.IN, Operator.NOT_IN, Operator.PREFIX) and not raw:
        raise ValueError(f"{op.value} needs at least one value")


def _normalise_values(attribute: str, op: Operator, raw: list[str]) -> list[str]:
    if attribute == ZIP:
        return _zip_values(op, raw)
    if op in NUMERIC_OPERATORS or op is Operator.RANGE:
        numbers = [_number(v) for v in raw]
        if op is Operator.RANGE and numbers[0] > numbers[1]:
            raise ValueError(f"range low {raw[0]!r} is above high {raw[1]!r}")
        return [str(n) for n in numbers]
    if op is Operator.PREFIX:
        return [v.strip() for v in raw]
    return [_value(attribute, v) for v in raw]


def _zip_values(op: Operator, raw: list[str]) -> list[str]:
    for value in raw:
        check_zip_pattern(value)
    if op is Operator.PREFIX:
        for value in raw:
            if not (value.isdigit() and 1 <= len(value) <= 5):
                raise ValueError(f"a ZIP prefix is one to five digits, got {value!r}")
        return raw
    if op in NUMERIC_OPERATORS:
        raise ValueError("ZIP codes are not numbers; use range or prefix instead of comparisons")
    if op is Operator.RANGE:
        for value in raw:
            if not (value.isdigit() and len(value) == 5):
                raise ValueError(
                    f"ZIP range bounds are five-digit strings, got {value!r}; "
                    "quote them in YAML to keep leading zeros (\"02000\")"
                )
        if raw[0] > raw[1]:
            raise ValueError(f"range low {raw[0]!r} is above high {raw[1]!r}")
        return raw
    return [_value(ZIP, v) for v in raw]


def _value(attribute: str, text: str) -> str:
    value = normalise_attribute(attribute, text)
    if value is None:
        raise ValueError("a condition value cannot be blank; use is_blank to match blank values")
    return value


def _number(text: str) -> Decimal:
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None
    if not number.is_finite():
        raise ValueError(f"{text!r} is not a finite number")
    return number


@dataclass(frozen=True)
class AttributeRule:
    """Entities whose attributes meet every condition belong to `territory`; lower priority wins."""

    code: str
    coverage_model: str
    territory: str
    priority: int
    conditions: tuple[Condition, ...]
    period: ValidPeriod = field(default_factory=ValidPeriod)

    def describe(self) -> str:
        text = " and ".join(c.describe() for c in self.conditions) or "always"
        return f"{self.code} (priority {self.priority}): {text} → {self.territory}"


@dataclass(frozen=True)
class AccountRule:
    """Every fact under `account_id` belongs to `territory` in `coverage_model`."""

    code: str
    account_id: str
    coverage_model: str
    territory: str
    period: ValidPeriod = field(default_factory=ValidPeriod)
