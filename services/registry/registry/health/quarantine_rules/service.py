"""A community's quarantine rules: default length (here), fever threshold (its gate rule), and
the time zone that decides what "this morning" means."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.ext.asyncio import AsyncSession

from registry.config import get_settings
from registry.health.quarantine_rules import repository
from registry.health.quarantine_rules.errors import ThresholdForAdministrators
from registry.health.quarantine_rules.models import DEFAULT_QUARANTINE_DAYS, QuarantineRule
from registry.health.quarantine_rules.schemas import QuarantineRuleRead, QuarantineRuleUpdate
from registry.residents.communities.errors import CommunityNotFound
from shouhu_common.identity import Principal, Role

DEFAULT_ZONE = "Asia/Shanghai"


@dataclass(frozen=True, slots=True)
class CommunityRules:
    community_id: uuid.UUID
    default_days: int
    fever_threshold: float
    zone: ZoneInfo
    self_reports_replace_calls: bool
    bulk_change_threshold: int

    def read(self) -> QuarantineRuleRead:
        return QuarantineRuleRead(
            community_id=self.community_id,
            default_days=self.default_days,
            fever_threshold=self.fever_threshold,
            time_zone=self.zone.key,
            self_reports_replace_calls=self.self_reports_replace_calls,
            bulk_change_threshold=self.bulk_change_threshold,
        )


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


async def rules_for(session: AsyncSession, community_id: uuid.UUID) -> CommunityRules:
    """Defaults (14 days, 37.3 °C, Asia/Shanghai) wherever the community set nothing."""
    community = await repository.get_community(session, community_id)
    rule = await repository.get_rule(session, community_id)
    return CommunityRules(
        community_id=community_id,
        default_days=rule.default_days if rule else DEFAULT_QUARANTINE_DAYS,
        fever_threshold=await repository.fever_threshold(session, community_id),
        zone=_zone(community.timezone if community else DEFAULT_ZONE),
        self_reports_replace_calls=rule.self_reports_replace_calls if rule else False,
        bulk_change_threshold=(
            rule.bulk_change_threshold
            if rule and rule.bulk_change_threshold
            else get_settings().bulk_change_threshold
        ),
    )


async def _visible_community(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID
) -> None:
    if not principal.in_community(community_id):
        raise CommunityNotFound()
    if await repository.get_community(session, community_id) is None:
        raise CommunityNotFound()


async def get_rules(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID
) -> QuarantineRuleRead:
    await _visible_community(session, principal, community_id)
    return (await rules_for(session, community_id)).read()


async def set_rules(
    session: AsyncSession,
    principal: Principal,
    community_id: uuid.UUID,
    change: QuarantineRuleUpdate,
) -> QuarantineRuleRead:
    """A new length applies to quarantines created from now on; open ones keep their planned
    end. Whether self-reports stand for calls applies from now on, to the due list."""
    await _visible_community(session, principal, community_id)
    rule = await repository.get_rule(session, community_id)
    if rule is None:
        rule = QuarantineRule(
            community_id=community_id,
            default_days=DEFAULT_QUARANTINE_DAYS,
            self_reports_replace_calls=False,
        )
        session.add(rule)
    wanted = change.bulk_change_threshold
    if wanted is not None and wanted != rule.bulk_change_threshold:
        if principal.role != Role.admin:
            raise ThresholdForAdministrators()
        rule.bulk_change_threshold = wanted
    if change.default_days is not None:
        rule.default_days = change.default_days
    if change.self_reports_replace_calls is not None:
        rule.self_reports_replace_calls = change.self_reports_replace_calls
    rule.updated_by = principal.subject
    await session.commit()
    return (await rules_for(session, community_id)).read()
