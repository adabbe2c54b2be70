"""The API's page-numbered lists: ninja's pagination with the page number bounded, so a
huge `page` is a 422 rather than an offset the database cannot hold (found by
schemathesis: page=2**58 overflowed SQLite's 64-bit integers)."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 1_000_000


class Pages(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=1000)
