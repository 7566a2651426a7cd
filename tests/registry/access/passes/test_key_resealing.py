"""Rotating the pass-key secret (`access/passes/keys.py`, `key_resealing.py`,
`rotate-pass-key-secret`): keys sealed under secret A still sign for a registry on B with A
previous; passes printed before verify at the gate before, half-way through and after the
rotation; afterwards every key is sealed under B and a registry on B alone issues passes."""

from __future__ import annotations

import hashlib
import hmac
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from fastapi import FastAPI
from sqlalchemy import select

import gateway.main
import registry.main
from registry.access.passes import key_resealing
from registry.access.passes.keys import KeySealer, new_key_pair
from registry.access.passes.models import PassSigningKey
from registry.config import RegistrySettings
from tests.conftest import CLIENT_IP, Stack, gateway_settings
from tests.databases import SuiteDatabases
from tests.registry.access.gates.builders import GateWorld, make_gate_world, scan
from tests.servers import served

ROOT = Path(__file__).resolve().parents[4]
SECRET_A = RegistrySettings(env="test").pass_key_secret  # what the suite's registry runs on
SECRET_B = "pass-key-rotation-test-secret-b-" + "5" * 32


class Interrupted(Exception):
    """Stands in for a rotation stopped half-way (a deploy, a Ctrl-C)."""


def legacy_seal(secret: str, kid: int, private_key: ec.EllipticCurvePrivateKey) -> bytes:
    """As keys were sealed before secret ids: nonce + AES-GCM with the kid as AAD."""
    key = hmac.new(secret.encode(), b"shouhu/pass-keys/v1", hashlib.sha256).digest()
    der = private_key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, der, str(kid).encode())


def same_key(a: ec.EllipticCurvePrivateKey, b: ec.EllipticCurvePrivateKey) -> bool:
    return a.private_numbers() == b.private_numbers()


class TestKeySealer:
    def test_a_previous_secret_opens_but_never_seals(self) -> None:
        kid, private_key, _ = new_key_pair()
        under_a = KeySealer(SECRET_A).seal(kid, private_key)
        ring = KeySealer(SECRET_B, [SECRET_A])
        assert same_key(ring.open(kid, under_a), private_key)
        assert not ring.is_current(under_a)
        resealed = ring.seal(kid, private_key)
        assert ring.is_current(resealed)
        assert same_key(KeySealer(SECRET_B).open(kid, resealed), private_key)
        with pytest.raises(InvalidTag):
            KeySealer(SECRET_A).open(kid, resealed)

    def test_without_the_previous_secret_the_key_does_not_open(self) -> None:
        kid, private_key, _ = new_key_pair()
        with pytest.raises(InvalidTag):
            KeySealer(SECRET_B).open(kid, KeySealer(SECRET_A).seal(kid, private_key))

    def test_keys_sealed_before_secret_ids_are_opened_by_any_configured_secret(self) -> None:
        kid, private_key, _ = new_key_pair()
        legacy = legacy_seal(SECRET_A, kid, private_key)
        assert same_key(KeySealer(SECRET_A).open(kid, legacy), private_key)
        assert same_key(KeySealer(SECRET_B, [SECRET_A]).open(kid, legacy), private_key)
        assert not KeySealer(SECRET_A).is_current(legacy)  # rotation reseals it with an id
        with pytest.raises(InvalidTag):
            KeySealer(SECRET_B).open(kid, legacy)

    def test_a_sealed_key_cannot_move_to_another_kid(self) -> None:
        kid, private_key, _ = new_key_pair()
        sealer = KeySealer(SECRET_B, [SECRET_A])
        for sealed in (sealer.seal(kid, private_key), legacy_seal(SECRET_A, kid, private_key)):
            with pytest.raises(InvalidTag):
                sealer.open(kid + 1, sealed)

    def test_the_same_secret_twice_is_refused(self) -> None:
        with pytest.raises(ValueError, match="twice"):
            KeySealer(SECRET_B, [SECRET_A, SECRET_A])


@asynccontextmanager
async def registry_on(
    stack: Stack, databases: SuiteDatabases, **secrets: str
) -> AsyncIterator[tuple[httpx.AsyncClient, FastAPI]]:
    """The registry restarted on other pass-key settings, behind a gateway of its own."""
    settings = RegistrySettings(
        database_url=databases.urls["registry"], env="test", access_log=False, **secrets
    )
    reg_app = registry.main.create_app(settings)
    async with LifespanManager(reg_app), served(reg_app) as registry_url:
        gw_app = gateway.main.create_app(
            gateway_settings(databases.urls["gateway"], stack, registry_url=registry_url)
        )
        async with (
            LifespanManager(gw_app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=gw_app, client=(CLIENT_IP, 40004)),
                base_url="http://shouhu.test",
            ) as client,
        ):
            yield client, reg_app


async def sealed_keys(app: FastAPI) -> list[tuple[int, bytes]]:
    async with app.state.sessionmaker() as session:
        rows = await session.execute(select(PassSigningKey.kid, PassSigningKey.private_key_sealed))
        return [(kid, sealed) for kid, sealed in rows]


