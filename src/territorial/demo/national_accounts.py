"""The National Accounts overlay of the demo book: named firms, whatever their ZIP code.

Each territory names its firms with one rule on the derived attribute `firm`
(the id of the root organisation). Firms left unnamed, such as RIAs and
insurers, are not covered by this model, so their money is unassigned here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from territorial.demo.staff import Staff, team, year_period
from territorial.domain.coverage import CoverageModel, CoverageTeam
from territorial.domain.entity import Organisation
from territorial.domain.rule import AttributeRule, Condition
from territorial.domain.territory import Territory, TerritoryKind

MODEL = "NATIONAL_ACCOUNTS"
ROOT = "NA"


@dataclass(frozen=True)
class NamedAccounts:
    """A national accounts territory: the largest firms of one channel by branch count."""

    code: str
    name: str
    channel: str
    max_firms: int
    managers: int


NAMED_ACCOUNTS = (
    NamedAccounts("NA_WIREHOUSE", "Wirehouse National Accounts", "wirehouse", 100, 2),
    NamedAccounts("NA_IBD", "Independent Broker-Dealer National Accounts", "ibd", 12, 1),
    NamedAccounts("NA_BANK", "Bank National Accounts", "bank", 6, 1),
)


def coverage_model(year: int) -> CoverageModel:
    return CoverageModel(MODEL, "National Accounts", period=year_period(year))


def territories(year: int) -> list[Territory]:
    period = year_period(year)
    tree = [Territory(ROOT, "National Accounts", TerritoryKind.NAMED_ACCOUNTS, "division", None, period)]
    tree += [
        Territory(n.code, n.name, TerritoryKind.NAMED_ACCOUNTS, "territory", ROOT, period)
        for n in NAMED_ACCOUNTS
    ]
    return tree


def rules(firms: list[Organisation], branches: list[Organisation], year: int) -> list[AttributeRule]:
    """Name the largest firms of each channel; a channel with no firm gets no rule."""
    branch_counts = Counter(b.parent_id for b in branches)
    result: list[AttributeRule] = []
    for named in NAMED_ACCOUNTS:
        in_channel = [f for f in firms if f.attributes.get("channel") == named.channel]
        largest = sorted(in_channel, key=lambda f: (-branch_counts[f.id], f.id))[: named.max_firms]
        if not largest:
            continue
        condition = Condition.build("firm", "in", sorted(f.id for f in largest))
        result.append(AttributeRule(f"NA_{named.channel.upper()}_FIRMS", MODEL, named.code, 10, (condition,), year_period(year)))
    return result


def teams(staff: Staff, year: int) -> list[CoverageTeam]:
    """Staff each territory with one national account manager at 100, or two at 50/50 on the wirehouses."""
    result: list[CoverageTeam] = []
    for named in NAMED_ACCOUNTS:
        if named.managers == 2:
            members = [(staff.hire(), "primary", "50"), (staff.hire(), "secondary", "50")]
        else:
            members = [(staff.hire(), "primary", "100")]
        result.append(team(MODEL, named.code, members, year_period(year)))
    return result
