"""Credit files: sealed credits of a locked period and restatement adjustments, as Parquet."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import pyarrow.parquet as pq

from territorial.domain.credit import Credit
from territorial.io.exports import CREDIT_SCHEMA, write_credits


def write_credit_file(credits: Sequence[Credit], path: Path) -> str:
    """Write credits with their lineage and return the file's SHA-256, which the store registers."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_credits(credits, path)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_credit_file(path: Path) -> list[Credit]:
    table = pq.read_table(path, schema=CREDIT_SCHEMA)
    return [Credit(**row) for row in table.to_pylist()]
