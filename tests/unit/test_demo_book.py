"""The demo book: deterministic, consistent, and on real five-digit ZIP codes."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest

from territorial.demo.book import DemoBook, generate_book
from territorial.domain.fact import FactKind
from territorial.domain.money import HUNDRED
from territorial.domain.rule import Operator

SMALL = {"advisors": 200, "branches": 120, "firms": 20, "accounts": 600, "trades": 2_000}


@pytest.fixture(scope="module")
def book() -> DemoBook:
    return generate_book(seed=11, **SMALL)


def test_same_seed_gives_same_book() -> None:
    first = generate_book(seed=3, **SMALL)

    second = generate_book(seed=3, **SMALL)

    assert repr(first) == repr(second)


def test_other_seed_gives_other_trades() -> None:
    first = generate_book(seed=3, **SMALL)

    second = generate_book(seed=4, **SMALL)

    assert first.trades != second.trades


def test_small_book_has_requested_sizes(book: DemoBook) -> None:
    firms = [o for o in book.organisations if o.parent_id is None]
    branches = [o for o in book.organisations if o.parent_id is not None]

    assert len(firms) == SMALL["firms"]
    assert len(branches) == SMALL["branches"]
    assert len(book.contacts) == SMALL["advisors"]
    assert len(book.accounts) == SMALL["accounts"]
    assert len(book.trades) == SMALL["trades"]
    assert len(book.positions) == SMALL["accounts"] * 12


def test_ids_are_unique(book: DemoBook) -> None:
    groups = {
        "organisations": [o.id for o in book.organisations],
        "contacts": [c.id for c in book.contacts],
        "accounts": [a.id for a in book.accounts],
        "people": [p.id for p in book.people],
        "facts": [f.id for f in book.trades + book.positions],
        "territories": [t.code for t in book.territories],
        "rules": [r.code for r in book.rules] + [r.code for r in book.account_rules],
    }

    for name, ids in groups.items():
        assert len(ids) == len(set(ids)), name


def test_every_organisation_reference_exists(book: DemoBook) -> None:
    organisations = {o.id for o in book.organisations}

    for organisation in book.organisations:
        assert organisation.parent_id is None or organisation.parent_id in organisations
    for contact in book.contacts:
        assert contact.organisation_id in organisations
    for account in book.accounts:
        assert account.organisation_id in organisations


def test_every_contact_reference_exists(book: DemoBook) -> None:
    contacts = {c.id: c for c in book.contacts}
    accounts = {a.id: a for a in book.accounts}

    for account in book.accounts:
        if account.omnibus:
            assert account.contact_id is None
        else:
            assert account.contact_id in contacts
            assert account.organisation_id == contacts[account.contact_id].organisation_id
    for fact in book.trades + book.positions:
        assert fact.account_id in accounts
        assert fact.contact_id == accounts[fact.account_id].contact_id


def test_every_rule_and_team_names_known_territory(book: DemoBook) -> None:
    territories = {t.code for t in book.territories}
    models = {m.code for m in book.coverage_models}
    accounts = {a.id for a in book.accounts}

    for rule in book.rules:
        assert rule.territory in territories, rule.code
        assert rule.coverage_model in models, rule.code
    for account_rule in book.account_rules:
        assert account_rule.territory in territories, account_rule.code
        assert account_rule.account_id in accounts, account_rule.code
    for team in book.teams:
        assert team.territory in territories, team.version
    for territory in book.territories:
        assert territory.parent is None or territory.parent in territories, territory.code


def test_team_members_are_known_people(book: DemoBook) -> None:
    people = {p.id for p in book.people}

    for team in book.teams:
        for member in team.members:
            assert member.person_id in people, team.version


def test_team_splits_sum_to_hundred(book: DemoBook) -> None:
    for team in book.teams:
        splits = [m.split for m in team.members]

        assert sum(splits, Decimal(0)) == HUNDRED, team.version
        assert all(s == s.quantize(Decimal("0.01")) for s in splits), team.version


def test_team_versions_do_not_overlap(book: DemoBook) -> None:
    versions = defaultdict(list)
    for team in book.teams:
        versions[(team.coverage_model, team.territory)].append(team.period)

    changed = [key for key, periods in versions.items() if len(periods) > 1]

    assert changed, "expected one territory to change its team mid-year"
    for key in changed:
        first, second = sorted(versions[key])
        assert not first.overlaps(second), key


def test_zip_codes_keep_leading_zeros(book: DemoBook) -> None:
    branches = [o for o in book.organisations if o.parent_id is not None]
    zips = [b.attributes["zip"] for b in branches if b.attributes["zip"] is not None]
    range_bounds = [
        value
        for rule in book.rules
        for condition in rule.conditions
        if condition.attribute == "zip" and condition.operator is Operator.RANGE
        for value in condition.values
    ]

    for code in zips + range_bounds:
        assert isinstance(code, str), code
        assert len(code) == 5, code
        assert code.isdigit(), code
    assert any(code.startswith("0") for code in range_bounds)


def test_northeast_branches_have_leading_zero_zips() -> None:
    book = generate_book(seed=11, advisors=2_000, branches=1_000, firms=20, accounts=10, trades=0)

    zips = [o.attributes["zip"] for o in book.organisations if o.parent_id is not None]

    assert any(code is not None and code.startswith("0") for code in zips)


def test_some_branches_have_blank_zip(book: DemoBook) -> None:
    branches = [o for o in book.organisations if o.parent_id is not None]

    blank = [b for b in branches if b.attributes["zip"] is None]

    assert blank
    assert all(b.attributes["state"] is None for b in blank)


def test_two_territories_claim_same_zip_range(book: DemoBook) -> None:
    ranges = [
        (rule.coverage_model, rule.priority, rule.territory, condition.values)
        for rule in book.rules
        for condition in rule.conditions
        if condition.attribute == "zip" and condition.operator is Operator.RANGE
    ]

    contested = [
        (first, second)
        for first in ranges
        for second in ranges
        if first[:2] == second[:2]
        and first[2] < second[2]
        and first[3][0] <= second[3][1]
        and second[3][0] <= first[3][1]
    ]

    assert len(contested) == 2


def test_outflows_are_negative_and_inflows_positive(book: DemoBook) -> None:
    for fact in book.trades:
        if fact.kind.direction < 0:
            assert fact.amount < 0, fact.id
        else:
            assert fact.amount > 0, fact.id
    assert any(f.kind is FactKind.REDEMPTION for f in book.trades)


def test_amounts_have_cents(book: DemoBook) -> None:
    for fact in book.trades + book.positions:
        assert fact.amount.as_tuple().exponent == -2, fact.id


def test_positions_are_positive_month_ends(book: DemoBook) -> None:
    months = {f.date.month for f in book.positions}

    assert months == set(range(1, 13))
    for fact in book.positions:
        assert fact.kind is FactKind.AUM
        assert fact.amount > 0, fact.id
        assert fact.id == f"AUM:{fact.account_id}:{fact.date.isoformat()}"


def test_trades_fall_within_year(book: DemoBook) -> None:
    years = {f.date.year for f in book.trades}

    assert years == {2025}


def test_omnibus_accounts_are_pinned_by_account_rules(book: DemoBook) -> None:
    omnibus = {a.id for a in book.accounts if a.omnibus}

    pinned = {r.account_id for r in book.account_rules}

    assert omnibus
    assert pinned == omnibus


def test_too_few_firms_are_rejected() -> None:
    with pytest.raises(ValueError, match="firms must be at least"):
        generate_book(firms=2, branches=10, advisors=10, accounts=10, trades=10)


def test_few_advisors_with_default_sizes_still_works() -> None:
    book = generate_book(advisors=200, trades=2_000)

    advisors = {c.id for c in book.contacts}

    assert len(book.contacts) == 200
    assert len(book.trades) == 2_000
    assert all(a.omnibus or a.contact_id in advisors for a in book.accounts)
