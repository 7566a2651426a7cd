"""The yardstick for `gate_verify_rps_ratio`: a bare FastAPI endpoint, started by uvicorn with the
same options as the services (uvloop, httptools, no access log)."""

from __future__ import annotations

from fastapi import FastAPI

app = FastAPI()


@app.get("/ping")
async def ping() -> dict[str, bool]:
    return {"ok": True}
