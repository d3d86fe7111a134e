"""A workspace on a test database, loaded the way a user loads one: YAML and CSV files."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from territorial.service.loading import FeedKind, load_file
from territorial.service.workspace import Workspace


class Book:
    """Writes input files into a test folder and loads them through the load use case."""

    def __init__(self, folder: Path, db_url: str) -> None:
        self.folder = folder
        self.workspace = Workspace(db_url, folder / "facts")
        self.workspace.initialise()

    def write(self, name: str, text: str) -> Path:
        path = self.folder / name
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return path

    def load(self, kind: str, name: str, text: str) -> None:
        load_file(self.workspace, FeedKind(kind), self.write(name, text))


@pytest.fixture
def book(tmp_path: Path, db_url: str) -> Iterator[Book]:
    """A book on an empty store of each test database (see the `db_url` fixture)."""
    loaded = Book(tmp_path, db_url)
    yield loaded
    loaded.workspace.engine.dispose()
