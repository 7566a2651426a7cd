"""Rotating the personal-data key (`registry/personal_data_keys.py`, `rotate-pii-key`): data
written under key A stays readable and findable through the gateway while the registry runs on key
B with A retired, before, half-way through and after the rotation; afterwards nothing is under A."""

from __future__ import annotations

import hashlib
import hmac
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from fastapi import FastAPI
from sqlalchemy import select, update

import gateway.main
import registry.main
from registry import personal_data_keys
from registry.config import RegistrySettings
from registry.health.returnees.models import Returnee
from registry.models import Base
from registry.operations.workers.models import Worker, WorkerCategory, WorkerKind
from registry.residents.households.models import Household
from registry.residents.people.models import Person
from shouhu_common.pii import PersonalDataCipher, mask_id_number, mask_phone
from tests.builders import CommunityTree, headers_for, make_community
from tests.conftest import CLIENT_IP, Stack, gateway_settings, no_personal_data_leak
from tests.databases import SuiteDatabases
from tests.servers import served

ROOT = Path(__file__).resolve().parents[2]
KEY_A = RegistrySettings(env="test").pii_key  # what the suite's registry runs on
KEY_B = "rotation-test-key-b-" + "7" * 32
RING = {"pii_key": KEY_B, "pii_keys_retired": KEY_A, "pii_index_key": KEY_A}


class Interrupted(Exception):
    """Stands in for a rotation stopped half-way (a deploy, a Ctrl-C)."""


@asynccontextmanager
async def registry_on(
    stack: Stack, databases: SuiteDatabases, **pii: str
) -> AsyncIterator[tuple[httpx.AsyncClient, FastAPI]]:
    """The registry restarted on other key settings, behind a gateway of its own."""
    settings = RegistrySettings(
        database_url=databases.urls["registry"], env="test", access_log=False, **pii
    )
    reg_app = registry.main.create_app(settings)
    async with LifespanManager(reg_app), served(reg_app) as registry_url:
        gw_app = gateway.main.create_app(
            gateway_settings(databases.urls["gateway"], stack, registry_url=registry_url)
        )
        async with (
            LifespanManager(gw_app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=gw_app, client=(CLIENT_IP, 40001)),
                base_url="http://shouhu.test",
                event_hooks={"response": [no_personal_data_leak]},
            ) as client,
        ):
            yield client, reg_app


def legacy_encrypt(secret: str, plaintext: str) -> bytes:
    """As the single-key cipher wrote before the ring: nonce + AES-GCM, no key id."""
    key = hmac.new(secret.encode(), b"shouhu/pii/encrypt/v1", hashlib.sha256).digest()
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, plaintext.encode(), None)


async def write_under_key_a(stack: Stack) -> CommunityTree:
    """Four households (one person each), a worker and a returnee, all under key A; the first
    household's and person's numbers in the format from before the ring."""
    tree = await make_community(stack, households=4)
    cipher = stack.registry.state.cipher
    async with stack.registry.state.sessionmaker() as session:
        await session.execute(
            update(Household)
            .where(Household.id == tree.household_ids[0])
            .values(contact_phone_enc=legacy_encrypt(KEY_A, tree.phones[0]))
        )
        await session.execute(
            update(Person)
            .where(Person.household_id == tree.household_ids[0])
            .values(id_number_enc=legacy_encrypt(KEY_A, tree.id_numbers[0]))
        )
        session.add_all(
            [
                Worker(
                    community_id=tree.community_id,
                    name="网格员",
                    kind=WorkerKind.grid_worker,
                    category=WorkerCategory.social_worker,
                    phone_enc=cipher.encrypt("13700137000"),
                    phone_hash=cipher.blind_index("13700137000"),
                ),
                Returnee(
                    client_id=uuid.uuid4(),
                    community_id=tree.community_id,
                    name="返乡",
                    phone_enc=cipher.encrypt("13600136000"),
                    phone_hash=cipher.blind_index("13600136000"),
                    from_city="武汉",
                    transport="train",
                    arrival_date=date(2020, 2, 1),
                    watch_until=date(2020, 2, 15),
                    created_by="test",
                ),
            ]
        )
        await session.commit()
    return tree


