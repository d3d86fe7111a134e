"""Scenario tests load books the way acceptance tests do."""

from tests.acceptance.conftest import book  # noqa: F401
