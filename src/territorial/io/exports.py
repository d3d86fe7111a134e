"""Exports of a run: credits and placements as Parquet, rollups and exceptions as CSV."""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from territorial.domain.credit import Credit
from territorial.io.fact_file import AMOUNT_TYPE

CREDIT_SCHEMA = pa.schema([
    ("fact_id", pa.string()), ("coverage_model", pa.string()), ("territory", pa.string()),
    ("person_id", pa.string()), ("role", pa.string()), ("split", pa.decimal128(5, 2)),
    ("amount", AMOUNT_TYPE), ("step", pa.string()), ("source", pa.string()), ("team_version", pa.string()),
])


def write_credits(credits: Sequence[Credit], path: Path) -> None:
    """Write one row per fact, coverage model and person, with the lineage of the credit."""
    columns = {name: [getattr(c, name) for c in credits] for name in CREDIT_SCHEMA.names}
    pq.write_table(pa.table(columns, schema=CREDIT_SCHEMA), path)


def write_rows(rows: Sequence[Any], path: Path, schema: dict[str, pa.DataType] | None = None) -> None:
    """Write dataclass rows to Parquet, typing Decimal columns as decimal128(18, 2)."""
    if not rows:
        pq.write_table(pa.table({}), path)
        return
    names = [f.name for f in dataclasses.fields(rows[0])]
    columns = {}
    for name in names:
        values = [getattr(r, name) for r in rows]
        kind = (schema or {}).get(name)
        if kind is None and any(type(v).__name__ == "Decimal" for v in values[:1]):
            kind = AMOUNT_TYPE
        columns[name] = pa.array(values, type=kind)
    pq.write_table(pa.table(columns), path)


def write_csv(rows: Iterable[Any], path: Path) -> int:
    """Write dataclass rows to a CSV file with a header; Decimals keep their cents. Return the row count."""
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer: csv.writer | None = None  # type: ignore[valid-type]
        for row in rows:
            record = dataclasses.asdict(row)
            if writer is None:
                writer = csv.writer(handle)
                writer.writerow(record.keys())
            writer.writerow(_cell(v) for v in record.values())
            count += 1
    return count


def _cell(value: object) -> object:
    if isinstance(value, tuple):
        return " ".join(str(v) for v in value)
    return "" if value is None else value
