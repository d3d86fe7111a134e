"""The small API book served by uvicorn on a loopback port, and headless Chromium to drive it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from territorial.service.workspace import Workspace
from tests.api.conftest import LiveServer, add_users_with_tokens, load_book, serving

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    """The small book on an SQLite store, served on 127.0.0.1 until the test ends."""
    ws = Workspace(str(tmp_path / "territorial.db"), tmp_path / "facts")
    ws.initialise()
    tokens = add_users_with_tokens(ws)
    load_book(ws, tmp_path)
    with serving(ws, tokens) as server:
        yield server
    ws.engine.dispose()


@pytest.fixture
def browser():  # type: ignore[no-untyped-def]
    """Debian's Chromium, headless; Playwright is never allowed to download a browser of its own."""
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium; `make browser` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
