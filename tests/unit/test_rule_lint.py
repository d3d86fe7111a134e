"""Rule lint: which rules can tie, which can never win, and which ZIP codes no rule covers."""

from datetime import date

import pytest

from territorial.domain.master_data import MasterData
from territorial.domain.period import ValidPeriod
from territorial.domain.rule import AttributeRule
from territorial.rules.overlap import can_overlap, implies
from territorial.service.lint import FindingKind, lint_book, lint_rules
from tests.builders import condition, master_data, rule

DAY = date(2025, 1, 15)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (condition("state", "in", "NY", "NJ"), condition("state", "in", "NJ", "CT"), True),
        (condition("state", "in", "NY"), condition("state", "in", "TX"), False),
        (condition("zip", "range", "02000", "02999"), condition("zip", "range", "12000", "12999"), False),
        (condition("zip", "range", "02000", "02999"), condition("zip", "prefix", "029"), True),
        (condition("zip", "prefix", "10"), condition("zip", "prefix", "11"), False),
        (condition("aum", "gt", "100"), condition("aum", "le", "100"), False),
        (condition("aum", "ge", "100"), condition("aum", "le", "100"), True),
        (condition("channel", "is_blank"), condition("channel", "in", "RIA"), False),
        (condition("state", "not_in", "NY"), condition("state", "in", "NY"), False),
    ],
)
def test_condition_overlap(first, second, expected):
    assert can_overlap(first, second) is expected
    assert can_overlap(second, first) is expected


@pytest.mark.parametrize(
    ("narrow", "broad", "expected"),
    [
        (condition("zip", "prefix", "021"), condition("zip", "range", "02000", "02999"), True),
        (condition("zip", "prefix", "02"), condition("zip", "range", "02000", "02500"), False),
        (condition("state", "in", "NY"), condition("state", "in", "NY", "NJ"), True),
        (condition("aum", "gt", "500"), condition("aum", "ge", "100"), True),
        (condition("aum", "ge", "100"), condition("aum", "gt", "100"), False),
        (condition("channel", "in", "RIA"), condition("channel", "is_not_blank"), True),
    ],
)
def test_condition_implication(narrow, broad, expected):
    assert implies(narrow, broad) is expected


def test_lower_rule_inside_higher_is_shadowed():
    rules = [rule("R1", "NEW_ENGLAND", 10, condition("zip", "range", "02000", "02999")),
             rule("R9", "BOSTON", 20, condition("zip", "prefix", "021"))]

    [finding] = lint_rules(rules)

    assert finding.kind is FindingKind.SHADOWED
    assert finding.rules == ("R9", "R1")
    assert "R9 (priority 20) can never win" in finding.message


def test_rules_on_one_territory_do_not_tie():
    rules = [rule("A", "EAST", 5, condition("state", "in", "NY")), rule("B", "EAST", 5, condition("zip", "prefix", "10"))]

    assert lint_rules(rules) == []


def test_rules_valid_at_different_times_do_not_tie():
    new_york = (condition("state", "in", "NY"),)
    until_march = AttributeRule("A", "US_RETAIL", "EAST", 5, new_york, ValidPeriod(valid_to=date(2025, 3, 1)))
    from_march = AttributeRule("B", "US_RETAIL", "WEST", 5, new_york, ValidPeriod(date(2025, 3, 1)))

    assert lint_rules([until_march, from_march]) == []


def test_zip_codes_outside_every_range_are_reported():
    data: MasterData = master_data("US_RETAIL")
    data.add_rule(rule("R1", "NEW_ENGLAND", 10, condition("zip", "range", "02000", "02999")))
    data.add_rule(rule("R2", "UPSTATE", 10, condition("zip", "range", "12000", "12999")))
    data.add_rule(rule("R3", "NY_METRO", 20, condition("state", "in", "NY")))

    [finding] = [f for f in lint_book(data, DAY) if f.kind is FindingKind.UNCOVERED_ZIPS]

    assert "TX " in finding.message
    assert "NY " not in finding.message
    assert "e.g. 00601" in finding.message
