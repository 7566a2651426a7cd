"""Ending sessions: an admin disables, changes or signs out an account everywhere and its tokens
stop at once; a new household access code ends the old code's resident tokens; wrong passwords
lock a username for the address they come from only, alike for unknown names."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.builders import PASSWORD, headers_for, make_community, make_user
from tests.conftest import Stack, no_personal_data_leak

ME = "/api/v1/auth/me"


async def _tokens(client: httpx.AsyncClient, username: str, password: str = PASSWORD) -> dict:
    response = await client.post(
        "/api/v1/auth/token", data={"username": username, "password": password}
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def _bearer(tokens: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


async def _works(client: httpx.AsyncClient, tokens: dict) -> bool:
    return (await client.get(ME, headers=_bearer(tokens))).status_code == 200


async def _refreshes(client: httpx.AsyncClient, tokens: dict) -> bool:
    body = {"refresh_token": tokens["refresh_token"]}
    return (await client.post("/api/v1/auth/refresh", json=body)).status_code == 200


@pytest.fixture
async def elsewhere(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    """The same gateway, from another address (another phone, another network)."""
    transport = httpx.ASGITransport(app=stack.gateway, client=("203.0.113.50", 41000))
    async with httpx.AsyncClient(
        transport=transport,
        base_url="http://shouhu.test",
        event_hooks={"response": [no_personal_data_leak]},
    ) as c:
        yield c


class TestAdminEndsSessions:
    async def test_disabling_stops_access_and_refresh_tokens_at_once(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        admin = await headers_for(client, stack, "admin")
        user = await make_user(stack, "lost-phone", "gate_volunteer")
        phone, laptop = await _tokens(client, "lost-phone"), await _tokens(client, "lost-phone")
        assert await _works(client, phone)
        disabled = await client.post(f"/api/v1/auth/users/{user.id}/disable", headers=admin)
        assert disabled.status_code == 200
        assert disabled.json()["active"] is False
        assert not await _works(client, phone)
        assert not await _works(client, laptop)
        assert not await _refreshes(client, phone)
        signing_in = await client.post(
            "/api/v1/auth/token", data={"username": "lost-phone", "password": PASSWORD}
        )
        assert signing_in.status_code == 401
        enabled = await client.post(f"/api/v1/auth/users/{user.id}/enable", headers=admin)
        assert enabled.json()["active"] is True
        assert await _works(client, await _tokens(client, "lost-phone"))
        assert not await _works(client, phone)  # the old session stays ended

    async def test_sign_out_everywhere_ends_every_session_but_not_the_account(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        admin = await headers_for(client, stack, "admin")
        user = await make_user(stack, "wang", "staff")
        sessions = [await _tokens(client, "wang") for _ in range(2)]
        out = await client.post(f"/api/v1/auth/users/{user.id}/sign-out-everywhere", headers=admin)
        assert out.status_code == 200
        for tokens in sessions:
            assert not await _works(client, tokens)
            assert not await _refreshes(client, tokens)
        assert await _works(client, await _tokens(client, "wang"))

    async def test_a_new_password_role_or_community_ends_sessions(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        admin = await headers_for(client, stack, "admin")
        tree = await make_community(stack, households=1)
        user = await make_user(stack, "zhao", "staff")
        url = f"/api/v1/auth/users/{user.id}"
        tokens = await _tokens(client, "zhao")
        renamed = await client.patch(url, headers=admin, json={"display_name": "赵"})
        assert renamed.json()["display_name"] == "赵"
        assert await _works(client, tokens)  # a new name changes nothing the token says
        for change in (
            {"password": "a-new-password-2020"},
            {"role": "grid_worker"},
            {"community_ids": [str(tree.community_id)]},
        ):
            password = "a-new-password-2020"
            tokens = await _tokens(
                client, "zhao", password if "password" not in change else PASSWORD
            )
            assert (await client.patch(url, headers=admin, json=change)).status_code == 200
            assert not await _works(client, tokens), change
        me = await client.get(ME, headers=_bearer(await _tokens(client, "zhao", password)))
        assert me.json()["role"] == "grid_worker"
        assert me.json()["community_ids"] == [str(tree.community_id)]

    async def test_admins_cannot_lock_themselves_out_and_others_cannot_manage(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        me = await make_user(stack, "root2", "admin")
        admin = _bearer(await _tokens(client, "root2"))
        own = await client.post(f"/api/v1/auth/users/{me.id}/disable", headers=admin)
        assert own.status_code == 409
        demote = await client.patch(
            f"/api/v1/auth/users/{me.id}", headers=admin, json={"role": "staff"}
        )
        assert demote.status_code == 409
        staff = await headers_for(client, stack, "staff")
        refused = await client.post(f"/api/v1/auth/users/{me.id}/disable", headers=staff)
        assert refused.status_code == 403
        unknown = "/api/v1/auth/users/00000000-0000-0000-0000-000000000000/disable"
        assert (await client.post(unknown, headers=admin)).status_code == 404


async def test_a_new_access_code_ends_the_old_codes_resident_sessions(
    client: httpx.AsyncClient, stack: Stack
) -> None:
    tree = await make_community(stack, households=1)
    staff = await headers_for(client, stack, "staff", [tree.community_id])
    body = {"household_id": str(tree.household_ids[0])}
    first = (await client.post("/api/v1/auth/access-codes", headers=staff, json=body)).json()
    resident = await client.post(
        "/api/v1/auth/resident-token", json={"access_code": first["access_code"]}
    )
    old = {"Authorization": f"Bearer {resident.json()['access_token']}"}
    assert (await client.get(ME, headers=old)).status_code == 200
    second = (await client.post("/api/v1/auth/access-codes", headers=staff, json=body)).json()
    assert (await client.get(ME, headers=old)).status_code == 401
    fresh = await client.post(
        "/api/v1/auth/resident-token", json={"access_code": second["access_code"]}
    )
    new = {"Authorization": f"Bearer {fresh.json()['access_token']}"}
    assert (await client.get(ME, headers=new)).status_code == 200


class TestLockout:
    async def _fail(self, client: httpx.AsyncClient, username: str, times: int) -> list[int]:
        return [
            (
                await client.post(
                    "/api/v1/auth/token", data={"username": username, "password": "wrong-one"}
                )
            ).status_code
            for _ in range(times)
        ]

    async def test_guessing_locks_the_name_for_that_address_only(
        self, client: httpx.AsyncClient, elsewhere: httpx.AsyncClient, stack: Stack
    ) -> None:
        await make_user(stack, "li", "staff")
        assert await self._fail(client, "li", 6) == [401] * 5 + [423]
        right = {"username": "li", "password": PASSWORD}
        assert (await client.post("/api/v1/auth/token", data=right)).status_code == 423
        assert (await elsewhere.post("/api/v1/auth/token", data=right)).status_code == 200

    async def test_unknown_names_are_answered_alike(self, client: httpx.AsyncClient) -> None:
        assert await self._fail(client, "nobody-here", 6) == [401] * 5 + [423]

    async def test_the_lock_grows_while_the_guessing_goes_on(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        from gateway.accounts.models import SignInFailure

        await make_user(stack, "li", "staff")
        await self._fail(client, "li", 5)
        async with stack.gateway.state.sessionmaker() as session:
            first = await session.get(SignInFailure, ("li", "198.51.100.7"))
            assert first is not None
            assert first.locked_until is not None
            first_lock = first.locked_until - first.last_failure_at
            first.locked_until = first.last_failure_at  # the lock ran out
            await session.commit()
        await self._fail(client, "li", 5)
        async with stack.gateway.state.sessionmaker() as session:
            second = await session.get(SignInFailure, ("li", "198.51.100.7"))
            assert second is not None
            assert second.locked_until is not None
            assert second.locked_until - second.last_failure_at == 2 * first_lock

    async def test_an_admin_unlocks_and_trusted_networks_never_lock_admins(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        user = await make_user(stack, "li", "staff")
        await self._fail(client, "li", 5)
        admin = await headers_for(client, stack, "admin")
        assert (
            await client.post(f"/api/v1/auth/users/{user.id}/unlock", headers=admin)
        ).status_code == 200
        right = {"username": "li", "password": PASSWORD}
        assert (await client.post("/api/v1/auth/token", data=right)).status_code == 200

        await make_user(stack, "chief", "admin")
        settings = stack.gateway.state.settings
        settings.trusted_networks = ["198.51.100.0/24"]
        try:
            assert await self._fail(client, "chief", 7) == [401] * 7
            chief = {"username": "chief", "password": PASSWORD}
            assert (await client.post("/api/v1/auth/token", data=chief)).status_code == 200
        finally:
            settings.trusted_networks = []
