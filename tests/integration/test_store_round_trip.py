"""Every kind of master data comes back from the store exactly as it was saved."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import StatementError

from territorial.domain.coverage import CoverageModel, CoverageTeam, Person, ResolutionStep, TeamMember
from territorial.domain.entity import Account, Contact, Organisation
from territorial.domain.override import Override, OverrideStatus, OverrideTarget
from territorial.domain.period import ValidPeriod
from territorial.domain.rule import AccountRule, AttributeRule, Condition
from territorial.domain.territory import Territory, TerritoryKind
from territorial.store import (
    UnitOfWork,
    load_master_data,
    save_account_rules,
    save_accounts,
    save_contacts,
    save_coverage_models,
    save_organisations,
    save_override,
    save_people,
    save_rules,
    save_teams,
    save_territories,
)

JAN = date(2025, 1, 1)
APR = date(2025, 4, 1)

MODEL = CoverageModel(
    "US_RETAIL",
    "US retail wholesaling",
    (ResolutionStep.ACCOUNT_RULE, ResolutionStep.CONTACT_ATTRIBUTES, ResolutionStep.ORGANISATION_ATTRIBUTES),
    ValidPeriod(JAN),
)
TERRITORIES = [
    Territory("EAST", "East division", TerritoryKind.GEOGRAPHIC, "division", None, ValidPeriod(JAN)),
    Territory("NE-01", "Boston metro", TerritoryKind.GEOGRAPHIC, "territory", "EAST", ValidPeriod(JAN, APR)),
    Territory("NE-01", "Boston and Cape", TerritoryKind.GEOGRAPHIC, "territory", "EAST", ValidPeriod(APR)),
    Territory("RIA", "RIA channel", TerritoryKind.CHANNEL, "territory", None, ValidPeriod(JAN)),
]
PEOPLE = [Person("p1", "Ana Ruiz", "ana@example.com"), Person("p2", "Bo Chen"), Person("p3", "Cy Diaz")]
TEAMS = [
    CoverageTeam(
        "US_RETAIL",
        "NE-01",
        (
            TeamMember("p1", "primary", Decimal("33.34")),
            TeamMember("p2", "secondary", Decimal("33.33")),
            TeamMember("p3", "internal", Decimal("33.33")),
        ),
        ValidPeriod(JAN, APR),
    ),
    CoverageTeam("US_RETAIL", "NE-01", (TeamMember("p1", "primary", Decimal("100.00")),), ValidPeriod(APR)),
]
RULES = [
    AttributeRule(
        "R-BOSTON",
        "US_RETAIL",
        "NE-01",
        10,
        (
            Condition.build("zip", "range", ["02000", "02799"]),
            Condition.build("channel", "in", ["Wirehouse", "IBD"]),
        ),
        ValidPeriod(JAN),
    ),
    AttributeRule("R-RIA", "US_RETAIL", "RIA", 5, (Condition.build("channel", "equals", ["RIA"]),), ValidPeriod(JAN)),
]
ACCOUNT_RULES = [AccountRule("AR-1", "A-OMNI", "US_RETAIL", "RIA", ValidPeriod(JAN))]
OVERRIDE = Override(
    "OV-1",
    OverrideTarget.CONTACT,
    "C-1",
    "US_RETAIL",
    "RIA",
    "Advisor moved to an RIA in March",
    "p2",
    OverrideStatus.REVERSED,
    ValidPeriod(date(2025, 3, 1)),
    decided_by="p1",
    reversed_from=date(2025, 6, 1),
)
ORGANISATIONS = [
    Organisation("O-1", "Harbor Wealth", None, {"channel": "IBD", "state": "MA"}, ValidPeriod(JAN)),
    Organisation("O-2", "Harbor Wealth Boston", "O-1", {"zip": "02134", "state": None}, ValidPeriod(JAN)),
]
CONTACTS = [Contact("C-1", "Dee Evans", "O-2", {"zip": "02134", "crd": "1234567"}, ValidPeriod(JAN))]
ACCOUNTS = [
    Account("A-1", "Evans IRA", "C-1", "O-2", False, {"zip": "01002"}, ValidPeriod(JAN)),
    Account("A-OMNI", "Harbor omnibus", None, "O-1", True, {}, ValidPeriod(JAN)),
]


def save_everything(engine: Engine) -> None:
    with UnitOfWork(engine) as uow:
        save_coverage_models(uow, [MODEL])
        save_territories(uow, TERRITORIES)
        save_people(uow, PEOPLE)
        save_teams(uow, TEAMS)
        save_rules(uow, RULES)
        save_account_rules(uow, ACCOUNT_RULES)
        save_override(uow, OVERRIDE)
        save_organisations(uow, ORGANISATIONS)
        save_contacts(uow, CONTACTS)
        save_accounts(uow, ACCOUNTS)


def test_every_kind_of_master_data_round_trips(store: Engine) -> None:
    save_everything(store)

    data = load_master_data(store)

    assert data.coverage_models["US_RETAIL"].items == [MODEL]
    assert data.territories["EAST"].items == [TERRITORIES[0]]
    assert data.territories["NE-01"].items == TERRITORIES[1:3]
    assert data.territories["RIA"].items == [TERRITORIES[3]]
    assert data.people == {person.id: person for person in PEOPLE}
    assert data.teams[("US_RETAIL", "NE-01")].items == TEAMS
    assert data.rules["US_RETAIL"] == [RULES[1], RULES[0]]
    assert data.account_rules[("US_RETAIL", "A-OMNI")].items == ACCOUNT_RULES
    assert data.overrides[("US_RETAIL", OverrideTarget.CONTACT, "C-1")] == [OVERRIDE]
    assert [v for o in ORGANISATIONS for v in data.organisations[o.id].items] == ORGANISATIONS
    assert data.contacts["C-1"].items == CONTACTS
    assert [v for a in ACCOUNTS for v in data.accounts[a.id].items] == ACCOUNTS


def test_splits_come_back_as_exact_decimals(store: Engine) -> None:
    save_everything(store)

    team = load_master_data(store).team("US_RETAIL", "NE-01", JAN)

    assert team is not None
    splits = [member.split for member in team.members]
    assert [str(split) for split in splits] == ["33.34", "33.33", "33.33"]
    assert all(isinstance(split, Decimal) for split in splits)
    assert sum(splits) == Decimal("100.00")


def test_splits_are_stored_without_float(store: Engine) -> None:
    save_everything(store)

    with store.connect() as connection:
        raw = connection.execute(text("SELECT split FROM coverage_team_member ORDER BY row_id")).scalars().all()

    assert not any(isinstance(value, float) for value in raw)
    if store.dialect.name == "sqlite":
        assert raw == [3334, 3333, 3333, 10000]


def test_attributes_keep_leading_zeros_and_blanks(store: Engine) -> None:
    save_everything(store)

    data = load_master_data(store)

    assert data.accounts["A-1"].items[0].attributes == {"zip": "01002"}
    assert data.organisations["O-2"].items[0].attributes == {"zip": "02134", "state": None}


def test_rule_conditions_come_back_normalised(store: Engine) -> None:
    save_everything(store)

    rule = load_master_data(store).rules["US_RETAIL"][1]

    assert rule.conditions == RULES[0].conditions
    assert rule.conditions[0].values == ("02000", "02799")


@pytest.mark.parametrize("split", [Decimal("12.345"), Decimal("1000.00")])
def test_split_outside_numeric_5_2_is_rejected(store: Engine, split: Decimal) -> None:
    # Built without CoverageTeam's own checks, to reach the column type.
    team = object.__new__(CoverageTeam)
    for name, value in {
        "coverage_model": "US_RETAIL",
        "territory": "NE-01",
        "members": (TeamMember("p1", "primary", split),),
        "period": ValidPeriod(JAN),
    }.items():
        object.__setattr__(team, name, value)

    with pytest.raises(StatementError) as raised:
        with UnitOfWork(store) as uow:
            save_teams(uow, [team])

    assert "decimal places" in str(raised.value) or "digits" in str(raised.value)
    assert load_master_data(store).teams == {}
