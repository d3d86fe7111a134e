"""Every statement of the engine parses as DuckDB SQL and transpiles to Spark SQL with SQLGlot."""

from __future__ import annotations

import pytest
import sqlglot
from sqlglot.errors import ErrorLevel

from territorial.engine import bulk, credits, resolution, rule_compiler, time_slicing

STATEMENTS = {
    f"{module.__name__.rsplit('.', 1)[-1]}.{name}": value
    for module in (bulk, credits, resolution, rule_compiler, time_slicing)
    for name, value in vars(module).items()
    if name.endswith("_SQL") and isinstance(value, str)
}


def test_statements_found() -> None:
    assert len(STATEMENTS) > 30


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_statement_transpiles_to_spark(name: str) -> None:
    spark = sqlglot.transpile(STATEMENTS[name], read="duckdb", write="spark", unsupported_level=ErrorLevel.RAISE)

    assert spark and spark[0].strip()
