"""A workspace in a temporary folder, loaded the way a user loads one: YAML and CSV files."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from territorial.service.loading import FeedKind, load_file
from territorial.service.workspace import Workspace


class Book:
    """Writes input files into a test folder and loads them through the load use case."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.workspace = Workspace(str(folder / "territorial.db"), folder / "facts")
        self.workspace.initialise()

    def write(self, name: str, text: str) -> Path:
        path = self.folder / name
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return path

    def load(self, kind: str, name: str, text: str) -> None:
        load_file(self.workspace, FeedKind(kind), self.write(name, text))


@pytest.fixture
def book(tmp_path: Path) -> Book:
    return Book(tmp_path)
