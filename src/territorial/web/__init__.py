"""The web UI for sales operations: server-rendered pages over the same services as the API."""
