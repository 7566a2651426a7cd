"""The partner API as a partner integration reads it: in the gateway's one OpenAPI document,
with examples, the API key scheme, and the problems each route can answer."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from supplies.door_deliveries.schemas import PickList
from supplies.household_directory.consumer import HouseholdEvent, apply_household_event
from supplies.orders.schemas import OrderDetail, OrderFeed, OrderPage
from tests.conftest import Stack
from tests.supplies.builders import make_world, place

PARTNER_ROUTES = (
    ("get", "/api/v1/catalog/items"),
    ("post", "/api/v1/catalog/items"),
    ("patch", "/api/v1/catalog/items/{item_id}"),
    ("get", "/api/v1/orders/feed"),
    ("post", "/api/v1/orders/{order_id}/status"),
    ("post", "/api/v1/orders/{order_id}/shortages"),
    ("post", "/api/v1/webhooks"),
    ("get", "/api/v1/webhooks/{webhook_id}/deliveries"),
    ("get", "/api/v1/delivery-rounds"),
)


async def test_partner_routes_are_published_with_examples(client: httpx.AsyncClient) -> None:
    document = (await client.get("/openapi.json")).json()
    paths = document["paths"]
    for method, path in PARTNER_ROUTES:
        operation = paths[path][method]
        assert {"PartnerKey": []} in operation["security"], path
    schemas = document["components"]["schemas"]
    for name in ("ItemCreate", "ItemUpdate", "StatusChange", "ShortageReport", "WebhookCreate"):
        assert schemas[name].get("examples"), name
    feed = paths["/api/v1/orders/feed"]["get"]["responses"]["200"]["content"]["application/json"]
    assert feed["example"]["items"][0]["status"] == "placed"
    status = paths["/api/v1/orders/{order_id}/status"]["post"]["responses"]
    assert {"404", "409", "422"} <= set(status)
    assert "price-above-reference" not in str(status)
    patch = paths["/api/v1/catalog/items/{item_id}"]["patch"]
    assert "Price above the reference price" in patch["responses"]["422"]["description"]


async def test_answers_match_their_documented_schemas(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    """The hot routes build their answers as plain dicts; they must keep the documented shape."""
    world = await make_world(client, stack)
    async with stack.supplies.state.sessionmaker() as session:
        await apply_household_event(
            session,
            HouseholdEvent(
                event_id="e",
                type="household.quarantined",
                occurred_at=datetime.now(UTC),
                household_id=world.household_ids[0],
                community_id=world.community_id,
                door=True,
                reason="居家隔离",
            ),
        )
        await session.commit()
    placed = await place(client, world)
    OrderDetail.model_validate(placed.json())
    order_id = placed.json()["id"]
    moved = await client.post(
        f"/api/v1/orders/{order_id}/status", headers=world.partner, json={"status": "accepted"}
    )
    OrderDetail.model_validate(moved.json())
    OrderDetail.model_validate(
        (await client.get(f"/api/v1/orders/{order_id}", headers=world.staff)).json()
    )
    OrderFeed.model_validate(
        (await client.get("/api/v1/orders/feed", headers=world.partner)).json()
    )
    OrderPage.model_validate((await client.get("/api/v1/orders", headers=world.resident)).json())
    pick = await client.get(
        f"/api/v1/delivery-rounds/{world.round_id}/pick-list", headers=world.grid
    )
    assert PickList.model_validate(pick.json()).door_orders == 1
    assert placed.json()["created_at"].endswith("Z")
