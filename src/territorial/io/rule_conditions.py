"""The `when:` block of a rule in a territory file, turned into domain conditions."""

from __future__ import annotations

from collections.abc import Mapping

from territorial.domain.rule import BLANK_OPERATORS, Condition, Operator
from territorial.io.document_problems import DocumentProblems
from territorial.io.suggestion import close_matches_hint
from territorial.io.yaml_source import DocumentPath

_OPERATOR_NAMES = [op.value for op in Operator]
_OPPOSITE = {Operator.IS_BLANK: Operator.IS_NOT_BLANK, Operator.IS_NOT_BLANK: Operator.IS_BLANK}
_CONDITION_FIX = "write the condition as described under Operators in docs/territory-as-code.md"


def read_conditions(
    rule_code: str,
    when: Mapping[str, Mapping[str, object]],
    path: DocumentPath,
    problems: DocumentProblems,
) -> tuple[Condition, ...]:
    """Build one condition per attribute and operator; record a problem for each invalid one.

    Attribute names are trimmed and lower-cased, as the feed readers do with column names.
    """
    conditions: list[Condition] = []
    for attribute, operators in when.items():
        for operator, raw in operators.items():
            where = path + (attribute, operator)
            condition = _condition(rule_code, attribute.strip().lower(), operator, raw, where, problems)
            if condition is not None:
                conditions.append(condition)
    return tuple(conditions)


def _condition(
    rule_code: str,
    attribute: str,
    operator: str,
    raw: object,
    where: DocumentPath,
    problems: DocumentProblems,
) -> Condition | None:
    if operator not in _OPERATOR_NAMES:
        hint = close_matches_hint(operator, _OPERATOR_NAMES)
        problems.add(
            where,
            f"rule {rule_code!r} uses the unknown operator {operator!r}",
            value=operator,
            fix=f"use one of {', '.join(_OPERATOR_NAMES)}" + (f"; {hint}" if hint else ""),
        )
        return None

    op = Operator(operator)
    try:
        return Condition.build(attribute, op, _values(op, raw))
    except ValueError as error:
        problems.add(
            where,
            f"rule {rule_code!r} has an invalid condition on {attribute!r}: {error}",
            value=raw,
            fix=_CONDITION_FIX,
        )
        return None


def _values(op: Operator, raw: object) -> list[str]:
    """Return the condition values of `raw`; a single value where a list is expected is a one-item list."""
    if op in BLANK_OPERATORS:
        return _blank_test(op, raw)
    if raw is None:
        raise ValueError(f"{op.value} needs a value")
    items = raw if isinstance(raw, list) else [raw]
    for item in items:
        if not isinstance(item, str):
            raise ValueError(f"{op.value} takes plain values, not nested lists or mappings")
    return items


def _blank_test(op: Operator, raw: object) -> list[str]:
    # `is_blank: true` is the only spelling, so that `is_blank: false` cannot be misread.
    if isinstance(raw, str) and raw.strip().lower() == "true":
        return []
    if isinstance(raw, str) and raw.strip().lower() == "false":
        raise ValueError(f"{op.value} takes only true; write {_OPPOSITE[op].value}: true instead")
    raise ValueError(f"{op.value} takes the value true")
