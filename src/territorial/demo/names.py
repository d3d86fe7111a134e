"""Invented names for the demo book: people, firms and funds.

Every name here is made up. Any likeness to a real person or firm is chance.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

FIRST_NAMES = (
    "Aaron", "Abigail", "Adrian", "Aisha", "Alan", "Alicia", "Amir", "Ana", "Andre", "Beatriz",
    "Benjamin", "Bianca", "Brendan", "Camille", "Carlos", "Caroline", "Chen", "Claire", "Daniel",
    "Daria", "Deepak", "Diane", "Eduardo", "Elena", "Elliot", "Emeka", "Esther", "Farah", "Felix",
    "Fiona", "Gabriel", "Grace", "Hannah", "Hector", "Helen", "Ian", "Ines", "Isaac", "Jamal",
    "Jane", "Jasmine", "Javier", "Julia", "Kenji", "Kevin", "Laura", "Leon", "Lucia", "Malik",
    "Margaret", "Mateo", "Maya", "Michael", "Nadia", "Nathan", "Nina", "Omar", "Olivia", "Patrick",
    "Priya", "Rachel", "Rafael", "Rebecca", "Ryan", "Samuel", "Sara", "Sean", "Sofia", "Tariq",
    "Teresa", "Thomas", "Valerie", "Victor", "Wei", "Yusuf", "Zoe",
)

LAST_NAMES = (
    "Abbott", "Achebe", "Alvarez", "Andersen", "Baptiste", "Becker", "Bianchi", "Brennan",
    "Carvalho", "Castillo", "Chandra", "Choi", "Costa", "Dalton", "Delgado", "Dubois", "Eriksen",
    "Esposito", "Farrell", "Fischer", "Flores", "Gallagher", "Garrido", "Gupta", "Haddad",
    "Hartley", "Hoffman", "Ibarra", "Iyer", "Jansen", "Kaplan", "Kato", "Keller", "Kowalski",
    "Lambert", "Larsen", "Lindqvist", "Lopez", "Mahoney", "Marino", "Mbeki", "Mendoza", "Moreau",
    "Nakamura", "Novak", "Nwosu", "Okafor", "Olsen", "Ortega", "Park", "Petrov", "Quinn",
    "Ramirez", "Reyes", "Rossi", "Sandoval", "Schneider", "Shah", "Sullivan", "Tanaka", "Torres",
    "Vance", "Varga", "Vasquez", "Wagner", "Walsh", "Weber", "Whitfield", "Yamamoto", "Zhang",
)

PLACE_WORDS = (
    "Alder", "Anchor", "Ashford", "Beacon", "Birch", "Blue Ridge", "Bridgewater", "Cedar",
    "Clearwater", "Copper", "Crestview", "Eastgate", "Evergreen", "Fairhaven", "Falcon", "Granite",
    "Harbor", "Hawthorne", "Heritage", "Highland", "Ironwood", "Juniper", "Keystone", "Lakeshore",
    "Laurel", "Liberty", "Maple", "Meridian", "Millbrook", "Northstar", "Oakmont", "Pinnacle",
    "Prairie", "Red Rock", "Riverbend", "Sagebrush", "Silverline", "Stonebridge", "Summit",
    "Sycamore", "Tidewater", "Trailhead", "Union Square", "Westfield", "Willow", "Windward",
)

# Name patterns per distribution channel; {place} and {last}/{other} are filled in.
FIRM_PATTERNS = {
    "wirehouse": ("{last} {other} & Co.", "{last} Brothers Securities", "{place} {last} Inc."),
    "ibd": ("{place} Financial Network", "{last} Securities", "{place} Investment Services"),
    "ria": ("{place} Wealth Partners", "{last} Capital Advisors", "{last} & {other} Wealth"),
    "bank": ("{place} National Bank", "First {place} Bank", "{place} Trust Company"),
    "insurance": ("{place} Life Financial", "{last} Mutual Insurance", "{place} Annuity Group"),
}


@dataclass(frozen=True)
class Fund:
    """One invented fund of the demo fund family."""

    code: str
    name: str
    vehicle: str
    popularity: int


# Twenty funds of an invented family; popularity is a relative weight of trade counts.
FUNDS = (
    Fund("LCG", "Large Cap Growth Fund", "mutual_fund", 14),
    Fund("LCV", "Large Cap Value Fund", "mutual_fund", 10),
    Fund("MCC", "Mid Cap Core Fund", "mutual_fund", 6),
    Fund("SCV", "Small Cap Value Fund", "mutual_fund", 4),
    Fund("INTL", "International Equity Fund", "mutual_fund", 6),
    Fund("EMEQ", "Emerging Markets Equity Fund", "mutual_fund", 3),
    Fund("DIVI", "Dividend Income Fund", "mutual_fund", 7),
    Fund("BAL", "Balanced Allocation Fund", "mutual_fund", 8),
    Fund("CBF", "Core Bond Fund", "mutual_fund", 9),
    Fund("MUNI", "National Municipal Bond Fund", "mutual_fund", 6),
    Fund("HYB", "High Yield Bond Fund", "mutual_fund", 4),
    Fund("STB", "Short Term Bond Fund", "mutual_fund", 4),
    Fund("TR30", "Target Retirement 2030 Fund", "mutual_fund", 3),
    Fund("TR50", "Target Retirement 2050 Fund", "mutual_fund", 3),
    Fund("USQ", "US Quality Equity ETF", "etf", 5),
    Fund("DIVX", "Dividend Growth ETF", "etf", 3),
    Fund("ULTB", "Ultra Short Bond ETF", "etf", 3),
    Fund("MUNX", "Municipal Income ETF", "etf", 2),
    Fund("SMA-LCG", "Large Cap Growth Separate Account", "sma", 1),
    Fund("SMA-MUNI", "Municipal Ladder Separate Account", "sma", 1),
)


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def firm_name(rng: random.Random, channel: str, used_names: set[str]) -> str:
    """Invent a firm name for `channel` that is not in `used_names`, and add it there."""
    for _ in range(50):
        name = rng.choice(FIRM_PATTERNS[channel]).format(
            place=rng.choice(PLACE_WORDS), last=rng.choice(LAST_NAMES), other=rng.choice(LAST_NAMES)
        )
        if name not in used_names:
            used_names.add(name)
            return name
    # Only very large books run out of combinations; a number keeps the name unique.
    name = f"{name} {len(used_names) + 1}"
    used_names.add(name)
    return name
