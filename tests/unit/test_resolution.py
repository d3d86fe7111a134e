from datetime import date
from decimal import Decimal

import pytest

from territorial.domain.entity import Account, Contact, EntityKind, Organisation
from territorial.domain.fact import Fact, FactKind
from territorial.domain.override import Override, OverrideStatus, OverrideTarget
from territorial.domain.period import ValidPeriod
from territorial.rules.resolution import Resolver, Status
from tests.builders import condition, master_data, rule

DAY = date(2025, 1, 15)


def advisor_book(rules, advisors):
    data = master_data("US_RETAIL")
    for r in rules:
        data.add_rule(r)
    for advisor_id, firm, attributes in advisors:
        data.add_organisation(Organisation(firm, firm))
        data.add_contact(Contact(advisor_id, advisor_id, firm, attributes))
    return data


def territory_of(data, advisor_id):
    resolver = Resolver(data)
    return resolver.resolve("US_RETAIL", resolver.entity_subject(EntityKind.CONTACT, advisor_id, DAY))


ZIP_RULES = [
    rule("R1", "New England", 10, condition("zip", "range", "02000", "02999")),
    rule("R2", "Upstate", 10, condition("zip", "range", "12000", "12999")),
    rule("R3", "New York Metro", 20, condition("state", "in", "NY")),
]


@pytest.mark.parametrize(
    ("zip_code", "state", "expected"),
    [("12345", "NY", "Upstate"), ("02134", "MA", "New England"), ("00501", "NY", "New York Metro")],
)
def test_zip_rules_pick_the_published_territory(zip_code, state, expected):
    data = advisor_book(ZIP_RULES, [("ADA", "F1", {"zip": zip_code, "state": state})])

    resolution = territory_of(data, "ADA")

    assert resolution.territory == expected


def test_zip_range_compares_five_digit_strings_not_numbers():
    rules = [rule("LOW", "Low", 10, condition("zip", "range", "01000", "01999"))]
    data = advisor_book(rules, [("ADA", "F1", {"zip": "12345"})])

    assert territory_of(data, "ADA").status is Status.UNASSIGNED


PRIORITY_RULES = [
    rule("N1", "National Accounts East", 1, condition("firm", "in", "NORTHGATE")),
    rule("G1", "Tri-State", 5, condition("state", "in", "NY", "NJ", "CT")),
    rule("G2", "Manhattan", 5, condition("zip", "prefix", "10")),
    rule("G3", "US Other", 9, condition("country", "equals", "US")),
]


def test_priority_one_beats_the_tie_below_it():
    data = advisor_book(PRIORITY_RULES, [("FAY", "NORTHGATE", {"state": "NY", "zip": "10017", "country": "US"})])

    assert territory_of(data, "FAY").territory == "National Accounts East"


def test_top_tie_is_a_conflict():
    data = advisor_book(PRIORITY_RULES, [("GUS", "HARBOR", {"state": "NY", "zip": "10017", "country": "US"})])

    resolution = territory_of(data, "GUS")

    assert resolution.status is Status.CONFLICT
    assert resolution.territory is None
    assert resolution.tied_rules == ("G1", "G2")


@pytest.mark.parametrize(
    ("state", "zip_code", "expected"), [("NJ", "07030", "Tri-State"), ("TX", "75201", "US Other")]
)
def test_lower_priorities_still_assign(state, zip_code, expected):
    data = advisor_book(PRIORITY_RULES, [("X", "HARBOR", {"state": state, "zip": zip_code, "country": "US"})])

    assert territory_of(data, "X").territory == expected


def test_rule_load_order_does_not_change_the_answer():
    forward = advisor_book(PRIORITY_RULES, [("GUS", "HARBOR", {"state": "NY", "zip": "10017"})])
    backward = advisor_book(list(reversed(PRIORITY_RULES)), [("GUS", "HARBOR", {"state": "NY", "zip": "10017"})])

    assert territory_of(forward, "GUS") == territory_of(backward, "GUS")


EMEA_RULES = [
    rule("D1", "DACH", 1, condition("country", "in", "DE", "AT", "CH")),
    rule("O1", "Rest of EMEA", 2, condition("country", "not_in", "DE", "AT", "CH")),
    rule("B1", "Data Quality Queue", 3, condition("country", "is_blank")),
]


def organisation_territory(rules, country):
    data = master_data("US_RETAIL")
    for r in rules:
        data.add_rule(r)
    data.add_organisation(Organisation("ORG", "Org", None, {"country": country}))
    resolver = Resolver(data)
    return resolver.resolve("US_RETAIL", resolver.entity_subject(EntityKind.ORGANISATION, "ORG", DAY))


@pytest.mark.parametrize(("country", "expected"), [("DE", "DACH"), ("FR", "Rest of EMEA"), (None, "Data Quality Queue")])
def test_blank_country_matches_only_is_blank(country, expected):
    assert organisation_territory(EMEA_RULES, country).territory == expected


def test_blank_country_unassigned_with_reason():
    resolution = organisation_territory(EMEA_RULES[:2], None)

    assert resolution.status is Status.UNASSIGNED
    assert "no rule matched" in resolution.reason
    assert "country is blank" in resolution.reason


def test_approved_account_override_sets_the_rule_answer_aside():
    data = master_data("US_RETAIL")
    data.add_rule(rule("W", "West", 10, condition("state", "in", "CA")))
    data.add_organisation(Organisation("F1", "Firm", None, {"state": "CA"}))
    data.add_account(Account("A-100", "Maple Trust", None, "F1"))
    data.add_override(Override("OV1", OverrideTarget.ACCOUNT, "A-100", "US_RETAIL", "Central", "moved",
                               "jo", OverrideStatus.APPROVED, ValidPeriod(date(2025, 3, 1)), "kim"))
    resolver = Resolver(data)
    fact = Fact("T1", FactKind.PURCHASE, date(2025, 3, 10), "A-100", Decimal("1000.00"))

    resolution = resolver.resolve("US_RETAIL", resolver.fact_subject(fact), explain=True)

    assert resolution.territory == "Central"
    assert resolution.source == "OV1"
    assert resolution.set_aside is not None
    assert resolution.set_aside.territory == "West"
