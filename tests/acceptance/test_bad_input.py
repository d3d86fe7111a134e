"""Bad input across files: each load is refused with the place and the fix, and changes nothing."""

from pathlib import Path

import pytest

from territorial.domain.entity import EntityKind
from territorial.errors import InputError
from territorial.service.facts import read_facts
from territorial.store import fact_batches, load_master_data
from tests.acceptance.runs import resolve

TERRITORIES = """
    version: 1
    coverage_models:
      - {code: US_RETAIL, name: US Retail}
    territories:
      - {code: EAST, name: East}
      - {code: ODD, name: Odd}
    rules:
      - {code: E, coverage_model: US_RETAIL, territory: EAST, priority: 1, when: {state: {in: [NY]}}}
"""


@pytest.fixture
def loaded(book):
    book.load("territories", "territories.yaml", TERRITORIES)
    book.load("organisations", "organisations.csv", "organisation_id,name,state\nF1,Firm,NY\n")
    book.load("accounts", "accounts.csv", "account_id,name,organisation_id\nA1,Client,F1\n")
    book.load("trades", "trades.csv", "trade_id,trade_date,account_id,kind,amount\nT1,2025-01-10,A1,purchase,10.00\n")
    return book


def problems_of(failure) -> str:
    return str(failure.value)


def test_unknown_account_fails_the_load(loaded):
    with pytest.raises(InputError) as failure:
        loaded.load("trades", "more.csv", "trade_id,trade_date,account_id,kind,amount\n"
                                          "T2,2025-01-11,A1,purchase,5.00\nT3,2025-01-12,A9,purchase,5.00\n")

    assert "more.csv, row 3, field 'account_id': unknown account (value 'A9')" in problems_of(failure)
    assert [f.id for f in read_facts(loaded.workspace)] == ["T1"]


def test_reloaded_fact_id_is_rejected(loaded):
    with pytest.raises(InputError) as failure:
        loaded.load("trades", "again.csv", "trade_id,trade_date,account_id,kind,amount\nT1,2025-01-10,A1,purchase,10.00\n")

    assert "this fact id was loaded before" in problems_of(failure)
    assert "cancel and rebill" in problems_of(failure)
    assert len(fact_batches(loaded.workspace.engine)) == 1


def test_failed_fact_load_leaves_no_file_behind(loaded):
    before = sorted(p.name for p in Path(loaded.workspace.facts_dir).iterdir())

    with pytest.raises(InputError):
        loaded.load("trades", "bad.csv", "trade_id,trade_date,account_id,kind,amount\nT7,2025-01-10,NOPE,purchase,1.00\n")

    assert sorted(p.name for p in Path(loaded.workspace.facts_dir).iterdir()) == before


def test_contact_of_an_unknown_organisation_is_refused(loaded):
    with pytest.raises(InputError) as failure:
        loaded.load("contacts", "contacts.csv", "contact_id,name,organisation_id\nC1,Ada,F1\nC2,Bo,F404\n")

    assert "contacts.csv, row 3, field 'organisation_id': unknown organisation (value 'F404')" in problems_of(failure)
    assert load_master_data(loaded.workspace.engine).contacts == {}


def test_dropped_territory_is_rejected(loaded):
    without_odd = TERRITORIES.replace("      - {code: ODD, name: Odd}\n", "")

    with pytest.raises(InputError) as failure:
        loaded.load("territories", "territories.yaml", without_odd)

    assert "territory 'ODD'" in problems_of(failure)
    assert "valid_to" in problems_of(failure)
    assert "ODD" in load_master_data(loaded.workspace.engine).territories


def test_sql_like_rule_value_is_plain_text(book):
    hostile = "x'); DROP TABLE attribute_rule; --"
    book.load("territories", "territories.yaml", f"""
        version: 1
        coverage_models:
          - {{code: US_RETAIL, name: US Retail}}
        territories:
          - {{code: ODD, name: Odd}}
        rules:
          - {{code: Q, coverage_model: US_RETAIL, territory: ODD, priority: 1, when: {{channel: {{equals: "{hostile}"}}}}}}
    """)
    book.load("organisations", "organisations.csv", f'organisation_id,name,channel\nF1,Firm,"{hostile}"\nF2,Other,ria\n')

    assert resolve(book, "US_RETAIL", EntityKind.ORGANISATION, "F1").territory == "ODD"
    assert resolve(book, "US_RETAIL", EntityKind.ORGANISATION, "F2").territory is None
    assert load_master_data(book.workspace.engine).rules["US_RETAIL"][0].conditions[0].values == (hostile,)


def test_organisation_cycle_is_rejected(loaded):
    with pytest.raises(InputError) as failure:
        loaded.load("organisations", "loop.csv", "organisation_id,name,parent_id\nF1,Firm,B1\nB1,Branch,F1\n")

    assert "its own ancestor" in problems_of(failure)
    assert "loop.csv, row 2, field 'parent_id'" in problems_of(failure)
    assert load_master_data(loaded.workspace.engine).organisations["F1"].items[0].parent_id is None
