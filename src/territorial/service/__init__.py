"""Use cases: load, assign, attribute, report and explain, each in one unit of work."""
