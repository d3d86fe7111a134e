"""What a condition means: the reference semantics the bulk engine must reproduce.

A blank attribute (missing or None) satisfies `is_blank` and nothing else: not
`not_in`, not `not_equals`. Numeric operators on a value that is not a number do
not match. ZIP ranges and prefixes compare five-digit strings.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from territorial.domain.attribute import ZIP, Attributes
from territorial.domain.rule import Condition, Operator


def matches(condition: Condition, attributes: Attributes) -> bool:
    """Return whether `attributes` meet `condition`."""
    value = attributes.get(condition.attribute)
    if condition.operator is Operator.IS_BLANK:
        return value is None
    if condition.operator is Operator.IS_NOT_BLANK:
        return value is not None
    if value is None:
        return False
    return _compare(condition, value)


def _compare(condition: Condition, value: str) -> bool:
    op, values = condition.operator, condition.values
    if op is Operator.EQUALS or op is Operator.IN:
        return value in values
    if op is Operator.NOT_EQUALS or op is Operator.NOT_IN:
        return value not in values
    if op is Operator.PREFIX:
        return any(value.startswith(prefix) for prefix in values)
    if op is Operator.RANGE and condition.attribute == ZIP:
        return values[0] <= value <= values[1]
    number = _number(value)
    if number is None:
        return False
    bound = Decimal(values[0])
    if op is Operator.RANGE:
        return bound <= number <= Decimal(values[1])
    if op is Operator.GT:
        return number > bound
    if op is Operator.GE:
        return number >= bound
    if op is Operator.LT:
        return number < bound
    return number <= bound


def _number(text: str) -> Decimal | None:
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def matches_all(conditions: tuple[Condition, ...], attributes: Attributes) -> bool:
    return all(matches(c, attributes) for c in conditions)
