"""Units of work: all-or-nothing transactions with one strictly increasing recorded time."""

from __future__ import annotations

import hashlib
import threading
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select, update

from territorial.domain.coverage import Person
from territorial.domain.territory import Territory
from territorial.errors import DomainError
from territorial.store import (
    UnitOfWork,
    fact_batches,
    load_master_data,
    register_fact_batch,
    save_people,
    save_territories,
)
from territorial.store.schema import metadata, person, store_clock, territory


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in metadata.tables.items()
        }


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def register(uow: UnitOfWork, batch_id: str, content: str, row_count: int = 10) -> None:
    register_fact_batch(
        uow,
        batch_id=batch_id,
        kind="trades",
        path=f"facts/{batch_id}.parquet",
        row_count=row_count,
        first_date=date(2025, 3, 1),
        last_date=date(2025, 3, 31),
        sha256=digest(content),
    )


def load_clock(engine: Engine) -> datetime | None:
    with engine.connect() as connection:
        return connection.execute(select(store_clock.c.last_recorded_at)).scalar_one()


def test_failed_unit_leaves_store_unchanged(store: Engine) -> None:
    with UnitOfWork(store) as uow:
        save_territories(uow, [Territory("EAST", "East")])
    before = row_counts(store)
    clock_before = load_clock(store)

    with pytest.raises(RuntimeError):
        with UnitOfWork(store) as uow:
            save_territories(uow, [Territory("EAST", "East division"), Territory("WEST", "West")])
            save_people(uow, [Person("p1", "Ana Ruiz")])
            register(uow, "B-1", "march trades")
            raise RuntimeError("the feed was cut off halfway")

    assert row_counts(store) == before
    assert load_clock(store) == clock_before
    assert [t.name for t in load_master_data(store).territories["EAST"].items] == ["East"]


def test_one_unit_shares_one_recorded_at(store: Engine) -> None:
    with UnitOfWork(store) as uow:
        save_territories(uow, [Territory("EAST", "East"), Territory("WEST", "West")])
        save_people(uow, [Person("p1", "Ana Ruiz")])

    with store.connect() as connection:
        recorded = set(connection.execute(select(territory.c.recorded_at)).scalars())
        recorded |= set(connection.execute(select(person.c.recorded_at)).scalars())

    assert recorded == {uow.recorded_at}


def test_recorded_at_is_timezone_aware_utc(store: Engine) -> None:
    with UnitOfWork(store) as uow:
        save_people(uow, [Person("p1", "Ana Ruiz")])

    with store.connect() as connection:
        stored = connection.execute(select(person.c.recorded_at)).scalar_one()

    assert uow.recorded_at.tzinfo is UTC
    assert stored == uow.recorded_at
    assert stored.tzinfo is UTC


def test_units_in_quick_succession_get_increasing_recorded_times(store: Engine) -> None:
    moments = []

    for _ in range(20):
        with UnitOfWork(store) as uow:
            moments.append(uow.recorded_at)

    assert all(earlier < later for earlier, later in zip(moments, moments[1:]))


def test_clock_ahead_of_now_advances_one_tick(store: Engine) -> None:
    ahead = datetime.now(UTC) + timedelta(hours=1)
    with store.begin() as connection:
        connection.execute(update(store_clock).values(last_recorded_at=ahead))

    with UnitOfWork(store) as uow:
        recorded_at = uow.recorded_at

    assert recorded_at == ahead + timedelta(microseconds=1)


def test_writer_waits_for_the_unit_holding_the_store(store: Engine) -> None:
    second: list[datetime] = []

    def write_second() -> None:
        with UnitOfWork(store) as uow:
            second.append(uow.recorded_at)

    with UnitOfWork(store) as first:
        thread = threading.Thread(target=write_second)
        thread.start()
        time.sleep(0.3)
        waited = not second
        save_people(first, [Person("p1", "Ana Ruiz")])
    thread.join(timeout=10)

    assert waited
    assert second[0] > first.recorded_at


def test_unit_of_work_outside_its_block_raises(store: Engine) -> None:
    uow = UnitOfWork(store)

    with pytest.raises(RuntimeError) as raised:
        uow.connection

    assert "inside its `with` block" in str(raised.value)


def test_fact_batches_listed_at_known_at(store: Engine) -> None:
    with UnitOfWork(store) as first:
        register(first, "B-1", "march trades")
    with UnitOfWork(store) as second:
        register(second, "B-2", "april trades")

    earlier = fact_batches(store, known_at=first.recorded_at)
    everything = fact_batches(store)

    assert [batch.batch_id for batch in earlier] == ["B-1"]
    assert [batch.batch_id for batch in everything] == ["B-1", "B-2"]
    assert everything[1].recorded_at == second.recorded_at
    assert everything[0].first_date == date(2025, 3, 1)


def test_fact_batch_id_is_registered_once(store: Engine) -> None:
    with UnitOfWork(store) as uow:
        register(uow, "B-1", "march trades")

    with pytest.raises(DomainError) as raised:
        with UnitOfWork(store) as uow:
            register(uow, "B-1", "other trades")

    assert "'B-1' is already registered" in str(raised.value)


def test_same_file_content_is_not_loaded_twice(store: Engine) -> None:
    with UnitOfWork(store) as uow:
        register(uow, "B-1", "march trades")

    with pytest.raises(DomainError) as raised:
        with UnitOfWork(store) as uow:
            register(uow, "B-1-again", "march trades")

    assert "would count its facts twice" in str(raised.value)
    assert [batch.batch_id for batch in fact_batches(store)] == ["B-1"]


def test_equal_empty_files_both_register(store: Engine) -> None:
    with UnitOfWork(store) as uow:
        register(uow, "B-empty-1", "", row_count=0)
        register(uow, "B-empty-2", "", row_count=0)

    assert len(fact_batches(store)) == 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sha256", "not-a-digest", "64 hexadecimal digits"),
        ("row_count", -1, "zero or more"),
        ("first_date", date(2025, 4, 1), "is after last_date"),
    ],
)
def test_malformed_fact_batch_is_rejected(store: Engine, field: str, value: object, message: str) -> None:
    batch = {
        "batch_id": "B-1",
        "kind": "trades",
        "path": "facts/B-1.parquet",
        "row_count": 10,
        "first_date": date(2025, 3, 1),
        "last_date": date(2025, 3, 31),
        "sha256": digest("march trades"),
    }

    with pytest.raises(ValueError) as raised:
        with UnitOfWork(store) as uow:
            register_fact_batch(uow, **{**batch, field: value})

    assert message in str(raised.value)

