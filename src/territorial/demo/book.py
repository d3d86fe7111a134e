"""A demo book of business: a fund distributor's firms, coverage and a year of flows.

`generate_book` builds the whole book from one seed with `random.Random` only, so
the same seed and sizes give the same book, byte for byte. The territories are
drawn on the real US ZIP code universe of the `zipcodes` package; everything else
(people, firms, advisors, accounts, trades) is invented.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from territorial.demo import clients, flows, institutional, national_accounts, us_retail
from territorial.demo.staff import Staff
from territorial.demo.zip_universe import address_zips, prefix_blocks
from territorial.domain.coverage import CoverageModel, CoverageTeam, Person
from territorial.domain.entity import Account, Contact, Organisation
from territorial.domain.fact import Fact
from territorial.domain.rule import AccountRule, AttributeRule
from territorial.domain.territory import Territory

# The smallest book that still has a firm of every channel, so every rule has values.
MIN_FIRMS = len(clients.CHANNEL_SHARES)


@dataclass
class DemoBook:
    """Master data and facts of the demo, as domain objects."""

    coverage_models: list[CoverageModel]
    territories: list[Territory]
    people: list[Person]
    teams: list[CoverageTeam]
    rules: list[AttributeRule]
    account_rules: list[AccountRule]
    organisations: list[Organisation]
    contacts: list[Contact]
    accounts: list[Account]
    trades: list[Fact]
    positions: list[Fact]


def generate_book(
    seed: int = 7,
    advisors: int = 10_000,
    branches: int = 2_000,
    firms: int = 300,
    accounts: int = 20_000,
    trades: int = 200_000,
    year: int = 2025,
) -> DemoBook:
    """Generate the demo book for `year` from `seed`.

    Raises ValueError when the sizes cannot make a consistent book.
    """
    _check_sizes(advisors, branches, firms, accounts, trades)
    rng = random.Random(seed)
    staff = Staff(rng)

    blocks = prefix_blocks()
    planned = us_retail.plan_zip_territories(blocks)
    retail_territories = us_retail.territories(planned, year)
    leaf_codes = [t.code for t in retail_territories if t.level == "territory"]

    rules = us_retail.rules(planned, year) + institutional.rules(year)
    teams = us_retail.teams(leaf_codes, staff, rng, year)
    teams += national_accounts.teams(staff, year) + institutional.teams(staff, year)

    firm_list = clients.firms(firms, rng, year)
    # A branch in each overlapping prefix makes sure the demo shows its rule conflicts.
    featured = [rng.choice([z for z in block.zips if z.address]) for _, block in us_retail.overlaps(planned)]
    branch_list = clients.branches(branches, firm_list, address_zips(), featured, advisors, rng, year)
    rules += national_accounts.rules(firm_list.organisations, branch_list, year)
    advisor_list = clients.advisors(advisors, branch_list, firm_list, rng, year)
    account_list = clients.accounts(accounts, advisor_list, firm_list, rng, year)
    account_rules = institutional.account_rules(account_list, rng, year)

    trade_list = flows.trades(trades, account_list, rng, year)
    position_list = flows.positions(trade_list, account_list, rng, year)

    return DemoBook(
        coverage_models=[
            us_retail.coverage_model(year),
            national_accounts.coverage_model(year),
            institutional.coverage_model(year),
        ],
        territories=retail_territories + national_accounts.territories(year) + institutional.territories(year),
        people=staff.people,
        teams=teams,
        rules=rules,
        account_rules=account_rules,
        organisations=firm_list.organisations + branch_list,
        contacts=advisor_list,
        accounts=account_list,
        trades=trade_list,
        positions=position_list,
    )


def _check_sizes(advisors: int, branches: int, firms: int, accounts: int, trades: int) -> None:
    if firms < MIN_FIRMS:
        raise ValueError(f"firms must be at least {MIN_FIRMS} (one per channel), got {firms}")
    if branches < firms:
        raise ValueError(f"branches must be at least firms ({firms}) so every firm has a branch, got {branches}")
    if advisors < 1 or accounts < 1:
        raise ValueError(f"advisors and accounts must be at least 1, got {advisors} and {accounts}")
    if trades < 0:
        raise ValueError(f"trades must not be negative, got {trades}")
