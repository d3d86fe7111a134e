"""Master data as the Arrow tables the bulk engine reads, built from a MasterData snapshot.

Every table is flat. Open-ended valid periods end on END, a real date, so interval
tests need no NULL handling. Entity attributes are long (one row per kind, id,
version and non-blank value), because blank values are absent, exactly as the
reference path treats them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from territorial.domain.fact import FactKind
from territorial.domain.master_data import MasterData
from territorial.domain.override import OverrideStatus
from territorial.domain.period import ValidPeriod
from territorial.engine.rule_compiler import CompiledRules, compile_rules

END = date(9999, 12, 31)
SPLIT_TYPE = pa.decimal128(5, 2)


@dataclass(frozen=True)
class MasterTables:
    """The engine's input tables, by table name."""

    tables: dict[str, pa.Table]

    def __getitem__(self, name: str) -> pa.Table:
        return self.tables[name]


def _end(period: ValidPeriod) -> date:
    return period.valid_to or END


def _table(rows: Iterable[tuple], schema: pa.Schema) -> pa.Table:
    # A version added twice in memory is one version, and the engine's joins expect unique rows.
    unique = dict.fromkeys(rows)
    columns = list(zip(*unique)) or [[] for _ in schema]
    return pa.Table.from_arrays([pa.array(list(c), f.type) for c, f in zip(columns, schema)], schema=schema)


MODEL = pa.schema([("model", pa.string()), ("name", pa.string()), ("valid_from", pa.date32()),
                   ("valid_to", pa.date32())])
MODEL_STEP = pa.schema([("model", pa.string()), ("name", pa.string()), ("valid_from", pa.date32()),
                        ("valid_to", pa.date32()), ("step", pa.string()), ("position", pa.int32())])
ORGANISATION = pa.schema([("id", pa.string()), ("parent_id", pa.string()), ("valid_from", pa.date32()),
                          ("valid_to", pa.date32())])
CONTACT = pa.schema([("id", pa.string()), ("organisation_id", pa.string()), ("valid_from", pa.date32()),
                     ("valid_to", pa.date32())])
ACCOUNT = pa.schema([("id", pa.string()), ("contact_id", pa.string()), ("organisation_id", pa.string()),
                     ("omnibus", pa.bool_()), ("valid_from", pa.date32()), ("valid_to", pa.date32())])
ENTITY_ATTRIBUTE = pa.schema([("kind", pa.string()), ("id", pa.string()), ("valid_from", pa.date32()),
                              ("name", pa.string()), ("value", pa.string())])
ACCOUNT_RULE = pa.schema([("code", pa.string()), ("model", pa.string()), ("account_id", pa.string()),
                          ("territory", pa.string()), ("valid_from", pa.date32()), ("valid_to", pa.date32())])
OVERRIDE = pa.schema([("override_id", pa.string()), ("model", pa.string()), ("target", pa.string()),
                      ("target_id", pa.string()), ("territory", pa.string()), ("active_from", pa.date32()),
                      ("active_to", pa.date32())])
TEAM = pa.schema([("model", pa.string()), ("territory", pa.string()), ("valid_from", pa.date32()),
                  ("valid_to", pa.date32()), ("team_version", pa.string()), ("person_id", pa.string()),
                  ("role", pa.string()), ("split", SPLIT_TYPE), ("basis_points", pa.int64()),
                  ("member_order", pa.int32())])
PERSON = pa.schema([("person_id", pa.string()), ("name", pa.string())])
FACT_KIND = pa.schema([("kind", pa.string()), ("direction", pa.int32())])


def master_tables(data: MasterData, entities: dict[str, pa.Table] | None = None) -> MasterTables:
    """Return the engine's input tables for `data` (every valid-time version).

    When `entities` is given (the organisation, contact and account rows that
    `store/entity_arrow.py` reads), it replaces the entities of `data`, which may then have none.
    """
    compiled: CompiledRules = compile_rules([r for rules in data.rules.values() for r in rules])
    tables = {
        "model": _table(((m.code, m.name, m.period.valid_from, _end(m.period))
                         for v in data.coverage_models.values() for m in v.items), MODEL),
        "model_step": _table(_model_steps(data), MODEL_STEP),
        **(entity_tables(entities) if entities is not None else _entity_tables(data)),
        "account_rule": _table(((r.code, r.coverage_model, r.account_id, r.territory, r.period.valid_from,
                                 _end(r.period)) for v in data.account_rules.values() for r in v.items),
                               ACCOUNT_RULE),
        "override": _table(_overrides(data), OVERRIDE),
        "team": _table(_team_members(data), TEAM),
        "person": _table(((p.id, p.name) for p in data.people.values()), PERSON),
        "fact_kind": _table(((kind.value, kind.direction) for kind in FactKind), FACT_KIND),
        **compiled.tables,
    }
    return MasterTables(tables)


