"""The interface every bulk-engine backend implements: load Arrow tables, run SQL, return Arrow.

The engine writes its statements in DuckDB's dialect with portable constructs (joins,
window functions, aggregates). A backend for another engine transpiles them with
SQLGlot. Statements never carry rule values or other data: data reaches the engine
only as tables loaded through `load_arrow`/`load_parquet` or as bound parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import pyarrow as pa

Parameters = Sequence[object]


class Backend(Protocol):
    """A SQL engine that holds named tables; tables may be spread over many machines."""

    name: str

    def load_arrow(self, table_name: str, table: pa.Table) -> None:
        """Create or replace `table_name` with the rows of `table`."""

    def load_parquet(self, table_name: str, paths: Sequence[Path]) -> None:
        """Create or replace `table_name` as the union of the Parquet files at `paths`."""

    def create(self, table_name: str, query: str, parameters: Parameters = ()) -> None:
        """Create or replace `table_name` as the result of `query`."""

    def create_view(self, view_name: str, query: str) -> None:
        """Create or replace `view_name` as `query`, computed again each time it is read."""

    def drop(self, *names: str) -> None:
        """Drop the tables `names` that exist, to free their memory."""

    def execute(self, statement: str, parameters: Parameters = ()) -> None:
        """Run a statement that returns nothing, such as an INSERT."""

    def count(self, table_name: str) -> int:
        """Return the number of rows of `table_name`."""

    def to_arrow(self, query: str, parameters: Parameters = ()) -> pa.Table:
        """Run `query` and return its result as an Arrow table."""

    def write_parquet(self, query: str, path: Path, parameters: Parameters = ()) -> None:
        """Write the result of `query` to one Parquet file at `path`."""

    def close(self) -> None:
        """Release the engine's resources; the tables are gone afterwards."""
