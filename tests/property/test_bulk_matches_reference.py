"""The bulk engine and the reference path agree on every territory, conflict, reason and cent."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings

from territorial.engine.duckdb_backend import DuckDBBackend
from tests.engine.compare import assignment_differences, interval_differences, placement_differences
from tests.property.books import DAYS, books

# DuckDB set-up dominates each example, so examples are few in the default suite; the
# "ci" and "thorough" profiles in conftest.py change the count.
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(books())
def test_attribution_matches_reference(book) -> None:  # type: ignore[no-untyped-def]
    data, facts = book
    backend = DuckDBBackend(threads=1)
    try:
        assert placement_differences(data, facts, backend) == []
    finally:
        backend.close()


@SETTINGS
@given(books())
def test_assignment_matches_reference(book) -> None:  # type: ignore[no-untyped-def]
    data, _ = book
    for day in (DAYS[0], DAYS[2], date(2025, 12, 31)):
        backend = DuckDBBackend(threads=1)
        try:
            assert assignment_differences(data, day, backend) == []
        finally:
            backend.close()


@SETTINGS
@given(books())
def test_intervals_match_reference(book) -> None:  # type: ignore[no-untyped-def]
    data, _ = book
    backend = DuckDBBackend(threads=1)
    try:
        assert interval_differences(data, [*DAYS, date(2025, 4, 30), date(2025, 12, 31)], backend) == []
    finally:
        backend.close()
