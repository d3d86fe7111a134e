"""The command line as a user drives it: init, load, assign, attribute, report, explain, demo."""

import textwrap
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from territorial.cli.app import app

TERRITORIES = """
    version: 1
    valid_from: 2025-01-01
    coverage_models:
      - {code: US_RETAIL, name: US Retail}
    territories:
      - {code: US, name: United States, level: region}
      - {code: EAST, name: East, parent: US}
      - {code: WEST, name: West, parent: US}
    people:
      - {id: ANN, name: Ann}
      - {id: BO, name: Bo}
    teams:
      - {coverage_model: US_RETAIL, territory: EAST, members: [{person: ANN, role: primary, split: 60}, {person: BO, role: internal, split: 40}]}
      - {coverage_model: US_RETAIL, territory: WEST, members: [{person: BO, role: primary, split: 100}]}
    rules:
      - {code: E, coverage_model: US_RETAIL, territory: EAST, priority: 10, when: {state: {in: [NY, MA]}}}
      - {code: W, coverage_model: US_RETAIL, territory: WEST, priority: 10, when: {state: {in: [CA]}}}
"""
FILES = {
    "territories.yaml": TERRITORIES,
    "organisations.csv": "organisation_id,name,state\nF1,Harbor Wealth,NY\nF2,Pacific Partners,CA\n",
    "contacts.csv": "contact_id,name,organisation_id\nC1,Ada Quill,F1\nC2,Cy Orde,F2\n",
    "accounts.csv": "account_id,name,contact_id\nA1,Quill family,C1\nA2,Orde trust,C2\n",
    "trades.csv": "trade_id,trade_date,account_id,kind,amount\nT1,2025-01-10,A1,purchase,1000.00\n"
                  "T2,2025-01-20,A2,redemption,250.00\n",
}


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TERRITORIAL_DB", str(tmp_path / "store.db"))
    for name, text in FILES.items():
        (tmp_path / name).write_text(textwrap.dedent(text).lstrip())
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def load_everything(folder: Path) -> None:
    assert run("init").exit_code == 0
    for kind, name in [("territories", "territories.yaml"), ("organisations", "organisations.csv"),
                       ("contacts", "contacts.csv"), ("accounts", "accounts.csv"), ("trades", "trades.csv")]:
        result = run("load", kind, str(folder / name))
        assert result.exit_code == 0, result.output


def test_attribute_writes_credits_that_sum_to_the_facts(workspace):
    load_everything(workspace)

    result = run("attribute", "--period", "2025-01", "--out", str(workspace / "out"))

    assert result.exit_code == 0, result.output
    credits = pq.read_table(workspace / "out" / "credits.parquet").to_pylist()
    by_person = {(c["fact_id"], c["person_id"]): str(c["amount"]) for c in credits}
    assert by_person == {("T1", "ANN"): "600.00", ("T1", "BO"): "400.00", ("T2", "BO"): "-250.00"}
    assert (workspace / "out" / "report.html").exists()


def test_explain_names_the_winning_rule_and_the_team(workspace):
    load_everything(workspace)

    result = run("explain", "advisor", "C1", "--as-of", "2025-03-31")

    assert result.exit_code == 0, result.output
    assert "EAST" in result.output
    assert "rule E" in result.output
    assert "won by rule E version valid [2025-01-01, open)" in result.output
    assert "ANN primary 60.00%" in result.output


def test_explain_a_trade_shows_the_cents(workspace):
    load_everything(workspace)

    result = run("explain", "trade", "T1")

    assert "credit ANN: 600.00" in result.output
    assert "credit BO: 400.00" in result.output


def test_report_by_hierarchy_counts_each_fact_once(workspace):
    load_everything(workspace)

    result = run("report", "--period", "2025-Q1", "--by", "hierarchy")

    assert result.exit_code == 0, result.output
    us_row = next(line for line in result.output.splitlines() if "│ US  " in line)
    assert "│  250.00 │ 750.00 │" in us_row
    assert us_row.rstrip("│ ").endswith("2")


def test_assign_reports_every_advisor(workspace):
    load_everything(workspace)

    result = run("assign", "--as-of", "2025-06-30", "--out", str(workspace / "assign"))

    assert result.exit_code == 0, result.output
    rows = (workspace / "assign" / "assignments.csv").read_text().splitlines()
    assert any(row.startswith("contact,C2,US_RETAIL,assigned,WEST") for row in rows)


def test_bad_file_exits_and_loads_nothing(workspace):
    load_everything(workspace)
    bad = workspace / "more.csv"
    bad.write_text("contact_id,name,organisation_id\nC9,Di Fenn,NOPE\n")

    result = CliRunner().invoke(app, ["load", "contacts", str(bad)])

    assert result.exit_code != 0
    assert "unknown organisation (value 'NOPE')" in str(result.exception)


def test_commands_before_init_say_how_to_start(tmp_path, monkeypatch):
    monkeypatch.setenv("TERRITORIAL_DB", str(tmp_path / "missing.db"))

    result = CliRunner().invoke(app, ["assign"])

    assert result.exit_code != 0
    assert "territorial init" in str(result.exception)


def test_demo_writes_every_output_at_small_scale(tmp_path):
    out = tmp_path / "demo"

    result = run("demo", "--out", str(out), "--scale", "0.02")

    assert result.exit_code == 0, result.output
    for name in ("credits.parquet", "facts.parquet", "report.html", "rollup_by_territory.csv"):
        assert (out / name).exists(), name
    assert "MISMATCH" not in result.output
