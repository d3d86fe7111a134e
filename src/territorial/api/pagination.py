"""Paginated lists: `limit` and `offset` in, a page with the total out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel

T = TypeVar("T")
MAX_LIMIT = 1000


class Page(BaseModel, Generic[T]):
    """One page of a list; `next_offset` is None on the last page."""

    items: list[T]
    total: int
    limit: int
    offset: int
    next_offset: int | None


class PageRequest(BaseModel):
    limit: int
    offset: int


def page_request(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")] = 50,
    offset: Annotated[int, Query(ge=0, description="Items to skip.")] = 0,
) -> PageRequest:
    return PageRequest(limit=limit, offset=offset)


def paginate(items: Sequence[T], request: PageRequest) -> Page[T]:
    end = request.offset + request.limit
    next_offset = end if end < len(items) else None
    return Page[T](items=list(items[request.offset:end]), total=len(items), limit=request.limit,
                   offset=request.offset, next_offset=next_offset)


Paging = Annotated[PageRequest, Depends(page_request)]
