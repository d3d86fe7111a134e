"""The attribute rules of one coverage model, indexed for matching and ranked by priority.

Matching looks up candidate rules through a hash index instead of testing every
rule: a rule is filed under the values of one `equals`/`in` condition, or under
the three-digit ZIP prefixes its ZIP range or prefix covers. Only candidates are
tested in full, so a rule set with one rule per ZIP code stays fast.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from territorial.domain.attribute import ZIP, Attributes
from territorial.domain.period import change_dates
from territorial.domain.rule import AttributeRule, Condition, Operator
from territorial.rules.condition import matches_all


@dataclass(frozen=True)
class Ranking:
    """The outcome of ranking the rules that match one set of attributes.

    `matched` is every matching rule, best first (priority, then code). A tie at the
    top between rules naming different territories is a conflict: `winner` is None
    and `tied` names those rules. Rules tied at the top that agree on the territory
    are no conflict; the first by code wins.
    """

    matched: tuple[AttributeRule, ...] = ()
    winner: AttributeRule | None = None
    tied: tuple[AttributeRule, ...] = ()

    @property
    def conflict(self) -> bool:
        return bool(self.tied)


def rank(matched: list[AttributeRule]) -> Ranking:
    """Rank matching rules: lowest priority number wins, a split decision at the top is a conflict."""
    if not matched:
        return Ranking()
    ordered = tuple(sorted(matched, key=lambda r: (r.priority, r.code)))
    top = [r for r in ordered if r.priority == ordered[0].priority]
    if len({r.territory for r in top}) > 1:
        return Ranking(matched=ordered, tied=tuple(top))
    return Ranking(matched=ordered, winner=top[0])


class RuleSet:
    """All versions of the attribute rules of one coverage model."""

    def __init__(self, rules: list[AttributeRule]) -> None:
        self.rules = sorted(rules, key=lambda r: (r.priority, r.code, r.period.valid_from))
        self.attributes = tuple(sorted({c.attribute for r in self.rules for c in r.conditions}))
        self._breakpoints = sorted(change_dates(self.rules))
        self._index: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        self._unindexed: list[int] = []
        for position, rule in enumerate(self.rules):
            self._file(position, rule)
        self._memo: dict[tuple[object, ...], Ranking] = {}

    def breakpoints(self) -> list[date]:
        """Return the dates on which some rule starts or stops being valid."""
        return self._breakpoints

    def rank(self, attributes: Attributes, day: date) -> Ranking:
        """Rank the rules valid on `day` that `attributes` meet."""
        key = (tuple(attributes.get(a) for a in self.attributes), bisect_right(self._breakpoints, day))
        ranking = self._memo.get(key)
        if ranking is None:
            ranking = rank(self._matching(attributes, day))
            self._memo[key] = ranking
        return ranking

    def _matching(self, attributes: Attributes, day: date) -> list[AttributeRule]:
        positions = set(self._unindexed)
        for attribute, buckets in self._index.items():
            value = attributes.get(attribute)
            if value is not None:
                positions.update(buckets.get(_bucket_key(attribute, value), ()))
        found = []
        for position in positions:
            rule = self.rules[position]
            if rule.period.contains(day) and matches_all(rule.conditions, attributes):
                found.append(rule)
        return found

    def _file(self, position: int, rule: AttributeRule) -> None:
        for condition in rule.conditions:
            keys = _index_keys(condition)
            if keys is not None:
                for key in keys:
                    self._index[condition.attribute][key].append(position)
                return
        self._unindexed.append(position)


def _bucket_key(attribute: str, value: str) -> str:
    return value[:3] if attribute == ZIP else value


def _index_keys(condition: Condition) -> list[str] | None:
    """Return the index keys a value must have to meet `condition`, or None if it cannot be indexed."""
    op, values = condition.operator, condition.values
    if condition.attribute == ZIP:
        if op in (Operator.EQUALS, Operator.IN):
            return sorted({v[:3] for v in values})
        if op is Operator.RANGE:
            return [f"{n:03d}" for n in range(int(values[0][:3]), int(values[1][:3]) + 1)]
        if op is Operator.PREFIX:
            return sorted({k for prefix in values for k in _zip3_keys(prefix)})
        return None
    if op in (Operator.EQUALS, Operator.IN):
        return list(values)
    return None


def _zip3_keys(prefix: str) -> list[str]:
    if len(prefix) >= 3:
        return [prefix[:3]]
    width = 3 - len(prefix)
    return [prefix + f"{n:0{width}d}" for n in range(10**width)]
