"""Importing a community's people spreadsheet (XLSX or CSV).

Rows are checked one by one and reported in Chinese; valid rows are upserted by ID number
(through its blind index), so importing the same file twice changes nothing. Compounds,
buildings and households named in the sheet are created when new. Reads and writes are
set-based (a handful of queries and executemany statements for 100,000 rows); a dry run does
all the work except the writes. One commit, with an audit record of who imported what.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import anyio
from sqlalchemy.ext.asyncio import AsyncSession

from registry.residents.audit.repository import add_audit_event
from registry.residents.communities.errors import CommunityNotFound
from registry.residents.communities.models import Building, Compound
from registry.residents.communities.service import community_for
from registry.residents.households.models import Household
from registry.residents.imports import columns as col
from registry.residents.imports import repository
from registry.residents.imports.columns import find_header
from registry.residents.imports.errors import ImportFileInvalid
from registry.residents.imports.reader import read_rows
from registry.residents.imports.rows import (
    PersonLine,
    RowProblem,
    ignored_columns,
    ordered_id,
    parse_lines,
)
from registry.residents.imports.schemas import IgnoredColumn, ImportProblem, ImportReport
from registry.residents.imports.tree import Placement, place_lines
from registry.residents.people.models import Person
from registry.residents.people.repository import insert_search_keys, write_search_keys
from shouhu_common.clock import utc_now
from shouhu_common.identity import Principal
from shouhu_common.pii import PersonalDataCipher

MAX_ROWS = 200_000
MAX_PROBLEMS = 1000
ANALYZE_AFTER_ROWS = 10_000


@dataclass
class _Changes:
    new_people: list[dict[str, Any]] = field(default_factory=list)
    new_keys: list[tuple[uuid.UUID, uuid.UUID, str]] = field(default_factory=list)
    changed_people: list[dict[str, Any]] = field(default_factory=list)
    rekeyed: list[tuple[uuid.UUID, uuid.UUID, str]] = field(default_factory=list)
    unchanged: int = 0


@dataclass
class _Sheet:
    lines: list[PersonLine]
    problems: list[RowProblem]
    data_rows: int
    ignored: list[IgnoredColumn]


def _parse(filename: str, data: bytes, today: date) -> _Sheet:
    rows = read_rows(filename, data)
    header = find_header(rows)
    if len(rows) - header.row_index - 1 > MAX_ROWS:
        raise ImportFileInvalid(f"一次最多导入{MAX_ROWS}行，请拆分文件")
    lines, problems, data_rows = parse_lines(rows, header, today)
    if data_rows == 0:
        raise ImportFileInvalid("表头下没有数据行")
    return _Sheet(lines, problems, data_rows, ignored_columns(rows, header))


async def import_people(
    session: AsyncSession,
    cipher: PersonalDataCipher,
    principal: Principal,
    *,
    community_id: uuid.UUID | None,
    filename: str,
    data: bytes,
    dry_run: bool,
    today: date,
    create_buildings: bool = True,
    request_id: str = "",
) -> ImportReport:
    community_id = community_for(principal, community_id)
    community_name = await repository.community_name(session, community_id)
    if community_name is None:
        raise CommunityNotFound()
    # Parsing and checking 100,000 rows is CPU work: off the event loop.
    sheet = await anyio.to_thread.run_sync(_parse, filename, data, today)
    lines, problems, data_rows = sheet.lines, sheet.problems, sheet.data_rows
    id_hash = {line.row: cipher.blind_index(line.id_number) for line in lines}
    existing = await repository.people_by_id_number_hash(session, list(id_hash.values()))
    elsewhere = {
        line.row for line in lines
        if (found := existing.get(id_hash[line.row])) and found["community_id"] != community_id
    }  # fmt: skip
    problems.extend(
        RowProblem(row, col.ID_NUMBER, "该身份证号已登记在其他社区，请与该社区核实")
        for row in sorted(elsewhere)
    )
    lines = [line for line in lines if line.row not in elsewhere]
    placement = await place_lines(
        session, cipher, community_id, community_name, lines, create_buildings=create_buildings
    )
    problems.extend(placement.problems)
    changes = _changes(cipher, community_id, placement, id_hash, existing)
    if not dry_run:
        await _write(session, placement, changes)
        add_audit_event(
            session,
            principal,
            "import_people",
            "community",
            str(community_id),
            f"{filename[:120]}: +{len(changes.new_people)} ~{len(changes.changed_people)}",
            request_id,
        )
        large = len(changes.new_people) + len(changes.changed_people) >= ANALYZE_AFTER_ROWS
        if large:
            await repository.refresh_statistics(session)
        await session.commit()
        if large:
            await repository.checkpoint_wal(session)
    problems.sort(key=lambda p: (p.row, p.column))
    bad_rows = len({p.row for p in problems})
    return ImportReport(
        dry_run=dry_run,
        rows=data_rows,
        valid_rows=data_rows - bad_rows,
        invalid_rows=bad_rows,
        people_created=len(changes.new_people),
        people_updated=len(changes.changed_people),
        people_unchanged=changes.unchanged,
        households_created=len(placement.new_households),
        buildings_created=len(placement.new_buildings),
        compounds_created=len(placement.new_compounds),
        new_buildings=placement.listed_buildings,
        new_units=placement.listed_units,
        ignored_columns=sheet.ignored,
        problems=[
            ImportProblem(row=p.row, column=p.column, message=p.message)
            for p in problems[:MAX_PROBLEMS]
        ],
        problems_truncated=len(problems) > MAX_PROBLEMS,
    )


def _changes(
    cipher: PersonalDataCipher,
    community_id: uuid.UUID,
    placement: Placement,
    id_hashes: dict[int, str],
    existing: dict[str, dict[str, Any]],
) -> _Changes:
    """What the import would write: new people (with their search keys), changed people, and
    how many rows already match the registry."""
    changes = _Changes()
    now = utc_now()
    for line in placement.lines:
        id_hash = id_hashes[line.row]
        household_id = placement.household_of[line.row]
        phone_hash = cipher.blind_index(line.phone) if line.phone else None
        before = existing.get(id_hash)
        if before is None:
            person_id = ordered_id()
            changes.new_people.append(
                {
                    "id": person_id,
                    "community_id": community_id,
                    "household_id": household_id,
                    "name": line.name,
                    "relation": line.relation,
                    "id_number_enc": cipher.encrypt(line.id_number),
                    "id_number_hash": id_hash,
                    "phone_enc": cipher.encrypt(line.phone) if line.phone else None,
                    "phone_hash": phone_hash,
                    "birth_date": line.birth_date,
                    "lives_alone": line.flags.get("lives_alone", False),
                    "chronic_illness": line.flags.get("chronic_illness", False),
                    "disability": line.flags.get("disability", False),
                    "pregnant": line.flags.get("pregnant", False),
                    "created_at": now,
                }
            )
            changes.new_keys.append((person_id, community_id, line.name))
            continue
        after = dict(before)
        after.update(household_id=household_id, name=line.name, relation=line.relation)
        after["birth_date"] = line.birth_date
        after.update(line.flags)
        if phone_hash is not None and phone_hash != before["phone_hash"]:
            after["phone_hash"], after["phone_enc"] = phone_hash, cipher.encrypt(line.phone or "")
        if after == before:
            changes.unchanged += 1
            continue
        changes.changed_people.append({"person_id": before["id"], **after})
        if after["name"] != before["name"]:
            changes.rekeyed.append((before["id"], community_id, line.name))
    return changes


async def _write(session: AsyncSession, placement: Placement, changes: _Changes) -> None:
    await repository.insert_many(session, Compound, placement.new_compounds)
    await repository.insert_many(session, Building, placement.new_buildings)
    await repository.insert_many(session, Household, placement.new_households)
    await repository.insert_many(session, Person, changes.new_people)
    await insert_search_keys(session, changes.new_keys)
    await repository.update_people(session, changes.changed_people)
    await write_search_keys(session, changes.rekeyed)
