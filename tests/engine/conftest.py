"""The backends the engine suite runs on; a Spark backend joins this list when it exists."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from territorial.engine.backend import Backend
from territorial.engine.duckdb_backend import DuckDBBackend

BACKENDS = {"duckdb": DuckDBBackend}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    engine = BACKENDS[request.param]()
    yield engine
    engine.close()
