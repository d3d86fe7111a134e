"""A CSV or Parquet file read as columns of text, so no reader can reinterpret a value.

Every cell becomes a trimmed string, or None when blank: 02134 stays "02134" and
200.10 stays "200.10". Column names are trimmed and lower-cased. Row numbers count
the header as row 1, so the first record is row 2 in both formats. For a CSV file
without line breaks inside quoted cells, that is also the line number in the file.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from territorial.errors import InputError, Problem

FIRST_RECORD_ROW = 2
CSV_SUFFIXES = frozenset({".csv"})
PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})


@dataclass(frozen=True)
class Table:
    """The cells of one file by column name, plus the Parquet columns stored as floating point.

    `row_numbers[i]` is the row number that messages show for record `i`. Blank CSV
    lines are skipped, so the numbers can have gaps.
    """

    source: str
    columns: dict[str, list[str | None]]
    row_numbers: list[int]
    float_columns: frozenset[str] = field(default_factory=frozenset)

    @property
    def row_count(self) -> int:
        return len(self.row_numbers)


def read_table(path: str | Path) -> Table:
    """Read a .csv or .parquet file as text columns; raise InputError when it cannot be read."""
    file = Path(path)
    source = str(path)
    suffix = file.suffix.lower()
    if suffix not in CSV_SUFFIXES | PARQUET_SUFFIXES:
        raise InputError(
            [Problem(f"unsupported file type {file.suffix!r}", fix="give a .csv or .parquet file", source=source)]
        )
    if not file.is_file():
        raise InputError([Problem("file not found", fix="check the path", source=source)])
    if suffix in CSV_SUFFIXES:
        return _read_csv(file, source)
    return _read_parquet(file, source)


def _read_csv(file: Path, source: str) -> Table:
    # utf-8-sig drops the byte-order mark that spreadsheet exports put before the header.
    try:
        with file.open(newline="", encoding="utf-8-sig") as stream:
            records = list(csv.reader(stream))
    except UnicodeDecodeError as error:
        raise InputError(
            [Problem(f"the file is not UTF-8 text ({error.reason})", fix="save it as UTF-8 CSV", source=source)]
        ) from None
    except csv.Error as error:
        raise InputError([Problem(f"invalid CSV: {error}", source=source)]) from None

    if not records:
        raise InputError([Problem("the file is empty; the first row must name the columns", source=source)])
    names = _column_names(records[0], source)
    numbered = [
        (number, row)
        for number, row in enumerate(records[1:], start=FIRST_RECORD_ROW)
        if any(cell.strip() for cell in row)
    ]
    _check_widths(numbered, len(names), source)
    body = [row for _, row in numbered]
    columns = {name: [_cell(row, index) for row in body] for index, name in enumerate(names)}
    return Table(source, columns, [number for number, _ in numbered])


def _read_parquet(file: Path, source: str) -> Table:
    try:
        arrow_table = pq.read_table(file)
    except (pa.ArrowInvalid, OSError) as error:
        raise InputError([Problem(f"invalid Parquet file: {error}", source=source)]) from None

    names = _column_names(arrow_table.column_names, source)
    columns: dict[str, list[str | None]] = {}
    floats: set[str] = set()
    for name, column in zip(names, arrow_table.columns):
        if pa.types.is_floating(column.type):
            floats.add(name)
        text = pc.utf8_trim_whitespace(pc.cast(column, pa.string()))
        columns[name] = [value or None for value in text.to_pylist()]
    row_numbers = list(range(FIRST_RECORD_ROW, FIRST_RECORD_ROW + arrow_table.num_rows))
    return Table(source, columns, row_numbers, frozenset(floats))


def _column_names(header: list[str], source: str) -> list[str]:
    names = [name.strip().lower() for name in header]
    seen: set[str] = set()
    for name in names:
        if not name:
            raise InputError([Problem("a column has no name", row=1, fix="name every column in the header", source=source)])
        if name in seen:
            raise InputError(
                [Problem("the column appears twice", row=1, field=name, fix="keep one of them", source=source)]
            )
        seen.add(name)
    return names


def _check_widths(numbered: list[tuple[int, list[str]]], width: int, source: str) -> None:
    problems = [
        Problem(
            f"the row has {len(row)} cells but the header has {width} columns",
            row=number,
            fix="quote cells that contain commas, or remove the extra cells",
            source=source,
        )
        for number, row in numbered
        if len(row) > width and any(cell.strip() for cell in row[width:])
    ]
    if problems:
        raise InputError(problems)


def _cell(row: list[str], index: int) -> str | None:
    # Short rows are common in hand-edited CSV; their missing cells are blank.
    if index >= len(row):
        return None
    return row[index].strip() or None
