"""The embedded default backend: an in-process DuckDB database."""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pyarrow as pa

from territorial.engine.backend import Parameters

log = logging.getLogger(__name__)


class DuckDBBackend:
    """Runs the engine's SQL in an in-memory DuckDB database that spills to a temporary folder.

    `memory_limit` bounds DuckDB's own buffers (for example "3GB"); DuckDB spills
    larger joins and sorts to disk instead of failing.
    """

    name = "duckdb"

    def __init__(self, threads: int | None = None, memory_limit: str | None = None) -> None:
        self._spill = tempfile.TemporaryDirectory(prefix="territorial-duckdb-")
        config = {"temp_directory": self._spill.name, "preserve_insertion_order": False}
        if threads:
            config["threads"] = threads
        if memory_limit:
            config["memory_limit"] = memory_limit
        self.connection = duckdb.connect(":memory:", config=config)

    def load_arrow(self, table_name: str, table: pa.Table) -> None:
        # Registering is zero-copy; the CREATE copies once so the Arrow table can be freed.
        view = f"{table_name}__arrow"
        self.connection.register(view, table)
        self.connection.execute(f"CREATE OR REPLACE TABLE {table_name} AS SELECT * FROM {view}")
        self.connection.unregister(view)

    def load_parquet(self, table_name: str, paths: Sequence[Path]) -> None:
        # A view reads the files lazily, so facts are never all in memory at once. Views take
        # no bound parameters, so the paths are quoted as SQL strings.
        files = ", ".join(f"'{_quoted_path(p)}'" for p in paths)
        self.connection.execute(f"CREATE OR REPLACE VIEW {table_name} AS SELECT * FROM read_parquet([{files}])")

    def create(self, table_name: str, query: str, parameters: Parameters = ()) -> None:
        started = time.perf_counter()
        self.connection.execute(f"CREATE OR REPLACE TABLE {table_name} AS {query}", list(parameters))
        log.debug("created %s in %.2f s", table_name, time.perf_counter() - started)

    def create_view(self, view_name: str, query: str) -> None:
        self.connection.execute(f"CREATE OR REPLACE VIEW {view_name} AS {query}")

    def drop(self, *names: str) -> None:
        for name in names:
            self.connection.execute(f"DROP TABLE IF EXISTS {name}")

    def execute(self, statement: str, parameters: Parameters = ()) -> None:
        self.connection.execute(statement, list(parameters))

    def count(self, table_name: str) -> int:
        rows = self.connection.execute(f"SELECT count(*) FROM {table_name}").fetchall()
        return int(rows[0][0])

    def to_arrow(self, query: str, parameters: Parameters = ()) -> pa.Table:
        return self.connection.sql(query, params=list(parameters) or None).to_arrow_table()

    def write_parquet(self, query: str, path: Path, parameters: Parameters = ()) -> None:
        partial = path.with_name(path.name + ".partial")
        self.connection.execute(f"COPY ({query}) TO '{_quoted_path(partial)}' (FORMAT parquet)", list(parameters))
        os.replace(partial, path)

    def close(self) -> None:
        self.connection.close()
        self._spill.cleanup()


def _quoted_path(path: Path) -> str:
    # COPY and views take no bound parameters for file paths, so paths are quoted as SQL strings.
    return str(path).replace("'", "''")
