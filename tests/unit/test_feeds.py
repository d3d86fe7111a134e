"""Reading CSV and Parquet feeds, and the internal fact file: good paths and bad input."""

from __future__ import annotations

import textwrap
from datetime import date
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from territorial.domain.fact import Fact, FactKind
from territorial.domain.period import BEGINNING
from territorial.errors import InputError, Problem
from territorial.io.fact_file import read_fact_file, write_facts
from territorial.io.feeds import read_accounts, read_aum, read_contacts, read_organisations, read_trades


def write_csv(tmp_path: Path, text: str, name: str = "feed.csv") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(reader, path: Path) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        reader(path)
    return caught.value.problems


def only_problem(reader, path: Path) -> Problem:
    problems = problems_of(reader, path)
    assert len(problems) == 1, problems
    return problems[0]


# Organisations, contacts and accounts


def test_organisations_keep_zip_and_normalise_codes(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        """\
        organisation_id,name,parent_id,ZIP,state,country,channel
        O1,Kestrel Bank,,02134-5678, ma , de ,wirehouse
        O2,Larch Branch,O1,00501,NY,,
        """,
    )

    organisations = read_organisations(path)

    assert organisations[0].attributes == {"zip": "02134", "state": "MA", "country": "DE", "channel": "wirehouse"}
    assert organisations[1].attributes == {"zip": "00501", "state": "NY", "country": None, "channel": None}
    assert organisations[1].parent_id == "O1"
    assert organisations[0].period.valid_from == BEGINNING


def test_zip_with_lost_leading_zero_is_rejected(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        """\
        organisation_id,name,zip,state
        O1,Bo Marsh Branch,02134,MA
        O2,Di Fenn Branch,2134,MA
        """,
    )

    problem = only_problem(read_organisations, path)

    assert problem.source == str(path)
    assert problem.row == 3
    assert problem.field == "zip"
    assert problem.value == "2134"
    assert "five digits" in problem.message
    assert "a leading zero may have been lost" in problem.message
    assert "row 3" in str(problem)


def test_six_digit_zip_is_rejected(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "contact_id,name,zip\nC1,Ed Rowe,021345\n")

    problem = only_problem(read_contacts, path)

    assert problem.row == 2
    assert problem.field == "zip"
    assert problem.value == "021345"
    assert "6 digits is not a ZIP code" in problem.message


def test_numeric_parquet_zip_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "organisations.parquet"
    pq.write_table(pa.table({"organisation_id": ["O1"], "name": ["Di Fenn"], "zip": [2134]}), path)

    problem = only_problem(read_organisations, path)

    assert problem.row == 2
    assert problem.value == "2134"
    assert "leading zero" in problem.message


def test_missing_required_column_lists_columns_found(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "id,name,zip\nO1,Kestrel,02134\n")

    problem = only_problem(read_organisations, path)

    assert problem.row == 1
    assert problem.field == "organisation_id"
    assert "columns found are id, name, zip" in problem.message


def test_blank_required_field_is_rejected(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "account_id,name\nA-1,Kestrel\n,Larch\n")

    problem = only_problem(read_accounts, path)

    assert problem.row == 3
    assert problem.field == "account_id"
    assert "account_id is blank" in problem.message


def test_duplicate_entity_id_is_rejected(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "contact_id,name\nC1,Ada Quill\nC2,Bo Marsh\nC1,Ada Quill\n")

    problem = only_problem(read_contacts, path)

    assert problem.row == 4
    assert problem.field == "contact_id"
    assert problem.value == "C1"
    assert "in row 2" in problem.message


def test_overlapping_entity_versions_are_rejected(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        """\
        organisation_id,name,state,valid_from,valid_to
        O1,Kestrel,MA,2024-01-01,2025-03-01
        O1,Kestrel,NH,2025-02-01,
        """,
    )

    problem = only_problem(read_organisations, path)

    assert problem.row == 3
    assert problem.value == "O1"
    assert "[2024-01-01, 2025-03-01) in row 2" in problem.message


def test_consecutive_entity_versions_are_accepted(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        """\
        organisation_id,name,state,valid_from,valid_to
        O1,Kestrel,MA,2024-01-01,2025-03-01
        O1,Kestrel,NH,2025-03-01,
        """,
    )

    organisations = read_organisations(path)

    assert [o.attributes["state"] for o in organisations] == ["MA", "NH"]
    assert organisations[1].period.valid_to is None


