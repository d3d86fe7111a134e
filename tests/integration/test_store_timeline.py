"""Bitemporal writes: replacing timelines, portion updates, corrections and reads at earlier recorded times."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import Engine, func, select

from territorial.domain.coverage import CoverageTeam, TeamMember
from territorial.domain.override import Override, OverrideStatus, OverrideTarget
from territorial.domain.period import ValidPeriod
from territorial.domain.territory import Territory
from territorial.errors import DomainError
from territorial.store import (
    MasterDataKind,
    UnitOfWork,
    list_keys,
    load_master_data,
    save_override,
    save_team,
    save_teams,
    save_territories,
)
from territorial.store.schema import metadata, territory

JAN = date(2025, 1, 1)
MAR = date(2025, 3, 1)
APR = date(2025, 4, 1)
JUL = date(2025, 7, 1)


def boston(name: str, valid_from: date = JAN, valid_to: date | None = None) -> Territory:
    return Territory("NE-01", name, parent="EAST", period=ValidPeriod(valid_from, valid_to))


def team(valid_from: date, valid_to: date | None, *members: tuple[str, str, str]) -> CoverageTeam:
    return CoverageTeam(
        "US_RETAIL",
        "NE-01",
        tuple(TeamMember(person, role, Decimal(split)) for person, role, split in members),
        ValidPeriod(valid_from, valid_to),
    )


def timeline(engine: Engine, code: str = "NE-01") -> list[tuple[str, date, date | None]]:
    versions = load_master_data(engine).territories[code].items
    return [(t.name, t.period.valid_from, t.period.valid_to) for t in versions]


def row_counts(engine: Engine) -> dict[str, int]:
    """Count the rows of every table except the audit trail, which every change adds to."""
    with engine.connect() as connection:
        return {
            name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in metadata.tables.items()
            if name != "audit_entry"
        }


def territory_rows(engine: Engine) -> list[tuple[int, str, datetime, datetime | None]]:
    columns = [territory.c.row_id, territory.c.name, territory.c.recorded_at, territory.c.superseded_at]
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(select(*columns).order_by(territory.c.row_id))]


def test_portion_update_splits_the_open_interval(store: Engine) -> None:
    with UnitOfWork(store) as uow:
        save_territories(uow, [boston("X")])

    with UnitOfWork(store) as uow:
        summary = uow.territories.assert_versions([boston("Y", MAR, APR)])

    assert timeline(store) == [("X", JAN, MAR), ("Y", MAR, APR), ("X", APR, None)]
    assert (summary.superseded_rows, summary.inserted_rows) == (1, 3)


def test_open_ended_portion_update_closes_old_version(store: Engine) -> None:
    with UnitOfWork(store) as uow:
        save_territories(uow, [boston("X")])

    with UnitOfWork(store) as uow:
        uow.territories.assert_versions([boston("Y", MAR)])

    assert timeline(store) == [("X", JAN, MAR), ("Y", MAR, None)]


def test_portion_update_covering_several_versions_replaces_them(store: Engine) -> None:
    with UnitOfWork(store) as uow:
        save_territories(uow, [boston("X", JAN, MAR), boston("Y", MAR, APR), boston("Z", APR)])

    with UnitOfWork(store) as uow:
        uow.territories.assert_versions([boston("W", date(2025, 2, 1), JUL)])

    assert timeline(store) == [("X", JAN, date(2025, 2, 1)), ("W", date(2025, 2, 1), JUL), ("Z", JUL, None)]


def test_portion_update_with_unchanged_content_writes_nothing(store: Engine) -> None:
    with UnitOfWork(store) as uow:
        save_territories(uow, [boston("X")])
    before = territory_rows(store)

    with UnitOfWork(store) as uow:
        summary = uow.territories.assert_versions([boston("X", MAR, APR)])

    assert (summary.superseded_rows, summary.inserted_rows) == (0, 0)
    assert territory_rows(store) == before


def test_portion_update_of_a_new_key_inserts_it(store: Engine) -> None:
    with UnitOfWork(store) as uow:
        uow.territories.assert_versions([boston("Y", MAR, APR)])

    assert timeline(store) == [("Y", MAR, APR)]


def test_team_portion_update_keeps_members_grouped_by_version(store: Engine) -> None:
    with UnitOfWork(store) as uow:
        save_teams(uow, [team(JAN, None, ("p1", "primary", "60"), ("p2", "secondary", "40"))])

    with UnitOfWork(store) as uow:
        save_team(uow, team(MAR, APR, ("p1", "primary", "100")))

    versions = load_master_data(store).teams[("US_RETAIL", "NE-01")].items
    assert [v.period for v in versions] == [ValidPeriod(JAN, MAR), ValidPeriod(MAR, APR), ValidPeriod(APR)]
    assert [[(m.person_id, m.split) for m in v.members] for v in versions] == [
        [("p1", Decimal("60.00")), ("p2", Decimal("40.00"))],
        [("p1", Decimal("100.00"))],
        [("p1", Decimal("60.00")), ("p2", Decimal("40.00"))],
    ]


def test_saving_the_same_timeline_again_writes_nothing(store: Engine) -> None:
    with UnitOfWork(store) as uow:
        save_territories(uow, [boston("X", JAN, MAR), boston("Y", MAR)])
        save_teams(uow, [team(JAN, None, ("p1", "primary", "60"), ("p2", "secondary", "40"))])
    before = row_counts(store)

    with UnitOfWork(store) as uow:
        territories = save_territories(uow, [boston("X", JAN, MAR), boston("Y", MAR)])
        teams = save_teams(uow, [team(JAN, None, ("p2", "secondary", "40.00"), ("p1", "primary", "60"))])

    assert (territories.superseded_rows, territories.inserted_rows) == (0, 0)
    assert (teams.superseded_rows, teams.inserted_rows) == (0, 0)
    assert row_counts(store) == before


def test_replacing_a_timeline_leaves_unchanged_rows_untouched(store: Engine) -> None:
    with UnitOfWork(store) as uow:
        save_territories(uow, [boston("X", JAN, MAR), boston("Y", MAR)])
    first_row = territory_rows(store)[0]

    with UnitOfWork(store) as uow:
        summary = save_territories(uow, [boston("X", JAN, MAR), boston("Z", MAR)])

    assert territory_rows(store)[0] == first_row
    assert (summary.superseded_rows, summary.inserted_rows) == (1, 1)
    assert timeline(store) == [("X", JAN, MAR), ("Z", MAR, None)]


def test_correction_deletes_no_rows(store: Engine) -> None:
    with UnitOfWork(store) as uow:
        save_territories(uow, [boston("X")])
        save_teams(uow, [team(JAN, None, ("p1", "primary", "60"), ("p2", "secondary", "40"))])
    before = row_counts(store)

    with UnitOfWork(store) as uow:
        uow.territories.assert_versions([boston("Y", MAR, APR)])
        save_teams(uow, [team(JAN, None, ("p1", "primary", "50"), ("p2", "secondary", "50"))])

    after = row_counts(store)
    assert after["territory"] == before["territory"] + 3
    assert after["coverage_team_member"] == before["coverage_team_member"] + 2


def test_correction_only_sets_superseded_at(store: Engine) -> None:
    with UnitOfWork(store) as uow:
        save_territories(uow, [boston("X")])
    (row_id, name, recorded_at, superseded_at) = territory_rows(store)[0]

    with UnitOfWork(store) as uow:
        save_territories(uow, [boston("Y")])

    old = territory_rows(store)[0]
    assert old[:3] == (row_id, name, recorded_at)
    assert superseded_at is None
    assert old[3] == uow.recorded_at


def test_earlier_known_at_reads_what_was_known(store: Engine) -> None:
    with UnitOfWork(store) as uow:
        save_territories(uow, [boston("X")])
    first = uow.recorded_at
    with UnitOfWork(store) as uow:
        uow.territories.assert_versions([boston("Y", MAR, APR)])
    second = uow.recorded_at

    then = load_master_data(store, known_at=first)
    now = load_master_data(store, known_at=second)
    before_anything = load_master_data(store, known_at=first.replace(year=2000))

    assert [t.name for t in then.territories["NE-01"].items] == ["X"]
    assert [t.name for t in now.territories["NE-01"].items] == ["X", "Y", "X"]
    assert before_anything.territories == {}


def test_naive_known_at_is_rejected(store: Engine) -> None:
    with pytest.raises(ValueError) as raised:
        load_master_data(store, known_at=datetime(2025, 1, 1, 12, 0))

    assert "timezone-aware" in str(raised.value)


def test_overlapping_versions_are_rejected_naming_key_and_periods(store: Engine) -> None:
    with UnitOfWork(store) as uow:
        save_territories(uow, [boston("X")])
    before = territory_rows(store)

    with pytest.raises(DomainError) as raised:
        with UnitOfWork(store) as uow:
            save_territories(uow, [boston("Y", JAN, APR), boston("Z", MAR)])

    message = str(raised.value)
    assert "territory 'NE-01'" in message
    assert "[2025-01-01, 2025-04-01)" in message
    assert "[2025-03-01, open)" in message
    assert territory_rows(store) == before


def test_versions_starting_on_the_same_day_are_rejected(store: Engine) -> None:
    with pytest.raises(DomainError) as raised:
        with UnitOfWork(store) as uow:
            save_territories(uow, [boston("Y", MAR, APR), boston("Z", MAR)])

    assert "overlap" in str(raised.value)


def test_overlapping_portion_updates_of_one_key_are_rejected(store: Engine) -> None:
    with pytest.raises(DomainError) as raised:
        with UnitOfWork(store) as uow:
            uow.territories.assert_versions([boston("Y", JAN, APR), boston("Z", MAR, JUL)])

    assert "territory 'NE-01'" in str(raised.value)


def test_overlapping_team_versions_name_the_composite_key(store: Engine) -> None:
    with pytest.raises(DomainError) as raised:
        with UnitOfWork(store) as uow:
            save_teams(uow, [team(JAN, None, ("p1", "primary", "100")), team(MAR, None, ("p2", "primary", "100"))])

    assert "coverage team 'US_RETAIL', 'NE-01'" in str(raised.value)


def test_retract_supersedes_every_current_row(store: Engine) -> None:
    with UnitOfWork(store) as uow:
        save_territories(uow, [boston("X", JAN, MAR), boston("Y", MAR), Territory("EAST", "East")])
    before = row_counts(store)

    with UnitOfWork(store) as uow:
        summary = uow.territories.retract(["NE-01"])

    assert summary.superseded_rows == 2
    assert row_counts(store) == before
    assert list(load_master_data(store).territories) == ["EAST"]


def test_list_keys_returns_keys_with_current_rows(store: Engine) -> None:
    with UnitOfWork(store) as uow:
        save_territories(uow, [boston("X", JAN, MAR), Territory("EAST", "East"), Territory("GONE", "Gone")])
        save_teams(uow, [team(JAN, None, ("p1", "primary", "100"))])
    with UnitOfWork(store) as uow:
        uow.territories.retract(["GONE"])

    with UnitOfWork(store) as uow:
        territories = list_keys(uow, MasterDataKind.TERRITORY)
        teams = list_keys(uow, "coverage_team")
        accounts = list_keys(uow, MasterDataKind.ACCOUNT)

    assert territories == ["EAST", "NE-01"]
    assert teams == [("US_RETAIL", "NE-01")]
    assert accounts == []


def test_override_states_stay_readable_at_their_recorded_times(store: Engine) -> None:
    requested = Override(
        "OV-7", OverrideTarget.ACCOUNT, "A-9", "US_RETAIL", "RIA", "Moved to RIA desk", "p2", period=ValidPeriod(MAR)
    )
    approved = Override(**{**vars(requested), "status": OverrideStatus.APPROVED, "decided_by": "p1"})
    reversed_ = Override(**{**vars(approved), "status": OverrideStatus.REVERSED, "reversed_from": JUL})
    recorded: list[datetime] = []
    for state in (requested, approved, reversed_):
        with UnitOfWork(store) as uow:
            save_override(uow, state)
        recorded.append(uow.recorded_at)

    key = ("US_RETAIL", OverrideTarget.ACCOUNT, "A-9")
    states = [load_master_data(store, known_at=moment).overrides[key] for moment in recorded]

    assert states == [[requested], [approved], [reversed_]]
    assert row_counts(store)["override"] == 3
