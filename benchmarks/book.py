"""The standard benchmark book, generated with DuckDB into Parquet in the engine's table layout.

Sizes (see docs/benchmarks.md):

    S  2,000 accounts, 600 advisors, 20,000 trades          (CI smoke)
    M  1,000,000 accounts under 300,000 advisors, 10,000,000 trades over 12 months
    L  M with 50,000,000 trades

Every size has 42,000 ZIP rules plus 1,000 attribute rules in the retail coverage
model, a national-accounts model ruled by firm and an institutional model with
account rules; about half the advisors and accounts get a second attribute version
in the middle of the year. Pseudo-random values come from hash() of row numbers, so
the same size always gives the same book.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from territorial.domain.coverage import CoverageModel, CoverageTeam, ResolutionStep, TeamMember
from territorial.domain.master_data import MasterData
from territorial.domain.rule import AttributeRule, Condition
from territorial.engine.master_tables import master_tables

ZIP_RULES = 42_000
ATTRIBUTE_RULES = 1_000
RETAIL_TERRITORIES = 500
NATIONAL_TERRITORIES = 50
MID_YEAR = date(2025, 7, 1)


@dataclass(frozen=True)
class Size:
    name: str
    accounts: int
    advisors: int
    trades: int

    @property
    def branches(self) -> int:
        return max(20, self.advisors // 10)

    @property
    def firms(self) -> int:
        return max(5, self.branches // 10)


SIZES = {
    "S": Size("S", 2_000, 600, 20_000),
    "M": Size("M", 1_000_000, 300_000, 10_000_000),
    "L": Size("L", 1_000_000, 300_000, 50_000_000),
}

# Tables the generator writes with SQL; the rest come from the engine's compiler.
ENTITY_TABLES = ("organisation", "contact", "account", "entity_attribute", "account_rule")


def generate(size: Size, folder: Path) -> Path:
    """Write the book of `size` under `folder/size.name` unless it is there already; return its folder."""
    target = folder / size.name
    if (target / "complete").exists():
        return target
    target.mkdir(parents=True, exist_ok=True)
    _write_rules_and_teams(target)
    connection = duckdb.connect(config={"preserve_insertion_order": False})
    for name, query in _entity_queries(size).items():
        connection.execute(f"COPY ({query}) TO '{target / name}.parquet' (FORMAT parquet)")
    connection.execute(f"COPY ({_fact_query(size)}) TO '{target / 'fact.parquet'}' (FORMAT parquet)")
    connection.close()
    (target / "complete").write_text("ok\n")
    return target


def _write_rules_and_teams(target: Path) -> None:
    """Write the coverage models, rules and teams through the engine's own compiler."""
    for name, table in master_tables(rules_and_teams()).tables.items():
        if name not in ENTITY_TABLES:
            pq.write_table(table, target / f"{name}.parquet")


def rules_and_teams() -> MasterData:
    """Return the book's coverage models, rules and teams, without entities."""
    data = MasterData()
    data.add_coverage_model(CoverageModel("RETAIL", "US Retail"))
    data.add_coverage_model(CoverageModel("NATIONAL", "National Accounts", (
        ResolutionStep.ACCOUNT_OVERRIDE, ResolutionStep.CONTACT_ATTRIBUTES, ResolutionStep.ORGANISATION_ATTRIBUTES)))
    data.add_coverage_model(CoverageModel("INSTITUTIONAL", "Institutional", (
        ResolutionStep.ACCOUNT_RULE, ResolutionStep.ACCOUNT_ATTRIBUTES)))
    for number in range(ZIP_RULES):
        data.add_rule(AttributeRule(f"Z{number:05d}", "RETAIL", f"R{number % RETAIL_TERRITORIES:03d}", 10,
                                    (Condition.build("zip", "equals", [_zip(number)]),)))
    for number in range(ATTRIBUTE_RULES):
        conditions = (Condition.build("segment", "equals", [f"SEG{number:04d}"]),
                      Condition.build("channel", "in", [f"CH{number % 5}"]))
        data.add_rule(AttributeRule(f"A{number:04d}", "RETAIL", f"R{number % RETAIL_TERRITORIES:03d}", 5, conditions))
    for number in range(NATIONAL_TERRITORIES):
        firms = [f"F{firm:05d}" for firm in range(number, 200, NATIONAL_TERRITORIES)]
        data.add_rule(AttributeRule(f"N{number:02d}", "NATIONAL", f"N{number:02d}", 1,
                                    (Condition.build("firm", "in", firms),)))
    data.add_rule(AttributeRule("I1", "INSTITUTIONAL", "I_DIRECT", 1,
                                (Condition.build("client_type", "in", ["institutional"]),)))
    _add_teams(data)
    return data


def _add_teams(data: MasterData) -> None:
    territories = ([("RETAIL", f"R{n:03d}") for n in range(RETAIL_TERRITORIES)]
                   + [("NATIONAL", f"N{n:02d}") for n in range(NATIONAL_TERRITORIES)]
                   + [("INSTITUTIONAL", "I_DIRECT"), ("INSTITUTIONAL", "I_PLAN")])
    for number, (model, territory) in enumerate(territories):
        people = [f"P{(number * 3 + k) % 1200:04d}" for k in range(3)]
        members = (TeamMember(people[0], "primary", _split(50)), TeamMember(people[1], "secondary", _split(33.33)),
                   TeamMember(people[2], "internal", _split(16.67)))
        data.add_team(CoverageTeam(model, territory, members))


