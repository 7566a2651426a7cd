"""The role → permission table, as data, in one place.

The gateway reads it to document routes; every service checks it again on each route through
`require(permission)`. `tests/test_route_roles.py` walks every route × role against it.
"""

from __future__ import annotations

from enum import StrEnum

from shouhu_common.identity import Role


class Permission(StrEnum):
    communities_read = "communities:read"
    communities_write = "communities:write"
    households_read = "households:read"
    households_write = "households:write"
    personal_data_full = "personal_data:full"
    partners_read = "partners:read"
    partners_write = "partners:write"
    partner_self = "partner:self"
    accounts_manage = "accounts:manage"
    access_codes_issue = "access_codes:issue"
    own_household_read = "own_household:read"


_ALL_STAFF = {Role.admin, Role.staff, Role.grid_worker, Role.gate_volunteer, Role.officer}

ROLE_PERMISSIONS: dict[Permission, frozenset[Role]] = {
    Permission.communities_read: frozenset(_ALL_STAFF),
    Permission.communities_write: frozenset({Role.admin}),
    Permission.households_read: frozenset({Role.admin, Role.staff, Role.grid_worker}),
    Permission.households_write: frozenset({Role.admin, Role.staff}),
    Permission.personal_data_full: frozenset({Role.admin, Role.staff}),
    Permission.partners_read: frozenset(
        {Role.admin, Role.staff, Role.grid_worker, Role.officer, Role.resident}
    ),
    Permission.partners_write: frozenset({Role.admin, Role.staff}),
    Permission.partner_self: frozenset({Role.partner}),
    Permission.accounts_manage: frozenset({Role.admin}),
    Permission.access_codes_issue: frozenset({Role.admin, Role.staff}),
    Permission.own_household_read: frozenset({Role.resident}),
}


def allows(role: Role, permission: Permission) -> bool:
    return role in ROLE_PERMISSIONS[permission]
