"""A bounded load test on loopback: concurrent upserts and reads lose nothing, duplicate nothing, audit once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from territorial.service.workspace import Workspace
from tests.api.conftest import LiveServer, add_users_with_tokens, load_book, serving

WRITERS = 4
WRITES_EACH = 15
READERS = 2
READS_EACH = 30
TIMEOUT_SECONDS = 60


@pytest.fixture
def live_store_server(tmp_path: Path, db_url: str) -> Iterator[LiveServer]:
    ws = Workspace(db_url, tmp_path / "facts")
    ws.initialise()
    tokens = add_users_with_tokens(ws)
    load_book(ws, tmp_path)
    with serving(ws, tokens) as server:
        yield server
    ws.engine.dispose()


def write_contacts(server: LiveServer, writer: int) -> list[int]:
    headers = {"Authorization": f"Bearer {server.tokens['eddie']}"}
    statuses = []
    with httpx.Client(base_url=server.url, headers=headers, timeout=TIMEOUT_SECONDS) as client:
        for index in range(WRITES_EACH):
            body = {"name": f"Load advisor {writer}-{index}", "organisation_id": "F1" if index % 2 else "F2",
                    "valid_from": "2025-01-01"}
            statuses.append(client.put(f"/api/v1/contacts/L{writer}-{index}", json=body).status_code)
    return statuses


def read_contacts(server: LiveServer) -> list[int]:
    headers = {"Authorization": f"Bearer {server.tokens['vic']}"}
    statuses = []
    with httpx.Client(base_url=server.url, headers=headers, timeout=TIMEOUT_SECONDS) as client:
        for index in range(READS_EACH):
            path = "/api/v1/contacts/C1" if index % 2 else "/api/v1/contacts"
            statuses.append(client.get(path, params={"as_of": "2025-02-01"}).status_code)
    return statuses


def test_concurrent_upserts_and_reads(live_store_server: LiveServer) -> None:
    server = live_store_server
    with ThreadPoolExecutor(WRITERS + READERS) as pool:
        writes = [pool.submit(write_contacts, server, writer) for writer in range(WRITERS)]
        reads = [pool.submit(read_contacts, server) for _ in range(READERS)]
        write_statuses = Counter(s for future in writes for s in future.result(timeout=TIMEOUT_SECONDS * 5))
        read_statuses = Counter(s for future in reads for s in future.result(timeout=TIMEOUT_SECONDS * 5))

    headers = {"Authorization": f"Bearer {server.tokens['april']}"}
    with httpx.Client(base_url=server.url, headers=headers, timeout=TIMEOUT_SECONDS) as client:
        listed = client.get("/api/v1/contacts", params={"as_of": "2025-02-01", "q": "load", "limit": 1000}).json()
        audit = client.get("/api/v1/audit", params={"entity_kind": "contact", "limit": 1000}).json()
    expected = {f"L{w}-{i}" for w in range(WRITERS) for i in range(WRITES_EACH)}
    listed_ids = [c["id"] for c in listed["items"]]
    audited = Counter(e["entity_id"] for e in audit["items"] if e["entity_id"].startswith("L"))

    assert write_statuses == {200: WRITERS * WRITES_EACH}
    assert read_statuses == {200: READERS * READS_EACH}
    assert sorted(listed_ids) == sorted(expected)
    assert set(audited) == expected
    assert set(audited.values()) == {1}
    assert {e["user"] for e in audit["items"] if e["entity_id"].startswith("L")} == {"eddie"}
