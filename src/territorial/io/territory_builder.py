"""Turn the validated entries of a territory file into domain objects, recording every problem."""

from __future__ import annotations

from decimal import Decimal

from territorial.domain.coverage import (
    DEFAULT_RESOLUTION_ORDER,
    CoverageModel,
    CoverageTeam,
    Person,
    ResolutionStep,
    TeamMember,
)
from territorial.domain.money import CENT
from territorial.domain.period import BEGINNING, ValidPeriod
from territorial.domain.rule import AccountRule, AttributeRule
from territorial.domain.territory import Territory
from territorial.errors import DomainError
from territorial.io.document_problems import DocumentProblems
from territorial.io.rule_conditions import read_conditions
from territorial.io.suggestion import close_matches_hint
from territorial.io.territory_checks import (
    Version,
    check_hierarchy_cycles,
    check_overlaps,
    check_reference,
)
from territorial.io.territory_document import TerritoryDocument
from territorial.io.territory_schema import (
    CoverageModelEntry,
    TeamEntry,
    ValidEntries,
    VersionedEntry,
)
from territorial.io.yaml_source import DocumentPath

_STEP_NAMES = [step.value for step in ResolutionStep]


class TerritoryBuilder:
    """Builds a TerritoryDocument from a schema-valid file; problems go to `problems`."""

    def __init__(self, entries: ValidEntries, problems: DocumentProblems) -> None:
        self.entries = entries
        self.problems = problems
        self.default_from = entries.schema.valid_from or BEGINNING

        # Codes of entries with schema errors count as known, so that one typo is one problem.
        self.model_codes = entries.keys("coverage_models", "code")
        self.territory_codes = entries.keys("territories", "code")
        self.person_ids = entries.keys("people", "id")

    def build(self) -> TerritoryDocument:
        return TerritoryDocument(
            coverage_models=self._coverage_models(),
            territories=self._territories(),
            people=self._people(),
            teams=self._teams(),
            rules=self._rules(),
            account_rules=self._account_rules(),
        )

    def _period(self, entry: VersionedEntry, path: DocumentPath) -> ValidPeriod | None:
        """Return the entry's valid period, defaulting valid_from to the file's valid_from."""
        try:
            return ValidPeriod(entry.valid_from or self.default_from, entry.valid_to)
        except ValueError as error:
            self.problems.add(
                path + ("valid_to",),
                f"the valid period is empty: {error}",
                value=entry.valid_to.isoformat() if entry.valid_to else None,
                fix="set valid_to after valid_from (valid_to is the first day no longer "
                "covered), or leave it out for an open end",
            )
            return None

    def _coverage_models(self) -> list[CoverageModel]:
        models: list[CoverageModel] = []
        versions: list[Version] = []
        for index, entry in self.entries.entries("coverage_models"):
            path: DocumentPath = ("coverage_models", index)
            order = self._resolution_order(entry, path)
            period = self._period(entry, path)
            if order is None or period is None:
                continue
            models.append(CoverageModel(entry.code, entry.name, order, period))
            versions.append(Version(entry.code, period, path))
        check_overlaps("coverage model", versions, self.problems)
        return models

    def _resolution_order(
        self, entry: CoverageModelEntry, path: DocumentPath
    ) -> tuple[ResolutionStep, ...] | None:
        if entry.resolution_order is None:
            return DEFAULT_RESOLUTION_ORDER
        where = path + ("resolution_order",)
        if not entry.resolution_order:
            self.problems.add(
                where,
                f"coverage model {entry.code!r} has an empty resolution order",
                fix="list at least one step, or leave resolution_order out for the default order",
            )
            return None
        steps: list[ResolutionStep] = []
        for index, name in enumerate(entry.resolution_order):
            if name not in _STEP_NAMES:
                hint = close_matches_hint(name, _STEP_NAMES)
                self.problems.add(
                    where + (index,),
                    f"coverage model {entry.code!r} has the unknown resolution step {name!r}",
                    value=name,
                    fix=(f"{hint} " if hint else "") + f"Steps: {', '.join(_STEP_NAMES)}",
                )
            elif ResolutionStep(name) in steps:
                self.problems.add(
                    where + (index,),
                    f"coverage model {entry.code!r} lists the resolution step {name!r} twice",
                    value=name,
                    fix="list each step once; the first step that finds a territory wins",
                )
            else:
                steps.append(ResolutionStep(name))
        return tuple(steps) if len(steps) == len(entry.resolution_order) else None

    def _territories(self) -> list[Territory]:
        placed: list[tuple[Territory, DocumentPath]] = []
        versions: list[Version] = []
        for index, entry in self.entries.entries("territories"):
            path: DocumentPath = ("territories", index)
            if entry.parent is not None:
                check_reference(
                    "territory", entry.parent, self.territory_codes, path + ("parent",), self.problems
                )
            period = self._period(entry, path)
            if period is None:
                continue
            territory = Territory(entry.code, entry.name, entry.kind, entry.level, entry.parent, period)
            placed.append((territory, path))
            versions.append(Version(entry.code, period, path))
        check_overlaps("territory", versions, self.problems)
        check_hierarchy_cycles(placed, self.problems)
        return [territory for territory, _ in placed]

    def _people(self) -> list[Person]:
        people: list[Person] = []
        first_seen: dict[str, DocumentPath] = {}
        for index, entry in self.entries.entries("people"):
            path: DocumentPath = ("people", index)
            if entry.id in first_seen:
                self.problems.add(
                    path + ("id",),
                    f"person id {entry.id!r} is defined twice, first at "
                    f"{self.problems.where(first_seen[entry.id])}",
                    value=entry.id,
                    fix="give each person one entry with a unique id",
                )
                continue
            first_seen[entry.id] = path
            people.append(Person(entry.id, entry.name, entry.email))
        return people

    def _teams(self) -> list[CoverageTeam]:
        teams: list[CoverageTeam] = []
        versions: list[Version] = []
        for index, entry in self.entries.entries("teams"):
            path: DocumentPath = ("teams", index)
            self._check_team_references(entry, path)
            period = self._period(entry, path)
            if period is None:
                continue
            team = self._team(entry, period, path)
            if team is None:
                continue
            teams.append(team)
            versions.append(Version((entry.coverage_model, entry.territory), period, path))
        check_overlaps("coverage team", versions, self.problems)
        return teams

    def _check_team_references(self, entry: TeamEntry, path: DocumentPath) -> None:
        check_reference(
            "coverage model", entry.coverage_model, self.model_codes, path + ("coverage_model",), self.problems
        )
        check_reference("territory", entry.territory, self.territory_codes, path + ("territory",), self.problems)
        for index, member in enumerate(entry.members):
            where = path + ("members", index, "person")
            check_reference("person", member.person, self.person_ids, where, self.problems)

    def _team(self, entry: TeamEntry, period: ValidPeriod, path: DocumentPath) -> CoverageTeam | None:
        members = tuple(TeamMember(m.person, m.role, m.split) for m in entry.members)
        try:
            return CoverageTeam(entry.coverage_model, entry.territory, members, period)
        except DomainError as error:
            where, value = _split_location(entry, path)
            self.problems.add(
                where,
                str(error).rstrip("."),
                value=value,
                fix="give every member a split from 0 to 100 with at most two decimals, "
                "totalling exactly 100",
            )
            return None

    def _rules(self) -> list[AttributeRule]:
        rules: list[AttributeRule] = []
        versions: list[Version] = []
        for index, entry in self.entries.entries("rules"):
            path: DocumentPath = ("rules", index)
            self._check_target(entry.coverage_model, entry.territory, path)
            conditions = read_conditions(entry.code, entry.when, path + ("when",), self.problems)
            period = self._period(entry, path)
            if period is None:
                continue
            rules.append(
                AttributeRule(
                    entry.code, entry.coverage_model, entry.territory, entry.priority, conditions, period
                )
            )
            versions.append(Version(entry.code, period, path))
        check_overlaps("rule", versions, self.problems)
        return rules

    def _account_rules(self) -> list[AccountRule]:
        rules: list[AccountRule] = []
        versions: list[Version] = []
        for index, entry in self.entries.entries("account_rules"):
            path: DocumentPath = ("account_rules", index)
            self._check_target(entry.coverage_model, entry.territory, path)
            period = self._period(entry, path)
            if period is None:
                continue
            rules.append(AccountRule(entry.code, entry.account, entry.coverage_model, entry.territory, period))
            versions.append(Version((entry.coverage_model, entry.account), period, path))

        # An account lands in one territory per coverage model, so versions are keyed by
        # model and account rather than by rule code.
        check_overlaps("account rule for coverage model/account", versions, self.problems)
        return rules

    def _check_target(self, coverage_model: str, territory: str, path: DocumentPath) -> None:
        check_reference(
            "coverage model", coverage_model, self.model_codes, path + ("coverage_model",), self.problems
        )
        check_reference("territory", territory, self.territory_codes, path + ("territory",), self.problems)


def _split_location(entry: TeamEntry, path: DocumentPath) -> tuple[DocumentPath, str]:
    """Point at the first split that is invalid by itself, else at the members and their total."""
    for index, member in enumerate(entry.members):
        if member.split < 0 or member.split != member.split.quantize(CENT):
            return path + ("members", index, "split"), str(member.split)
    total = sum((m.split for m in entry.members), Decimal(0))
    return path + ("members",), str(total)
