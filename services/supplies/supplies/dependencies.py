"""Supplies-wide dependencies: settings-derived values the services take as plain arguments."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from fastapi import Request

from supplies.config import SuppliesSettings
from supplies.delivery_rounds.service import RoundDefaults


def get_settings(request: Request) -> SuppliesSettings:
    settings: SuppliesSettings = request.app.state.settings
    return settings


# The dependencies are `async` although they await nothing: FastAPI runs a plain `def` dependency
# in its thread pool, a thread hop on every request (see shouhu_common.auth.require).
async def get_zone(request: Request) -> ZoneInfo:
    return ZoneInfo(get_settings(request).time_zone)


async def get_round_defaults(request: Request) -> RoundDefaults:
    settings = get_settings(request)
    return RoundDefaults(
        zone=ZoneInfo(settings.time_zone),
        times=tuple(t.strip() for t in settings.round_times.split(",") if t.strip()),
        cutoff_minutes=settings.round_cutoff_minutes,
        capacity_per_partner=settings.round_capacity_per_partner,
    )
