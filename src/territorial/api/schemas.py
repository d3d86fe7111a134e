"""Request and response bodies, and their conversion from domain objects.

Money is a decimal string ("1234.50") so that no amount passes through a float.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from territorial.domain.coverage import CoverageModel, CoverageTeam
from territorial.domain.credit import Credit
from territorial.domain.master_data import MasterData
from territorial.domain.override import Override
from territorial.domain.rule import AccountRule, AttributeRule
from territorial.domain.territory import Territory
from territorial.rules.resolution import Resolution, StepOutcome
from territorial.service.assignment import Assignment
from territorial.service.explain import Explanation, ModelExplanation
from territorial.service.rollup import PersonRow, RollupRow
from territorial.store import AuditEntry
from territorial.store.api_token import ApiToken


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Validity(BaseModel):
    valid_from: date
    valid_to: date | None


class CoverageModelOut(Validity):
    code: str
    name: str
    resolution_order: list[str]

    @classmethod
    def of(cls, model: CoverageModel) -> CoverageModelOut:
        return cls(code=model.code, name=model.name, resolution_order=[s.value for s in model.resolution_order],
                   valid_from=model.period.valid_from, valid_to=model.period.valid_to)


class TerritoryOut(Validity):
    code: str
    name: str
    kind: str
    level: str
    parent: str | None

    @classmethod
    def of(cls, territory: Territory) -> TerritoryOut:
        return cls(code=territory.code, name=territory.name, kind=territory.kind.value, level=territory.level,
                   parent=territory.parent, valid_from=territory.period.valid_from,
                   valid_to=territory.period.valid_to)


class MemberOut(BaseModel):
    person_id: str
    name: str
    role: str
    split: Decimal


class TeamOut(Validity):
    coverage_model: str
    territory: str
    members: list[MemberOut]

    @classmethod
    def of(cls, team: CoverageTeam, data: MasterData) -> TeamOut:
        members = [MemberOut(person_id=m.person_id, role=m.role, split=m.split,
                             name=data.people[m.person_id].name if m.person_id in data.people else m.person_id)
                   for m in team.members]
        return cls(coverage_model=team.coverage_model, territory=team.territory, members=members,
                   valid_from=team.period.valid_from, valid_to=team.period.valid_to)


class RuleOut(Validity):
    code: str
    coverage_model: str
    territory: str
    priority: int
    conditions: list[str]

    @classmethod
    def of(cls, rule: AttributeRule) -> RuleOut:
        return cls(code=rule.code, coverage_model=rule.coverage_model, territory=rule.territory,
                   priority=rule.priority, conditions=[c.describe() for c in rule.conditions],
                   valid_from=rule.period.valid_from, valid_to=rule.period.valid_to)


class AccountRuleOut(Validity):
    code: str
    coverage_model: str
    account_id: str
    territory: str

    @classmethod
    def of(cls, rule: AccountRule) -> AccountRuleOut:
        return cls(code=rule.code, coverage_model=rule.coverage_model, account_id=rule.account_id,
                   territory=rule.territory, valid_from=rule.period.valid_from, valid_to=rule.period.valid_to)


class TerritoryDetailOut(BaseModel):
    """A territory's versions, and per coverage model the versions of its team."""

    code: str
    versions: list[TerritoryOut]
    children: list[str]
    teams: dict[str, list[TeamOut]]


class PlacementOut(BaseModel):
    """An entity's place in one coverage model, with the step and the rule or override that put it there."""

    coverage_model: str
    status: str
    territory: str | None
    territory_name: str | None
    step: str | None
    source: str | None
    reason: str
    tied_rules: list[str]


class AssignmentOut(PlacementOut):
    entity_kind: str
    entity_id: str

    @classmethod
    def of(cls, assignment: Assignment, data: MasterData, as_of: date) -> AssignmentOut:
        return cls(entity_kind=assignment.entity_kind, entity_id=assignment.entity_id,
                   coverage_model=assignment.coverage_model, status=assignment.status,
                   territory=assignment.territory, territory_name=territory_name(data, assignment.territory, as_of),
                   step=assignment.step, source=assignment.source, reason=assignment.reason,
                   tied_rules=list(assignment.tied_rules))


class OrganisationIn(Strict):
    name: str = Field(min_length=1)
    parent_id: str | None = None
    attributes: dict[str, str | None] = {}
    valid_from: date | None = Field(None, description="First day of this version (default: today).")
    valid_to: date | None = Field(None, description="Day after the last day; empty means open-ended.")


class ContactIn(Strict):
    name: str = Field(min_length=1)
    organisation_id: str | None = None
    attributes: dict[str, str | None] = {}
    valid_from: date | None = Field(None, description="First day of this version (default: today).")
    valid_to: date | None = Field(None, description="Day after the last day; empty means open-ended.")


class AccountIn(Strict):
    name: str = Field(min_length=1)
    contact_id: str | None = None
    organisation_id: str | None = None
    omnibus: bool = False
    attributes: dict[str, str | None] = {}
    valid_from: date | None = Field(None, description="First day of this version (default: today).")
    valid_to: date | None = Field(None, description="Day after the last day; empty means open-ended.")


class EntityOut(Validity):
    kind: str
    id: str
    name: str
    parent_id: str | None = None
    organisation_id: str | None = None
    contact_id: str | None = None
    omnibus: bool | None = None
    attributes: dict[str, str | None]


