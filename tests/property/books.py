"""Hypothesis strategies for random books: coverage models, rules, entity histories, overrides and facts.

The values come from small pools so that random books hit the hard cases often:
rules tied at one priority, blank attributes, ZIP ranges and prefixes, numbers and
text in the same attribute, overrides that disagree or are reversed, entities that
change on the same days as rules, and facts on those days.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from random import Random

from hypothesis import strategies as st

from territorial.domain.coverage import CoverageModel, CoverageTeam, Person, ResolutionStep, TeamMember
from territorial.domain.entity import Account, Contact, Organisation
from territorial.domain.fact import Fact, FactKind
from territorial.domain.master_data import MasterData
from territorial.domain.override import Override, OverrideStatus, OverrideTarget
from territorial.domain.period import ValidPeriod
from territorial.domain.rule import AccountRule, AttributeRule, Condition
from territorial.domain.territory import Territory

DAYS = [date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 15), date(2025, 6, 1), date(2025, 9, 1)]
TERRITORIES = ["EAST", "WEST", "NORTH", "SOUTH"]
ROLES = ["primary", "secondary", "overlay", "zeta"]
VALUES = {
    "zip": ["02134", "10017", "12345", "00501", "75201", None],
    "state": ["NY", "MA", "TX", None],
    "channel": ["wirehouse", "ria", None],
    "tier": ["5", "12.5", "-3", "abc", "1_000", None],
    "segment": ["retail", "Retail", "inst", None],
}
RULE_ATTRIBUTES = [*VALUES, "firm", "organisation", "contact", "account", "omnibus"]


@st.composite
def books(draw: st.DrawFn) -> tuple[MasterData, list[Fact]]:
    """Draw master data and facts; the seed of one Random drives every choice."""
    rng = Random(draw(st.integers(0, 2**32 - 1)))
    data = MasterData()
    models = [f"M{i}" for i in range(rng.randint(1, 2))]
    _models(rng, data, models)
    for code in TERRITORIES:
        data.add_territory(Territory(code, code.title(), parent="ALL" if code != "ALL" else None))
    data.add_territory(Territory("ALL", "All", level="region"))
    _teams(rng, data, models)
    orgs = _organisations(rng, data)
    contacts = _contacts(rng, data, orgs)
    accounts = _accounts(rng, data, orgs, contacts)
    for model in models:
        for number in range(rng.randint(0, 6)):
            for rule in _rule_versions(rng, model, f"{model}R{number}", orgs, contacts, accounts):
                data.add_rule(rule)
    facts = _facts(rng, accounts, contacts)
    _account_rules(rng, data, models, accounts)
    _overrides(rng, data, models, orgs, contacts, accounts, [f.id for f in facts])
    return data, facts


def _periods(rng: Random) -> list[ValidPeriod]:
    """Return one to three non-overlapping periods, with gaps now and then."""
    days = sorted(rng.sample(DAYS, rng.randint(1, 4)))
    periods = []
    for start, end in zip(days, [*days[1:], None]):
        if rng.random() < 0.8:
            periods.append(ValidPeriod(start, end if rng.random() < 0.85 or end is None else None))
            if periods[-1].valid_to is None:
                break
    return periods or [ValidPeriod(days[0])]


def _models(rng: Random, data: MasterData, models: list[str]) -> None:
    steps = list(ResolutionStep)
    for code in models:
        for period in _periods(rng)[:2]:
            order = tuple(rng.sample(steps, rng.randint(1, len(steps))))
            if rng.random() < 0.5:
                order = tuple(s for s in steps if s in order)
            data.add_coverage_model(CoverageModel(code, f"Model {code}", order, period))


def _teams(rng: Random, data: MasterData, models: list[str]) -> None:
    people = [f"P{i}" for i in range(5)]
    for person in people:
        data.add_person(Person(person, f"Person {person}"))
    for model in models:
        for territory in TERRITORIES:
            if rng.random() < 0.2:
                continue
            for period in _periods(rng):
                members = rng.sample(people, rng.randint(1, 3))
                cuts = sorted(rng.sample(range(1, 10_000), len(members) - 1))
                shares = [b - a for a, b in zip([0, *cuts], [*cuts, 10_000])]
                data.add_team(CoverageTeam(model, territory, tuple(
                    TeamMember(p, rng.choice(ROLES), Decimal(s).scaleb(-2)) for p, s in zip(members, shares)
                ), period))


def _attributes(rng: Random) -> dict[str, str | None]:
    names = rng.sample(list(VALUES), rng.randint(0, len(VALUES)))
    return {name: rng.choice(VALUES[name]) for name in names}


def _organisations(rng: Random, data: MasterData) -> list[str]:
    ids = [f"O{i}" for i in range(rng.randint(1, 4))]
    for index, org_id in enumerate(ids):
        for period in _periods(rng):
            parent = rng.choice([None, *ids[:index]]) if index else None
            data.add_organisation(Organisation(org_id, org_id, parent, _attributes(rng), period))
    return ids


def _contacts(rng: Random, data: MasterData, orgs: list[str]) -> list[str]:
    ids = [f"C{i}" for i in range(rng.randint(0, 4))]
    for contact_id in ids:
        for period in _periods(rng):
            data.add_contact(Contact(contact_id, contact_id, rng.choice([None, *orgs]), _attributes(rng), period))
    return ids


def _accounts(rng: Random, data: MasterData, orgs: list[str], contacts: list[str]) -> list[str]:
    ids = [f"A{i}" for i in range(rng.randint(1, 5))]
    for account_id in ids:
        for period in _periods(rng):
            data.add_account(Account(account_id, account_id, rng.choice([None, *contacts]),
                                     rng.choice([None, *orgs]), rng.random() < 0.3, _attributes(rng), period))
    return ids


def _condition(rng: Random, orgs: list[str], contacts: list[str], accounts: list[str]) -> Condition:
    attribute = rng.choice(RULE_ATTRIBUTES)
    if attribute == "zip":
        choice = rng.choice(["in", "not_in", "equals", "prefix", "range", "is_blank", "is_not_blank"])
        pool = [v for v in VALUES["zip"] if v]
        if choice == "prefix":
            return Condition.build("zip", "prefix", rng.sample(["0", "02", "1", "100", "12345", "7"], rng.randint(1, 2)))
        if choice == "range":
            low, high = sorted(rng.sample(["00000", "02000", "02999", "10000", "12999", "99999"], 2))
            return Condition.build("zip", "range", [low, high])
    elif attribute == "tier":
        choice = rng.choice(["gt", "ge", "lt", "le", "range", "equals", "is_blank"])
        if choice == "range":
            return Condition.build("tier", "range", sorted(rng.sample([-5, 0, 5, 12.5, 100], 2)))
        if choice in ("gt", "ge", "lt", "le"):
            return Condition.build("tier", choice, [rng.choice(["0", "5", "12.5", "-3"])])
        pool = [v for v in VALUES["tier"] if v]
    elif attribute in VALUES:
        choice = rng.choice(["in", "not_in", "equals", "not_equals", "prefix", "is_blank", "is_not_blank"])
        pool = [v for v in VALUES[attribute] if v]
    else:
        choice = rng.choice(["in", "not_in", "equals", "is_blank", "is_not_blank"])
        pool = {"firm": orgs, "organisation": orgs, "contact": contacts or ["C9"], "account": accounts,
                "omnibus": ["true", "false"]}[attribute]
    if choice in ("is_blank", "is_not_blank"):
        return Condition.build(attribute, choice, [])
    if choice in ("equals", "not_equals"):
        return Condition.build(attribute, choice, [rng.choice(pool)])
    if choice == "prefix":
        return Condition.build(attribute, choice, [rng.choice(pool)[:rng.randint(1, 3)]])
    return Condition.build(attribute, choice, rng.sample(pool, rng.randint(1, min(3, len(pool)))))


def _rule_versions(rng: Random, model: str, code: str, orgs: list[str], contacts: list[str],
                   accounts: list[str]) -> list[AttributeRule]:
    periods = _periods(rng) if rng.random() < 0.3 else [ValidPeriod()]
    rules = []
    for period in periods:
        conditions = tuple(_condition(rng, orgs, contacts, accounts) for _ in range(rng.randint(0, 2)))
        rules.append(AttributeRule(code, model, rng.choice(TERRITORIES), rng.randint(1, 3), conditions, period))
    return rules


def _account_rules(rng: Random, data: MasterData, models: list[str], accounts: list[str]) -> None:
    for number in range(rng.randint(0, 2)):
        account, model = rng.choice(accounts), rng.choice(models)
        if (model, account) in data.account_rules:
            continue
        for period in _periods(rng):
            data.add_account_rule(AccountRule(f"AR{number}", account, model, rng.choice(TERRITORIES), period))


def _overrides(rng: Random, data: MasterData, models: list[str], orgs: list[str], contacts: list[str],
               accounts: list[str], facts: list[str]) -> None:
    targets = {OverrideTarget.TRADE: facts, OverrideTarget.ACCOUNT: accounts, OverrideTarget.CONTACT: contacts,
               OverrideTarget.ORGANISATION: orgs}
    for number in range(rng.randint(0, 5)):
        target = rng.choice(list(targets))
        if not targets[target]:
            continue
        period = rng.choice(_periods(rng))
        status = rng.choice(list(OverrideStatus))
        reversed_from = rng.choice(DAYS) if status is OverrideStatus.REVERSED else None
        data.add_override(Override(f"OV{number}", target, rng.choice(targets[target]), rng.choice(models),
                                   rng.choice(TERRITORIES), "reason", "jo", status, period, "kim", reversed_from))


def _facts(rng: Random, accounts: list[str], contacts: list[str]) -> list[Fact]:
    facts = []
    for number in range(rng.randint(1, 12)):
        day = rng.choice([*DAYS, date(2024, 12, 31), date(2025, 4, 30), date(2025, 12, 31)])
        kind = rng.choice(list(FactKind))
        cents = rng.choice([1, 5, 100, 10_001, 99_999_999, rng.randint(1, 10**9)])
        amount = Decimal(cents * kind.direction).scaleb(-2)
        facts.append(Fact(f"T{number}", kind, day, rng.choice([*accounts, "A404"]), amount,
                          rng.choice([None, None, *contacts])))
    return facts
