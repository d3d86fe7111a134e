"""The facts of the demo book: a year of trades, and month-end AUM that follows them.

Amounts are built as integer cents and turned into Decimal once, because 440,000
Decimal sums would dominate the generation time.
"""

from __future__ import annotations

import bisect
import calendar
import itertools
import math
import random
from typing import Generic, NamedTuple, TypeVar
from datetime import date, timedelta
from decimal import Decimal

from territorial.demo.names import FUNDS, Fund
from territorial.domain.attribute import normalise_attributes
from territorial.domain.entity import Account
from territorial.domain.fact import Fact, FactKind

# Relative weights per draw. An exchange draw makes two facts (out of one fund, into
# another), so the facts come out as 55% purchases, 30% redemptions, 10% exchanges
# and 5% transfers.
DRAW_WEIGHTS = {"purchase": 110, "redemption": 60, "exchange": 10, "transfer_in": 5, "transfer_out": 5}

# Trade sizes in cents: log-normal around a median of 12,000.00, clamped to
# [300.00, 5,000,000.00]. Omnibus accounts trade larger and more often.
MEDIAN_TRADE_CENTS = 1_200_000
TRADE_SIGMA = 1.3
MIN_TRADE_CENTS = 30_000
MAX_TRADE_CENTS = 500_000_000
OMNIBUS_SIZE = 3.0
OMNIBUS_ACTIVITY = 2.0

# Opening balances on 31 December: log-normal around 90,000.00 (omnibus x 50).
MEDIAN_OPENING_CENTS = 9_000_000
MIN_BALANCE_CENTS = 100

# Retail share classes of mutual funds, with weights; other clients get one class each.
RETAIL_SHARE_CLASSES = (("A", 50), ("C", 15), ("I", 35))
_MUTUAL_FUNDS = [f for f in FUNDS if f.vehicle == "mutual_fund"]
SHARE_CLASS_BY_REGISTRATION = {
    "platform_omnibus": "I",
    "retirement_plan": "R6",
    "insurance_separate_account": "I",
}


T = TypeVar("T")


class WeightedChoice(Generic[T]):
    """Picks items by weight, like `random.choices` but without its per-call setup cost."""

    def __init__(self, items: list[T], weights: list[float]) -> None:
        self.items = items
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> T:
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.total)]


class Trade(NamedTuple):
    """A trade before it gets its id: facts are numbered in date order."""

    day: date
    account: int
    kind: FactKind
    cents: int
    fund: Fund
    share_class: str | None


def trades(count: int, accounts: list[Account], rng: random.Random, year: int) -> list[Fact]:
    """Create `count` trades on the business days of `year`, numbered T00000001... by date."""
    activity = [(OMNIBUS_ACTIVITY if a.omnibus else 1.0) * rng.lognormvariate(0.0, 1.0) for a in accounts]
    draws = _Draws(
        accounts=WeightedChoice(list(range(len(accounts))), activity),
        kinds=WeightedChoice(list(DRAW_WEIGHTS), [float(w) for w in DRAW_WEIGHTS.values()]),
        funds=WeightedChoice(list(FUNDS), [float(f.popularity) for f in FUNDS]),
        retail_classes=WeightedChoice([c for c, _ in RETAIL_SHARE_CLASSES], [float(w) for _, w in RETAIL_SHARE_CLASSES]),
        days=_business_days(year),
    )
    drafts: list[Trade] = []
    while len(drafts) < count:
        drafts += _draw(rng, draws, accounts, room=count - len(drafts))
    drafts.sort(key=lambda t: t.day)
    templates: dict[tuple[str, str | None], dict[str, str | None]] = {}
    return [
        _fact(number, draft, accounts[draft.account], templates)
        for number, draft in enumerate(drafts, start=1)
    ]


class _Draws(NamedTuple):
    accounts: WeightedChoice[int]
    kinds: WeightedChoice[str]
    funds: WeightedChoice[Fund]
    retail_classes: WeightedChoice[str]
    days: list[date]


