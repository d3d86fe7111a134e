"""Reading the facts known at a recorded time from their registered Parquet batches."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

import pyarrow.parquet as pq

from territorial.domain.fact import Fact
from territorial.errors import StoreError
from territorial.io.fact_file import read_fact_file
from territorial.service.workspace import Workspace
from territorial.store import FactBatch, UnitOfWork, fact_batches


def read_facts(ws: Workspace, known_at: datetime | None = None) -> list[Fact]:
    """Return every fact of every batch recorded by `known_at`, checking that no file changed."""
    facts: list[Fact] = []
    for path in fact_files(ws, known_at):
        facts.extend(read_fact_file(path))
    return facts


def fact_files(ws: Workspace, known_at: datetime | None = None) -> list[Path]:
    """Return the files of every batch recorded by `known_at`, checking that none is missing or changed."""
    paths: list[Path] = []
    for batch in fact_batches(ws.engine, known_at):
        path = batch_file(ws, batch)
        if not path.exists():
            raise StoreError(f"The fact batch {batch.batch_id} is registered but its file {path} is missing; "
                             "restore the file from backup.")
        if hashlib.sha256(path.read_bytes()).hexdigest() != batch.sha256:
            raise StoreError(f"The file {path} of fact batch {batch.batch_id} changed after it was loaded; "
                             "fact files are immutable, so restore it and load corrections as new facts.")
        paths.append(path)
    return paths


def known_fact_ids(ws: Workspace, uow: UnitOfWork) -> set[str]:
    ids: set[str] = set()
    for batch in fact_batches(uow):
        ids.update(pq.read_table(batch_file(ws, batch), columns=["fact_id"]).column("fact_id").to_pylist())
    return ids


def batch_file(ws: Workspace, batch: FactBatch) -> Path:
    """Return where the file of `batch` is: its name inside the workspace's fact folder.

    Batches are registered by file name, so a store and its fact folder can be moved or
    restored elsewhere together. Stores written before that registered absolute paths,
    which are used while they still exist.
    """
    registered = Path(batch.path)
    if registered.is_absolute() and registered.exists():
        return registered
    return ws.facts_dir / registered.name
