"""Restatement: a period's credits as they were reported versus as now known, and why each differs.

The comparison is per fact, coverage model, territory and person. Each
difference names its cause: a fact recorded after the earlier time, or the
changes recorded in between to what placed the fact (its account, advisor and
organisations, the rule or override that won, the teams). For a locked period
the outstanding differences can be posted as adjustments to the next open
period, so what was paid never changes silently.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from territorial.domain.compensation_period import CompensationPeriod, PeriodStatus
from territorial.domain.credit import Credit
from territorial.domain.fact import Fact
from territorial.domain.master_data import MasterData
from territorial.domain.period import ReportingPeriod
from territorial.domain.user import Role
from territorial.errors import WorkflowError
from territorial.io.credit_file import write_credit_file
from territorial.rules.view import organisation_chain
from territorial.service.periods import find_period, list_periods, read_batch_credits, sealed_batch
from territorial.service.runs import AttributionRun, run_attribution
from territorial.service.users import authorise
from territorial.service.workspace import Workspace
from territorial.store import AuditEntry, CreditBatch, CreditBatchKind, UnitOfWork, audit_entries, credit_batches

ZERO = Decimal("0.00")
CreditKey = tuple[str, str, str, str]  # fact id, coverage model, territory, person id


@dataclass(frozen=True)
class CreditDifference:
    """The change of one person's credit for one fact in one territory, with its cause."""

    fact_id: str
    coverage_model: str
    territory: str
    person_id: str
    before: Decimal
    after: Decimal
    cause: str

    @property
    def change(self) -> Decimal:
        return self.after - self.before


@dataclass(frozen=True)
class Restatement:
    """The differences between a period's credits at `before_known_at` (or as locked) and at `after_known_at`."""

    period: ReportingPeriod
    before_known_at: datetime
    after_known_at: datetime | None
    differences: list[CreditDifference]

    def by_person(self) -> dict[tuple[str, str], Decimal]:
        return _totals(self.differences, lambda d: (d.coverage_model, d.person_id))

    def by_territory(self) -> dict[tuple[str, str], Decimal]:
        return _totals(self.differences, lambda d: (d.coverage_model, d.territory))

    def by_fact(self) -> dict[str, list[CreditDifference]]:
        grouped: dict[str, list[CreditDifference]] = defaultdict(list)
        for difference in self.differences:
            grouped[difference.fact_id].append(difference)
        return dict(grouped)


def restate_between(ws: Workspace, period: ReportingPeriod, before_known_at: datetime,
                    after_known_at: datetime | None = None) -> Restatement:
    """Compare the period's credits as known at two recorded times (the later one default now)."""
    before = run_attribution(ws, period, before_known_at, with_entities=True)
    after = run_attribution(ws, period, after_known_at, with_entities=True)
    return _restatement(ws, period, before_known_at, after_known_at, _amounts(before.attribution.credits),
                        before, after)


def restate_locked(ws: Workspace, label: str, after_known_at: datetime | None = None) -> Restatement:
    """Compare a locked period's sealed credits, plus adjustments already posted for it, with its credits now.

    The differences are what is still to post: posting them makes the next restatement empty.
    """
    period = find_period(ws, label)
    if period.status is not PeriodStatus.LOCKED:
        raise WorkflowError(f"Period {label} is {period.status.value}; only a locked period is restated. "
                            "An open period already follows the latest knowledge.")
    batch = sealed_batch(ws, period)
    reported = _amounts(read_batch_credits(batch))
    for posted in _posted_adjustments(ws, period.label):
        for key, amount in _amounts(read_batch_credits(posted)).items():
            reported[key] = reported.get(key, ZERO) + amount
    before = run_attribution(ws, period.reporting, batch.basis_known_at, with_entities=True)
    after = run_attribution(ws, period.reporting, after_known_at, with_entities=True)
    return _restatement(ws, period.reporting, batch.basis_known_at, after_known_at, reported, before, after)


def post_adjustments(ws: Workspace, user: str | None, label: str, reason: str = "") -> CreditBatch | None:
    """Post a locked period's outstanding differences to the next open period; None when there are none."""
    ws.require_ready()
    with UnitOfWork(ws.engine, user, reason or f"post restatement of {label}") as uow:
        authorise(uow, user, Role.APPROVER, "post restatement adjustments")
        restatement = restate_locked(ws, label, uow.recorded_at)
        if not restatement.differences:
            return None
        target = next_open_period(ws, find_period(ws, label))
        adjustments = [_adjustment(d, label) for d in restatement.differences]
        batch_id = f"adjustment-{label}-to-{target.label}-{uow.recorded_at:%Y%m%dT%H%M%S%f}"
        path = ws.facts_dir / "credits" / f"{batch_id}.parquet"
        sha256 = write_credit_file(adjustments, path)
        return uow.credit_batches.register(
            batch_id=batch_id, kind=CreditBatchKind.ADJUSTMENT, period=target.label, source_period=label,
            path=str(path.resolve()), row_count=len(adjustments), total=sum((a.amount for a in adjustments), ZERO),
            sha256=sha256, basis_known_at=uow.recorded_at,
            basis={"differences": len(adjustments), "restated_since": restatement.before_known_at.isoformat()},
        )


def next_open_period(ws: Workspace, locked: CompensationPeriod) -> CompensationPeriod:
    """Return the earliest open period that starts on or after the locked period ends (the shortest on a tie)."""
    later = [p for p in list_periods(ws) if p.status is PeriodStatus.OPEN
             and p.period.valid_from >= (locked.period.valid_to or locked.period.valid_from)]
    if not later:
        raise WorkflowError(f"There is no open period after {locked.label} to post its adjustments to; "
                            "define one with `territorial periods define`.")
    return min(later, key=lambda p: (p.period.valid_from, p.period.valid_to))