def _entity_tables(data: MasterData) -> dict[str, pa.Table]:
    return {
        "organisation": _table(((o.id, o.parent_id, o.period.valid_from, _end(o.period))
                                for v in data.organisations.values() for o in v.items), ORGANISATION),
        "contact": _table(((c.id, c.organisation_id, c.period.valid_from, _end(c.period))
                           for v in data.contacts.values() for c in v.items), CONTACT),
        "account": _table(((a.id, a.contact_id, a.organisation_id, a.omnibus, a.period.valid_from, _end(a.period))
                           for v in data.accounts.values() for a in v.items), ACCOUNT),
        "entity_attribute": _table(_attributes(data), ENTITY_ATTRIBUTE),
    }


def entity_tables(rows: dict[str, pa.Table]) -> dict[str, pa.Table]:
    """Return the engine's entity tables from the store's rows (see `store/entity_arrow.py`)."""
    tables: dict[str, pa.Table] = {}
    for name, schema in (("organisation", ORGANISATION), ("contact", CONTACT), ("account", ACCOUNT)):
        table = rows[name]
        ends = pc.fill_null(table["valid_to"], pa.scalar(END, pa.date32()))
        columns = [table[f.name] if f.name != "valid_to" else ends for f in schema]
        tables[name] = pa.Table.from_arrays([c.cast(f.type) for c, f in zip(columns, schema)], schema=schema)
    tables["entity_attribute"] = _stored_attributes(rows)
    return tables


# One row per stored attribute that has a value. DuckDB unnests the JSON objects in this process
# whatever backend runs the engine, because parsing them one at a time in Python is slower.
STORED_ATTRIBUTE_SQL = """
SELECT e.kind, e.id, e.valid_from, j.key AS name, j.value ->> '$' AS value
FROM entity e, json_each(e.attributes) j
WHERE j.type <> 'NULL'
"""


def _stored_attributes(rows: dict[str, pa.Table]) -> pa.Table:
    entity = pa.concat_tables([
        pa.table({"kind": pa.array([kind] * rows[kind].num_rows, pa.string()), "id": rows[kind]["id"],
                  "valid_from": rows[kind]["valid_from"], "attributes": rows[kind]["attributes"]})
        for kind in ("organisation", "contact", "account")
    ])
    with duckdb.connect() as connection:
        connection.register("entity", entity)
        return connection.sql(STORED_ATTRIBUTE_SQL).to_arrow_table().cast(ENTITY_ATTRIBUTE)


def _model_steps(data: MasterData) -> Iterable[tuple]:
    for versions in data.coverage_models.values():
        for model in versions.items:
            for position, step in enumerate(model.resolution_order):
                yield (model.code, model.name, model.period.valid_from, _end(model.period), step.value, position)


def _attributes(data: MasterData) -> Iterable[tuple]:
    for kind, table in (("organisation", data.organisations), ("contact", data.contacts),
                        ("account", data.accounts)):
        for versions in table.values():
            for entity in versions.items:
                for name, value in entity.attributes.items():
                    if value is not None:
                        yield (kind, entity.id, entity.period.valid_from, name, value)


def _overrides(data: MasterData) -> Iterable[tuple]:
    """Yield each approved override over the dates it applies: its period, cut short by a reversal."""
    for overrides in data.overrides.values():
        for o in overrides:
            if o.status not in (OverrideStatus.APPROVED, OverrideStatus.REVERSED):
                continue
            active_to = _end(o.period)
            if o.reversed_from is not None:
                active_to = min(active_to, o.reversed_from)
            if active_to > o.period.valid_from:
                yield (o.id, o.coverage_model, o.target.value, o.target_id, o.territory, o.period.valid_from,
                       active_to)


def _team_members(data: MasterData) -> Iterable[tuple]:
    for versions in data.teams.values():
        for team in versions.items:
            # Members are kept in the cent order (role rank, then person id); member_order records it.
            for order, (member, bp) in enumerate(zip(team.members, team.basis_points)):
                yield (team.coverage_model, team.territory, team.period.valid_from, _end(team.period),
                       team.version, member.person_id, member.role, member.split, bp, order)
