"""The acceptance cases on the bulk engine: the numbers each case states, and the reference path's results."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from territorial.domain.coverage import CoverageModel, ResolutionStep
from territorial.domain.entity import Account, Contact, Organisation
from territorial.domain.fact import Fact, FactKind
from territorial.domain.master_data import MasterData
from territorial.domain.override import Override, OverrideStatus, OverrideTarget
from territorial.domain.period import ValidPeriod
from territorial.engine.bulk import BulkEngine
from territorial.engine.master_tables import master_tables
from territorial.io.fact_file import facts_to_table
from tests.builders import condition, master_data, rule, team, territories
from tests.engine.compare import assignment_differences, placement_differences

DAY = date(2025, 1, 15)


def attribute(backend, data: MasterData, facts: list[Fact]) -> tuple[dict, list[dict]]:
    engine = BulkEngine(backend)
    engine.load_master(master_tables(data))
    engine.load_fact_table(facts_to_table(facts))
    engine.attribute()
    placements = {(r["fact_id"], r["coverage_model"]): r for r in engine.placements().to_pylist()}
    return placements, engine.credits().to_pylist()


def trade(fact_id: str, account: str, amount: str, day: date = DAY, kind: FactKind = FactKind.PURCHASE) -> Fact:
    return Fact(fact_id, kind, day, account, Decimal(amount))


def zip_book() -> MasterData:
    """Case 01: ZIP ranges compare five-digit strings and beat a state rule on priority."""
    data = master_data("US_RETAIL")
    for r in (rule("R1", "NEW_ENGLAND", 10, condition("zip", "range", "02000", "02999")),
              rule("R2", "UPSTATE", 10, condition("zip", "range", "12000", "12999")),
              rule("R3", "NY_METRO", 20, condition("state", "in", "NY"))):
        data.add_rule(r)
    for advisor, zip_code, state in (("ADA", "12345", "NY"), ("BO", "02134-5678", "MA"), ("CY", "00501", "NY")):
        data.add_organisation(Organisation(f"{advisor}_BRANCH", "Branch", None, {"zip": zip_code[:5], "state": state}))
        data.add_contact(Contact(advisor, advisor, f"{advisor}_BRANCH"))
    return data


def ties_book() -> MasterData:
    """Case 02: a tie at the top priority between different territories is a conflict."""
    data = master_data("US_RETAIL")
    for r in (rule("N1", "NAE", 1, condition("organisation", "in", "NORTHGATE")),
              rule("G1", "TRI_STATE", 5, condition("state", "in", "NY", "NJ", "CT")),
              rule("G2", "MANHATTAN", 5, condition("zip", "prefix", "10")),
              rule("G3", "US_OTHER", 9, condition("country", "equals", "US"))):
        data.add_rule(r)
    for advisor, org, state, zip_code in (("FAY", "NORTHGATE", "NY", "10017"), ("GUS", "HARBOR", "NY", "10017"),
                                          ("HAL", "HARBOR", "NJ", "07030"), ("IDA", "HARBOR", "TX", "75201")):
        data.add_organisation(Organisation(org, org))
        data.add_contact(Contact(advisor, advisor, org, {"state": state, "zip": zip_code, "country": "US"}))
        data.add_account(Account(f"{advisor}_ACC", "Account", advisor))
    territories(data, "NAE", "TRI_STATE", "MANHATTAN", "US_OTHER")
    for code in ("NAE", "TRI_STATE", "MANHATTAN", "US_OTHER"):
        data.add_team(team(code, ("LENA", "primary", "100")))
    return data


def blanks_book(with_blank_rule: bool) -> MasterData:
    """Case 03: a blank country meets only `is_blank`, never `not_in`."""
    data = master_data("EMEA")
    data.add_rule(rule("D1", "DACH", 1, condition("country", "in", "DE", "AT", "CH"), model="EMEA"))
    data.add_rule(rule("O1", "REST", 2, condition("country", "not_in", "DE", "AT", "CH"), model="EMEA"))
    if with_blank_rule:
        data.add_rule(rule("B1", "DQ_QUEUE", 3, condition("country", "is_blank"), model="EMEA"))
    for org, country in (("KESTREL", "DE"), ("LARCH", "FR"), ("MOSS", None), ("NOOK", "DE")):
        data.add_organisation(Organisation(org, org, None, {"country": country}))
    return data


def assignments(backend, data: MasterData) -> dict[str, dict]:
    engine = BulkEngine(backend)
    engine.load_master(master_tables(data))
    return {row["entity_id"]: row for row in engine.assign(DAY).to_pylist()}


def test_zip_ranges_and_priority(backend) -> None:
    found = assignments(backend, zip_book())

    assert found["ADA"]["territory"] == "UPSTATE"
    assert found["BO"]["territory"] == "NEW_ENGLAND"
    assert found["CY"]["territory"] == "NY_METRO"


def test_tie_is_conflict_naming_rules(backend) -> None:
    found = assignments(backend, ties_book())

    assert found["FAY"]["territory"] == "NAE"
    assert found["GUS"]["status"] == "conflict"
    assert found["GUS"]["tied_rules"] == "G1, G2"
    assert found["GUS"]["reason"] == "conflict: rules G1, G2 tie at priority 5"
    assert found["HAL"]["territory"] == "TRI_STATE"
    assert found["IDA"]["territory"] == "US_OTHER"


def test_conflict_money_is_unassigned(backend) -> None:
    placements, credits = attribute(backend, ties_book(), [trade("T1", "GUS_ACC", "100.00"),
                                                           trade("T2", "HAL_ACC", "50.00")])

    assert placements[("T1", "US_RETAIL")]["status"] == "conflict"
    assert placements[("T1", "US_RETAIL")]["amount"] == Decimal("100.00")
    assert [(c["fact_id"], c["amount"]) for c in credits] == [("T2", Decimal("50.00"))]


@pytest.mark.parametrize(("organisation", "expected"),
                         [("KESTREL", "DACH"), ("LARCH", "REST"), ("MOSS", "DQ_QUEUE"), ("NOOK", "DACH")])
def test_blank_meets_only_is_blank(backend, organisation: str, expected: str) -> None:
    assert assignments(backend, blanks_book(True))[organisation]["territory"] == expected


def test_blank_without_rule_says_country_is_blank(backend) -> None:
    moss = assignments(backend, blanks_book(False))["MOSS"]

    assert moss["status"] == "unassigned"
    assert moss["reason"] == "no rule matched (country is blank)"


def override_book() -> MasterData:
    """Case 04: an override of A-100 to Central from 1 March, reversed from 1 April."""
    data = master_data("US_RETAIL")
    data.add_rule(rule("W", "WEST", 5, condition("zip", "prefix", "9")))
    data.add_rule(rule("E", "EAST", 5, condition("zip", "prefix", "0")))
    data.add_account(Account("A-100", "Maple Trust", attributes={"zip": "94105"},
                             period=ValidPeriod(date(2025, 1, 1), date(2025, 3, 20))))
    data.add_account(Account("A-100", "Maple Trust", attributes={"zip": "02134"},
                             period=ValidPeriod(date(2025, 3, 20))))
    data.add_override(Override("OV1", OverrideTarget.ACCOUNT, "A-100", "US_RETAIL", "CENTRAL", "moved", "jo",
                               OverrideStatus.REVERSED, ValidPeriod(date(2025, 3, 1)), "kim", date(2025, 4, 1)))
    territories(data, "WEST", "EAST", "CENTRAL")
    for code in ("WEST", "EAST", "CENTRAL"):
        data.add_team(team(code, (code.lower(), "primary", "100")))
    return data


def test_override_and_reversal_by_date(backend) -> None:
    facts = [trade("T1", "A-100", "1000.00", date(2025, 3, 10)), trade("T2", "A-100", "2000.00", date(2025, 3, 25)),
             trade("T3", "A-100", "3000.00", date(2025, 4, 5))]

    placements, _ = attribute(backend, override_book(), facts)

    assert [placements[(f"T{i}", "US_RETAIL")]["territory"] for i in (1, 2, 3)] == ["CENTRAL", "CENTRAL", "EAST"]
    assert placements[("T1", "US_RETAIL")]["source"] == "OV1"
    assert placements[("T3", "US_RETAIL")]["source"] == "E"


@pytest.mark.parametrize(("amount", "splits", "expected"), [
    ("1000.00", ("33.33", "33.33", "33.34"), ("333.30", "333.30", "333.40")),
    ("100.01", ("33.33", "33.33", "33.34"), ("33.33", "33.33", "33.35")),
    ("0.01", ("50", "50"), ("0.01", "0.00")),
    ("-250.00", ("60", "40"), ("-150.00", "-100.00")),
    ("-0.05", ("33.33", "33.33", "33.34"), ("-0.02", "-0.01", "-0.02")),
])
def test_split_cents(backend, amount: str, splits: tuple[str, ...], expected: tuple[str, ...]) -> None:
    """Case 06: largest remainder to the cent; the last cent goes by role rank, then person id."""
    data = master_data("US_RETAIL")
    data.add_rule(rule("ALL", "EAST", 1))
    data.add_team(team("EAST", *((f"P{i}", "primary", split) for i, split in enumerate(splits))))
    data.add_account(Account("ACC", "Account"))

    _, credits = attribute(backend, data, [trade("T1", "ACC", amount)])

    by_person = {c["person_id"]: c["amount"] for c in sorted(credits, key=lambda c: c["person_id"])}
    assert tuple(by_person.values()) == tuple(Decimal(e) for e in expected)
    assert sum(by_person.values()) == Decimal(amount)


def test_no_team_on_fact_date(backend) -> None:
    data = master_data("US_RETAIL")
    data.add_rule(rule("ALL", "EAST", 1))
    data.add_team(team("EAST", ("P1", "primary", "100"), valid_from=date(2025, 2, 1)))
    data.add_account(Account("ACC", "Account"))

    placements, credits = attribute(backend, data, [trade("T1", "ACC", "10.00")])

    assert placements[("T1", "US_RETAIL")]["status"] == "no_team"
    assert placements[("T1", "US_RETAIL")]["reason"] == "territory EAST has no coverage team in US_RETAIL on the fact's date"
    assert credits == []


@pytest.mark.parametrize("book", [zip_book, ties_book, override_book, lambda: blanks_book(True),
                                  lambda: blanks_book(False)])
def test_cases_match_reference(backend, book) -> None:  # type: ignore[no-untyped-def]
    data = book()
    days = (DAY, date(2025, 3, 10), date(2025, 3, 25), date(2025, 4, 5))
    facts = [trade(f"T{i}-{day.isoformat()}", account, "123.45", day)
             for i, account in enumerate(sorted(data.accounts)) for day in days]

    assert placement_differences(data, facts, backend) == []


@pytest.mark.parametrize("book", [zip_book, ties_book, override_book, lambda: blanks_book(True)])
def test_case_assignments_match_reference(backend, book) -> None:  # type: ignore[no-untyped-def]
    assert assignment_differences(book(), DAY, backend) == []


def test_rule_value_never_reaches_sql_text(backend) -> None:
    hostile = "'; DROP TABLE rule; --"
    data = master_data("US_RETAIL")
    data.add_rule(rule("EVIL", "EAST", 1, condition("segment", "in", hostile)))
    data.add_rule(rule("PREFIX", "WEST", 2, condition("segment", "prefix", "'; DROP")))
    data.add_organisation(Organisation("ORG", "Org", None, {"segment": hostile}))
    data.add_organisation(Organisation("OTHER", "Other", None, {"segment": "'; DROPPED"}))

    found = assignments(backend, data)

    assert found["ORG"]["territory"] == "EAST"
    assert found["OTHER"]["territory"] == "WEST"


def test_model_order_without_entity_steps(backend) -> None:
    """A coverage model that resolves by account alone assigns no advisor or organisation."""
    data = MasterData()
    data.add_coverage_model(CoverageModel("INST", "Institutional", (ResolutionStep.ACCOUNT_RULE,)))
    data.add_organisation(Organisation("ORG", "Org"))
    data.add_contact(Contact("ADV", "Advisor", "ORG"))

    assert assignments(backend, data) == {}


def test_assignment_intervals_coalesce(backend) -> None:
    """The account version of 20 March changes nothing under the override, so it makes no new interval."""
    engine = BulkEngine(backend)
    engine.load_master(master_tables(override_book()))

    intervals = [(r["valid_from"], r["valid_to"], r["territory"], r["source"])
                 for r in engine.assignment_intervals().to_pylist() if r["status"] == "assigned"]

    assert intervals == [(date(2025, 1, 1), date(2025, 3, 1), "WEST", "W"),
                         (date(2025, 3, 1), date(2025, 4, 1), "CENTRAL", "OV1"),
                         (date(2025, 4, 1), date(9999, 12, 31), "EAST", "E")]