@pytest.mark.parametrize(("text", "message"), [("2025-02-30", "not a date in the calendar"), ("03/01/2025", "YYYY-MM-DD")])
def test_invalid_dates_are_rejected(tmp_path: Path, text: str, message: str) -> None:
    path = write_csv(tmp_path, f"contact_id,name,valid_from\nC1,Ada Quill,{text}\n")

    problem = only_problem(read_contacts, path)

    assert problem.row == 2
    assert problem.field == "valid_from"
    assert problem.value == text
    assert message in problem.message


def test_valid_to_not_after_valid_from_is_rejected(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "contact_id,name,valid_from,valid_to\nC1,Ada,2025-03-01,2025-03-01\n")

    problem = only_problem(read_contacts, path)

    assert problem.field == "valid_to"
    assert "must be after valid_from" in problem.message


def test_omnibus_flag_accepts_common_spellings(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "account_id,name,omnibus\nA1,a,Yes\nA2,b,0\nA3,c,\nA4,d,TRUE\n")

    accounts = read_accounts(path)

    assert [a.omnibus for a in accounts] == [True, False, False, True]


def test_invalid_omnibus_flag_is_rejected(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "account_id,name,omnibus\nA1,a,maybe\n")

    problem = only_problem(read_accounts, path)

    assert problem.field == "omnibus"
    assert problem.value == "maybe"


def test_own_parent_is_rejected(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "organisation_id,name,parent_id\nO1,Kestrel,O1\n")

    problem = only_problem(read_organisations, path)

    assert problem.field == "parent_id"
    assert "its own parent" in problem.message


def test_every_problem_of_a_file_is_reported(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        """\
        organisation_id,name,zip,valid_from
        O1,,2134,
        O2,Larch,02134,2025-13-01
        """,
    )

    problems = problems_of(read_organisations, path)

    assert [(p.row, p.field) for p in problems] == [(2, "name"), (2, "zip"), (3, "valid_from")]


def test_blank_lines_keep_row_numbers(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "contact_id,name\nC1,Ada\n\nC2,\n")

    problem = only_problem(read_contacts, path)

    assert problem.row == 4


# Trades and AUM


TRADES = """\
trade_id,trade_date,account_id,contact_id,kind,amount,fund,share_class
T1,2025-01-10,A-1,C1,purchase,"1,000.00",GRW,A
T2,2025-01-20,A-1,,redemption,200.00,GRW,A
T3,2025-02-05,A-1,C1,Redemption,300,GRW,I
T4,2025-02-06,A-1,C1,redemption,-300.00,GRW,I
T5,2025-02-07,A-1,C1,exchange_out,50.5,GRW,I
"""


def test_trades_are_signed_by_direction(tmp_path: Path) -> None:
    path = write_csv(tmp_path, TRADES)

    trades = read_trades(path)

    assert [t.amount for t in trades] == [
        Decimal("1000.00"),
        Decimal("-200.00"),
        Decimal("-300.00"),
        Decimal("300.00"),
        Decimal("-50.50"),
    ]
    assert trades[1].kind is FactKind.REDEMPTION
    assert trades[1].contact_id is None
    assert trades[0].date == date(2025, 1, 10)
    assert trades[0].attributes == {"fund": "GRW", "share_class": "A"}


def test_trades_read_the_same_from_parquet(tmp_path: Path) -> None:
    csv_path = write_csv(tmp_path, TRADES)
    parquet_path = tmp_path / "trades.parquet"
    rows = read_trades(csv_path)
    pq.write_table(
        pa.table(
            {
                "trade_id": [t.id for t in rows],
                "trade_date": [t.date for t in rows],
                "account_id": [t.account_id for t in rows],
                "contact_id": [t.contact_id for t in rows],
                "kind": [t.kind.value for t in rows],
                "amount": pa.array([abs(t.amount) if t.id != "T4" else Decimal("-300.00") for t in rows], pa.decimal128(18, 2)),
                "fund": [t.attributes["fund"] for t in rows],
                "share_class": [t.attributes["share_class"] for t in rows],
            }
        ),
        parquet_path,
    )

    trades = read_trades(parquet_path)

    assert trades == rows


def test_amount_with_three_decimals_is_rejected(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "trade_id,trade_date,account_id,kind,amount\nT1,2025-01-10,A-1,purchase,10.005\n")

    problem = only_problem(read_trades, path)

    assert problem.row == 2
    assert problem.field == "amount"
    assert problem.value == "10.005"
    assert "at most two decimals" in problem.message


def test_amount_not_a_number_is_rejected(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "trade_id,trade_date,account_id,kind,amount\nT1,2025-01-10,A-1,purchase,ten\n")

    problem = only_problem(read_trades, path)

    assert problem.value == "ten"
    assert "not an amount" in problem.message


