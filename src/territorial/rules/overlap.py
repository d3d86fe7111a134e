"""Whether two rules can match the same entity, and whether one rule can never win over another.

Both questions are answered from the conditions alone, before any entity is
loaded. Answers err on the side of a warning: two conditions "can overlap"
unless they are provably disjoint, and a rule "shadows" another only when it
provably matches everything the other matches. Conditions on different
attributes are treated as independent, so `state in (NY)` and `zip prefix 10`
can overlap even though every 10xxx ZIP code is in New York.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from territorial.domain.attribute import ZIP
from territorial.domain.period import ValidPeriod
from territorial.domain.rule import AttributeRule, Condition, Operator
from territorial.rules.condition import matches

_FINITE = frozenset({Operator.EQUALS, Operator.IN})
_EXCLUDING = frozenset({Operator.NOT_EQUALS, Operator.NOT_IN})


@dataclass(frozen=True)
class Interval:
    """A range of ZIP strings or numbers; a missing bound is unbounded, `*_open` excludes the bound."""

    low: Decimal | str | None = None
    high: Decimal | str | None = None
    low_open: bool = False
    high_open: bool = False

    def is_empty_with(self, other: Interval) -> bool:
        low, low_open = _tighter(self.low, self.low_open, other.low, other.low_open, lowest=False)
        high, high_open = _tighter(self.high, self.high_open, other.high, other.high_open, lowest=True)
        if low is None or high is None:
            return False
        return low > high or (low == high and (low_open or high_open))  # type: ignore[operator]

    def contains(self, other: Interval) -> bool:
        return _bound_within(other.low, other.low_open, self.low, self.low_open, below=True) and \
            _bound_within(other.high, other.high_open, self.high, self.high_open, below=False)


def can_tie(first: AttributeRule, second: AttributeRule) -> bool:
    """Return whether two rules of one priority naming different territories can match one entity."""
    if first.coverage_model != second.coverage_model or first.priority != second.priority:
        return False
    if first.territory == second.territory or not first.period.overlaps(second.period):
        return False
    return can_both_match(first, second)


def can_both_match(first: AttributeRule, second: AttributeRule) -> bool:
    for mine in first.conditions:
        for theirs in second.conditions:
            if mine.attribute == theirs.attribute and not can_overlap(mine, theirs):
                return False
    return True


def shadows(higher: AttributeRule, lower: AttributeRule) -> bool:
    """Return whether `higher` wins over `lower` on every entity and day that `lower` matches."""
    if higher.coverage_model != lower.coverage_model or higher.priority >= lower.priority:
        return False
    if not _covers(higher.period, lower.period):
        return False
    return all(any(implies(narrow, broad) for narrow in lower.conditions if narrow.attribute == broad.attribute)
               for broad in higher.conditions)


def can_overlap(first: Condition, second: Condition) -> bool:
    """Return False only when no value of the shared attribute can meet both conditions."""
    for finite, other in ((first, second), (second, first)):
        if finite.operator in _FINITE:
            return any(matches(other, {other.attribute: value}) for value in finite.values)
    blank = {c.operator for c in (first, second)} & {Operator.IS_BLANK}
    if blank:
        return first.operator is second.operator
    if first.operator is Operator.PREFIX and second.operator is Operator.PREFIX:
        return any(p.startswith(q) or q.startswith(p) for p in first.values for q in second.values)
    intervals_first, intervals_second = intervals(first), intervals(second)
    if intervals_first is None or intervals_second is None:
        return True
    return any(not a.is_empty_with(b) for a in intervals_first for b in intervals_second)


def implies(narrow: Condition, broad: Condition) -> bool:
    """Return True only when every value that meets `narrow` provably meets `broad`."""
    if narrow.operator in _FINITE:
        return all(matches(broad, {broad.attribute: value}) for value in narrow.values)
    if broad.operator is Operator.IS_NOT_BLANK:
        return narrow.operator is not Operator.IS_BLANK
    if narrow.operator is Operator.IS_BLANK or broad.operator is Operator.IS_BLANK:
        return narrow.operator is broad.operator
    if narrow.operator in _EXCLUDING and broad.operator in _EXCLUDING:
        return set(broad.values) <= set(narrow.values)
    if narrow.operator is Operator.PREFIX and broad.operator is Operator.PREFIX:
        return all(any(p.startswith(q) for q in broad.values) for p in narrow.values)
    narrow_intervals, broad_intervals = intervals(narrow), intervals(broad)
    if narrow_intervals is None or broad_intervals is None:
        return False
    return all(any(b.contains(n) for b in broad_intervals) for n in narrow_intervals)


def intervals(condition: Condition) -> list[Interval] | None:
    """Return the condition as intervals of ZIP strings or numbers, or None when it is not one."""
    op, values = condition.operator, condition.values
    if condition.attribute == ZIP:
        if op is Operator.RANGE:
            return [Interval(values[0], values[1])]
        if op is Operator.PREFIX:
            return [Interval(p.ljust(5, "0"), p.ljust(5, "9")) for p in values]
        return None
    if op is Operator.RANGE:
        return [Interval(Decimal(values[0]), Decimal(values[1]))]
    bound = Decimal(values[0]) if values else None
    numeric = {
        Operator.GT: Interval(low=bound, low_open=True),
        Operator.GE: Interval(low=bound),
        Operator.LT: Interval(high=bound, high_open=True),
        Operator.LE: Interval(high=bound),
    }
    return [numeric[op]] if op in numeric else None


def _tighter(a, a_open: bool, b, b_open: bool, lowest: bool):  # type: ignore[no-untyped-def]
    """Return the tighter of two bounds: the higher low bound, or the lower high bound."""
    if a is None:
        return b, b_open
    if b is None or a == b:
        return a, a_open or (b_open if a == b else False)
    pick_a = (a < b) if lowest else (a > b)
    return (a, a_open) if pick_a else (b, b_open)


def _bound_within(inner, inner_open: bool, outer, outer_open: bool, below: bool) -> bool:  # type: ignore[no-untyped-def]
    """Return whether an inner bound lies inside an outer one (`below`: comparing low bounds)."""
    if outer is None:
        return True
    if inner is None:
        return False
    if inner == outer:
        return inner_open or not outer_open
    return inner > outer if below else inner < outer


def _covers(outer: ValidPeriod, inner: ValidPeriod) -> bool:
    if outer.valid_from > inner.valid_from:
        return False
    if outer.valid_to is None:
        return True
    return inner.valid_to is not None and inner.valid_to <= outer.valid_to
