"""The US Retail coverage model of the demo book: wholesaler territories on ZIP codes.

Four regions under the root US split the ZIP prefixes by their first digit, the
way the USPS numbers them from the Northeast to the West. Within a region the
prefixes are cut into contiguous runs with a similar number of branch-address
ZIP codes, and each run becomes a territory with one `zip range` rule per
contiguous range (priority 10). Four rural territories are drawn by state
(priority 20). A ZIP range beats a state rule, which matters on the prefix 834:
it is Idaho except for Alta, Wyoming, so Alta goes to an Idaho territory rather
than to the Northern Plains.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from territorial.demo.staff import Staff, team, year_period
from territorial.demo.zip_universe import PrefixBlock
from territorial.domain.coverage import CoverageModel, CoverageTeam
from territorial.domain.period import ValidPeriod
from territorial.domain.rule import AttributeRule, Condition
from territorial.domain.territory import Territory, TerritoryKind

MODEL = "US_RETAIL"
ROOT = "US"
ZIP_PRIORITY = 10
STATE_PRIORITY = 20
ZIP_TERRITORY_COUNT = 36


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    first_digits: str


REGIONS = (
    Region("NE", "Northeast", "01"),
    Region("SE", "Southeast", "23"),
    Region("CE", "Central", "456"),
    Region("WE", "West", "789"),
)


@dataclass(frozen=True)
class StateTerritory:
    """A rural territory drawn by state rather than by ZIP range."""

    code: str
    name: str
    region: str
    states: tuple[str, ...]


STATE_TERRITORIES = (
    StateTerritory("NE_NNE", "Northern New England", "NE", ("ME", "NH", "VT")),
    StateTerritory("SE_CARIB", "Puerto Rico and US Virgin Islands", "SE", ("PR", "VI")),
    StateTerritory("CE_PLAINS", "Northern Plains", "CE", ("MT", "ND", "SD", "WY")),
    StateTerritory("WE_PACIFIC", "Alaska and Hawaii", "WE", ("AK", "HI")),
)
STATE_RULE_STATES = frozenset(s for t in STATE_TERRITORIES for s in t.states)

# Deliberate conflicts, as a real rule set has them: the later territory of each pair
# (region, position from 1) also claims the last prefix of the territory before it,
# at the same priority, so facts there resolve to a conflict.
OVERLAPS = (("NE", 3), ("WE", 6))

# The territory whose external wholesaler changes on 1 July, at this position in the
# list of US Retail territories.
TEAM_CHANGE_POSITION = 5


@dataclass(frozen=True)
class ZipTerritory:
    """A territory drawn on ZIP prefixes, with its contiguous (low, high) ranges."""

    code: str
    region: str
    blocks: tuple[PrefixBlock, ...]
    ranges: tuple[tuple[str, str], ...]


def coverage_model(year: int) -> CoverageModel:
    return CoverageModel(MODEL, "US Retail", period=year_period(year))


def plan_zip_territories(blocks: Sequence[PrefixBlock]) -> list[ZipTerritory]:
    """Cut the ZIP prefixes of each region into territories of similar size."""
    eligible = [b for b in blocks if _eligible(b)]
    by_region = {r.code: [b for b in eligible if b.prefix[0] in r.first_digits] for r in REGIONS}
    counts = _territories_per_region(by_region)
    planned: list[ZipTerritory] = []
    for region in REGIONS:
        runs = _cut(by_region[region.code], counts[region.code])
        for position, run in enumerate(runs, start=1):
            code = f"{region.code}{position:02d}"
            planned.append(ZipTerritory(code, region.code, tuple(run), ()))
    return _with_ranges(planned, blocks)


def _eligible(block: PrefixBlock) -> bool:
    """Return whether a prefix gets a ZIP range: it does unless all its coverable ZIP codes are in state-rule states."""
    return any(state not in STATE_RULE_STATES for state in block.states)


def _territories_per_region(by_region: dict[str, list[PrefixBlock]]) -> dict[str, int]:
    """Share the ZIP territories among regions by address count, largest remainder first."""
    sizes = {code: sum(b.address_count for b in blocks) for code, blocks in by_region.items()}
    total = sum(sizes.values())
    exact = {code: size * ZIP_TERRITORY_COUNT / total for code, size in sizes.items()}
    counts = {code: int(value) for code, value in exact.items()}
    by_remainder = sorted(exact, key=lambda code: (counts[code] - exact[code], code))
    for code in by_remainder[: ZIP_TERRITORY_COUNT - sum(counts.values())]:
        counts[code] += 1
    return counts


def _cut(blocks: list[PrefixBlock], count: int) -> list[list[PrefixBlock]]:
    """Split `blocks` in order into `count` runs; each block goes where its midpoint falls."""
    total = sum(b.address_count for b in blocks)
    runs: list[list[PrefixBlock]] = [[] for _ in range(count)]
    cumulative = 0
    for block in blocks:
        midpoint = cumulative + block.address_count / 2
        runs[min(count - 1, int(midpoint * count / total))].append(block)
        cumulative += block.address_count
    if any(not run for run in runs):
        raise RuntimeError("a demo territory got no ZIP prefix; lower ZIP_TERRITORY_COUNT")
    return runs


def _with_ranges(planned: list[ZipTerritory], blocks: Sequence[PrefixBlock]) -> list[ZipTerritory]:
    """Merge each territory's consecutive prefixes into ranges.

    A range stops where a used prefix belongs elsewhere (another territory or a state
    rule) or to no territory. Unused prefixes do not stop a range, so they are covered too.
    """
    owner = {b.prefix: t.code for t in planned for b in t.blocks}
    ranges: dict[str, list[tuple[str, str]]] = {t.code: [] for t in planned}
    current: str | None = None
    for block in blocks:
        territory = owner.get(block.prefix)
        if territory is not None and territory == current:
            low, _ = ranges[territory][-1]
            ranges[territory][-1] = (low, block.high)
        elif territory is not None:
            ranges[territory].append((block.low, block.high))
        current = territory
    return [replace(t, ranges=tuple(ranges[t.code])) for t in planned]


def territories(planned: list[ZipTerritory], year: int) -> list[Territory]:
    """Return the root, the regions and the territories of US Retail."""
    period = year_period(year)
    tree = [Territory(ROOT, "United States", TerritoryKind.GEOGRAPHIC, "division", None, period)]
    tree += [
        Territory(r.code, r.name, TerritoryKind.GEOGRAPHIC, "region", ROOT, period) for r in REGIONS
    ]
    used_names: set[str] = set()
    for zip_territory in planned:
        name = _territory_name(zip_territory, used_names)
        tree.append(
            Territory(zip_territory.code, name, TerritoryKind.GEOGRAPHIC, "territory", zip_territory.region, period)
        )
    for state_territory in STATE_TERRITORIES:
        name = f"{state_territory.name} ({', '.join(state_territory.states)})"
        tree.append(
            Territory(state_territory.code, name, TerritoryKind.GEOGRAPHIC, "territory", state_territory.region, period)
        )
    return tree


def _territory_name(zip_territory: ZipTerritory, used_names: set[str]) -> str:
    """Name a territory after its city with the most address ZIP codes, and its main states."""
    cities = Counter(z.city for b in zip_territory.blocks for z in b.zips if z.address)
    states = Counter(z.state for b in zip_territory.blocks for z in b.zips if z.address)
    main_states = ", ".join(sorted(state for state, _ in states.most_common(3)))
    for city, _ in cities.most_common():
        name = f"{city} ({main_states})"
        if name not in used_names:
            used_names.add(name)
            return name
    return f"{zip_territory.code} ({main_states})"


def rules(planned: list[ZipTerritory], year: int) -> list[AttributeRule]:
    """Return the ZIP range rules, the deliberate overlaps and the state rules."""
    period = year_period(year)
    result: list[AttributeRule] = []
    for zip_territory in planned:
        for number, (low, high) in enumerate(zip_territory.ranges, start=1):
            result.append(_zip_rule(zip_territory.code, number, low, high, period))
    result += _overlap_rules(planned, period)
    for state_territory in STATE_TERRITORIES:
        condition = Condition.build("state", "in", state_territory.states)
        code = f"USR_{state_territory.code}_STATE"
        result.append(AttributeRule(code, MODEL, state_territory.code, STATE_PRIORITY, (condition,), period))
    return result


def _zip_rule(territory: str, number: int, low: str, high: str, period: ValidPeriod) -> AttributeRule:
    condition = Condition.build("zip", "range", (low, high))
    code = f"USR_{territory}_ZIP{number:02d}"
    return AttributeRule(code, MODEL, territory, ZIP_PRIORITY, (condition,), period)


def overlaps(planned: list[ZipTerritory]) -> list[tuple[ZipTerritory, PrefixBlock]]:
    """Return each deliberately overlapping territory with the prefix it claims from its neighbour."""
    by_code = {t.code: t for t in planned}
    claims: list[tuple[ZipTerritory, PrefixBlock]] = []
    for region, position in OVERLAPS:
        earlier = by_code[f"{region}{position - 1:02d}"]
        later = by_code[f"{region}{position:02d}"]
        claims.append((later, earlier.blocks[-1]))
    return claims


def _overlap_rules(planned: list[ZipTerritory], period: ValidPeriod) -> list[AttributeRule]:
    return [
        _zip_rule(later.code, len(later.ranges) + 1, claimed.low, claimed.high, period)
        for later, claimed in overlaps(planned)
    ]


def teams(codes: list[str], staff: Staff, rng: random.Random, year: int) -> list[CoverageTeam]:
    """Give each territory an external and an internal wholesaler; two get a three-person team.

    One territory changes its external wholesaler on 1 July, so it has two team versions.
    """
    three_person = set(rng.sample(codes, 2))
    changing = next(code for code in codes[TEAM_CHANGE_POSITION - 1 :] if code not in three_person)
    result: list[CoverageTeam] = []
    for code in codes:
        if code in three_person:
            result.append(_three_person_team(code, staff, year))
        else:
            result += _two_person_teams(code, staff, rng, year, changes_in_july=code == changing)
    return result


def _three_person_team(code: str, staff: Staff, year: int) -> CoverageTeam:
    external, hybrid, internal = staff.hire(), staff.hire(), staff.hire()
    members = [(external, "primary", "50.00"), (hybrid, "secondary", "33.33"), (internal, "internal", "16.67")]
    return team(MODEL, code, members, year_period(year))


def _two_person_teams(
    code: str, staff: Staff, rng: random.Random, year: int, *, changes_in_july: bool
) -> list[CoverageTeam]:
    external, internal = staff.hire(), staff.hire()
    external_split = rng.choice(("70", "60", "75", "80"))
    internal_split = str(100 - int(external_split))
    if not changes_in_july:
        members = [(external, "primary", external_split), (internal, "internal", internal_split)]
        return [team(MODEL, code, members, year_period(year))]
    change = date(year, 7, 1)
    successor = staff.hire()
    before = [(external, "primary", external_split), (internal, "internal", internal_split)]
    after = [(successor, "primary", external_split), (internal, "internal", internal_split)]
    return [
        team(MODEL, code, before, ValidPeriod(date(year, 1, 1), change)),
        team(MODEL, code, after, ValidPeriod(change)),
    ]