def _draw(rng: random.Random, draws: _Draws, accounts: list[Account], room: int) -> list[Trade]:
    """Draw one trade, or an exchange pair when there is room for two facts."""
    index = draws.accounts.pick(rng)
    account = accounts[index]
    day = rng.choice(draws.days)
    kind = draws.kinds.pick(rng)
    cents = _trade_cents(rng, account)
    if kind == "exchange" and room >= 2:
        # Exchanges stay within the mutual funds of the family and keep the share class.
        source, target = rng.sample(_MUTUAL_FUNDS, 2)
        share_class = _share_class(rng, draws, account, source)
        return [
            Trade(day, index, FactKind.EXCHANGE_OUT, cents, source, share_class),
            Trade(day, index, FactKind.EXCHANGE_IN, cents, target, share_class),
        ]
    # The last slot cannot hold an exchange pair, so it becomes a purchase.
    fact_kind = FactKind.PURCHASE if kind == "exchange" else FactKind(kind)
    fund = draws.funds.pick(rng)
    return [Trade(day, index, fact_kind, cents, fund, _share_class(rng, draws, account, fund))]


def _trade_cents(rng: random.Random, account: Account) -> int:
    size = rng.lognormvariate(math.log(MEDIAN_TRADE_CENTS), TRADE_SIGMA)
    if account.omnibus:
        size *= OMNIBUS_SIZE
    return max(MIN_TRADE_CENTS, min(MAX_TRADE_CENTS, int(size)))


def _share_class(rng: random.Random, draws: _Draws, account: Account, fund: Fund) -> str | None:
    """ETFs and separate accounts have no share class."""
    if fund.vehicle != "mutual_fund":
        return None
    registration = account.attributes.get("registration") or ""
    if registration in SHARE_CLASS_BY_REGISTRATION:
        return SHARE_CLASS_BY_REGISTRATION[registration]
    return draws.retail_classes.pick(rng)


def _fact(
    number: int, trade: Trade, account: Account, templates: dict[tuple[str, str | None], dict[str, str | None]]
) -> Fact:
    """Build the fact; `templates` caches the normalised attributes, and each fact gets a copy."""
    key = (trade.fund.code, trade.share_class)
    if key not in templates:
        raw = {"fund": trade.fund.code, "share_class": trade.share_class, "vehicle": trade.fund.vehicle}
        templates[key] = normalise_attributes(raw)
    amount = Decimal(trade.cents * trade.kind.direction).scaleb(-2)
    return Fact(f"T{number:08d}", trade.kind, trade.day, account.id, amount, account.contact_id, dict(templates[key]))


def positions(trade_list: list[Fact], accounts: list[Account], rng: random.Random, year: int) -> list[Fact]:
    """Create month-end AUM per account: last month's value, moved by the market, plus net flows."""
    index_of = {a.id: i for i, a in enumerate(accounts)}
    net = [[0] * 12 for _ in accounts]
    for fact in trade_list:
        net[index_of[fact.account_id]][fact.date.month - 1] += int(fact.amount.scaleb(2))
    market = [round(rng.gauss(70, 300)) for _ in range(12)]
    month_ends = [date(year, m, calendar.monthrange(year, m)[1]) for m in range(1, 13)]
    result: list[Fact] = []
    for account, flows in zip(accounts, net):
        balance = _opening_cents(rng, account, flows)
        for month, day in enumerate(month_ends):
            # Each account drifts up to 0.40% a month around the market, by its own mix.
            basis_points = market[month] + int(rng.random() * 81) - 40
            balance = max(MIN_BALANCE_CENTS, balance * (10_000 + basis_points) // 10_000 + flows[month])
            fact_id = f"AUM:{account.id}:{day.isoformat()}"
            result.append(Fact(fact_id, FactKind.AUM, day, account.id, Decimal(balance).scaleb(-2), account.contact_id))
    return result


def _opening_cents(rng: random.Random, account: Account, flows: list[int]) -> int:
    """Return an opening balance large enough that the year's outflows do not exhaust it."""
    median = MEDIAN_OPENING_CENTS * (50 if account.omnibus else 1)
    base = int(rng.lognormvariate(math.log(median), 1.0))
    running, lowest = 0, 0
    for month_flow in flows:
        running += month_flow
        lowest = min(lowest, running)
    return base - lowest


def _business_days(year: int) -> list[date]:
    """Return the weekdays of `year` except the fixed-date market holidays.

    NOTE: floating holidays (Martin Luther King Day, Thanksgiving, ...) and the
    observed weekdays of weekend holidays still count as business days.
    """
    holidays = {date(year, 1, 1), date(year, 6, 19), date(year, 7, 4), date(year, 12, 25)}
    day, end = date(year, 1, 1), date(year, 12, 31)
    days: list[date] = []
    while day <= end:
        if day.weekday() < 5 and day not in holidays:
            days.append(day)
        day += timedelta(days=1)
    return days

