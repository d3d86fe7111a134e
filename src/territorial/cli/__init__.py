"""The `territorial` command line."""