def _split(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _zip(number: int) -> str:
    return f"{number * 2 + 501:05d}"


def _entity_queries(size: Size) -> dict[str, str]:
    """Return the SQL of each entity table; hash(i, salt) % n stands for a random draw."""
    mid = f"DATE '{MID_YEAR.isoformat()}'"
    zip_of = f"lpad(CAST((hash(i, {{salt}}) % {ZIP_RULES}) * 2 + 501 AS VARCHAR), 5, '0')"
    two_versions = "hash(i, 7) % 2 = 0"
    versions = f"""
        SELECT i, DATE '1900-01-01' AS valid_from,
               CASE WHEN {two_versions} THEN {mid} ELSE DATE '9999-12-31' END AS valid_to, 1 AS version
        FROM range({{count}}) t(i)
        UNION ALL
        SELECT i, {mid}, DATE '9999-12-31', 2 FROM range({{count}}) t(i) WHERE {two_versions}
    """
    orgs = size.firms + size.branches
    return {
        "organisation": f"""
            SELECT 'F' || lpad(CAST(i AS VARCHAR), 5, '0') AS id, CAST(NULL AS VARCHAR) AS parent_id,
                   DATE '1900-01-01' AS valid_from, DATE '9999-12-31' AS valid_to
            FROM range({size.firms}) t(i)
            UNION ALL
            SELECT 'B' || lpad(CAST(i AS VARCHAR), 6, '0'),
                   'F' || lpad(CAST(hash(i, 1) % {size.firms} AS VARCHAR), 5, '0'),
                   DATE '1900-01-01', DATE '9999-12-31'
            FROM range({size.branches}) t(i)
        """,
        "contact": f"""
            SELECT 'C' || lpad(CAST(i AS VARCHAR), 7, '0') AS id,
                   'B' || lpad(CAST(hash(i, 2) % {size.branches} AS VARCHAR), 6, '0') AS organisation_id,
                   valid_from, valid_to
            FROM ({versions.format(count=size.advisors)})
        """,
        "account": f"""
            SELECT 'A' || lpad(CAST(i AS VARCHAR), 8, '0') AS id,
                   'C' || lpad(CAST(hash(i, 3) % {size.advisors} AS VARCHAR), 7, '0') AS contact_id,
                   CAST(NULL AS VARCHAR) AS organisation_id, hash(i, 4) % 50 = 0 AS omnibus,
                   valid_from, valid_to
            FROM ({versions.format(count=size.accounts)})
        """,
        "entity_attribute": f"""
            SELECT 'contact' AS kind, 'C' || lpad(CAST(i AS VARCHAR), 7, '0') AS id, valid_from, 'zip' AS name,
                   {zip_of.format(salt='5 + version')} AS value
            FROM ({versions.format(count=size.advisors)})
            UNION ALL
            SELECT 'contact', 'C' || lpad(CAST(i AS VARCHAR), 7, '0'), valid_from, 'channel',
                   'CH' || CAST(hash(i, 6) % 5 AS VARCHAR)
            FROM ({versions.format(count=size.advisors)})
            UNION ALL
            SELECT 'account', 'A' || lpad(CAST(i AS VARCHAR), 8, '0'), valid_from, 'segment',
                   'SEG' || lpad(CAST(hash(i, 8 + version) % 20000 AS VARCHAR), 4, '0')
            FROM ({versions.format(count=size.accounts)})
            UNION ALL
            SELECT 'account', 'A' || lpad(CAST(i AS VARCHAR), 8, '0'), DATE '1900-01-01', 'client_type',
                   CASE WHEN hash(i, 10) % 20 = 0 THEN 'institutional' ELSE 'retail' END
            FROM range({size.accounts}) t(i)
            UNION ALL
            SELECT 'organisation', 'F' || lpad(CAST(i AS VARCHAR), 5, '0'), DATE '1900-01-01', 'state',
                   'S' || CAST(hash(i, 11) % 50 AS VARCHAR)
            FROM range({orgs}) t(i) WHERE i < {size.firms}
        """,
        "account_rule": f"""
            SELECT 'AR' || CAST(i AS VARCHAR) AS code, 'INSTITUTIONAL' AS model,
                   'A' || lpad(CAST(i * 97 % {size.accounts} AS VARCHAR), 8, '0') AS account_id,
                   'I_PLAN' AS territory, DATE '1900-01-01' AS valid_from, DATE '9999-12-31' AS valid_to
            FROM range({max(1, size.accounts // 100)}) t(i)
        """,
    }


def _fact_query(size: Size) -> str:
    """Trades over 2025: mostly purchases, a fifth redemptions, amounts to the cent."""
    return f"""
        SELECT 'T' || CAST(i AS VARCHAR) AS fact_id,
               CASE WHEN hash(i, 20) % 5 = 0 THEN 'redemption' ELSE 'purchase' END AS kind,
               DATE '2025-01-01' + CAST(hash(i, 21) % 365 AS INTEGER) AS date,
               'A' || lpad(CAST(hash(i, 22) % {size.accounts} AS VARCHAR), 8, '0') AS account_id,
               CAST(NULL AS VARCHAR) AS contact_id,
               CAST(CAST((CASE WHEN hash(i, 20) % 5 = 0 THEN -1 ELSE 1 END) * (hash(i, 23) % 100000000 + 1)
                         AS DECIMAL(18, 0)) * CAST(0.01 AS DECIMAL(3, 2)) AS DECIMAL(18, 2)) AS amount
        FROM range({size.trades}) t(i)
    """
