"""Input and output: territory-as-code (YAML), CSV and Parquet feeds, and the fact file."""
