"""Territory-as-code: read a YAML territory file into domain objects, all or nothing.

The file format is described in docs/territory-as-code.md. Every problem found is
reported with the file, the line (as `row`), the document path (as `field`, for
example teams[3].members[1].split, counting list items from 0) and the value. The
reader raises one InputError with all of them and returns nothing partial.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic_core import ErrorDetails

from territorial.errors import InputError, Problem
from territorial.io.document_problems import DocumentProblems
from territorial.io.suggestion import close_matches_hint
from territorial.io.territory_builder import TerritoryBuilder
from territorial.io.territory_document import TerritoryDocument
from territorial.io.territory_schema import allowed_keys, validate_entries
from territorial.io.yaml_source import DocumentPath, YamlSource, load_yaml

_FIXES = {
    "int_parsing": "write a whole number, for example 10",
    "decimal_parsing": "write a number, for example 33.33",
    "finite_number": "write a finite number, for example 33.33",
    "enum": "use one of the values listed",
    "list_type": "write a YAML list: items on lines starting with '- ', or [a, b]",
    "dict_type": "write a mapping of key: value pairs",
    "model_type": "write a mapping of key: value pairs",
    "string_type": "write a single value here",
    "string_too_short": "fill in a value",
}
_CONDITION_SHAPE_FIX = "write attribute: {operator: value}, for example state: {in: [MA, NH]}"


def read_territory_file(path: str | Path) -> TerritoryDocument:
    """Read and validate a territory file; raise InputError listing every problem found."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError([Problem("file not found", fix="check the path", source=source)]) from None
    except UnicodeDecodeError as error:
        problem = Problem(
            f"the file is not UTF-8 text ({error.reason} at byte {error.start})",
            fix="save the file as UTF-8",
            source=source,
        )
        raise InputError([problem]) from None
    return parse_territory_text(text, source)


def parse_territory_text(text: str, source: str = "<text>") -> TerritoryDocument:
    """Validate territory-file YAML given as text; `source` names it in problems."""
    yaml_source = _parse_yaml(text, source)
    problems = DocumentProblems(source, yaml_source)
    for path in yaml_source.duplicate_keys:
        problems.add(path, f"the key {path[-1]!r} appears twice in the same mapping", fix="keep one of them")

    entries, errors = validate_entries(yaml_source.data)
    for detail in errors:
        _add_schema_problem(tuple(detail["loc"]), detail, problems)
    if entries is None:
        raise InputError(problems.in_file_order())

    document = TerritoryBuilder(entries, problems).build()
    if problems.problems:
        raise InputError(problems.in_file_order())
    return document


def _parse_yaml(text: str, source: str) -> YamlSource:
    try:
        yaml_source = load_yaml(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = Problem(
            f"invalid YAML: {error.problem or error.context}",
            fix="correct the YAML syntax at this line (indentation, quotes, colons)",
            source=source,
            row=mark.line + 1 if mark else None,
        )
        raise InputError([problem]) from None
    except yaml.YAMLError as error:
        raise InputError([Problem(f"invalid YAML: {error}", source=source)]) from None

    if not isinstance(yaml_source.data, dict):
        problem = Problem(
            "a territory file is a YAML mapping that starts with version: 1",
            fix="see docs/territory-as-code.md for an example",
            source=source,
            row=1,
        )
        raise InputError([problem])
    return yaml_source


def _add_schema_problem(path: DocumentPath, detail: ErrorDetails, problems: DocumentProblems) -> None:
    kind = detail["type"]
    if kind == "extra_forbidden":
        key = str(path[-1])
        allowed = allowed_keys(path[:-1])
        hint = close_matches_hint(key, allowed)
        problems.add(
            path,
            f"unknown key {key!r}",
            value=key,
            fix=(f"{hint} " if hint else "") + f"Allowed keys here: {', '.join(allowed)}",
        )
    elif kind == "missing":
        problems.add(path, f"the required key {path[-1]!r} is missing", fix=f"add {path[-1]}: <value>")
    else:
        fix = _CONDITION_SHAPE_FIX if "when" in path and kind == "dict_type" else _FIXES.get(kind, "")
        message = detail["msg"].removeprefix("Value error, ")
        problems.add(path, message, value=detail.get("input"), fix=fix)