def _posted_adjustments(ws: Workspace, label: str) -> list[CreditBatch]:
    posted = []
    for period in list_periods(ws):
        posted.extend(b for b in credit_batches(ws.engine, period.label, CreditBatchKind.ADJUSTMENT)
                      if b.source_period == label)
    return posted


def _adjustment(difference: CreditDifference, label: str) -> Credit:
    return Credit(difference.fact_id, difference.coverage_model, difference.territory, difference.person_id,
                  role="", split=Decimal("0.00"), amount=difference.change, step="restatement", source=label,
                  team_version="")


def _restatement(ws: Workspace, period: ReportingPeriod, before_known_at: datetime, after_known_at: datetime | None,
                 reported: dict[CreditKey, Decimal], before: AttributionRun, after: AttributionRun) -> Restatement:
    current = _amounts(after.attribution.credits)
    changed = sorted(key for key in reported.keys() | current.keys()
                     if reported.get(key, ZERO) != current.get(key, ZERO))
    causes = _Causes(ws, before, after, before_known_at, after_known_at)
    differences = [
        CreditDifference(*key, reported.get(key, ZERO), current.get(key, ZERO), causes.of(key[0], key[1]))
        for key in changed
    ]
    return Restatement(period, before_known_at, after_known_at, differences)


class _Causes:
    """Names, for a fact whose credits changed, the fact's recording or the changes recorded in between."""

    def __init__(self, ws: Workspace, before: AttributionRun, after: AttributionRun, since: datetime,
                 until: datetime | None) -> None:
        self.before, self.after = before, after
        self.known_before = {f.id for f in before.facts}
        self.facts = {f.id: f for f in after.facts}
        self.placed_before = {(p.fact_id, p.coverage_model): p for p in before.attribution.placements}
        self.placed_after = {(p.fact_id, p.coverage_model): p for p in after.attribution.placements}
        entries = audit_entries(ws.engine, since=since, until=until)
        self.changes: list[AuditEntry] = [e for e in entries if e.recorded_at > since]

    def of(self, fact_id: str, model: str) -> str:
        if fact_id not in self.known_before:
            return self._recorded_late(fact_id)
        old, new = self.placed_before.get((fact_id, model)), self.placed_after.get((fact_id, model))
        moved = ""
        if old is not None and new is not None:
            moved = (f"{_placement(old.territory, old.step, old.source)} → "
                     f"{_placement(new.territory, new.step, new.source)}")
        related = self._related_changes(fact_id, model)
        if not related:
            return moved or "reported credits differ from the credits now computed"
        named = "; ".join(f"{e.entity_kind} {e.entity_id} {e.action} recorded {e.recorded_at:%Y-%m-%d %H:%M} "
                          f"by {e.user}" + (f" ({e.reason})" if e.reason else "") for e in related)
        return f"{moved}: {named}" if moved else named

    def _recorded_late(self, fact_id: str) -> str:
        loads = [e for e in self.changes if e.entity_kind == "fact_batch"]
        when = f", batch {loads[0].entity_id} recorded {loads[0].recorded_at:%Y-%m-%d %H:%M}" if len(loads) == 1 else ""
        return f"fact {fact_id} recorded after the earlier time{when}"

    def _related_changes(self, fact_id: str, model: str) -> list[AuditEntry]:
        keys = self._inputs(self.facts[fact_id], model)
        return [e for e in self.changes if (e.entity_kind, e.entity_id) in keys]

    def _inputs(self, fact: Fact, model: str) -> set[tuple[str, str]]:
        """Return the audit keys of everything that can place `fact` in `model`, at either time."""
        keys = {("account", fact.account_id)}
        for data, placed in ((self.before.data, self.placed_before), (self.after.data, self.placed_after)):
            keys |= _entity_keys(data, fact)
            placement = placed.get((fact.id, model))
            if placement is not None and placement.source:
                kind = "override" if placement.step and placement.step.endswith("override") else "attribute_rule"
                if placement.step == "account_rule":
                    kind = "account_rule"
                keys.add((kind, placement.source))
            if placement is not None and placement.territory:
                keys.add(("coverage_team", f"{model}/{placement.territory}"))
        return keys


def _entity_keys(data: MasterData, fact: Fact) -> set[tuple[str, str]]:
    account = data.account(fact.account_id, fact.date)
    contact_id = fact.contact_id or (account.contact_id if account else None)
    keys = {("contact", contact_id)} if contact_id else set()
    contact = data.contact(contact_id, fact.date)
    org_id = contact.organisation_id if contact else None
    if org_id is None and account is not None:
        org_id = account.organisation_id
    keys |= {("organisation", o.id) for o in organisation_chain(data, org_id, fact.date)}
    return keys


def _placement(territory: str | None, step: str | None, source: str | None) -> str:
    if territory is None:
        return "unassigned"
    return f"{territory} by {step} {source or ''}".rstrip()


def _amounts(credits: Iterable[Credit]) -> dict[CreditKey, Decimal]:
    amounts: dict[CreditKey, Decimal] = defaultdict(lambda: ZERO)
    for credit in credits:
        amounts[(credit.fact_id, credit.coverage_model, credit.territory, credit.person_id)] += credit.amount
    return dict(amounts)


def _totals(differences: list[CreditDifference], key) -> dict[tuple[str, str], Decimal]:  # type: ignore[no-untyped-def]
    totals: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for difference in differences:
        totals[key(difference)] += difference.change
    return dict(totals)
