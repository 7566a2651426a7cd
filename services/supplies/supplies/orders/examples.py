"""Example answers shown in the published OpenAPI for the partner order routes."""

from __future__ import annotations

from typing import Any

ORDER: dict[str, Any] = {
    "id": "b10e9123-4a55-4802-ae6f-c782a57e9f9d",
    "community_id": "fe5628e0-1095-54cb-9efb-fdd1a585e891",
    "household_id": "2a05614a-d9d6-51a5-8b38-a7d10006d3c1",
    "partner_id": "d7ee64e5-d7d5-50bc-83f9-ef6a0b221faa",
    "round": {
        "id": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
        "delivery_date": "2026-11-25",
        "local_time": "10:00",
    },
    "status": "placed",
    "delivery_mode": "door",
    "door_reason": "居家隔离 home quarantine 至 until 2026-12-08",
    "address": {"compound": "东苑", "building": "1栋", "unit": 1, "floor": 1, "room": "102"},
    "lines": [
        {
            "id": "7d6c5b4a-3f2e-4d1c-8b0a-9f8e7d6c5b4a",
            "item_id": "719cc902-b7ab-5fcc-a1ca-7aed9931bdb3",
            "item_name": "鸡蛋",
            "unit": "盒（10枚）",
            "unit_price_fen": 650,
            "quantity": 2,
            "line_total_fen": 1300,
        }
    ],
    "shortages": [],
    "total_fen": 1300,
    "refunded_fen": 0,
    "payable_fen": 1300,
    "on_behalf": False,
    "note": "放门口即可",
    "reason": "",
    "carrier": "",
    "handed_over_at": None,
    "group_buy_id": None,
    "cursor": "42",
    "created_at": "2026-11-24T04:42:58.512Z",
    "updated_at": "2026-11-24T04:42:58.512Z",
}

FEED = {"items": [ORDER], "next_cursor": "42"}

DETAIL = {
    **ORDER,
    "status": "accepted",
    "cursor": "57",
    "timeline": [
        {
            "kind": "status",
            "status": "placed",
            "note": "居民下单 placed",
            "actor_role": "resident",
            "at": "2026-11-24T04:42:58.512Z",
            "local_time": "2026-11-24 12:42",
        },
        {
            "kind": "status",
            "status": "accepted",
            "note": "商户已接单 accepted",
            "actor_role": "partner",
            "at": "2026-11-24T05:01:10.004Z",
            "local_time": "2026-11-24 13:01",
        },
    ],
}


def example(body: dict[str, Any]) -> dict[int | str, dict[str, Any]]:
    return {200: {"content": {"application/json": {"example": body}}}}
