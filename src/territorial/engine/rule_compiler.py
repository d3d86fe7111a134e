"""The rule compiler: attribute rules as lookup tables, and the SQL that matches views against them.

Each rule gets one anchor, the condition that finds its candidate views by a join:

- `equals`/`in` on any attribute: one `rule_key` row per value, a hash join (a rule set
  of 42,000 ZIP codes is 42,000 rows, not a CASE chain);
- `prefix`: one `rule_prefix` row per prefix, joined on the derived key
  `substr(value, 1, length)`;
- a ZIP `range`: one `rule_bucket` row per three-digit ZIP prefix the range covers,
  joined on `substr(zip, 1, 3)`;
- anything else (`not_in`, blanks, numeric comparisons, no condition): the residue,
  tried against every view.

Candidates are then checked against every condition of their rule as predicates
over the condition tables, so a value never appears in SQL text. Blank attributes
are absent rows; an absent value meets `is_blank` and nothing else, as in
`rules/condition.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pyarrow as pa

from territorial.domain.attribute import ZIP
from territorial.domain.rule import AttributeRule, Condition, Operator
from territorial.errors import DomainError

END = date(9999, 12, 31)
NUMBER_TYPE = pa.decimal128(38, 10)
_NUMBER_SCALE = Decimal("1E-10")
_NUMBER_LIMIT = Decimal(10) ** 28
_MEMBERSHIP = frozenset({Operator.EQUALS, Operator.IN, Operator.NOT_EQUALS, Operator.NOT_IN})


@dataclass(frozen=True)
class CompiledRules:
    tables: dict[str, pa.Table]


def compile_rules(rules: Iterable[AttributeRule]) -> CompiledRules:
    """Return the lookup tables of `rules` (every version of every coverage model's rules)."""
    ordered = sorted(rules, key=lambda r: (r.coverage_model, r.priority, r.code, r.period.valid_from))
    rows: dict[str, list[tuple]] = {name: [] for name in _SCHEMAS}
    for rule_id, rule in enumerate(ordered):
        rows["rule"].append((rule_id, rule.code, rule.coverage_model, rule.territory, rule.priority,
                             rule.period.valid_from, rule.period.valid_to or END))
        for position, condition in enumerate(rule.conditions):
            rows["rule_condition"].append(_condition_row(rule, rule_id, position, condition))
            target = "rule_prefix_value" if condition.operator is Operator.PREFIX else "rule_value"
            if condition.operator in _MEMBERSHIP or condition.operator is Operator.PREFIX:
                rows[target].extend((rule_id, position, value) for value in condition.values)
        _add_anchor(rows, rule_id, rule)
    rows["rule_attribute"] = sorted({(r.coverage_model, c.attribute) for r in ordered for c in r.conditions})
    rows["prefix_length"] = sorted({(attribute, length) for _, attribute, _, length in rows["rule_prefix"]})
    rows["epoch"] = _epochs(ordered)
    return CompiledRules({name: _table(rows[name], schema) for name, schema in _SCHEMAS.items()})


def _condition_row(rule: AttributeRule, rule_id: int, position: int, condition: Condition) -> tuple:
    op, values = condition.operator, condition.values
    zip_range = op is Operator.RANGE and condition.attribute == ZIP
    text_low = values[0] if zip_range else None
    text_high = values[1] if zip_range else None
    number_low = number_high = None
    if op is Operator.RANGE and not zip_range:
        number_low, number_high = _number(rule, values[0]), _number(rule, values[1])
    elif op in (Operator.GT, Operator.GE, Operator.LT, Operator.LE):
        number_low = _number(rule, values[0])
    return (rule_id, position, condition.attribute, op.value, zip_range, text_low, text_high, number_low,
            number_high)


def _number(rule: AttributeRule, text: str) -> Decimal:
    """Return a numeric bound as the engine compares it, DECIMAL(38, 10), or raise when it does not fit."""
    number = Decimal(text)
    if number.quantize(_NUMBER_SCALE) != number or abs(number) >= _NUMBER_LIMIT:
        raise DomainError(
            f"Rule {rule.code} compares with {text}, which the bulk engine cannot hold exactly: numeric "
            "bounds have at most 10 decimals and 28 digits before the point. Round the bound."
        )
    return number


def _add_anchor(rows: dict[str, list[tuple]], rule_id: int, rule: AttributeRule) -> None:
    """File the rule under its first indexable condition, or in the residue when it has none."""
    for condition in rule.conditions:
        op, attribute, values = condition.operator, condition.attribute, condition.values
        if op in (Operator.EQUALS, Operator.IN):
            rows["rule_key"].extend((rule_id, attribute, v) for v in sorted(set(values)))
            return
        if op is Operator.PREFIX:
            rows["rule_prefix"].extend((rule_id, attribute, p, len(p)) for p in sorted(set(values)))
            return
        if op is Operator.RANGE and attribute == ZIP:
            low, high = int(values[0][:3]), int(values[1][:3])
            rows["rule_bucket"].extend((rule_id, attribute, f"{n:03d}") for n in range(low, high + 1))
            return
    rows["rule_residue"].append((rule_id,))


def _epochs(rules: list[AttributeRule]) -> list[tuple[date, date]]:
    """Return the stretches of time over which the set of valid rules stays the same."""
    days = {date.min, END}
    for rule in rules:
        days.add(rule.period.valid_from)
        if rule.period.valid_to is not None:
            days.add(rule.period.valid_to)
    ordered = sorted(days)
    return list(zip(ordered, ordered[1:]))


def _table(rows: list[tuple], schema: pa.Schema) -> pa.Table:
    columns = list(zip(*rows)) or [[] for _ in schema]
    return pa.Table.from_arrays([pa.array(list(c), f.type) for c, f in zip(columns, schema)], schema=schema)


_SCHEMAS: dict[str, pa.Schema] = {
    "rule": pa.schema([("rule_id", pa.int32()), ("code", pa.string()), ("model", pa.string()),
                       ("territory", pa.string()), ("priority", pa.int64()), ("valid_from", pa.date32()),
                       ("valid_to", pa.date32())]),
    "rule_condition": pa.schema([("rule_id", pa.int32()), ("position", pa.int32()), ("attribute", pa.string()),
                                 ("operator", pa.string()), ("zip_range", pa.bool_()), ("text_low", pa.string()),
                                 ("text_high", pa.string()), ("number_low", NUMBER_TYPE),
                                 ("number_high", NUMBER_TYPE)]),
    "rule_value": pa.schema([("rule_id", pa.int32()), ("position", pa.int32()), ("value", pa.string())]),
    "rule_prefix_value": pa.schema([("rule_id", pa.int32()), ("position", pa.int32()), ("prefix", pa.string())]),
    "rule_key": pa.schema([("rule_id", pa.int32()), ("attribute", pa.string()), ("value", pa.string())]),
    "rule_prefix": pa.schema([("rule_id", pa.int32()), ("attribute", pa.string()), ("prefix", pa.string()),
                              ("length", pa.int32())]),
    "rule_bucket": pa.schema([("rule_id", pa.int32()), ("attribute", pa.string()), ("bucket", pa.string())]),
    "rule_residue": pa.schema([("rule_id", pa.int32())]),
    "rule_attribute": pa.schema([("model", pa.string()), ("name", pa.string())]),
    "prefix_length": pa.schema([("attribute", pa.string()), ("length", pa.int32())]),
    "epoch": pa.schema([("epoch_start", pa.date32()), ("epoch_end", pa.date32())]),
}


# Candidate (view, rule) pairs: the anchor joins, then the residue against every view.
# `view_content(vid, epoch_start)` and `view_value(vid, name, value)` are the distinct views.
CANDIDATE_SQL = """
SELECT DISTINCT c.vid, c.rule_id
FROM (
    SELECT v.vid, k.rule_id
    FROM view_value v JOIN rule_key k ON k.attribute = v.name AND k.value = v.value
    UNION ALL
    SELECT v.vid, p.rule_id
    FROM view_value v
    JOIN prefix_length l ON l.attribute = v.name AND length(v.value) >= l.length
    JOIN rule_prefix p ON p.attribute = v.name AND p.length = l.length AND p.prefix = substr(v.value, 1, l.length)
    UNION ALL
    SELECT v.vid, b.rule_id
    FROM view_value v JOIN rule_bucket b ON b.attribute = v.name AND b.bucket = substr(v.value, 1, 3)
    UNION ALL
    SELECT v.vid, r.rule_id FROM view_content v CROSS JOIN rule_residue r
) c
JOIN view_content v ON v.vid = c.vid
JOIN rule r ON r.rule_id = c.rule_id AND r.valid_from <= v.epoch_start AND v.epoch_start < r.valid_to
"""

# One row per candidate and condition: does the view's value meet the condition?
CONDITION_CHECK_SQL = """
WITH valued AS (
    SELECT c.vid, c.rule_id, rc.position, rc.operator, rc.zip_range, rc.text_low, rc.text_high,
           rc.number_low, rc.number_high, v.value, TRY_CAST(v.value AS DECIMAL(38, 10)) AS number
    FROM candidate c
    JOIN rule_condition rc ON rc.rule_id = c.rule_id
    LEFT JOIN view_value v ON v.vid = c.vid AND v.name = rc.attribute
),
listed AS (
    SELECT d.vid, d.rule_id, d.position, max(CASE WHEN m.value IS NULL THEN 0 ELSE 1 END) AS listed,
           max(CASE WHEN p.prefix IS NULL THEN 0 ELSE 1 END) AS prefixed
    FROM valued d
    LEFT JOIN rule_value m ON m.rule_id = d.rule_id AND m.position = d.position AND m.value = d.value
    LEFT JOIN rule_prefix_value p ON p.rule_id = d.rule_id AND p.position = d.position
        AND starts_with(d.value, p.prefix)
    GROUP BY d.vid, d.rule_id, d.position
)
SELECT d.vid, d.rule_id,
       CASE
           WHEN d.operator = 'is_blank' THEN d.value IS NULL
           WHEN d.operator = 'is_not_blank' THEN d.value IS NOT NULL
           WHEN d.value IS NULL THEN FALSE
           WHEN d.operator IN ('equals', 'in') THEN l.listed = 1
           WHEN d.operator IN ('not_equals', 'not_in') THEN l.listed = 0
           WHEN d.operator = 'prefix' THEN l.prefixed = 1
           WHEN d.zip_range THEN d.value BETWEEN d.text_low AND d.text_high
           WHEN d.number IS NULL THEN FALSE
           WHEN d.operator = 'range' THEN d.number BETWEEN d.number_low AND d.number_high
           WHEN d.operator = 'gt' THEN d.number > d.number_low
           WHEN d.operator = 'ge' THEN d.number >= d.number_low
           WHEN d.operator = 'lt' THEN d.number < d.number_low
           ELSE d.number <= d.number_low
       END AS met
FROM valued d
JOIN listed l ON l.vid = d.vid AND l.rule_id = d.rule_id AND l.position = d.position
"""

# A candidate matches when none of its rule's conditions fails; a rule without conditions always matches.
MATCHED_SQL = """
SELECT c.vid, c.rule_id FROM candidate c
WHERE NOT EXISTS (
    SELECT 1 FROM condition_check k WHERE k.vid = c.vid AND k.rule_id = c.rule_id AND NOT k.met
)
"""

# Ranking per view and coverage model: the lowest priority wins; rules tied at the top that name
# different territories are a conflict; tied rules that agree give the first by code.
RANKING_SQL = """
WITH hit AS (
    SELECT m.vid, r.model, r.code, r.territory, r.priority FROM matched m JOIN rule r ON r.rule_id = m.rule_id
),
top AS (
    SELECT h.*
    FROM hit h
    JOIN (SELECT vid, model, min(priority) AS priority FROM hit GROUP BY vid, model) t
        ON t.vid = h.vid AND t.model = h.model AND t.priority = h.priority
),
winner AS (
    SELECT vid, model, min(priority) AS priority, min(territory) <> max(territory) AS conflict,
           min(code) AS code, arg_min(territory, code) AS territory
    FROM top GROUP BY vid, model
),
tie AS (
    SELECT t.vid, t.model, string_agg(t.code, ', ' ORDER BY t.code) AS tied_codes
    FROM top t JOIN winner w ON w.vid = t.vid AND w.model = t.model AND w.conflict
    GROUP BY t.vid, t.model
)
SELECT w.vid, w.model, w.priority, w.conflict, w.code, w.territory, t.tied_codes
FROM winner w LEFT JOIN tie t ON t.vid = w.vid AND t.model = w.model
"""