async def reads_everyone(
    client: httpx.AsyncClient, staff: dict[str, str], tree: CommunityTree
) -> None:
    """Every household shows its masked numbers, and every person is found by ID number and
    phone."""
    for household_id, id_number, phone in zip(
        tree.household_ids, tree.id_numbers, tree.phones, strict=True
    ):
        response = await client.get(f"/api/v1/households/{household_id}", headers=staff)
        assert response.status_code == 200, response.text
        household = response.json()
        assert household["contact_phone"] == mask_phone(phone)
        assert household["members"][0]["id_number"] == mask_id_number(id_number)
        assert household["members"][0]["phone"] == mask_phone(phone)
        for number in (id_number, phone):
            found = await client.get("/api/v1/people", headers=staff, params={"q": number})
            assert found.status_code == 200, found.text
            assert [p["household_id"] for p in found.json()["items"]] == [str(household_id)]


async def ciphertexts(app: FastAPI) -> list[bytes]:
    blobs: list[bytes] = []
    async with app.state.engine.connect() as conn:
        for encrypted in personal_data_keys.encrypted_tables(Base.metadata):
            for column in encrypted.columns:
                blobs.extend(await conn.scalars(select(column).where(column.is_not(None))))
    return blobs


def run_rotation_command(
    databases: SuiteDatabases, tmp_path: Path, retired: str = KEY_A
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REGISTRY_")}
    env.update(
        {
            "PYTHONPATH": os.pathsep.join(
                str(ROOT / "services" / s) for s in ("common", "registry", "supplies", "gateway")
            ),
            "REGISTRY_ENV": "test",
            "REGISTRY_DATABASE_URL": databases.urls["registry"],
            "REGISTRY_PII_KEY": KEY_B,
            "REGISTRY_PII_KEYS_RETIRED": retired,
            "REGISTRY_PII_INDEX_KEY": KEY_A,
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "registry.cli", "rotate-pii-key", "--batch-size", "2"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


class TestRotation:
    async def test_readable_and_findable_throughout(
        self,
        client: httpx.AsyncClient,
        stack: Stack,
        databases: SuiteDatabases,
        tmp_path: Path,
    ) -> None:
        tree = await write_under_key_a(stack)
        staff = await headers_for(client, stack, "staff", [tree.community_id])
        await reads_everyone(client, staff, tree)  # before: the registry on key A alone
        b = PersonalDataCipher(KEY_B, retired=[KEY_A], index_secret=KEY_A)

        async with registry_on(stack, databases, **RING) as (client_b, registry_b):
            await reads_everyone(client_b, staff, tree)  # restarted on B, nothing rotated yet

            def stop_half_way(table: str, done: int, to_do: int) -> None:
                if table == "person" and done * 2 >= to_do:
                    raise Interrupted

            with pytest.raises(Interrupted):
                await personal_data_keys.rotate(
                    registry_b.state.engine, b, Base.metadata, batch_size=1, progress=stop_half_way
                )
            blobs = await ciphertexts(registry_b)
            assert 0 < sum(b.is_current(blob) for blob in blobs) < len(blobs)
            await reads_everyone(client_b, staff, tree)  # half rotated
            forgotten = run_rotation_command(databases, tmp_path, retired="not-key-a")
            assert forgotten.returncode == 2, forgotten.stdout
            assert forgotten.stderr.startswith("shouhu: REGISTRY_PII_KEYS_RETIRED: stored personal")
            assert "Traceback" not in forgotten.stderr
            left = await personal_data_keys.count_stale(registry_b.state.engine, b, Base.metadata)

            finished = run_rotation_command(databases, tmp_path)  # the rest, as operators run it
            assert finished.returncode == 0, finished.stderr
            lines = finished.stdout.splitlines()
            assert "person: 2 of 2 rows re-encrypted" in lines
            assert lines[-1] == f"{left} rows re-encrypted; 0 rows left under a retired key"
            await reads_everyone(client_b, staff, tree)  # after

            assert all(b.is_current(blob) for blob in await ciphertexts(registry_b))
            only_a = PersonalDataCipher(KEY_A)
            assert not any(only_a.is_current(blob) for blob in await ciphertexts(registry_b))
            again = run_rotation_command(databases, tmp_path)
            assert again.stdout.splitlines()[-1].startswith("0 rows re-encrypted; 0 ")

    async def test_a_wrong_index_key_is_caught_before_rotating(
        self, client: httpx.AsyncClient, stack: Stack
    ) -> None:
        await write_under_key_a(stack)
        engine = stack.registry.state.engine
        pinned = PersonalDataCipher(KEY_B, retired=[KEY_A], index_secret=KEY_A)
        forgotten = PersonalDataCipher(KEY_B, retired=[KEY_A])  # index from B: hashes differ
        assert await personal_data_keys.index_key_matches(engine, pinned, Base.metadata)
        assert not await personal_data_keys.index_key_matches(engine, forgotten, Base.metadata)
