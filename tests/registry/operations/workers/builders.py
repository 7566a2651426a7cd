"""Builders for the roster tests: a community with staff, workers made through the API, and
workers linked to a signed-in account."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from tests.builders import CommunityTree, headers_for, make_community, make_user, sign_in
from tests.conftest import Stack

W = "/api/v1/workers"
_phones = itertools.count(1)


def new_phone() -> str:
    return f"1390000{next(_phones):04d}"


@dataclass
class Office:
    tree: CommunityTree
    staff: dict[str, str]

    @property
    def community_id(self) -> uuid.UUID:
        return self.tree.community_id


async def make_office(client: httpx.AsyncClient, stack: Stack, name: str = "测试社区") -> Office:
    tree = await make_community(stack, name=name, households=2)
    return Office(tree, await headers_for(client, stack, "staff", [tree.community_id]))


async def add_worker(
    client: httpx.AsyncClient, office: Office, name: str = "陈军", **fields: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "community_id": str(office.community_id),
        "name": name,
        "category": "veteran",
        "phone": new_phone(),
        **fields,
    }
    response = await client.post(W, headers=office.staff, json=body)
    assert response.status_code == 201, response.text
    worker: dict[str, Any] = response.json()
    return worker


async def signed_in_worker(
    client: httpx.AsyncClient, stack: Stack, office: Office, role: str, name: str = "卡口志愿者"
) -> tuple[dict[str, Any], dict[str, str]]:
    """An account of `role` and the roster entry linked to it."""
    username = f"{role.replace('_', '')}-{uuid.uuid4().hex[:6]}"
    await make_user(stack, username, role, [office.community_id])
    worker = await add_worker(client, office, name, account_username=username)
    return worker, {"Authorization": f"Bearer {await sign_in(client, username)}"}
