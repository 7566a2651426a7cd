"""Builders for the medicine tests: roster workers with their own accounts, residents, requests."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.builders import make_user, sign_in
from tests.conftest import Stack

MEDICINE = "/api/v1/medicine"


async def roster_worker(
    client: httpx.AsyncClient,
    stack: Stack,
    staff: dict[str, str],
    community_id: uuid.UUID,
    name: str,
    phone: str | None = None,
) -> tuple[str, dict[str, str]]:
    """A volunteer on the roster with a gateway account of their own: (worker id, headers)."""
    username = f"vol-{uuid.uuid4().hex[:6]}"
    await make_user(stack, username, "gate_volunteer", [community_id])
    body: dict[str, Any] = {
        "community_id": str(community_id),
        "name": name,
        "category": "resident_volunteer",
        "account_username": username,
    }
    if phone:
        body["phone"] = phone
    made = await client.post("/api/v1/workers", headers=staff, json=body)
    assert made.status_code == 201, made.text
    return made.json()["id"], {"Authorization": f"Bearer {await sign_in(client, username)}"}


async def resident_headers(
    client: httpx.AsyncClient, staff: dict[str, str], household_id: uuid.UUID
) -> dict[str, str]:
    code = await client.post(
        "/api/v1/auth/access-codes", headers=staff, json={"household_id": str(household_id)}
    )
    assert code.status_code in (200, 201), code.text
    token = await client.post(
        "/api/v1/auth/resident-token", json={"access_code": code.json()["access_code"]}
    )
    assert token.status_code == 200, token.text
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


async def ask(
    client: httpx.AsyncClient, headers: dict[str, str], person_id: uuid.UUID, **fields: Any
) -> httpx.Response:
    body = {
        "client_id": str(uuid.uuid4()),
        "person_id": str(person_id),
        "medicine_name": "硝苯地平控释片",
        "dose": "30mg 每日一次",
        "quantity": "2盒",
        "hospital": "市第一人民医院",
        "kind": "prescription",
        "needs_insurance_card": True,
        "needs_record_book": True,
        **fields,
    }
    return await client.post(f"{MEDICINE}/requests", headers=headers, json=body)


async def hand(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    person_id: uuid.UUID,
    to_worker_id: str | None,
    item: str = "insurance_card",
    **fields: Any,
) -> httpx.Response:
    body = {
        "client_id": str(uuid.uuid4()),
        "person_id": str(person_id),
        "item": item,
        "to_worker_id": to_worker_id,
        **fields,
    }
    return await client.post(f"{MEDICINE}/custody", headers=headers, json=body)
