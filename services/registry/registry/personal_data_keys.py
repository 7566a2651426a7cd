"""Rotating the personal-data key: re-encrypt every `*_enc` column under the current key.

Run with the service already restarted on the new ring (`REGISTRY_PII_KEY` the new key, the old one
in `REGISTRY_PII_KEYS_RETIRED`, `REGISTRY_PII_INDEX_KEY` pinned): the service reads both keys and
writes the new one, so it keeps serving while this runs. Each batch is one transaction, and each
row is rewritten only if it still holds what was read (a write by the service in between wins), so
a row is always under one key of the ring. Rows already under the current key are skipped: an
interrupted rotation is finished by running it again. The lookup hashes are never touched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Column, ColumnElement, LargeBinary, MetaData, Table, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shouhu_common.pii import PersonalDataCipher

Progress = Callable[[str, int, int], None]  # table, rows re-encrypted so far, rows to do


@dataclass(frozen=True)
class EncryptedTable:
    table: Table
    columns: list[Column[bytes]]

    @property
    def name(self) -> str:
        return self.table.name

    def stale(self, cipher: PersonalDataCipher) -> ColumnElement[bool]:
        """Rows with a ciphertext not under the current key."""
        prefix = cipher.prefix
        return or_(
            *(
                and_(
                    column.is_not(None),
                    func.substr(column, 1, len(prefix), type_=LargeBinary) != prefix,
                )
                for column in self.columns
            )
        )


def encrypted_tables(metadata: MetaData) -> list[EncryptedTable]:
    """Every table with personal data: the columns named `*_enc` (ID numbers, phones)."""
    found = []
    for table in metadata.sorted_tables:
        columns = [c for c in table.columns if c.name.endswith("_enc")]
        if columns:
            found.append(EncryptedTable(table, columns))
    return found


async def count_stale(engine: AsyncEngine, cipher: PersonalDataCipher, metadata: MetaData) -> int:
    async with engine.connect() as conn:
        return sum([await _count(conn, t, cipher) for t in encrypted_tables(metadata)])


async def _count(conn: AsyncConnection, table: EncryptedTable, cipher: PersonalDataCipher) -> int:
    query = select(func.count()).select_from(table.table).where(table.stale(cipher))
    return int(await conn.scalar(query) or 0)


async def index_key_matches(
    engine: AsyncEngine, cipher: PersonalDataCipher, metadata: MetaData, sample: int = 20
) -> bool:
    """Whether the lookup hashes stored beside the ciphertexts (`x_hash` beside `x_enc`) were made
    with this cipher's index key: true when any sampled one matches, or there is none to sample."""
    sampled = 0
    async with engine.connect() as conn:
        for encrypted in encrypted_tables(metadata):
            for column in encrypted.columns:
                hashes = encrypted.table.c.get(column.name.removesuffix("_enc") + "_hash")
                if hashes is None:
                    continue
                query = (
                    select(column, hashes)
                    .where(column.is_not(None), hashes.is_not(None))
                    .limit(sample)
                )
                for blob, stored in await conn.execute(query):
                    sampled += 1
                    if cipher.blind_index(cipher.decrypt(blob)) == stored:
                        return True
    return sampled == 0


async def rotate(
    engine: AsyncEngine,
    cipher: PersonalDataCipher,
    metadata: MetaData,
    *,
    batch_size: int = 500,
    progress: Progress | None = None,
) -> int:
    """Re-encrypts every ciphertext not under the current key; returns how many rows changed."""
    changed_total = 0
    for encrypted in encrypted_tables(metadata):
        (key,) = encrypted.table.primary_key.columns
        async with engine.connect() as conn:
            to_do = await _count(conn, encrypted, cipher)
        changed = 0
        last = None
        while to_do:
            async with engine.begin() as conn:
                query = (
                    select(key, *encrypted.columns)
                    .where(encrypted.stale(cipher))
                    .order_by(key)
                    .limit(batch_size)
                )
                if last is not None:
                    query = query.where(key > last)
                rows = (await conn.execute(query)).all()
                for row in rows:
                    changed += await _reencrypt(conn, encrypted, cipher, row[0], row[1:])
            if not rows:
                break
            last = rows[-1][0]
            if progress is not None:
                progress(encrypted.name, changed, to_do)
        changed_total += changed
    return changed_total


async def _reencrypt(
    conn: AsyncConnection,
    encrypted: EncryptedTable,
    cipher: PersonalDataCipher,
    row_key: object,
    blobs: tuple[bytes | None, ...],
) -> int:
    (key,) = encrypted.table.primary_key.columns
    guard: list[ColumnElement[bool]] = [key == row_key]
    values: dict[str, bytes] = {}
    for column, blob in zip(encrypted.columns, blobs, strict=True):
        if blob is not None and not cipher.is_current(blob):
            values[column.name] = cipher.encrypt(cipher.decrypt(blob))
            guard.append(column == blob)
    if not values:
        return 0
    result = await conn.execute(encrypted.table.update().where(*guard).values(values))
    return 1 if result.rowcount else 0
