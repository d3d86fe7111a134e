"""The bulk engine: assignment and attribution of whole books in set-based SQL.

    engine = BulkEngine()                      # DuckDB by default, or any Backend
    engine.load_master(master_tables(data))    # or tables read straight from the store
    engine.load_fact_files(paths, period)      # facts as Parquet (or load_fact_table)
    engine.attribute()                         # tables `placement` and `credit`
    engine.assign(day)                         # table `assignment`

It gives the same territories, conflicts, reasons and cents as the reference path in
`rules/` and `service/attribution.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pyarrow as pa

from territorial.domain.period import ReportingPeriod
from territorial.engine.backend import Backend
from territorial.engine.credits import place_and_credit
from territorial.engine.duckdb_backend import DuckDBBackend
from territorial.engine.master_tables import MasterTables
from territorial.engine.resolution import resolve_segments
from territorial.engine.time_slicing import (
    coalesce_intervals,
    slice_entities_on,
    slice_entity_timelines,
    slice_facts,
)

FACT_COLUMNS = "fact_id, kind, date, account_id, contact_id, amount"

# Placement and credit columns in the order of the reference path's Placement and Credit.
PLACEMENT_COLUMNS = "fact_id, coverage_model, date, kind, amount, status, territory, step, source, channel, reason"
CREDIT_COLUMNS = "fact_id, coverage_model, territory, person_id, role, split, amount, step, source, team_version"

ASSIGNMENT_COLUMNS = "entity_kind, entity_id, coverage_model, status, territory, step, source, reason, tied_rules"

# An entity is assigned only in the coverage models whose resolution order has a step that reaches it.
ASSIGNMENT_SQL = """
SELECT s.seg_id AS entity_order, s.entity_kind, s.entity_id, o.model AS coverage_model, o.status, o.territory,
       o.step, o.source,
       CASE WHEN o.status = 'unassigned' AND o.applicable_steps = 0
                THEN 'no step of the resolution order applies to this entity'
            ELSE o.reason END AS reason,
       coalesce(o.tied_codes, '') AS tied_rules
FROM segment s JOIN seg_outcome o ON o.seg_id = s.seg_id
WHERE EXISTS (
    SELECT 1 FROM model_step t
    WHERE t.model = o.model AND t.valid_from <= s.day AND s.day < t.valid_to
      AND (s.entity_kind = 'account'
           OR t.step IN ('organisation_override', 'organisation_attributes')
           OR (s.entity_kind = 'contact' AND t.step IN ('contact_override', 'contact_attributes')))
)
"""


class BulkEngine:
    """One bulk run: master data and facts loaded into a backend, then resolved with SQL."""

    def __init__(self, backend: Backend | None = None) -> None:
        self.backend = backend or DuckDBBackend()

    def load_master(self, tables: MasterTables) -> None:
        for name, table in tables.tables.items():
            self.backend.load_arrow(name, table)

    def load_master_files(self, paths: dict[str, Path]) -> None:
        """Load master tables from Parquet files, one file per table name (as `master_tables` names them)."""
        for name, path in paths.items():
            self.backend.load_parquet(f"{name}_file", [path])
            self.backend.create(name, f"SELECT * FROM {name}_file")

    def load_fact_table(self, facts: pa.Table, period: ReportingPeriod | None = None) -> None:
        self.backend.load_arrow("fact_source", facts.select(FACT_COLUMNS.split(", ")))
        self._select_facts(period)

    def load_fact_files(self, paths: Sequence[Path], period: ReportingPeriod | None = None) -> None:
        self.backend.load_parquet("fact_source", paths)
        self._select_facts(period)

    def _select_facts(self, period: ReportingPeriod | None) -> None:
        # A view, not a copy: tens of millions of facts are read from their files when needed.
        self._fact_where = ""
        if period is not None:
            bounds = pa.table({"period_start": pa.array([period.start], pa.date32()),
                               "period_end": pa.array([period.end], pa.date32())})
            self.backend.load_arrow("fact_period", bounds)
            self._fact_where = (" WHERE date >= (SELECT period_start FROM fact_period)"
                                " AND date < (SELECT period_end FROM fact_period)")
        self.backend.create_view("fact", f"SELECT {FACT_COLUMNS} FROM fact_source{self._fact_where}")

    def write_facts(self, path: Path) -> None:
        """Write the loaded facts with every column of the fact file, attributes included."""
        self.backend.write_parquet(f"SELECT * FROM fact_source{self._fact_where}", path)

    # Files are written in no particular order: sorting tens of millions of rows would cost
    # more than writing them, and readers sort as they need.
    def write_placements(self, path: Path) -> None:
        self.backend.write_parquet(f"SELECT {PLACEMENT_COLUMNS} FROM placement", path)

    def write_credits(self, path: Path) -> None:
        self.backend.write_parquet(f"SELECT {CREDIT_COLUMNS} FROM credit", path)

    def attribute(self) -> None:
        """Build the views `placement` and `credit` for every loaded fact in every coverage model."""
        slice_facts(self.backend)
        resolve_segments(self.backend)
        place_and_credit(self.backend)

    def placements(self) -> pa.Table:
        return self.backend.to_arrow(f"SELECT {PLACEMENT_COLUMNS} FROM placement ORDER BY fact_id, coverage_model")

    def credits(self) -> pa.Table:
        return self.backend.to_arrow(
            f"SELECT {CREDIT_COLUMNS} FROM credit ORDER BY fact_id, coverage_model, person_id")

    def assign(self, day: date) -> pa.Table:
        """Resolve every entity valid on `day` in every coverage model valid then; return `assignment`."""
        slice_entities_on(self.backend, day)
        resolve_segments(self.backend)
        self.backend.create("assignment", ASSIGNMENT_SQL)
        return self.backend.to_arrow(f"SELECT {ASSIGNMENT_COLUMNS} FROM assignment ORDER BY entity_order, coverage_model")

    def assignment_intervals(self) -> pa.Table:
        """Return every entity's coalesced assignment intervals in every coverage model."""
        slice_entity_timelines(self.backend)
        resolve_segments(self.backend)
        coalesce_intervals(self.backend)
        return self.backend.to_arrow(
            "SELECT * FROM assignment_interval ORDER BY entity_kind, entity_id, coverage_model, valid_from")

    def close(self) -> None:
        self.backend.close()
