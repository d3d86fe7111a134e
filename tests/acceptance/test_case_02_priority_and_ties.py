from datetime import date
from decimal import Decimal

import pytest

from territorial.domain.entity import EntityKind
from territorial.rules.resolution import Status
from territorial.service.assignment import assign_all
from territorial.service.lint import FindingKind, lint_workspace
from territorial.service.runs import run_attribution, summarise
from territorial.store import load_master_data
from tests.acceptance.runs import resolve

RULES = [
    '{code: N1, coverage_model: US_RETAIL, territory: NA_EAST, priority: 1, when: {firm: {in: [NORTHGATE]}}}',
    '{code: G1, coverage_model: US_RETAIL, territory: TRI_STATE, priority: 5, when: {state: {in: [NY, NJ, CT]}}}',
    '{code: G2, coverage_model: US_RETAIL, territory: MANHATTAN, priority: 5, when: {zip: {prefix: ["10"]}}}',
    '{code: G3, coverage_model: US_RETAIL, territory: US_OTHER, priority: 9, when: {country: {equals: US}}}',
]


def territories_yaml(rules):
    lines = "\n".join(f"      - {r}" for r in rules)
    return f"""
    version: 1
    coverage_models:
      - {{code: US_RETAIL, name: US Retail}}
    territories:
      - {{code: NA_EAST, name: National Accounts East}}
      - {{code: TRI_STATE, name: Tri-State}}
      - {{code: MANHATTAN, name: Manhattan}}
      - {{code: US_OTHER, name: US Other}}
    people:
      - {{id: P1, name: Pat}}
    teams:
      - {{coverage_model: US_RETAIL, territory: TRI_STATE, members: [{{person: P1, role: primary, split: 100}}]}}
    rules:
{lines}
"""


ORGANISATIONS = """
    organisation_id,name,country
    NORTHGATE,Northgate Securities,US
    HARBOR,Harbor Wealth,US
"""
CONTACTS = """
    contact_id,name,organisation_id,state,zip
    FAY,Fay Lund,NORTHGATE,NY,10017
    GUS,Gus Hale,HARBOR,NY,10017
    HAL,Hal Ives,HARBOR,NJ,07030
    IDA,Ida Penn,HARBOR,TX,75201
"""


def load(book, rules):
    book.load("territories", "territories.yaml", territories_yaml(rules))
    book.load("organisations", "organisations.csv", ORGANISATIONS)
    book.load("contacts", "contacts.csv", CONTACTS)


@pytest.mark.parametrize(
    ("advisor", "expected"),
    [("FAY", "NA_EAST"), ("HAL", "TRI_STATE"), ("IDA", "US_OTHER")],
)
def test_lowest_priority_number_wins(book, advisor, expected):
    load(book, RULES)

    assert resolve(book, "US_RETAIL", EntityKind.CONTACT, advisor).territory == expected


def test_top_priority_tie_is_a_conflict(book):
    load(book, RULES)

    resolution = resolve(book, "US_RETAIL", EntityKind.CONTACT, "GUS")

    assert resolution.status is Status.CONFLICT
    assert resolution.territory is None
    assert resolution.tied_rules == ("G1", "G2")
    assert "priority 5" in resolution.reason


def test_rule_order_in_the_file_does_not_matter(book, tmp_path):
    load(book, list(reversed(RULES)))

    assert resolve(book, "US_RETAIL", EntityKind.CONTACT, "GUS").tied_rules == ("G1", "G2")
    assert resolve(book, "US_RETAIL", EntityKind.CONTACT, "FAY").territory == "NA_EAST"


def test_conflicted_advisor_money_is_reported_unassigned_not_dropped(book):
    load(book, RULES)
    book.load("accounts", "accounts.csv", """
        account_id,name,contact_id
        A-GUS,Gus client,GUS
        A-HAL,Hal client,HAL
    """)
    book.load("trades", "trades.csv", """
        trade_id,trade_date,account_id,kind,amount
        T1,2025-01-10,A-GUS,purchase,500.00
        T2,2025-01-10,A-HAL,purchase,700.00
    """)

    run = run_attribution(book.workspace)
    [summary] = summarise(run)

    gus = [p for p in run.attribution.placements if p.fact_id == "T1"][0]
    assert gus.status == "conflict"
    assert "G1, G2" in gus.reason
    assert summary.net_flows_unassigned == Decimal("500.00")
    assert summary.net_flows_credited == Decimal("700.00")
    assert summary.net_flows == Decimal("1200.00")


def test_exception_report_lists_the_advisor_model_and_tied_rules(book):
    load(book, RULES)

    run = assign_all(load_master_data(book.workspace.engine), date(2025, 1, 15))

    [gus] = [a for a in run.exceptions() if a.entity_kind == "contact"]
    assert gus.entity_id == "GUS"
    assert gus.coverage_model == "US_RETAIL"
    assert gus.status == "conflict"
    assert gus.tied_rules == ("G1", "G2")


def test_lint_before_advisors_warns_of_g1_g2_tie(book):
    book.load("territories", "territories.yaml", territories_yaml(RULES))

    findings = lint_workspace(book.workspace, date(2025, 1, 15))

    assert [(f.kind, f.rules) for f in findings] == [(FindingKind.TIE, ("G1", "G2"))]
    assert "priority 5" in findings[0].message
    assert not any("N1" in f.rules for f in findings)
