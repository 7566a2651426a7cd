"""One problem class carries everything a problem says: detail, field errors, extension members
and headers, in zh-CN or English."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from shouhu_common.problems import (
    FieldError,
    NotAuthenticated,
    ProblemError,
    RateLimited,
    register_problem_handlers,
)


class RoundGone(ProblemError):
    status, slug = 409, "round-gone"
    title_zh, title_en = "批次已无", "The round is gone"


def _app(error: ProblemError) -> FastAPI:
    app = FastAPI()
    register_problem_handlers(app)

    @app.get("/fail")
    async def fail() -> None:
        raise error

    return app


async def _get(error: ProblemError, language: str = "zh-CN") -> httpx.Response:
    transport = httpx.ASGITransport(app=_app(error))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.get("/fail", headers={"Accept-Language": language})


async def test_extension_members_and_field_errors_reach_the_body() -> None:
    error = RoundGone(
        "the round closed",
        errors=[FieldError(field="body.round_id", message="closed")],
        next_round=None,
        reference_price_fen=150,
    )
    response = await _get(error, "en")
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == {
        "type": "/problems/round-gone",
        "title": "The round is gone",
        "status": 409,
        "detail": "the round closed",
        "instance": "/fail",
        "errors": [{"field": "body.round_id", "message": "closed"}],
        "next_round": None,
        "reference_price_fen": 150,
    }


async def test_headers_travel_with_the_problem() -> None:
    limited = await _get(RateLimited("slow down", retry_after=7))
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "7"
    assert limited.json()["title"] == "请求过于频繁，请稍后再试"
    assert "retry_after" not in limited.json()
    assert (await _get(NotAuthenticated("no token"))).headers["www-authenticate"] == "Bearer"


def test_an_extension_cannot_replace_a_standard_member() -> None:
    with pytest.raises(TypeError):
        RoundGone("x", status=200)
