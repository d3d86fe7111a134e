"""Runs the reference path and the bulk engine on the same master data and facts, and lists the differences."""

from __future__ import annotations

from datetime import date

from territorial.domain.fact import Fact
from territorial.domain.master_data import MasterData
from territorial.engine.backend import Backend
from territorial.engine.bulk import BulkEngine
from territorial.engine.master_tables import master_tables
from territorial.io.fact_file import facts_to_table
from territorial.service.assignment import assign_all
from territorial.service.attribution import Attributor

PLACEMENT_FIELDS = ("status", "territory", "step", "source", "channel", "reason", "date", "kind", "amount")
CREDIT_FIELDS = ("fact_id", "coverage_model", "territory", "person_id", "role", "split", "amount", "step", "source",
                 "team_version")
ASSIGNMENT_FIELDS = ("status", "territory", "step", "source", "reason")


def placement_differences(data: MasterData, facts: list[Fact], backend: Backend) -> list[str]:
    """Attribute `facts` both ways; return one line per placement or credit that differs."""
    reference = Attributor(data).run(facts)
    engine = BulkEngine(backend)
    engine.load_master(master_tables(data))
    engine.load_fact_table(facts_to_table(facts))
    engine.attribute()
    bulk = {(row["fact_id"], row["coverage_model"]): row for row in engine.placements().to_pylist()}

    differences = []
    for placement in reference.placements:
        row = bulk.pop((placement.fact_id, placement.coverage_model), None)
        if row is None:
            differences.append(f"missing placement {placement}")
            continue
        for name in PLACEMENT_FIELDS:
            if getattr(placement, name) != row[name]:
                differences.append(f"{placement.fact_id}/{placement.coverage_model} {name}: "
                                   f"reference {getattr(placement, name)!r}, bulk {row[name]!r}")
    differences += [f"extra placement {row}" for row in bulk.values()]

    expected = sorted(tuple(getattr(c, name) for name in CREDIT_FIELDS) for c in reference.credits)
    found = sorted(tuple(row[name] for name in CREDIT_FIELDS) for row in engine.credits().to_pylist())
    if expected != found:
        differences.append(f"credits differ: reference {expected}, bulk {found}")
    return differences


def assignment_differences(data: MasterData, day: date, backend: Backend) -> list[str]:
    """Assign every entity both ways on `day`; return one line per assignment that differs."""
    reference = assign_all(data, day).assignments
    engine = BulkEngine(backend)
    engine.load_master(master_tables(data))
    bulk = {(r["entity_kind"], r["entity_id"], r["coverage_model"]): r for r in engine.assign(day).to_pylist()}

    differences = []
    for assignment in reference:
        row = bulk.pop((assignment.entity_kind, assignment.entity_id, assignment.coverage_model), None)
        if row is None:
            differences.append(f"missing assignment {assignment}")
            continue
        for name in ASSIGNMENT_FIELDS:
            if getattr(assignment, name) != row[name]:
                differences.append(f"{assignment.entity_kind} {assignment.entity_id}/{assignment.coverage_model} "
                                   f"{name}: reference {getattr(assignment, name)!r}, bulk {row[name]!r}")
        if ", ".join(assignment.tied_rules) != row["tied_rules"]:
            differences.append(f"{assignment.entity_id} tied rules: {assignment.tied_rules} vs {row['tied_rules']}")
    differences += [f"extra assignment {row}" for row in bulk.values()]
    return differences


def interval_differences(data: MasterData, days: list[date], backend: Backend) -> list[str]:
    """Check the coalesced assignment intervals against assigning every entity on each of `days`."""
    engine = BulkEngine(backend)
    engine.load_master(master_tables(data))
    intervals = engine.assignment_intervals().to_pylist()

    differences = []
    for day in days:
        covering = {(r["entity_kind"], r["entity_id"], r["coverage_model"]): r for r in intervals
                    if r["valid_from"] <= day < r["valid_to"]}
        for assignment in assign_all(data, day).assignments:
            row = covering.get((assignment.entity_kind, assignment.entity_id, assignment.coverage_model))
            found = (row["status"], row["territory"], row["step"], row["source"]) if row else None
            expected = (assignment.status, assignment.territory, assignment.step, assignment.source)
            if found != expected:
                differences.append(f"{day} {assignment.entity_kind} {assignment.entity_id}/"
                                   f"{assignment.coverage_model}: reference {expected}, interval {found}")
    return differences