@pytest.mark.parametrize("text", ["1.000,00", "1,00", "12,34,5", "1e3", "NaN"])
def test_ambiguous_amount_is_rejected(tmp_path: Path, text: str) -> None:
    path = write_csv(tmp_path, f'trade_id,trade_date,account_id,kind,amount\nT1,2025-01-10,A-1,purchase,"{text}"\n')

    problem = only_problem(read_trades, path)

    assert problem.value == text
    assert "a comma only between groups of three digits" in problem.message


def test_thousands_separators_are_accepted(tmp_path: Path) -> None:
    path = write_csv(tmp_path, 'trade_id,trade_date,account_id,kind,amount\nT1,2025-01-10,A-1,purchase,"1,234,567.89"\n')

    [trade] = read_trades(path)

    assert trade.amount == Decimal("1234567.89")


def test_float_amount_column_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "trades.parquet"
    table = {"trade_id": ["T1"], "trade_date": ["2025-01-10"], "account_id": ["A-1"], "kind": ["purchase"], "amount": [0.1]}
    pq.write_table(pa.table(table), path)

    problem = only_problem(read_trades, path)

    assert problem.field == "amount"
    assert "floating point" in problem.message


def test_unknown_kind_lists_valid_kinds(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "trade_id,trade_date,account_id,kind,amount\nT1,2025-01-10,A-1,purchse,10.00\n")

    problem = only_problem(read_trades, path)

    assert problem.field == "kind"
    assert problem.value == "purchse"
    assert "did you mean 'purchase'" in problem.fix
    assert "redemption, exchange_in, exchange_out, transfer_in, transfer_out" in problem.fix


def test_aum_kind_is_not_a_trade(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "trade_id,trade_date,account_id,kind,amount\nT1,2025-01-10,A-1,aum,10.00\n")

    problem = only_problem(read_trades, path)

    assert problem.value == "aum"


def test_duplicate_trade_id_is_rejected(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "trade_id,trade_date,account_id,kind,amount\nT1,2025-01-10,A-1,purchase,1\nT1,2025-01-11,A-1,purchase,2\n",
    )

    problem = only_problem(read_trades, path)

    assert problem.row == 3
    assert problem.field == "trade_id"
    assert "first in row 2" in problem.message


def test_aum_positions_get_default_ids(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        """\
        position_date,account_id,amount,fund,share_class
        2025-03-31,A-1,1500000.00,GRW,I
        2025-03-31,A-1,0,,
        """,
    )

    positions = read_aum(path)

    assert [p.id for p in positions] == ["AUM:A-1:GRW:2025-03-31", "AUM:A-1:-:2025-03-31"]
    assert positions[0].kind is FactKind.AUM
    assert positions[0].amount == Decimal("1500000.00")


def test_negative_aum_is_rejected(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "position_id,position_date,account_id,amount\nP1,2025-03-31,A-1,-5.00\n")

    problem = only_problem(read_aum, path)

    assert problem.field == "amount"
    assert problem.value == "-5.00"
    assert "cannot be negative" in problem.message


def test_colliding_default_aum_ids_are_rejected(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "position_date,account_id,amount,fund\n2025-03-31,A-1,5.00,GRW\n2025-03-31,A-1,6.00,GRW\n")

    problem = only_problem(read_aum, path)

    assert problem.row == 3
    assert problem.value == "AUM:A-1:GRW:2025-03-31"


def test_unsupported_extension_is_rejected(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "trade_id\n", name="trades.xlsx")

    problem = only_problem(read_trades, path)

    assert "unsupported file type '.xlsx'" in problem.message


# The internal fact file


def test_fact_file_round_trips_facts(tmp_path: Path) -> None:
    facts = [
        Fact("T1", FactKind.PURCHASE, date(2025, 1, 10), "A-1", Decimal("1000.00"), "C1", {"fund": "GRW", "vehicle": None}),
        Fact("T2", FactKind.REDEMPTION, date(2025, 1, 20), "A-1", Decimal("-0.05")),
        Fact("AUM:A-1:-:2025-03-31", FactKind.AUM, date(2025, 3, 31), "A-1", Decimal("99999999999999.99")),
    ]
    path = tmp_path / "facts.parquet"

    write_facts(facts, path)
    read_back = read_fact_file(path)

    assert read_back == facts
    assert pq.read_schema(path).field("amount").type == pa.decimal128(18, 2)


def test_fact_file_of_no_facts_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "facts.parquet"

    write_facts([], path)

    assert read_fact_file(path) == []
