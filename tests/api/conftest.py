"""A small book served by the API: two regions, two coverage models, users of every role with tokens."""

from __future__ import annotations

import socket
import textwrap
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from territorial.api.app import create_app
from territorial.domain.user import Role
from territorial.service.loading import FeedKind, load_file
from territorial.service.tokens import issue_token
from territorial.service.users import add_user
from territorial.service.workspace import Workspace

TERRITORIES = """
    version: 1
    valid_from: 2025-01-01
    coverage_models:
      - {code: US_RETAIL, name: US Retail}
      - {code: NATIONAL, name: National accounts}
    territories:
      - {code: EAST, name: East region, level: region}
      - {code: WEST, name: West region, level: region}
      - {code: NY, name: New York, parent: EAST}
      - {code: TX, name: Texas, parent: WEST}
      - {code: NAT, name: National accounts desk}
    people:
      - {id: LENA, name: Lena Park}
      - {id: OMAR, name: Omar Diaz}
      - {id: NINA, name: Nina Shah}
    teams:
      - {coverage_model: US_RETAIL, territory: NY, members: [{person: LENA, role: primary, split: 60}, {person: OMAR, role: internal, split: 40}]}
      - {coverage_model: US_RETAIL, territory: TX, members: [{person: OMAR, role: primary, split: 100}]}
      - {coverage_model: NATIONAL, territory: NAT, members: [{person: NINA, role: overlay, split: 100}]}
    rules:
      - {code: R_NY, coverage_model: US_RETAIL, territory: NY, priority: 10, when: {state: {in: [NY]}}}
      - {code: R_TX, coverage_model: US_RETAIL, territory: TX, priority: 10, when: {state: {in: [TX]}}}
      - {code: R_WIRE, coverage_model: NATIONAL, territory: NAT, priority: 10, when: {channel: {equals: wirehouse}}}
"""
ORGANISATIONS = """
    organisation_id,name,state,channel
    F1,Big Wirehouse,NY,wirehouse
    F2,Lone Star RIA,TX,ria
"""
CONTACTS = """
    contact_id,name,organisation_id
    C1,Ada Advisor,F1
    C2,Ben Broker,F2
"""
ACCOUNTS = """
    account_id,name,contact_id,organisation_id
    A1,Ada client,C1,F1
    A2,Ben client,C2,F2
"""
TRADES = """
    trade_id,trade_date,account_id,kind,amount
    T1,2025-01-10,A1,purchase,1000.00
    T2,2025-01-20,A2,purchase,500.00
    T3,2025-01-25,A2,redemption,100.00
"""

ROLES = {"ada": Role.ADMIN, "eddie": Role.EDITOR, "april": Role.APPROVER, "vic": Role.VIEWER}


@dataclass
class Service:
    """A test client and one bearer token per role."""

    client: TestClient
    workspace: Workspace
    tokens: dict[str, str]

    def headers(self, user: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[user]}"}

    def get(self, path: str, user: str = "vic", **params: object):  # type: ignore[no-untyped-def]
        return self.client.get(path, headers=self.headers(user), params=params)


def load_book(ws: Workspace, folder: Path) -> None:
    """Load the small book through the load use case, as a user would from files."""
    for kind, name, text in [
        (FeedKind.TERRITORIES, "territories.yaml", TERRITORIES),
        (FeedKind.ORGANISATIONS, "organisations.csv", ORGANISATIONS),
        (FeedKind.CONTACTS, "contacts.csv", CONTACTS),
        (FeedKind.ACCOUNTS, "accounts.csv", ACCOUNTS),
        (FeedKind.TRADES, "trades.csv", TRADES),
    ]:
        path = folder / name
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        load_file(ws, kind, path, "ada")


def add_users_with_tokens(ws: Workspace) -> dict[str, str]:
    """Add one user per role (ada is the admin) and return a token for each."""
    tokens = {}
    for name, role in ROLES.items():
        add_user(ws, name, role, name.title(), acting_user=None if name == "ada" else "ada")
        tokens[name] = issue_token(ws, name, "tests", "ada").token
    return tokens


@pytest.fixture
def service(tmp_path: Path, db_url: str) -> Iterator[Service]:
    ws = Workspace(db_url, tmp_path / "facts")
    ws.initialise()
    tokens = add_users_with_tokens(ws)
    load_book(ws, tmp_path)
    with TestClient(create_app(ws), raise_server_exceptions=False) as client:
        yield Service(client, ws, tokens)
    ws.engine.dispose()


@dataclass
class LiveServer:
    url: str
    tokens: dict[str, str]


@contextmanager
def serving(ws: Workspace, tokens: dict[str, str]) -> Iterator[LiveServer]:
    """Serve the API and UI with uvicorn on a free loopback port in a background thread."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(create_app(ws), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError(f"uvicorn did not start on port {port} within 30 s")
        time.sleep(0.05)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", tokens)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
