"""The demo's output files are the same on the bulk engine and on the reference path."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from territorial.service.demo import DemoSize, run_demo
from territorial.service.outputs import write_outputs
from territorial.service.runs import Engine

CSV_FILES = ("summary_by_model.csv", "rollup_by_territory.csv", "rollup_by_hierarchy.csv", "rollup_by_channel.csv",
             "rollup_by_person.csv", "unassigned_by_reason.csv", "assignment_exceptions.csv")
SORT_KEYS = {"credits.parquet": ["fact_id", "coverage_model", "person_id"], "facts.parquet": ["fact_id"],
             "placements.parquet": ["fact_id", "coverage_model"]}


def demo_files(folder: Path, engine: Engine) -> Path:
    result = run_demo(folder, size=DemoSize().scaled(0.02), engine=engine)
    assert result.run.period is not None
    write_outputs(result.run, result.summaries, result.run.period, folder, result.assignments)
    return folder


@pytest.mark.slow
def test_demo_outputs_match_reference(tmp_path: Path) -> None:
    bulk = demo_files(tmp_path / "bulk", Engine.DUCKDB)
    reference = demo_files(tmp_path / "reference", Engine.REFERENCE)

    for name in CSV_FILES:
        assert (bulk / name).read_text() == (reference / name).read_text(), name
    for name, keys in SORT_KEYS.items():
        order = [(key, "ascending") for key in keys]
        found = pq.read_table(bulk / name).sort_by(order).to_pylist()
        expected = pq.read_table(reference / name).sort_by(order).to_pylist()
        assert found == expected, name
