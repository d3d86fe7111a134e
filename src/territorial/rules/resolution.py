"""Resolution: walk a coverage model's resolution order to the territory of a fact or entity.

The first step that hits wins. A step hits when an approved override or an
account rule applies, or when attribute rules match. A tie between rules at the
top priority is a conflict: resolution stops there with no territory, because
falling through to a later step would hide an ambiguous rule set. A fact that
resolves to nothing is unassigned, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from territorial.domain.coverage import ResolutionStep
from territorial.domain.entity import Account, Contact, EntityKind, Organisation
from territorial.domain.fact import Fact
from territorial.domain.master_data import MasterData
from territorial.domain.override import OverrideTarget
from territorial.domain.rule import AttributeRule
from territorial.rules.ruleset import Ranking, RuleSet
from territorial.rules.view import account_view, contact_view, organisation_chain, organisation_view

Step = ResolutionStep


class Status(StrEnum):
    ASSIGNED = "assigned"
    CONFLICT = "conflict"
    UNASSIGNED = "unassigned"


@dataclass(frozen=True)
class StepOutcome:
    """The outcome of one step of the resolution order, kept for explain."""

    step: ResolutionStep
    subject: str
    territory: str | None = None
    source: str | None = None
    matched: tuple[AttributeRule, ...] = ()
    tied: tuple[AttributeRule, ...] = ()
    note: str = ""

    @property
    def hit(self) -> bool:
        return self.territory is not None or bool(self.tied)


@dataclass(frozen=True)
class Resolution:
    """The territory of one fact or entity in one coverage model, with how it was found.

    With `explain`, `set_aside` is the result the later steps would have given had
    the winner not hit, such as the rule result that an override sets aside.
    """

    coverage_model: str
    status: Status
    territory: str | None = None
    step: ResolutionStep | None = None
    source: str | None = None
    reason: str = ""
    trail: tuple[StepOutcome, ...] = ()
    set_aside: StepOutcome | None = None

    @property
    def tied_rules(self) -> tuple[str, ...]:
        for outcome in self.trail:
            if outcome.tied:
                return tuple(r.code for r in outcome.tied)
        return ()


@dataclass(frozen=True)
class Subject:
    """The starting point of a resolution on one day: a trade, an account, a contact, an organisation chain."""

    day: date
    fact_id: str | None = None
    account: Account | None = None
    contact: Contact | None = None
    organisations: tuple[Organisation, ...] = ()


class Resolver:
    """The reference evaluator: resolves one fact or entity at a time."""

    def __init__(self, data: MasterData) -> None:
        self.data = data
        self._rule_sets = {code: RuleSet(list(data.rules.get(code, []))) for code in data.coverage_models}

    def rule_set(self, coverage_model: str) -> RuleSet:
        return self._rule_sets[coverage_model]

    # Subjects

    def fact_subject(self, fact: Fact, day: date | None = None) -> Subject:
        on = day or fact.date
        account = self.data.account(fact.account_id, on)
        contact_id = fact.contact_id or (account.contact_id if account else None)
        contact = self.data.contact(contact_id, on)
        return Subject(on, fact.id, account, contact, self._chain(account, contact, on))

    def entity_subject(self, kind: EntityKind, entity_id: str, day: date) -> Subject:
        if kind is EntityKind.ACCOUNT:
            account = self.data.account(entity_id, day)
            contact = self.data.contact(account.contact_id, day) if account else None
            return Subject(day, None, account, contact, self._chain(account, contact, day))
        if kind is EntityKind.CONTACT:
            contact = self.data.contact(entity_id, day)
            return Subject(day, None, None, contact, self._chain(None, contact, day))
        chain = organisation_chain(self.data, entity_id, day)
        return Subject(day, None, None, None, tuple(chain))

    def _chain(self, account: Account | None, contact: Contact | None, day: date) -> tuple[Organisation, ...]:
        org_id = contact.organisation_id if contact and contact.organisation_id else None
        if org_id is None and account is not None:
            org_id = account.organisation_id
        return tuple(organisation_chain(self.data, org_id, day))

    # Resolution

    def resolve(self, coverage_model: str, subject: Subject, *, explain: bool = False) -> Resolution:
        """Walk the resolution order; with `explain`, also evaluate the steps after the winner."""
        model = self.data.coverage_models[coverage_model].at(subject.day)
        if model is None:
            return Resolution(coverage_model, Status.UNASSIGNED,
                              reason=f"coverage model {coverage_model} is not valid on {subject.day}")
        trail: list[StepOutcome] = []
        winner: StepOutcome | None = None
        set_aside: StepOutcome | None = None
        for step in model.resolution_order:
            for outcome in self._run(step, coverage_model, subject):
                if winner is None:
                    trail.append(outcome)
                    winner = outcome if outcome.hit else None
                elif outcome.hit and set_aside is None:
                    set_aside = outcome
            if winner is not None and (not explain or set_aside is not None):
                break
        return _conclude(coverage_model, subject, trail, winner, set_aside)

    def _run(self, step: Step, model: str, subject: Subject) -> list[StepOutcome]:
        if step is Step.TRADE_OVERRIDE and subject.fact_id:
            return [self._override(step, model, OverrideTarget.TRADE, subject.fact_id, subject.day)]
        if subject.account is not None and step in _ACCOUNT_STEPS:
            return [self._account_step(step, model, subject)]
        if subject.contact is not None and step in _CONTACT_STEPS:
            return [self._contact_step(step, model, subject)]
        if step is Step.ORGANISATION_OVERRIDE:
            return self._until_hit(
                self._override(step, model, OverrideTarget.ORGANISATION, org.id, subject.day)
                for org in subject.organisations
            )
        if step is Step.ORGANISATION_ATTRIBUTES:
            chain = subject.organisations
            return self._until_hit(
                self._attributes(step, model, f"organisation {chain[i].id}",
                                 organisation_view(list(chain[i:])), subject.day)
                for i in range(len(chain))
            )
        return []

    @staticmethod
    def _until_hit(outcomes) -> list[StepOutcome]:  # type: ignore[no-untyped-def]
        found: list[StepOutcome] = []
        for outcome in outcomes:
            found.append(outcome)
            if outcome.hit:
                break
        return found

    def _account_step(self, step: Step, model: str, subject: Subject) -> StepOutcome:
        account = subject.account
        assert account is not None
        if step is Step.ACCOUNT_OVERRIDE:
            return self._override(step, model, OverrideTarget.ACCOUNT, account.id, subject.day)
        if step is Step.ACCOUNT_RULE:
            return self._account_rule(model, account.id, subject.day)
        view = account_view(account, subject.contact, list(subject.organisations))
        return self._attributes(step, model, f"account {account.id}", view, subject.day)

    def _contact_step(self, step: Step, model: str, subject: Subject) -> StepOutcome:
        contact = subject.contact
        assert contact is not None
        if step is Step.CONTACT_OVERRIDE:
            return self._override(step, model, OverrideTarget.CONTACT, contact.id, subject.day)
        view = contact_view(contact, list(subject.organisations))
        return self._attributes(step, model, f"contact {contact.id}", view, subject.day)

    def _override(self, step: Step, model: str, target: OverrideTarget, target_id: str, day: date) -> StepOutcome:
        subject = f"{target.value} {target_id}"
        active = [o for o in self.data.overrides.get((model, target, target_id), ()) if o.applies_on(day)]
        if not active:
            return StepOutcome(step, subject, note="no approved override applies")
        if len({o.territory for o in active}) > 1:
            ids = ", ".join(sorted(o.id for o in active))
            return StepOutcome(step, subject, note=f"overrides {ids} disagree; resolve them")
        chosen = min(active, key=lambda o: o.id)
        return StepOutcome(step, subject, territory=chosen.territory, source=chosen.id,
                           note=f"override {chosen.id}: {chosen.reason}")

    def _account_rule(self, model: str, account_id: str, day: date) -> StepOutcome:
        subject = f"account {account_id}"
        versions = self.data.account_rules.get((model, account_id))
        rule = versions.at(day) if versions else None
        if rule is None:
            return StepOutcome(Step.ACCOUNT_RULE, subject, note="no account rule")
        return StepOutcome(Step.ACCOUNT_RULE, subject, territory=rule.territory, source=rule.code,
                           note=f"account rule {rule.code}")

    def _attributes(self, step: Step, model: str, subject: str, view: dict[str, str | None], day: date) -> StepOutcome:
        ranking: Ranking = self._rule_sets[model].rank(view, day)
        if ranking.conflict:
            codes = ", ".join(r.code for r in ranking.tied)
            return StepOutcome(step, subject, matched=ranking.matched, tied=ranking.tied,
                               note=f"conflict: rules {codes} tie at priority {ranking.tied[0].priority}")
        if ranking.winner is None:
            blanks = [a for a in self._rule_sets[model].attributes if view.get(a) is None]
            note = "no rule matched"
            if blanks:
                note += " (" + ", ".join(f"{a} is blank" for a in blanks) + ")"
            return StepOutcome(step, subject, note=note)
        return StepOutcome(step, subject, territory=ranking.winner.territory, source=ranking.winner.code,
                           matched=ranking.matched, note=f"rule {ranking.winner.describe()}")


_ACCOUNT_STEPS = frozenset({Step.ACCOUNT_OVERRIDE, Step.ACCOUNT_RULE, Step.ACCOUNT_ATTRIBUTES})
_CONTACT_STEPS = frozenset({Step.CONTACT_OVERRIDE, Step.CONTACT_ATTRIBUTES})


def _conclude(model: str, subject: Subject, trail: list[StepOutcome], winner: StepOutcome | None,
              set_aside: StepOutcome | None) -> Resolution:
    if winner is not None and winner.tied:
        return Resolution(model, Status.CONFLICT, step=winner.step, reason=winner.note,
                          trail=tuple(trail), set_aside=set_aside)
    if winner is not None:
        return Resolution(model, Status.ASSIGNED, territory=winner.territory, step=winner.step,
                          source=winner.source, trail=tuple(trail), set_aside=set_aside)
    return Resolution(model, Status.UNASSIGNED, reason=_unassigned_reason(subject, trail), trail=tuple(trail))


def _unassigned_reason(subject: Subject, trail: list[StepOutcome]) -> str:
    if subject.fact_id and subject.account is None:
        return f"the fact's account is not known on {subject.day.isoformat()}"
    if not trail:
        return "no step of the resolution order applies to this entity"
    notes = [o.note for o in trail if o.note.startswith("no rule matched")]
    return notes[0] if notes else "no override, account rule or attribute rule applies"