async def reissue(client: httpx.AsyncClient, world: GateWorld) -> None:
    """The world's last pass reissued (a household holds one active pass): signing it needs the
    community's private key, opened with the secret it is sealed under."""
    replaced = world.passes[-1]
    response = await client.post(
        f"/api/v1/passes/{replaced['id']}/reissue", headers=world.staff, json={}
    )
    assert response.status_code == 201, response.text
    world.passes[-1] = response.json()


async def all_allowed(client: httpx.AsyncClient, worlds: list[GateWorld]) -> None:
    """Every pass printed so far is let through at its community's gate."""
    for world in worlds:
        for issued in world.passes:
            assert (await scan(client, world, issued["token"]))["verdict"] == "allow"


def run_rotation_command(
    databases: SuiteDatabases, tmp_path: Path, previous: str = SECRET_A
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REGISTRY_")}
    env.update(
        {
            "PYTHONPATH": os.pathsep.join(
                str(ROOT / "services" / s) for s in ("common", "registry", "supplies", "gateway")
            ),
            "REGISTRY_ENV": "test",
            "REGISTRY_DATABASE_URL": databases.urls["registry"],
            "REGISTRY_PASS_KEY_SECRET": SECRET_B,
            "REGISTRY_PASS_KEY_PREVIOUS_SECRETS": previous,
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "registry.cli", "rotate-pass-key-secret", "--batch-size", "1"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


class TestRotation:
    async def test_passes_verify_and_keys_sign_throughout(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        databases: SuiteDatabases,
        tmp_path: Path,
    ) -> None:
        east = await make_gate_world(client, stack, households=2, name="东社区")
        west = await make_gate_world(client, stack, households=2, name="西社区")
        rotated = await client.post(  # a retired key too: its passes verify until they expire
            "/api/v1/passes/keys/rotate",
            headers=west.staff,
            json={"community_id": str(west.community_id)},
        )
        assert rotated.status_code == 201, rotated.text
        await reissue(client, west)
        worlds = [east, west]
        await all_allowed(client, worlds)  # before: the registry on secret A alone
        keys_before = await sealed_keys(stack.registry)
        assert len(keys_before) == 3
        b = KeySealer(SECRET_B, [SECRET_A])
        for kid, sealed in keys_before:
            with pytest.raises(InvalidTag):
                KeySealer(SECRET_B).open(kid, sealed)  # B alone could not sign with them

        async with registry_on(
            stack, databases, pass_key_secret=SECRET_B, pass_key_previous_secrets=SECRET_A
        ) as (client_b, registry_b):
            await all_allowed(client_b, worlds)  # restarted on B, nothing resealed yet
            await reissue(client_b, east)  # signs with a key sealed under A

            def stop_half_way(done: int, to_do: int) -> None:
                if done * 2 >= to_do:
                    raise Interrupted

            with pytest.raises(Interrupted):
                await key_resealing.reseal_keys(
                    registry_b.state.sessionmaker, b, batch_size=1, progress=stop_half_way
                )
            half = await sealed_keys(registry_b)
            assert 0 < sum(b.is_current(sealed) for _, sealed in half) < len(half)
            await all_allowed(client_b, worlds)  # half resealed
            await reissue(client_b, west)

            forgotten = run_rotation_command(databases, tmp_path, previous="not-secret-a")
            assert forgotten.returncode == 2, forgotten.stdout
            assert forgotten.stderr.startswith(
                "shouhu: REGISTRY_PASS_KEY_PREVIOUS_SECRETS: a pass-signing key is sealed"
            )
            assert "Traceback" not in forgotten.stderr
            left = await key_resealing.count_keys_under_previous_secrets(
                registry_b.state.sessionmaker, b
            )
            assert left > 0

            finished = run_rotation_command(databases, tmp_path)  # the rest, as operators run it
            assert finished.returncode == 0, finished.stderr
            lines = finished.stdout.splitlines()
            assert f"pass_signing_key: {left} of {left} keys sealed again" in lines
            assert lines[-1] == f"{left} keys sealed again; 0 keys left under a previous secret"
            await all_allowed(client_b, worlds)  # after

            again = run_rotation_command(databases, tmp_path)
            assert again.returncode == 0
            assert again.stdout.splitlines() == [
                "0 keys sealed again; 0 keys left under a previous secret"
            ]

        keys_after = await sealed_keys(stack.registry)
        assert sorted(kid for kid, _ in keys_after) == sorted(kid for kid, _ in keys_before)
        only_b = KeySealer(SECRET_B)
        for kid, sealed in keys_after:
            assert only_b.is_current(sealed)
            assert same_key(only_b.open(kid, sealed), b.open(kid, dict(keys_before)[kid]))

        async with registry_on(stack, databases, pass_key_secret=SECRET_B) as (client_b, _):
            await all_allowed(client_b, worlds)  # the previous secret removed
            for world in worlds:
                await reissue(client_b, world)
            await all_allowed(client_b, worlds)
