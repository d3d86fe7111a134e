"""Rule lint: ties possible at one priority, rules that can never win, and what no rule covers.

Ties and shadowed rules are found from the rules alone, so a territory file can
be linted before any entity is loaded. Uncovered entities come from an
assignment run on the loaded book, and uncovered ZIP codes from the US ZIP code
universe of the `zipcodes` package.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from itertools import combinations

from territorial.demo.zip_universe import zip_codes
from territorial.domain.attribute import ZIP
from territorial.domain.master_data import MasterData
from territorial.domain.rule import AttributeRule
from territorial.rules.overlap import can_tie, shadows
from territorial.rules.ruleset import RuleSet
from territorial.service.assignment import assign_all
from territorial.service.workspace import Workspace
from territorial.store import load_master_data

GEOGRAPHIC = frozenset({ZIP, "state", "country"})
ZIP_EXAMPLES = 5


class FindingKind(StrEnum):
    TIE = "tie"
    SHADOWED = "shadowed"
    UNCOVERED_ENTITY = "uncovered_entity"
    UNCOVERED_ZIPS = "uncovered_zips"


@dataclass(frozen=True)
class Finding:
    """One warning of the lint, naming the coverage model and the rules or entity concerned."""

    kind: FindingKind
    coverage_model: str
    rules: tuple[str, ...]
    subject: str
    message: str


def lint_rules(rules: Iterable[AttributeRule]) -> list[Finding]:
    """Return the ties possible between rules of one priority and the rules a higher one always beats."""
    ordered = sorted(rules, key=lambda r: (r.coverage_model, r.priority, r.code, r.period.valid_from))
    findings: dict[tuple[FindingKind, str, tuple[str, ...]], Finding] = {}
    for first, second in combinations(ordered, 2):
        if first.code == second.code:
            continue
        if can_tie(first, second):
            key = (FindingKind.TIE, first.coverage_model, (first.code, second.code))
            findings.setdefault(key, _tie(first, second))
        for higher, lower in ((first, second), (second, first)):
            if shadows(higher, lower):
                key = (FindingKind.SHADOWED, lower.coverage_model, (lower.code, higher.code))
                findings.setdefault(key, _shadowed(higher, lower))
    return list(findings.values())


def lint_book(data: MasterData, as_of: date, zips: bool = True) -> list[Finding]:
    """Lint the rules of every coverage model, then look for entities and ZIP codes no rule covers on `as_of`."""
    findings = lint_rules(rule for code in data.model_codes() for rule in data.rules.get(code, []))
    findings += _uncovered_entities(data, as_of)
    if zips:
        for code in data.model_codes():
            findings += _uncovered_zips(code, data.rules.get(code, []), as_of)
    return findings


def lint_workspace(ws: Workspace, as_of: date, known_at: datetime | None = None, zips: bool = True) -> list[Finding]:
    ws.require_ready()
    return lint_book(load_master_data(ws.engine, known_at), as_of, zips)


def _tie(first: AttributeRule, second: AttributeRule) -> Finding:
    return Finding(
        FindingKind.TIE, first.coverage_model, (first.code, second.code), "",
        f"{first.code} → {first.territory} and {second.code} → {second.territory} share priority "
        f"{first.priority} and can match the same entity, which would be a conflict; give one of them "
        "another priority or make their conditions exclusive",
    )


def _shadowed(higher: AttributeRule, lower: AttributeRule) -> Finding:
    return Finding(
        FindingKind.SHADOWED, lower.coverage_model, (lower.code, higher.code), "",
        f"{lower.code} (priority {lower.priority}) can never win: {higher.code} (priority {higher.priority}) "
        f"matches everything it matches; remove {lower.code} or narrow {higher.code}",
    )


def _uncovered_entities(data: MasterData, as_of: date) -> list[Finding]:
    run = assign_all(data, as_of)
    return [
        Finding(FindingKind.UNCOVERED_ENTITY, a.coverage_model, (), f"{a.entity_kind} {a.entity_id}",
                f"{a.entity_kind} {a.entity_id} has no territory on {as_of.isoformat()}: {a.reason}")
        for a in run.assignments if a.status == "unassigned"
    ]


def _uncovered_zips(model: str, rules: list[AttributeRule], as_of: date) -> list[Finding]:
    """Return one finding listing the active US ZIP codes that no geographic rule of `model` matches.

    Only models with rules on ZIP or state are checked, and only rules that test
    nothing but ZIP, state and country count as covering a ZIP code.
    """
    if not any(c.attribute in (ZIP, "state") for rule in rules for c in rule.conditions):
        return []
    geographic = RuleSet([r for r in rules if all(c.attribute in GEOGRAPHIC for c in r.conditions)])
    missing = [z for z in zip_codes() if z.active
               and not geographic.rank({ZIP: z.code, "state": z.state, "country": "US"}, as_of).matched]
    if not missing:
        return []
    by_state = Counter(z.state for z in missing)
    states = ", ".join(f"{state} {count}" for state, count in sorted(by_state.items()))
    examples = ", ".join(z.code for z in missing[:ZIP_EXAMPLES])
    return [Finding(FindingKind.UNCOVERED_ZIPS, model, (), f"{len(missing)} ZIP codes",
                    f"{len(missing):,} active US ZIP codes match no geographic rule on {as_of.isoformat()} "
                    f"(by state: {states}; e.g. {examples})")]
