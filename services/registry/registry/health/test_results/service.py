"""Applying results to tubes, from a staff import (a sheet) or a lab's post, and what a positive
or invalid tube sets off: its people on the round's re-test list, their buildings on its watch.

Both paths check every line first and write nothing unless all are clean: an unknown tube, a tube
named twice, an unreadable result, or a result that contradicts the one a tube already has.
A tube that already has the same result is left as it is, so a sheet or post applied twice
changes nothing."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import anyio
from sqlalchemy.ext.asyncio import AsyncSession

from registry.health.sampling.models import SampleTube, TubeResult
from registry.health.test_results import repository
from registry.health.test_results.announce import StateRefresher, results_applied
from registry.health.test_results.errors import LabResultsRejected, NotALab, RoundNotFound
from registry.health.test_results.models import RetestEntry, WatchedBuilding
from registry.health.test_results.schemas import (
    MAX_PROBLEMS,
    LabResultsAccepted,
    LabResultsPost,
    ResultProblem,
    ResultsReport,
    SetOff,
)
from registry.health.test_results.sheet import ResultLine, read_sheet
from registry.health.testing_rounds.models import TestingRound
from registry.residents.audit.repository import add_audit_event
from shouhu_common.clock import utc_now
from shouhu_common.identity import Principal, Role

LAB_KIND = "lab"
CLOCK_SKEW = timedelta(minutes=5)
FLAGGED = (TubeResult.positive, TubeResult.invalid)
RESULT_ZH = {TubeResult.negative: "阴性", TubeResult.positive: "阳性", TubeResult.invalid: "无效"}


@dataclass(frozen=True, slots=True)
class Line:
    row: int
    barcode: str
    result: TubeResult | None
    raw: str = ""
    at: datetime | None = None  # when tested; None: now


@dataclass
class Checked:
    to_set: list[tuple[SampleTube, Line]] = field(default_factory=list)
    unchanged: int = 0
    problems: list[ResultProblem] = field(default_factory=list)


async def visible_round(
    session: AsyncSession, principal: Principal, round_id: uuid.UUID
) -> TestingRound:
    found = await repository.get_round(session, round_id)
    if found is None or not principal.in_community(found.community_id):
        raise RoundNotFound()
    return found


async def _check(
    session: AsyncSession,
    community_id: uuid.UUID,
    lines: Sequence[Line],
    round_id: uuid.UUID | None,
    now: datetime,
) -> Checked:
    checked = Checked()
    tubes = await repository.tubes_by_barcode(
        session, community_id, sorted({line.barcode for line in lines if line.barcode})
    )
    first_row: dict[str, int] = {}

    def problem(line: Line, message: str) -> None:
        checked.problems.append(ResultProblem(row=line.row, barcode=line.barcode, message=message))

    for line in lines:
        tube = tubes.get(line.barcode)
        if not line.barcode:
            problem(line, "管码为空")
        elif line.barcode in first_row:
            problem(line, f"管码重复（与第{first_row[line.barcode]}行相同）")
        elif tube is None:
            problem(line, "未找到该管码（不是本社区登记的采样管）")
        elif round_id is not None and tube.round_id != round_id:
            problem(line, "该管码不属于本轮核酸")
        if line.barcode:
            first_row.setdefault(line.barcode, line.row)
        if line.result is None:
            problem(line, f"无法识别的结果“{line.raw}”，应为 阴性 / 阳性 / 无效")
        if line.at is not None and line.at > now + CLOCK_SKEW:
            problem(line, "检测时间晚于当前时间")
        if tube is None or line.result is None or first_row[line.barcode] != line.row:
            continue
        if tube.result is None:
            checked.to_set.append((tube, line))
        elif tube.result == line.result:
            checked.unchanged += 1
        else:
            problem(
                line,
                f"该管已有结果“{RESULT_ZH[TubeResult(tube.result)]}”，"
                f"与本次“{RESULT_ZH[line.result]}”不一致，请与检测机构核实",
            )
    checked.problems.sort(key=lambda p: p.row)
    return checked


async def _set_off(session: AsyncSession, flagged: list[SampleTube], write: bool) -> SetOff:
    """Re-test entries and watched buildings for newly positive or invalid tubes (a person or
    building already listed in the round stays as it was)."""
    swabbed = await repository.swabbed_in(session, [t.id for t in flagged])
    listed = await repository.already_listed(session, {t.round_id for t in flagged})
    community = {t.id: t.community_id for t in flagged}
    retests: dict[tuple[uuid.UUID, uuid.UUID], dict[str, object]] = {}
    households: set[tuple[uuid.UUID, uuid.UUID]] = set()
    buildings: dict[tuple[uuid.UUID, uuid.UUID], dict[str, object]] = {}
    now = utc_now()
    for s in swabbed:
        if (s.round_id, s.person_id) not in listed.people:
            retests.setdefault(
                (s.round_id, s.person_id),
                {
                    "id": uuid.uuid4(),
                    "community_id": community[s.tube_id],
                    "round_id": s.round_id,
                    "source_tube_id": s.tube_id,
                    "person_id": s.person_id,
                    "household_id": s.household_id,
                    "building_id": s.building_id,
                    "created_at": now,
                },
            )
            if (s.round_id, s.household_id) not in listed.households:
                households.add((s.round_id, s.household_id))
        if (s.round_id, s.building_id) not in listed.buildings:
            buildings.setdefault(
                (s.round_id, s.building_id),
                {
                    "community_id": community[s.tube_id],
                    "round_id": s.round_id,
                    "building_id": s.building_id,
                    "first_tube_id": s.tube_id,
                    "since": now,
                },
            )
    if write:
        await repository.add_ignoring_existing(session, RetestEntry, list(retests.values()))
        await repository.add_ignoring_existing(session, WatchedBuilding, list(buildings.values()))
    return SetOff(
        positive_tubes=sum(t.result == TubeResult.positive for t in flagged),
        invalid_tubes=sum(t.result == TubeResult.invalid for t in flagged),
        retests_added=len(retests),
        households_listed=len(households),
        buildings_watched=len(buildings),
    )


async def _apply(
    session: AsyncSession, checked: Checked, source: str, now: datetime, write: bool
) -> SetOff:
    flagged: list[SampleTube] = []
    for tube, line in checked.to_set:
        if write:
            tube.result, tube.result_at, tube.result_source = line.result, line.at or now, source
        if line.result in FLAGGED:
            flagged.append(tube if write else _as_if(tube, line))
    if write:
        await session.flush()
    return await _set_off(session, flagged, write)


def _as_if(tube: SampleTube, line: Line) -> SampleTube:
    return SampleTube(
        id=tube.id, community_id=tube.community_id, round_id=tube.round_id, result=line.result
    )


async def import_results(
    session: AsyncSession,
    refresher: StateRefresher,
    principal: Principal,
    round_id: uuid.UUID,
    *,
    filename: str,
    data: bytes,
    dry_run: bool,
    request_id: str = "",
) -> ResultsReport:
    testing_round = await visible_round(session, principal, round_id)
    sheet: list[ResultLine] = await anyio.to_thread.run_sync(read_sheet, filename, data)
    lines = [Line(s.row, s.barcode, s.result, s.raw_result) for s in sheet]
    now = utc_now()
    checked = await _check(session, testing_round.community_id, lines, round_id, now)
    write = not dry_run and not checked.problems
    set_off = await _apply(session, checked, f"import:{principal.subject}"[:100], now, write)
    if write:
        if checked.to_set:
            await results_applied(session, testing_round.community_id)
        add_audit_event(
            session,
            principal,
            "import_test_results",
            "testing_round",
            str(round_id),
            f"{filename[:120]}: {len(checked.to_set)} set, {set_off.positive_tubes} positive",
            request_id,
        )
        await session.commit()
        if checked.to_set:
            await refresher.refresh_community(testing_round.community_id)
    else:
        await session.rollback()
    return ResultsReport(
        dry_run=dry_run,
        applied=write,
        rows=len(lines),
        results_set=len(checked.to_set),
        unchanged=checked.unchanged,
        problems=checked.problems[:MAX_PROBLEMS],
        problems_truncated=len(checked.problems) > MAX_PROBLEMS,
        set_off=set_off,
    )


def lab_partner(principal: Principal) -> uuid.UUID:
    """The lab behind the key: checked here again, whatever the gateway let through."""
    if (
        principal.role != Role.partner
        or principal.partner_kind != LAB_KIND
        or principal.partner_id is None
        or len(principal.community_ids) != 1
    ):
        raise NotALab("this key does not belong to a lab partner")
    return principal.partner_id


async def post_lab_results(
    session: AsyncSession, refresher: StateRefresher, principal: Principal, body: LabResultsPost
) -> LabResultsAccepted:
    partner_id = lab_partner(principal)
    community_id = principal.community_ids[0]
    lines = [
        Line(n, r.barcode.strip(), r.result, r.result.value, r.tested_at)
        for n, r in enumerate(body.results, start=1)
    ]
    now = utc_now()
    checked = await _check(session, community_id, lines, None, now)
    if checked.problems:
        await session.rollback()
        raise LabResultsRejected(
            f"{len(checked.problems)} of {len(lines)} results are wrong; none was applied",
            problems=[p.model_dump() for p in checked.problems],
        )
    set_off = await _apply(session, checked, f"lab:{partner_id}", now, write=True)
    if checked.to_set:
        await results_applied(session, community_id)
    await session.commit()
    if checked.to_set:
        await refresher.refresh_community(community_id)
    return LabResultsAccepted(
        results_set=len(checked.to_set), unchanged=checked.unchanged, set_off=set_off
    )
