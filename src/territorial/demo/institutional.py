"""The Institutional coverage model of the demo book: omnibus accounts, pinned or by state.

The model reads accounts only (trade override, account override, account rule,
account attributes). Every omnibus account is pinned by an account rule to the
desk of its kind. A few platform agreements end on 1 July, and from then on those
accounts fall through to the attribute rules on client type and domicile state.
Omnibus accounts carry `domicile_state` rather than `state` so that the state
rules of US Retail do not pick them up.
"""

from __future__ import annotations

import random
from datetime import date

from territorial.demo.staff import Staff, team, year_period
from territorial.domain.coverage import CoverageModel, CoverageTeam, ResolutionStep
from territorial.domain.entity import Account
from territorial.domain.period import ValidPeriod
from territorial.domain.rule import AccountRule, AttributeRule, Condition
from territorial.domain.territory import Territory, TerritoryKind

MODEL = "INSTITUTIONAL"
ROOT = "INST"

RESOLUTION_ORDER = (
    ResolutionStep.TRADE_OVERRIDE,
    ResolutionStep.ACCOUNT_OVERRIDE,
    ResolutionStep.ACCOUNT_RULE,
    ResolutionStep.ACCOUNT_ATTRIBUTES,
)

# The desk that an omnibus account of each registration is pinned to.
DESK_BY_REGISTRATION = {
    "platform_omnibus": "INST_PLATFORMS",
    "retirement_plan": "INST_RETIREMENT",
    "insurance_separate_account": "INST_INSURANCE",
}

EAST_STATES = (
    "AL", "CT", "DC", "DE", "FL", "GA", "MA", "MD", "ME", "MS", "NC", "NH",
    "NJ", "NY", "PA", "PR", "RI", "SC", "TN", "VA", "VI", "VT", "WV",
)
WEST_STATES = (
    "AK", "AR", "AZ", "CA", "CO", "HI", "IA", "ID", "IL", "IN", "KS", "KY", "LA", "MI", "MN",
    "MO", "MT", "ND", "NE", "NM", "NV", "OH", "OK", "OR", "SD", "TX", "UT", "WA", "WI", "WY",
)

# Share of platform agreements that end on 1 July.
ENDED_AGREEMENT_SHARE = 0.15


def coverage_model(year: int) -> CoverageModel:
    return CoverageModel(MODEL, "Institutional", RESOLUTION_ORDER, year_period(year))


def territories(year: int) -> list[Territory]:
    period = year_period(year)
    return [
        Territory(ROOT, "Institutional", TerritoryKind.SEGMENT, "division", None, period),
        Territory("INST_INTERMEDIARY", "Intermediary Desks", TerritoryKind.CHANNEL, "region", ROOT, period),
        Territory("INST_DIRECT", "Direct Institutional", TerritoryKind.GEOGRAPHIC, "region", ROOT, period),
        Territory("INST_PLATFORMS", "Platforms", TerritoryKind.CHANNEL, "territory", "INST_INTERMEDIARY", period),
        Territory("INST_RETIREMENT", "Retirement Plans", TerritoryKind.SEGMENT, "territory", "INST_INTERMEDIARY", period),
        Territory("INST_INSURANCE", "Insurance", TerritoryKind.CHANNEL, "territory", "INST_INTERMEDIARY", period),
        Territory("INST_EAST", "Institutional East", TerritoryKind.GEOGRAPHIC, "territory", "INST_DIRECT", period),
        Territory("INST_WEST", "Institutional West", TerritoryKind.GEOGRAPHIC, "territory", "INST_DIRECT", period),
    ]


def rules(year: int) -> list[AttributeRule]:
    period = year_period(year)
    client_type = Condition.build("client_type", "in", ("institutional", "platform"))
    east = Condition.build("domicile_state", "in", EAST_STATES)
    west = Condition.build("domicile_state", "in", WEST_STATES)
    return [
        AttributeRule("INST_EAST_STATES", MODEL, "INST_EAST", 10, (client_type, east), period),
        AttributeRule("INST_WEST_STATES", MODEL, "INST_WEST", 10, (client_type, west), period),
    ]


def account_rules(accounts: list[Account], rng: random.Random, year: int) -> list[AccountRule]:
    """Pin every omnibus account to its desk; some platform agreements end on 1 July."""
    result: list[AccountRule] = []
    for account in accounts:
        if not account.omnibus:
            continue
        registration = account.attributes["registration"] or ""
        period = year_period(year)
        if registration == "platform_omnibus" and rng.random() < ENDED_AGREEMENT_SHARE:
            period = ValidPeriod(date(year, 1, 1), date(year, 7, 1))
        territory = DESK_BY_REGISTRATION[registration]
        result.append(AccountRule(f"AR_{account.id}", account.id, MODEL, territory, period))
    return result


def teams(staff: Staff, year: int) -> list[CoverageTeam]:
    period = year_period(year)
    return [
        team(MODEL, "INST_PLATFORMS", [(staff.hire(), "primary", "60"), (staff.hire(), "secondary", "40")], period),
        team(MODEL, "INST_RETIREMENT", [(staff.hire(), "primary", "100")], period),
        team(MODEL, "INST_INSURANCE", [(staff.hire(), "primary", "100")], period),
        team(MODEL, "INST_EAST", [(staff.hire(), "primary", "70"), (staff.hire(), "internal", "30")], period),
        team(MODEL, "INST_WEST", [(staff.hire(), "primary", "70"), (staff.hire(), "internal", "30")], period),
    ]
