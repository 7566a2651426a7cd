"""The page model every list endpoint returns, and its query parameters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field

T = TypeVar("T")
MAX_PAGE_SIZE = 200


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="Number of items matching the filters.")
    limit: int
    offset: int


@dataclass(frozen=True, slots=True)
class PageParams:
    limit: int
    offset: int


async def page_params(
    limit: int = Query(50, ge=1, le=MAX_PAGE_SIZE, description="Page size (at most 200)."),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> PageParams:
    return PageParams(limit=limit, offset=offset)
