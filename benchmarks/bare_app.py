"""Yardsticks, started by uvicorn with the same options as the services (uvloop, httptools, no
access log): a bare FastAPI endpoint for `gate_verify_rps_ratio`, and a stand-in registry that
answers the community read at once, for the gateway hop (`gateway_overhead_ratio`)."""

from __future__ import annotations

from fastapi import FastAPI

from shouhu_common.demo_ids import DEMO_COMMUNITY_ID

app = FastAPI()

COMMUNITY = {
    "id": str(DEMO_COMMUNITY_ID),
    "name": "枫林社区",
    "subdistrict": "城东街道",
    "timezone": "Asia/Shanghai",
}


@app.get("/ping")
async def ping() -> dict[str, bool]:
    return {"ok": True}


@app.get("/api/v1/communities/{community_id}")
async def community(community_id: str) -> dict[str, str]:
    """The answer's shape and size of the registry's read, without its cost."""
    return COMMUNITY
