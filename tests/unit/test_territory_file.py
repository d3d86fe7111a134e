"""Reading territory-as-code YAML: the good paths and one test per kind of bad input."""

from __future__ import annotations

import itertools
import textwrap
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from territorial.domain.coverage import DEFAULT_RESOLUTION_ORDER, ResolutionStep
from territorial.domain.period import BEGINNING
from territorial.domain.rule import Condition, Operator
from territorial.errors import InputError, Problem
from territorial.io.territory_file import parse_territory_text, read_territory_file

HEADER = """\
version: 1
coverage_models:
  - {code: US_RETAIL, name: US Retail}
territories:
  - {code: US, name: United States, level: region}
  - {code: NE01, name: Boston North, parent: US}
people:
  - {id: P001, name: Ann Lee}
  - {id: P002, name: Bo Marsh}
  - {id: P003, name: Cy Orde}
  - {id: P004, name: Di Fenn}
"""


def write_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "territories.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def with_header(tmp_path: Path, sections: str) -> Path:
    return write_file(tmp_path, HEADER + textwrap.dedent(sections))


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        read_territory_file(path)
    return caught.value.problems


def only_problem(path: Path) -> Problem:
    problems = problems_of(path)
    assert len(problems) == 1, problems
    return problems[0]


def line_of(path: Path, text: str) -> int:
    """Return the 1-based line of the first line of `path` that contains `text`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def test_full_file_reads_every_section(tmp_path: Path) -> None:
    path = write_file(
        tmp_path,
        """\
        version: 1
        valid_from: 2025-01-01
        coverage_models:
          - code: US_RETAIL
            name: US Retail
          - code: INST
            name: Institutional
            resolution_order: [account_rule, organisation_attributes]
        territories:
          - {code: US, name: United States, kind: geographic, level: region}
          - {code: NE01, name: Boston North, kind: geographic, level: territory, parent: US}
          - {code: INST_PLATFORMS, name: Platforms, kind: named_accounts}
        people:
          - {id: P001, name: Ann Lee, email: ann@example.com}
          - {id: P002, name: Bo Marsh}
        teams:
          - coverage_model: US_RETAIL
            territory: NE01
            members:
              - {person: P002, role: secondary, split: 40}
              - {person: P001, role: primary, split: 60}
        rules:
          - code: R1
            coverage_model: US_RETAIL
            territory: NE01
            priority: 10
            when:
              zip: {range: ["02000", "02999"]}
              state: {in: [ma, NH]}
              aum_tier: {ge: 3, lt: 5}
              country: {is_blank: true}
        account_rules:
          - {code: AR1, account: A-100, coverage_model: INST, territory: INST_PLATFORMS, valid_to: 2026-01-01}
        """,
    )

    document = read_territory_file(path)

    assert [m.code for m in document.coverage_models] == ["US_RETAIL", "INST"]
    assert document.coverage_models[0].resolution_order == DEFAULT_RESOLUTION_ORDER
    assert document.coverage_models[1].resolution_order == (
        ResolutionStep.ACCOUNT_RULE,
        ResolutionStep.ORGANISATION_ATTRIBUTES,
    )
    assert document.territories[1].parent == "US"
    assert document.territories[0].period.valid_from == date(2025, 1, 1)
    assert document.people[0].email == "ann@example.com"
    assert [m.person_id for m in document.teams[0].members] == ["P001", "P002"]
    assert document.teams[0].members[0].split == Decimal("60")
    assert document.rules[0].conditions == (
        Condition("zip", Operator.RANGE, ("02000", "02999")),
        Condition("state", Operator.IN, ("MA", "NH")),
        Condition("aum_tier", Operator.GE, ("3",)),
        Condition("aum_tier", Operator.LT, ("5",)),
        Condition("country", Operator.IS_BLANK, ()),
    )
    assert document.account_rules[0].account_id == "A-100"
    assert document.account_rules[0].period.valid_to == date(2026, 1, 1)


def test_missing_valid_from_defaults_to_1900(tmp_path: Path) -> None:
    path = with_header(tmp_path, "")

    document = read_territory_file(path)

    assert document.territories[0].period.valid_from == BEGINNING


def test_unquoted_zip_codes_keep_leading_zeros(tmp_path: Path) -> None:
    path = with_header(
        tmp_path,
        """\
        rules:
          - code: R1
            coverage_model: US_RETAIL
            territory: NE01
            priority: 10
            when: {zip: {in: [02134, 00501], range: [02000, 02999]}}
        """,
    )

    document = read_territory_file(path)

    assert document.rules[0].conditions[0].values == ("02134", "00501")
    assert document.rules[0].conditions[1].values == ("02000", "02999")


def test_scalar_where_list_expected_is_one_item(tmp_path: Path) -> None:
    path = with_header(
        tmp_path,
        """\
        rules:
          - {code: R3, coverage_model: US_RETAIL, territory: NE01, priority: 20, when: {state: {in: NY}}}
        """,
    )

    document = read_territory_file(path)

    assert document.rules[0].conditions == (Condition("state", Operator.IN, ("NY",)),)


def test_country_code_no_stays_norway(tmp_path: Path) -> None:
    path = with_header(
        tmp_path,
        """\
        rules:
          - {code: N1, coverage_model: US_RETAIL, territory: NE01, priority: 1, when: {country: {equals: NO}}}
        """,
    )

    document = read_territory_file(path)

    assert document.rules[0].conditions[0].values == ("NO",)


def test_unknown_key_is_named_with_allowed_keys(tmp_path: Path) -> None:
    path = with_header(
        tmp_path,
        """\
        teams:
          - coverage_model: US_RETAIL
            territory: NE01
            valid_form: 2025-01-01
            members:
              - {person: P001, role: primary, split: 100}
        """,
    )

    problem = only_problem(path)

    assert problem.source == str(path)
    assert problem.row == line_of(path, "valid_form")
    assert problem.field == "teams[0].valid_form"
    assert problem.value == "valid_form"
    assert "unknown key 'valid_form'" in problem.message
    assert "did you mean 'valid_from'" in problem.fix
    assert "coverage_model, territory, members" in problem.fix


def test_missing_required_key_is_named(tmp_path: Path) -> None:
    path = with_header(
        tmp_path,
        """\
        teams:
          - coverage_model: US_RETAIL
            territory: NE01
            members:
              - {person: P001, role: primary}
        """,
    )

    problem = only_problem(path)

    assert problem.field == "teams[0].members[0].split"
    assert problem.row == line_of(path, "person: P001")
    assert "'split' is missing" in problem.message


def test_duplicate_territory_code_is_rejected(tmp_path: Path) -> None:
    path = write_file(
        tmp_path,
        """\
        version: 1
        territories:
          - {code: NE01, name: Boston North}
          - {code: NE01, name: Boston North again}
        """,
    )

    problem = only_problem(path)

    assert problem.row == 4
    assert problem.field == "territories[1]"
    assert problem.value == "NE01"
    assert "territories[0] (line 3)" in problem.message


def test_duplicate_person_id_is_rejected(tmp_path: Path) -> None:
    path = with_header(tmp_path, "")
    path.write_text(path.read_text() + "  - {id: P001, name: Ann Again}\n")

    problem = only_problem(path)

    assert problem.field == "people[4].id"
    assert problem.value == "P001"
    assert problem.row == line_of(path, "Ann Again")
    assert "defined twice" in problem.message


def test_duplicate_yaml_key_is_rejected(tmp_path: Path) -> None:
    path = write_file(
        tmp_path,
        """\
        version: 1
        territories:
          - code: NE01
            name: Boston North
            name: Boston South
        """,
    )

    problem = only_problem(path)

    assert problem.row == 5
    assert problem.field == "territories[0].name"
    assert "appears twice" in problem.message


def test_unknown_territory_lists_close_matches(tmp_path: Path) -> None:
    path = with_header(
        tmp_path,
        """\
        rules:
          - {code: R1, coverage_model: US_RETAIL, territory: NE1, priority: 1}
        """,
    )

    problem = only_problem(path)

    assert problem.field == "rules[0].territory"
    assert problem.value == "NE1"
    assert problem.row == line_of(path, "code: R1")
    assert "unknown territory 'NE1'" in problem.message
    assert "did you mean 'NE01'" in problem.fix


def test_unknown_coverage_model_and_person_are_named(tmp_path: Path) -> None:
    path = with_header(
        tmp_path,
        """\
        teams:
          - coverage_model: US_RETIAL
            territory: NE01
            members:
              - {person: P009, role: primary, split: 100}
        """,
    )

    problems = problems_of(path)

    assert [p.field for p in problems] == ["teams[0].coverage_model", "teams[0].members[0].person"]
    assert "unknown coverage model 'US_RETIAL'" in problems[0].message
    assert "did you mean 'US_RETAIL'" in problems[0].fix
    assert "unknown person 'P009'" in problems[1].message
    assert problems[1].row == line_of(path, "P009")


def test_hierarchy_cycle_is_rejected(tmp_path: Path) -> None:
    path = write_file(
        tmp_path,
        """\
        version: 1
        territories:
          - {code: US, name: United States, parent: NE01}
          - {code: NE01, name: Boston North, parent: US}
        """,
    )

    problem = only_problem(path)

    assert problem.field == "territories[0].parent"
    assert problem.row == 3
    assert "cycle on 1900-01-01: US → NE01 → US" in problem.message


def test_splits_of_99_99_name_team_date_total(tmp_path: Path) -> None:
    path = with_header(
        tmp_path,
        """\
        teams:
          - coverage_model: US_RETAIL
            territory: NE01
            valid_from: 2025-04-01
            members:
              - {person: P001, role: primary, split: 33.33}
              - {person: P002, role: secondary, split: 33.33}
              - {person: P003, role: internal, split: 33.33}
        """,
    )

    problem = only_problem(path)

    assert problem.field == "teams[0].members"
    assert problem.value == "99.99"
    assert problem.row == line_of(path, "members:")
    assert "'NE01'" in problem.message
    assert "'US_RETAIL'" in problem.message
    assert "2025-04-01" in problem.message
    assert "total 99.99" in problem.message


@pytest.mark.parametrize(
    ("splits", "field", "value"),
    [
        (["50.00", "50.01"], "teams[0].members", "100.01"),
        (["-10", "110"], "teams[0].members[0].split", "-10"),
        (["33.333", "66.667"], "teams[0].members[0].split", "33.333"),
    ],
)
def test_invalid_splits_point_at_the_split(
    tmp_path: Path, splits: list[str], field: str, value: str
) -> None:
    members = "\n".join(
        f"      - {{person: P00{n + 1}, role: primary, split: {split}}}" for n, split in enumerate(splits)
    )
    path = with_header(tmp_path, "teams:\n  - coverage_model: US_RETAIL\n    territory: NE01\n    members:\n" + members + "\n")

    problem = only_problem(path)

    assert problem.field == field
    assert problem.value == value


@pytest.mark.parametrize(
    "splits",
    [
        *itertools.permutations(["10.00", "58.02", "31.98"]),
        *itertools.permutations(["72.68", "10.93", "2.73", "13.66"]),
    ],
)
def test_exact_splits_accepted_in_any_order(tmp_path: Path, splits: tuple[str, ...]) -> None:
    members = "\n".join(
        f"      - {{person: P00{n + 1}, role: primary, split: {split}}}" for n, split in enumerate(splits)
    )
    path = with_header(tmp_path, "teams:\n  - coverage_model: US_RETAIL\n    territory: NE01\n    members:\n" + members + "\n")

    document = read_territory_file(path)

    assert sum(m.split for m in document.teams[0].members) == Decimal("100")


def test_overlapping_team_versions_are_rejected(tmp_path: Path) -> None:
    path = with_header(
        tmp_path,
        """\
        teams:
          - coverage_model: US_RETAIL
            territory: NE01
            valid_from: 2025-01-01
            valid_to: 2025-07-01
            members: [{person: P001, role: primary, split: 100}]
          - coverage_model: US_RETAIL
            territory: NE01
            valid_from: 2025-06-01
            members: [{person: P002, role: primary, split: 100}]
        """,
    )

    problem = only_problem(path)

    assert problem.field == "teams[1]"
    assert problem.value == "US_RETAIL/NE01"
    assert "[2025-01-01, 2025-07-01)" in problem.message
    assert "[2025-06-01, open)" in problem.message


def test_consecutive_team_versions_are_accepted(tmp_path: Path) -> None:
    path = with_header(
        tmp_path,
        """\
        teams:
          - coverage_model: US_RETAIL
            territory: NE01
            valid_to: 2025-07-01
            members: [{person: P001, role: primary, split: 100}]
          - coverage_model: US_RETAIL
            territory: NE01
            valid_from: 2025-07-01
            members: [{person: P002, role: primary, split: 100}]
        """,
    )

    document = read_territory_file(path)

    assert [t.members[0].person_id for t in document.teams] == ["P001", "P002"]


def test_overlapping_rule_versions_are_rejected(tmp_path: Path) -> None:
    path = with_header(
        tmp_path,
        """\
        rules:
          - {code: R1, coverage_model: US_RETAIL, territory: NE01, priority: 1}
          - {code: R1, coverage_model: US_RETAIL, territory: US, priority: 2, valid_from: 2025-01-01}
        """,
    )

    problem = only_problem(path)

    assert problem.field == "rules[1]"
    assert problem.value == "R1"
    assert "rule 'R1' is defined more than once" in problem.message


def test_overlapping_account_rules_are_rejected(tmp_path: Path) -> None:
    path = with_header(
        tmp_path,
        """\
        account_rules:
          - {code: AR1, account: A-100, coverage_model: US_RETAIL, territory: NE01}
          - {code: AR2, account: A-100, coverage_model: US_RETAIL, territory: US}
        """,
    )

    problem = only_problem(path)

    assert problem.field == "account_rules[1]"
    assert problem.value == "US_RETAIL/A-100"


def test_impossible_date_is_rejected(tmp_path: Path) -> None:
    path = write_file(
        tmp_path,
        """\
        version: 1
        territories:
          - {code: NE01, name: Boston North, valid_from: 2025-02-30}
        """,
    )

    problem = only_problem(path)

    assert problem.row == 3
    assert problem.field == "territories[0].valid_from"
    assert problem.value == "2025-02-30"
    assert "not a date in the calendar" in problem.message


def test_non_iso_date_is_rejected(tmp_path: Path) -> None:
    path = write_file(tmp_path, "version: 1\nvalid_from: 01/02/2025\n")

    problem = only_problem(path)

    assert problem.field == "valid_from"
    assert "YYYY-MM-DD" in problem.message


def test_valid_to_before_valid_from_is_rejected(tmp_path: Path) -> None:
    path = write_file(
        tmp_path,
        """\
        version: 1
        valid_from: 2025-03-01
        territories:
          - {code: NE01, name: Boston North, valid_to: 2025-03-01}
        """,
    )

    problem = only_problem(path)

    assert problem.field == "territories[0].valid_to"
    assert problem.value == "2025-03-01"
    assert "must be after valid_from 2025-03-01" in problem.message


def test_zip_range_of_four_digits_names_rule(tmp_path: Path) -> None:
    path = with_header(
        tmp_path,
        """\
        rules:
          - code: R9
            coverage_model: US_RETAIL
            territory: NE01
            priority: 10
            when:
              zip: {range: [1000, 1999]}
        """,
    )

    problem = only_problem(path)

    assert problem.field == "rules[0].when.zip.range"
    assert problem.row == line_of(path, "range: [1000")
    assert problem.value == ["1000", "1999"]
    assert "rule 'R9'" in problem.message
    assert "five-digit" in problem.message


@pytest.mark.parametrize(("operator", "value"), [("equals", "'*'"), ("prefix", "'021*'"), ("in", "['02%']")])
def test_wildcard_in_zip_condition_has_hint(tmp_path: Path, operator: str, value: str) -> None:
    path = with_header(
        tmp_path,
        f"""\
        rules:
          - {{code: R1, coverage_model: US_RETAIL, territory: NE01, priority: 1, when: {{zip: {{{operator}: {value}}}}}}}
        """,
    )

    problem = only_problem(path)

    assert problem.field == f"rules[0].when.zip.{operator}"
    assert "wildcards are not allowed" in problem.message
    assert "leave the condition out" in problem.message
    assert "prefix" in problem.message


def test_unknown_operator_lists_valid_ones(tmp_path: Path) -> None:
    path = with_header(
        tmp_path,
        """\
        rules:
          - {code: R1, coverage_model: US_RETAIL, territory: NE01, priority: 1, when: {state: {not-in: [NY]}}}
        """,
    )

    problem = only_problem(path)

    assert problem.field == "rules[0].when.state.not-in"
    assert "unknown operator 'not-in'" in problem.message
    assert "did you mean 'not_in'" in problem.fix


def test_is_blank_false_is_rejected(tmp_path: Path) -> None:
    path = with_header(
        tmp_path,
        """\
        rules:
          - {code: B1, coverage_model: US_RETAIL, territory: NE01, priority: 3, when: {country: {is_blank: false}}}
        """,
    )

    problem = only_problem(path)

    assert problem.field == "rules[0].when.country.is_blank"
    assert "write is_not_blank: true" in problem.message


def test_condition_not_a_mapping_shows_form(tmp_path: Path) -> None:
    path = with_header(
        tmp_path,
        """\
        rules:
          - {code: R1, coverage_model: US_RETAIL, territory: NE01, priority: 1, when: {state: MA}}
        """,
    )

    problem = only_problem(path)

    assert problem.field == "rules[0].when.state"
    assert problem.value == "MA"
    assert "state: {in: [MA, NH]}" in problem.fix


def test_resolution_order_rejects_unknown_and_repeated_steps(tmp_path: Path) -> None:
    path = write_file(
        tmp_path,
        """\
        version: 1
        coverage_models:
          - code: US_RETAIL
            name: US Retail
            resolution_order: [trade_override, acount_rule, trade_override]
        """,
    )

    problems = problems_of(path)

    assert [p.field for p in problems] == [
        "coverage_models[0].resolution_order[1]",
        "coverage_models[0].resolution_order[2]",
    ]
    assert "unknown resolution step 'acount_rule'" in problems[0].message
    assert "did you mean 'account_rule'" in problems[0].fix
    assert "'trade_override' twice" in problems[1].message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = with_header(
        tmp_path,
        """\
        teams:
          - coverage_model: US_RETAIL
            territory: NE02
            members: [{person: P001, role: primary, split: 90}]
        rules:
          - {code: R1, coverage_model: US_RETAIL, territory: NE01, priority: high}
          - {code: R2, coverage_model: US_RETAIL, territory: NE01, priority: 2, when: {zip: {equals: "*"}}}
        """,
    )

    problems = problems_of(path)

    assert [p.field for p in problems] == [
        "teams[0].territory",
        "teams[0].members",
        "rules[0].priority",
        "rules[1].when.zip.equals",
    ]
    assert [p.row for p in problems] == sorted(p.row for p in problems)


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = write_file(tmp_path, "version: 1\nterritories:\n  - {code: NE01, name: [Boston\n")

    problem = only_problem(path)

    assert problem.source == str(path)
    assert problem.row is not None
    assert "invalid YAML" in problem.message


def test_wrong_format_version_is_rejected(tmp_path: Path) -> None:
    path = write_file(tmp_path, "version: 2\n")

    problem = only_problem(path)

    assert problem.field == "version"
    assert problem.value == "2"
    assert "format version 1" in problem.message


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"

    problem = only_problem(path)

    assert problem.message == "file not found"


def test_text_without_file_names_its_source() -> None:
    with pytest.raises(InputError) as caught:
        parse_territory_text("version: 1\nbogus: 1\n", source="request body")

    assert caught.value.problems[0].source == "request body"
    assert caught.value.problems[0].row == 2
