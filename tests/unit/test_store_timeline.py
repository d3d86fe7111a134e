"""Timeline arithmetic of the store, without a database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from territorial.domain.period import ValidPeriod
from territorial.errors import DomainError
from territorial.store.timeline import Version, check_no_overlap, diff, overlay

JAN = date(2025, 1, 1)
FEB = date(2025, 2, 1)
MAR = date(2025, 3, 1)
APR = date(2025, 4, 1)
MAY = date(2025, 5, 1)


def version(name: str, valid_from: date, valid_to: date | None = None, row_id: int | None = None) -> Version:
    row_ids = (row_id,) if row_id is not None else ()
    return Version(ValidPeriod(valid_from, valid_to), ({"code": "NE-01", "name": name},), row_ids)


def shape(timeline: list[Version]) -> list[tuple[str, date, date | None]]:
    return [(v.rows[0]["name"], v.period.valid_from, v.period.valid_to) for v in timeline]


def test_overlay_inside_one_version_splits_it_in_three() -> None:
    timeline = [version("X", JAN, row_id=1)]

    result = overlay(timeline, version("Y", MAR, APR))

    assert shape(result) == [("X", JAN, MAR), ("Y", MAR, APR), ("X", APR, None)]
    assert [v.row_ids for v in result] == [(), (), ()]


def test_overlay_across_versions_trims_both_ends() -> None:
    timeline = [version("X", JAN, MAR, row_id=1), version("Y", MAR, MAY, row_id=2), version("Z", MAY, row_id=3)]

    result = overlay(timeline, version("W", FEB, APR))

    assert shape(result) == [("X", JAN, FEB), ("W", FEB, APR), ("Y", APR, MAY), ("Z", MAY, None)]
    assert result[-1].row_ids == (3,)


def test_overlay_covering_the_whole_timeline_replaces_it() -> None:
    timeline = [version("X", FEB, MAR, row_id=1), version("Y", MAR, APR, row_id=2)]

    result = overlay(timeline, version("W", JAN))

    assert shape(result) == [("W", JAN, None)]


def test_overlay_into_a_gap_keeps_the_gap_edges() -> None:
    timeline = [version("X", JAN, FEB, row_id=1), version("Y", APR, row_id=2)]

    result = overlay(timeline, version("W", MAR, APR))

    assert shape(result) == [("X", JAN, FEB), ("W", MAR, APR), ("Y", APR, None)]
    assert [v.row_ids for v in result] == [(1,), (), (2,)]


def test_overlay_of_same_content_changes_nothing() -> None:
    stored = version("X", JAN, row_id=1)

    result = overlay([stored], version("X", MAR, APR))

    assert shape(result) == [("X", JAN, None)]
    assert diff([stored], result).superseded_row_ids == []
    assert diff([stored], result).inserted == []


def test_overlay_merges_equal_touching_neighbour() -> None:
    timeline = [version("X", JAN, MAR, row_id=1), version("Y", MAR, row_id=2)]

    result = overlay(timeline, version("X", MAR, APR))

    assert shape(result) == [("X", JAN, APR), ("Y", APR, None)]


def test_diff_leaves_matching_versions_alone() -> None:
    current = [version("X", JAN, MAR, row_id=1), version("Y", MAR, row_id=2)]
    desired = [version("X", JAN, MAR), version("Z", MAR)]

    change = diff(current, desired)

    assert change.superseded_row_ids == [2]
    assert shape(change.inserted) == [("Z", MAR, None)]


def test_diff_matches_equal_decimals_and_any_row_order() -> None:
    period = ValidPeriod(JAN)
    stored = Version(
        period,
        ({"person_id": "p1", "split": Decimal("60.00")}, {"person_id": "p2", "split": Decimal("40.00")}),
        (1, 2),
    )
    wanted = Version(period, ({"person_id": "p2", "split": Decimal("40")}, {"person_id": "p1", "split": Decimal("60")}))

    change = diff([stored], [wanted])

    assert change.superseded_row_ids == []
    assert change.inserted == []


def test_diff_to_an_empty_timeline_supersedes_every_row() -> None:
    current = [version("X", JAN, MAR, row_id=1), version("Y", MAR, row_id=2)]

    change = diff(current, [])

    assert change.superseded_row_ids == [1, 2]


def test_adjacent_versions_do_not_overlap() -> None:
    check_no_overlap("territory 'NE-01'", [version("Y", MAR), version("X", JAN, MAR)])


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (version("X", JAN, APR), version("Y", MAR)),
        (version("X", MAR, APR), version("Y", MAR)),
        (version("X", JAN), version("Y", FEB, MAR)),
    ],
)
def test_overlapping_versions_raise_domain_error(first: Version, second: Version) -> None:
    with pytest.raises(DomainError) as raised:
        check_no_overlap("territory 'NE-01'", [second, first])

    assert "territory 'NE-01'" in str(raised.value)
    assert str(first.period) in str(raised.value)
    assert str(second.period) in str(raised.value)
