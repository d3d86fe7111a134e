"""The benchmark at size S runs end to end: the book and the three contestants."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_bench_smoke_size_s() -> None:
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "S", "--repeat", "1"], check=True)

    results = json.loads((ROOT / "benchmarks" / "results" / "S.json").read_text())
    assert set(results) == {"territorial", "duckdb-minimal", "pandas"}
    assert all(r["seconds"] > 0 for r in results.values())
