"""The internal fact file: facts as Parquet, written and read column by column.

Columns, one row per fact:

    fact_id     string, not null
    kind        string, not null (a FactKind value)
    date        date32, not null
    account_id  string, not null
    contact_id  string, null when unknown
    amount      decimal128(18, 2), not null, signed by the direction of money
    attributes  map<string, string>, not null (empty map when none), null values for blanks

A map keeps every fact attribute (fund, share_class, vehicle and any other feed
column) without a schema change when a feed adds a column.
"""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from territorial.domain.fact import Fact, FactKind

AMOUNT_TYPE = pa.decimal128(18, 2)
FACT_SCHEMA = pa.schema(
    [
        pa.field("fact_id", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("date", pa.date32(), nullable=False),
        pa.field("account_id", pa.string(), nullable=False),
        pa.field("contact_id", pa.string()),
        pa.field("amount", AMOUNT_TYPE, nullable=False),
        pa.field("attributes", pa.map_(pa.string(), pa.string()), nullable=False),
    ]
)
_KINDS = {kind.value: kind for kind in FactKind}
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def write_facts(facts: list[Fact], path: str | Path) -> None:
    """Write `facts` to a Parquet file, replacing it only once the new file is complete."""
    target = Path(path)
    partial = target.with_name(target.name + ".partial")
    pq.write_table(facts_to_table(facts), partial)
    os.replace(partial, target)


def read_fact_file(path: str | Path) -> list[Fact]:
    """Read a file written by write_facts back into facts."""
    return facts_from_table(pq.read_table(path, schema=FACT_SCHEMA))


def facts_to_table(facts: list[Fact]) -> pa.Table:
    """Return `facts` as an Arrow table with FACT_SCHEMA."""
    columns = [
        pa.array([f.id for f in facts], pa.string()),
        pa.array([f.kind.value for f in facts], pa.string()),
        pa.array([f.date for f in facts], pa.date32()),
        pa.array([f.account_id for f in facts], pa.string()),
        pa.array([f.contact_id for f in facts], pa.string()),
        pa.array([f.amount for f in facts], AMOUNT_TYPE),
        _attributes_array(facts),
    ]
    return pa.Table.from_arrays(columns, schema=FACT_SCHEMA)


def facts_from_table(table: pa.Table) -> list[Fact]:
    """Return the facts of an Arrow table with FACT_SCHEMA."""
    ids = table.column("fact_id").to_pylist()
    kinds = [_KINDS[value] for value in table.column("kind").to_pylist()]
    days = _dates(table.column("date"))
    accounts = table.column("account_id").to_pylist()
    contacts = table.column("contact_id").to_pylist()
    amounts = _amounts(table.column("amount"))
    attributes = _attributes(table.column("attributes"))

    rows = zip(ids, kinds, days, accounts, amounts, contacts, attributes)
    return [Fact(*row) for row in rows]


def _attributes_array(facts: list[Fact]) -> pa.MapArray:
    # Building the map from flat key and value lists is much faster than from a dict per row.
    offsets = [0]
    keys: list[str] = []
    values: list[str | None] = []
    for fact in facts:
        keys.extend(fact.attributes.keys())
        values.extend(fact.attributes.values())
        offsets.append(len(keys))
    return pa.MapArray.from_arrays(
        pa.array(offsets, pa.int32()), pa.array(keys, pa.string()), pa.array(values, pa.string())
    )


def _dates(column: pa.ChunkedArray) -> list[date]:
    # Arrow's own date conversion builds a new object per row; a handful of distinct days is cheaper.
    cache: dict[int, date] = {}
    days: list[date] = []
    for number in pc.cast(column, pa.int32()).to_pylist():
        day = cache.get(number)
        if day is None:
            day = cache[number] = date.fromordinal(_EPOCH_ORDINAL + number)
        days.append(day)
    return days


def _amounts(column: pa.ChunkedArray) -> list[Decimal]:
    # Going through text keeps the two decimals and is faster than Arrow's Decimal conversion.
    return [Decimal(text) for text in pc.cast(column, pa.string()).to_pylist()]


def _attributes(column: pa.ChunkedArray) -> list[dict[str, str | None]]:
    # Slicing one flat list of pairs is several times faster than Arrow's per-row map conversion.
    maps = column.combine_chunks()
    offsets = maps.offsets.to_pylist()
    pairs = list(zip(maps.keys.to_pylist(), maps.items.to_pylist()))
    return [dict(pairs[start:end]) for start, end in zip(offsets, offsets[1:])]
