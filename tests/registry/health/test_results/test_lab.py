"""A lab partner's key: posts results for its community's tubes, all or nothing, and reaches
nothing else; no other key reaches the lab route; the registry checks the kind again."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from shouhu_common.identity import DEV_KEY, INTERNAL_HEADER, InternalTokenSigner, Principal, Role
from supplies.partners.models import Partner, PartnerKind
from tests.builders import headers_for, make_community, make_partner, make_partner_key
from tests.conftest import Stack
from tests.registry.health.test_results.rounds import (
    RoundWorld,
    make_round,
    ok,
    people_of,
    swab,
    tube_results,
)

LAB_RESULTS = "/api/v1/lab-results"


async def make_lab(stack: Stack, community_id: uuid.UUID, name: str = "金域检测") -> uuid.UUID:
    async with stack.supplies.state.sessionmaker() as session:
        partner = Partner(community_id=community_id, name=name, kind=PartnerKind.lab)
        session.add(partner)
        await session.commit()
        return partner.id


async def lab_key(client: httpx.AsyncClient, stack: Stack, community_id: uuid.UUID) -> str:
    """Issued through the API, as staff would: the gateway learns the kind from supplies."""
    staff = await headers_for(client, stack, "staff", [community_id])
    issued = await ok(
        await client.post(
            "/api/v1/auth/partner-keys",
            headers=staff,
            json={"partner_id": str(await make_lab(stack, community_id))},
        ),
        201,
    )
    assert issued["partner_kind"] == "lab"
    key: str = issued["api_key"]
    return key


def results(*lines: tuple[str, str]) -> dict[str, Any]:
    tested_at = (datetime.now(UTC) - timedelta(minutes=30)).isoformat()
    return {"results": [{"barcode": b, "result": r, "tested_at": tested_at} for b, r in lines]}


async def _round(stack: Stack, households: int = 2) -> RoundWorld:
    world = await make_round(stack, await make_community(stack, households=households))
    for n, household_id in enumerate(world.tree.household_ids):
        await swab(stack, world, f"L{n}", await people_of(stack, household_id))
    return world


async def test_a_lab_posts_results_and_a_retry_changes_nothing(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    world = await _round(stack)
    lab = {"X-API-Key": await lab_key(client, stack, world.community_id)}
    body = results(("L0", "negative"), ("L1", "positive"))
    posted = await ok(await client.post(LAB_RESULTS, headers=lab, json=body))
    assert (posted["results_set"], posted["unchanged"]) == (2, 0)
    assert posted["set_off"]["retests_added"] == 1
    assert await tube_results(stack, world) == {"L0": "negative", "L1": "positive"}
    retried = await ok(await client.post(LAB_RESULTS, headers=lab, json=body))
    assert (retried["results_set"], retried["unchanged"]) == (0, 2)
    staff = await headers_for(client, stack, "staff", [world.community_id])
    retests = await ok(
        await client.get(f"/api/v1/testing-rounds/{world.round_id}/retests", headers=staff)
    )
    assert len(retests) == 1


async def test_all_or_nothing(client: httpx.AsyncClient, stack: Stack) -> None:
    world = await _round(stack)
    lab = {"X-API-Key": await lab_key(client, stack, world.community_id)}
    await ok(await client.post(LAB_RESULTS, headers=lab, json=results(("L0", "negative"))))
    refused = await client.post(
        LAB_RESULTS,
        headers=lab,
        json=results(("L1", "positive"), ("NOPE", "negative"), ("L0", "positive")),
    )
    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert problem["type"].endswith("/lab-results-rejected")
    assert [(p["row"], p["barcode"]) for p in problem["problems"]] == [(2, "NOPE"), (3, "L0")]
    assert await tube_results(stack, world) == {"L0": "negative", "L1": None}


async def test_a_lab_key_reaches_nothing_else(client: httpx.AsyncClient, stack: Stack) -> None:
    world = await _round(stack, households=1)
    lab = {"X-API-Key": await lab_key(client, stack, world.community_id)}
    for method, path in (
        ("GET", "/api/v1/households"),
        ("GET", "/api/v1/orders"),
        ("GET", "/api/v1/partners/me"),
        ("GET", f"/api/v1/testing-rounds/{world.round_id}/positives"),
    ):
        response = await client.request(method, path, headers=lab)
        assert response.status_code == 403, (path, response.text)


async def test_other_keys_cannot_post_results(client: httpx.AsyncClient, stack: Stack) -> None:
    world = await _round(stack, households=1)
    shop = await make_partner(stack, world.community_id)
    supermarket = {"X-API-Key": await make_partner_key(stack, shop, world.community_id)}
    refused = await client.post(LAB_RESULTS, headers=supermarket, json=results(("L0", "positive")))
    assert refused.status_code == 403
    staff = await headers_for(client, stack, "staff", [world.community_id])
    assert (await client.post(LAB_RESULTS, headers=staff, json={})).status_code == 403

    elsewhere = await make_community(stack, name="别的社区", households=1)
    other_lab = {"X-API-Key": await lab_key(client, stack, elsewhere.community_id)}
    foreign = await client.post(LAB_RESULTS, headers=other_lab, json=results(("L0", "positive")))
    assert foreign.status_code == 422
    assert foreign.json()["problems"][0]["message"] == "未找到该管码（不是本社区登记的采样管）"
    assert await tube_results(stack, world) == {"L0": None}


async def test_the_registry_checks_the_kind_again(client: httpx.AsyncClient, stack: Stack) -> None:
    """A partner identity without the lab kind, straight to the registry (past the gateway)."""
    world = await _round(stack, households=1)
    signer = InternalTokenSigner(DEV_KEY)
    for kind, status in (("supermarket", 403), ("", 403), ("lab", 200)):
        principal = Principal(
            subject=f"partner-key:{uuid.uuid4()}",
            role=Role.partner,
            community_ids=(world.community_id,),
            partner_id=uuid.uuid4(),
            partner_kind=kind,
        )
        async with httpx.AsyncClient(base_url=stack.registry_url) as direct:
            response = await direct.post(
                LAB_RESULTS,
                headers={INTERNAL_HEADER: signer.token_for(principal)},
                json=results(("L0", "negative")),
            )
        assert response.status_code == status, (kind, response.text)
