"""The clients of the demo book: firms, their branches, advisors and accounts."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from territorial.demo.names import LAST_NAMES, firm_name, person_name
from territorial.demo.staff import year_period
from territorial.demo.zip_universe import ZipCode
from territorial.domain.attribute import normalise_attributes
from territorial.domain.entity import Account, Contact, Organisation

# Share of firms per channel, and the relative size of a typical firm of each.
CHANNEL_SHARES = {"wirehouse": 0.02, "ibd": 0.30, "ria": 0.50, "bank": 0.12, "insurance": 0.06}
CHANNEL_SIZES = {"wirehouse": 25.0, "ibd": 6.0, "ria": 1.5, "bank": 5.0, "insurance": 3.0}
# Typical advisors per branch in each channel, as relative weights.
ADVISORS_PER_BRANCH = {"wirehouse": 12.0, "ibd": 4.0, "ria": 3.0, "bank": 3.0, "insurance": 4.0}

# One branch in this many has no address in the CRM, so its money is unassigned in US Retail.
BLANK_ADDRESS_EVERY = 250

OMNIBUS_SHARE = 0.05

RETAIL_REGISTRATIONS = {
    "individual": ("Individual", 30),
    "joint": ("Joint", 18),
    "ira": ("IRA", 28),
    "roth_ira": ("Roth IRA", 8),
    "trust": ("Trust", 8),
    "custodial": ("UTMA Custodial", 4),
    "529_plan": ("529 Plan", 4),
}

# The omnibus registrations found at firms of each channel, with weights.
OMNIBUS_REGISTRATIONS = {
    "wirehouse": (("platform_omnibus", 7), ("retirement_plan", 3)),
    "ibd": (("platform_omnibus", 7), ("retirement_plan", 3)),
    "ria": (("platform_omnibus", 1),),
    "bank": (("platform_omnibus", 4), ("retirement_plan", 6)),
    "insurance": (("insurance_separate_account", 8), ("retirement_plan", 2)),
}
OMNIBUS_LABELS = {
    "platform_omnibus": "Platform Omnibus",
    "retirement_plan": "Retirement Plan Omnibus",
    "insurance_separate_account": "Insurance Separate Account",
}


# Domicile states of omnibus accounts; repeats weight the financial centres.
_DOMICILE_STATES = ("NY",) * 6 + ("MA",) * 3 + ("CA",) * 3 + ("IL",) * 2 + ("TX",) * 2 + (
    "PA", "NJ", "CT", "FL", "GA", "NC", "OH", "MN", "MO", "CO", "AZ", "WA", "WI", "DE",
)


@dataclass(frozen=True)
class Firms:
    """The firm organisations with the relative size of each, in the same order."""

    organisations: list[Organisation]
    sizes: list[float]


def firms(count: int, rng: random.Random, year: int) -> Firms:
    """Create `count` firms with channels in the shares of CHANNEL_SHARES, at least one of each."""
    channels = _channel_quota(count)
    rng.shuffle(channels)
    used_names: set[str] = set()
    organisations: list[Organisation] = []
    sizes: list[float] = []
    for number, channel in enumerate(channels, start=1):
        attributes = normalise_attributes({"channel": channel, "country": "US"})
        name = firm_name(rng, channel, used_names)
        organisations.append(Organisation(f"F{number:04d}", name, None, attributes, year_period(year)))
        # A Pareto tail gives a few very large firms in each channel, as in the industry.
        sizes.append(CHANNEL_SIZES[channel] * min(rng.paretovariate(1.3), 40.0))
    return Firms(organisations, sizes)


def _channel_quota(count: int) -> list[str]:
    """Return `count` channels: one of each, the rest shared by largest remainder."""
    base = {channel: 1 for channel in CHANNEL_SHARES}
    rest = count - len(base)
    exact = {channel: share * rest for channel, share in CHANNEL_SHARES.items()}
    for channel, value in exact.items():
        base[channel] += int(value)
    by_remainder = sorted(exact, key=lambda c: (int(exact[c]) - exact[c], c))
    for channel in by_remainder[: count - sum(base.values())]:
        base[channel] += 1
    return [channel for channel, number in base.items() for _ in range(number)]


def branches(
    count: int,
    firm_list: Firms,
    addresses: Sequence[ZipCode],
    featured: Sequence[ZipCode],
    staffed: int,
    rng: random.Random,
    year: int,
) -> list[Organisation]:
    """Create `count` branches: one per firm first, the rest by firm size.

    Among the first `staffed` branches, which are sure to get an advisor, a few
    have a blank ZIP code and state, as CRM records without an address do, and
    one branch is placed at each `featured` address.
    """
    firm_orgs = firm_list.organisations
    owners = list(range(len(firm_orgs)))
    owners += rng.choices(owners, weights=firm_list.sizes, k=count - len(owners))
    blank_count = max(1, count // BLANK_ADDRESS_EVERY)
    special = rng.sample(range(min(count, staffed)), min(count, staffed, blank_count + len(featured)))
    blank = set(special[:blank_count])
    placed = dict(zip(special[blank_count:], featured))
    result: list[Organisation] = []
    for index, owner in enumerate(owners):
        firm = firm_orgs[owner]
        branch_id = f"B{index + 1:05d}"
        if index in blank:
            attributes = {"zip": None, "state": None, "country": "US"}
            name = f"{firm.name}, branch {branch_id[1:]}"
        else:
            address = placed.get(index) or rng.choice(addresses)
            attributes = {"zip": address.code, "state": address.state, "country": "US"}
            name = f"{firm.name}, {address.city}"
        result.append(Organisation(branch_id, name, firm.id, normalise_attributes(attributes), year_period(year)))
    return result


def advisors(
    count: int, branch_list: list[Organisation], firm_list: Firms, rng: random.Random, year: int
) -> list[Contact]:
    """Create `count` advisors: the first one per branch in order, the rest by branch size."""
    channel_of = {f.id: f.attributes["channel"] or "" for f in firm_list.organisations}
    weights = [ADVISORS_PER_BRANCH[channel_of[b.parent_id or ""]] * rng.uniform(0.5, 1.5) for b in branch_list]
    homes = list(range(min(count, len(branch_list))))
    homes += rng.choices(range(len(branch_list)), weights=weights, k=count - len(homes))
    crd_numbers = rng.sample(range(1_000_000, 10_000_000), count)
    return [
        Contact(
            f"C{index + 1:06d}",
            person_name(rng),
            branch_list[home].id,
            normalise_attributes({"crd": str(crd_numbers[index])}),
            year_period(year),
        )
        for index, home in enumerate(homes)
    ]


def accounts(
    count: int, advisor_list: list[Contact], firm_list: Firms, rng: random.Random, year: int
) -> list[Account]:
    """Create `count` accounts: about 5% omnibus accounts at firms, the rest under advisors."""
    omnibus = set(rng.sample(range(count), round(count * OMNIBUS_SHARE)))
    # Advisors' books vary a lot in size; a log-normal weight gives a long tail.
    books = [rng.lognormvariate(0.0, 0.8) for _ in advisor_list]
    owners = rng.choices(range(len(advisor_list)), weights=books, k=count)
    result: list[Account] = []
    for index in range(count):
        account_id = f"A{index + 1:07d}"
        if index in omnibus:
            result.append(_omnibus_account(account_id, firm_list, rng, year))
        else:
            result.append(_retail_account(account_id, advisor_list[owners[index]], rng, year))
    return result


def _retail_account(account_id: str, advisor: Contact, rng: random.Random, year: int) -> Account:
    codes = list(RETAIL_REGISTRATIONS)
    registration = rng.choices(codes, weights=[RETAIL_REGISTRATIONS[c][1] for c in codes])[0]
    name = f"{rng.choice(LAST_NAMES)} {RETAIL_REGISTRATIONS[registration][0]}"
    attributes = normalise_attributes({"client_type": "retail", "registration": registration})
    return Account(account_id, name, advisor.id, advisor.organisation_id, False, attributes, year_period(year))


def _omnibus_account(account_id: str, firm_list: Firms, rng: random.Random, year: int) -> Account:
    firm = rng.choices(firm_list.organisations, weights=firm_list.sizes)[0]
    options = OMNIBUS_REGISTRATIONS[firm.attributes["channel"] or ""]
    registration = rng.choices([o[0] for o in options], weights=[o[1] for o in options])[0]
    attributes = normalise_attributes({
        "client_type": "platform" if registration == "platform_omnibus" else "institutional",
        "registration": registration,
        "domicile_state": rng.choice(_DOMICILE_STATES),
    })
    name = f"{firm.name} {OMNIBUS_LABELS[registration]}"
    return Account(account_id, name, None, firm.id, True, attributes, year_period(year))

