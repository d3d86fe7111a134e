"""Plain types of the domain: no storage, no engines, no I/O."""
