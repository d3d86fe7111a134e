"""The bulk engine: rules compiled to set-based SQL, run on DuckDB (embedded) behind a small backend interface."""