class EntityPlacementsOut(BaseModel):
    """An entity as stored, with its territory in every coverage model on `as_of`."""

    entity: EntityOut
    as_of: date
    territories: list[PlacementOut]


class StepOut(BaseModel):
    step: str
    subject: str
    territory: str | None
    source: str | None
    matched_rules: list[str]
    tied_rules: list[str]
    note: str

    @classmethod
    def of(cls, outcome: StepOutcome) -> StepOut:
        return cls(step=outcome.step.value, subject=outcome.subject, territory=outcome.territory,
                   source=outcome.source, matched_rules=[r.code for r in outcome.matched],
                   tied_rules=[r.code for r in outcome.tied], note=outcome.note)


class CreditOut(BaseModel):
    fact_id: str
    coverage_model: str
    territory: str
    person_id: str
    role: str
    split: Decimal
    amount: Decimal
    step: str
    source: str | None
    team_version: str

    @classmethod
    def of(cls, credit: Credit) -> CreditOut:
        return cls(**{name: getattr(credit, name) for name in cls.model_fields})


class ModelExplanationOut(PlacementOut):
    trail: list[StepOut]
    lost_rules: list[str]
    set_aside: StepOut | None
    team: list[MemberOut]
    credits: list[CreditOut]


class ExplanationOut(BaseModel):
    subject: str
    as_of: date
    models: list[ModelExplanationOut]

    @classmethod
    def of(cls, explanation: Explanation, data: MasterData) -> ExplanationOut:
        return cls(subject=explanation.subject, as_of=explanation.day,
                   models=[_model_explanation(m, data) for m in explanation.models])


def _model_explanation(model: ModelExplanation, data: MasterData) -> ModelExplanationOut:
    resolution = model.resolution
    team = TeamOut.of(model.team, data).members if model.team else []
    return ModelExplanationOut(
        **placement_fields(resolution), territory_name=model.territory_name,
        trail=[StepOut.of(o) for o in resolution.trail], lost_rules=[r.code for r in model.losers()],
        set_aside=StepOut.of(resolution.set_aside) if resolution.set_aside else None, team=team,
        credits=[CreditOut.of(c) for c in model.credits],
    )


def placement_fields(resolution: Resolution) -> dict[str, Any]:
    return {"coverage_model": resolution.coverage_model, "status": resolution.status.value,
            "territory": resolution.territory, "step": resolution.step.value if resolution.step else None,
            "source": resolution.source, "reason": resolution.reason, "tied_rules": list(resolution.tied_rules)}


def territory_name(data: MasterData, code: str | None, day: date) -> str | None:
    versions = data.territories.get(code) if code else None
    version = versions.at(day) if versions else None
    return version.name if version else None


class RollupRowOut(BaseModel):
    coverage_model: str
    dimension: str
    key: str
    name: str
    level: str
    gross_sales: Decimal
    redemptions: Decimal
    net_flows: Decimal
    aum: Decimal
    facts: int

    @classmethod
    def of(cls, row: RollupRow) -> RollupRowOut:
        return cls(**{name: getattr(row, name) for name in cls.model_fields})

    @classmethod
    def of_person(cls, row: PersonRow) -> RollupRowOut:
        return cls(coverage_model=row.coverage_model, dimension="person", key=row.person_id, name=row.name,
                   level="person", gross_sales=row.gross_sales, redemptions=row.redemptions,
                   net_flows=row.net_flows, aum=row.aum, facts=0)


class OverrideIn(Strict):
    target: str = Field(description="trade, account, contact or organisation")
    target_id: str = Field(min_length=1)
    coverage_model: str = Field(min_length=1)
    territory: str = Field(min_length=1)
    valid_from: date
    valid_to: date | None = None
    reason: str = Field(min_length=1)


class DecisionIn(Strict):
    reason: str = ""


class ReversalIn(Strict):
    reversed_from: date
    reason: str = Field(min_length=1)


class OverrideOut(Validity):
    id: str
    target: str
    target_id: str
    coverage_model: str
    territory: str
    reason: str
    requested_by: str
    status: str
    decided_by: str | None
    reversed_from: date | None

    @classmethod
    def of(cls, override: Override) -> OverrideOut:
        return cls(id=override.id, target=override.target.value, target_id=override.target_id,
                   coverage_model=override.coverage_model, territory=override.territory, reason=override.reason,
                   requested_by=override.requested_by, status=override.status.value,
                   decided_by=override.decided_by, reversed_from=override.reversed_from,
                   valid_from=override.period.valid_from, valid_to=override.period.valid_to)


class AuditEntryOut(BaseModel):
    recorded_at: datetime
    user: str
    action: str
    entity_kind: str
    entity_id: str
    coverage_model: str | None
    territory: str | None
    reason: str
    before: Any
    after: Any

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditEntryOut:
        return cls(**{name: getattr(entry, name) for name in cls.model_fields})


class TokenIn(Strict):
    user: str = Field(min_length=1)
    label: str = Field(min_length=1)


class TokenOut(BaseModel):
    token_id: str
    user: str
    label: str
    created_at: datetime
    created_by: str
    revoked_at: datetime | None

    @classmethod
    def of(cls, token: ApiToken) -> TokenOut:
        return cls(token_id=token.token_id, user=token.user_name, label=token.label, created_at=token.created_at,
                   created_by=token.created_by, revoked_at=token.revoked_at)


class IssuedTokenOut(TokenOut):
    token: str = Field(description="The bearer token; shown only in this response.")


class UserOut(BaseModel):
    name: str
    role: str
    display_name: str
