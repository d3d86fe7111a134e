"""The reference attribution path: place every fact in each coverage model and split it into credits.

Resolution changes only on the dates where some input changes: a rule, an entity
version, an override or an account rule. So facts are grouped by account and
advisor and resolved once per stretch of time between those dates, not once per fact.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from territorial.domain.credit import Credit, Lineage, split_fact
from territorial.domain.fact import Fact
from territorial.domain.master_data import MasterData
from territorial.domain.override import OverrideTarget
from territorial.rules.resolution import Resolver, Status


@dataclass(frozen=True)
class Placement:
    """The place of one fact in one coverage model; `territory` is None when it is unassigned."""

    fact_id: str
    coverage_model: str
    date: date
    kind: str
    amount: Decimal
    status: str
    territory: str | None
    step: str | None
    source: str | None
    channel: str | None
    reason: str


NO_TEAM = "no_team"
ASSIGNED = Status.ASSIGNED.value


@dataclass(frozen=True)
class Outcome:
    """A resolution reduced to what a placement records, cached per stretch of time."""

    status: str
    territory: str | None
    step: str | None
    source: str | None
    channel: str | None
    reason: str


@dataclass
class Attribution:
    placements: list[Placement]
    credits: list[Credit]


class Attributor:
    """Attributes facts on the reference path, one resolution per account, advisor and stretch of time."""

    def __init__(self, data: MasterData) -> None:
        self.data = data
        self.resolver = Resolver(data)
        self._segments: dict[tuple[str, str | None, str | None], list[date]] = {}
        self._resolved: dict[tuple[object, ...], Outcome] = {}

    def run(self, facts: Iterable[Fact], models: list[str] | None = None,
            progress: Callable[[int], None] | None = None) -> Attribution:
        codes = models or self.data.model_codes()
        result = Attribution([], [])
        for count, fact in enumerate(facts, start=1):
            for code in codes:
                self._place(fact, code, result)
            if progress and count % 10_000 == 0:
                progress(10_000)
        return result

    def resolve_fact(self, fact: Fact, model: str) -> Outcome:
        """Return where the fact lands in `model`, resolved once per account, advisor and stretch of time."""
        if self.data.overrides.get((model, OverrideTarget.TRADE, fact.id)):
            return self._resolve_now(fact, model)
        key: tuple[object, ...] = (model, fact.account_id, fact.contact_id, self._segment_start(model, fact))
        if self._reason_names_day(fact, model):
            key += (fact.date,)
        cached = self._resolved.get(key)
        if cached is None:
            cached = self._resolve_now(fact, model)
            self._resolved[key] = cached
        return cached

    def _reason_names_day(self, fact: Fact, model: str) -> bool:
        """Return whether the fact's reason names its own date, so one stretch's answer cannot be shared.

        An unknown account and a coverage model that is not valid are reported with the fact's date.
        """
        return (self.data.account(fact.account_id, fact.date) is None
                or self.data.coverage_models[model].at(fact.date) is None)

    def _resolve_now(self, fact: Fact, model: str) -> Outcome:
        subject = self.resolver.fact_subject(fact)
        channel = None
        for entity in (subject.account, subject.contact, *subject.organisations):
            if entity is not None and entity.attributes.get("channel"):
                channel = entity.attributes["channel"]
                break
        resolution = self.resolver.resolve(model, subject)
        return Outcome(
            resolution.status.value, resolution.territory,
            resolution.step.value if resolution.step else None, resolution.source, channel, resolution.reason,
        )

    def _place(self, fact: Fact, model: str, result: Attribution) -> None:
        outcome = self.resolve_fact(fact, model)
        status, territory, reason = outcome.status, outcome.territory, outcome.reason
        if status == ASSIGNED:
            team = self.data.team(model, territory, fact.date)  # type: ignore[arg-type]
            if team is None:
                status = NO_TEAM
                reason = f"territory {territory} has no coverage team in {model} on the fact's date"
            else:
                lineage = Lineage(outcome.step or "", outcome.source)
                result.credits.extend(split_fact(fact, model, territory, team, lineage))  # type: ignore[arg-type]
        result.placements.append(Placement(
            fact.id, model, fact.date, fact.kind.value, fact.amount, status, territory,
            outcome.step, outcome.source, outcome.channel, reason,
        ))

    def _segment_start(self, model: str, fact: Fact) -> date:
        key = (model, fact.account_id, fact.contact_id)
        points = self._segments.get(key)
        if points is None:
            points = sorted(self._breakpoints(model, fact))
            self._segments[key] = points
        position = bisect_right(points, fact.date)
        return points[position - 1] if position else date.min

    def _breakpoints(self, model: str, fact: Fact) -> set[date]:
        data = self.data
        days = set(self.resolver.rule_set(model).breakpoints())
        days |= data.coverage_models[model].boundaries()
        account_versions = data.accounts.get(fact.account_id)
        contact_ids = {fact.contact_id} if fact.contact_id else set()
        org_ids: set[str] = set()
        if account_versions:
            days |= account_versions.boundaries()
            for account in account_versions.items:
                if not fact.contact_id and account.contact_id:
                    contact_ids.add(account.contact_id)
                if account.organisation_id:
                    org_ids.add(account.organisation_id)
        for contact_id in contact_ids:
            versions = data.contacts.get(contact_id)
            if versions:
                days |= versions.boundaries()
                org_ids |= {c.organisation_id for c in versions.items if c.organisation_id}
            days |= self._override_days(model, "contact", contact_id)
        for org_id in self._all_ancestors(org_ids):
            days |= data.organisations[org_id].boundaries()
            days |= self._override_days(model, "organisation", org_id)
        days |= self._override_days(model, "account", fact.account_id)
        rules = data.account_rules.get((model, fact.account_id))
        if rules:
            days |= rules.boundaries()
        return days

    def _all_ancestors(self, org_ids: set[str]) -> set[str]:
        found: set[str] = set()
        pending = [o for o in org_ids if o in self.data.organisations]
        while pending:
            org_id = pending.pop()
            if org_id in found:
                continue
            found.add(org_id)
            for version in self.data.organisations[org_id].items:
                if version.parent_id and version.parent_id in self.data.organisations:
                    pending.append(version.parent_id)
        return found

    def _override_days(self, model: str, target: str, target_id: str) -> set[date]:
        days: set[date] = set()
        for override in self.data.overrides.get((model, OverrideTarget(target), target_id), ()):
            days.add(override.period.valid_from)
            for end in (override.period.valid_to, override.reversed_from):
                if end is not None:
                    days.add(end)
        return days
