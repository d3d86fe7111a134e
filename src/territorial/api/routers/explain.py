"""Explain: why an entity or a fact sits where it does in each coverage model."""

from __future__ import annotations

from fastapi import APIRouter

from territorial.api.auth import Viewer
from territorial.api.coordinates import AsOf, KnownAt, aware, day
from territorial.api.errors import ERROR_RESPONSES
from territorial.api.schemas import ExplanationOut
from territorial.api.snapshots import SnapshotsDep
from territorial.domain.entity import EntityKind
from territorial.errors import NotFoundError
from territorial.service.explain import explain_entity, explain_fact

router = APIRouter(prefix="/explain", tags=["explain"], responses=ERROR_RESPONSES)


@router.get("/facts/{fact_id}", response_model=ExplanationOut)
def explain_a_fact(fact_id: str, _: Viewer, cache: SnapshotsDep, known_at: KnownAt = None) -> ExplanationOut:
    """Explain a trade or AUM position on its own date: the winning step, what lost, and its credits."""
    data = cache.master_data(aware(known_at))
    fact = cache.facts(aware(known_at)).get(fact_id)
    if fact is None:
        raise NotFoundError(f"No trade or position with id {fact_id!r} is loaded; check the fact id.")
    return ExplanationOut.of(explain_fact(data, fact), data)


@router.get("/{kind}/{entity_id}", response_model=ExplanationOut)
def explain_an_entity(kind: EntityKind, entity_id: str, _: Viewer, cache: SnapshotsDep, as_of: AsOf = None,
                      known_at: KnownAt = None) -> ExplanationOut:
    """Explain an organisation, contact or account on `as_of`: each step walked, the rule that won, what lost."""
    data = cache.master_data(aware(known_at))
    return ExplanationOut.of(explain_entity(data, kind, entity_id, day(as_of)), data)
