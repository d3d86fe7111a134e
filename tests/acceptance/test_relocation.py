"""A store and its fact folder moved together keep working."""

import shutil

from territorial.service.facts import read_facts
from territorial.service.loading import FeedKind, load_file
from territorial.service.workspace import Workspace

FILES = [
    ("territories", "territories.yaml", "version: 1\ncoverage_models:\n  - {code: US_RETAIL, name: US Retail}\n"),
    ("organisations", "organisations.csv", "organisation_id,name\nF1,Firm\n"),
    ("accounts", "accounts.csv", "account_id,name,organisation_id\nA1,Client,F1\n"),
    ("trades", "trades.csv", "trade_id,trade_date,account_id,kind,amount\nT1,2025-01-10,A1,purchase,10.00\n"),
]


def test_moved_store_finds_its_fact_files(tmp_path):
    original = tmp_path / "original"
    original.mkdir()
    workspace = Workspace.from_options(str(original / "book.db"))
    workspace.initialise()
    for kind, name, text in FILES:
        (original / name).write_text(text)
        load_file(workspace, FeedKind(kind), original / name)
    workspace.engine.dispose()

    shutil.move(original, tmp_path / "moved")
    facts = read_facts(Workspace.from_options(str(tmp_path / "moved" / "book.db")))

    assert [f.id for f in facts] == ["T1"]
