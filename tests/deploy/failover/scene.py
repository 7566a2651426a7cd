"""What the failover run needs in place before the load starts, made through the load balancer
as staff and partners would: a gate with its volunteer, a gate rule that refuses quarantined
households, passes with their QR tokens, an open delivery round with stocked items, residents
signed in with their households' access codes, and a webhook per partner pointing at a
receiver that counts what it gets."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from shouhu_common.demo_ids import (
    DEMO_COMMUNITY_ID,
    DEMO_PARTNERS,
    demo_access_code,
    demo_household_id,
)

PASSWORD = "shouhu2020"
PARTNERS = DEMO_PARTNERS[:2]  # the two supermarkets poll and move their orders
RESIDENTS = 6
CYCLED_HOUSEHOLDS = 6  # quarantined and released in turn while the gates check their passes


def ok(response: httpx.Response, what: str) -> Any:
    assert response.status_code < 300, f"{what}: {response.status_code} {response.text[:300]}"
    return response.json() if response.content else None


def sign_in(http: httpx.Client, username: str) -> dict[str, str]:
    form = {"username": username, "password": PASSWORD}
    token = ok(http.post("/api/v1/auth/token", data=form), f"sign in {username}")
    return {"authorization": f"Bearer {token['access_token']}"}


class WebhookReceiver:
    """A partner's server: answers 204 and counts what it gets by (delivery, attempt)."""

    def __init__(self) -> None:
        self.received: Counter[tuple[str, str]] = Counter()
        lock = threading.Lock()
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                self.rfile.read(int(self.headers.get("content-length", 0)))
                attempt = (self.headers["x-shouhu-delivery"], self.headers["x-shouhu-attempt"])
                with lock:
                    received[attempt] += 1
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    def close(self) -> None:
        self.server.shutdown()


@dataclass
class Scene:
    gate_id: str
    volunteer: dict[str, str]
    staff: dict[str, str]
    tokens: list[str]  # passes of households that stay as they are
    cycled: list[tuple[str, str]]  # (household id, pass token) quarantined and released in turn
    round_id: str
    items: dict[str, list[str]]  # partner id → item ids
    residents: list[tuple[str, dict[str, str]]]  # (household id, auth headers)
    partner_keys: dict[str, str] = field(default_factory=dict)  # partner id → API key


def build_scene(base_url: str, receiver: WebhookReceiver) -> Scene:
    community = str(DEMO_COMMUNITY_ID)
    with httpx.Client(base_url=base_url, timeout=60) as http:
        staff = sign_in(http, "staff")
        volunteer = sign_in(http, "gate1")
        me = ok(http.get("/api/v1/auth/me", headers=volunteer), "me")
        gate = ok(
            http.post(
                "/api/v1/gate/gates",
                headers=staff,
                json={"community_id": community, "name": "北门"},
            ),
            "gate",
        )
        ok(
            http.put(
                f"/api/v1/gate/gates/{gate['id']}/volunteers",
                headers=staff,
                json={"subjects": [me["subject"]]},
            ),
            "post the volunteer",
        )
        rule = {"quota_scope": "none", "refuse_quarantined": True}
        ok(http.put(f"/api/v1/gate-rules/{community}", headers=staff, json=rule), "rule")
        buildings = ok(http.get(f"/api/v1/communities/{community}/buildings", headers=staff), "b")
        until = (datetime.now(UTC) + timedelta(days=30)).isoformat()
        normal: set[str] = set()
        for building in buildings[:3]:
            ok(
                http.post(
                    "/api/v1/passes/building-issues",
                    headers=staff,
                    json={"building_id": building["id"], "valid_until": until},
                ),
                "issue passes",
            )
            households = ok(
                http.get(
                    "/api/v1/households",
                    headers=staff,
                    params={"building_id": building["id"], "status": "normal", "limit": 200},
                ),
                "households",
            )
            normal.update(h["id"] for h in households["items"])
        passes = ok(
            http.get(
                "/api/v1/passes", headers=staff, params={"community_id": community, "limit": 200}
            ),
            "passes",
        )["items"]
        resident_households = {str(demo_household_id(n)) for n in range(1, RESIDENTS + 1)}
        free = [
            p
            for p in passes
            if p["household_id"] in normal and p["household_id"] not in resident_households
        ]
        assert len(free) > CYCLED_HOUSEHOLDS, "too few households with passes for the run"
        cycled = [(p["household_id"], p["token"]) for p in free[:CYCLED_HOUSEHOLDS]]
        tokens = [p["token"] for p in free[CYCLED_HOUSEHOLDS:]]
        round_id, items, keys = _supplies(http, staff, receiver)
        residents = []
        for n in range(1, RESIDENTS + 1):
            answer = ok(
                http.post("/api/v1/auth/resident-token", json={"access_code": demo_access_code(n)}),
                "resident",
            )
            residents.append(
                (str(demo_household_id(n)), {"authorization": f"Bearer {answer['access_token']}"})
            )
    return Scene(gate["id"], volunteer, staff, tokens, cycled, round_id, items, residents, keys)


def _supplies(
    http: httpx.Client, staff: dict[str, str], receiver: WebhookReceiver
) -> tuple[str, dict[str, list[str]], dict[str, str]]:
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    rounds = ok(
        http.get(
            "/api/v1/delivery-rounds",
            headers=staff,
            params={"from_date": str(today), "to_date": str(today + timedelta(days=6))},
        ),
        "rounds",
    )
    round_id = next(r["id"] for r in rounds if r["status"] == "open")
    ok(
        http.patch(
            f"/api/v1/delivery-rounds/{round_id}",
            headers=staff,
            json={"capacity_per_partner": 100_000},
        ),
        "capacity",
    )
    items: dict[str, list[str]] = {}
    keys: dict[str, str] = {}
    for _slug, _name, _kind, key in PARTNERS:
        auth = {"X-API-Key": key}
        listed = ok(http.get("/api/v1/catalog/items", headers=auth, params={"limit": 50}), "items")
        for item in listed["items"][:3]:
            ok(
                http.patch(
                    f"/api/v1/catalog/items/{item['id']}", headers=auth, json={"stock": 1_000_000}
                ),
                "stock",
            )
            items.setdefault(item["partner_id"], []).append(item["id"])
            keys[item["partner_id"]] = key
        ok(http.post("/api/v1/webhooks", headers=auth, json={"url": receiver.url}), "webhook")
    return round_id, items, keys
