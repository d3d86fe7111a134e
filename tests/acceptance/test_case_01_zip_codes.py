from datetime import date

import pytest

from territorial.domain.entity import EntityKind
from territorial.errors import InputError
from territorial.rules.resolution import Resolver
from territorial.store import load_master_data

TERRITORIES = """
    version: 1
    coverage_models:
      - {code: US_RETAIL, name: US Retail}
    territories:
      - {code: NEW_ENGLAND, name: New England}
      - {code: UPSTATE, name: Upstate}
      - {code: NY_METRO, name: New York Metro}
    rules:
      - {code: R1, coverage_model: US_RETAIL, territory: NEW_ENGLAND, priority: 10, when: {zip: {range: ["02000", "02999"]}}}
      - {code: R2, coverage_model: US_RETAIL, territory: UPSTATE, priority: 10, when: {zip: {range: ["12000", "12999"]}}}
      - {code: R3, coverage_model: US_RETAIL, territory: NY_METRO, priority: 20, when: {state: {in: [NY]}}}
"""

ORGANISATIONS = """
    organisation_id,name
    F1,Harbor Wealth
"""


def territory_of(book, advisor_id):
    data = load_master_data(book.workspace.engine)
    resolver = Resolver(data)
    subject = resolver.entity_subject(EntityKind.CONTACT, advisor_id, date(2025, 1, 15))
    return resolver.resolve("US_RETAIL", subject).territory


@pytest.fixture
def zip_book(book):
    book.load("territories", "territories.yaml", TERRITORIES)
    book.load("organisations", "organisations.csv", ORGANISATIONS)
    return book


def test_advisors_land_by_five_digit_zip(zip_book):
    zip_book.load("contacts", "contacts.csv", """
        contact_id,name,organisation_id,zip,state
        ADA,Ada Quill,F1,12345,NY
        BO,Bo Marsh,F1,02134-5678,MA
        CY,Cy Orde,F1,00501,NY
    """)

    assert territory_of(zip_book, "ADA") == "UPSTATE"
    assert territory_of(zip_book, "BO") == "NEW_ENGLAND"
    assert territory_of(zip_book, "CY") == "NY_METRO"


@pytest.mark.parametrize(("bad_zip", "hint"), [("2134", "leading zero"), ("021345", "five digits")])
def test_bad_zip_fails_the_whole_load_naming_row_and_value(zip_book, bad_zip, hint):
    with pytest.raises(InputError) as failure:
        zip_book.load("contacts", "contacts.csv", f"""
            contact_id,name,organisation_id,zip,state
            ADA,Ada Quill,F1,12345,NY
            DI,Di Fenn,F1,{bad_zip},MA
        """)

    message = str(failure.value)
    assert "contacts.csv" in message
    assert "row 3" in message
    assert repr(bad_zip) in message
    assert hint in message
    assert load_master_data(zip_book.workspace.engine).contacts == {}


def test_range_rule_with_four_digit_bounds_is_refused_naming_the_rule(book):
    bad = TERRITORIES.replace('["02000", "02999"]', '["1000", "1999"]')

    with pytest.raises(InputError) as failure:
        book.load("territories", "territories.yaml", bad)

    assert "rules[0]" in str(failure.value)
    assert "five-digit" in str(failure.value)


def test_wildcard_zip_condition_is_refused_with_the_way_to_say_any_zip(book):
    bad = TERRITORIES.replace('{range: ["02000", "02999"]}', '{equals: "*"}')

    with pytest.raises(InputError) as failure:
        book.load("territories", "territories.yaml", bad)

    assert "leave the condition out" in str(failure.value)
    assert "prefix" in str(failure.value)
