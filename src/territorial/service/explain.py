"""Explain: why an advisor, account, organisation or trade sits where it does in each coverage model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from territorial.domain.coverage import CoverageTeam
from territorial.domain.credit import Credit, Lineage, split_fact
from territorial.domain.entity import EntityKind
from territorial.domain.fact import Fact
from territorial.domain.master_data import MasterData
from territorial.domain.rule import AttributeRule
from territorial.errors import NotFoundError
from territorial.rules.resolution import Resolution, Resolver, Status, Subject


@dataclass(frozen=True)
class ModelExplanation:
    coverage_model: str
    resolution: Resolution
    territory_name: str | None
    team: CoverageTeam | None
    credits: tuple[Credit, ...]
    winner_version: str = ""

    def losers(self) -> list[AttributeRule]:
        """Return the rules that also matched at the winning step and lost on priority."""
        winning = self.resolution.trail[-1] if self.resolution.trail else None
        if winning is None or not winning.matched:
            return []
        return [r for r in winning.matched if r.code != self.resolution.source and r not in winning.tied]


@dataclass(frozen=True)
class Explanation:
    subject: str
    day: date
    models: tuple[ModelExplanation, ...]


def explain_entity(data: MasterData, kind: EntityKind, entity_id: str, day: date) -> Explanation:
    table = {EntityKind.ORGANISATION: data.organisations, EntityKind.CONTACT: data.contacts,
             EntityKind.ACCOUNT: data.accounts}[kind]
    versions = table.get(entity_id)
    if versions is None or versions.at(day) is None:
        raise NotFoundError(f"No {kind.value} with id {entity_id!r} is valid on {day.isoformat()}; "
                            f"check the id, or pass --as-of a date when it existed.")
    resolver = Resolver(data)
    subject = resolver.entity_subject(kind, entity_id, day)
    return Explanation(f"{kind.value} {entity_id}", day, _per_model(data, resolver, subject, day, None))


def explain_fact(data: MasterData, fact: Fact) -> Explanation:
    resolver = Resolver(data)
    subject = resolver.fact_subject(fact)
    label = f"{fact.kind.value} {fact.id} of {fact.amount} on account {fact.account_id}"
    return Explanation(label, fact.date, _per_model(data, resolver, subject, fact.date, fact))


def _per_model(data: MasterData, resolver: Resolver, subject: Subject, day: date,
               fact: Fact | None) -> tuple[ModelExplanation, ...]:
    explained = []
    for model in data.model_codes():
        resolution = resolver.resolve(model, subject, explain=True)
        team, credits, name = None, (), None
        if resolution.status is Status.ASSIGNED and resolution.territory:
            territory = data.territories.get(resolution.territory)
            version = territory.at(day) if territory else None
            name = version.name if version else None
            team = data.team(model, resolution.territory, day)
            if team and fact:
                lineage = Lineage(resolution.step.value if resolution.step else "", resolution.source)
                credits = tuple(split_fact(fact, model, resolution.territory, team, lineage))
        version_text = winner_version(data, model, resolution, day)
        explained.append(ModelExplanation(model, resolution, name, team, credits, version_text))
    return tuple(explained)


def winner_version(data: MasterData, model: str, resolution: Resolution, day: date) -> str:
    """Describe the version of the rule, account rule or override that placed the entity or fact."""
    step, source = resolution.step, resolution.source
    if source is None or step is None:
        return ""
    if step.value.endswith("_override"):
        for overrides in data.overrides.values():
            for override in overrides:
                if override.id == source and override.coverage_model == model:
                    decided = f", approved by {override.decided_by}" if override.decided_by else ""
                    return f"override {override.id} valid {override.period}{decided}, requested by {override.requested_by}"
        return ""
    if step.value == "account_rule":
        for versions in data.account_rules.values():
            rule = versions.at(day)
            if rule is not None and rule.code == source and rule.coverage_model == model:
                return f"account rule {rule.code} version valid {rule.period}"
        return ""
    for rule in data.rules.get(model, []):
        if rule.code == source and rule.period.contains(day):
            return f"rule {rule.code} version valid {rule.period}"
    return ""
