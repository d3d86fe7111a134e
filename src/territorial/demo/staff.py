"""The salespeople of the demo book and the coverage teams they sit on."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from territorial.demo.names import person_name
from territorial.domain.coverage import CoverageTeam, Person, TeamMember
from territorial.domain.period import ValidPeriod


class Staff:
    """Hires people with ids W0001, W0002, ... in the order they are needed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.people: list[Person] = []
        self._names: set[str] = set()

    def hire(self) -> Person:
        name = person_name(self.rng)
        while name in self._names:
            name = person_name(self.rng)
        self._names.add(name)
        email = name.lower().replace(" ", ".") + "@example.com"
        person = Person(id=f"W{len(self.people) + 1:04d}", name=name, email=email)
        self.people.append(person)
        return person


def percent(text: str) -> Decimal:
    """Return a split percentage with exactly two decimals, e.g. percent("70") is 70.00."""
    return Decimal(text).quantize(Decimal("0.01"))


def team(
    coverage_model: str,
    territory: str,
    members: list[tuple[Person, str, str]],
    period: ValidPeriod,
) -> CoverageTeam:
    """Build a coverage team from (person, role, split percentage) triples."""
    return CoverageTeam(
        coverage_model=coverage_model,
        territory=territory,
        members=tuple(TeamMember(person.id, role, percent(split)) for person, role, split in members),
        period=period,
    )


def year_period(year: int) -> ValidPeriod:
    """Return the open-ended period from 1 January of `year`."""
    return ValidPeriod(date(year, 1, 1))
